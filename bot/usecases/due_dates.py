"""A due date typed in a command: read in the project's date order, refused with the reason,
and noted when it falls on a day off (a weekend, a public holiday, one of the project's own)."""

from __future__ import annotations

import functools
from datetime import date

import holidays as holiday_calendars

from bot.context import Context
from bot.dates import project_date_order, read_due
from bot.errors import UsageError
from bot.i18n import N_
from bot.nudges.due import calendar_for
from bot.policy import base_calendar

UNREADABLE = N_("I can't read “{text}” as a date. Try 2026-12-15, “next friday” or “12月15日”.")
# The language the `holidays` package names a country's days in, per project locale.
_HOLIDAY_LANGUAGES = {"en": "en_US", "zh-CN": "zh_CN"}


def read_due_date(ctx: Context, typed: str, *, verb: str) -> date:
    """The day `typed` names, today or later; a UsageError (with `verb`'s usage) saying why
    not when it is unreadable, in the past, or beside a weekday it does not fall on."""
    project = ctx.require_project()
    reading = read_due(
        typed, timezone=project.timezone, today=ctx.today, order=project_date_order(project)
    )
    if reading.day is None:
        raise UsageError(verb, UNREADABLE, text=typed[:80])
    if reading.contradicted and reading.stated_weekday is not None:
        raise UsageError(
            verb,
            "{date} is not a {stated}. Check the date and try again.",
            date=ctx.day(reading.day),
            stated=ctx.weekday(reading.stated_weekday),
        )
    if reading.day < ctx.today:
        raise UsageError(verb, "{date} is in the past.", date=ctx.day(reading.day))
    return reading.day


async def due_note(ctx: Context, day: date) -> str:
    """A sentence saying that `day` is no working day in the project (its working days, its
    country's holidays, its own days off), or "" when it is one."""
    project = ctx.require_project()
    settings = await ctx.uow.nudges.settings(project.id)
    if calendar_for(project, settings, base_calendar(ctx.policy)).is_working_day(day):
        return ""
    shown = ctx.day(day)
    if day in settings.holidays:
        return ctx.t("Note: {date} is one of the project's days off.", date=shown)
    if settings.country and day in _holidays(settings.country.upper(), ""):
        if name := holiday_name(settings.country, day, ctx.locale):
            return ctx.t("Note: {date} is a public holiday ({holiday}).", date=shown, holiday=name)
        return ctx.t("Note: {date} is a public holiday.", date=shown)
    return ctx.t("Note: {date} is not a working day.", date=shown)


def holiday_name(country: str, day: date, locale: str) -> str:
    """The public holiday's name in the project's language; "" when `day` is none, or when the
    country's calendar has no names in that language (no German names in a Chinese note)."""
    return _holidays(country.upper(), _HOLIDAY_LANGUAGES.get(locale, "en_US")).get(day) or ""


@functools.cache
def _holidays(country: str, language: str) -> holiday_calendars.HolidayBase | dict[date, str]:
    """The country's calendar, named in `language` ("": its own default); {} without it."""
    calendar = holiday_calendars.country_holidays(country)
    if not language:
        return calendar
    if language in calendar.supported_languages:
        return holiday_calendars.country_holidays(country, language=language)
    return {}
