"""Buddies, check-ins, roster and streaks as people meet them in Slack, against the running stack."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coach.db import session_scope
from coach.models import BuddyPair, User
from coach.people import ensure_user, find_user
from coach.practice.sessions import add_turn, complete_session, start_session
from tests.slack import SlackUser, button_titles, db_rows, text_of


def colleague(rep: SlackUser, stack: dict, suffix: str, name: str, tz: str = "America/New_York") -> SlackUser:
    person = SlackUser(rep.bot_url, rep.secret, rep.slack, rep.team_id, rep.user_id + suffix)
    stack["slack"].api.add_user(person.user_id, name, tz=tz, email=f"{suffix.lower()}@example.com")
    return person


def next_dm(person: SlackUser, before: int) -> dict:
    return person.slack.api.wait_for(lambda: person.replies()[before] if len(person.replies()) > before else None)


def meet(stack: dict, *people: SlackUser) -> dict[str, User]:
    for person in people:
        person.says("hi", expect=2)
    with session_scope(stack["db_url"]) as session:
        found = {p.user_id: find_user(session, p.team_id, p.user_id) for p in people}
        session.expunge_all()
    return found  # type: ignore[return-value]


def set_manager(stack: dict, manager: SlackUser, *reps: SlackUser) -> None:
    with session_scope(stack["db_url"]) as session:
        boss = find_user(session, manager.team_id, manager.user_id)
        assert boss is not None
        boss.role = "manager"
        for rep in reps:
            person = find_user(session, rep.team_id, rep.user_id)
            assert person is not None
            person.manager_id = boss.id


def test_a_rep_invites_a_colleague_by_mention_who_accepts_and_later_ends_it(rep: SlackUser, stack: dict) -> None:
    partner = colleague(rep, stack, "P", "Pat Partner")
    before = len(partner.replies())
    assert "I've asked Pat Partner to be your buddy" in text_of(rep.runs(f"buddy invite <@{partner.user_id}>")[1][0])
    invitation = next_dm(partner, before)
    assert "Riley Rep would like you as their practice buddy" in text_of(invitation)
    assert "never scores" in text_of(invitation) and button_titles(invitation) == ["Accept", "Decline"]
    before = len(rep.replies())
    assert "You and Riley Rep are buddies now" in text_of(partner.clicks(invitation, "Accept")[0])
    assert "Pat Partner accepted" in text_of(next_dm(rep, before))
    assert "Pat Partner*: no commitment set; streak 0 days" in text_of(rep.runs("buddy")[1][0])
    assert "*Buddy:* *Pat Partner*" in text_of(rep.opens_home())

    before = len(partner.replies())
    assert "Pairing ended" in text_of(rep.runs("buddy end")[1][0])
    assert "Riley Rep ended your buddy pairing" in text_of(next_dm(partner, before))
    assert "*Buddy:* none yet" in text_of(partner.opens_home())


def test_a_rep_who_asks_for_a_buddy_gets_a_free_teammate_who_may_decline(rep: SlackUser, stack: dict) -> None:
    partner, boss = colleague(rep, stack, "P", "Pat Partner"), colleague(rep, stack, "M", "Mo Manager")
    meet(stack, partner, boss)
    rep.says("hi", expect=2)
    set_manager(stack, boss, rep, partner)
    before = len(partner.replies())
    assert "I've asked Pat Partner to be your buddy" in text_of(rep.says("find me a buddy")[0])
    assert "Your invitation to Pat Partner is still open" in text_of(rep.says("find me a buddy")[0])
    before_rep = len(rep.replies())
    assert text_of(partner.clicks(next_dm(partner, before), "Decline")[0]) == "Invitation declined."
    assert "Pat Partner declined your buddy invitation" in text_of(next_dm(rep, before_rep))
    rows = db_rows(
        stack["db_url"],
        "SELECT status FROM buddy_pairs p JOIN users u ON u.id = p.user_a_id WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert rows == [("declined",)]


def test_a_manager_pairs_the_team_each_rep_hears_who_and_sees_the_week_but_no_scores(rep, stack: dict) -> None:
    partner, boss = colleague(rep, stack, "P", "Pat Partner"), colleague(rep, stack, "M", "Mo Manager")
    partner.says("set my commitment: 2 drills this week")
    meet(stack, rep, boss)
    set_manager(stack, boss, rep, partner)
    with session_scope(stack["db_url"]) as session:
        drill = start_session(session, find_user(session, rep.team_id, partner.user_id), "drill", "cfo-discovery")
        add_turn(session, drill, "rep", "Our platform does it all.")
        complete_session(drill, 12.0)
    before, before_rep = len(partner.replies()), len(rep.replies())
    assert "Paired your team into 1 group: Pat Partner & Riley Rep." in text_of(boss.runs("buddy pair")[1][0])
    assert "Mo Manager paired the team: your buddy is Riley Rep" in text_of(next_dm(partner, before))
    assert "your buddy is Pat Partner" in text_of(next_dm(rep, before_rep))
    view = text_of(rep.runs("buddy")[1][0])
    assert "Pat Partner*: 1/2 drills; streak 1 day" in view and "12" not in view


def test_a_check_in_reaches_both_buddies_in_slack_and_the_nudge_reaches_the_partner(
    rep: SlackUser, stack: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.jobs import buddies as buddy_jobs

    partner = colleague(rep, stack, "P", "Pat Partner", tz="Asia/Tokyo")
    people = meet(stack, rep, partner)
    with session_scope(stack["db_url"]) as session:
        session.add(
            BuddyPair(
                team_id=rep.team_id,
                user_a_id=people[rep.user_id].id,
                user_b_id=people[partner.user_id].id,
                status="active",
            )
        )
    for key, value in (("DATABASE_URL", stack["db_url"]), ("SLACK_API_URL", stack["slack"].url)):
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    wednesday = datetime(2026, 3, 4, 18, 0, tzinfo=timezone.utc)  # 13:00 in New York, 03:00 Thursday in Tokyo
    before, before_partner = len(rep.replies()), len(partner.replies())
    buddy_jobs.send_buddy_checkins(wednesday)
    checkin = next_dm(rep, before)
    assert "Midweek buddy check-in" in text_of(checkin) and "*Pat Partner*: no commitment set" in text_of(checkin)
    assert len(partner.replies()) == before_partner  # Thursday in Tokyo: no midweek check-in for Pat
    assert "Nudge sent to Pat Partner." in text_of(rep.clicks(checkin, "Send a nudge")[0])
    nudge = next_dm(partner, before_partner)
    assert text_of(nudge).startswith("👋 A nudge from Riley Rep")
    assert "You chose *Send a nudge*" in text_of(rep.replies()[before])  # the buttons can't be pressed twice


def test_a_manager_adds_a_rep_with_a_mention_and_cannot_take_another_managers_rep(rep, stack: dict) -> None:
    boss, other = colleague(rep, stack, "M", "Mo Manager"), colleague(rep, stack, "O", "Olu Other")
    meet(stack, boss, other)
    set_manager(stack, boss)
    set_manager(stack, other)
    answer = text_of(boss.runs(f"team add <@{rep.user_id}>")[1][0])  # Riley has never talked to Spar
    assert answer == f"Added to your team: <@{rep.user_id}>. They'll show in `/spar team`."
    rows = db_rows(stack["db_url"], "SELECT name, tz FROM users WHERE slack_id = :u", u=rep.user_id)
    assert rows == [("Riley Rep", "America/New_York")]  # learned from users.info
    assert "*Riley Rep* · streak 0" in text_of(boss.runs("team")[1][0])
    refused = text_of(other.runs(f"team add <@{rep.user_id}>")[1][0])
    assert "reports to another manager" in refused and "Added" not in refused
    assert "Riley Rep" not in text_of(other.runs("team")[1][0])
    assert "Only managers add reps" in text_of(rep.runs(f"team add <@{other.user_id}>")[1][0])


def test_a_rep_chooses_the_reminder_time_and_their_practice_days(rep: SlackUser, stack: dict) -> None:
    assert "remind you at 16:30" in text_of(rep.runs("streak remind at 4:30pm")[1][0])
    assert "Mon, Tue, Wed, Thu, Fri, Sat" in text_of(rep.runs("streak days mon-sat")[1][0])
    rows = db_rows(stack["db_url"], "SELECT reminder_time, practice_days FROM users WHERE slack_id = :u", u=rep.user_id)
    assert rows == [("16:30", "123456")]


@pytest.mark.parametrize("tz, local_time", [("America/Los_Angeles", time(23, 30)), ("Asia/Tokyo", time(0, 30))])
def test_the_streak_in_slack_counts_local_days_skips_weekends_spends_a_freeze_and_ignores_abandoned_sessions(
    rep: SlackUser, stack: dict, tz: str, local_time: time
) -> None:
    zone = ZoneInfo(tz)
    days, day = [], datetime.now(zone).date() - timedelta(days=1)
    while len(days) < 9:  # the last nine weekdays before today, oldest first
        if day.isoweekday() <= 5:
            days.insert(0, day)
        day -= timedelta(days=1)
    with session_scope(stack["db_url"]) as session:
        user = ensure_user(session, rep.team_id, rep.user_id, name="Riley Rep", tz=tz)
        for n, day in enumerate(days):  # late at night or just after midnight: another day in UTC
            moment = datetime.combine(day, local_time, zone).astimezone(timezone.utc)
            practice = start_session(session, user, "drill", "cfo-discovery", now=moment)
            add_turn(session, practice, "rep", "What is that costing you?")
            if n == 6:
                practice.status = "abandoned"  # the seventh day: started, abandoned, so missed
            else:
                complete_session(practice, 50.0, now=moment)
    # Six days earn a freeze, the missed seventh spends it, two more follow: eight; weekends never break it.
    assert "Your practice streak is 8 days" in text_of(rep.runs("streak")[1][0])


def test_a_profile_change_in_slack_moves_the_reps_time_zone_and_strangers_are_not_stored(rep, stack: dict) -> None:
    from bot.sandbox import payloads

    rep.says("hi", expect=2)
    moved = {"id": rep.user_id, "team_id": rep.team_id, "real_name": "Riley Rep", "tz": "Europe/Lisbon"}
    stranger = {**moved, "id": rep.user_id + "X", "real_name": "Nobody Here"}
    bogus = {**moved, "tz": "Mars/Olympus"}
    for info in (moved, stranger, bogus):
        assert rep.post(payloads.user_change_event(rep.team_id, info)).status_code == 200
    query = "SELECT slack_id, tz FROM users WHERE slack_id LIKE :u ORDER BY slack_id"
    found = stack["slack"].api.wait_for(
        lambda: (
            (rows := db_rows(stack["db_url"], query, u=rep.user_id + "%")) == [(rep.user_id, "Europe/Lisbon")] and rows
        ),
        timeout=20,
    )
    assert found == [(rep.user_id, "Europe/Lisbon")]  # the bogus zone changed nothing; the stranger isn't stored
