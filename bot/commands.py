"""Commands: what a person asked for, parsed but not yet checked against the project.

The grammar makes them from chat text; the admin CLI and adapters (buttons, forms) make them
directly. Who asks and where is carried separately by a bot.invocation.Invocation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.model import (
    ApprovalRule,
    Conversation,
    DecisionKind,
    Deliverable,
    Identity,
    Role,
    Severity,
)


class Command:
    """Base of every command, so handlers can be looked up by type."""


@dataclass(frozen=True, kw_only=True)
class Help(Command):
    topic: str = ""


@dataclass(frozen=True, kw_only=True)
class ShowStatus(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class CreateProject(Command):
    key: str
    name: str
    client: str
    timezone: str = ""  # empty: the configured default
    locale: str = ""


@dataclass(frozen=True, kw_only=True)
class BindConversation(Command):
    key: str
    conversation: Conversation | None = None  # None: the conversation the command came from


@dataclass(frozen=True, kw_only=True)
class SetDateOrder(Command):
    order: str = ""  # "dmy" | "mdy" | "ymd"; empty: say which one the project uses


@dataclass(frozen=True, kw_only=True)
class SetSignoffTerms(Command):
    """The contract's sign-off terms: each field given changes one; none given shows them
    (`project rules`). Chat changes one term per line, the admin CLI several at once."""

    studio_stage: bool | None = None  # False: the client's approvers sign off alone
    pm_rule: ApprovalRule | None = None
    client_rule: ApprovalRule | None = None
    rounds: int | None = None  # revision rounds included per milestone
    self_approval: bool | None = None  # one person may decide both stages of a version

    @property
    def changes(self) -> dict[str, Any]:
        """The project's fields this command sets, by name."""
        given = {
            "studio_stage": self.studio_stage,
            "pm_rule": self.pm_rule,
            "client_rule": self.client_rule,
            "revision_rounds": self.rounds,
            "self_approval": self.self_approval,
        }
        return {name: value for name, value in given.items() if value is not None}


@dataclass(frozen=True, kw_only=True)
class AddMember(Command):
    role: Role
    user: str = ""  # a mention as typed ("@alice", "U123"), resolved on the caller's platform
    identity: Identity | None = None  # given explicitly by the admin CLI
    display_name: str = ""


@dataclass(frozen=True, kw_only=True)
class RemoveMember(Command):
    """End a person's roles on the project (only `role` when given); their record stays."""

    user: str = ""
    identity: Identity | None = None
    role: Role | None = None


@dataclass(frozen=True, kw_only=True)
class SetRoles(Command):
    """Replace a person's roles on the project with exactly these."""

    roles: tuple[Role, ...]
    user: str = ""
    identity: Identity | None = None


@dataclass(frozen=True, kw_only=True)
class UnbindConversation(Command):
    key: str = ""  # the admin CLI names the project; chat unbinds the conversation it is in
    conversation: Conversation | None = None


@dataclass(frozen=True, kw_only=True)
class CloseProject(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ReopenProject(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class RenameProject(Command):
    name: str = ""  # "": the name stays
    client: str = ""  # "": the client stays


@dataclass(frozen=True, kw_only=True)
class AddMilestone(Command):
    name: str
    due: str  # as typed; parsed in the project's time zone
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ListMilestones(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ShowMilestone(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class RenameMilestone(Command):
    number: int
    name: str


@dataclass(frozen=True, kw_only=True)
class RedateMilestone(Command):
    number: int
    due: str  # as typed, like AddMilestone.due


@dataclass(frozen=True, kw_only=True)
class SetMilestoneCriteria(Command):
    number: int
    criteria: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SetMilestoneRounds(Command):
    """`milestone rounds M-n N`: the revision rounds this milestone's contract includes."""

    number: int
    rounds: int | None  # None: back to the project's


@dataclass(frozen=True, kw_only=True)
class CancelMilestone(Command):
    number: int
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ReopenMilestone(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class WithdrawVersion(Command):
    """Take the version in review out of review before anyone decided on it."""

    number: int
    version: int | None = None  # as typed ("withdraw M-2@v3"); None: the version in review


@dataclass(frozen=True, kw_only=True)
class SubmitMilestone(Command):
    number: int
    note: str = ""
    # Files shared with the submit (a message's files, with Slack's shortcut), as deliverables
    # the platform described; links typed in the note are read out of it by the core.
    files: tuple[Deliverable, ...] = ()
    # The message had files the platform did not hand over (Teams keeps a channel message's
    # files from apps): the version would be pinned without them, so the submit is refused.
    files_withheld: bool = False


@dataclass(frozen=True, kw_only=True)
class DecideMilestone(Command):
    number: int
    kind: DecisionKind
    note: str = ""
    version: int | None = None  # buttons carry the version they were shown for


@dataclass(frozen=True, kw_only=True)
class LogFeedback(Command):
    text: str
    milestone: int | None = None
    version: int | None = None  # "feedback M-2@v1 …"; None: the milestone's latest version
    source_link: str = ""
    author: Identity | None = None  # a message shortcut logs someone else's message
    author_name: str = ""


class FeedbackAction(StrEnum):
    RESOLVE = "resolve"
    REOPEN = "reopen"


@dataclass(frozen=True, kw_only=True)
class ChangeFeedback(Command):
    number: int
    action: FeedbackAction
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RaiseIssue(Command):
    title: str
    severity: Severity = Severity.MEDIUM
    description: str = ""
    milestone: int | None = None


@dataclass(frozen=True, kw_only=True)
class OpenIssueForm(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ListIssues(Command):
    state: str = "open"  # open | closed | all
    mine: bool = False  # only those the caller reported or is assigned


class IssueAction(StrEnum):
    ACK = "ack"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"


@dataclass(frozen=True, kw_only=True)
class ChangeIssue(Command):
    number: int
    action: IssueAction
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AssignIssue(Command):
    number: int
    user: str


@dataclass(frozen=True, kw_only=True)
class Unparsed(Command):
    """Text the grammar could not read: answered with the usage of `verb` (or general help)."""

    verb: str
    reason: str = ""  # a message id from bot.i18n explaining what was wrong, if more than usage
    params: tuple[tuple[str, str], ...] = ()
