"""The `nudges` verbs: what the bot will post on its own and when; pause, resume, settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import dates
from bot.context import Context
from bot.dates import parse_due, project_date_order
from bot.errors import NotFound, UsageError
from bot.i18n import N_, country_name, zone_name
from bot.messages import Reply
from bot.model import ProjectStatus
from bot.nudges.calendar import is_known_country
from bot.nudges.commands import (
    PauseNudges,
    ResumeNudges,
    RetimeNudge,
    SetNudgeCalendar,
    ShowNudges,
    SwitchNudge,
)
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeKind, OutboxStatus, ProjectNudges
from bot.nudges.snapshot import ProjectSnapshot, load_snapshot
from bot.policy import base_calendar
from bot.typography import join_items, separator
from bot.usecases.reach import reach_notes

SHOWN_DAYS = 14
SHOWN_LINES = 15
KIND_NAMES = {
    NudgeKind.DIGEST: N_("weekly digest"),
    NudgeKind.DUE_SOON: N_("milestone due soon"),
    NudgeKind.REVIEW_WAITING: N_("review reminder"),
    NudgeKind.ISSUE_OVERDUE: N_("issue escalation"),
    NudgeKind.FEEDBACK_WAITING: N_("feedback reminder"),
    NudgeKind.OVERDUE: N_("overdue milestone"),
    NudgeKind.RISK_RAISED: N_("new risk notice"),
    NudgeKind.SURVEY_WAITING: N_("satisfaction survey"),
    NudgeKind.STUDIO_DIGEST: N_("the studio's weekly risks"),
}
# Why a nudge did not go out, said in words rather than as the outbox's status code.
NOT_SENT = {OutboxStatus.MISSED: N_("missed"), OutboxStatus.FAILED: N_("failed")}
NOT_PM = N_("Only the project's PM can change the project's nudges.")


async def show_nudges(command: ShowNudges, ctx: Context) -> list[Reply]:
    """List what will go out in the next two weeks (local time), and what was missed or failed."""
    project = ctx.require_project()
    ctx.require("nudges show")
    snap = await load_snapshot(ctx.uow, project.id)
    settings = snap.settings if snap else ProjectNudges(project_id=project.id)
    lines = [ctx.t("Nudges for {name}:", name=project.name)]
    lines += await reach_notes(ctx, project)
    if project.status is ProjectStatus.CLOSED:
        lines.append(ctx.t("{key} is closed: it sends no nudges until a PM reopens it.",
                           key=project.key))  # fmt: skip
    if settings.is_paused(ctx.now):
        lines.append(_paused_line(ctx, settings))
    if snap is not None:
        cal = calendar_for(project, settings, base_calendar(ctx.policy))
        unpaused = replace(snap, settings=replace(settings, paused=False, paused_until=None))
        until = ctx.now + timedelta(days=SHOWN_DAYS)
        found = occurrences(unpaused, ctx.policy.nudges, cal, ctx.now, until)
        seen: dict[tuple[datetime, str], str] = {}
        for o in sorted(found, key=lambda o: o.due_at):
            if settings.is_paused(o.due_at):
                continue
            if o.kind is NudgeKind.STUDIO_DIGEST and not ctx.may("project risks"):
                continue  # the studio's own: a client is not told it keeps one
            what = ctx.t(KIND_NAMES[o.kind]) + _about(ctx, snap, o.subject)
            seen.setdefault(
                (o.due_at, what), f"• {ctx.when(o.due_at)}{separator(ctx.locale)}{what}"
            )
        lines += list(seen.values())[:SHOWN_LINES] or [ctx.t("Nothing in the next two weeks.")]
    if settings.escalate_to is not None:
        lines.append(ctx.t("Escalations go to {channel}.", channel=settings.escalate_to.channel))
    else:
        lines.append(ctx.t("Escalations go to each PM directly."))
    off = sorted(ctx.t(KIND_NAMES[k]) for k in settings.disabled)
    if off:
        lines.append(ctx.t("Turned off: {kinds}", kinds=join_items(ctx.locale, off)))
    if settings.country or settings.holidays:
        own = join_items(ctx.locale, (ctx.day(d) for d in sorted(settings.holidays))) or "—"
        country = country_name(ctx.locale, settings.country) or "—"
        lines.append(ctx.t("Holidays: {country}; own days off: {days}", country=country, days=own))
    recent = await ctx.uow.nudges.items(project.id, since=ctx.now - timedelta(days=7))
    for item in recent:
        if item.status in (OutboxStatus.MISSED, OutboxStatus.FAILED):
            lines.append(
                ctx.t(
                    "Not delivered ({status}): {what} due {when}",
                    status=ctx.t(NOT_SENT[item.status]),
                    what=ctx.t(KIND_NAMES[item.occurrence.kind]),
                    when=ctx.when(item.occurrence.due_at),
                )
            )
    return [ctx.to_caller("\n".join(lines))]


def _about(ctx: Context, snap: ProjectSnapshot, subject: dict[str, Any]) -> str:
    if (milestone := snap.milestone(subject.get("milestone"))) is not None:
        return f" {milestone.ref}"
    if (issue_id := subject.get("issue")) is not None:
        return next((f" {i.ref}" for i in snap.issues if i.id == issue_id), "")
    if (version := subject.get("version")) is not None and "brief" in subject:
        return " " + ctx.t("Brief {version}", version=f"v{version}")
    if (change_id := subject.get("change")) is not None:
        return next((f" {c.ref}" for c in snap.changes if c.id == change_id), "")
    if (risk_id := subject.get("risk")) is not None:
        return next((f" {r.ref}" for r in snap.raised if r.id == risk_id), "")
    if (survey_id := subject.get("survey")) is not None:
        occasion = next((o for o in snap.surveys if o.id == survey_id), None)
        surveyed = snap.milestone(occasion.milestone_id) if occasion else None
        return f" {surveyed.ref}" if surveyed is not None else ""
    return ""


def _paused_line(ctx: Context, settings: ProjectNudges) -> str:
    if settings.paused_until is None:
        return ctx.t("Nudges are paused until someone types “nudges resume”.")
    local = settings.paused_until.astimezone(ZoneInfo(ctx.timezone))
    if local.time() == time(0):  # `nudges pause until DATE`: they start again that morning
        return ctx.t("Nudges are paused; they start again on {day}.", day=ctx.day(local.date()))
    # A pause stored with another end (as the admin CLI or an older release could) says when.
    return ctx.t("Nudges are paused until {when}.", when=ctx.when(settings.paused_until))


async def pause_nudges(command: PauseNudges, ctx: Context) -> list[Reply]:
    """Stop the project's nudges, until a future date or until resumed."""
    project = ctx.require_project()
    ctx.require("nudges pause", NOT_PM)
    until = None
    if command.until:
        day = _future_day(ctx, command.until)
        until = datetime.combine(day, time(0), tzinfo=ZoneInfo(project.timezone)).astimezone(UTC)
    settings = await ctx.uow.nudges.settings(project.id)
    settings = replace(settings, paused=True, paused_until=until)
    await ctx.uow.nudges.save_settings(settings)
    await ctx.record("nudges.paused", project.key, until=until.isoformat() if until else "")
    return [ctx.to_channel(_paused_line(ctx, settings))]


