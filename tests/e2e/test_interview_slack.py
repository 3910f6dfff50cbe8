"""Interview practice through Slack: a question, answers (in one message or several), probes, a score card."""

from __future__ import annotations

import re

from coach.interviews.sar import analyse_sar
from tests.slack import SlackUser, db_rows, text_of

FULL = (
    "Last March a logistics customer's procurement team asked me for 30% off at renewal. My job was to keep the "
    "price. I asked what was behind the number, showed their CFO the hours our routing saved them, and offered a "
    "two-year term instead. They renewed at 5% off for $410k, and I learned to bring the value numbers before "
    "procurement does."
)
NO_RESULT = "In June a bank stalled on our proposal for a month. I called their CFO and rebuilt the business case."


def score_in(card: str) -> int:
    found = re.search(r"Score: (\d+)/100", card)
    assert found, card
    return int(found.group(1))


def test_a_full_answer_gets_no_probe_and_a_high_score(rep: SlackUser) -> None:
    question = text_of(rep.says("give me an interview question")[0])
    assert "interview question" in question and "real example" in question
    card = text_of(rep.says(FULL)[0])
    assert score_in(card) >= 80
    assert "A strong" in card and '"They renewed at 5% off for $410k' in card  # the sentence that showed it


def test_a_missing_result_is_probed_and_the_follow_up_raises_the_score(rep: SlackUser, stack: dict) -> None:
    rep.says("/start_interview")
    probe = text_of(rep.says(NO_RESULT)[0])
    assert probe == "How did it turn out in the end?"
    card = text_of(rep.says("They signed a two-year deal at $150k three weeks later.")[0])
    assert score_in(card) > analyse_sar(NO_RESULT).score
    assert "three weeks later" in card  # the two messages were judged as one answer
    rows = db_rows(
        stack["db_url"],
        "SELECT s.status, s.score FROM practice_sessions s JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert rows == [("completed", float(score_in(card)))]


def test_a_hypothetical_answer_is_asked_for_a_real_example(rep: SlackUser) -> None:
    rep.says("mock interview please")
    probe = text_of(rep.says("I would ask what they compare us to, and I'd show them the cost of doing nothing.")[0])
    assert "specific time it actually happened" in probe


def test_stop_ends_the_interview(rep: SlackUser, stack: dict) -> None:
    rep.says("ask me a behavioural question")
    assert "stopped" in text_of(rep.says("stop")[0])
    rows = db_rows(
        stack["db_url"],
        "SELECT s.status FROM practice_sessions s JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert rows == [("abandoned",)]
