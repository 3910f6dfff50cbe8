"""Pre-call checklists and debriefs through Slack, and the reminder that fires once, across a scheduler restart."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.sandbox import payloads
from coach.db import session_scope
from coach.models import ChecklistRun
from coach.people import find_user
from coach.precall.buying_process import load_stages, next_stage
from tests.slack import SlackUser, button_titles, db_rows, text_of


def first_stage_with(count: int) -> Any:
    return next(s for s in load_stages() if len(s.exit_criteria) >= count and next_stage(s.id) is not None)


def run_rows(stack: dict, rep: SlackUser) -> list[tuple]:
    return db_rows(
        stack["db_url"],
        "SELECT r.status, r.stage, r.answers, r.planned_at IS NOT NULL, d.account, d.buyer_role, d.stage"
        " FROM checklist_runs r JOIN users u ON u.id = r.user_id LEFT JOIN deals d ON d.id = r.deal_id"
        " WHERE u.slack_id = :u ORDER BY r.id",
        u=rep.user_id,
    )


def plan_checklist(rep: SlackUser, opening: str, marks: list[str]) -> tuple[str, dict]:
    """From the rep's first message to the call plan; returns the plan and the message asking about objectives."""
    stage = first_stage_with(len(marks))
    who = rep.says(opening)[0]
    assert "Who are you meeting" in text_of(who)
    where = rep.clicks(who, "Economic buyer")[0]
    assert "buying process" in text_of(where)
    question = rep.clicks(where, stage.name[:75])[0]
    for index, mark in enumerate(marks[:-1]):
        assert stage.exit_criteria[index].text in text_of(question)
        question = rep.clicks(question, mark)[0]
    plan = rep.clicks(question, marks[-1])[0]
    return text_of(plan), plan


def test_a_checklist_goes_from_message_to_call_plan_with_questions_for_the_unknowns(
    rep: SlackUser, stack: dict
) -> None:
    stage = first_stage_with(3)
    marks = ["Confirmed", "Unknown", "Not met"] + ["Confirmed"] * (len(stage.exit_criteria) - 3)
    plan, message = plan_checklist(rep, "I've got a call with Northwind at 3pm", marks)
    assert "Call plan: Northwind" in plan and stage.name in plan
    unknown, not_met = stage.exit_criteria[1], stage.exit_criteria[2]
    assert f"Unknown: {unknown.text}" in plan and unknown.questions[0] in plan
    assert f"Not met: {not_met.text}" in plan and not_met.questions[0] in plan
    assert unknown.personas["economic_buyer"] in plan  # advice for this kind of buyer
    assert stage.risks_of_moving_on[0] in plan and stage.call_objective in plan
    done = text_of(rep.clicks(message, "Keep")[0])
    assert "Plan saved" in done and stage.call_objective in done
    status, run_stage, answers, planned, account, role, deal_stage = run_rows(stack, rep)[0]
    assert (status, run_stage, planned, account, role, deal_stage) == (
        "planned",
        stage.id,
        True,
        "Northwind",
        "economic_buyer",
        stage.id,
    )
    assert "unknown" in str(answers) and "not_met" in str(answers)


def test_short_replies_mark_every_criterion_and_an_objective_can_be_edited(rep: SlackUser, stack: dict) -> None:
    stage = first_stage_with(2)
    rep.says("/spar precall Globex tomorrow 9:30")
    rep.says("Dana, the CFO")
    rep.says(stage.name)
    marks = " ".join(["y"] * (len(stage.exit_criteria) - 1) + ["?"])
    plan = text_of(rep.says(marks)[0])
    assert "Call plan: Globex" in plan and stage.exit_criteria[-1].questions[0] in plan
    done = text_of(rep.says("Get a dated meeting with their CIO / Agree who else to invite")[0])
    assert "Get a dated meeting with their CIO" in done and "Agree who else to invite" in done


