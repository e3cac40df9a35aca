from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .glossary import GlossaryTermViewSet
from .viewsets import JobRoleViewSet, TranslationReviewViewSet

register_snippet(JobRoleViewSet)
register_snippet(GlossaryTermViewSet)


@hooks.register("register_admin_viewset")
def register_translation_review_viewset():
    return TranslationReviewViewSet("translation_reviews")
