"""Counts read as English: "1 real call", "2 drills", "streak 0 days"."""

from __future__ import annotations

from coach.reports.team_summary import render_summary
from coach.text import plural


def test_plural_fits_the_count() -> None:
    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"


def summary_of(**rep: object) -> str:
    """The team summary of one rep (the fields team_summary fills, with `rep`'s instead where given)."""
    row = {
        "name": "Riley",
        "streak": 1,
        "sessions": {},
        "average_score": None,
        "focus": None,
        "skills": {},
        "useful": 0,
        "not_useful": 0,
        "commitment": None,
        "commitment_kept": False,
        "at_risk": [],
        **rep,
    }
    team = {"practised": 1, "reps": 1, "calls": 1, "calls_with_checklist": 1, "deals_advanced": 1}
    return render_summary({"reps": [row], "days": 7, "team": team})


def test_the_team_summary_counts_read_as_english() -> None:
    text = summary_of(sessions={"drill": 2, "interview": 1}, average_score=70.0)
    assert "*Results:* 1 real call debriefed, 1 with a checklist first, 1 deal moved on." in text
    assert "• Riley: streak 1, 2 drills, 1 interview, average 70" in text
