"""The `slack:` block of app.yaml."""

from __future__ import annotations

from adapters.settings_base import OptionalBlock


class SlackSettings(OptionalBlock):
    @property
    def enabled(self) -> bool:
        return False
