"""A rep's pre-call checklist and post-call debrief in a conversation, one question at a time.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show. The dialogue holds the run's id; a run is only reached
when it is the rep's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.drills.scenarios import Scenario, load_scenarios
from coach.drills.topics import content_words
from coach.models import Deal
from coach.mrkdwn import shown
from coach.people import user_scope
from coach.precall.checklists import (
    Prompt,
    edit_objectives,
    finish_plan,
    local_time,
    next_prompt,
    own_run,
    start_checklist,
    take_reply,
    weakest_criterion,
)
from coach.precall.debriefs import (
    NotYet,
    finish_debrief,
    next_debrief_prompt,
    start_debrief,
    stop_debrief,
    take_debrief_reply,
)
from coach.precall.followups import schedule_call

KEEP_QUESTION = Prompt(
    "Tap *Keep*, or type your own call objective (add a back-up objective after ` / `).", [("Keep", "keep")]
)


@dataclass(frozen=True)
class Step:
    """What a reply did: `done` when the checklist or debrief has nothing more to ask; `hint` goes before the next
    question (a reply that could not be read, or the finished plan)."""

    done: bool
    hint: str | None = None


def begin_checklist(team_id: str, slack_id: str, words: str) -> int:
    """A checklist for the call the rep mentioned ("call with Northwind at 3pm"), in their time zone; when the call's
    time is known, its reminder and debrief are recorded as due. The run's id."""
    with user_scope(team_id, slack_id) as (session, user):
        run = start_checklist(session, user, words)
        run_id, call_at = run.id, run.call_at
    if call_at is not None:  # once the run is committed: the jobs look it up
        schedule_call(run_id, call_at)
    return run_id


def checklist_question(team_id: str, slack_id: str, run_id: str | None) -> Prompt:
    """The checklist's next question; once the plan is made, whether to keep its objectives."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        prompt = next_prompt(session, run) if run is not None and run.status == "open" else None
    return prompt or KEEP_QUESTION


def answer_checklist(team_id: str, slack_id: str, run_id: str | None, text: str) -> Step:
    """Apply the rep's reply; after the last criterion the plan is made (and shown as the hint), and the next reply
    keeps or edits its objectives."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        if run is None:
            return Step(done=True)
        if run.status == "planned":
            edit_objectives(run, text)
            return Step(done=True)
        hint = take_reply(session, run, text)
        if hint is None and next_prompt(session, run) is None:
            hint = finish_plan(session, run)  # the plan, then the question about its objectives
        return Step(done=False, hint=hint)


@dataclass(frozen=True)
class PlanSaved:
    text: str
    warmup: Scenario | None = None  # a short drill at the buyer's stage, on the plan's weakest point


def end_checklist(team_id: str, slack_id: str, run_id: str | None) -> PlanSaved:
    """The saved plan's objectives and when the debrief comes; or, for a checklist stopped before its plan, that
    what was marked is kept."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        if run is None or run.status != "planned":
            return PlanSaved("Stopped. What you marked is kept; `/spar precall` starts a fresh checklist.")
        text = (
            f"Plan saved.\n*Call objective:* {shown(run.objective or '')}"
            f"\n*Back-up objective:* {shown(run.backup_objective or '')}"
        )
        if run.call_at is not None:
            text += f"\nI'll ask how it went after the call ({local_time(run.call_at, user.tz or 'UTC')})."
        weakest, stage = weakest_criterion(run), run.stage
    warmup = warm_up_for(weakest, stage)
    if warmup is not None:
        text += f"\nWarm up on the weakest point ({weakest or 'the next step'}) with a two-minute drill:"
    return PlanSaved(text, warmup)


def warm_up_for(criterion: str | None, stage: str | None) -> Scenario | None:
    """The drill for the plan's largest gap: the scenario whose title and keywords share most with the weakest
    criterion (a budget gap: the no-budget scenario), then one for the buyer's stage, then the closest summary; None
    when nothing fits at all."""
    wanted = content_words(criterion or "")

    def fit(scenario: Scenario) -> tuple[int, bool, int]:
        named = content_words(" ".join([scenario.title, *scenario.keywords]))  # what the scenario is for
        return len(wanted & named), scenario.stage == stage, len(wanted & content_words(scenario.summary))

    best = max(load_scenarios(), key=fit, default=None)
    return best if best is not None and any(fit(best)) else None


def begin_debrief(team_id: str, slack_id: str, words: str, argument: bool = False) -> tuple[int | None, str]:
    """The call to debrief: the rep's latest (with the account they named, if any), or a new record of one, and its
    id; or None and why not, when the call is still to come. `argument`: the words followed `/spar debrief`."""
    with user_scope(team_id, slack_id) as (session, user):
        try:
            return start_debrief(session, user, words, argument=argument).id, ""
        except NotYet as early:
            deal = session.get(Deal, early.run.deal_id) if early.run.deal_id else None
            call = f"Your call with {shown(deal.account)}" if deal else "Your call"
            when = local_time(early.run.call_at, user.tz or "UTC")
            return None, f"{call} is on {when}; debrief after it. I'll ask you how it went an hour after."


def debrief_question(team_id: str, slack_id: str, run_id: str | None) -> Prompt:
    """The debrief's next question."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        prompt = next_debrief_prompt(session, run) if run is not None else None
    return prompt or Prompt("Anything else about the call?")


def answer_debrief(team_id: str, slack_id: str, run_id: str | None, text: str) -> Step:
    """Apply the rep's reply to the debrief's question."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        if run is None:
            return Step(done=True)
        hint = take_debrief_reply(session, run, text)
        return Step(done=hint is None and next_debrief_prompt(session, run) is None, hint=hint)


def end_debrief(team_id: str, slack_id: str, run_id: str | None) -> str:
    """Save the finished debrief and sum the call up; a debrief stopped before its end waits for the next one."""
    with user_scope(team_id, slack_id) as (session, user):
        run = own_run(session, user, run_id)
        if run is not None and next_debrief_prompt(session, run) is None:
            return finish_debrief(session, run)
        if run is not None:
            stop_debrief(run)
    return "Stopped. Say `debrief my <account> call` to pick it up again."
