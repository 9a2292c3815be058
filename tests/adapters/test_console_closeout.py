"""Closing a project at the console: the close-out summary is printed, and its chart is drawn
to a PNG file whose path is printed beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from tests.adapters.conftest import Signoff


def test_closing_prints_the_summary_and_the_path_of_the_chart(
    signoff: Signoff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the console draws the chart
    monkeypatch.setattr("tempfile.tempdir", None)
    signoff.ok("project", "create", "acme", "--name", "Acme rebrand", "--client", "Acme Co.")
    signoff.ok("project", "bind", "acme", "--console-channel", "acme")
    signoff.ok("member", "add", "acme", "--console-user", "paula", "--role", "pm")
    said = signoff.ok("chat", "--as", "paula", "--project", "acme", stdin="project close\n")
    assert "Acme rebrand (acme) is closed. How it went:" in said
    [path] = re.findall(r"📈 Planned vs actual, and who the work waited on: (\S+\.png)", said)
    drawn = Path(path)
    assert drawn.parent == tmp_path
    with Image.open(drawn) as image:
        assert image.format == "PNG" and image.size[0] >= 600