def test_a_double_click_on_confirmed_marks_one_criterion_only(rep: SlackUser, stack: dict) -> None:
    stage = first_stage_with(2)
    who = rep.says("I've got a call with Hooli at 2pm")[0]
    question = rep.clicks(rep.clicks(who, "Economic buyer")[0], stage.name[:75])[0]
    assert stage.exit_criteria[0].text in text_of(question)
    button = next(
        e for b in question["blocks"] if b.get("elements") for e in b["elements"] if e.get("type") == "button"
    )
    action = {**button, "block_id": next(b["block_id"] for b in question["blocks"] if b.get("type") == "actions")}
    before = len(rep.replies())
    for _ in range(2):  # two presses of "Confirmed" before the row is replaced: two trigger ids, one row
        press = payloads.block_action(rep.team_id, rep.user_id, action, message=question, channel=question["channel"])
        assert rep.post(press).status_code == 200
    nxt = text_of(rep.slack.api.wait_for(lambda: rep.replies()[before:])[0])
    time.sleep(2)
    assert len(rep.replies()) == before + 1 and stage.exit_criteria[1].text in nxt  # asked about the 2nd
    answers = run_rows(stack, rep)[-1][2]
    assert "confirmed" in str(answers) and stage.exit_criteria[1].id not in str(answers), answers
    kept = db_rows(stack["db_url"], "SELECT status FROM inbound_messages WHERE user_slack_id = :u", u=rep.user_id)
    assert {status for (status,) in kept} == {"processed"}  # the second press too: nothing waits behind it


def test_the_slash_command_keeps_the_account_and_the_time(rep: SlackUser, stack: dict) -> None:
    for words, account in (("Northwind tomorrow 9:30", "Northwind"), ("contoso monday 10am", "Contoso")):
        asked = text_of(rep.runs(f"precall {words}")[1][0])
        assert f"Who are you meeting at *{account}*?" in asked, asked
        rep.says("stop")
    calls = db_rows(
        stack["db_url"],
        "SELECT d.account, r.call_at IS NOT NULL FROM checklist_runs r JOIN users u ON u.id = r.user_id"
        " JOIN deals d ON d.id = r.deal_id WHERE u.slack_id = :u ORDER BY r.id",
        u=rep.user_id,
    )
    assert calls == [("Northwind", True), ("Contoso", True)]


def test_a_reply_that_is_not_a_mark_is_asked_again(rep: SlackUser) -> None:
    rep.says("call with Initech at 4pm")
    rep.says("economic buyer")
    rep.says("1")
    again = text_of(rep.says("what do you mean")[0])
    assert "Tap Confirmed, Unknown or Not met" in again


