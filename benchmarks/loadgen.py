"""Load generator, its own process: signed Slack commands or Teams activities over loopback."""

# `python -m benchmarks.loadgen SPEC_JSON` sends `count` requests with `concurrency` in flight
# (paced to `rate` a second if given), stops by itself after `deadline` seconds at the latest,
# and prints one JSON line with the result: with the latencies, when each request's ack arrived
# (wall clock, so the fake platform's times in another process compare with it).

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import itertools
import json
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp

from benchmarks.report import percentile

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "protocol"
SECRET = "bench-signing-secret"
TEAM, TENANT = "T111", "50612dbb-0237-4969-b378-8d42590f9c00"
# Mixed Slack load for the memory benchmark: every one of these answers exactly once.
MIXED = ("feedback", "feedback", "feedback", "feedback", "status", "issue", "help", "milestones")


def channel(kind: str, n: int) -> str:
    return f"CBENCH{n}" if kind == "slack" else f"19:bench{n}@thread.tacv2"


def user(kind: str, n: int) -> str:
    return f"WBENCH{n}" if kind == "slack" else f"aad-bench-{n}"


# "take 12" makes request 12's text unique, and its confirmation names it beside the id of the
# record it committed; any other message quoting the text (a refusal) names no id.
MARKER = re.compile(rb"take (\d+)")
RECORD_IDS = (b"FB-", b"IS-")
# Every refusal says so (bot/service.py: NOT_SAVED, FAILED, BUSY), in English, the default.
REFUSED = b"Nothing was recorded"


def command_text(verb: str, i: int) -> str:
    if verb == "feedback":
        return f"feedback the logo is too small, take {i}"
    if verb == "issue":
        return f"issue the export is broken, take {i} low"
    return verb


def confirmed(body: bytes) -> set[int]:
    """The request numbers a message (a post, or an ack body) confirms."""
    if not any(record in body for record in RECORD_IDS):
        return set()
    return {int(n) for n in MARKER.findall(body)}


class Requests:
    """Bodies and headers for the i-th request, built as the platform builds them."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.channels = int(spec.get("channels", 1))
        if spec["kind"] == "slack":
            form = (FIXTURES / "slack" / "slash_command.form.txt").read_text().strip()
            self.form = dict(parse_qsl(form))
        else:
            path = FIXTURES / "teams" / "channel_message_mentions_bot.captured.json"
            self.activity = json.loads(path.read_text(encoding="utf-8"))

    def verb(self, i: int) -> str:
        return MIXED[i % len(MIXED)] if self.spec.get("mix") == "mixed" else "feedback"

    def slack(self, i: int) -> tuple[bytes, dict[str, str]]:
        n = i % self.channels
        form = {
            **self.form,
            "command": "/signoff",
            "text": command_text(self.verb(i), i),
            "team_id": TEAM,
            "channel_id": channel("slack", n),
            "user_id": user("slack", n),
            "response_url": self.spec["hook_url"] + f"commands/{TEAM}/{i}/x",
            "trigger_id": f"{i}.111.xxx",
        }
        body = urlencode(form)
        stamp = str(int(time.time()))
        signed = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + signed.hexdigest(),
        }
        return body.encode(), headers

    def teams(self, i: int) -> tuple[bytes, dict[str, str]]:
        n = i % self.channels
        activity = copy.deepcopy(self.activity)
        activity["id"] = f"bench-{i}"
        activity["serviceUrl"] = self.spec["service_url"]
        activity["text"] = f"<at>ridotest</at> {command_text(self.verb(i), i)}"
        activity["conversation"]["id"] = f"{channel('teams', n)};messageid={1000 + n}"
        activity["channelData"]["tenant"]["id"] = TENANT
        activity["from"] = {"id": f"29:bench-{n}", "name": f"client {n}"}
        activity["from"]["aadObjectId"] = user("teams", n)
        return json.dumps(activity).encode(), {"Content-Type": "application/json"}

    def build(self, i: int) -> tuple[bytes, dict[str, str]]:
        return self.slack(i) if self.spec["kind"] == "slack" else self.teams(i)


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    requests = Requests(spec)
    count, concurrency = int(spec["count"]), int(spec["concurrency"])
    first = int(spec.get("first", 0))  # request numbers, so that every text is new
    issued = itertools.count()  # shared by the workers: exactly `count` requests are sent
    latencies: list[float] = []
    acked: dict[int, float] = {}  # request number -> wall clock when its ack arrived
    carried = 0  # acks whose body carried a message (a Slack answer for the caller alone)
    confirmed_in_ack: list[int] = []
    refused_in_ack = 0
    statuses: dict[str, int] = {}
    started_wall, started = time.time(), time.perf_counter()
    deadline = started + float(spec.get("deadline", 120))
    rate = float(spec.get("rate", 0))  # requests a second at most; 0: as fast as answered

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal carried, refused_in_ack
        while (i := next(issued)) < count and time.perf_counter() < deadline:
            if rate:  # paced: the i-th request leaves no earlier than i / rate seconds in
                await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            body, headers = requests.build(first + i)
            sent = time.perf_counter()
            try:
                async with session.post(spec["url"], data=body, headers=headers) as response:
                    answer = await response.read()
                    status: int | str = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                status = type(exc).__name__
            if status in (200, 201):
                latencies.append(time.perf_counter() - sent)
                acked[first + i] = time.time()
                carried += bool(answer)
                if first + i in confirmed(answer):
                    confirmed_in_ack.append(first + i)
                refused_in_ack += REFUSED in answer
            else:
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ms = [seconds * 1000 for seconds in latencies] or [float("nan")]
    return {
        "started": started_wall,
        "elapsed": elapsed,
        "ok": len(latencies),
        "acked": acked,
        "carried": carried,
        "confirmed_in_ack": confirmed_in_ack,
        "refused_in_ack": refused_in_ack,
        "errors": statuses,
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
    }


def main() -> None:
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))), flush=True)


if __name__ == "__main__":
    main()
