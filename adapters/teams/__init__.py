"""The Microsoft Teams adapter: botbuilder's CloudAdapter at /api/messages, proactive posts."""