def test_the_debrief_updates_the_deal_and_stores_the_outcome(rep: SlackUser, stack: dict) -> None:
    stage = first_stage_with(2)
    marks = ["Unknown"] + ["Confirmed"] * (len(stage.exit_criteria) - 1)
    _, message = plan_checklist(rep, "I've got a call with Umbrella at 2pm", marks)
    rep.clicks(message, "Keep")
    call_has_happened(stack, rep)
    question = rep.says("debrief my Umbrella call")[0]
    assert stage.exit_criteria[0].text in text_of(question)
    question = rep.clicks(question, "Yes")[0]
    assert "next step with a date" in text_of(question)
    question = rep.clicks(question, "Yes")[0]
    assert "When is it?" in text_of(question)
    question = rep.says("thursday 10am")[0]
    following = next_stage(stage.id)
    assert following is not None and following.name in text_of(question)
    summary = text_of(rep.clicks(question, "Yes")[0])
    assert "Debrief saved: Umbrella" in summary and following.name in summary
    assert "A dated next step: yes, Thu" in summary and "*One thing for next time:*" in summary
    status, _, _, _, _, _, deal_stage = run_rows(stack, rep)[0]
    assert (status, deal_stage) == ("debriefed", following.id)
    changes = db_rows(
        stack["db_url"],
        "SELECT c.from_stage, c.to_stage FROM deal_stage_changes c JOIN deals d ON d.id = c.deal_id"
        " JOIN users u ON u.id = d.owner_id WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert changes == [(stage.id, following.id)]


def call_has_happened(stack: dict, rep: SlackUser) -> None:
    """Move the rep's planned calls an hour into the past, as if the time had come and gone."""
    with session_scope(stack["db_url"]) as session:
        user = find_user(session, rep.team_id, rep.user_id)
        assert user is not None
        for run in session.scalars(select(ChecklistRun).where(ChecklistRun.user_id == user.id)):
            run.call_at = datetime.now(timezone.utc) - timedelta(hours=1)


def test_a_debrief_before_the_call_waits_for_the_call(rep: SlackUser, stack: dict) -> None:
    stage = first_stage_with(2)
    _, message = plan_checklist(
        rep, "I've got a call with Umbrella tomorrow at 3pm", ["Confirmed"] * len(stage.exit_criteria)
    )
    rep.clicks(message, "Keep")
    answer = text_of(rep.says("debrief my Umbrella call")[0])
    assert answer.startswith("Your call with Umbrella is on ") and "15:00; debrief after it" in answer
    assert run_rows(stack, rep)[0][0] == "planned"  # nothing changed
    assert "Here's what we can practise" in text_of(rep.says("help")[0])  # and no debrief question is waiting


def test_a_call_without_a_checklist_can_be_debriefed(rep: SlackUser, stack: dict) -> None:
    question = rep.says("log the outcome of my call with Hooli")[0]
    stage = load_stages()[1]
    question = rep.clicks(question, stage.name[:75])[0]
    question = rep.clicks(question, "No")[0]
    summary = text_of(rep.clicks(question, "No")[0])
    assert "Debrief saved: Hooli" in summary and "/spar precall" in summary
    assert run_rows(stack, rep)[0][0] == "debriefed"


def test_the_reminder_fires_once_even_when_the_scheduler_restarts(rep: SlackUser, stack: dict) -> None:
    assert "Who are you meeting" in text_of(rep.says("I have a call with Initrode in 31 minutes")[0])
    assert "Stopped" in text_of(rep.says("stop")[0])  # no checklist done: the reminder is due in a minute
    scheduler = stack["processes"][4]
    scheduler.stop()
    scheduler.start()

    def reminders() -> list[dict]:
        return [m for m in rep.replies() if "starts in 30 minutes" in text_of(m)]

    reminder = stack["slack"].api.wait_for(lambda: reminders(), timeout=150)[0]
    assert "Initrode" in text_of(reminder) and button_titles(reminder) == ["Do the checklist"]
    time.sleep(15)  # the scheduler wakes every 10 s: a second reminder would have come by now
    assert len(reminders()) == 1


def test_the_reminder_is_scheduled_at_the_reps_local_time(stack: dict, rep: SlackUser) -> None:
    for tz in ("Europe/Berlin", "America/Los_Angeles"):
        stack["slack"].api.add_user(rep.user_id + tz[:2].upper(), "Tz Rep", tz=tz, email="tz@example.com")
        other = SlackUser(rep.bot_url, rep.secret, rep.slack, rep.team_id, rep.user_id + tz[:2].upper())
        other.says("call with Vandelay tomorrow at 9:30")
        local = datetime.now(ZoneInfo(tz)) + timedelta(days=1)
        expected = datetime(local.year, local.month, local.day, 9, 0, tzinfo=ZoneInfo(tz))
        runs = db_rows(
            stack["db_url"],
            "SELECT r.id FROM checklist_runs r JOIN users u ON u.id = r.user_id WHERE u.slack_id = :u",
            u=other.user_id,
        )
        job = f"call-reminder-{runs[0][0]}"
        jobs = db_rows(stack["db_url"], "SELECT next_run_time FROM scheduler_jobs WHERE id = :i", i=job)
        assert jobs and abs(jobs[0][0] - expected.timestamp()) < 1
