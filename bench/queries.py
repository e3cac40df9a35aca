"""SQL queries per request for the organisation pages, counted in-process.

Run by bench/run.py with the server's production settings and the bench database (Redis cache),
after bench/prepare.py has made the 5,000-person organisation and before the server starts. Each
path is requested through django.test.Client as the organisation's manager (force_login: the same
signed-in session the server sees after the real sign-in, authenticator step included), with the
whole middleware stack, under CaptureQueriesContext. The first request of each path warms the
caches and is reported apart (`first_queries`); then RUNS requests are counted and timed, which is
what every request of wrk's run costs.

Usage: queries.py <manager e-mail> <path> [<path> ...]. Prints one line
`BENCH_QUERIES {json}`: for each path its status, bytes, queries and the time in this process.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 3
SQL_CHARS = 160  # each query's SQL, cut short (an IN list of 5,000 ids is long)


def counted(client, path):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        ms = (time.perf_counter() - started) * 1000
    return response, body, ms, queries.captured_queries


def measure(client, path):
    response, _, _, first = counted(client, path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code} in-process (to {response.get('Location')})")
    runs = [counted(client, path) for _ in range(RUNS)]
    counts = {len(captured) for _, _, _, captured in runs}
    response, body, _, captured = runs[-1]
    return {
        "status": response.status_code,
        "content_type": response["Content-Type"],
        "bytes": len(body),
        "first_queries": len(first),
        "queries": max(counts),
        "queries_vary": len(counts) > 1,
        "median_ms": round(statistics.median(ms for _, _, ms, _ in runs), 1),
        "runs": RUNS,
        "sql": [query["sql"][:SQL_CHARS] for query in captured],
    }


def main():
    email, *paths = sys.argv[1:]
    manager = get_user_model().objects.get(email=email)
    client = Client(SERVER_NAME="localhost")  # one of the production settings' ALLOWED_HOSTS
    client.force_login(manager)
    report = {"login": email, "pages": {path: measure(client, path) for path in paths}}
    print("BENCH_QUERIES " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
