"""What the profiles part (STU-4, 学生画像) adds to evaluation's manifest. No model imports here.

Who (rules.py): the committee (director, leaders) and the counsellors see the special-group population, its needs,
support and outcomes as aggregates (groups under 5 suppressed); the screening bands only the counsellors (as care's
screening summary on a growth record). A student's profile (record, tags, support, mentoring, home visits, growth)
is for whoever follows that student's care in care's rules (the committee, counsellors, the head teacher of the
class); everyone else gets 404."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import NavEntry, Panel

CAPABILITIES: dict = {
    "evaluation.profiles.view": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR}),
    # the screening bands of the special-group population: care's special_groups.screening (counsellors)
    "evaluation.profiles.screening": frozenset({R.COUNSELLOR}),
    # one student's profile page: care's CARE_STAFF, narrowed per student by care's care_for_student
    "evaluation.profiles.student": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.HEAD_TEACHER}),
}


# the menu group `evaluation` is declared by the indicators part
NAV: tuple = (
    NavEntry(_("Student profiles"), "evaluation:profiles", "evaluation.profiles.view", "/evaluation/profiles/",
             group="evaluation", order=846),
)
PANELS: tuple = (
    # a link to the profile on the student's page (people), for those allowed
    Panel("evaluation-profile", "evaluation/profiles/student_panel.html",
          "xinhuo.evaluation.profiles.selectors.student_panel", order=900, place="student"),
)
