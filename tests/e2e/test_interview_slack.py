"""Interview practice through Slack: a question, answers (in one message or several), probes, a score card."""

from __future__ import annotations

import re

from coach.interviews.practice import load_questions
from coach.interviews.sar import PROBES, analyse_sar
from tests.slack import SlackUser, db_rows, text_of

FULL = (
    "Last March a logistics customer's procurement team asked me for 30% off at renewal. My job was to keep the "
    "price. I asked what was behind the number, showed their CFO the hours our routing saved them, and offered a "
    "two-year term instead. They renewed at 5% off for $410k, and I learned to bring the value numbers before "
    "procurement does."
)
NO_RESULT = "In June a bank stalled on our proposal for a month. I called their CFO and rebuilt the business case."


RESULT_PROBES = {PROBES["result"]} | {q.probe_for("result") for q in load_questions()} - {None}
STORY = (
    "In March a procurement lead at Halden Health asked me for 20% off a $400k renewal. My job was to hold the price. "
    "I asked what drove the number, then I offered a two-year extension with a price cap in return. She signed at 5% "
    "off, so we kept $380k. I learned to ask what is behind a number before I answer it."
)


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
    assert probe in RESULT_PROBES
    lesson = text_of(rep.says("They signed a two-year deal at $150k three weeks later.")[0])
    assert lesson in (PROBES["task"], PROBES["learning"])  # the story is told: now the task or the lesson
    card = text_of(rep.says("My job was to save the deal. I learned to call the CFO in week one.")[0])
    assert score_in(card) > analyse_sar(NO_RESULT).score
    assert "three weeks later" in card  # the messages were judged as one answer
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


def test_the_card_judges_the_answer_as_finally_told(rep: SlackUser) -> None:
    rep.says("/start_interview")
    probe = text_of(rep.says("We worked really hard on it as a team and we did our best, we really did.")[0])
    assert probe  # a vague first try is probed
    card = text_of(rep.says(STORY)[0])
    assert score_in(card) >= 80 and "worked really hard" not in card
    assert "you said 'I' 6 times and 'we' 1 times" in card  # the first try's "we" no longer counts against it
