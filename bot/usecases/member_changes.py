"""Putting a project's members right: end someone's roles, or set exactly which roles they hold.

A role that ends keeps its record (who added it and when, who removed it and when); a project
always keeps at least one PM, so someone can still manage it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.commands import RemoveMember, SetRoles
from bot.context import Context
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Identity, Person, Role
from bot.platform_ids import require_user_id

MANAGE_REFUSED = N_("Only the project's PM can change members.")


def identity_named(
    ctx: Context, user: str, identity: Identity | None, *, stored_only: bool = False
) -> Identity:
    """Whom a command names: the admin CLI's identity, else a mention on the caller's platform,
    which must have the platform's id shape unless the command only looks for someone stored
    (so a member stored under an odd id, before ids were checked, can still be removed)."""
    if identity is not None:  # the admin CLI's, as the installer gave it
        if not identity.user_id:
            raise UsageError("member")
        return identity
    caller = ctx.invocation.identity
    named = Identity(platform=caller.platform, tenant=caller.tenant, user_id=user.lstrip("@"))
    if not named.user_id:
        raise UsageError("member")
    return named if stored_only else require_user_id(named, typed=user, verb="member")


def roles_text(ctx: Context, roles: Iterable[Role]) -> str:
    """Roles in their declared order, joined the way the project's language lists things."""
    names = [label(ctx.locale, r) for r in Role if r in set(roles)]
    text = names[0] if names else ctx.t("no role")
    for name in names[1:]:
        text = ctx.t("{list}, {item}", list=text, item=name)
    return text


async def _other_pms(ctx: Context, person: Person) -> int:
    project = ctx.require_project()
    members = await ctx.uow.members.list(project.id)
    return sum(1 for m in members if m.role is Role.PM and m.person.id != person.id)


async def _keep_a_pm(ctx: Context, person: Person, before: set[Role], after: set[Role]) -> None:
    if Role.PM in before and Role.PM not in after and not await _other_pms(ctx, person):
        raise Conflict(
            "{who} is the only PM of {key}: make someone else PM first.",
            who=name_of(person),
            key=ctx.require_project().key,
        )


async def remove_member(command: RemoveMember, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("member remove", MANAGE_REFUSED)
    identity = identity_named(ctx, command.user, command.identity, stored_only=True)
    person = await ctx.uow.people.find(identity)
    before = set(await ctx.uow.members.roles(project.id, person.id)) if person else set()
    if person is None or not before:
        raise NotFound("{who} holds no role on {key}.", who=command.user or identity.user_id,
                       key=project.key)  # fmt: skip
    ending = {command.role} & before if command.role else before
    if command.role and not ending:
        raise NotFound("{who} is not {role} on {key}.", who=name_of(person),
                       role=label(ctx.locale, command.role), key=project.key)  # fmt: skip
    after = before - ending
    await _keep_a_pm(ctx, person, before, after)
    for role in ending:
        await ctx.uow.members.remove(project.id, person.id, role, by=ctx.actor.id, at=ctx.now)
    await _record(ctx, "member.removed", person, before, after)
    if after:
        text = ctx.t("{who} is no longer {roles} on {key}; still {left}.", who=name_of(person),
                     roles=roles_text(ctx, ending), key=project.key,
                     left=roles_text(ctx, after))  # fmt: skip
    else:
        text = ctx.t("{who} is no longer a member of {key}.", who=name_of(person), key=project.key)
    return [ctx.to_channel(text)]


async def set_roles(command: SetRoles, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("member role", MANAGE_REFUSED)
    identity = identity_named(ctx, command.user, command.identity)
    person = await ctx.uow.people.ensure(identity)
    before = set(await ctx.uow.members.roles(project.id, person.id))
    after = set(command.roles)
    if before == after:
        text = ctx.t("{who} is already {roles}.", who=name_of(person), roles=roles_text(ctx, after))
        return [ctx.to_caller(text)]
    await _keep_a_pm(ctx, person, before, after)
    for role in after - before:
        await ctx.uow.members.add(project.id, person.id, role, by=ctx.actor.id, at=ctx.now)
    for role in before - after:
        await ctx.uow.members.remove(project.id, person.id, role, by=ctx.actor.id, at=ctx.now)
    await _record(ctx, "member.role_changed", person, before, after)
    text = ctx.t("{who} is now {roles} on {key}.", who=name_of(person),
                 roles=roles_text(ctx, after), key=project.key)  # fmt: skip
    return [ctx.to_channel(text)]


async def _record(
    ctx: Context, action: str, person: Person, before: set[Role], after: set[Role]
) -> None:
    await ctx.record(
        action,
        ctx.require_project().key,
        person=name_of(person),
        person_id=person.identity.key,
        roles_before=[r.value for r in Role if r in before],
        roles_after=[r.value for r in Role if r in after],
    )
