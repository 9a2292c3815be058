"""What the Slack app listens to, named once: the listeners and the app manifest both read this."""

from __future__ import annotations

EVENTS_PATH = "/slack/events"  # the one HTTP endpoint: commands, interactivity and events
# Slash command → the core grammar's verb put in front of the text ("" runs the text as typed).
COMMANDS: dict[str, str] = {"/signoff": "", "/feedback": "feedback", "/issue": "issue"}
EVENTS = ("app_mention", "app_home_opened", "member_joined_channel")
# The OAuth install in many workspaces (adapters/slack/oauth.py): its two pages, and the events
# that remove a workspace's installation (no scope needed).
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
OAUTH_EVENTS = ("app_uninstalled", "tokens_revoked")
LOG_FEEDBACK = "log_feedback"  # the message shortcuts' callback_ids
SUBMIT_FILES = "submit_for_signoff"
APPROVE_ACTION = "milestone_approve"
CHANGES_ACTION = "milestone_changes"
RUN_ACTION = "signoff_run"  # any other card button: its value is the command to run
CHANGES_VIEW = "milestone_changes_view"
FORM_VIEW = "signoff_form"  # + ":" + the neutral Form's kind, e.g. "signoff_form:issue"
# The Web API methods the adapter calls, and the bot scopes each needs (public and private
# channels may need one each).
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.getPermalink": (),
    "conversations.history": ("channels:history", "groups:history"),
    "users.info": ("users:read",),
    "views.open": (),
    "views.publish": (),
    # Sharing the close-out chart (files upload v2).
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    # The admin CLI's names for ids (adapters/slack/lookup.py): #channel, @person, an email.
    "conversations.list": ("channels:read", "groups:read"),
    "users.list": ("users:read",),
    "users.lookupByEmail": ("users:read.email",),
    # `signoff doctor`: each bound channel still there, with the bot in it.
    "conversations.info": ("channels:read", "groups:read"),
}
# Reading a shared file's bytes for its fingerprint (its url_private_download, not a method).
FILE_SCOPES = ("files:read",)
EVENT_SCOPES: dict[str, str | None] = {
    "app_mention": "app_mentions:read",
    "app_home_opened": None,
    # The bot's own join: it says how to bind the channel (adapters/slack/welcome.py); private
    # channels' joins need groups:read, which conversations.list already asks for.
    "member_joined_channel": "channels:read",
}
