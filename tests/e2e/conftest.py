"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Every test under tests/e2e is marked `e2e` (the root conftest skips them, with the reason, when
/usr/bin/chromium is absent) and runs on a committed, transactional database that is restored
afterwards (the live server answers from another thread, so nothing can stay in a test transaction).

Each test gets a fresh browser context, 320 CSS pixels wide unless the test parametrises
`viewport_width`. Every document the page loads must be scanned by axe-core (`pages.py` does it on
arrival); the `page` fixture fails the test if one was not, or if the server answered 5xx or the page
raised a JavaScript error.
"""

from pathlib import Path

import pytest

from .accessibility import DOCUMENT_ID_SCRIPT, SCANNED_DOCUMENTS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
E2E_DIR = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark everything in tests/e2e `e2e` before the root conftest decides what to skip."""
    for item in items:
        if Path(item.path).resolve().is_relative_to(E2E_DIR):
            if not item.get_closest_marker("e2e"):
                item.add_marker(pytest.mark.e2e)
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    """The sync Playwright API keeps an event loop running in the test thread, and Django refuses
    ORM calls from a thread with a running loop unless told that this is deliberate. Only for these
    tests: elsewhere the refusal still catches real mistakes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser():
    """One chromium for all the browser tests. Package scope, which is the whole of tests/e2e: the
    Playwright event loop stops when the last browser test is done, so the tests collected after
    these (tests/licensing, tests/quizzes, ...) run in a thread without a running event loop."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per thread, but per context (asgiref) once an event loop runs in
    # the thread. Without this, the test thread would open a second connection once Playwright
    # starts: one without the serialized contents that `serialized_rollback` restores from, and not
    # the one the live server shares for SQLite's in-memory database.
    test_thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in test_thread_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def viewport_width():
    """Phone width (WCAG reflow) by default; parametrise `viewport_width` for a desktop run."""
    return 320


@pytest.fixture
def context(browser, live_server, viewport_width):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": viewport_width, "height": 800},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, live_server):
    loaded = []  # (document id, url) for every top-level document the browser loaded
    problems = []
    context.expose_function("__e2eDocumentLoaded", lambda document_id, url: loaded.append((document_id, url)))
    context.add_init_script(DOCUMENT_ID_SCRIPT)

    def note_server_error(response):
        if response.status >= 500 and response.url.startswith(live_server.url):
            problems.append(f"{response.status} from {response.request.method} {response.url}")

    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
    page.on("response", note_server_error)
    yield page
    if not page.is_closed():
        page.evaluate("0")  # let any last page notifications arrive
    not_scanned = [url for document_id, url in loaded if document_id not in SCANNED_DOCUMENTS]
    assert not not_scanned, f"pages loaded but never checked with axe-core: {not_scanned}"
    assert not problems, "\n".join(problems)
