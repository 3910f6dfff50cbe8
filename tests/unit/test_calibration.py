"""Managers' calibration practice: marks are read, compared with the reference labels, and recorded."""

from __future__ import annotations

from coach.interviews.calibration import agreement, find_sample, load_samples, read_marks, reference_score


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


def test_a_number_of_thousands_of_digits_is_no_score_and_no_crash() -> None:
    assert read_marks("situation and action, score " + "9" * 5000) == ({"situation", "action"}, None)
    assert read_marks("situation, 70 " + "1" * 5000) == ({"situation"}, 70)


def test_a_commitment_of_thousands_of_digits_is_not_read() -> None:
    from coach.buddies.commitments import read_commitment

    assert read_commitment("9" * 5000 + " drills this week") is None
    assert read_commitment("3 drills and " + "7" * 5000 + " interviews") == {"drills": 3}
