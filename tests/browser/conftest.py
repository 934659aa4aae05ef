"""Real-browser tests: Playwright driving Debian's Chromium against ``live_server``.

Without Chromium these tests are skipped, with the reason (without the ``playwright``
package they are not collected, as the end of the report says); with
``GOUVERNAIL_BROWSER_TESTS=required`` (set by ``.ci/run``) they fail instead, so CI never
passes without running them. ``GOUVERNAIL_CHROMIUM`` names another executable.
Screenshots go to ``test-output/browser/<test name>/`` at the repository root; the folders
are listed at the end of the report.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from django.db import connections

import pytest

REQUIRED_ENV = "GOUVERNAIL_BROWSER_TESTS"
EXECUTABLE_ENV = "GOUVERNAIL_CHROMIUM"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Playwright's default for every wait and ``expect``, in milliseconds.
TIMEOUT_MS = 15_000

chromium_path = pytest.StashKey[str]()
call_failed = pytest.StashKey[bool]()
screenshot_folders = pytest.StashKey[list[Path]]()


def browser_tests_required() -> bool:
    return os.environ.get(REQUIRED_ENV) == "required"


try:
    import playwright.sync_api  # noqa: F401
except ImportError:
    PLAYWRIGHT_MISSING = True
else:
    PLAYWRIGHT_MISSING = False
# When browser tests are required, importing them fails the run instead.
if PLAYWRIGHT_MISSING and not browser_tests_required():
    collect_ignore_glob = ["test_*.py"]


def find_chromium() -> str:
    """Path of the Chromium to drive; skips the test, or fails it when required, if none."""
    wanted = os.environ.get(EXECUTABLE_ENV, "chromium")
    executable = shutil.which(wanted)
    if executable is None:
        reason = (
            f"Chromium not found: {wanted!r} is not an executable on PATH; install Debian's "
            f"package (apt-get install chromium) or set {EXECUTABLE_ENV} to its path"
        )
        if browser_tests_required():
            pytest.fail(f"{reason} ({REQUIRED_ENV}=required).", pytrace=False)
        pytest.skip(f"{reason}. Set {REQUIRED_ENV}=required to make this a failure.")
    return executable


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Look for Chromium before any fixture (database, live server) is set up."""
    if "browser" in item.fixturenames:
        item.stash[chromium_path] = find_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[call_failed] = report.failed
    return report


def pytest_terminal_summary(terminalreporter, config):
    if PLAYWRIGHT_MISSING and not browser_tests_required():
        terminalreporter.write_line(
            "Browser tests not collected: the playwright package is missing "
            "(pip install -r requirements-dev.txt)."
        )
    for folder in config.stash.get(screenshot_folders, []):
        terminalreporter.write_line(f"Browser screenshots: {folder}")


@pytest.fixture
def screenshots(request) -> Path:
    """An emptied folder for this test's screenshots, listed at the end of the report."""
    folder = request.config.rootpath / "test-output" / "browser" / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    request.config.stash.setdefault(screenshot_folders, []).append(folder)
    return folder


@pytest.fixture
def browser(request, live_server, screenshots, monkeypatch):
    """A headless Chromium; the test may use the ORM while Playwright's loop runs.

    While that loop runs, Django keeps this thread's connections apart (asgiref's ``Local``
    turns into a context variable): the test body gets its own database connection, which
    is closed here, or PostgreSQL refuses to drop the test database at the end. When the
    test fails, every page still open is saved as ``echec-<n>.png``.
    """
    from playwright.sync_api import Error, expect, sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=request.node.stash[chromium_path], args=CHROMIUM_ARGS
        )
        try:
            yield browser
            if request.node.stash.get(call_failed, False):
                pages = [page for context in browser.contexts for page in context.pages]
                for number, page in enumerate(pages, start=1):
                    with contextlib.suppress(Error):
                        page.screenshot(path=screenshots / f"echec-{number}.png", full_page=True)
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def new_session(browser, live_server):
    """Open a fresh browser session (its own cookies), in French, on the live server."""

    def open_session():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    return open_session
