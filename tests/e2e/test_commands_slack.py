"""Every `/spar` subcommand that takes words carries them into the dialogue (the ones not here are tested with their
feature: `precall` in test_precall_slack, `buddy`, `streak` and `commit` reminders in test_buddies_slack, `micro` in
test_micro_slack, `team` in test_heatmap and test_workspaces)."""

from __future__ import annotations

from coach.drills.scenarios import find_scenario
from tests.e2e.test_precall_slack import call_has_happened
from tests.slack import SlackUser, button_titles, db_rows, text_of


def test_drill_with_words_offers_the_scenario_they_name(rep: SlackUser) -> None:
    scenario = find_scenario("no-budget")
    assert scenario is not None
    offer = rep.runs("drill budget objection")[1][0]
    assert button_titles(offer)[0] == f"Start: {scenario.title}"


def test_interview_with_a_competency_asks_that_competencys_question(rep: SlackUser) -> None:
    question = text_of(rep.runs("interview negotiation")[1][0])
    assert question.startswith("*Negotiation")  # not a random competency


def test_commit_with_amounts_sets_the_commitment(rep: SlackUser, stack: dict) -> None:
    assert text_of(rep.runs("commit 3 drills and 1 interview")[1][0]).startswith("Committed for this week.")
    rows = db_rows(
        stack["db_url"],
        "SELECT c.drills, c.interviews, c.checklists FROM commitments c JOIN users u ON u.id = c.user_id"
        " WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert rows == [(3, 1, 0)]


def test_debrief_with_an_account_debriefs_that_accounts_call(rep: SlackUser, stack: dict) -> None:
    for account in ("Acme", "Zenith"):
        rep.says(f"I've got a call with {account} tomorrow at 3pm")
        rep.says("stop")
    call_has_happened(stack, rep)
    question = text_of(rep.runs("debrief Acme")[1][0])
    assert "Acme" in question or "buying process" in question
    rows = db_rows(
        stack["db_url"],
        "SELECT d.account, r.status FROM checklist_runs r JOIN deals d ON d.id = r.deal_id"
        " JOIN users u ON u.id = r.user_id WHERE u.slack_id = :u ORDER BY d.account",
        u=rep.user_id,
    )
    assert rows == [("Acme", "debriefing"), ("Zenith", "open")]
