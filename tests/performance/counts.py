"""Counting a page's SQL queries with a little data and with a lot, for tests/performance/."""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 3, 30


@dataclass
class Measured:
    page: str
    of: str  # what grows: "learners", "certificates", ...
    small: int
    few: int
    large: int
    many: int
    why: str = ""


MEASURED: list[Measured] = []  # printed at the end of the run (tests/performance/conftest.py)


def queries(client, path, *, method="get", status=200, contains=None, **request):
    """The queries of one request, made after the same request once, so per-process caches (the site's
    root paths, settings, content types) are warm as they are on a running server. `contains`: text the
    answer must hold, so that what is counted is the page meant."""
    send = getattr(client, method)
    finish(send(path, **request))
    with CaptureQueriesContext(connection) as captured:
        response = send(path, **request)
        finish(response)
    assert response.status_code == status, f"{method.upper()} {path} answered {response.status_code}, not {status}"
    if contains is not None:
        assert contains in response.content.decode(), f"{method.upper()} {path} answered without {contains!r}"
    return len(captured)


def finish(response):
    """Read a streamed answer to its end, as a server would send it (the test client closes it then; closing
    it here would send request_finished, which closes the database connection of the test's transaction)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


class Grower:
    """Makes the thing that grows, one at a time: grower(n) brings the number made up to n."""

    def __init__(self, make):
        self.make = make
        self.made = []

    def __call__(self, count):
        while len(self.made) < count:
            self.made.append(self.make(len(self.made)))
        return self.made


def assert_flat(page, of, measure, grow, *, small=SMALL, large=LARGE, allowance=0, why=""):
    """The page's queries (`measure()`) with `small` and then `large` of the thing `grow(n)` makes are the
    same; or, where `allowance` says so, within that many of each other for the reason given in `why`."""
    grow(small)
    few = measure()
    grow(large)
    many = measure()
    MEASURED.append(Measured(page, of, small, few, large, many, why))
    assert abs(many - few) <= allowance, f"{page}: {few} queries with {small} {of}, {many} with {large} {of}"
    return few, many
