"""The Wagtail admin's user forms for this user model: a full name in place of first and last."""

from wagtail.users.forms import UserCreationForm, UserEditForm

ADMIN_FIELDS = {"email", "full_name", "preferred_language", "is_superuser", "groups"}


class WagtailUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = ADMIN_FIELDS


class WagtailUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = ADMIN_FIELDS | {"is_active"}
