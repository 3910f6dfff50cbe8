"""The team summary as Slack messages: a page of reps at a time in Block Kit, and the whole summary as a CSV file.

Plain data for `chat.postMessage`: the action server sends a page in a reply's custom payload, the bot posts it and
pages with the "Next page" and "Previous page" buttons, whose values hold only the page and the period.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from coach.mrkdwn import shown
from coach.text import plural

SUMMARY = "spar_summary"  # the key under which a reply carries a page of the summary (and the CSV, past one page)
PAGE = "summary_page"  # the action id of the paging buttons: summary_page_next, summary_page_previous
REPS_PER_PAGE = 40  # with the 8 other blocks, 48 of the 50 a message may hold
MAX_SECTION = 3000  # Slack's limits: a section's text, a field, a header, the fields of a section
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_FIELDS = 10


def pages_in(summary: dict[str, Any]) -> int:
    return max(1, -(-len(summary["reps"]) // REPS_PER_PAGE))


def summary_page(summary: dict[str, Any], period: str, page: int = 1) -> dict[str, Any]:
    """chat.postMessage arguments for one page (counted from 1, kept within the summary's pages): the team's
    results, retention by week and reps at risk, then the page's reps, then the paging buttons."""
    team, reps = summary["team"], summary["reps"]
    title = f"Team summary, last {summary['days']} days"
    if not reps:
        empty = "No reps report to you in Spar yet. Add them with `/spar team add @name` or the roster import."
        return {"text": empty, "blocks": [_header(title), _section(empty)]}
    pages = pages_in(summary)
    page = min(max(page, 1), pages)
    first = (page - 1) * REPS_PER_PAGE
    shown_reps = reps[first : first + REPS_PER_PAGE]
    practised = f"{team['practised']} of {plural(team['reps'], 'rep')} practised"
    where = f"page {page} of {pages}; everyone is in the CSV file below" if pages > 1 else "everyone on one page"
    blocks = [
        _header(title),
        _context(f"{practised} · {where}"),
        _fields(
            "*Results*",
            [
                f"*Real calls debriefed*\n{team['calls']}",
                f"*With a checklist first*\n{team['calls_with_checklist']}",
                f"*Deals moved on*\n{team['deals_advanced']}",
                f"*Practice sessions*\n{team['sessions']}",
            ],
        ),
        _fields("*Team retention by week* (skills shown when practised)", _retention(summary["retention"])),
        _section("*At risk:* " + _at_risk(reps)),
        {"type": "divider"},
        *(_rep_block(rep) for rep in shown_reps),
        _context(f"Reps {first + 1}–{first + len(shown_reps)} of {len(reps)}"),
    ]
    buttons = []
    if page > 1:
        buttons.append(_page_button("Previous page", "previous", page - 1, period))
    if page < pages:
        buttons.append(_page_button("Next page", "next", page + 1, period))
    if buttons:
        blocks.append({"type": "actions", "block_id": f"summary_pages_{page}", "elements": buttons})
    return {"text": f"{title}: {practised}", "blocks": blocks}


def _rep_block(rep: dict[str, Any]) -> dict[str, Any]:
    """One rep as a section: the name and streak, then a field each for activity, coaching, skills due and slipping,
    commitment and risk (those that say something)."""
    activity = ", ".join(plural(n, kind) for kind, n in sorted(rep["sessions"].items())) or "no practice"
    if rep["average_score"] is not None:
        activity += f", average {rep['average_score']:.0f}"
    if rep["useful"] or rep["not_useful"]:
        activity += f", drills rated {rep['useful']} 👍 {rep['not_useful']} 👎"
    fields = [f"*Activity*\n{activity}"]
    if rep["focus"]:
        fields.append(f"*Coach on*\n{_skill(rep['focus'])}")
    elif rep["skills"]:
        fields.append("*Coach on*\nnothing weak: stretch with the hard variants")
    if rep["due"]:
        fields.append("*Skills due*\n" + ", ".join(map(_skill, rep["due"])))
    if rep["slipping"]:
        fields.append("*Skills slipping*\n" + ", ".join(map(_skill, rep["slipping"])))
    if rep["commitment"]:
        fields.append(f"*Committed*\n{rep['commitment']}{' ✅' if rep['commitment_kept'] else ''}")
    if rep["at_risk"]:
        fields.append("*At risk*\n" + ", ".join(rep["at_risk"]))
    block = _section(f"*{shown(rep['name'])}* · streak {rep['streak']}")
    block["fields"] = [{"type": "mrkdwn", "text": _clip(f, MAX_FIELD)} for f in fields[:MAX_FIELDS]]
    return block


def _retention(weeks: list[dict[str, Any]]) -> list[str]:
    return [
        f"*From {_day(week['from'])}*\n"
        + (f"{week['retention']:.0%} of {plural(week['reviews'], 'skill')}" if week["reviews"] else "no practice")
        for week in weeks
    ]


def _at_risk(reps: list[dict[str, Any]]) -> str:
    """Everyone at risk, as many as a section holds ("and 12 more" for the rest, who are in the CSV)."""
    named = [f"{shown(r['name'])} ({', '.join(r['at_risk'])})" for r in reps if r["at_risk"]]
    if not named:
        return "nobody"
    text = ""
    for count, entry in enumerate(named):
        more = f"; and {len(named) - count} more"
        if len(text) + len(entry) + len(more) + 30 > MAX_SECTION:
            return text + more
        text += ("; " if text else "") + entry
    return text


def _page_button(title: str, direction: str, page: int, period: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": f"{PAGE}_{direction}",
        "text": {"type": "plain_text", "text": title},
        "value": f"{page}:{period}",
    }


def read_page_value(value: str) -> tuple[int, str] | None:
    """A paging button's value, "2:week", as (2, "week"); None for anything else."""
    page, _, period = value.partition(":")
    return (int(page), period) if page.isdigit() and len(page) <= 6 and period in ("week", "month") else None


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(text, MAX_HEADER)}}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, MAX_SECTION)}}


def _fields(title: str, fields: list[str]) -> dict[str, Any]:
    block = _section(title)
    block["fields"] = [{"type": "mrkdwn", "text": _clip(f, MAX_FIELD)} for f in fields[:MAX_FIELDS]]
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text, MAX_SECTION)}]}


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _skill(skill: str) -> str:
    return skill.replace("_", " ")


def _day(iso: str) -> str:
    return f"{date.fromisoformat(iso):%-d %b}"


CSV_COLUMNS = ("slack_id", "name", "streak", "sessions", "average_score", "focus", "at_risk", "due", "slipping",
               "commitment")  # fmt: skip


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM") starts with a quote."""
    return f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def summary_csv(summary: dict[str, Any]) -> str:
    """Everyone in the summary, a row each: the columns above, then each skill's average score."""
    skills = sorted({skill for rep in summary["reps"] for skill in rep["skills"]})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *(f"score: {_skill(skill)}" for skill in skills)])
    for rep in summary["reps"]:
        row = [
            rep["slack_id"],
            rep["name"],
            rep["streak"],
            sum(rep["sessions"].values()),
            rep["average_score"],
            rep["focus"],
            "; ".join(rep["at_risk"]),
            "; ".join(rep["due"]),
            "; ".join(rep["slipping"]),
            rep["commitment"],
            *(rep["skills"].get(skill) for skill in skills),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def csv_filename(summary: dict[str, Any]) -> str:
    return f"team-summary-last-{summary['days']}-days.csv"
