"""Spar's domain layer: plain Python, no Slack and no Rasa."""
