"""A reader's journey through the pages in Debian's Chromium, driven by Playwright; screenshots for review.

Run with `pytest -m browser`. Needs /usr/bin/chromium (`apt-get install chromium`); Playwright's own browser
downloads are never used. Screenshots and a printed case page go to test-artifacts/ (not committed).
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (factories) are still
    # synchronous and safe, so Django's async-safety guard is lifted for these tests only.
    from playwright.sync_api import sync_playwright

    lifted = "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if lifted:  # later tests (and the commands they start) get Django's guard back
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server, sample_cases):
    return live_server.url


def test_reader_follows_a_case_filters_its_timeline_opens_an_event_and_searches(page, site):
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "How the world tried to prevent mass atrocities"

    page.get_by_role("link", name="The conflict in Libya and the Responsibility to Protect").click()
    assert page.url.endswith("/cases/libya/")
    assert page.locator(".timeline .tl-mark").count() > 0
    assert page.locator(".event-list > .event").count() == 11

    page.get_by_label("Instrument category", exact=True).select_option("legal")
    page.get_by_role("button", name="Apply filters").click()
    assert "category=legal" in page.url
    titles = page.locator(".event-list .event__title").all_inner_texts()
    assert "ICC issues arrest warrants" in titles
    assert "Protests begin in Benghazi" not in titles
    assert page.locator('.tl-row[data-category="military"] .tl-mark').count() == 0
    assert page.locator('.tl-row[data-category="legal"] .tl-mark').count() == 3
    assert "Showing 3 of 11 events" in page.locator("#event-count").inner_text()

    page.get_by_role("link", name="ICC issues arrest warrants").click()
    assert page.locator("h1").inner_text() == "ICC issues arrest warrants"
    assert page.get_by_role("link", name="International Criminal Court (ICC)").first.is_visible()
    assert "Ch. X, 9" in page.locator("main").inner_text()

    page.get_by_role("searchbox", name="Search the knowledge base").fill("Security Council")
    page.get_by_role("searchbox", name="Search the knowledge base").press("Enter")
    assert "Security Council" in page.locator("h1").inner_text()
    assert page.locator("mark", has_text=re.compile("Council", re.IGNORECASE)).count() > 0
    page.get_by_role("link", name=re.compile("United Nations Security Council")).first.click()
    assert page.locator("h1").inner_text().startswith("United Nations Security Council")


def test_keyboard_users_see_where_focus_is_and_can_skip_to_content(page, site):
    page.goto(site + "/cases/libya/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_pages_fit_a_phone_screen(browser, site):
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ["/", "/cases/libya/", "/compare/", "/actors/", "/instruments/"]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the phone"
    context.close()


def test_printed_case_page_is_a_handout_without_navigation(page, site):
    page.goto(site + "/cases/libya/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".filters").is_visible()
    assert page.locator(".event-list").first.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "case-libya-print.pdf"), format="A4", print_background=True)


@pytest.mark.parametrize(("name", "path"), [("home", "/"), ("case-libya", "/cases/libya/"), ("compare", "/compare/")])
@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_for_review(browser, site, name, path, device, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB", is_mobile=device == "phone")
    page = context.new_page()
    page.goto(site + path)
    assert page.locator("h1").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
    context.close()
