"""Signoff's platform-neutral core: domain rules, command grammar, use cases and messages."""
