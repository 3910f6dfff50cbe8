"""Slack-level tests: signed requests to the running bot, replies read from the mock Web API."""

from __future__ import annotations

import time

import requests

from bot.mentions import POINTER
from bot.sandbox import payloads
from tests.slack import SlackUser, button_titles, db_rows, text_of

HELP = "Here's what we can practise"


def stored_messages(stack: dict, user: SlackUser) -> list[str]:
    sql = "SELECT text FROM inbound_messages WHERE user_slack_id = :u ORDER BY id"
    return [row[0] for row in db_rows(stack["db_url"], sql, u=user.user_id)]


def test_hi_gets_the_help_answer_with_buttons(rep: SlackUser) -> None:
    replies = rep.says("hi", expect=2)
    assert HELP in text_of(replies[-1])
    assert button_titles(replies[-1]) == ["Start a role-play", "Interview practice", "Pre-call checklist", "My streak"]


def test_slash_spar_help_answers_in_the_dm(rep: SlackUser) -> None:
    response, replies = rep.runs("help")
    assert response.status_code == 200
    assert HELP in text_of(replies[0])


def test_unknown_subcommand_gets_usage_not_silence(rep: SlackUser) -> None:
    response, _ = rep.runs("dance", expect=0)
    assert response.status_code == 200
    assert "/spar help" in response.text and "dance" in response.text


def test_a_button_click_is_handled_and_the_choice_shown(rep: SlackUser) -> None:
    help_message = rep.says("help")[0]
    replies = rep.clicks(help_message, "My streak")
    assert "haven't practised yet" in text_of(replies[0])
    updated = rep.slack.api.wait_for(
        lambda: next((m for m in rep.replies() if m["ts"] == help_message["ts"] and "You chose" in text_of(m)), None)
    )
    assert "My streak" in text_of(updated)


def test_forged_signature_is_refused_and_nothing_stored(rep: SlackUser, stack: dict) -> None:
    body = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, "hi there, forged")
    forged = payloads.signed_headers("not-the-secret", *body)
    response = rep.post(body, signed=forged)
    assert response.status_code == 401
    time.sleep(1)
    assert rep.replies() == []
    assert stored_messages(stack, rep) == []


def test_request_older_than_five_minutes_is_refused(rep: SlackUser, stack: dict) -> None:
    body = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, "hi from the past")
    stale = payloads.signed_headers("test-signing-secret", *body, timestamp=int(time.time()) - 6 * 60)
    assert rep.post(body, signed=stale).status_code == 401
    assert stored_messages(stack, rep) == []


