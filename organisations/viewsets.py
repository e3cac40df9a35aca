from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Organisation, RoleRequirement


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    form_fields = ["name", "kind", "contact_email", "contact_phone", "extra_courses"]


class RoleRequirementViewSet(ModelViewSet):
    model = RoleRequirement
    icon = "tick"
    menu_label = "Required training"
    list_display = ["job_role", "course"]
    form_fields = ["job_role", "course"]


class OrganisationsGroup(ViewSetGroup):
    menu_label = "Organisations"
    menu_icon = "group"
    menu_order = 230
    items = (OrganisationViewSet("organisation_records"), RoleRequirementViewSet("required_training"))
