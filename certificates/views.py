from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from eyesandears.core.ratelimits import over_limit

from . import selectors, services
from .forms import CheckForm


@login_required
def your_certificates(request):
    certificates = selectors.certificates_of(request.user)
    today = timezone.localdate()
    rows = [(certificate, certificate.status_on(today)) for certificate in certificates]
    return render(request, "certificates/your_certificates.html", {"rows": rows})


@login_required
@never_cache
def detail(request, public_id):
    certificate = selectors.certificate_for_viewer(request.user, public_id)
    check = selectors.verification(certificate.code)
    return render(request, "certificates/detail.html", {"certificate": certificate, "check": check})


@login_required
@never_cache
def download(request, public_id):
    certificate = selectors.certificate_for_viewer(request.user, public_id)
    response = FileResponse(
        services.certificate_pdf_file(certificate),
        as_attachment=True,
        filename=f"certificate-{certificate.display_code}.pdf",
        content_type="application/pdf",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@never_cache
def verify(request, code=None):
    entered = code if code is not None else request.GET.get("code")
    form = CheckForm({"code": entered}) if entered is not None else CheckForm()
    result = None
    if entered is not None and form.is_valid():
        if over_limit(request, group="certificate-check", key="ip", rate=settings.CERTIFICATE_CHECK_RATE):
            if wants_json(request):
                return JsonResponse({"error": "Too many checks. Wait a minute and try again."}, status=429)
            return render(request, "429.html", status=429)
        result = selectors.verification(form.cleaned_data["code"])
    if wants_json(request):
        if result is None:
            return JsonResponse({"error": "Send a certificate code."}, status=400)
        return JsonResponse(result)
    response = render(request, "certificates/verify.html", {"form": form, "result": result})
    response["X-Robots-Tag"] = "noindex"
    return response
