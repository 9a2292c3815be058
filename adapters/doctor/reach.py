"""Whether a public address answers: what Slack and Teams need of the URLs given to them."""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

import aiohttp

# Slack gives a request 3 s; an address slower than this to answer at all would fail it anyway.
REACH_TIMEOUT_S = 5.0


def not_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme != "https" or not parts.hostname


PLACEHOLDER_FIX = "put your own public address in its place"


def placeholder(url: str) -> bool:
    """Whether `url` still holds the README's `YOUR-HOST`, or a host no one outside could reach
    (no dot, and not localhost): copied from the guide and never filled in."""
    host = urlsplit(url).hostname or ""
    return "YOUR-HOST" in url.upper() or ("." not in host and host != "localhost")


async def unreachable(url: str, *, timeout: float = REACH_TIMEOUT_S) -> str | None:  # noqa: ASYNC109
    """None if an empty POST to `url` gets any HTTP answer in time (a 401 for the missing
    signature counts: it came from the server), else why not, in a few words."""
    # Built per call, so a CA added through SSL_CERT_FILE (a studio's own) is trusted as the
    # platform's would be asked to; the certificate is verified like Slack and Teams do.
    tls = ssl.create_default_context()
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.post(url, data=b"", ssl=tls, allow_redirects=False) as response,
        ):
            await response.read()
    except TimeoutError:
        return f"no answer within {timeout:g} s"
    except aiohttp.ClientConnectorCertificateError as exc:
        return f"its TLS certificate is not trusted ({exc.certificate_error})"
    except (aiohttp.ClientError, OSError) as exc:
        return " ".join(str(exc).split()) or type(exc).__name__
    return None
