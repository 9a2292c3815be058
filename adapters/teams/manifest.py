"""`signoff manifest teams`: the Teams app package (manifest.json and two icons in a zip)."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

from adapters.teams.icons import color_icon, outline_icon
from adapters.teams.manifest_i18n import LANGUAGES, localization, localization_info
from adapters.teams.manifest_settings import TeamsManifestSettings
from bot.grammar import VERBS, usage

MANIFEST_VERSION = "1.17"
SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
SCOPES = ["team", "personal", "groupChat"]
# Teams lists at most 10 commands per scope; these are the verbs people type most. The PM's
# set-up verbs (milestone add, member add) are in `help`.
LISTED = (
    "feedback",
    "issue",
    "issues",
    "submit",
    "approve",
    "changes",
    "status",
    "milestones",
    "project",
    "help",
)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class ManifestError(ValueError):
    """The package cannot be made as asked (e.g. an app id that is not a GUID)."""


def commands() -> list[dict[str, str]]:
    """The command list: each verb of the grammar Teams has room for, with its first usage."""
    assert set(LISTED) <= set(VERBS)
    return [
        {"title": verb, "description": usage(verb).splitlines()[0][:128]}
        for verb in VERBS
        if verb in LISTED
    ]


def manifest(
    app_id: str,
    *,
    version: str = "1.0.0",
    graph_files: bool = False,
    about: TeamsManifestSettings | None = None,
) -> dict[str, Any]:
    """The manifest; with `graph_files` it also asks each team it is installed in to let the
    app read the channel's messages, where Graph lists a message's files (teams.graph_files).
    `about` is app.yaml's `teams.manifest:` (the developer, links, names and accent colour)."""
    if not _GUID.match(app_id):
        raise ManifestError(
            f"the app id must be the Azure Bot's Microsoft App ID (a GUID): {app_id}"
        )
    about = about or TeamsManifestSettings()
    body = {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        # The Teams app id is derived from the bot's, so a re-generated package updates the
        # installed app instead of adding a second one.
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"signoff-teams-app:{app_id.lower()}")),
        "developer": {
            "name": about.developer_name,
            "websiteUrl": about.website_url,
            "privacyUrl": about.privacy,
            "termsOfUseUrl": about.terms,
        },
        "name": {"short": about.short_name, "full": about.full_name},
        "description": {
            "short": "Client feedback, issues and milestone sign-offs, on record.",
            "full": (
                "Signoff keeps a design project's client feedback, issues and milestone "
                "sign-offs on record in the channel you share with your client: feedback gets "
                "an id, issues a severity and an owner, milestones are approved on cards."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": about.accent_color,
        "bots": [
            {
                "botId": app_id,
                "scopes": SCOPES,
                "supportsFiles": True,  # files shared with it in a personal chat
                "isNotificationOnly": False,
                "commandLists": [{"scopes": SCOPES, "commands": commands()}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        "localizationInfo": localization_info(),
    }
    if graph_files:
        # Resource-specific consent: granted by whoever installs the app in a team, for that
        # team only. Reading the files' bytes needs Files.Read.All, an administrator's grant.
        body["webApplicationInfo"] = {"id": app_id, "resource": f"api://botid-{app_id}"}
        body["authorization"] = {
            "permissions": {
                "resourceSpecific": [{"name": "ChannelMessage.Read.Group", "type": "Application"}]
            }
        }
    return body


def package(
    app_id: str,
    out: Path,
    *,
    version: str = "1.0.0",
    graph_files: bool = False,
    about: TeamsManifestSettings | None = None,
) -> Path:
    """Write the zip Teams sideloads: manifest.json, its translations (zh-CN.json), color.png
    and outline.png at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        shape = manifest(app_id, version=version, graph_files=graph_files, about=about)
        body = json.dumps(shape, indent=2, ensure_ascii=False)
        archive.writestr("manifest.json", body)
        for locale, file in LANGUAGES.values():
            strings = {**localization(locale, commands()), **_own_names(about)}
            archive.writestr(file, json.dumps(strings, indent=2, ensure_ascii=False))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    out.write_bytes(buffer.getvalue())
    return out


def _own_names(about: TeamsManifestSettings | None) -> dict[str, str]:
    """A studio's own app names replace the translated ones too: a brand reads the same in
    every language, while Signoff's own names keep their translation."""
    default = TeamsManifestSettings()
    own = {}
    if about and about.short_name != default.short_name:
        own["name.short"] = about.short_name
    if about and about.full_name != default.full_name:
        own["name.full"] = about.full_name
    return own
