"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

In CI (CI=true) a missing Chromium is a failure; on a developer machine without it the browser
tests skip with the reason."""
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Screenshots are taken on every run (rendering is part of the test); they replace the committed ones
# in docs/screenshots/ only with UPDATE_SCREENSHOTS=1, so a test run leaves the work tree clean.
SCREENSHOTS = (os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots")
               if os.environ.get("UPDATE_SCREENSHOTS") else tempfile.mkdtemp(prefix="yishuv-screenshots-"))


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: CI must run the browser tests")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}, "locale": "en-US"}


@pytest.fixture
def login(live_server):
    """`login(page, username, password)` signs in through the real form."""

    def do(page, username, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-form button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do


@pytest.fixture
def screenshot():
    """`screenshot(page, "name")` saves name.png (full page) in SCREENSHOTS."""

    def do(page, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)

    return do
