from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Certificate

READ_ONLY_ACTIONS = {"add", "change", "delete"}


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Certificates are made by passing a quiz and changed only by revoking; the admin only lists them."""

    def user_has_permission(self, user, action):
        return action not in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.status_on(timezone.localdate()).capitalize()


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = "Certificates"
    menu_order = 220
    add_to_admin_menu = True
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["display_code", "name_as_printed", "course", "issued_on", "expires_on", StatusColumn("status")]
    search_fields = ["code", "name_as_printed"]
    list_filter = ["issued_on", "expires_on"]
    inspect_view_fields = [
        "name_as_printed",
        "course",
        "job_role",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    ]
