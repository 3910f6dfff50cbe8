"""Rasa custom actions: thin adapters over `coach/`."""

from actions.streak import ActionShowStreak

__all__ = ["ActionShowStreak"]
