"""The page's "Check a claim" box in a real browser (chromium through Playwright, the app served by uvicorn)."""

from __future__ import annotations

from typing import Any

from test_web_browser import Watch, _settled, browser, server  # noqa: F401  (the fixtures are reused)


def test_page_checks_a_typed_claim_and_the_presets_own(server: str, browser: Any) -> None:  # noqa: F811
    watch = Watch()
    page = watch.attach(browser.new_page())
    page.goto(server + "/")
    _settled(page)
    page.locator("#claim-box summary").click()
    page.locator("#claim-text").fill("energy cost <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg")
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("() => document.getElementById('claim-result').textContent.includes('does not hold')")
    result = page.locator("#claim-result").text_content() or ""
    assert "USD/MWh" in result and "margin" in result
    page.locator("#claim-text").fill("")  # empty: the preset's own published claims, with their authors
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("() => document.getElementById('claim-result').textContent.includes('Google')")
    assert page.locator("#claim-result .alert").count() == 2  # suncatcher ships two sourced claims
    page.locator("#claim-text").fill("energy cost <= 50 kg")  # a bad claim: the server's one-line reason is shown
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("() => document.getElementById('claim-result').textContent.includes('HTTP 422')")
    assert "convertible to USD/MWh" in (page.locator("#claim-result").text_content() or "")
    assert not [e for e in watch.errors if "422" not in e], watch.errors
