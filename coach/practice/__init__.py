"""Practising over time: sessions, streaks, pauses, reminders, the memory model and micro-drills."""
