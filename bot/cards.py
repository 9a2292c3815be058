"""The milestone sign-off card: one neutral message shown when work is submitted and after each
decision, so every platform can render (and later replace) the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.actions import encode
from bot.commands import DecideMilestone
from bot.context import Context
from bot.labels import label, milestone_state, name_of
from bot.messages import Action, ActionStyle, Card, Field, Link, Message
from bot.model import (
    Decision,
    DecisionKind,
    Deliverable,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Person,
    Project,
)
from bot.rules import rounds_included
from bot.typography import join_groups, join_items


def card_key(milestone: Milestone) -> str:
    """Names the card of one version, so adapters can find every place they posted it."""
    return f"milestone:{milestone.id}:v{milestone.version}"


def decision_line(ctx: Context, decision: Decision) -> str:
    mark = "✔" if decision.kind is DecisionKind.APPROVE else "✎"
    line = ctx.t(
        "{mark} {who} {outcome} ({stage}) at {when}",
        mark=mark,
        who=name_of(decision.person),
        outcome=label(ctx.locale, decision.kind),
        stage=label(ctx.locale, decision.stage),
        when=ctx.when(decision.decided_at),
    )
    return ctx.t("{line}: {note}", line=line, note=decision.note) if decision.note else line


def milestone_card(
    ctx: Context,
    milestone: Milestone,
    *,
    awaiting: Sequence[Person],
    decisions: Sequence[Decision],
    submitted: MilestoneVersion | None = None,
) -> Message:
    """The card for the milestone's current version: live buttons only while a decision is due.

    `submitted` is the version's own record: its criteria and note are shown rather than the
    milestone's current ones, and a withdrawn version says so.
    """
    project = ctx.require_project()
    withdrawn = submitted is not None and submitted.withdrawn_at is not None
    live = milestone.state is MilestoneState.IN_REVIEW and not withdrawn
    state = milestone_state(ctx.locale, milestone)
    if live and milestone.stage is not None:
        state = ctx.t("{state} · {stage}", state=state, stage=label(ctx.locale, milestone.stage))
    if (
        submitted is not None
        and submitted.withdrawn_at is not None
        and milestone.state is not MilestoneState.CANCELLED
    ):
        state = ctx.t(
            "withdrawn by {who} at {when}",
            who=name_of(submitted.withdrawn_by),
            when=ctx.when(submitted.withdrawn_at),
        )
    criteria = submitted.criteria if submitted is not None else milestone.criteria
    note = submitted.note if submitted is not None else milestone.submit_note
    fields = [
        Field(label=ctx.t("Status"), value=state),
        Field(label=ctx.t("Due"), value=ctx.day(milestone.due_date)),
        rounds_field(ctx, milestone, project),
    ]
    if awaiting and live:
        names = join_items(ctx.locale, (name_of(person) for person in awaiting))
        fields.append(Field(label=ctx.t("Waiting on"), value=names))
    if note:
        fields.append(Field(label=ctx.t("Note"), value=note))
    if submitted is not None and submitted.brief_pending:
        fields.append(Field(label=ctx.t("Brief"), value=ctx.t("not confirmed when submitted")))
    if submitted is not None and submitted.feedback:
        # Feedback logged while the version is in review is tied to it: its deciders see it
        # pile up on the card itself, not only in the channel.
        fields.append(Field(label=ctx.t("Feedback"), value=str(submitted.feedback)))
    if milestone.state is MilestoneState.CANCELLED and milestone.cancel_reason:
        fields.append(Field(label=ctx.t("Why cancelled"), value=milestone.cancel_reason))
    actions: tuple[Action, ...] = ()
    if live:
        version = milestone.version  # the one shown: a click meant for it is refused later

        def decide(kind: DecisionKind) -> str:
            return encode(DecideMilestone(number=milestone.number, kind=kind, version=version))

        actions = (
            Action(
                label=ctx.t("Approve"),
                command=decide(DecisionKind.APPROVE),
                style=ActionStyle.PRIMARY,
            ),
            Action(
                label=ctx.t("Request changes"),
                command=decide(DecisionKind.CHANGES),
                style=ActionStyle.DANGER,
                needs_input=ctx.t("What should change?"),
            ),
        )
    history = [decision_line(ctx, decision) for decision in decisions]
    title = f"{milestone.ref} {milestone.name} · v{milestone.version}"
    deliverables = submitted.deliverables if submitted is not None else ()
    card = Card(
        title=title,
        subtitle=project.name,
        fields=tuple(fields),
        items=criteria,
        actions=actions,
        footer="\n".join(history),
        links=tuple(Link(label=link_label(d), url=d.url) for d in deliverables),
    )
    text_lines = [title, *(ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields)]
    if criteria:
        text_lines.append(
            ctx.t("Acceptance criteria: {items}", items=join_groups(ctx.locale, criteria))
        )
    text_lines += [deliverable_line(ctx, d) for d in deliverables]
    text_lines += history
    return Message(text="\n".join(text_lines), card=card)


def link_label(deliverable: Deliverable) -> str:
    """What a deliverable's link says: its name, and the host it opens when the name does not
    say it, so a label can never pass one site off as another."""
    host = (urlsplit(deliverable.url).hostname or "").removeprefix("www.")
    if not host or host in deliverable.name:
        return deliverable.name
    return f"{deliverable.name} · {host}"


def deliverable_line(ctx: Context, deliverable: Deliverable) -> str:
    """One deliverable as text: its name and link, and for a file read by Signoff its size and
    the fingerprint of the bytes that were submitted."""
    line = ctx.t("Deliverable: {name} {url}", name=deliverable.name, url=deliverable.url)
    if deliverable.sha256:
        line += " · " + ctx.t("SHA-256 {digest}", digest=deliverable.sha256)
    return line


def rounds_field(
    ctx: Context, milestone: Milestone, project: Project, *, internal: bool = False
) -> Field:
    """How many of the contract's revision rounds the milestone has spent (the client's
    requests for changes), and with `internal` (for the studio's eyes only) how many times
    the studio sent a version back itself."""
    used = ctx.t(
        "{used} of {allowed} used",
        used=milestone.rounds_used,
        allowed=rounds_included(project, milestone),
    )
    if internal and milestone.internal_rounds:
        used += " · " + ctx.t("{count} internal", count=milestone.internal_rounds)
    return Field(label=ctx.t("Revision rounds"), value=used)
