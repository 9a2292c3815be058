"""`signoff manifest teams` writes a package Teams accepts: a valid manifest and real icons."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.teams.manifest import LISTED
from bot.grammar import VERBS, usage
from tests.fixtures.published_schemas import TEAMS_MANIFEST, assert_valid

APP_ID = "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"


def png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return width, height, zlib.decompress(chunks[b"IDAT"])


@pytest.fixture
def package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> zipfile.ZipFile:
    out = tmp_path / "signoff-teams.zip"
    assert main(["manifest", "teams", "--app-id", APP_ID, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    return zipfile.ZipFile(out)


def test_the_package_holds_a_manifest_valid_against_the_schema(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png", "zh-CN.json"]
    manifest = json.loads(package.read("manifest.json"))
    assert_valid(manifest, TEAMS_MANIFEST)  # the published v1.17 schema
    bot = manifest["bots"][0]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"team", "personal", "groupChat"}


def test_the_command_list_matches_the_grammar(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    listed = manifest["bots"][0]["commandLists"][0]["commands"]
    assert [c["title"] for c in listed] == [v for v in VERBS if v in LISTED]
    for command in listed:
        assert command["description"] == usage(command["title"]).splitlines()[0]


def test_the_icons_are_pngs_of_the_sizes_teams_requires(package: zipfile.ZipFile) -> None:
    width, height, color = png_size_and_pixels(package.read("color.png"))
    assert (width, height) == (192, 192)
    width, height, outline = png_size_and_pixels(package.read("outline.png"))
    assert (width, height) == (32, 32)
    row = 1 + 32 * 4
    alphas = {outline[r * row + 1 + c * 4 + 3] for r in range(32) for c in range(32)}
    assert alphas == {0, 255}  # transparent, with a white mark
    assert len(color) == 192 * (1 + 192 * 4)


def test_a_wrong_app_id_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.zip"
    assert main(["manifest", "teams", "--app-id", "not-a-guid", "--out", str(out)]) == 2
    assert "GUID" in capsys.readouterr().err
    assert not out.exists()


def test_with_graph_files_the_package_asks_each_team_to_read_its_channel_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "signoff-teams.zip"
    assert main(["manifest", "teams", "--app-id", APP_ID, "--out", str(out), "--graph-files"]) == 0
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert_valid(manifest, TEAMS_MANIFEST)
    assert manifest["webApplicationInfo"]["id"] == APP_ID
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == [
        {"name": "ChannelMessage.Read.Group", "type": "Application"}
    ]


def test_without_graph_files_the_package_asks_for_no_team_data(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    assert "authorization" not in manifest and "webApplicationInfo" not in manifest
    assert manifest["bots"][0]["supportsFiles"] is True  # files shared in a personal chat
