"""What the volunteers part adds to family's manifest (manifest.py joins the parts). No model imports here."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    # a parent offers to volunteer, answers invitations, sees their hours
    "family.volunteers.offer": frozenset({R.PARENT}),
    # the roster: the committee (every parent, phones in full) and head teachers (their classes' parents, masked)
    "family.volunteers.roster": COMMITTEE | {R.HEAD_TEACHER},
    # asking for volunteers: an activity's organiser (those who apply for activities) and the committee
    "family.volunteers.request": STAFF_ROLES - {R.ADMIN, R.FINANCE},
    # every request of the school, full phones, the hours of every parent over the year
    "family.volunteers.committee": COMMITTEE,
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("My volunteering"), "family:volunteers-mine", "family.volunteers.offer", "/family/volunteers/me/",
             group="family", order=520),
    NavEntry(_("Parent volunteers"), "family:volunteers-roster", "family.volunteers.roster",
             "/family/volunteers/roster/", group="family", order=521),
    NavEntry(_("Volunteer requests"), "family:volunteers-requests", "family.volunteers.request",
             "/family/volunteers/requests/", group="family", order=522),
    NavEntry(_("Volunteer hours"), "family:volunteers-hours", "family.volunteers.committee",
             "/family/volunteers/hours/", group="family", order=523),
)
API_ROUTES: tuple = (
    ApiRoute("family/volunteers/requests", "xinhuo.family.volunteers.api.RequestViewSet", "volunteers-request"),
)
PANELS: tuple = (
    Panel("volunteers_activity", "family/volunteers/panels/activity.html",
          "xinhuo.family.volunteers.selectors.activity_panel", order=60, place="activity"),
    Panel("volunteers_invitations", "family/volunteers/panels/invitations.html",
          "xinhuo.family.volunteers.selectors.invitations_panel", order=30, place="list"),
    Panel("volunteers_hours", "family/volunteers/panels/hours.html",
          "xinhuo.family.volunteers.selectors.hours_panel", order=720, place="figure"),
    # a 榜样家长 selection's page: the nominees' volunteer hours, as evidence
    Panel("volunteers_selection", "family/volunteers/panels/selection.html",
          "xinhuo.family.volunteers.selectors.selection_panel", order=55, place="selection"),
)
API_ENUMS: dict = {
    "VolunteerKindEnum": "xinhuo.family.volunteers.models.VolunteerKind",
    "VolunteerResponseStatusEnum": "xinhuo.family.volunteers.models.ResponseStatus",
}
DAILY_JOBS: tuple = ("xinhuo.family.volunteers.tasks.volunteer_reminders_task",)
FREQUENT_JOBS: tuple = ()
