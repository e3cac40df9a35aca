"""Background jobs timed in-process (not through wrk): the certificate PDF.

Run by bench/run.py with the server's production settings and the bench database, after
bench/prepare.py has issued a certificate, and while nothing else of the benchmark runs:

- `render_certificate_pdf(facts)`, the pure renderer a Celery worker runs, on BENCH_PDF_COUNT (50)
  certificates whose holders' names are in Latin (with accents), Arabic, Urdu and Chinese script.
  The facts are the stored certificate's (the demo council, its logo, the course), with the name and
  the code changed each time. One render per script comes first, unmeasured in the figures but
  reported (`warmup_ms`): a fresh worker process pays for loading fonts then;
- the whole `certificate_render_pdf` service for the stored certificate (database reads, the render,
  the row lock, the write to private storage), BENCH_PDF_SERVICE_RUNS (5) times, its `pdf` field
  cleared before each run.

Usage: jobs.py <certificate id>. Prints one line `BENCH_JOBS {json}`.
"""

import dataclasses
import json
import math
import os
import statistics
import sys
import time

import django

django.setup()

from certificates import codes, services  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from certificates.pdf import family_for, render_certificate_pdf  # noqa: E402

COUNT = int(os.environ.get("BENCH_PDF_COUNT") or 50)
SERVICE_RUNS = int(os.environ.get("BENCH_PDF_SERVICE_RUNS") or 5)

NAMES = {
    "latin": ["Dev Driver", "Zoë Łukasiewicz-Ó Briain", "François Nguyễn", "Siobhán MacGiolla Phádraig"],
    "arabic": ["محمد عبد الله", "فاطمة الزهراء بن علي", "عمر خالد الحسيني"],
    "urdu": ["عائشہ صدیقی", "محمد عمران چوہدری", "زینب گیلانی"],
    "chinese": ["王小明", "李华", "陈静怡"],
}
FAMILY = {"latin": "latin", "arabic": "arabic", "urdu": "arabic", "chinese": "cjk"}  # pdf.family_for's


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, (time.perf_counter() - started) * 1000


def render_pdfs(base):
    def facts_for(name):
        return dataclasses.replace(base, holder_name=name, code=codes.display(codes.new_code()))

    warmup = {}
    for script, names in NAMES.items():
        _, ms = timed(render_certificate_pdf, facts_for(names[0]))
        warmup[script] = round(ms, 1)

    scripts = list(NAMES)
    timings, sizes, by_script = [], [], {script: [] for script in scripts}
    for i in range(COUNT):  # round robin over the scripts, and over the names within each
        script = scripts[i % len(scripts)]
        name = NAMES[script][i // len(scripts) % len(NAMES[script])]
        if family_for(name).script != FAMILY[script]:
            raise SystemExit(f"{name!r} is not set in the {FAMILY[script]} family")
        pdf, ms = timed(render_certificate_pdf, facts_for(name))
        timings.append(ms)
        sizes.append(len(pdf))
        by_script[script].append(ms)
    mean = statistics.fmean(timings)
    return {
        "count": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "mean_ms": round(mean, 1),
        "min_ms": round(min(timings), 1),
        "max_ms": round(max(timings), 1),
        "per_minute_one_worker": round(60000 / mean, 1),
        "median_ms_by_script": {script: round(statistics.median(ms), 1) for script, ms in by_script.items() if ms},
        "median_bytes": int(statistics.median(sizes)),
        "warmup_ms": warmup,
        "names": NAMES,
    }


def render_service(certificate_id):
    timings = []
    for _ in range(SERVICE_RUNS):
        Certificate.objects.filter(pk=certificate_id).update(pdf="")
        certificate, ms = timed(services.certificate_render_pdf, certificate_id=certificate_id)
        if not certificate.pdf or certificate.pdf.size < 1000:
            raise SystemExit(f"certificate_render_pdf stored no PDF for certificate {certificate_id}")
        timings.append(ms)
    return {
        "runs": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "min_ms": round(min(timings), 1),
        "max_ms": round(max(timings), 1),
        "all_ms": [round(ms, 1) for ms in timings],
    }


def main():
    certificate = Certificate.objects.select_related("course").get(pk=int(sys.argv[1]))
    base = services.certificate_facts(certificate)
    report = {
        "certificate_pdf": render_pdfs(base),
        "certificate_render_pdf_service": render_service(certificate.pk),
    }
    print("BENCH_JOBS " + json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
