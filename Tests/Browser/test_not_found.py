"""404.html at any depth, as GitHub Pages and `portal serve` send it for a missing address.

Servers send the site's 404.html for every missing address, /portal/x/y/z/missing/ as well as
/portal/missing, so the page must be styled, its scripts must run and its links must work
wherever it is shown. Three sites are tried:

* built with a base URL (run.sh's site): links start from the site's path on the server;
* built without one: served at the server root and under a prefix, where the page's one inline
  script (allowed by its hash) finds the site's root and repoints the page;
* `portal serve`, which serves its own 404.html for missing addresses.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from conftest import PREFIX, PrefixHandler, wait

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("PORTAL_BINARY")
DEPTHS = ["missing", "missing/", "tutorials/no-such-tutorial/", "x/y/z/missing/", "x/y/z/missing/index.html"]


class NotFoundHandler(PrefixHandler):
    """Serves a site folder under `prefix`, and its 404.html (status 404) for any missing file
    under it, as GitHub Pages does; `prefix` is set per server."""

    prefix = PREFIX

    def _inside(self) -> bool:
        return urlsplit(self.path).path.startswith(self.prefix)

    def translate_path(self, path):
        rest = urlsplit(path).path[len(self.prefix) - 1:]
        return super(PrefixHandler, self).translate_path(rest)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()
        if (path.is_dir() and (path / "index.html").is_file()) or path.is_file():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO
        return BytesIO(body)


def serve(folder: Path, prefix: str):
    handler = type("Handler", (NotFoundHandler,), {"prefix": prefix})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    return httpd, f"http://{host}:{port}{prefix}"


@pytest.fixture(scope="module")
def unaddressed_site(tmp_path_factory) -> Path:
    """The repository's site built without a base URL."""
    if not BINARY:
        pytest.skip("PORTAL_BINARY is not set (run Tests/Browser/run.sh)")
    output = tmp_path_factory.mktemp("unaddressed") / "site"
    subprocess.run([BINARY, "build", "--content", "content", "--templates", "templates", "--output", str(output)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return output


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_not_found_page(driver, url: str):
    """The 404 page at `url` is styled, its search box started, and every link reaches a file."""
    driver.get(url)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Page not found"
    styled = ("var s = document.querySelector('link[rel=stylesheet][href$=\"assets/style.css\"]');"
              "try { return !!(s && s.sheet && s.sheet.cssRules.length > 100); } catch (e) { return false; }")
    wait(driver, lambda d: d.execute_script(styled), f"the 404 page at {url} is not styled")
    wait(driver, lambda d: d.execute_script("return !document.querySelector('[data-site-search]').hidden"),
         f"the search box did not start on the 404 page at {url}")
    # The skip link and the like stay on the page; every other link must lead to a file.
    links = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('a[href]'), function (a) {"
        " return [a.getAttribute('href'), a.href]; })")
    assert links, url
    for written, resolved in links:
        assert written, f"an empty link on the 404 page at {url}"
        if written.startswith("#") or urlsplit(resolved).netloc != urlsplit(url).netloc:
            continue
        assert status(resolved.split("#")[0]) == 200, f"{written} on the 404 page at {url} leads to {resolved}, which is missing"


@pytest.mark.parametrize("path", DEPTHS)
def test_not_found_with_a_base_url(driver, site_folder, path):
    httpd, base = serve(site_folder, PREFIX)
    try:
        assert status(base + path) == 404
        check_not_found_page(driver, base + path)
        assert not driver.find_elements(By.XPATH, "//head/script[not(@src) and not(@type)]"), "no inline script is needed"
    finally:
        httpd.shutdown()


@pytest.mark.parametrize("prefix", ["/", PREFIX])
@pytest.mark.parametrize("path", DEPTHS)
def test_not_found_without_a_base_url(driver, unaddressed_site, prefix, path):
    httpd, base = serve(unaddressed_site, prefix)
    try:
        assert status(base + path) == 404
        check_not_found_page(driver, base + path)
        logs = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry.get("message", "")]
        assert logs == [], logs
    finally:
        httpd.shutdown()


def test_the_inline_script_is_allowed_by_its_hash_only(unaddressed_site, site_folder):
    """Without a base URL, 404.html has one inline script, and its policy names exactly its hash;
    with one, and on every other page, there is none."""
    html = (unaddressed_site / "404.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    script_src = next(part for part in policy.replace("&#39;", "'").split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", f"'sha256-{digest}'"]
    assert "base-uri 'none'" in policy
    for page in [site_folder / "404.html", unaddressed_site / "index.html", unaddressed_site / "tutorials/index.html"]:
        assert "<script>" not in page.read_text(encoding="utf-8"), page
    assert 'href=""' not in html and 'src=""' not in html


def test_not_found_in_the_preview_server(driver, preview):
    _, address = preview
    for path in ["missing", "x/y/z/missing/"]:
        assert status(address + path) == 404
        check_not_found_page(driver, address + path)
