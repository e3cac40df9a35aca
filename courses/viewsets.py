from django.utils import timezone
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import JobRole, TranslationReview


class JobRoleViewSet(SnippetViewSet):
    model = JobRole
    icon = "group"
    menu_label = "Job roles"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TranslationReviewEditView(EditView):
    def save_instance(self):
        review = self.form.instance
        review.reviewed_at = timezone.now() if review.reviewed else None
        review.reviewed_by = self.request.user if review.reviewed else None
        return super().save_instance()


class TranslationReviewViewSet(ModelViewSet):
    """Editors mark a translation as checked by a qualified translator; until then its pages say it
    is awaiting review."""

    model = TranslationReview
    icon = "doc-full"
    menu_label = "Translation reviews"
    add_to_settings_menu = True
    form_fields = ["reviewed"]
    list_display = ["title", "locale", "reviewed", "reviewed_at", "reviewed_by"]
    list_filter = ["reviewed", "locale"]
    search_fields = ["title"]
    edit_view_class = TranslationReviewEditView
    inspect_view_enabled = False
