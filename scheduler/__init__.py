"""Nudges: when digests and reminders fall due, and delivering each one exactly once."""
