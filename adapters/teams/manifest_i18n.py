"""The Teams app package's zh-CN localization file: the manifest's names, descriptions and
command list in Chinese, keyed as Teams' localization schema asks ("name.short", "bots[0]…").

Teams shows each user the strings of their own client language. The Slack manifest has no
such thing (one description for every user of a workspace), so it stays English.
"""

from __future__ import annotations

from typing import Any

from bot import aliases
from bot.grammar import usage
from bot.i18n import tr

LOCALIZATION_SCHEMA = "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.Localization.schema.json"
LANGUAGES = {"zh-cn": ("zh-CN", "zh-CN.json")}  # Teams language tag → (our locale, file name)

NAMES = {
    "zh-CN": {
        "name.short": "Signoff",
        "name.full": "Signoff：反馈、问题与里程碑确认",
        "description.short": "客户反馈、问题和里程碑确认，全部有据可查。",
        "description.full": (
            "Signoff 在您与客户共用的频道里记录设计项目的客户反馈、问题和里程碑确认："
            "每条反馈有编号，每个问题有严重程度和负责人，里程碑在卡片上确认通过。"
            "中文命令词（反馈、问题、通过、修改…）与英文命令同样可用。"
        ),
    }
}


def localization_info() -> dict[str, Any]:
    """The manifest's `localizationInfo`: English by default, plus each translation file."""
    return {
        "defaultLanguageTag": "en-us",
        "additionalLanguages": [
            {"languageTag": tag, "file": file} for tag, (_, file) in LANGUAGES.items()
        ],
    }


def localization(locale: str, commands: list[dict[str, str]]) -> dict[str, Any]:
    """One language's file. A command's title is its Chinese verb, which the grammar reads
    as the English one, so a command picked from the list works as typed."""
    strings: dict[str, Any] = {"$schema": LOCALIZATION_SCHEMA, **NAMES[locale]}
    for index, command in enumerate(commands):
        verb = command["title"]
        key = f"bots[0].commandLists[0].commands[{index}]"
        words = [zh for zh, en in aliases.VERBS.items() if en == verb]
        strings[f"{key}.title"] = words[0] if words else verb
        strings[f"{key}.description"] = tr(locale, usage(verb)).splitlines()[0][:128]
    return strings
