"""Checklists, call plans, debriefs, call jobs and the outcomes report, without Slack or Rasa."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.jobs import calls as call_jobs
from coach.db import session_scope
from coach.migrate import upgrade
from coach.models import ChecklistRun, Deal
from coach.people import ensure_user
from coach.precall.buying_process import load_stages, next_stage, read_persona, read_stage
from coach.precall.checklists import edit_objectives, finish_plan, next_prompt, start_checklist, take_reply
from coach.precall.debriefs import NotYet, finish_debrief, next_debrief_prompt, start_debrief, take_debrief_reply
from coach.precall.followups import schedule_call
from coach.precall.handlers import warm_up_for
from coach.precall.outcomes import outcomes_report
from tests.e2e.test_cli import SPAR
from tests.slack import db_rows

SATURDAY = datetime(2026, 3, 7, 15, 0, tzinfo=timezone.utc)  # the day before New York's clocks spring forward


def answer_all(session, run: ChecklistRun, replies: list[str]) -> None:
    for reply in replies:
        assert take_reply(session, run, reply) is None, reply


def test_the_map_has_stages_criteria_and_questions_for_every_persona() -> None:
    stages = load_stages()
    assert len(stages) >= 5
    for stage in stages:
        assert len(stage.exit_criteria) >= 2 and stage.call_objective and stage.backup_objective
        for criterion in stage.exit_criteria:
            assert criterion.questions
            assert set(criterion.personas) == {"economic_buyer", "technical_buyer", "procurement", "end_user"}
    assert read_stage("2") == stages[1] and read_stage(stages[3].name.upper()) == stages[3]
    assert read_stage(stages[0].seller_stages[0]) == stages[0]
    assert read_persona("Dana, the CFO") == "economic_buyer" and read_persona("their IT architect") == "technical_buyer"


def test_a_checklist_asks_what_it_lacks_and_plans_the_call(db_url: str) -> None:
    stage = load_stages()[1]
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="America/New_York")
        run = start_checklist(session, user, "I've got a call with Northwind tomorrow at 9", now=SATURDAY)
        assert run.call_at == datetime(2026, 3, 8, 13, 0, tzinfo=timezone.utc)  # 9:00 EDT, the day clocks change
        prompt = next_prompt(session, run)
        assert (
            prompt is not None and "Northwind" in prompt.text and ("Economic buyer", "economic buyer") in prompt.options
        )
        assert take_reply(session, run, "someone") is not None  # not a role: asked again
        answer_all(session, run, ["economic buyer", stage.name])
        marks = ["y"] * (len(stage.exit_criteria) - 1) + ["?"]
        answer_all(session, run, [" ".join(marks)])
        assert next_prompt(session, run) is None
        plan = finish_plan(session, run, now=SATURDAY)
        assert stage.exit_criteria[-1].questions[0] in plan and stage.exit_criteria[0].questions[0] not in plan
        assert "Sun 08 Mar, 09:00" in plan  # the call in the rep's own time zone
        note = stage.exit_criteria[-1].note_for("economic_buyer")
        assert f"_Good evidence looks like (economic buyer):_ {note}" in plan  # a guide, not what this buyer said
        assert edit_objectives(run, "keep") is False
        assert edit_objectives(run, "A dated demo / An intro to IT") and run.backup_objective == "An intro to IT"


def test_a_call_that_falls_on_a_weekend_is_pointed_out(db_url: str) -> None:
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="Europe/London")
        weekend = next_prompt(
            session, start_checklist(session, user, "call with Northwind tomorrow at 3pm", now=friday)
        )
        weekday = next_prompt(session, start_checklist(session, user, "call with Globex at 3pm", now=friday))
    assert weekend is not None and weekend.text.startswith(
        "Note: that puts the call on a Saturday (Sat 05 Dec, 15:00). If you meant a weekday, say `stop`"
    )
    assert weekday is not None and weekday.text.startswith("Who are you meeting at *Globex*?")


def test_a_deal_already_known_brings_its_stage_and_buyer(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        session.add(Deal(team_id="TAAA", owner_id=user.id, account="Acme", buyer_role="procurement", stage="negotiate"))
        session.flush()
        run = start_checklist(session, user, "call with acme at 2", now=SATURDAY)
        prompt = next_prompt(session, run)
        assert run.stage == "negotiate" and prompt is not None and "1/4 · " in prompt.text


def planned_with_every_criterion_unknown(session: Any, user: Any, opening: str, stage: Any) -> ChecklistRun:
    """A call planned on Saturday with a CFO at `stage`, every exit criterion marked unknown."""
    run = start_checklist(session, user, opening, now=SATURDAY)
    answer_all(session, run, ["cfo", stage.name, " ".join(["?"] * len(stage.exit_criteria))])
    finish_plan(session, run, now=SATURDAY)
    return run


def test_a_debrief_moves_the_deal_and_the_report_compares_calls(db_url: str) -> None:
    stage = load_stages()[1]
    following = next_stage(stage.id)
    assert following is not None
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", name="Riley")
        run = planned_with_every_criterion_unknown(session, user, "call with Northwind at 5pm", stage)
        with pytest.raises(NotYet):  # the call is at 5pm, two hours away: no debrief before it
            start_debrief(session, user, "debrief my northwind call", now=SATURDAY)
        after = run.call_at + timedelta(hours=1)
        debrief = start_debrief(session, user, "debrief my northwind call", now=after)
        assert debrief.id == run.id
        for _ in stage.exit_criteria:
            assert take_debrief_reply(session, debrief, "yes") is None
        for reply in ["yes", "thursday 10am", "yes"]:  # a dated next step, its date, the move
            assert next_debrief_prompt(session, debrief) is not None
            assert take_debrief_reply(session, debrief, reply) is None
        assert next_debrief_prompt(session, debrief) is None
        assert debrief.outcome["next_step_at"].startswith("20")
        summary = finish_debrief(session, debrief, now=after)
        assert "A dated next step: yes, Thu" in summary and "*One thing for next time:*" in summary
        deal = session.get(Deal, run.deal_id)
        assert deal is not None and deal.stage == following.id and following.name in summary
        assert [(c.from_stage, c.to_stage) for c in deal.stage_changes] == [(stage.id, following.id)]

        other = start_debrief(session, user, "debrief my Globex call", now=SATURDAY)  # no checklist before it
        take_debrief_reply(session, other, stage.name)
        take_debrief_reply(session, other, "no")
        take_debrief_reply(session, other, "no")
        finish_debrief(session, other, now=SATURDAY)
        report = outcomes_report(session, "TAAA")
    assert report["team"]["calls"] == 2 and report["team"]["with_checklist"] == 1
    assert report["team"]["advance_rate_with_checklist"] == 1.0
    assert report["team"]["advance_rate_without_checklist"] == 0.0
    assert report["reps"][0]["name"] == "Riley"


def test_report_outcomes_prints_json(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    with session_scope(url) as session:
        user = ensure_user(session, "TAAA", "U1")
        run = ChecklistRun(team_id="TAAA", user_id=user.id, status="debriefed", answers={})
        run.outcome = {"had_checklist": True, "advanced": True}
        session.add(run)
    result = subprocess.run(
        [SPAR, "report", "outcomes", "--team", "TAAA", "--json"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["team"]["calls"] == 1 and report["reps"][0]["advance_rate_with_checklist"] == 1.0


@pytest.mark.parametrize(
    ("tz", "now", "call_utc"),
    [  # "tomorrow at 9" asked the day before the clocks change: spring forward in New York, fall back in Berlin
        ("America/New_York", SATURDAY, datetime(2026, 3, 8, 13, 0, tzinfo=timezone.utc)),
        (
            "Europe/Berlin",
            datetime(2026, 10, 24, 12, 0, tzinfo=timezone.utc),
            datetime(2026, 10, 25, 8, 0, tzinfo=timezone.utc),
        ),
    ],
)
def test_call_jobs_fire_at_the_reps_local_time_and_send_once(
    tz: str, now: datetime, call_utc: datetime, tmp_path, monkeypatch
) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    sent: list[str] = []
    monkeypatch.setattr(call_jobs, "_post", lambda user, text, button=None: sent.append(text))
    with session_scope(url) as session:
        user = ensure_user(session, "TAAA", "U1", tz=tz)
        run = start_checklist(session, user, "call with Northwind tomorrow at 9", now=now)
        run_id, call_at = run.id, run.call_at
    assert call_at == call_utc
    schedule_call(run_id, call_at, now=now)
    jobs = dict(db_rows(url, "SELECT id, next_run_time FROM scheduler_jobs"))
    assert jobs[f"call-reminder-{run_id}"] == (call_utc - timedelta(minutes=30)).timestamp()
    assert jobs[f"call-debrief-{run_id}"] == (call_utc + timedelta(minutes=60)).timestamp()
    call_jobs.send_call_reminder(run_id)
    call_jobs.send_call_reminder(run_id)
    call_jobs.send_debrief_prompt(run_id)
    call_jobs.send_debrief_prompt(run_id)
    assert len(sent) == 2 and "starts in 30 minutes" in sent[0] and "How did the call" in sent[1]


def test_a_long_plan_is_cut_into_sections_between_lines() -> None:
    from bot.blocks import rasa_reply_to_message

    text = "\n".join(f"❔ Unknown: criterion {i} " + "x" * 180 for i in range(40))
    message = rasa_reply_to_message({"text": text})
    assert message is not None
    parts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert len(parts) > 1 and all(len(p) <= 3000 for p in parts)
    assert "\n".join(parts) == text


def test_the_warm_up_drill_is_the_one_for_the_largest_gap() -> None:
    budget = next(c for s in load_stages() for c in s.exit_criteria if c.text.startswith("Budget is allocated"))
    warm_up = warm_up_for(budget.text, "business_case")
    assert warm_up is not None and warm_up.id == "no-budget"  # not the champion scenario of old
    terms = next(c for s in load_stages() for c in s.exit_criteria if c.text.startswith("Legal and commercial terms"))
    chosen = warm_up_for(terms.text, "negotiate")
    assert chosen is not None and chosen.id == "procurement-negotiation"


def test_a_stage_move_past_unconfirmed_criteria_is_challenged_once(db_url: str) -> None:
    stage = load_stages()[1]
    following = next_stage(stage.id)
    assert following is not None
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U2", name="Sam")
        run = planned_with_every_criterion_unknown(session, user, "call with Initech at 3pm", stage)
        debrief = start_debrief(session, user, "debrief my Initech call", now=run.call_at + timedelta(hours=2))
        take_debrief_reply(session, debrief, "no")  # the first unknown stayed unknown
        for _ in stage.exit_criteria[1:]:
            take_debrief_reply(session, debrief, "yes")
        take_debrief_reply(session, debrief, "no")  # no dated next step
        take_debrief_reply(session, debrief, "yes")  # "it moved on"
        challenge = next_debrief_prompt(session, debrief)
        assert challenge is not None and "aren't confirmed yet" in challenge.text
        assert stage.exit_criteria[0].text in challenge.text and "anyway?" in challenge.text
        take_debrief_reply(session, debrief, "no")
        assert next_debrief_prompt(session, debrief) is None
        summary = finish_debrief(session, debrief, now=run.call_at + timedelta(hours=2))
        deal = session.get(Deal, run.deal_id)
        assert deal is not None and deal.stage == stage.id and f"Still at *{stage.name}*" in summary
        assert "ask for the next step with a day and time" in summary  # the one thing for next time


def test_an_account_name_typed_with_slack_markup_is_shown_as_typed(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U3", name="Ari")
        debrief = start_debrief(session, user, "<!channel> Corp", now=SATURDAY, argument=True)
        prompt = next_debrief_prompt(session, debrief)
        assert prompt is not None and "&lt;!channel&gt; Corp" in prompt.text and "<!channel>" not in prompt.text
        take_debrief_reply(session, debrief, load_stages()[1].name)
        take_debrief_reply(session, debrief, "no")
        take_debrief_reply(session, debrief, "no")
        summary = finish_debrief(session, debrief, now=SATURDAY)
    assert "*Debrief saved: &lt;!channel&gt; Corp*" in summary and "<!channel>" not in summary
