"""`project close` in Teams: the close-out summary carries its chart as an inline PNG image
attachment (a data: URL), and the text still says how the project went."""

from __future__ import annotations

import base64

from tests.teams.conftest import Teams

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL = "data:image/png;base64,"


async def test_the_close_out_summary_carries_the_chart_as_an_inline_image(teams: Teams) -> None:
    await teams.project()
    await teams.say("project close", who="paula")
    posts = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "How it went:" in p.text]
    )
    [summary] = posts
    images = [a for a in summary.body.get("attachments") or [] if a["contentType"] == "image/png"]
    assert len(images) == 1
    [image] = images
    assert image["name"] == "signoff-closeout.png"
    assert image["contentUrl"].startswith(DATA_URL)
    assert base64.b64decode(image["contentUrl"].removeprefix(DATA_URL)).startswith(PNG_MAGIC)
    assert "On time: no milestone was approved or overdue" in summary.text