async def resume_nudges(command: ResumeNudges, ctx: Context) -> list[Reply]:
    """Restart the project's nudges; what fell due while paused is not sent."""
    project = ctx.require_project()
    ctx.require("nudges resume", NOT_PM)
    settings = await ctx.uow.nudges.settings(project.id)
    # What fell due while paused stays unsent: the pause is remembered as ending now.
    await ctx.uow.nudges.save_settings(replace(settings, paused=False, paused_until=ctx.now))
    await ctx.record("nudges.resumed", project.key)
    return [ctx.to_channel(ctx.t("Nudges are back on for {name}.", name=project.name))]


async def switch_nudge(command: SwitchNudge, ctx: Context) -> list[Reply]:
    """Turn one kind of nudge off or back on for this project."""
    project = ctx.require_project()
    ctx.require("nudges on" if command.enabled else "nudges off", NOT_PM)
    settings = await ctx.uow.nudges.settings(project.id)
    disabled = settings.disabled - {command.kind}
    if not command.enabled:
        disabled |= {command.kind}
    await ctx.uow.nudges.save_settings(replace(settings, disabled=disabled))
    await ctx.record("nudges.switched", project.key, kind=command.kind.value, on=command.enabled)
    template = N_("{kind}: on") if command.enabled else N_("{kind}: off")
    return [ctx.to_caller(ctx.t(template, kind=ctx.t(KIND_NAMES[command.kind])))]


