from django.dispatch import receiver

from quizzes.models import Attempt
from quizzes.services import attempt_passed

from .services import certificate_issue


@receiver(attempt_passed, sender=Attempt, dispatch_uid="certificates.issue_for_passing_attempt")
def issue_certificate_for_pass(sender, attempt, **kwargs):
    certificate_issue(attempt=attempt)
