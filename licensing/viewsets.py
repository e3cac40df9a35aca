from wagtail.admin.viewsets.model import ModelViewSet

from .models import CheckRecord


class CheckRecordViewSet(ModelViewSet):
    """The council's administrators see every check made (UK GDPR accountability); nobody edits them."""

    model = CheckRecord
    icon = "list-ul"
    menu_label = "Training checks"
    menu_order = 240
    add_to_admin_menu = True
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["checked_at", "authority", "officer", "api_key_name", "entered", "method", "outcome"]
    list_filter = ["method", "outcome", "authority"]
    search_fields = ["entered"]
    list_export = ["checked_at", "authority", "officer", "api_key_name", "driver", "entered", "method", "outcome"]
