"""Prints the query counts that tests/performance/test_query_counts.py measured, one line per page."""

from tests.performance.counts import MEASURED


def pytest_terminal_summary(terminalreporter):
    if not MEASURED:
        return
    width = max(len(row.page) for row in MEASURED)
    terminalreporter.section("queries per request, with a little and with a lot of data")
    for row in MEASURED:
        note = f"  ({row.why})" if row.why else ""
        terminalreporter.write_line(
            f"{row.page.ljust(width)}  {row.few:3d} with {row.small:2d} {row.of}, "
            f"{row.many:3d} with {row.large:2d}{note}"
        )
