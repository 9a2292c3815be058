"""Nudges: which exist, when each falls due in local time, what each says (platform-free)."""
