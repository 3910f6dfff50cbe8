"""Debriefs after a real call: which unknowns got confirmed, a dated next step, whether the deal moved on."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import ChecklistRun, Deal, User, utcnow
from coach.mrkdwn import shown
from coach.precall.buying_process import find_stage, load_stages, next_stage, read_stage
from coach.precall.calltime import read_call_mention
from coach.precall.checklists import Prompt, attach_deal, local_time, read_criterion_marks
from coach.precall.deals import find_deal, find_or_create_deal, move_deal
from coach.zones import as_utc

YES_NO = [("Yes", "yes"), ("No", "no")]
MY_ACCOUNT_CALL = re.compile(r"\b(?:my|the|our)\s+([\w&.'-]+(?:\s+[A-Z][\w&.'-]*)*)\s+(?:call|meeting|demo)\b", re.I)
NOT_ACCOUNTS = {"last", "latest", "recent", "next", "sales", "discovery", "first", "real", "big", "today's", "this"}


class NotYet(Exception):
    """The call asked about has not happened yet: `run` is it, still waiting for its time."""

    def __init__(self, run: ChecklistRun) -> None:
        super().__init__(f"call {run.id} is still to come")
        self.run = run


def start_debrief(
    session: Session, user: User, text: str, now: datetime | None = None, argument: bool = False
) -> ChecklistRun:
    """The call to debrief: the rep's latest call (with that account, if named), or a new record of one. A call
    whose time is still to come raises NotYet and is left as it was. `argument`: `text` is what followed
    `/spar debrief`, so a bare name ("Acme") is the account."""
    now = now or utcnow()
    account = read_call_mention(text, now, user.tz or "UTC").account or _my_account_call(text)
    if account is None and argument and 0 < len(text.split()) <= 4:
        account = text.strip()
    query = select(ChecklistRun).where(
        ChecklistRun.team_id == user.team_id,
        ChecklistRun.user_id == user.id,
        ChecklistRun.status.in_(("open", "planned", "debriefing")),
    )
    if account:
        deal = find_deal(session, user, account)
        query = query.where(ChecklistRun.deal_id == (deal.id if deal else -1))
    runs = session.scalars(query.order_by(ChecklistRun.call_at.desc(), ChecklistRun.id.desc())).all()
    past = [r for r in runs if r.call_at is None or as_utc(r.call_at) <= now]
    if runs and not past:
        raise NotYet(runs[-1])  # the soonest of the calls to come
    run = past[0] if past else None
    if run is None:  # a call without a checklist: recorded now, so reports can compare
        run = ChecklistRun(team_id=user.team_id, user_id=user.id, call_at=now, answers={})
        if account:
            attach_deal(run, find_or_create_deal(session, user, account))
        session.add(run)
    run.status = "debriefing"
    run.outcome = {"confirmed": {}, "next_step": None, "advanced": None}
    session.flush()
    return run


def _my_account_call(text: str) -> str | None:
    """ "debrief my Northwind call": the account between "my/the" and "call/meeting/demo"."""
    found = MY_ACCOUNT_CALL.search(text)
    if found is None or found.group(1).lower() in NOT_ACCOUNTS:
        return None
    name = found.group(1)
    return name.title() if name.islower() else name


def _open_criteria(run: ChecklistRun) -> list[Any]:
    stage = find_stage(run.stage)
    if stage is None:
        return []
    return [c for c in stage.exit_criteria if run.answers.get(c.id) in ("unknown", "not_met")]


def next_debrief_prompt(session: Session, run: ChecklistRun) -> Prompt | None:
    deal = session.get(Deal, run.deal_id) if run.deal_id else None
    if deal is None:
        return Prompt("Which account was the call with?")
    stage = find_stage(run.stage)
    if stage is None:
        return Prompt(
            f"Where was {shown(deal.account)} in their buying process before the call?",
            [(s.name[:75], s.name) for s in load_stages()],
        )
    outcome = run.outcome or {}
    for criterion in _open_criteria(run):
        if criterion.id not in outcome["confirmed"]:
            return Prompt(f"Did the call confirm this? {criterion.text}", YES_NO)
    if outcome["next_step"] is None:
        return Prompt("Did the buyer commit to a next step with a date?", YES_NO)
    if outcome["next_step"] and outcome.get("next_step_at") is None:
        return Prompt("When is it? A day and time, like `Thursday 10am`.")
    following = next_stage(stage.id)
    if outcome["advanced"] is None and following is not None and outcome.get("challenged"):
        gaps = "\n".join(f"• {c.text}" for c in _unconfirmed(run))
        return Prompt(
            f"These exit criteria of *{stage.name}* aren't confirmed yet:\n{gaps}\n"
            "Buyers who move on with gaps like these tend to stall later. "
            f"Move {shown(deal.account)} to *{following.name}* anyway?",
            [("Yes, it moved", "yes"), ("No, not yet", "no")],
        )
    if outcome["advanced"] is None and following is not None:
        return Prompt(f"Did {shown(deal.account)} move on to *{following.name}*?", YES_NO)
    return None


def _unconfirmed(run: ChecklistRun) -> list[Any]:
    """The stage's exit criteria confirmed neither on the checklist nor on the call."""
    stage = find_stage(run.stage)
    confirmed = {c for c, yes in ((run.outcome or {}).get("confirmed") or {}).items() if yes}
    answers = run.answers or {}
    return [
        c for c in (stage.exit_criteria if stage else ()) if answers.get(c.id) != "confirmed" and c.id not in confirmed
    ]