def test_a_retried_event_gives_one_reply_and_one_stored_message(rep: SlackUser, stack: dict) -> None:
    body = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, "thanks coach", event_id="EvRETRY0001")
    assert rep.post(body).status_code == 200
    rep.slack.api.wait_for(lambda: rep.replies())
    retry = rep.post(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    time.sleep(2)
    assert len(rep.replies()) == 1
    assert stored_messages(stack, rep) == ["thanks coach"]


def test_health_and_readiness(stack: dict) -> None:
    assert requests.get(f"{stack['bot_url']}/healthz", timeout=5).status_code == 200
    ready = requests.get(f"{stack['bot_url']}/readyz", timeout=5)
    assert ready.status_code == 200 and ready.json() == {
        "ok": True,
        "database": True,
        "rasa": True,
        "actions": True,
        "scheduler": True,
    }


def test_first_contact_stores_the_user_with_their_slack_time_zone(rep: SlackUser, stack: dict) -> None:
    rep.says("thanks")
    rows = db_rows(stack["db_url"], "SELECT name, tz, team_id FROM users WHERE slack_id = :u", u=rep.user_id)
    assert rows == [("Riley Rep", "America/New_York", rep.team_id)]


def test_streak_answer_counts_the_reps_practice(rep: SlackUser, stack: dict) -> None:
    from coach.db import session_scope
    from coach.people import ensure_user
    from coach.practice.sessions import complete_session, start_session

    with session_scope(stack["db_url"]) as session:
        user = ensure_user(session, rep.team_id, rep.user_id, tz="America/New_York")
        complete_session(start_session(session, user, "drill"), 75.0)
    assert "streak is 1 day" in text_of(rep.says("what's my streak")[0])


def test_app_home_shows_the_streak_and_ways_to_start(rep: SlackUser) -> None:
    view = rep.opens_home()
    assert view["type"] == "home"
    words = text_of(view)
    assert "Your streak" in words and "first drill" in words
    assert "Start a role-play" in button_titles(view)
    assert "Recommended next" in words and "Start it" in button_titles(view)


def test_app_home_shows_recent_scores_after_practice(rep: SlackUser, stack: dict) -> None:
    from coach.db import session_scope
    from coach.people import find_user
    from coach.practice.sessions import complete_session, start_session

    rep.says("hi", expect=2)
    with session_scope(stack["db_url"]) as session:
        user = find_user(session, rep.team_id, rep.user_id)
        assert user is not None
        complete_session(start_session(session, user, "interview", "discovery-1"), 82.0)
        complete_session(start_session(session, user, "drill", "cfo-discovery:standard"), 64.0)
    words = text_of(rep.opens_home())
    assert "Recent scores" in words and "Interview · Discovery · 82" in words
    assert "Drill · Discovery with a CFO · 64" in words and "cfo-discovery" not in words


def in_channel(rep: SlackUser, channel: str) -> list[str]:
    return [text_of(m) for m in rep.slack.api.messages if m["channel"] == channel]


def test_a_mention_in_a_channel_is_answered_in_the_dm_with_a_pointer_in_its_thread(rep: SlackUser) -> None:
    channel = f"C{rep.user_id[1:]}"
    before = len(rep.replies())
    replies = rep.mentions("help", channel=channel)
    assert [text_of(m) for m in replies] == [POINTER] and replies[0]["thread_ts"]
    assert HELP in text_of(rep.slack.api.wait_for(lambda: rep.replies()[before:])[0])  # the answer: in the DM


def test_a_mention_asking_for_practice_data_puts_none_in_the_channel(rep: SlackUser, stack: dict) -> None:
    from coach.db import session_scope
    from coach.people import ensure_user
    from coach.practice.sessions import complete_session, start_session

    with session_scope(stack["db_url"]) as session:
        user = ensure_user(session, rep.team_id, rep.user_id, tz="America/New_York")
        complete_session(start_session(session, user, "drill"), 75.0)
    channel = f"C{rep.user_id[1:]}"
    before = len(rep.replies())
    rep.mentions("what's my streak", channel=channel)
    assert "streak is 1 day" in text_of(rep.slack.api.wait_for(lambda: rep.replies()[before:])[0])
    rep.mentions("let's do a role-play", channel=channel)
    offer = rep.slack.api.wait_for(lambda: rep.replies()[before + 1 :])[0]
    assert any(title.startswith("Start") for title in button_titles(offer))  # the drill offer: in the DM
    time.sleep(1)
    assert in_channel(rep, channel) == [POINTER, POINTER]  # no streak, no scenario, no score in the channel


def test_a_mention_never_feeds_a_drill_open_in_the_dm(rep: SlackUser, stack: dict) -> None:
    from tests.e2e.test_drill_slack import script, sessions, start

    lines = script("cfo-discovery", "strong")
    start(rep, "cfo-discovery")
    assert text_of(rep.says(lines[0])[0]).startswith("*Dana Whitfield")
    before = len(rep.replies())
    rep.mentions("How much does your coffee cost?", channel=f"C{rep.user_id[1:]}")
    note = text_of(rep.slack.api.wait_for(lambda: rep.replies()[before:])[0])
    assert "in the middle of a role-play drill" in note and "How much does your coffee cost?" in note
    assert sessions(stack, rep)[0][3] == 1  # the buyer never heard it
    assert text_of(rep.says(lines[1])[0]).startswith("*Dana Whitfield")  # the drill goes on from where it was
    assert sessions(stack, rep)[0][3] == 2


def test_messages_from_other_bots_are_not_answered(rep: SlackUser) -> None:
    import json

    body, content_type = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, "hi")
    event = json.loads(body)
    event["event"].update(subtype="bot_message", bot_id="B0OTHER")
    assert rep.post((json.dumps(event), content_type)).status_code == 200
    time.sleep(1.5)
    assert rep.replies() == []


def test_nonsense_gets_sorry_and_the_help_button(rep: SlackUser) -> None:
    salad = " ".join(["seven lanterns argue with the soup while an orange ladder sings"] * 60)
    for text in ("purple monkey dishwasher banana", "asdf qwerty blorp zxcv", salad):
        answer = rep.says(text)[0]
        assert text_of(answer).startswith("Sorry, I didn't catch that"), (text[:40], text_of(answer))
        assert "Show me what you can do" in button_titles(answer)
