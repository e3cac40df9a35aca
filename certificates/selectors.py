from django.http import Http404
from django.utils import timezone
from wagtail import hooks

from . import codes
from .models import Certificate

VIEWER_HOOK = "can_view_certificate"


def can_view(user, certificate):
    """The holder; staff allowed to see certificates; and anyone a later app vouches for (managers
    of the holder's organisation, licensing officers) through the `can_view_certificate` hook."""
    if not user.is_authenticated:
        return False
    if certificate.learner_id == user.pk or user.has_perm("certificates.view_certificate"):
        return True
    return any(check(user, certificate) for check in hooks.get_hooks(VIEWER_HOOK))


def certificate_for_viewer(user, public_id):
    """The certificate if this user may see it; a 404 otherwise, as if it did not exist."""
    certificate = (
        Certificate.objects.select_related("course", "learner").filter(public_id=public_id).first()
    )
    if certificate is None or certificate.holder_removed or not can_view(user, certificate):
        raise Http404
    return certificate


def certificates_of(user):
    return list(Certificate.objects.filter(learner=user).select_related("course").order_by("-issued_on", "-pk"))


def verification(entered_code, today=None):
    """What the public check says about a code: the same shape, and one indexed lookup, whether or
    not the code exists, so the answer gives nothing away to someone guessing."""
    today = today or timezone.localdate()
    code = codes.normalise(entered_code)
    certificate = Certificate.objects.select_related("course").filter(code=code or "").first()
    if certificate is None:
        return {"status": "not_found"}
    result = {
        "status": certificate.status_on(today),
        "code": certificate.display_code,
        "name": certificate.name_as_printed,
        "course": certificate.course.title,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
    }
    if certificate.holder_removed:
        # The holder closed their account or was removed after the retention period: the certificate
        # still checks, but nobody's name is given.
        result.update(name=None, holder_removed=True)
    return result
