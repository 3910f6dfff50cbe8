"""Managers' calibration practice in Slack: the sample, the marks, the agreement card, what is stored."""

from __future__ import annotations

from tests.slack import SlackUser, db_rows, text_of


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
