"""One base for the practice forms' validators (drill, micro-drill, interview, checklist, debrief), as Rasa's
financial-demo gives its forms one in `actions/custom_forms.py`."""

from __future__ import annotations

import re
from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker

CLEAR_STOP = re.compile(
    r"^\s*/?(stop|quit|exit|cancel|end|enough)( (the|this) (drill|role-?play|practice|call))?( (now|please))?[\s.!]*$",
    re.IGNORECASE,
)


def started_this_turn(tracker: Tracker, action_name: str) -> bool:
    """True in the turn whose message started an activity: Rasa offers that message to the form as a first answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action_name:
            return True
    return False


class PracticeFormValidation(FormValidationAction):
    """The validator of a form whose one slot takes the rep's next message as an answer, except:

    - the message that started the activity, in the turn it did (Rasa offers it to the form as a first answer);
    - for a form with a `busy` hint: a clear "stop", which ends the form (`stopped`), and a slash payload (a button
      from an older message, a typed command), which is refused with the hint instead of taken as an answer.

    A subclass names its form, slot and starting action, routes its `validate_<slot>` method to `check`, and says
    what an answer does (`answer`).
    """

    form: ClassVar[str]
    slot: ClassVar[str]
    start_action: ClassVar[str]
    hint_slot: ClassVar[str] = ""  # the slot whose text the form's next question shows first
    busy: ClassVar[str | None] = None

    def name(self) -> str:
        return f"validate_{self.form}"

    def check(self, text: str, tracker: Tracker) -> dict[str, Any]:
        """The slots to set for the rep's message."""
        if started_this_turn(tracker, self.start_action):
            return {self.slot: None}
        if self.busy is not None and CLEAR_STOP.match(text):
            return self.stopped(text, tracker)
        if self.busy is not None and text.startswith("/"):
            return {self.slot: None, self.hint_slot: self.busy}
        return self.answer(text, tracker)

    def stopped(self, text: str, tracker: Tracker) -> dict[str, Any]:
        """A clear stop fills the slot, so the form ends; the action after it says what was kept."""
        return {self.slot: "stop"}

    @abstractmethod
    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        """The slots to set for an answer: the slot itself to end the form, None (and a hint) to ask again."""
