"""The Teams app package speaks Chinese to Chinese clients: a zh-CN localization file that the
v1.17 manifest schema accepts once applied, whose command titles the grammar reads."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

from adapters.cli import main
from bot.grammar import parse

APP_ID = "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"
# The published schema, copied unchanged (tests/fixtures/schemas/teams/SOURCE.md).
SCHEMA = json.loads(
    (
        Path(__file__).parents[1] / "fixtures/schemas/teams/MicrosoftTeams.v1.17.schema.json"
    ).read_text()
)
_INDEXED = re.compile(r"(\w+)\[(\d+)\]")


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    out = tmp_path / "signoff-teams.zip"
    assert main(["manifest", "teams", "--app-id", APP_ID, "--out", str(out)]) == 0
    return zipfile.ZipFile(out)


def localized(manifest: dict, strings: dict) -> dict:
    """The manifest as a zh-CN client sees it: each localized key written into its place."""
    result = copy.deepcopy(manifest)
    for key, value in strings.items():
        if key.startswith("$"):
            continue
        *path, last = key.split(".")
        node = result
        for part in path:
            if match := _INDEXED.fullmatch(part):
                node = node[match[1]][int(match[2])]
            else:
                node = node[part]
        node[last] = value
    return result


def test_the_manifest_names_its_chinese_file_and_is_valid(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    jsonschema.validate(manifest, SCHEMA)
    info = manifest["localizationInfo"]
    assert info["defaultLanguageTag"] == "en-us"
    assert info["additionalLanguages"] == [{"languageTag": "zh-cn", "file": "zh-CN.json"}]
    assert "zh-CN.json" in package.namelist()


def test_the_chinese_strings_fit_the_manifest_and_leave_no_english(
    package: zipfile.ZipFile,
) -> None:
    manifest = json.loads(package.read("manifest.json"))
    strings = json.loads(package.read("zh-CN.json"))
    assert strings["$schema"].endswith("/v1.17/MicrosoftTeams.Localization.schema.json")
    chinese = localized(manifest, strings)
    jsonschema.validate(chinese, SCHEMA)  # the limits of every field, in Chinese
    assert "反馈" in chinese["name"]["full"] and "确认" in chinese["description"]["short"]
    commands = chinese["bots"][0]["commandLists"][0]["commands"]
    english = manifest["bots"][0]["commandLists"][0]["commands"]
    assert len(commands) == len(english)
    for zh, en in zip(commands, english, strict=True):
        assert not zh["title"].isascii(), zh  # what a click inserts is the Chinese verb…
        assert parse(zh["title"]) == parse(en["title"])  # …and it runs the same command
        assert re.search(r"[\u4e00-\u9fff]", zh["description"]), zh