def take_debrief_reply(session: Session, run: ChecklistRun, text: str) -> str | None:
    """Apply the reply to the current question; a hint when it could not be read."""
    deal = session.get(Deal, run.deal_id) if run.deal_id else None
    user = session.get(User, run.user_id)
    assert user is not None
    if deal is None:
        if not text.strip() or len(text) > 200:
            return "Just the account's name, please."
        attach_deal(run, find_or_create_deal(session, user, text.strip()))
        return None
    if find_stage(run.stage) is None:
        stage = read_stage(text)
        if stage is None:
            return "Tap one of the stages, or type its number."
        run.stage = stage.id
        return None
    outcome = dict(run.outcome or {})
    pending = [c for c in _open_criteria(run) if c.id not in outcome["confirmed"]]
    if not pending and outcome["next_step"] and outcome.get("next_step_at") is None:
        when = read_call_mention(text, utcnow(), user.tz or "UTC").starts_at
        if when is None:
            return "A day and time, please, like `Thursday 10am`."
        outcome["next_step_at"] = when.isoformat()
        run.outcome = outcome
        return None
    marks = read_criterion_marks(text)
    if len(marks) != 1 or marks[0] == "unknown":
        return "Yes or no?"
    answer = marks[0] == "confirmed"
    if pending:
        outcome["confirmed"] = {**outcome["confirmed"], pending[0].id: answer}
    elif outcome["next_step"] is None:
        outcome["next_step"] = answer
    elif answer and not outcome.get("challenged") and _unconfirmed(run):
        outcome["challenged"] = True  # a move past unconfirmed exit criteria is questioned once
    else:
        outcome["advanced"] = answer
    run.outcome = outcome
    return None


def finish_debrief(session: Session, run: ChecklistRun, now: datetime | None = None) -> str:
    """Store the outcome, move the deal when it advanced, and sum the call up."""
    now = now or utcnow()
    deal = session.get(Deal, run.deal_id)
    stage = find_stage(run.stage)
    assert deal is not None and stage is not None
    outcome = dict(run.outcome or {})
    following = next_stage(stage.id)
    advanced = bool(outcome.get("advanced")) and following is not None
    if deal.stage is None:
        deal.stage = stage.id
    if advanced and following is not None:
        move_deal(deal, following.id, now)
    confirmed = [c for c, yes in outcome["confirmed"].items() if yes]
    run.outcome = {
        **outcome,
        "advanced": advanced,
        "from_stage": stage.id,
        "to_stage": deal.stage,
        "had_checklist": run.planned_at is not None,
    }
    run.status, run.completed_at = "debriefed", now
    lines = [f"*Debrief saved: {shown(deal.account)}*"]
    if outcome["confirmed"]:
        lines.append(
            f"The checklist went in with {len(outcome['confirmed'])} unknown; the call confirmed {len(confirmed)}."
        )
    when = outcome.get("next_step_at")
    step = f"yes, {local_time(datetime.fromisoformat(when), user_tz(session, run))}." if when else "yes."
    lines.append("A dated next step: " + (step if outcome["next_step"] else "no."))
    lines.append(f"The deal moved on to *{following.name}*." if advanced and following else f"Still at *{stage.name}*.")
    lines.append(f"*One thing for next time:* {_one_thing(run, outcome)}")
    return "\n".join(lines)


def _one_thing(run: ChecklistRun, outcome: dict[str, Any]) -> str:
    """The single most useful change for the next call: a checklist first, a dated next step, then the gap left."""
    if run.planned_at is None:
        return "run `/spar precall` before the call: two minutes on what the buyer still has to confirm."
    if not outcome.get("next_step"):
        return (
            "before the call ends, ask for the next step with a day and time"
            ' ("Could we take 30 minutes on Thursday at 10?").'
        )
    gaps = _unconfirmed(run)
    if gaps:
        return f"ask _{gaps[0].questions[0]}_ ({gaps[0].text[0].lower()}{gaps[0].text[1:]})."
    return "every exit criterion is confirmed: plan the next stage's checklist before the next call."


def user_tz(session: Session, run: ChecklistRun) -> str:
    user = session.get(User, run.user_id)
    return (user.tz if user else None) or "UTC"


def stop_debrief(run: ChecklistRun) -> None:
    """The rep stopped mid-debrief: the call waits for one as before (what was answered is kept)."""
    run.status = "planned" if run.planned_at else "open"
