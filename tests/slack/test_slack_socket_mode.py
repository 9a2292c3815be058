"""Socket Mode: the same listeners, over a WebSocket the bot opens to (a fake) Slack."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fake_slack import FakeSlack
from slack_harness import CLIENT, serving, slack_settings, slash_body

from adapters.composition import build_runtime


async def test_a_slash_command_over_socket_mode_is_acked_and_answered(
    migrated_url: str, fake: FakeSlack
) -> None:
    settings = slack_settings(migrated_url, fake, signing_secret="", app_token="xapp-1-not-real")
    assert settings.slack.enabled and settings.slack.socket_mode and not settings.slack.http
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as slack:
            await slack.seed()
            opened = await fake.wait_call("apps.connections.open")
            assert opened[0].args == {}  # the app token travels in the Authorization header
            fields = dict(
                parse_qsl(
                    slash_body(text="feedback over the socket", command="/signoff", user_id=CLIENT)
                )
            )
            fields["response_url"] = fake.hook_url()
            await fake.send_envelope(
                {
                    "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": fields,
                }
            )
            acks = await fake.wait_for(lambda: fake.socket_acks)
            assert acks[0]["envelope_id"] == "57d6a792-4d35-4d0b-b6aa-3361493e1caf"
            posted = (await fake.wait_call("chat.postMessage"))[0].args
            assert "feedback over the socket" not in posted["text"]
            assert "over the socket" in posted["text"]
            # There is no public endpoint in this mode.
            assert (await slack.client.post("/slack/events", data=b"")).status == 404
