"""Buddies and commitments in a conversation: find, invite or end a buddy, see the buddy's week, a manager pairing
the team, the rep's weekly commitment.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show (and, for buddies, what to tell others).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from coach.buddies.commitments import progress, set_commitment
from coach.buddies.pairing import (
    active_pair,
    buddy_view,
    colleague_named,
    display_name,
    end_pair,
    free_teammate,
    invite,
    members,
    pair_team,
    partners_of,
    pending_invite,
    team_pairs,
)
from coach.models import User
from coach.people import user_scope
from coach.text import plural

END = re.compile(r"\b(end|stop|leave|quit|change)\b", re.I)
PAIR_TEAM = re.compile(r"^\s*(?:re-?)?pair\b|\bpair (?:my|the) (?:whole )?team\b", re.I)
CONFIRM = re.compile(r"\b(confirm|confirmed|yes|go ahead)\b", re.I)
COMMIT_EXAMPLE = "Tell me your week in one line, for example: `3 drills, 1 interview, 2 checklists`."


@dataclass(frozen=True)
class Notice:
    """A message for someone other than the speaker; `invite` is the id of a buddy invitation they can answer."""

    to: str  # their Slack user id, in the speaker's workspace
    text: str
    invite: int | None = None


@dataclass(frozen=True)
class BuddyAnswer:
    text: str  # for the speaker
    notices: list[Notice] = field(default_factory=list)


def find_buddy(team_id: str, slack_id: str, words: str) -> BuddyAnswer:
    """What the rep's words ask of buddies: a manager pairs the team; a rep with a buddy ends the pairing or sees the
    buddy's week; a rep without one invites the colleague they name, or a free teammate."""
    with user_scope(team_id, slack_id) as (session, user):
        pair = active_pair(session, user)
        if user.role in ("manager", "admin") and PAIR_TEAM.search(words):
            return pair_whole_team(session, user, confirmed=bool(CONFIRM.search(words)))
        if pair is not None and END.search(words):
            partners = partners_of(session, pair, user)
            end_pair(session, pair)
            note = f"{display_name(user)} ended your buddy pairing. `/spar buddy` finds you a new buddy."
            return BuddyAnswer(
                "Pairing ended. `/spar buddy` finds you a new buddy when you want one.",
                [Notice(p.slack_id, note) for p in partners],
            )
        if pair is not None:
            views = [buddy_view(session, p) for p in partners_of(session, pair, user)]
            return BuddyAnswer("Your buddy's week:\n" + "\n".join(views))
        return ask_for_buddy(session, user, colleague_named(session, user, words))


def ask_for_buddy(session: Session, user: User, named: User | None) -> BuddyAnswer:
    """Invite the named colleague, or a free teammate when nobody is named."""
    if (open_invite := pending_invite(session, user)) is not None:
        other = session.get(User, open_invite.user_b_id if open_invite.user_a_id == user.id else open_invite.user_a_id)
        if open_invite.user_b_id == user.id and other is not None:
            return BuddyAnswer(f"{display_name(other)} has invited you: the Accept button is in my message above.")
        return BuddyAnswer(f"Your invitation to {display_name(other) if other else 'a colleague'} is still open.")
    invitee = named or free_teammate(session, user)
    if invitee is None:
        return BuddyAnswer(
            "You don't have a buddy yet, and nobody on your team is free right now. "
            "Invite a colleague with `/spar buddy invite @name`, or ask your manager to pair the team."
        )
    pair, refusal = invite(session, user, invitee)
    if pair is None:
        return BuddyAnswer(refusal)
    text = (
        f"{display_name(user)} would like you as their practice buddy: midweek and at the week's end you'd each "
        "see the other's progress against their commitment and streak (never scores), and could cheer or nudge."
    )
    return BuddyAnswer(
        f"I've asked {display_name(invitee)} to be your buddy. I'll tell you when they answer.",
        [Notice(invitee.slack_id, text, invite=pair.id)],
    )


def pair_whole_team(session: Session, manager: User, confirmed: bool = False) -> BuddyAnswer:
    """Pair the manager's team afresh, and tell each rep who their buddy is; ending pairs that exist is confirmed
    first."""
    reps, ending = team_pairs(session, manager)
    if ending and not confirmed:
        pairs = "1 pair" if len(ending) == 1 else f"{len(ending)} pairs"
        return BuddyAnswer(
            f"Re-pairing ends your team's {pairs} and pairs your {len(reps)} reps afresh. "
            "To go ahead: `/spar buddy pair confirm`."
        )
    groups = pair_team(session, manager)
    if not groups:
        return BuddyAnswer("You have no reps to pair yet.")
    names, notices = [], []
    for group in groups:
        people = [u for i in sorted(members(group)) if (u := session.get(User, i)) is not None]
        names.append(" & ".join(sorted(display_name(u) for u in people)))
        for person in people:
            others = " and ".join(display_name(o) for o in people if o.id != person.id)
            text = (
                f"{display_name(manager)} paired the team: your buddy is {others}. Midweek and at the week's end "
                "you'll see each other's progress and streak (never scores). `/spar commit` sets this week's goal."
            )
            notices.append(Notice(person.slack_id, text))
    return BuddyAnswer(f"Paired your team into {plural(len(groups), 'group')}: " + "; ".join(names) + ".", notices)


def commit(team_id: str, slack_id: str, words: str) -> str:
    """Set the rep's commitment for this week from their words ("3 drills, 1 interview"), and how far they are."""
    with user_scope(team_id, slack_id) as (session, user):
        commitment = set_commitment(session, user, words)
        done = progress(session, user) if commitment is not None else None
    if done is None:
        return COMMIT_EXAMPLE
    return f"Committed for this week. So far: {done.describe()}."
