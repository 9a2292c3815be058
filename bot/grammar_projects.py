"""The `member` and `project` verbs' grammar: setting a project up and putting it right."""

from __future__ import annotations

import re

from bot import commands as c
from bot import grammar_scan as scan
from bot.commands import Command
from bot.grammar_dates import parse_project_dates
from bot.grammar_pages import parse_page
from bot.grammar_risk_thresholds import parse_risk_thresholds
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.grammar_surveys import parse_project_survey
from bot.grammar_terms import TERMS, parse_terms
from bot.i18n import N_

PROJECT_NAME_MISSING = N_('Give the project a name, like "Acme website".')
CLIENT_MISSING = N_('Name the client, like: client "Acme Inc".')
NEW_NAME_MISSING = N_('Give the new name, like: project rename "Acme website".')

MEMBER_ACTIONS = ("add", "remove", "role")
PROJECT_ACTIONS = (
    "create", "bind", "unbind", "close", "reopen", "rename", "dates", *TERMS, "risks",
    "page", "survey",
)  # fmt: skip
# Roles listed as "pm,designer", "pm, designer", "pm designer" or "pm、designer".
_ROLE_SEP = re.compile(r"[,，、\s]+")


def _action(verb: str, sc: Scanner, choices: tuple[str, ...]) -> str:
    word = sc.word().lower()
    if word not in choices:
        raise Bad(CHOOSE, verb=verb, choices="|".join(choices))  # under 40 characters
    return word


def parse_member(sc: Scanner) -> Command:
    """`member add @p ROLE`, `member remove @p [ROLE]`, `member role @p ROLE[,ROLE…]`."""
    action = _action("member", sc, MEMBER_ACTIONS)
    user = scan.person(sc.word())
    if action == "add":
        role = scan.role(sc.word())
        sc.expect_end()
        return c.AddMember(user=user, role=role)
    if action == "remove":
        named = scan.role(sc.word()) if sc.peek() else None
        sc.expect_end()
        return c.RemoveMember(user=user, role=named)
    words = [w for w in _ROLE_SEP.split(sc.rest()) if w]
    if not words:
        raise Bad(scan.ROLE_MISSING)
    roles = tuple(dict.fromkeys(scan.role(w) for w in words))  # in order, each once
    return c.SetRoles(user=user, roles=roles)


def parse_project(sc: Scanner) -> Command:
    """`project create|bind|unbind|close|reopen|rename|dates …` and the sign-off terms."""
    action = _action("project", sc, PROJECT_ACTIONS)
    if action == "bind":
        key = scan.key(sc.word())
        sc.expect_end()
        return c.BindConversation(key=key)
    if action in ("unbind", "close", "reopen"):
        sc.expect_end()
        bare: dict[str, type[Command]] = {"unbind": c.UnbindConversation, "close": c.CloseProject}
        return bare.get(action, c.ReopenProject)()
    if action == "rename":
        return _rename(sc)
    if action == "dates":
        return parse_project_dates(sc)
    if action in TERMS:
        return parse_terms(action, sc)
    if action == "risks":
        return parse_risk_thresholds(sc)
    if action == "page":
        return parse_page(sc)
    if action == "survey":
        return parse_project_survey(sc)
    return _create(sc)


def _rename(sc: Scanner) -> Command:
    name = sc.name(frozenset({"client"}))
    client = ""
    if sc.peek().lower() == "client":
        sc.word()
        if not (client := sc.name(frozenset())):
            raise Bad(CLIENT_MISSING)
    sc.expect_end()
    if not name and not client:
        raise Bad(NEW_NAME_MISSING)
    return c.RenameProject(name=name, client=client)


def _create(sc: Scanner) -> Command:
    key = scan.key(sc.word())
    if not (name := sc.name(frozenset({"client"}))):
        raise Bad(PROJECT_NAME_MISSING)
    if sc.word().lower() != "client" or not (client := sc.name(frozenset({"timezone", "locale"}))):
        raise Bad(CLIENT_MISSING)
    options = {"timezone": "", "locale": ""}
    while word := sc.word():
        option = word.lower()
        if option not in options:
            raise Bad(scan.EXTRA, text=f"{word} {sc.rest()}".strip())
        if not (value := sc.word()):
            raise Bad(scan.VALUE_MISSING, word=word)
        options[option] = scan.timezone(value) if option == "timezone" else scan.locale(value)
    return c.CreateProject(key=key, name=name, client=client, **options)
