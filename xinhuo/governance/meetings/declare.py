"""What the meetings part (GOV-1) adds to governance's manifest (manifest.py joins the parts). No model imports here.

Who does what (rules.py holds the predicates, selectors.py the matching scopes):
- the committee (director, leader: `governance.meetings.manage`) plans meetings and series, circulates agendas,
  cancels, sees every meeting of the school and every action item;
- a meeting's chair and minute taker take the attendance, write the minutes and resolutions with their action items
  and submit them; the chair or the director (`governance.meetings.approve`) approves them, which files the minutes
  in the archive;
- anyone who can be invited (`governance.meetings.view`: the staff roles but the technical administrator, elders,
  and parents for a parents' committee meeting) sees the meetings they are invited to once the agenda is
  circulated, replies, and sees the action items they own; a leading-group meeting is seen only by its invitees,
  chair, minute taker and the committee;
- students and the administrator see nothing of it (404)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})
INVITABLE = COMMITTEE | {R.DEPARTMENT_HEAD, R.HEAD_TEACHER, R.COUNSELLOR, R.FINANCE, R.YOUNG_TEACHER, R.ELDER,
                         R.PARENT}

CAPABILITIES: dict = {
    # plan, circulate, cancel; every meeting and action item of the school; the series
    "governance.meetings.manage": COMMITTEE,
    # approves any meeting's minutes (a meeting's chair approves its own)
    "governance.meetings.approve": frozenset({R.DIRECTOR}),
    # the pages at all: one's invitations, the meetings one chairs or minutes, one's action items
    "governance.meetings.view": INVITABLE,
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Meetings"), "governance:meeting-list", "governance.meetings.view", "/governance/meetings/",
             group="governance", order=700, shown="xinhuo.governance.meetings.selectors.nav_shown"),
)
API_ROUTES: tuple = (
    ApiRoute("governance/meetings", "xinhuo.governance.meetings.api.MeetingViewSet", "meetings-meeting"),
    ApiRoute("governance/actions", "xinhuo.governance.meetings.api.ActionItemViewSet", "meetings-action"),
)
PANELS: tuple = (
    Panel("meeting_actions", "governance/meetings/panels/actions.html",
          "xinhuo.governance.meetings.selectors.actions_panel", order=700, place="list"),
    Panel("meeting_actions_tasks", "governance/meetings/panels/actions.html",
          "xinhuo.governance.meetings.selectors.my_tasks_panel", order=700, place="my_tasks"),
)
API_ENUMS: dict = {
    "MeetingStatusEnum": "xinhuo.governance.meetings.models.MeetingStatus",
    "MeetingKindEnum": "xinhuo.governance.meetings.models.MeetingKind",
    "MeetingReplyEnum": "xinhuo.governance.meetings.models.Reply",
    "MeetingAttendanceEnum": "xinhuo.governance.meetings.models.Attendance",
    "ActionItemStatusEnum": "xinhuo.governance.meetings.models.ActionStatus",
}
DAILY_JOBS: tuple = ("xinhuo.governance.meetings.tasks.meeting_daily_task",)
FREQUENT_JOBS: tuple = ()
# RES-2: the approved minutes in the one search box
SEARCH: tuple = ("xinhuo.governance.meetings.search.MINUTES",)
