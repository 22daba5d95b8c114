"""People's declarations: students, guardians, staff, the roster and the consent register."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import SCHOOL_WIDE, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, Panel, PersonalData, Rollover

MANIFEST = AppManifest(
    label="people",
    access_kinds="xinhuo.people.access_kinds.KINDS",  # what its access-log rows are about
    capabilities={
        "students.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT, R.STUDENT},
        # the searchable lists are for the staff who look after many; a parent finds their child under "My children"
        # (one child: the child's page straight away), a student their own page (issue 20)
        "students.list": SCHOOL_WIDE | {R.HEAD_TEACHER},
        "students.children": frozenset({R.PARENT}),
        "students.self": frozenset({R.STUDENT}),
        # students through the year (issue 19): head teachers add and edit in their own classes; the committee moves
        # a student to another class, transfers them out and undoes a mistaken leave
        "students.manage": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),
        "students.move": frozenset({R.ADMIN, R.DIRECTOR}),
        "students.leave": frozenset({R.ADMIN, R.DIRECTOR}),
        "guardians.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT},
        "guardians.list": SCHOOL_WIDE | {R.HEAD_TEACHER},
        "guardians.edit": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),  # own classes' students (rules)
        "staff.view": STAFF_ROLES,
        "staff.manage": frozenset({R.ADMIN, R.DIRECTOR}),  # create, edit, a staff member leaving (issue 19)
        # roster (ORG-4): head teachers import and export only their own classes
        "roster.import": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),
        "roster.export": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.HEAD_TEACHER}),
        # consent register (ORG-5): scoped like students; parents give and withdraw for their children
        "consent.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT, R.STUDENT},
        "consent.record": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),
        "consent.give": frozenset({R.PARENT, R.STUDENT}),
        "consent.coverage": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
        "consent.notices.manage": frozenset({R.ADMIN, R.DIRECTOR}),
    },
    # the roster and the consent register, after the areas of work and before administration
    nav_groups={"people": _("Roster")},
    nav=(
        # a parent's child and a student's own page, next to the home page
        NavEntry(_("My children"), "people:mine", "students.children", "/people/mine/", order=30),
        NavEntry(_("My page"), "people:mine", "students.self", "/people/mine/", order=30),
        NavEntry(_("Students"), "people:student-list", "students.list", "/people/students/", "people", order=850),
        NavEntry(_("Guardians"), "people:guardian-list", "guardians.list", "/people/guardians/", "people",
                 order=855),
        NavEntry(_("Staff"), "people:staff-list", "staff.view", "/people/staff/", "people", order=860),
        # every role with roster.import also has roster.export; the page shows each part to whom may use it
        NavEntry(_("Roster import and export"), "people:roster", "roster.export", "/people/roster/", "people",
                 order=865),
        # a parent's or student's own consents sit with the other things between home and school
        NavEntry(_("My consents"), "people:consent-mine", "consent.give", "/people/consents/mine/", "family",
                 order=535),
        NavEntry(_("Consent register"), "people:consent-register", "consent.record", "/people/consents/register/",
                 "people", order=870),
        NavEntry(_("Consent coverage"), "people:consent-coverage", "consent.coverage",
                 "/people/consents/coverage/", "people", order=875),
        NavEntry(_("Consent notices"), "people:consent-notices", "consent.notices.manage",
                 "/people/consents/notices/", "people", order=880),
    ),
    urls="xinhuo.people.urls",
    url_prefix="people/",
    api_routes=(
        ApiRoute("students", "xinhuo.people.students.api.StudentViewSet", "student"),
        ApiRoute("guardians", "xinhuo.people.guardians.api.GuardianViewSet", "guardian"),
        ApiRoute("staff", "xinhuo.people.staff.api.StaffViewSet", "staff"),
        ApiRoute("consents", "xinhuo.people.api.ConsentViewSet", "consent"),
    ),
    api_paths="xinhuo.people.roster_api.api_paths",
    panels=(
        Panel("counts", "people/panels/counts.html", "xinhuo.people.selectors.counts_panel", order=10),
        Panel("classes", "people/panels/classes.html", "xinhuo.people.selectors.classes_panel", order=90,
              place="list"),
    ),
    demo=DemoStep("xinhuo.people.demo.build"),
    api_enums={"StudentStatusEnum": "xinhuo.people.models.Student.Status",
               "ConsentPurposeEnum": "xinhuo.people.models.ConsentPurpose",
               # a guardian's relation to a child: one name for the several fields that carry it (issue 19)
               "RelationEnum": "xinhuo.people.models.StudentGuardian.Relation"},
    matrix="xinhuo.people.tests.matrix.CASES",
    provides={
        "actor.student_id": "xinhuo.people.selectors.actor_student_id",
        "actor.guardian_id": "xinhuo.people.selectors.actor_guardian_id",
        "actor.child_ids": "xinhuo.people.selectors.actor_child_ids",
        "reveal.allowed": "xinhuo.people.rules.can_reveal",
        "reveal.url": "xinhuo.people.rules.reveal_url",
    },
    # the student's own row last: the other apps' erasures run first (ORG-9)
    personal_data=PersonalData("xinhuo.people.privacy.summary", "xinhuo.people.privacy.erase", order=900),
    # students promoted, kept back or graduated; consents their new age makes insufficient listed (issue 19)
    rollover=Rollover("xinhuo.people.rollover.preview", "xinhuo.people.rollover.apply", "xinhuo.people.rollover.undo",
                      order=100),
)
