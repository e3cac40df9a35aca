from wagtail.snippets.models import register_snippet

from .viewsets import JobRoleViewSet

register_snippet(JobRoleViewSet)
