"""What the school part adds to family's manifest (manifest.py joins the parts). No model imports here.

Who does what (the object-level rules: rules.py):
- view: every role but students (the parents to register; the staff and elders to see what is offered).
- manage (courses, sessions, micro-lectures, materials, check-in, attendance of every class, inviting, the
  优秀家长学员 list): the committee (director, leader) and the department heads (德育处 runs the parent school).
- attendance: the managers, and head teachers for their own classes only.
- register: parents (a guardian record with an account).
"""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

MANAGERS = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD})

CAPABILITIES: dict = {
    "family.school.view": ALL_ROLES - {R.STUDENT},
    "family.school.manage": MANAGERS,
    "family.school.attendance": MANAGERS | {R.HEAD_TEACHER},
    "family.school.register": frozenset({R.PARENT}),
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Parent school"), "family:school-home", "family.school.view", "/family/school/", group="family",
             order=500),
    NavEntry(_("My parent school"), "family:school-mine", "family.school.register", "/family/school/mine/",
             group="family", order=501),
    NavEntry(_("Parent-school attendance"), "family:school-attendance", "family.school.attendance",
             "/family/school/attendance/", group="family", order=502),
)
API_ROUTES: tuple = (
    ApiRoute("family/school/sessions", "xinhuo.family.school.api.SessionViewSet", "school-session"),
    ApiRoute("family/school/courses", "xinhuo.family.school.api.CourseViewSet", "school-course"),
    ApiRoute("family/school/attendance", "xinhuo.family.school.api.AttendanceViewSet", "school-attendance"),
    ApiRoute("family/school/lectures", "xinhuo.family.school.api.LectureViewSet", "school-lecture"),
)
PANELS: tuple = (
    Panel("school-parent", "family/school/panels/parent.html", "xinhuo.family.school.selectors.parent_panel",
          order=60, place="list"),
    Panel("school-attendance", "family/school/panels/attendance.html",
          "xinhuo.family.school.selectors.attendance_panel", order=60, place="figure"),
    Panel("school-selection", "family/school/panels/selection.html",
          "xinhuo.family.school.selectors.selection_panel", order=50, place="selection"),
)
API_ENUMS: dict = {
    "ParentSessionModeEnum": "xinhuo.family.school.models.SessionMode",
    "ParentCheckInWayEnum": "xinhuo.family.school.models.CheckInWay",
    "ParentSpeakerKindEnum": "xinhuo.family.school.models.SpeakerKind",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
