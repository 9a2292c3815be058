"""Someone named in a command who must be on the studio's side of the project (an issue's
assignee, a risk's owner)."""

from __future__ import annotations

from bot.context import Context
from bot.errors import NotFound
from bot.model import Identity, Person, Role
from bot.platform_ids import require_user_id


async def studio_person(ctx: Context, typed: str, *, verb: str) -> Person:
    """The PM or designer `typed` names (a mention on the caller's platform); NotFound, saying
    how to add them, for anyone else."""
    project = ctx.require_project()
    caller = ctx.invocation.identity
    identity = Identity(platform=caller.platform, tenant=caller.tenant, user_id=typed.lstrip("@"))
    require_user_id(identity, typed=typed, verb=verb)
    person = await ctx.uow.people.find(identity)
    roles = await ctx.uow.members.roles(project.id, person.id) if person else frozenset()
    if person is None or not roles & {Role.PM, Role.DESIGNER}:
        raise NotFound(
            "{who} is not on the studio side of {key}; a PM can add them with “member add”.",
            who=typed,
            key=project.key,
        )
    return person
