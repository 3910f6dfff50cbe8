"""`/spar help` by role, through Slack: a rep's, a buddy's, a manager's and an admin's commands."""

from __future__ import annotations

from coach.db import session_scope
from coach.people import find_user
from coach.practice.sessions import complete_session, start_session
from tests.e2e.test_buddies_slack import colleague, meet, next_dm, set_manager
from tests.slack import SlackUser, button_titles, text_of

EVERYONE = ("`/spar drill", "`/spar interview", "`/spar precall ACCOUNT TIME`", "`/spar debrief`", "`/spar streak`")


def help_of(person: SlackUser) -> dict:
    return person.runs("help")[1][0]


def test_a_rep_sees_every_practice_command_one_line_each_and_no_team_commands(rep: SlackUser) -> None:
    text = text_of(help_of(rep))
    assert all(command in text for command in EVERYONE) and "`/spar buddy`: find a practice buddy" in text
    lines = [line for line in text.splitlines() if line.startswith("• ")]
    assert all(line.count("`/spar ") >= 1 for line in lines) and len(lines) == 8
    assert "For managers" not in text and "`/spar team" not in text


def test_a_buddy_sees_the_buddy_commands(rep: SlackUser, stack: dict) -> None:
    partner = colleague(rep, stack, "H", "Hal Helper")
    before = len(partner.replies())
    rep.runs(f"buddy invite <@{partner.user_id}>")
    invitation, before = next_dm(partner, before), len(rep.replies())
    partner.clicks(invitation, "Accept")
    assert "accepted" in text_of(next_dm(rep, before))
    text = text_of(help_of(rep))
    assert "`/spar buddy`: your buddy's week" in text and "`/spar buddy end`" in text
    assert "find a practice buddy" not in text


def test_a_manager_and_an_admin_see_their_own_commands(rep: SlackUser, stack: dict) -> None:
    boss = colleague(rep, stack, "M", "Morgan Manager")
    meet(stack, boss, rep)
    set_manager(stack, boss, rep)
    answer = help_of(boss)
    text = text_of(answer)
    assert "*For managers:*" in text and "`/spar team [month]`: your team's" in text and "`/spar buddy pair`" in text
    assert "Team summary" in button_titles(answer)
    with session_scope(stack["db_url"]) as session:
        person = find_user(session, boss.team_id, boss.user_id)
        assert person is not None
        person.role = "admin"
    text = text_of(help_of(boss))
    assert "*For admins:*" in text and "the whole workspace's summary" in text and "`spar roster import FILE`" in text


def test_a_managers_home_shows_the_team_at_a_glance_and_its_buttons(rep: SlackUser, stack: dict) -> None:
    boss = colleague(rep, stack, "G", "Glenn Boss")
    quiet = colleague(rep, stack, "Q", "Quinn Quiet")
    meet(stack, boss, rep, quiet)
    set_manager(stack, boss, rep, quiet)
    with session_scope(stack["db_url"]) as session:
        riley = find_user(session, rep.team_id, rep.user_id)
        assert riley is not None
        complete_session(start_session(session, riley, "drill", "cfo-discovery:standard"), 64.0)
    view = boss.opens_home()
    words = text_of(view)
    assert "*Your team*" in words and "*This week:* 1 of 2 reps practised; not yet: Quinn Quiet" in words
    assert {"Team summary", "This month", "Pair the team"} <= set(button_titles(view))
    assert "Your streak" in words  # the manager's own practice still follows
    summary = boss.clicks_home(view, "Team summary")
    assert "Riley Rep" in text_of(summary[0])
    assert "*Your team*" not in text_of(rep.opens_home())  # a rep's Home has no team view
