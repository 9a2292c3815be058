"""Which use case answers which command: the core's one table of them, by area."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot import brief_commands as b
from bot import change_commands as cc
from bot import commands as c
from bot import lesson_commands as lc
from bot import page_commands as pg
from bot import record_commands as r
from bot import risk_commands as rc
from bot import survey_commands as sv
from bot.commands import Command
from bot.context import Context
from bot.messages import Reply
from bot.nudges import commands as n
from bot.usecases import (
    brief_decisions,
    brief_import,
    briefs,
    budget,
    change_decisions,
    change_requests,
    date_order,
    decisions,
    escalation,
    feedback,
    issue_form,
    issues,
    lessons,
    lists,
    member_changes,
    milestone_changes,
    milestone_view,
    milestones,
    nudges,
    pages,
    project_changes,
    projects,
    record_changes,
    record_views,
    risk_thresholds,
    risks,
    signoff_terms,
    status,
    survey_view,
    surveys,
    withdrawals,
)

Handler = Callable[[Any, Context], Awaitable[list[Reply]]]

HANDLERS: dict[type[Command], Handler] = {
    c.Help: projects.show_help,
    c.Unparsed: projects.explain_unparsed,
    c.CreateProject: projects.create_project,
    c.BindConversation: projects.bind_conversation,
    c.SetDateOrder: date_order.set_date_order,
    c.SetSignoffTerms: signoff_terms.set_signoff_terms,
    c.SetMilestoneRounds: signoff_terms.set_milestone_rounds,
    c.AddMember: projects.add_member,
    c.RemoveMember: member_changes.remove_member,
    c.SetRoles: member_changes.set_roles,
    c.UnbindConversation: project_changes.unbind_conversation,
    c.CloseProject: project_changes.close_project,
    c.ReopenProject: project_changes.reopen_project,
    c.RenameProject: project_changes.rename_project,
    c.ShowStatus: status.show_status,
    c.AddMilestone: milestones.add_milestone,
    c.ListMilestones: milestones.list_milestones,
    c.SubmitMilestone: milestones.submit_milestone,
    c.ShowMilestone: milestone_view.show_milestone,
    c.RenameMilestone: milestone_changes.rename_milestone,
    c.RedateMilestone: milestone_changes.redate_milestone,
    c.SetMilestoneCriteria: milestone_changes.set_criteria,
    c.CancelMilestone: milestone_changes.cancel_milestone,
    c.ReopenMilestone: milestone_changes.reopen_milestone,
    c.WithdrawVersion: withdrawals.withdraw_version,
    c.DecideMilestone: decisions.decide_milestone,
    c.LogFeedback: feedback.log_feedback,
    c.ChangeFeedback: feedback.change_feedback,
    c.RaiseIssue: issues.raise_issue,
    c.OpenIssueForm: issue_form.open_issue_form,
    c.ListIssues: lists.list_issues,
    c.ChangeIssue: issues.change_issue,
    c.AssignIssue: issues.assign_issue,
    r.ListFeedback: lists.list_feedback,
    r.ShowMore: lists.show_more,
    r.ShowFeedback: record_views.show_feedback,
    r.ShowIssue: record_views.show_issue,
    r.EditFeedback: record_changes.edit_feedback,
    r.EditIssue: record_changes.edit_issue,
    r.WithdrawFeedback: record_changes.withdraw_feedback,
    r.WithdrawIssue: record_changes.withdraw_issue,
    n.ShowNudges: nudges.show_nudges,
    n.PauseNudges: nudges.pause_nudges,
    n.ResumeNudges: nudges.resume_nudges,
    n.SwitchNudge: nudges.switch_nudge,
    n.SetNudgeCalendar: nudges.set_nudge_calendar,
    n.RetimeNudge: nudges.retime_nudge,
    n.EscalateTo: escalation.escalate_to,
    b.ShowBrief: briefs.show_brief,
    b.EditBrief: briefs.edit_brief,
    b.SendBrief: briefs.send_brief,
    b.DecideBrief: brief_decisions.decide_brief,
    b.ImportBrief: brief_import.import_brief,
    b.OpenBriefForm: brief_import.open_brief_form,
    cc.ListChanges: change_requests.list_changes,
    cc.ShowChange: change_requests.show_change,
    cc.RaiseChange: change_requests.raise_change,
    cc.PriceChange: change_requests.price_change,
    cc.SendChange: change_requests.send_change,
    cc.WithdrawChange: change_requests.withdraw_change,
    cc.DecideChange: change_decisions.decide_change,
    cc.ShowBudget: budget.show_budget,
    rc.ListRisks: risks.list_risks,
    rc.ShowRisk: risks.show_risk,
    rc.AddRisk: risks.add_risk,
    rc.UpdateRisk: risks.update_risk,
    rc.ChangeRisk: risks.change_risk,
    sv.ShowCsat: survey_view.show_csat,
    sv.AnswerSurvey: surveys.answer_survey,
    sv.OpenSurveyForm: surveys.open_survey_form,
    sv.SetSurveyMode: surveys.set_survey_mode,
    rc.SetRiskThresholds: risk_thresholds.set_risk_thresholds,
    pg.MakePageLink: pages.make_page_link,
    pg.RevokePageLinks: pages.revoke_page_links,
    lc.AddLesson: lessons.add_lesson,
    lc.ListLessons: lessons.list_lessons,
}
