from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from eyesandears.core.models import CouncilSettings

from . import selectors
from .leaflet import facts_from, leaflet_pdf


@require_safe
def what_i_saw(request):
    """The note is kept in the visitor's own browser by outreach/what_i_saw.js: this view only ever
    serves the empty page, and nothing typed on it comes back here."""
    return render(request, "outreach/what_i_saw.html")


@require_safe
@cache_control(public=True, max_age=10 * 60)
def parents_leaflet(request):
    council = CouncilSettings.for_request(request)
    home = selectors.parents_home()
    more_url = absolute(home.get_url(request) if home is not None else "/")
    response = HttpResponse(leaflet_pdf(facts_from(council, more_url)), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="parents-and-carers-leaflet.pdf"'
    return response


def absolute(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
