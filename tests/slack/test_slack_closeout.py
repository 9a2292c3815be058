"""`project close` in Slack: the close-out summary is posted in the channel and its chart is
shared there as a PNG through the files upload v2 flow."""

from __future__ import annotations

from fake_slack import FakeSlack
from slack_harness import Harness

from adapters.slack.ids import METHOD_SCOPES
from adapters.slack.manifest import scopes

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_closing_posts_the_summary_and_uploads_the_chart_to_the_channel(
    slack: Harness,
) -> None:
    await slack.seed()
    response = await slack.slash("project close")
    assert response.status == 200
    fake: FakeSlack = slack.fake
    [complete] = await fake.wait_call("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C111"
    [asked] = fake.called("files.getUploadURLExternal")
    assert asked.args["filename"] == "signoff-closeout.png"
    assert asked.args["alt_txt"].startswith("Chart: for each milestone")
    # The bytes went to the upload URL Slack gave, and they are the chart's PNG.
    [(file_id, data)] = fake.uploads.items()
    assert data.startswith(PNG_MAGIC) and int(asked.args["length"]) == len(data)
    assert file_id in complete.args["files"]
    posts = [c.args for c in fake.called("chat.postMessage") if c.args.get("channel") == "C111"]
    summary = next(p for p in posts if "is closed. How it went:" in p.get("text", ""))
    assert "On time: no milestone was approved or overdue" in summary["text"]
    assert "Full report:" in summary["text"]
    # One post of the summary, one chart: nothing doubled.
    assert len(fake.called("files.getUploadURLExternal")) == 1
    # The app's manifest asks for the scopes these calls need.
    for call in fake.calls:
        assert set(METHOD_SCOPES[call.method]) <= set(scopes()), call.method


async def test_a_chart_slack_refuses_leaves_the_summary_posted_once(slack: Harness) -> None:
    await slack.seed()
    slack.fake.answer_error("files.getUploadURLExternal", "error.not_in_channel.json")
    assert (await slack.slash("project close")).status == 200
    await slack.fake.wait_call("files.getUploadURLExternal")
    texts = await slack.fake.wait_for(
        lambda: [
            c.args["text"]
            for c in slack.fake.called("chat.postMessage")
            if "is closed. How it went:" in c.args.get("text", "")
        ]
    )
    assert len(texts) == 1
    assert slack.fake.called("files.completeUploadExternal") == []
