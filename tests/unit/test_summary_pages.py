"""The team summary's pages in Block Kit keep within what Slack takes, however many reps and however long their names,
and the CSV file has everyone."""

from __future__ import annotations

import csv
import io
from typing import Any

from coach.reports.summary_pages import REPS_PER_PAGE, pages_in, read_page_value, summary_csv, summary_page

SKILLS = [f"skill_number_{n}" for n in range(30)]


def rep(n: int, name: str | None = None) -> dict[str, Any]:
    return {
        "slack_id": f"U{n:05d}",
        "name": name or f"Rep {n:04d}",
        "streak": n % 9,
        "freezes": 0,
        "sessions": {"drill": n % 4, "micro": 2} if n % 3 else {},
        "average_score": 61.5 if n % 3 else None,
        "skills": {skill: 40.0 for skill in SKILLS} if n % 3 else {},
        "due": SKILLS if n % 2 else [],
        "slipping": SKILLS[:12],
        "useful": 1,
        "not_useful": 0,
        "calls": 0,
        "calls_with_checklist": 0,
        "deals_advanced": 0,
        "at_risk": ["no practice in 7 days", "missed 2 buddy check-ins", "buddy silent"] if n % 5 == 0 else [],
        "focus": SKILLS[0] if n % 3 else None,
        "commitment": "1/3 drills" if n % 7 == 0 else None,
        "commitment_kept": False,
    }


def summary(reps: list[dict[str, Any]]) -> dict[str, Any]:
    weeks = [{"from": f"2026-01-{5 + 7 * n:02d}", "reviews": 10 * n, "retention": 0.8 if n else None} for n in range(4)]
    weeks += [{"from": f"2026-02-{2 + 7 * n:02d}", "reviews": 12, "retention": 0.75} for n in range(4)]
    practised = sum(1 for r in reps if r["sessions"])
    team = {"reps": len(reps), "practised": practised, "sessions": 0, "calls": 3, "calls_with_checklist": 2,
            "deals_advanced": 1}  # fmt: skip
    return {"team_id": "T1", "viewer": "UADMIN", "days": 7, "reps": reps, "retention": weeks, "team": team}


def within_slacks_limits(message: dict[str, Any]) -> None:
    """What Slack refuses in a message: more than 50 blocks, text over 40,000 characters, a section's text over
    3,000, more than 10 fields or a field over 2,000, a header over 150, a context of more than 10 elements."""
    assert len(message["text"]) <= 40_000 and len(message["blocks"]) <= 50
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        elif block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        elif block["type"] == "context":
            assert len(block["elements"]) <= 10


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {e["text"]["text"]: e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


def test_every_page_of_a_2000_rep_summary_keeps_within_slacks_limits() -> None:
    reps = [rep(n, ("Ünïcode Namé " * 30) if n % 11 == 0 else None) for n in range(2000)]
    whole = summary(reps)
    assert pages_in(whole) == 50
    for page in range(1, 51):
        within_slacks_limits(summary_page(whole, "week", page))
    first, middle, last = (summary_page(whole, "week", p) for p in (1, 2, 50))
    assert buttons(first) == {"Next page": "2:week"}
    assert buttons(middle) == {"Previous page": "1:week", "Next page": "3:week"}
    assert buttons(last) == {"Previous page": "49:week"}
    assert "page 1 of 50" in str(first["blocks"]) and "Reps 41–80 of 2000" in str(middle["blocks"])
    assert "; and " in str(first["blocks"]) and "more" in str(first["blocks"])  # at risk: as many as fit, then a count


def test_a_page_past_the_last_shows_the_last_and_a_small_team_has_no_buttons() -> None:
    whole = summary([rep(n) for n in range(REPS_PER_PAGE + 1)])
    assert "Reps 41–41 of 41" in str(summary_page(whole, "month", 9)["blocks"])
    small = summary_page(summary([rep(1), rep(2)]), "week")
    assert buttons(small) == {} and "everyone on one page" in str(small["blocks"])


def test_a_rep_section_names_their_skills_due_and_slipping_and_the_team_retention_by_week() -> None:
    page = summary_page(summary([rep(1)]), "week")
    header, context, results, retention, at_risk, _, riley, *_ = page["blocks"]
    assert header["text"]["text"] == "Team summary, last 7 days"
    assert [f["text"] for f in retention["fields"]][:2] == [
        "*From 5 Jan*\nno practice",
        "*From 12 Jan*\n80% of 10 skills",
    ]
    assert len(retention["fields"]) == 8
    fields = [f["text"] for f in riley["fields"]]
    assert riley["text"]["text"] == "*Rep 0001* · streak 1"
    assert fields[0] == "*Activity*\n1 drill, 2 micros, average 62, drills rated 1 👍 0 👎"
    assert "*Skills due*\nskill number 0, skill number 1" in fields[2]
    assert fields[3].startswith("*Skills slipping*\nskill number 0")


def test_page_buttons_carry_only_a_page_and_a_period() -> None:
    assert read_page_value("2:week") == (2, "week") and read_page_value("7:month") == (7, "month")
    assert read_page_value("2:week:T0OTHER") is None and read_page_value("UADMIN") is None
    assert read_page_value("9" * 5000 + ":week") is None  # no number too long to read
    assert read_page_value("-1:week") is None


def test_the_csv_has_everyone_skill_scores_included_and_no_formulas() -> None:
    reps = [rep(n) for n in range(120)]
    reps[1]["name"] = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(summary_csv(summary(reps)))))
    assert len(rows) == 120 and rows[1]["name"].startswith("'=")
    assert rows[1]["score: skill number 0"] == "40.0" and rows[1]["due"].startswith("skill_number_0; ")