async def set_nudge_calendar(command: SetNudgeCalendar, ctx: Context) -> list[Reply]:
    """Set the project's holiday country, or add one of its own days off."""
    project = ctx.require_project()
    ctx.require("nudges country" if command.country is not None else "nudges holiday", NOT_PM)
    settings = await ctx.uow.nudges.settings(project.id)
    if command.country is not None:
        code = command.country.strip().upper()
        code = "" if code in ("NONE", "无") else code
        if code and not is_known_country(code):
            raise UsageError("nudges", "“{code}” is not a country code I know, like CN or DE.",
                             code=command.country[:20])  # fmt: skip
        settings = replace(settings, country=code)
        if code:
            text = ctx.t("Holidays now follow {country}.", country=country_name(ctx.locale, code))
        else:
            text = ctx.t("Holidays no longer follow a country's calendar.")
    elif command.working_again:
        day = _future_day(ctx, command.holiday, allow_today=True)
        if day not in settings.holidays:
            raise NotFound("{date} is not one of this project's days off.", date=ctx.day(day))
        settings = replace(settings, holidays=settings.holidays - {day})
        text = ctx.t("Nudges may go out on {date} again.", date=ctx.day(day))
    else:
        day = _future_day(ctx, command.holiday, allow_today=True)
        settings = replace(settings, holidays=settings.holidays | {day})
        text = ctx.t("No nudges on {date}.", date=ctx.day(day))
    await ctx.uow.nudges.save_settings(settings)
    await ctx.record("nudges.calendar", project.key, country=settings.country,
                     holidays=sorted(d.isoformat() for d in settings.holidays))  # fmt: skip
    return [ctx.to_caller(text)]


# The digest's weekday as `nudges time digest 10:00 mon` names it: mon, 周一, 星期一.
async def retime_nudge(command: RetimeNudge, ctx: Context) -> list[Reply]:
    """Move one kind of nudge to the project's own local time (and weekday, for the digest)."""
    project = ctx.require_project()
    ctx.require("nudges time", NOT_PM)
    try:
        at = time.fromisoformat(command.at.replace("：", ":").zfill(5))
    except ValueError:
        raise UsageError("nudges", "“{at}” is not a time like 09:30.", at=command.at[:20]) from None
    weekday = None
    if command.weekday:
        if command.kind not in (NudgeKind.DIGEST, NudgeKind.STUDIO_DIGEST):  # the weekly ones
            raise UsageError("nudges", "Only the weekly digest goes out on a chosen weekday.")
        weekday = dates.weekday_number(command.weekday)
        if weekday is None:
            raise UsageError("nudges", "“{day}” is not a weekday like mon or tue.",
                             day=command.weekday[:20])  # fmt: skip
    settings = await ctx.uow.nudges.settings(project.id)
    await ctx.uow.nudges.save_settings(settings.retime(command.kind, at, weekday))
    clock = at.strftime("%H:%M")
    await ctx.record("nudges.retimed", project.key, kind=command.kind.value, at=clock,
                     weekday=weekday)  # fmt: skip
    rule = settings.retime(command.kind, at, weekday).effective(ctx.policy.nudges)
    day = rule.rule(command.kind).weekday
    zone = zone_name(ctx.locale, project.timezone)  # "北京时间", not "Asia/Shanghai"
    params = {"kind": ctx.t(KIND_NAMES[command.kind]), "time": clock, "zone": zone}
    if command.kind is NudgeKind.DIGEST:
        text = ctx.t("{kind}: {day} at {time} ({zone}).", day=ctx.weekday(day), **params)
    else:
        text = ctx.t("{kind}: at {time} ({zone}).", **params)
    return [ctx.to_caller(text)]


def _future_day(ctx: Context, typed: str, *, allow_today: bool = False) -> date:
    order = project_date_order(ctx.project) if ctx.project else None
    day = parse_due(typed, timezone=ctx.timezone, today=ctx.today, order=order)
    if day is None:
        raise UsageError("nudges", "I could not read “{date}” as a date.", date=typed[:40])
    if day < ctx.today:
        raise UsageError("nudges", "{date} is in the past: nudges cannot be scheduled there.",
                         date=ctx.day(day))  # fmt: skip
    if day == ctx.today and not allow_today:
        raise UsageError("nudges", "{date} is today: a pause lasts until a later day.",
                         date=ctx.day(day))  # fmt: skip
    return day
