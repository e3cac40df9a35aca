from wagtail.snippets.views.snippets import SnippetViewSet

from .models import JobRole


class JobRoleViewSet(SnippetViewSet):
    model = JobRole
    icon = "group"
    menu_label = "Job roles"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
