from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import broker_status, database_status


@never_cache
@require_GET
def healthz(request):
    database = database_status()
    body = {"database": database, "broker": broker_status()}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def bench_bare(request):
    """The benchmark's baseline (bench/run.py): routed only when BENCH_BARE_VIEW is on."""
    return HttpResponse("ok", content_type="text/plain")
