"""`/spar help` by role: every rep's commands, a buddy's, a manager's and an admin's, one line each."""

from __future__ import annotations

from coach.buddies.pairing import active_pair
from coach.people import user_scope

OPENING = "Here's what we can practise together:"
PRACTICE = (
    "`/spar drill [what]`: role-play a buyer and get a scored card (`/spar drill pricing objection`)",
    "`/spar interview [competency]`: tell me about a time…, judged on Situation, Action and Result",
    "`/spar precall ACCOUNT TIME`: the buyer's exit criteria before a real call"
    " (`/spar precall Northwind tomorrow 9:30`)",
    "`/spar debrief`: after the call, what happened against the checklist",
    "`/spar micro [at 8:30]`: one message a day on the skill you're about to lose; `/spar pause` and `/spar resume`",
    "`/spar streak`: your practice streak (`/spar streak remind at 5pm`, `/spar streak days mon-fri`)",
    "`/spar commit 3 drills`: this week's commitment, which your buddy sees",
)
FIND_BUDDY = "`/spar buddy`: find a practice buddy, or `/spar buddy invite @name`"
BUDDY = (
    "`/spar buddy`: your buddy's week, their commitment and streak (never their scores)",
    "`/spar buddy end`: end the pairing",
)
MANAGER = (
    "`/spar team [month]`: your team's practice summary and skills heatmap, only to you",
    "`/spar team add @ana @ben`: add reps to your team",
    "`/spar buddy pair`: pair your whole team as practice buddies",
)
ADMIN = (
    "`/spar team [month]`: the whole workspace's summary, every team",
    "`spar roster import FILE` (on the server): create or update users, roles and managers from a CSV file",
)
CLOSING = "Or just tell me in your own words. The Home tab shows your streak and what's due."


def help_text(team_id: str, slack_id: str) -> str:
    """The help the person can use: everyone's practice, then their buddy's, manager's or admin's commands."""
    with user_scope(team_id, slack_id) as (session, user):
        paired = active_pair(session, user) is not None
        role = user.role
    sections = [OPENING, *_bullets(PRACTICE + (BUDDY if paired else (FIND_BUDDY,)))]
    if role == "manager":
        sections += ["*For managers:*", *_bullets(MANAGER)]
    if role == "admin":
        sections += ["*For admins:*", *_bullets(ADMIN + MANAGER[1:])]
    return "\n".join([*sections, CLOSING])


def _bullets(lines: tuple[str, ...]) -> list[str]:
    return [f"• {line}" for line in lines]
