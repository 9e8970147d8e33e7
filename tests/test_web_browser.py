"""The web page in a real browser: sliders update the numbers, the share link restores the state, offline.

Starts the real app (``skyrack.web.app:create_app``) with uvicorn on a free loopback port and drives
Debian's chromium through Playwright. Missing chromium or Playwright is a failure, not a skip.
The page runs under the server's Content-Security-Policy (no inline or evaluated script), so the
conditions waited for are functions, which Playwright calls without ``eval``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from webserver import running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT_MS = 15_000
KEY_NUMBERS = ("usd-per-pflop-day-orbit", "usd-per-pflop-day-ground", "cost-ratio", "breakeven-launch", "feasibility")
LAUNCH = 'input[type="range"][data-lever="launch.price_per_kg"]'
LIFETIME = 'input[type="range"][data-lever="mission.lifetime"]'


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port; yields its base URL."""
    with running_server() as base:
        yield base


@pytest.fixture()
def browser() -> Iterator[Any]:
    """Headless chromium; a clear failure when it or Playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - depends on the environment
        pytest.fail(f"Playwright is needed for the browser test (pip install playwright): {error}")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"chromium is needed for the browser test and was not found at {CHROMIUM} (apt install chromium)")
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="skyrack-chromium-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


class Watch:
    """Console errors, page errors and every requested URL of the pages it is attached to."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.urls: list[str] = []

    def attach(self, page: Any) -> Any:
        page.on(
            "console",
            lambda msg: self.errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("request", lambda req: self.urls.append(req.url))
        page.set_default_timeout(TIMEOUT_MS)
        return page

    def foreign(self) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
                out.append(url)
        return out


def _settled(page: Any) -> None:
    """Wait until the first design is on screen and no request is pending."""
    page.wait_for_function(
        "() => document.getElementById('usd-per-pflop-day-orbit').textContent.startsWith('$')"
        " && !document.body.classList.contains('pending')"
    )


def _numbers(page: Any) -> dict[str, str]:
    return {key: (page.locator(f"#{key}").text_content() or "").strip() for key in KEY_NUMBERS}


def _lever(page: Any, selector: str) -> tuple[str, str]:
    """A lever's slider position and the exact value shown next to it."""
    path = selector.split('data-lever="')[1].split('"')[0]
    return page.locator(selector).input_value(), page.locator(f'input[data-lever-value="{path}"]').input_value()


def test_page_sliders_share_link_and_report_offline(server: str, browser: Any, tmp_path: Path) -> None:
    watch = Watch()
    page = watch.attach(browser.new_page())
    page.goto(server + "/")
    _settled(page)
    before = _numbers(page)
    assert before["usd-per-pflop-day-orbit"].startswith("$"), before
    assert page.locator("#feasibility").text_content(), "the feasibility box is empty"
    assert page.evaluate("typeof window.Plotly") == "object", "Plotly did not load from /static/vendor"
    page.wait_for_selector("#chart-mass .main-svg")  # the mass chart is drawn
    with urllib.request.urlopen(server + "/api/levers", timeout=5) as resp:
        levers = json.load(resp)
    assert page.locator('.lever input[type="range"]').count() == len(levers), "one slider per lever"

    # move the launch price to the top of its range with the keyboard: the orbit cost must go up
    page.locator(LAUNCH).focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "o => document.getElementById('usd-per-pflop-day-orbit').textContent !== o",
        arg=before["usd-per-pflop-day-orbit"],
    )
    _settled(page)
    # and a linear lever a few steps up
    page.locator(LIFETIME).focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.hash.includes('mission.lifetime=')")
    _settled(page)
    after = _numbers(page)
    assert after["usd-per-pflop-day-orbit"] != before["usd-per-pflop-day-orbit"]
    launch = _lever(page, LAUNCH)
    lifetime = _lever(page, LIFETIME)
    assert float(launch[1]) > 200, launch  # suncatcher's own launch price is 200 USD/kg
    assert f"launch.price_per_kg={launch[1]}" in page.url
    assert "preset=suncatcher" in page.url

    # the compare view: every preset, with the same levers
    page.get_by_role("tab", name="Compare systems").click()
    page.wait_for_function("() => document.querySelectorAll('#compare-table tbody tr').length >= 7")
    page.wait_for_selector("#chart-compare .main-svg")
    page.wait_for_function("() => location.hash.includes('tab=compare')")

    # the share link (the clipboard may be unavailable headless; the read-only field always has it)
    # (the handler awaits the clipboard: wait for the status it writes, never for a moment)
    page.get_by_role("button", name="Copy share link").click()
    page.wait_for_function("() => document.getElementById('share-status').textContent.trim().length > 0")
    link = page.locator("#share-link").input_value()
    assert link.startswith(server + "/#") and f"launch.price_per_kg={launch[1]}" in link, link

    # the report download
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download report").click()
    assert download.value.suggested_filename == "skyrack-suncatcher.html"
    report = tmp_path / "report.html"
    download.value.save_as(report)
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")

    # the orbit view: ground tracks over the coastlines, the fleet in 3D, the illumination, all drawn
    page.get_by_role("tab", name="Orbit").click()
    page.wait_for_function(
        "() => document.getElementById('orbit-note').textContent.includes('orbital period')", timeout=60_000
    )
    page.wait_for_selector("#chart-ground-tracks .main-svg")
    page.wait_for_selector("#chart-illumination .main-svg")
    page.wait_for_selector("#chart-constellation-3d .gl-container", state="attached")  # WebGL scene
    assert page.locator("#chart-ground-tracks .scatterlayer .trace").count() >= 2  # coastline and a track

    # a fresh page opened on the link restores the exact state
    restored = watch.attach(browser.new_page())
    restored.goto(link)
    _settled(restored)
    restored.wait_for_function("() => document.querySelectorAll('#compare-table tbody tr').length >= 7")
    assert restored.get_by_role("tab", name="Compare systems").get_attribute("aria-selected") == "true"
    assert _lever(restored, LAUNCH) == launch
    assert _lever(restored, LIFETIME) == lifetime
    assert _numbers(restored) == after
    restored.get_by_role("tab", name="Design").click()
    shot = tmp_path / "web-page.png"
    restored.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")

    assert not watch.errors, "\n".join(watch.errors)
    assert not watch.foreign(), f"requests to non-loopback hosts: {watch.foreign()}"

    # bad input: a local JSON error and the server's 4xx detail are both shown in the page
    restored.locator("#editor summary").click()
    restored.wait_for_function("() => document.getElementById('scenario-text').value.includes('suncatcher')")
    restored.locator("#scenario-text").fill("{not json")
    restored.get_by_role("button", name="Apply edited scenario").click()
    restored.wait_for_function("() => document.getElementById('error').textContent.includes('not valid JSON')")
    restored.locator("#scenario-text").fill(json.dumps({"orbit": {"altitude": "-5 km"}}))
    restored.get_by_role("button", name="Apply edited scenario").click()
    restored.wait_for_function("() => document.getElementById('error').textContent.includes('HTTP 4')")
    assert "altitude" in (restored.locator("#error").text_content() or "")
    for error in watch.errors:  # the browser itself logs the refused request; nothing else may appear
        assert "status of 4" in error, error
