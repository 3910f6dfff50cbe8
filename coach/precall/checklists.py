"""Pre-call checklists: the deal, the buyer, their stage, each exit criterion marked, then the call plan.

A checklist asks one thing at a time; what it asks next follows from what the run already holds, so it
picks up where it was after any restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.models import ChecklistRun, Deal, User, utcnow
from coach.mrkdwn import shown
from coach.precall.buying_process import PERSONAS, Stage, find_stage, load_stages, read_persona, read_stage
from coach.precall.calltime import read_call_mention
from coach.precall.deals import find_or_create_deal

MARKS = {"confirmed": "Confirmed", "unknown": "Unknown", "not_met": "Not met"}
PHRASES = (  # several words for one mark, read before the reply is split into one mark per criterion
    (r"not met|not yet|not confirmed", "n"),
    (r"not sure|don't know|dont know|do not know|no idea|unknown", "?"),
    (r"confirmed", "y"),
)
TOKENS = {
    "confirmed": {"y", "yes", "yep", "yeah", "ok", "done", "met", "true", "✓", "✅"},
    "not_met": {"n", "no", "nope", "x", "✗", "❌", "false"},
    "unknown": {"?", "??", "idk", "maybe", "unsure", "u", "❔"},
}
KEEP = re.compile(r"^\s*(keep|ok|okay|yes|y|fine|good|looks good|thanks|thank you|great|👍)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    """What to ask next, with the answers offered as buttons (title, the reply it sends)."""

    text: str
    options: list[tuple[str, str]] = field(default_factory=list)


def local_time(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %d %b, %H:%M")


def start_checklist(session: Session, user: User, text: str, now: datetime | None = None) -> ChecklistRun:
    """A new checklist for the call the rep mentioned ("call with Northwind at 3pm"), in the rep's time zone."""
    mention = read_call_mention(text, now or utcnow(), user.tz or "UTC")
    run = ChecklistRun(team_id=user.team_id, user_id=user.id, call_at=mention.starts_at, answers={})
    if mention.account:
        attach_deal(run, find_or_create_deal(session, user, mention.account))
    session.add(run)
    session.flush()
    return run


def own_run(session: Session, user: User, run_id: str | None) -> ChecklistRun | None:
    """The run `run_id` names, only when it is this rep's own: an id held by the dialogue (or typed into a payload)
    never reaches another rep's run, nor another workspace's."""
    run = session.get(ChecklistRun, int(run_id)) if run_id and str(run_id).isdigit() else None
    if run is None or run.team_id != user.team_id or run.user_id != user.id:
        return None
    return run


def attach_deal(run: ChecklistRun, deal: Deal) -> None:
    run.deal_id = deal.id
    if run.stage is None and deal.stage:
        run.stage = deal.stage


def _deal(session: Session, run: ChecklistRun) -> Deal | None:
    return session.get(Deal, run.deal_id) if run.deal_id else None


def weekend_note(run: ChecklistRun, tz: str, account: str) -> str:
    """A line when the call falls on a weekend ("tomorrow at 3pm" said on a Friday), so the rep can set it right."""
    if run.call_at is None:
        return ""
    local = run.call_at.astimezone(ZoneInfo(tz))
    if local.weekday() < 5:
        return ""
    return (
        f"Note: that puts the call on a {local:%A} ({local_time(run.call_at, tz)}). If you meant a weekday, say"
        f" `stop` and start again with the day, e.g. `/spar precall {shown(account)} Monday {local:%H:%M}`.\n"
    )


def next_prompt(session: Session, run: ChecklistRun) -> Prompt | None:
    """The next question, or None when the plan is ready."""
    deal = _deal(session, run)
    if deal is None:
        return Prompt("Which account is the call with?")
    if not deal.buyer_role:
        return Prompt(
            f"{weekend_note(run, _user(session, run).tz or 'UTC', deal.account)}"
            f"Who are you meeting at *{shown(deal.account)}*? Tap their role, or type their name and title.",
            [(name.capitalize(), name) for name in PERSONAS.values()],
        )
    stage = find_stage(run.stage)
    if stage is None:
        listing = "\n".join(f"{i}. *{s.name}*: {s.buyer_objectives[0]}" for i, s in enumerate(load_stages(), 1))
        return Prompt(
            f"Where is {shown(deal.buyer_name or 'the buyer')} in their buying process?\n{listing}",
            [(s.name[:75], s.name) for s in load_stages()],
        )
    pending = [c for c in stage.exit_criteria if c.id not in run.answers]
    if pending:
        done = len(stage.exit_criteria) - len(pending)
        first = (
            f"*{stage.name}*: {len(stage.exit_criteria)} exit criteria. Mark each one, or answer them all at once"
            f" (e.g. `y ? n`).\n"
            if done == 0
            else ""
        )
        return Prompt(
            f"{first}{done + 1}/{len(stage.exit_criteria)} · {pending[0].text}",
            [(title, title) for title in MARKS.values()],
        )
    return None


