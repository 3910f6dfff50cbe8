"""Rasa custom actions: thin adapters over `coach/`."""

from actions.interview import (
    ActionAskInterviewAnswer,
    ActionInterviewFeedback,
    ActionStartInterview,
    ActionStopInterview,
    ValidateInterviewForm,
)
from actions.streak import ActionShowStreak

__all__ = [
    "ActionAskInterviewAnswer",
    "ActionInterviewFeedback",
    "ActionShowStreak",
    "ActionStartInterview",
    "ActionStopInterview",
    "ValidateInterviewForm",
]
