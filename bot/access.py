"""Who may do what: one table, from each verb and sub-verb of the grammar (and each sign-off
stage) to the roles that may run it, consulted by every use case before it reads or writes."""

from __future__ import annotations

from bot.model import DecisionKind, Role, Stage

# Besides the four roles: the person who wrote the feedback, raised the issue or submitted the
# version a command names; and anyone at all (no project is needed to create one or read help).
AUTHOR = "author"
ANYONE = "anyone"

# Who signs a version off at each stage; a card's buttons and a typed decision are the same.
STAGE_DECIDER: dict[Stage, Role] = {Stage.PM: Role.PM, Stage.CLIENT: Role.APPROVER}

EVERYONE = frozenset(Role)
STUDIO = frozenset({Role.PM, Role.DESIGNER})
PM = frozenset({Role.PM})


def decision_action(kind: DecisionKind, stage: Stage) -> str:
    """The table's name for a decision at a stage: "approve@pm", "changes@client"."""
    return f"{kind.value}@{stage.value}"


# Roles are those held on the project the command is about. Someone speaking in a project's
# conversation without a role there acts as its client (Context.acting_roles): guests in a
# channel shared with the client. The operator at the admin CLI may do anything but decide.
ACCESS: dict[str, frozenset[str]] = {
    "help": frozenset({ANYONE}),
    "status": EVERYONE,
    "more": EVERYONE,
    # feedback
    "feedback": EVERYONE,  # log it (typed, or a message logged with the shortcut)
    "feedback list": EVERYONE,
    "feedback FB-n": EVERYONE,
    "feedback resolve": STUDIO,
    "feedback reopen": STUDIO | {AUTHOR},
    "feedback edit": frozenset({AUTHOR}),
    "feedback withdraw": PM | {AUTHOR},
    # issues
    "issue": EVERYONE,  # raise one (typed, or with the form)
    "issue form": EVERYONE,
    "issues": EVERYONE,
    "issue IS-n": EVERYONE,
    "issue ack": STUDIO,
    "issue resolve": STUDIO,
    "issue assign": STUDIO,
    "issue close": PM | {AUTHOR},
    "issue reopen": STUDIO | {AUTHOR},
    "issue edit": frozenset({AUTHOR}),
    "issue withdraw": PM | {AUTHOR},
    # milestones and sign-off
    "milestones": EVERYONE,
    "milestone M-n": EVERYONE,
    "milestone add": PM,
    "milestone rename": PM,
    "milestone due": PM,
    "milestone criteria": PM,
    "milestone rounds": PM,
    "milestone cancel": PM,
    "milestone reopen": PM,
    "submit": STUDIO,
    "withdraw": PM | {AUTHOR},
    **{
        decision_action(kind, stage): frozenset({role})
        for kind in DecisionKind
        for stage, role in STAGE_DECIDER.items()
    },
    # the brief: drafted and sent by the PM, confirmed by the client's approvers
    "brief": EVERYONE,
    "brief edit": PM,
    "brief send": PM,
    "brief confirm": frozenset({Role.APPROVER}),
    "brief changes": frozenset({Role.APPROVER}),
    # change requests and money: anyone may propose one, the studio prices it, the PM sends
    # it, the client's approvers decide it
    "change": EVERYONE,
    "change request": EVERYONE,
    "change price": PM,
    "change send": PM,
    "change withdraw": PM | {AUTHOR},
    "change accept": frozenset({Role.APPROVER}),
    "change decline": frozenset({Role.APPROVER}),
    "budget": EVERYONE,
    # the risk register: the studio's; a client reads only the risks shared with them
    "risks": EVERYONE,
    "risk add": STUDIO,
    "risk update": STUDIO,
    "risk close": STUDIO,
    "risk reopen": STUDIO,
    "risk share": STUDIO,
    "risk unshare": STUDIO,
    # satisfaction surveys: the client answers (checked on the roles really held), all read
    "csat": EVERYONE,
    "project survey": PM,
    # nudges
    "nudges show": EVERYONE,
    "nudges pause": PM,
    "nudges resume": PM,
    "nudges off": PM,
    "nudges on": PM,
    "nudges country": PM,
    "nudges holiday": PM,
    "nudges time": PM,
    "nudges escalate": PM,  # of the project named, typed where it is not bound
    # the project and its people
    "project create": frozenset({ANYONE}),
    "project bind": PM,  # of the project named
    "project unbind": PM,
    "project close": PM,
    "project reopen": PM,
    "project rename": PM,
    "project dates": EVERYONE,  # which order dates are read in
    "project dates set": PM,
    "project rules": EVERYONE,  # the contract's sign-off terms
    "project rules set": PM,
    "project risks": STUDIO,  # the thresholds of the risks Signoff raises by itself
    "project risks set": PM,
    "project page": PM,  # a private link to the read-only page, for the PM to pass on
    "project page revoke": PM,
    # lessons learned: the studio's own, for the close-out report
    "lesson": STUDIO,
    "lessons": STUDIO,
    "member add": PM,
    "member remove": PM,
    "member role": PM,
}


def allows(action: str, roles: frozenset[Role], *, author: bool = False) -> bool:
    """Whether someone holding `roles` (and, with `author`, who made the record the command
    names) may run `action`, a key of ACCESS."""
    parties = ACCESS[action]
    return ANYONE in parties or bool(parties & roles) or (author and AUTHOR in parties)