def read_criterion_marks(text: str) -> list[str]:
    """One mark per criterion from a short reply: "y", "not met", "y ? n"; empty when it cannot be read."""
    lowered = text.lower().strip()
    for pattern, short in PHRASES:
        lowered = re.sub(rf"\b{pattern}\b", f" {short} ", lowered)
    lowered = re.sub(r"\?+", " ? ", lowered)
    marks = []
    for token in re.split(r"[,;\s]+", lowered.strip(" .!")):
        mark = next((m for m, words in TOKENS.items() if token.strip(".!") in words), None)
        if mark is None:
            return []
        marks.append(mark)
    return marks


def take_reply(session: Session, run: ChecklistRun, text: str) -> str | None:
    """Apply the rep's reply to the current question; a hint when it could not be read, else None."""
    text = text.strip()
    deal = _deal(session, run)
    if deal is None:
        if not text or len(text) > 200:
            return "Just the account's name, please (e.g. Northwind)."
        attach_deal(run, find_or_create_deal(session, _user(session, run), text))
        return None
    if not deal.buyer_role:
        persona = read_persona(text)
        if persona is None:
            return 'I couldn\'t tell their role. Tap one of the buttons, or say e.g. "Dana, the CFO".'
        deal.buyer_role = persona
        if text.lower() not in PERSONAS.values():
            deal.buyer_name = text[:200]
        return None
    stage = find_stage(run.stage)
    if stage is None:
        chosen = read_stage(text)
        if chosen is None:
            return "Tap one of the stages, or type its number."
        run.stage = chosen.id
        if not deal.stage:
            deal.stage = chosen.id
        return None
    pending = [c for c in stage.exit_criteria if c.id not in run.answers]
    marks = read_criterion_marks(text)
    if not marks or len(marks) not in (1, len(pending)):
        return "Tap Confirmed, Unknown or Not met (or reply `y`, `?` or `n`; one per criterion is fine too)."
    run.answers = {**run.answers, **{c.id: mark for c, mark in zip(pending, marks, strict=False)}}
    return None


def _user(session: Session, run: ChecklistRun) -> User:
    user = session.get(User, run.user_id)
    assert user is not None
    return user


def finish_plan(session: Session, run: ChecklistRun, now: datetime | None = None) -> str:
    """The call plan from the marked criteria; the run counts as a checklist done before the call."""
    stage, deal = find_stage(run.stage), _deal(session, run)
    assert stage is not None and deal is not None
    run.objective = run.objective or stage.call_objective
    run.backup_objective = run.backup_objective or stage.backup_objective
    run.status, run.planned_at = "planned", now or utcnow()
    return render_plan(run, stage, deal, _user(session, run).tz or "UTC")


def render_plan(run: ChecklistRun, stage: Stage, deal: Deal, tz: str) -> str:
    persona = deal.buyer_role
    when = f" · {local_time(run.call_at, tz)}" if run.call_at else ""
    buyer = shown(deal.buyer_name) if deal.buyer_name else PERSONAS.get(persona or "", "unknown")
    rows = [f"*Call plan: {shown(deal.account)}*{when} · buyer: {buyer}"]
    rows.append(f"Stage: *{stage.name}*")
    by_mark = {mark: [c for c in stage.exit_criteria if run.answers.get(c.id) == mark] for mark in MARKS}
    rows += [f"✅ {c.text}" for c in by_mark["confirmed"]]
    for criterion in by_mark["unknown"] + by_mark["not_met"]:
        label = "❔ Unknown" if run.answers[criterion.id] == "unknown" else "❌ Not met"
        rows.append(f"{label}: {criterion.text}\n    Ask: _{criterion.questions[0]}_")
        note = criterion.note_for(persona)
        if note:  # what confirming it looks like with this kind of buyer, not something this buyer said
            rows.append(f"    _Good evidence looks like ({PERSONAS[persona or '']}):_ {note}")
    if by_mark["unknown"] or by_mark["not_met"]:
        rows.append("*Risks of moving on too early:* " + " ".join(stage.risks_of_moving_on))
    else:
        rows.append("Every exit criterion is confirmed: this call can move the buyer to the next stage.")
    rows.append(
        f"*Call objective:* {shown(run.objective or '')}\n*Back-up objective:* {shown(run.backup_objective or '')}"
    )
    return "\n".join(rows)


def edit_objectives(run: ChecklistRun, text: str) -> bool:
    """ "Keep" keeps them; otherwise "objective / back-up" (or just the objective). False when kept."""
    if KEEP.match(text):
        return False
    objective, _, backup = text.partition(" / ")
    run.objective = objective.strip()[:1000] or run.objective
    if backup.strip():
        run.backup_objective = backup.strip()[:1000]
    return True


def weakest_criterion(run: ChecklistRun) -> str | None:
    stage = find_stage(run.stage)
    if stage is None:
        return None
    order = {"not_met": 0, "unknown": 1}
    open_ones = sorted(
        (c for c in stage.exit_criteria if run.answers.get(c.id) in order), key=lambda c: order[run.answers[c.id]]
    )
    return open_ones[0].text if open_ones else None
