"""The manager's team summary: who sees whom, what it says, and how it reaches a manager in Slack."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select

from coach.db import session_scope
from coach.migrate import upgrade
from coach.models import PracticeSession, SessionSkill, User
from coach.people import ensure_user, find_user
from coach.practice.memory import review_skill
from coach.practice.session_skills import fill_missing
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.reports.team_summary import render_summary, team_summary, visible_reps
from tests.e2e.test_cli import SPAR
from tests.slack import SlackUser, text_of

NOW = datetime(2026, 3, 6, 17, 0, tzinfo=timezone.utc)  # a Friday


def org(session) -> dict[str, User]:
    people = {
        "M1": ensure_user(session, "TAAA", "M1", name="Morgan", role="manager"),
        "M2": ensure_user(session, "TAAA", "M2", name="Sam", role="manager"),
        "A": ensure_user(session, "TAAA", "A", name="Ada", role="admin"),
        "R1": ensure_user(session, "TAAA", "R1", name="Riley"),
        "R2": ensure_user(session, "TAAA", "R2", name="Quinn"),
        "R3": ensure_user(session, "TAAA", "R3", name="Avery"),
        "X1": ensure_user(session, "TBBB", "R1", name="Elsewhere"),
    }
    session.flush()
    for rep, manager in (("R1", "M1"), ("R2", "M1"), ("R3", "M2")):
        people[rep].manager_id = people[manager].id
    drill = start_session(session, people["R1"], "drill", "cfo-discovery:standard", now=NOW - timedelta(days=1))
    add_turn(session, drill, "rep", "What is that costing you?")
    complete_session(drill, 60.0, now=NOW - timedelta(days=1))
    drill.detail = {"lines": [{"skills": ["closing"], "credit": 0.2}, {"skills": ["discovery"], "credit": 1.0}]}
    drill.useful = True
    session.flush()
    return people


def test_managers_see_their_reports_admins_everyone_reps_nobody(db_url: str) -> None:
    with session_scope(db_url) as session:
        people = org(session)
        seen = {who: [u.slack_id for u in visible_reps(session, people[who])] for who in ("M1", "M2", "A", "R1")}
    assert seen["M1"] == ["R2", "R1"]  # by name: Quinn, Riley
    assert seen["M2"] == ["R3"]
    assert sorted(seen["A"]) == ["M1", "M2", "R1", "R2", "R3"]  # never another workspace's people
    assert seen["R1"] == []


def test_the_summary_puts_results_first_and_names_focus_and_risk(db_url: str) -> None:
    with session_scope(db_url) as session:
        people = org(session)
        summary = team_summary(session, people["M1"], 7, NOW)
    riley = next(r for r in summary["reps"] if r["slack_id"] == "R1")
    assert riley["sessions"] == {"drill": 1} and riley["focus"] == "closing" and riley["useful"] == 1
    assert riley["skills"] == {"closing": 20.0, "discovery": 100.0}
    text = render_summary(summary)
    assert text.index("*Results:*") < text.index("*Activity and methodology:*") < text.index("*At risk:*")
    assert "Riley: streak 1, 1 drill, average 60, drills rated 1 👍 0 👎; coach on *closing*" in text
    assert "Quinn (no practice in 7 days)" in text and "\n\n" not in text


def test_the_summary_shows_commitments_kept(db_url: str) -> None:
    from coach.buddies.commitments import set_commitment

    with session_scope(db_url) as session:
        people = org(session)
        set_commitment(session, people["R1"], "1 drill this week", now=NOW)
        text = render_summary(team_summary(session, people["M1"], 7, NOW))
    assert (
        "Riley: streak 1, 1 drill, average 60, drills rated 1 👍 0 👎, committed 1/1 drills ✅; coach on *closing*"
        in text
    )


def test_report_team_prints_csv(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    with session_scope(url) as session:
        org(session)
    result = subprocess.run(
        [SPAR, "report", "team", "--manager", "M1", "--team", "TAAA", "--csv", "--days", "3650"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["name"], r["sessions"], r["focus"]) for r in rows] == [("Quinn", "0", ""), ("Riley", "1", "closing")]


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    with session_scope(url) as session:
        org(session)["R2"].name = '=HYPERLINK("http://evil.example","Quinn")'
    result = subprocess.run(
        [SPAR, "report", "team", "--manager", "M1", "--team", "TAAA", "--csv", "--days", "3650"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
    )
    names = [row["name"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert names == ['\'=HYPERLINK("http://evil.example","Quinn")', "Riley"]


def test_in_slack_a_rep_is_told_summaries_are_for_managers_and_a_manager_gets_one(rep: SlackUser, stack: dict) -> None:
    assert "for managers" in text_of(rep.runs("team")[1][0])
    with session_scope(stack["db_url"]) as session:
        manager = find_user(session, rep.team_id, rep.user_id)
        assert manager is not None
        manager.role = "manager"
        report = ensure_user(session, rep.team_id, rep.user_id + "R", name="Jordan Report")
        report.manager_id = manager.id
    summary = text_of(rep.says("how's my team doing?")[0])
    assert "Team summary, last 7 days" in summary and "Jordan Report" in summary
    assert "last 30 days" in text_of(rep.runs("team month")[1][0])


def test_the_digest_comes_monday_from_eight_local_once_a_week(db_url: str, monkeypatch) -> None:
    from bot.jobs import digests as digest_jobs

    monkeypatch.setenv("DATABASE_URL", db_url)
    posted: list[tuple[str, str]] = []
    post = lambda slack_id, message: posted.append((slack_id, text_of(message)))  # noqa: E731
    with session_scope(db_url) as session:
        people = org(session)
        people["M1"].tz = "America/New_York"
        people["M2"].tz = "Europe/Berlin"
    monday = datetime(2026, 3, 9, tzinfo=timezone.utc)
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=6, minutes=59), post) == 0  # 07:59 in Berlin
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=7), post) == 1  # 08:00 in Berlin
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=8), post) == 1  # Ada's 08:00 (UTC)
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=12), post) == 1  # 08:00 in New York (EDT)
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=20), post) == 0  # each once
    assert digest_jobs.send_weekly_digests(monday + timedelta(days=1, hours=12), post) == 0  # not on Tuesday
    assert digest_jobs.send_weekly_digests(monday + timedelta(days=7, hours=13), post) == 3  # next Monday
    assert [who for who, _ in posted[:3]] == ["M2", "A", "M1"]
    assert all(text.startswith("*Your weekly digest*") for _, text in posted)
    assert "Riley" in dict(posted[:3])["M1"] and "Riley" not in dict(posted[:3])["M2"]


def test_the_summary_names_silent_buddies_and_stretches_reps_strong_everywhere(db_url: str) -> None:
    from coach.models import BuddyPair, CheckIn

    with session_scope(db_url) as session:
        people = org(session)
        pair = BuddyPair(team_id="TAAA", user_a_id=people["R1"].id, user_b_id=people["R2"].id, status="active")
        session.add(pair)
        session.flush()
        for days_back, status in ((9, "missed"), (5, "missed"), (1, "sent")):  # Quinn: two missed, one open
            session.add(
                CheckIn(
                    team_id="TAAA",
                    pair_id=pair.id,
                    user_id=people["R2"].id,
                    week_start=(NOW - timedelta(days=days_back)).date(),
                    kind=f"k{days_back}",
                    status=status,
                    sent_at=NOW - timedelta(days=days_back),
                )
            )
        drill = start_session(session, people["R3"], "drill", "cfo-discovery:standard", now=NOW)
        add_turn(session, drill, "rep", "What would it cost you to wait?")
        complete_session(drill, 95.0, now=NOW)
        drill.detail = {"lines": [{"skills": ["discovery"], "credit": 0.9}]}
        session.flush()
        mine = render_summary(team_summary(session, people["M1"], 7, NOW))
        theirs = render_summary(team_summary(session, people["M2"], 7, NOW))
    assert "Riley (buddy silent)" in mine
    assert "Quinn (no practice in 7 days, missed 2 buddy check-ins)" in mine
    assert "Avery: streak 1, 1 drill, average 95; strong on every skill: stretch with the hard variants" in theirs


def test_a_sessions_skill_credits_follow_its_rubric_lines_however_they_are_written(db_url: str) -> None:
    with session_scope(db_url) as session:
        org(session)  # Riley's drill: its rubric lines written after it was completed

        def credits() -> list[tuple[str, float]]:
            return sorted(
                (skill, credit) for skill, credit in session.execute(select(SessionSkill.skill, SessionSkill.credit))
            )

        assert credits() == [("closing", 0.2), ("discovery", 1.0)]
        drill = session.scalars(select(PracticeSession)).one()
        drill.detail = {"lines": [{"skills": ["Discovery"], "credit": 0.5}, {"skills": ["discovery"], "credit": 1.0}]}
        assert credits() == [("discovery", 0.75)]
        drill.status = "abandoned"
        assert credits() == []


def test_the_summary_names_skills_due_and_slipping_and_the_teams_retention_by_week(db_url: str) -> None:
    with session_scope(db_url) as session:
        people = org(session)
        review_skill(session, people["R1"], "closing", 0.2, now=NOW - timedelta(days=30))  # forgotten, long due
        review_skill(session, people["R1"], "discovery", 1.0, now=NOW - timedelta(days=1))  # fresh
        summary = team_summary(session, people["M1"], 7, NOW)
    riley = next(r for r in summary["reps"] if r["slack_id"] == "R1")
    assert riley["due"] == ["closing"] and riley["slipping"] == ["closing"]
    weeks = summary["retention"]
    assert weeks[-1] == {"from": "2026-02-27", "reviews": 2, "retention": 0.5}  # closing 0.2 forgotten, discovery shown
    assert len(weeks) == 8 and all(week["reviews"] == 0 and week["retention"] is None for week in weeks[:-1])
    assert weeks[0]["from"] == "2026-01-09"


def test_sessions_an_older_spar_completed_get_their_skill_credits_back(db_url: str) -> None:
    with session_scope(db_url) as session:
        people = org(session)
        session.execute(delete(SessionSkill))  # as a Spar from before session_skills left Riley's drill
        assert team_summary(session, people["M1"], 7, NOW)["reps"][1]["skills"] == {}
    result = subprocess.run(
        [SPAR, "db", "fill-skills", "--days", "3650"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": db_url, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "skill credits kept for 1 session(s) completed in the last 3650 day(s)" in result.stdout
    with session_scope(db_url) as session:
        riley = team_summary(session, people_of(session)["M1"], 7, NOW)["reps"][1]
        assert riley["skills"] == {"closing": 20.0, "discovery": 100.0}
        assert fill_missing(session) == 0  # nothing left to fill


def people_of(session) -> dict[str, User]:
    return {user.slack_id: user for user in session.scalars(select(User).where(User.team_id == "TAAA"))}
