"""The Teams app package says what app.yaml's `teams.manifest:` says about the studio's app."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from adapters.cli import main
from tests.fixtures.published_schemas import TEAMS_MANIFEST, assert_valid

APP_ID = "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"
STUDIO = """
teams:
  manifest:
    developer_name: Studio North
    website_url: https://studio-north.example
    privacy_url: https://studio-north.example/privacy
    terms_url: https://studio-north.example/terms
    short_name: North Signoff
    full_name: "North Signoff: client sign-offs"
    accent_color: "#12ab34"
"""


def package(tmp_path: Path, config: str) -> Path:
    (tmp_path / "app.yaml").write_text(config, encoding="utf-8")
    out = tmp_path / "signoff-teams.zip"
    argv = ["manifest", "teams", "--app-id", APP_ID, "--out", str(out)]
    assert main([*argv, "--config", str(tmp_path / "app.yaml")]) == 0
    return out


def test_the_studio_s_developer_links_names_and_colour_are_in_the_package(
    tmp_path: Path,
) -> None:
    archive = zipfile.ZipFile(package(tmp_path, STUDIO))
    manifest = json.loads(archive.read("manifest.json"))
    assert_valid(manifest, TEAMS_MANIFEST)
    assert manifest["developer"] == {
        "name": "Studio North",
        "websiteUrl": "https://studio-north.example",
        "privacyUrl": "https://studio-north.example/privacy",
        "termsOfUseUrl": "https://studio-north.example/terms",
    }
    assert manifest["name"] == {"short": "North Signoff", "full": "North Signoff: client sign-offs"}
    assert manifest["accentColor"] == "#12AB34"
    # A brand is not translated: Teams in Chinese shows the studio's names too.
    chinese = json.loads(archive.read("zh-CN.json"))
    assert (chinese["name.short"], chinese["name.full"]) == (
        "North Signoff",
        "North Signoff: client sign-offs",
    )


def test_without_the_block_the_package_keeps_signoff_s_own_names_and_links(
    tmp_path: Path,
) -> None:
    archive = zipfile.ZipFile(package(tmp_path, "teams:\n  manifest:\n"))
    manifest = json.loads(archive.read("manifest.json"))
    assert_valid(manifest, TEAMS_MANIFEST)
    site = "https://github.com/signoff/signoff"
    assert manifest["developer"] == {
        "name": "Signoff",
        "websiteUrl": site,
        "privacyUrl": site,
        "termsOfUseUrl": site,
    }
    assert manifest["accentColor"] == "#2B579A"
    assert json.loads(archive.read("zh-CN.json"))["name.full"] == "Signoff：反馈、问题与里程碑确认"


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("privacy_url", "http://studio.example/privacy", "https://"),
        ("website_url", "studio.example", "https://"),
        ("accent_color", "teal", "#RRGGBB"),
        ("developer_name", "A studio name far longer than Teams allows", "32"),
    ],
)
def test_a_value_teams_would_refuse_stops_the_command_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, why: str
) -> None:
    (tmp_path / "app.yaml").write_text(f"teams:\n  manifest:\n    {key}: '{value}'\n")
    out = tmp_path / "signoff-teams.zip"
    argv = ["manifest", "teams", "--app-id", APP_ID, "--out", str(out)]
    assert main([*argv, "--config", str(tmp_path / "app.yaml")]) == 2
    error = capsys.readouterr().err
    assert f"teams.manifest.{key}" in error and why in error and len(error.splitlines()) == 1
    assert not out.exists()
