import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

TEST_PASSWORD = "a-long-test-passphrase"
# The secret of the authenticator app that test users get (base32, as allauth keeps it).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def give_totp(user, secret=TEST_TOTP_SECRET):
    """An authenticator app for the user, as allauth records one (at most one per user)."""
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": secret}})
    return user


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary e-mail address unless `verified=False` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Staff and superusers get an authenticator app, as the Wagtail admin demands one of everyone
        who can open it. `totp=False` makes staff without one; `totp=True` gives anyone one."""
        wanted = extracted if extracted is not None else (self.is_staff or self.is_superuser)
        if create and wanted:
            give_totp(self)
