from wagtail.snippets.models import register_snippet

from .glossary import GlossaryTermViewSet
from .viewsets import JobRoleViewSet

register_snippet(JobRoleViewSet)
register_snippet(GlossaryTermViewSet)
