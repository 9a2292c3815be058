"""What the console says of its own (banner, project choice), as message ids in the language of
the run: the project's where there is one, else the configured default, never a mix."""

from __future__ import annotations

from bot.i18n import N_
from bot.service import Services

NO_SUCH_PROJECT = N_("There is no project “{key}”.")
CREATE_IT = N_("There is no project “{key}”: create it with `{how}`.")
BANNER = N_("Signoff: project {key}, as {person}. Type help for the commands, quit to end.")
BANNER_NO_PROJECT = N_(
    "Signoff: no project yet (type: use KEY), as {person}. Type help for the commands, quit to end."
)
NOW_IN = N_("Now in project {key}.")
SEVERAL = N_("{name} is on several projects ({keys}): type: use KEY.")
SEVERAL_PASS = N_("{name} is on several projects ({keys}): pass --project KEY.")
NOT_A_MEMBER = N_(
    "{name} is not a member of any project: type: use KEY, or ask an operator to run "
    "`signoff member add KEY --console-user {name} --role client`."
)
NOT_A_MEMBER_PASS = N_(
    "{name} is not a member of any project: pass --project KEY, or ask an operator to run "
    "`signoff member add KEY --console-user {name} --role client`."
)
NO_PROJECTS = N_(
    "There are no projects yet: run `signoff demo` to create one, or pass --project KEY."
)
OFFER_DEMO = N_("There are no projects yet. Create the demo project, with you as PM? [y/N] ")
CREATE_ONE = N_("Create a project with `signoff project create KEY --name NAME --client CLIENT`.")
YES = frozenset({"y", "yes", "是", "好", "好的"})


async def run_locale(services: Services, key: str | None) -> str:
    """The language of a console run: its project's, else the configured default."""
    if key:
        async with services.uow() as uow:
            project = await uow.projects.get_by_key(key)
        if project is not None:
            return project.locale
    return services.policy.default_locale
