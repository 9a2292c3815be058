"""Who is asking, as the core stores them: the name and time zone a platform gives, a zone that
is no real one dropped, and a platform's profile asked only for what is not stored yet."""

from __future__ import annotations

from dataclasses import replace

from bot.model import Person
from bot.service import handle_text
from tests.core.conftest import Studio


def stored(studio: Studio, user_id: str) -> Person:
    [found] = [p for p in studio.tables.people.values() if p.identity.user_id == user_id]
    return found


async def test_the_zone_a_platform_gives_is_kept_and_one_that_is_no_zone_is_dropped(
    studio: Studio,
) -> None:
    tokyo = replace(studio.invocation("kenji"), timezone="Asia/Tokyo")
    await handle_text("help", tokyo, studio.services)
    assert stored(studio, "kenji").timezone == "Asia/Tokyo"
    await handle_text("help", replace(studio.invocation("mars"), timezone="Mars/Base"),
                      studio.services)  # fmt: skip
    assert stored(studio, "mars").timezone == ""


class Profile:
    """A platform's profile lookup (Slack's users.info), counting how often it is asked."""

    def __init__(self, name: str, zone: str) -> None:
        self.answer, self.asked = (name, zone), 0

    async def __call__(self) -> tuple[str, str]:
        self.asked += 1
        return self.answer


async def test_a_profile_is_asked_only_for_what_is_not_stored(studio: Studio) -> None:
    lookup = Profile("Kenji Sato", "Asia/Tokyo")
    asking = replace(studio.invocation("kenji"), display_name="", profile=lookup)
    await handle_text("help", asking, studio.services)  # first met: name and zone from it
    assert (stored(studio, "kenji").display_name, stored(studio, "kenji").timezone) == (
        "Kenji Sato", "Asia/Tokyo"
    )  # fmt: skip
    await handle_text("help", asking, studio.services)  # both stored: not asked again
    assert lookup.asked == 1
    assert (stored(studio, "kenji").display_name, stored(studio, "kenji").timezone) == (
        "Kenji Sato", "Asia/Tokyo"
    )  # fmt: skip

    # Met before with a name and no zone: the zone comes from the profile, the name stays.
    await handle_text("help", replace(studio.invocation("ines"), display_name="Inês"),
                      studio.services)  # fmt: skip
    other = Profile("ines.p", "Europe/Lisbon")
    await handle_text("help", replace(studio.invocation("ines"), display_name="", profile=other),
                      studio.services)  # fmt: skip
    assert other.asked == 1
    assert (stored(studio, "ines").display_name, stored(studio, "ines").timezone) == (
        "Inês", "Europe/Lisbon"
    )  # fmt: skip
