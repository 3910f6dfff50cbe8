"""Names and text people typed are shown as typed: no ping, no link, no formula, no crash."""

from __future__ import annotations

import pytest

from bot.blocks import home_view
from coach.drills.engine import replay
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import render_card, score_drill
from coach.interviews.sar import analyse_sar
from coach.models import ChecklistRun, Deal, User
from coach.mrkdwn import shown
from coach.precall.buying_process import load_stages
from coach.precall.checklists import render_plan
from coach.reports.heatmap import render_png
from tests.unit.test_wording import summary_of


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("<!channel> call at 3", "&lt;!channel&gt; call at 3"),
        ("<https://evil.example|our pricing>", "&lt;https://evil.example|our pricing&gt;"),
        ("AT&T renewal", "AT&amp;T renewal"),
        ("Slack escaped it: &lt;b&gt; &amp; co", "Slack escaped it: &lt;b&gt; &amp; co"),  # not twice
    ],
)
def test_typed_text_is_shown_as_typed(typed: str, sent: str) -> None:
    assert shown(typed) == sent


def test_a_call_plan_echoes_the_objective_without_pinging_anyone() -> None:
    run = ChecklistRun(objective="<!channel> agree the pilot", backup_objective="<@U0BOSS> intro", answers={})
    deal = Deal(account="<https://evil.example|Northwind>", buyer_name="Dana <!here>")
    plan = render_plan(run, load_stages()[0], deal, "UTC")
    assert "<!" not in plan and "<https" not in plan and "<@U0BOSS>" not in plan
    assert "&lt;!channel&gt; agree the pilot" in plan and "Dana &lt;!here&gt;" in plan


def test_a_team_summary_shows_a_reps_name_as_typed() -> None:
    text = summary_of(name="<!everyone> Quinn", streak=0, at_risk=["no practice in 7 days"])
    assert "<!everyone>" not in text
    assert "• &lt;!everyone&gt; Quinn: streak 0" in text and "*At risk:* &lt;!everyone&gt; Quinn (" in text


def test_a_heatmap_draws_a_name_with_dollar_signs() -> None:
    png = render_png(
        {"rows": ["$\\frac{1}{$ Max", "Riley"], "columns": ["discovery"], "values": [[50], [None]], "title": "t"}
    )
    assert png.startswith(b"\x89PNG")


def test_a_buddy_name_is_shown_as_typed() -> None:
    from coach.buddies.pairing import display_name

    assert display_name(User(slack_id="U1", name="<!channel>")) == "&lt;!channel&gt;"
    assert display_name(User(slack_id="U1", name=None)) == "<@U1>"


def test_score_cards_quote_the_reps_words_without_pinging_anyone() -> None:
    scenario = find_scenario("cfo-discovery")
    assert scenario is not None
    state, _ = replay(scenario, "standard", "1", ["<@U0BOSS> what is the late billing costing you each month?"])
    card = render_card(score_drill(state), state)
    assert "&lt;@U0BOSS&gt; what is the late billing costing you" in card and "<@U0BOSS>" not in card
    interview = analyse_sar("Last year I had a stalled deal at <https://evil.example|Acme>. I called the CFO.")
    assert "&lt;https://evil.example|Acme&gt;" in interview.feedback and "<https://" not in interview.feedback


def test_the_home_tab_greets_a_name_as_typed() -> None:
    view = home_view("<!channel> Alex", "No practice yet.")
    greeting = next(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert greeting.startswith("Hi &lt;!channel&gt;!") and "<!channel>" not in greeting
