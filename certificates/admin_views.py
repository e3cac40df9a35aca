from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from . import codes, services
from .forms import CheckForm, RevokeForm
from .models import Certificate


def revoke(request):
    """Find a certificate by its code and withdraw it, with a reason (recorded in the audit log)."""
    if not request.user.has_perm("certificates.revoke_certificate"):
        raise PermissionDenied
    entered = request.POST.get("code") or request.GET.get("code")
    lookup = CheckForm({"code": entered}) if entered else CheckForm()
    certificate = None
    if entered and lookup.is_valid():
        certificate = Certificate.objects.select_related("course").filter(
            code=codes.normalise(lookup.cleaned_data["code"]) or ""
        ).first()
        if certificate is None:
            lookup.add_error("code", "No certificate has this code.")
    form = RevokeForm(request.POST if request.method == "POST" and certificate else None)
    if certificate and request.method == "POST" and form.is_valid():
        services.certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Certificate {certificate.display_code} is revoked. The holder has been told.")
        return redirect("certificates_admin:revoke")
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {"lookup": lookup, "certificate": certificate, "form": form,
         "status": certificate.status_on(timezone.localdate()) if certificate else None},
    )
