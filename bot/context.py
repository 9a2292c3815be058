"""What a use case knows while it runs: who asks, in which project, in what role and language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.access import allows
from bot.errors import Forbidden, NotFound
from bot.i18n import N_, fmt_date, fmt_datetime, fmt_duration, tr, weekday_name
from bot.invocation import Invocation
from bot.messages import Audience, Message, Reply
from bot.model import AuditEvent, Person, Project, Role
from bot.policy import Policy
from bot.ports import UnitOfWork

# Said when an action that anyone in the project may run is refused all the same.
REFUSED = N_("You can't use “{verb}” in this project.")


@dataclass(kw_only=True)
class Context:
    invocation: Invocation
    uow: UnitOfWork
    policy: Policy
    now: datetime
    actor: Person
    project: Project | None
    roles: frozenset[Role]  # the roles the actor really holds on the project
    locale: str

    @property
    def timezone(self) -> str:
        return self.project.timezone if self.project else self.policy.default_timezone

    @property
    def today(self) -> date:
        """Today's date where the project is."""
        return self.now.astimezone(ZoneInfo(self.timezone)).date()

    def t(self, message: str, /, **params: Any) -> str:
        """Translate a message id into the project's language."""
        return tr(self.locale, message, **params)

    def when(self, moment: datetime) -> str:
        """A moment on the project's clock, spelled out: "Mon 7 Dec, 1:00 PM"."""
        return fmt_datetime(self.locale, moment, self.timezone, today=self.today)

    def day(self, value: date) -> str:
        """A day spelled out with its weekday: "Fri 15 Jan", "2027年1月13日（周三）"."""
        return fmt_date(self.locale, value, today=self.today)

    def weekday(self, number: int) -> str:
        """Monday is 0: "Tuesday" / "周二"."""
        return weekday_name(self.locale, number)

    def since(self, moment: datetime) -> str:
        return fmt_duration(self.locale, self.now - moment)

    def require_project(self) -> Project:
        if self.project is None:
            raise NotFound(
                "This conversation is not bound to a project. A PM can bind it with "
                '“project bind KEY”, or create one with “project create KEY "NAME" client '
                '"CLIENT"”.'
            )
        return self.project

    @property
    def acting_roles(self) -> frozenset[Role]:
        """Roles for permission checks: anyone speaking in a project's conversation who holds no
        role there is treated as the client (guests in shared channels), but never as approver."""
        if self.roles or self.project is None:
            return self.roles
        return frozenset({Role.CLIENT})

    def may(self, action: str, *, author: Person | None = None) -> bool:
        """Whether the caller may run `action` (a key of bot.access.ACCESS); `author` is who
        made the record the command names."""
        mine = author is not None and author.id == self.actor.id
        return self.invocation.operator or allows(action, self.acting_roles, author=mine)

    def require(
        self, action: str, refusal: str = REFUSED, /, *, author: Person | None = None, **params: Any
    ) -> None:
        """Refuse (Forbidden, with `refusal`) unless the caller may run `action`."""
        if not self.may(action, author=author):
            raise Forbidden(refusal, **({"verb": action} | params))

    async def record(self, action: str, subject: str, **detail: Any) -> None:
        """Append an audit event for a state change made in this unit of work."""
        project = self.require_project()
        await self.uow.audit.add(
            AuditEvent(
                project_id=project.id,
                at=self.now,
                actor=self.actor,
                platform=self.invocation.identity.platform,
                action=action,
                subject=subject,
                detail=detail,
            )
        )

    def to_caller(self, text: str, **message: Any) -> Reply:
        return Reply(message=Message(text=text, **message), audience=Audience.CALLER)

    def to_channel(
        self, text: str, *, card_key: str = "", replaces: str = "", **message: Any
    ) -> Reply:
        return Reply(
            message=Message(text=text, **message),
            audience=Audience.CHANNEL,
            card_key=card_key,
            replaces=replaces,
        )
