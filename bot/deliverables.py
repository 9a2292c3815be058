"""Deliverables: the links a version is submitted with, read out of the submit's text, and the
files a platform shared with it, each named, classified by where it lives, and checked.

`submit M-2 second round https://figma.com/file/… https://drive.google.com/…` keeps "second
round" as the note and the two links as deliverables. Slack writes links in its own markup
(`<https://…|label>`), Teams users in Markdown (`[label](https://…)`); the label becomes the
deliverable's name.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from bot.errors import InvalidField
from bot.i18n import N_
from bot.model import Deliverable, DeliverableKind

MAX_DELIVERABLES = 10
MAX_URL = 2000
MAX_NAME = 80
TOO_MANY = N_("A version can carry at most {limit} deliverables.")
NOT_HTTPS = N_("Only https links can be deliverables: “{url}”.")
TOO_LONG = N_("A link can be at most {limit} characters.")
NAME_THE_MILESTONE = N_(
    "To submit a message's files for sign-off, name the milestone in it, like “M-2 final print "
    "files”; or type “submit M-2” with the links."
)
FILES_WITHHELD = N_(
    "The files attached to your message did not reach Signoff: in a channel, Teams gives apps "
    "only a message's text. Submit again with a link to each file (in Teams: the file's ⋯ › "
    "Copy link), like “submit M-{number} https://…”."
)

# A link in Slack's markup with an optional label (<https://…|label>), in Markdown
# ([label](https://…), as Teams users type it), or bare.
_LINK = re.compile(
    r"<(https?://[^\s<>|]+)(?:\|([^<>]*))?>"
    r"|\[([^\]]*)\]\((https?://[^\s()]+)\)"
    r"|\b(https?://[^\s<>]+)",
    re.IGNORECASE,
)
# Where studios share work from, by the host's registered domain.
_KINDS = {
    "figma.com": DeliverableKind.FIGMA,
    "drive.google.com": DeliverableKind.GOOGLE_DRIVE,
    "docs.google.com": DeliverableKind.GOOGLE_DRIVE,
    "dropbox.com": DeliverableKind.DROPBOX,
    "frame.io": DeliverableKind.FRAME_IO,
    "f.io": DeliverableKind.FRAME_IO,
}
# Punctuation that ends a sentence rather than a link: "see https://x.io/a." reads x.io/a.
_TRAILING = ".,;:!?)]}'\"。，；：！？）】"
_GAP = re.compile(r"\s+([.,;:!?。，；：！？）])")


def split_links(text: str) -> tuple[str, tuple[Deliverable, ...]]:
    """The text without its links (spacing tidied), and a deliverable for each link in order.
    Raises InvalidField for a link that is not https, too long, or one too many."""
    found: list[Deliverable] = []

    def take(match: re.Match[str]) -> str:
        url = match.group(1) or match.group(4) or match.group(5)
        label = (match.group(2) or match.group(3) or "").strip()
        kept = ""
        if match.group(5):  # a bare link: sentence punctuation after it stays in the text
            stripped = url.rstrip(_TRAILING)
            kept, url = url[len(stripped) :], stripped
        found.append(link(url, label))
        return kept

    note = _LINK.sub(take, text)
    if len(found) > MAX_DELIVERABLES:
        raise InvalidField("submit", "deliverables", TOO_MANY, limit=MAX_DELIVERABLES)
    unique = tuple({d.url: d for d in found}.values())  # each link once, first name kept
    # A link taken out of "the deck https://…." leaves "the deck ." : close the gap.
    return _GAP.sub(r"\1", " ".join(note.split())), unique


def with_files(
    links: tuple[Deliverable, ...], files: tuple[Deliverable, ...]
) -> tuple[Deliverable, ...]:
    """A version's deliverables: the files shared with it, then the links typed with it."""
    every = (*files, *links)
    if len(every) > MAX_DELIVERABLES:
        raise InvalidField("submit", "deliverables", TOO_MANY, limit=MAX_DELIVERABLES)
    return every


def link(url: str, label: str) -> Deliverable:
    """A link as a deliverable: its kind from its host, its name from the label or the link."""
    host = (urlsplit(url).hostname or "").lower()
    if not url.lower().startswith("https://") or not host:
        raise InvalidField("submit", "deliverables", NOT_HTTPS, url=url[:60])
    if len(url) > MAX_URL:
        raise InvalidField("submit", "deliverables", TOO_LONG, limit=MAX_URL)
    return Deliverable(name=label[:MAX_NAME] or _name(url, host), url=url, kind=kind_of(host))


def kind_of(host: str) -> DeliverableKind:
    """Where a link's host is: one of the services studios share work from, or any other."""
    for domain, kind in _KINDS.items():
        if host == domain or host.endswith("." + domain):
            return kind
    return DeliverableKind.LINK


def _name(url: str, host: str) -> str:
    """A readable name for a link without a label: its host and last path segment."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    host = host.removeprefix("www.")
    if not segments:
        return host[:MAX_NAME]
    # Figma's and Drive's last segment is the file's name or id; ids read worse than names.
    return f"{host}/{segments[-1].replace('-', ' ')}"[:MAX_NAME]
