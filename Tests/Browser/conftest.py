"""Fixtures for portal's real-browser tests.

The suite builds nothing itself: it takes a built site from the environment
variable PORTAL_SITE (default /tmp/portal-browser-site; run.sh builds it) and
opens it two ways, as readers do:

* served: a small threaded http.server on 127.0.0.1 (a random free port)
  serves the folder under the prefix /a/b/portal/, like GitHub Pages' sub-path;
* from disk: file:// URLs, where fetch() is blocked.

Every test that takes the `site` fixture runs once for each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

PREFIX = "/a/b/portal/"
REPOSITORY = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("PORTAL_SITE", "/tmp/portal-browser-site")).resolve()
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTAL_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT_SECONDS = 10


class PrefixHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under PREFIX only; every other path is a 404."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".md": "text/markdown; charset=utf-8",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".xml": "application/xml",
    }

    def _inside(self) -> bool:
        return urlsplit(self.path).path.startswith(PREFIX)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if not self._inside():
            self.send_error(404)
            return
        super().do_GET()

    def do_HEAD(self):  # noqa: N802
        if not self._inside():
            self.send_error(404)
            return
        super().do_HEAD()

    def translate_path(self, path):
        rest = urlsplit(path).path[len(PREFIX) - 1:]
        return super().translate_path(rest)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (keep the test output quiet)
        pass


class Site:
    """Addresses of the built site's pages, for one way of opening it."""

    def __init__(self, mode: str, base: str):
        self.mode = mode
        self.base = base

    def url(self, path: str = "index.html") -> str:
        """The address of `path`, relative to the site root (`resources/index.html?type=paper`)."""
        return self.base + path

    def relative(self, url: str) -> str:
        """The part of a full address after the site root."""
        assert url.startswith(self.base), f"{url} is not inside {self.base}"
        return url[len(self.base):]

    def __repr__(self) -> str:
        return f"Site({self.mode})"


def pytest_report_header(config):
    return [f"portal site: {SITE}", f"chromium: {CHROMIUM}, chromedriver: {CHROMEDRIVER}"]


@pytest.fixture(scope="session")
def site_folder() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.exit(f"no built site at {SITE} (set PORTAL_SITE, or run Tests/Browser/run.sh)", returncode=2)
    if not (SITE / "search" / "meta.js").is_file():
        pytest.exit(f"{SITE} has no search/meta.js: build it with a portal that writes the search index", returncode=2)
    return SITE


@pytest.fixture(scope="session")
def server(site_folder):
    handler = partial(PrefixHandler, directory=str(site_folder))
    # run.sh builds with --base-url http://127.0.0.1:8765/a/b/portal/, which the 404 page's addresses
    # use; another free port when that one is taken (then only the 404 page's styles are missing).
    try:
        httpd = ThreadingHTTPServer(("127.0.0.1", 8765), handler)
    except OSError:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="portal-site-server", daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(params=["disk", "served"])
def site(request, site_folder, server) -> Site:
    if request.param == "disk":
        return Site("disk", site_folder.as_uri() + "/")
    return Site("served", server)


def chrome_options(javascript: bool = True) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=en-US",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # The theme scrolls smoothly otherwise, and WebDriver clicks before the scroll ends.
        "--force-prefers-reduced-motion",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return options


def start_chrome(javascript: bool = True) -> webdriver.Chrome:
    driver = webdriver.Chrome(options=chrome_options(javascript), service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = start_chrome()
    yield driver
    driver.quit()


@pytest.fixture
def driver(browser):
    """The session's Chromium, on a blank page with an empty console log and no saved progress."""
    browser.get("about:blank")
    browser.get_log("browser")
    yield browser
    # Forget what this test stored, for both origins it may have used.
    try:
        browser.execute_script("try { localStorage.clear(); } catch (e) {}")
    except Exception:  # noqa: BLE001 (a closed page has nothing to clear)
        pass


@pytest.fixture(scope="session")
def browser_without_js():
    driver = start_chrome(javascript=False)
    yield driver
    driver.quit()


def wait(driver, condition, message: str = "", timeout: float = WAIT_SECONDS):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition, message)


def scripts_ready(driver) -> bool:
    """True once the page has loaded and the deferred scripts have run (the search box shows, and
    the search results page has listed its results)."""
    return bool(driver.execute_script(
        "return document.readyState === 'complete' && "
        "!!document.querySelector('[data-site-search]') && "
        "!document.querySelector('[data-site-search]').hidden && "
        # The search results page has answered its query.
        "(!document.querySelector('[data-search-status]') || "
        "document.querySelector('[data-search-status]').textContent !== '')"
    ))


def open_page(driver, url: str):
    driver.get(url)
    wait(driver, scripts_ready, f"the scripts did not start on {url}")


def severe_logs(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def dump(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.fixture
def preview(tmp_path):
    """`portal serve` on a copy of the repository's content/ and templates/ (the binary from
    PORTAL_BINARY, which run.sh sets): the copy's folder and the server's address."""
    yield from serve(tmp_path)


@pytest.fixture
def preview_with_progress(tmp_path):
    """As `preview`, with every rebuild reporting its progress (`--progress-after 0`)."""
    yield from serve(tmp_path, ["--progress-after", "0"])


def serve(tmp_path, arguments=()):
    if not os.environ.get("PORTAL_BINARY"):
        pytest.skip("PORTAL_BINARY is not set (run Tests/Browser/run.sh)")
    for folder in ("content", "templates"):
        shutil.copytree(REPOSITORY / folder, tmp_path / folder)
    errors = open(tmp_path / "serve.err", "w+", encoding="utf-8")
    process = subprocess.Popen([os.environ["PORTAL_BINARY"], "serve", "--port", "0", "--output", str(tmp_path / "out"), *arguments],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=errors)
    port = None
    deadline = time.time() + 60
    while time.time() < deadline:
        text = (tmp_path / "serve.err").read_text(encoding="utf-8")
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
        if found and "Built" in text:
            port = int(found.group(1))
            break
        time.sleep(0.1)
    assert port, (tmp_path / "serve.err").read_text(encoding="utf-8")
    yield tmp_path, f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=10)
    errors.close()
