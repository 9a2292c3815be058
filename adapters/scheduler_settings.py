"""The `scheduler:` block of app.yaml."""

from __future__ import annotations

from adapters.settings_base import OptionalBlock


class SchedulerSettings(OptionalBlock):
    pass
