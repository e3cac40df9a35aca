from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from certificates.selectors import VIEWER_HOOK
from certificates.viewsets import ReadOnlyPermissionPolicy

from .access import authorities_of
from .models import CheckRecord, Licence
from .viewsets import CheckRecordViewSet

register_permission_policy(CheckRecord, ReadOnlyPermissionPolicy(CheckRecord))


@hooks.register("register_admin_viewset")
def register_check_records():
    return CheckRecordViewSet("training_checks")


@hooks.register(VIEWER_HOOK)
def officers_see_their_drivers_certificates(user, certificate):
    return Licence.objects.filter(
        membership__user_id=certificate.learner_id, authority__in=authorities_of(user)
    ).exists()


@hooks.register("your_training_links")
def link_to_your_licence(user):
    if (
        user.job_roles.filter(slug="taxi-private-hire-driver").exists()
        or Licence.objects.filter(membership__user=user).exists()
    ):
        return (_("Your licence, and who has checked your training"), reverse("licensing:your_licence"))
    return None


@hooks.register("your_training_links")
def link_to_licensing(user):
    if authorities_of(user).exists():
        return (_("Check drivers' training (licensing)"), reverse("licensing:authorities"))
    return None


# API keys for licensing authorities' systems (licensing/api_key_views.py).
from . import api_key_views, api_keys  # noqa: E402


@hooks.register("register_admin_urls")
def register_api_key_urls():
    return api_key_views.admin_urls()


@hooks.register("register_admin_menu_item")
def register_api_keys_menu_item():
    return api_key_views.menu_item()


@hooks.register("register_log_actions")
def register_api_key_log_actions(actions):
    actions.register_action(api_keys.ISSUE_ACTION, "Issue API key", "API key issued")
    actions.register_action(api_keys.REVOKE_ACTION, "Revoke API key", "API key revoked")


# Share codes, training from other providers and renewal-aware refreshers
# (licensing/sharing.py, licensing/external.py, licensing/renewal.py).
from courses.selectors import TASK_NOTES_HOOK  # noqa: E402
from organisations.access import managed_organisations  # noqa: E402
from organisations.choices import OrganisationKind  # noqa: E402
from organisations.compliance import EXTRA_EXPIRIES_HOOK  # noqa: E402

from . import external, renewal  # noqa: E402

hooks.register(EXTRA_EXPIRIES_HOOK, external.external_expiries)
hooks.register(TASK_NOTES_HOOK, external.external_task_notes)
hooks.register(TASK_NOTES_HOOK, renewal.renewal_task_notes)


@hooks.register("your_training_links")
def link_to_share_codes(user):
    if user.job_roles.filter(slug="taxi-private-hire-driver").exists() or user.share_codes.exists():
        return (_("Share your training with a taxi operator or employer"), reverse("licensing:share_codes"))
    return None


@hooks.register("your_training_links")
def link_to_share_code_check(user):
    if managed_organisations(user).exclude(kind=OrganisationKind.LICENSING_AUTHORITY).exists():
        return (_("Check a driver's share code"), reverse("licensing:share_code_organisations"))
    return None


@hooks.register("register_log_actions")
def register_external_training_log_actions(actions):
    actions.register_action(
        external.RECORD_ACTION, "Record training from another provider", "Training from another provider recorded"
    )
    actions.register_action(
        external.WITHDRAW_ACTION, "Withdraw training from another provider", "Training from another provider withdrawn"
    )


# Each licensing authority's policy on renewal-aware refreshers (licensing/renewal.py).
from wagtail.admin.viewsets.model import ModelViewSet  # noqa: E402

from .models import LicensingPolicy  # noqa: E402


class LicensingPolicyViewSet(ModelViewSet):
    """Administrators set, for each licensing authority, whether training must be valid on the licence
    renewal date and how far ahead drivers are flagged and told. No row means the defaults."""

    model = LicensingPolicy
    icon = "cog"
    menu_label = "Licensing policies"
    add_to_settings_menu = True
    form_fields = ["authority", "require_valid_at_renewal", "renewal_window_days"]
    copy_view_enabled = False
    list_display = ["authority", "require_valid_at_renewal", "renewal_window_days"]
    list_filter = ["require_valid_at_renewal"]


@hooks.register("register_admin_viewset")
def register_licensing_policies():
    return LicensingPolicyViewSet("licensing_policies")
