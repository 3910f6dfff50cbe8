"""The team summary in Slack as Block Kit: skills due and slipping, the team's retention by week, a 2,000-rep admin
summary paged within Slack's limits with its CSV file, and the manager's digest settings from the Home tab."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.mentions import POINTER
from bot.sandbox import payloads
from coach.db import session_scope
from coach.models import User
from coach.people import ensure_user, find_user
from coach.practice.memory import review_skill
from coach.practice.sessions import complete_session, start_session
from tests.conftest import SECRET, TEAM, new_rep
from tests.slack import SlackUser, button_action, button_titles, db_rows, text_of
from tests.unit.test_summary_pages import within_slacks_limits

THURSDAY = datetime(2030, 3, 7, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York
MONDAY = datetime(2030, 3, 11, 13, 0, tzinfo=timezone.utc)  # 09:00 in New York (EDT)


def lead(stack: dict, person: SlackUser, role: str = "manager") -> User:
    """Make `person` (known to Spar) a manager or an admin; returns them, detached."""
    with session_scope(stack["db_url"]) as session:
        boss = find_user(session, person.team_id, person.user_id)
        assert boss is not None
        boss.role = role
        session.flush()
        session.expunge(boss)
    return boss


def blocks_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def fields(message: dict[str, Any]) -> list[str]:
    return [f["text"] for b in blocks_of(message) for f in b.get("fields") or []]


def press(person: SlackUser, message: dict[str, Any], title: str) -> None:
    """Click a button of `message` that changes the message itself (no new reply)."""
    action = button_action({"blocks": blocks_of(message)}, title)
    body = payloads.block_action(person.team_id, person.user_id, action, message=message, channel=message["channel"])
    assert person.post(body).status_code == 200


def test_the_summary_shows_skills_due_and_slipping_and_the_teams_retention_by_week(rep: SlackUser, stack: dict) -> None:
    rep.says("hi", expect=2)
    boss = lead(stack, rep)
    now = datetime.now(timezone.utc)
    with session_scope(stack["db_url"]) as session:
        jordan = ensure_user(session, TEAM, rep.user_id + "R", name="Jordan Report")
        jordan.manager_id = boss.id
        session.flush()
        review_skill(session, jordan, "closing", 0.2, now=now - timedelta(days=40))  # long due, and fading
        drill = start_session(session, jordan, "drill", "cfo-discovery:standard", now=now - timedelta(days=2))
        complete_session(drill, 60.0, now=now - timedelta(days=2))
        drill.detail = {"lines": [{"skills": ["closing"], "credit": 0.2}, {"skills": ["discovery"], "credit": 1.0}]}
    summary, picture = rep.says("how's my team doing?", expect=2)
    within_slacks_limits({"text": summary["text"], "blocks": blocks_of(summary)})
    header = blocks_of(summary)[0]
    assert header["type"] == "header" and header["text"]["text"] == "Team summary, last 7 days"
    shown = fields(summary)
    assert "*Skills due*\nclosing" in shown and "*Skills slipping*\nclosing" in shown
    assert "*Coach on*\nclosing" in shown and "*Real calls debriefed*\n0" in shown
    weeks = [f for f in shown if f.startswith("*From ")]
    assert len(weeks) == 8 and weeks[-1].endswith("50% of 2 skills")  # closing forgotten, discovery shown
    assert all(week.endswith("no practice") for week in weeks[:-1])
    assert picture["files"][0]["title"] == "Skill scores by rep, last 7 days"
    assert button_titles(summary) == []  # one page: nothing to turn


def test_a_2000_rep_admin_summary_comes_a_page_at_a_time_with_everyone_in_a_csv(rep: SlackUser, stack: dict) -> None:
    rep.says("hi", expect=2)
    lead(stack, rep, "admin")
    prefix = f"UP{uuid.uuid4().hex[:5].upper()}"
    with session_scope(stack["db_url"]) as session:
        session.add_all(User(team_id=TEAM, slack_id=f"{prefix}{n:04d}", name=f"Paged {n:04d}") for n in range(2000))
    try:
        first, table = rep.runs("team", expect=2)[1]
        everyone = db_rows(stack["db_url"], "SELECT count(*) FROM users WHERE team_id = :t", t=TEAM)[0][0] - 1
        within_slacks_limits({"text": first["text"], "blocks": blocks_of(first)})
        assert len(blocks_of(first)) <= 50 and button_titles(first) == ["Next page"]
        assert f"Reps 1–40 of {everyone}" in json.dumps(blocks_of(first), ensure_ascii=False)
        assert table["files"][0]["title"] == "The whole team summary"
        assert table["files"][0]["name"] == "team-summary-last-7-days.csv"
        rows = list(csv.DictReader(io.StringIO(stack["slack"].api.file_bytes(table)[0].decode())))
        assert len(rows) == everyone and sum(r["name"].startswith("Paged ") for r in rows) == 2000

        press(rep, first, "Next page")
        page = f"Reps 41–80 of {everyone}"
        stack["slack"].api.wait_for(lambda: page in json.dumps(blocks_of(first), ensure_ascii=False))
        within_slacks_limits({"text": first["text"], "blocks": blocks_of(first)})
        assert button_titles(first) == ["Previous page", "Next page"]

        intruder = new_rep(stack)  # a rep who sees the message (forwarded, say) is refused, and nothing changes
        intruder.says("hi", expect=2)
        before = len(intruder.replies())
        body = payloads.block_action(
            TEAM, intruder.user_id, button_action(first, "Next page"), message=first, channel=first["channel"]
        )
        assert intruder.post(body).status_code == 200
        [refusal] = stack["slack"].api.wait_for(lambda: intruder.replies()[before:])
        assert "for managers" in text_of(refusal) and page in json.dumps(blocks_of(first), ensure_ascii=False)

        press(rep, first, "Previous page")
        stack["slack"].api.wait_for(lambda: "Reps 1–40 " in json.dumps(blocks_of(first), ensure_ascii=False))
    finally:
        with session_scope(stack["db_url"]) as session:  # other tests' digests need not summarise 2,000 reps
            boss = find_user(session, TEAM, rep.user_id)
            assert boss is not None
            boss.role = "rep"


@pytest.fixture
def job_env(stack: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", stack["db_url"])
    monkeypatch.setenv("SLACK_API_URL", stack["slack"].url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)


def test_a_manager_moves_the_digest_to_thursday_or_turns_it_off_from_the_home_tab(
    rep: SlackUser, stack: dict, job_env: None
) -> None:
    from bot.jobs import digests as digest_jobs

    rep.says("hi", expect=2)
    boss = lead(stack, rep)
    with session_scope(stack["db_url"]) as session:
        ensure_user(session, TEAM, rep.user_id + "R", name="Jordan Report").manager_id = boss.id
    [settings] = rep.clicks_home(rep.opens_home(), "Digest settings")
    assert "*Mondays* from 08:00" in text_of(settings)
    assert button_titles(settings) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Turn off"]

    press(rep, settings, "Thu")
    stack["slack"].api.wait_for(lambda: "*Thursdays*" in text_of(settings))
    setting = "SELECT digest_day, digest_on FROM users WHERE slack_id = :u"
    assert db_rows(stack["db_url"], setting, u=rep.user_id) == [(4, 1)]
    before = len(rep.replies())
    digest_jobs.send_weekly_digests(THURSDAY)
    [digest] = [m for m in rep.replies()[before:] if "digest" in text_of(m)]
    assert text_of(digest).startswith("*Your weekly digest*") and "Jordan Report" in json.dumps(blocks_of(digest))

    press(rep, settings, "Turn off")
    stack["slack"].api.wait_for(lambda: "is *off*" in text_of(settings))
    assert db_rows(stack["db_url"], setting, u=rep.user_id) == [(4, 0)]
    assert "Turn off" not in button_titles(settings)
    before = len(rep.replies())
    digest_jobs.send_weekly_digests(THURSDAY + timedelta(days=7))
    digest_jobs.send_weekly_digests(MONDAY)
    assert not [m for m in rep.replies()[before:] if "digest" in text_of(m)]


def test_a_rep_asking_for_digest_settings_is_told_they_are_for_managers(rep: SlackUser) -> None:
    rep.says("hi", expect=2)
    home = rep.opens_home()
    assert "Digest settings" not in json.dumps(home)  # a rep's Home has no team part
    body = payloads.block_action(TEAM, rep.user_id, {"action_id": "digest_day_4", "value": "4", "type": "button"})
    before = len(rep.replies())
    assert rep.post(body).status_code == 200
    [answer] = rep.slack.api.wait_for(lambda: rep.replies()[before:])
    assert "for managers" in text_of(answer)


def test_a_manager_who_asks_in_a_channel_gets_the_summary_in_the_dm_and_the_channel_none_of_it(
    stack: dict,
) -> None:
    boss_view = new_rep(stack)
    boss_view.says("hi", expect=2)
    boss = lead(stack, boss_view)
    with session_scope(stack["db_url"]) as session:
        report = ensure_user(session, TEAM, boss_view.user_id + "R", name="Casey Report")
        report.manager_id = boss.id
        session.flush()
        complete_session(start_session(session, report, "drill", "cfo-discovery:standard"), 58.0)
    channel = f"C{boss_view.user_id[1:]}"
    before = len(boss_view.replies())
    boss_view.mentions("how's my team doing?", channel=channel)
    summary = boss_view.slack.api.wait_for(lambda: boss_view.replies()[before:])[0]
    assert "Casey Report" in json.dumps(blocks_of(summary))  # the summary: in the DM
    posted = [m for m in boss_view.slack.api.messages if m["channel"] == channel]
    assert [text_of(m) for m in posted] == [POINTER]
    shown_there = json.dumps([{k: m.get(k) for k in ("text", "blocks", "attachments")} for m in posted])
    assert "Casey" not in shown_there and "58" not in shown_there  # not the message's ts, which may hold "58"
