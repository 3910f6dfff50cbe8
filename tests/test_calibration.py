"""Managers' calibration practice: marks are read, compared with the reference labels, and recorded."""

from __future__ import annotations

from coach.interviews.calibration import agreement, find_sample, load_samples, read_marks, reference_score
from tests.slack import SlackUser, db_rows, text_of


def test_marks_are_read_from_plain_words_and_a_score() -> None:
    assert read_marks("situation, action, result + numbers. 75") == (
        {"situation", "action", "result", "quantified_result"},
        75,
    )
    assert read_marks("none 10") == (set(), 10)
    assert read_marks("hmm not sure") is None


def test_agreement_names_what_was_seen_and_missed() -> None:
    sample = find_sample("calibration-003")  # situation, action, result, ownership we
    assert sample is not None
    share, card = agreement(sample, {"situation", "action", "learning"}, 60)
    assert share == 4 / 6
    assert "4 of 6 parts" in card and "You saw, the reference didn't: learning." in card
    assert "The reference saw, you didn't: result." in card
    assert f"Reference score: {reference_score(sample.labels)}" in card


def test_every_competency_has_a_calibration_sample() -> None:
    from coach.interviews.practice import load_questions

    competencies = {q.competency for q in load_questions()}
    assert {s.competency for s in load_samples()} == competencies


def test_calibration_in_slack_records_the_marks_and_shows_agreement(rep: SlackUser, stack: dict) -> None:
    _, replies = rep.runs("interview calibrate")
    shown = text_of(replies[0])
    assert "Calibration" in shown and "Which parts does this answer have?" in shown
    again = text_of(rep.says("no idea honestly")[0])
    assert again.startswith("Which parts does this answer have?")
    card = text_of(rep.says("situation action result 70")[0])
    assert "You agreed with the reference on" in card and "Your score: 70" in card
    rows = db_rows(
        stack["db_url"],
        "SELECT s.kind, s.status, s.ref FROM practice_sessions s JOIN users u ON u.id = s.user_id "
        "WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert len(rows) == 1 and rows[0][:2] == ("calibration", "completed") and rows[0][2].startswith("calibration-")
    marks = db_rows(
        stack["db_url"],
        "SELECT t.text FROM turns t JOIN practice_sessions s ON s.id = t.session_id "
        "JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u AND t.speaker = 'rep'",
        u=rep.user_id,
    )
    assert marks == [("no idea honestly",), ("situation action result 70",)]
