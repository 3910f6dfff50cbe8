"""The sandbox in a real browser: Debian's Chromium, headless, driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.processes import ROOT

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page() -> Iterator[Page]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is required (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
    assert not errors, f"the page raised JavaScript errors: {errors}"


@pytest.mark.browser
def test_a_rep_says_hi_and_clicks_a_button(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    expect(page.locator("#pick-first")).to_contain_text("Pick a demo user")
    page.click('#user-picker [data-user-id="U0REP01"]')
    # The demo rep's conversation may already hold messages from other tests: wait for it to be drawn, then
    # count on from there.
    page.wait_for_function("document.querySelector('#messages').children.length > 0")
    bot_messages = page.locator(".message.from-bot")
    earlier = bot_messages.count()
    page.fill("#composer", "hi")
    page.keyboard.press("Enter")
    expect(page.locator(".message.from-user").last).to_contain_text("hi")
    help_message = bot_messages.nth(earlier + 1)  # a greeting, then the help answer
    expect(help_message).to_contain_text("Here's what we can practise", timeout=60_000)
    help_message.locator("button[data-action-id]", has_text="My streak").click()
    # a new message: the help message itself says "streak" too
    expect(bot_messages.nth(earlier + 2)).to_contain_text("streak", timeout=60_000)
    expect(help_message).to_contain_text("You chose My streak")
    (ROOT / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "results" / "sandbox.png"))


@pytest.mark.browser
def test_the_home_tab_shows_the_streak(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0REP02"]')
    page.click("#tab-home")
    expect(page.locator("#home")).to_contain_text("Your streak", timeout=30_000)
    expect(page.locator("#composer")).to_be_hidden()
    expect(page.locator("#home button[data-action-id]").first).to_have_text("Start a role-play")
    page.screenshot(path=str(ROOT / "results" / "sandbox-home.png"))


@pytest.mark.browser
def test_a_slash_command_with_a_typo_gets_a_private_answer(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0MGR01"]')
    page.fill("#composer", "/spar halp")
    page.click("#send")
    answer = page.locator(".message.from-bot", has_text="I don't know").last
    expect(answer).to_contain_text("Only visible to you", timeout=30_000)


@pytest.mark.browser
def test_switching_users_shows_only_their_own_conversation(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0REP02"]')
    page.fill("#composer", "hello from Priya")
    page.click("#send")
    expect(page.locator(".message.from-user", has_text="hello from Priya")).to_be_visible(timeout=30_000)
    page.click('#user-picker [data-user-id="U0MGR01"]')
    expect(page.locator("#user-picker .active")).to_contain_text("Morgan Lee")
    page.wait_for_timeout(1_500)  # a few polls: an answer meant for Priya must not be drawn for Morgan
    expect(page.locator(".message", has_text="hello from Priya")).to_have_count(0)


@pytest.mark.browser
def test_a_managers_home_tab_shows_the_team(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0MGR01"]')
    page.click("#tab-home")
    expect(page.locator("#home")).to_contain_text("Your team", timeout=30_000)
    expect(page.locator("#home")).to_contain_text("This week:")
    expect(page.locator("#home button[data-action-id]", has_text="Team summary")).to_be_visible()
    (ROOT / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "results" / "sandbox-manager-home.png"))


@pytest.mark.browser
def test_a_phone_sized_window_leaves_the_conversation_the_width(page: Page, sandbox_url: str) -> None:
    page.set_viewport_size({"width": 420, "height": 800})
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0REP02"]')
    page.fill("#composer", "hi")
    page.keyboard.press("Enter")
    expect(page.locator(".message.from-bot").last).to_be_visible(timeout=60_000)
    main = page.locator("#main").bounding_box()
    sidebar = page.locator("#sidebar").bounding_box()
    assert main is not None and sidebar is not None
    assert main["width"] >= 0.95 * 420 and sidebar["height"] < 0.25 * 800  # the users across the top, not 60% wide
    (ROOT / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "results" / "sandbox-narrow.png"))


@pytest.mark.browser
def test_what_a_person_types_shows_as_typed(page: Page, sandbox_url: str) -> None:
    page.goto(sandbox_url)
    page.click('#user-picker [data-user-id="U0REP02"]')
    page.fill("#composer", "<!channel> see <https://example.com|here>")
    page.keyboard.press("Enter")
    mine = page.locator(".message.from-user").last
    expect(mine).to_contain_text("<!channel> see <https://example.com|here>")
    assert mine.locator("a").count() == 0 and mine.locator(".mention").count() == 0
