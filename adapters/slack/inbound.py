"""A Slack request before bolt sees it: the signature headers' shape and the signature, then the
body read within bounds (JSON, or a form whose `payload` field is JSON)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

from adapters.json_bounds import Malformed, loads

# Unix seconds in ASCII digits (int() would also take "+1", "1_000", " 1" and other scripts'
# digits, and raise on 4,301 of them); the verifier then checks the five minutes.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
# compare_digest raises on a non-ASCII string, so anything but Slack's shape is refused first.
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def signed(verifier: SignatureVerifier, headers: Mapping[str, str], body: str) -> bool:
    """True when the request carries Slack's v0 signature over `body`, made within the last
    five minutes; False for a missing, malformed, stale or wrong one."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
        return False
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


def read_body(text: str, content_type: str) -> dict[str, Any]:
    """The request's fields, as bolt would read them: JSON (the Events API), else a form (slash
    commands), whose `payload` field holds the JSON of an interaction. Unlike bolt, a slash
    command whose text mentions the word "payload" is still read as a form. Malformed when the
    body is no JSON object within bounds."""
    if content_type == "application/json" or text.startswith("{"):
        body = loads(text)
    else:
        form = dict(parse_qsl(text, keep_blank_values=True))
        body = loads(form["payload"]) if "payload" in form else form
    if not isinstance(body, dict):
        raise Malformed("not an object")
    return body
