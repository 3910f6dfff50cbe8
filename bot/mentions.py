"""A mention in a channel is answered in the user's DM: the channel sees only a pointer, never practice data; and a
mention never feeds a drill or form the user has open in the DM."""

from __future__ import annotations

from coach.mrkdwn import shown

POINTER = "I've answered you in a direct message: what you practise stays between us."
FORMS = {
    "drill_form": "a role-play drill",
    "interview_form": "an interview practice",
    "micro_form": "a micro-drill",
    "precall_form": "a pre-call checklist",
    "debrief_form": "a call debrief",
}


def kept_out(form: str, channel: str, text: str) -> str:
    """What the DM says when a mention came while `form` was open: the mention is not taken as its answer."""
    what = FORMS.get(form, "something")
    return (
        f"You mentioned me in <#{channel}> while you're in the middle of {what} here, so I've kept that message out "
        f"of it. Carry on here (or say *stop*), then ask me again. You wrote: “{shown(text)}”"
    )
