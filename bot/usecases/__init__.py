"""Use cases: one plain async function per command, each given the command and its context."""
