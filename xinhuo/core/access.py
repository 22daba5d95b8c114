"""The actor: who is acting, in which school, with which roles and scopes.

Every selector and predicate takes an Actor, never a bare user, so that a query can
never forget the school or the role's scope. Capabilities say what a role may use at
all; each app's rules.py adds the object-level predicate and its selectors.py the
matching queryset scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.http import Http404

from .models import Membership, Role, School, User

if TYPE_CHECKING:
    from collections.abc import Iterable

R = Role
ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset(
    {R.ADMIN, R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER, R.COUNSELLOR, R.FINANCE, R.YOUNG_TEACHER}
)
# Roles that see every student of the school (basic fields; sensitive ones stay masked).
SCHOOL_WIDE = frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.COUNSELLOR})
# Roles that care for students (support, home visits, growth notes): head teachers for their classes only.
CARE_STAFF = frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.HEAD_TEACHER})

CAPABILITIES: dict[str, frozenset[str]] = {
    "dashboard": ALL_ROLES,
    "structure.view": STAFF_ROLES | {R.ELDER},
    "structure.manage": frozenset({R.ADMIN, R.DIRECTOR}),
    "committee.view": STAFF_ROLES | {R.ELDER},
    "committee.manage": frozenset({R.ADMIN, R.DIRECTOR}),
    "students.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT, R.STUDENT},
    "guardians.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT},
    "staff.view": STAFF_ROLES,
    "elders.view": STAFF_ROLES | {R.ELDER},
    "logs.view": frozenset({R.ADMIN, R.DIRECTOR}),
    "accounts.manage": frozenset({R.ADMIN}),
    # roster (ORG-4): head teachers import and export only their own classes
    "roster.import": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),
    "roster.export": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.HEAD_TEACHER}),
    # consent register (ORG-5): scoped like students; parents give and withdraw for their children
    "consent.view": SCHOOL_WIDE | {R.HEAD_TEACHER, R.PARENT, R.STUDENT},
    "consent.record": frozenset({R.ADMIN, R.DIRECTOR, R.HEAD_TEACHER}),
    "consent.give": frozenset({R.PARENT, R.STUDENT}),
    "consent.coverage": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
    "consent.notices.manage": frozenset({R.ADMIN, R.DIRECTOR}),
    "notifications.send": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
    # elders and the committee's team (ELD): the committee manages; an elder sees their own work;
    # everyone else with elders.view sees names and public roles only (elders/rules.py).
    "elders.manage": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
    "elders.health": frozenset({R.DIRECTOR, R.LEADER}),
    "elders.home": frozenset({R.ELDER}),
    "inspections.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.ELDER}),
    "training.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.ELDER}),
    "elder_care.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
    "young_teachers.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.YOUNG_TEACHER, R.ELDER}),
    "honours.view": ALL_ROLES,
    # special groups (STU-2): head teachers only their classes' students (care/rules.py); parents, students and
    # elders never see tags
    "special_groups.view": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.HEAD_TEACHER}),
    "special_groups.manage": frozenset({R.DIRECTOR, R.COUNSELLOR, R.HEAD_TEACHER}),
    "special_groups.configure": frozenset({R.DIRECTOR}),
    # care for students (STU, MEN, FAM-2): the committee (director, leaders) and counsellors see the whole school,
    # a head teacher their classes (care/rules.py); the admin is technical and sees none of it
    "support.view": CARE_STAFF,
    "support.record": CARE_STAFF,
    "mentoring.view": STAFF_ROLES - {R.ADMIN} | {R.ELDER, R.STUDENT},  # a mentor sees their own mentees
    "mentoring.manage": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR}),
    "home_visits.view": CARE_STAFF,
    "home_visits.record": CARE_STAFF,
    "forums.view": CARE_STAFF | {R.DEPARTMENT_HEAD},
    "forums.manage": frozenset({R.DIRECTOR, R.LEADER}),
    "study.view": ALL_ROLES,
    "study.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
    "study.signup": frozenset({R.STUDENT, R.PARENT}),
    "growth.view": CARE_STAFF | {R.DEPARTMENT_HEAD, R.PARENT, R.STUDENT},
    "growth.record": CARE_STAFF,
    "care.overview": CARE_STAFF,
    # activities (ACT): staff apply, the director and school leaders approve (activities/rules.py)
    "activities.apply": STAFF_ROLES - {R.ADMIN, R.FINANCE},
    "activities.approve": frozenset({R.DIRECTOR, R.LEADER}),
    # --- activities capabilities (pages, calendar, sign-up, evidence)
    "activities.view": ALL_ROLES,  # each sees what is theirs or open to them (activities/selectors.py)
    "activities.signup": frozenset({R.STUDENT, R.PARENT, R.ELDER}) | (STAFF_ROLES - {R.ADMIN}),
    # --- end activities capabilities
    # --- plans capabilities (PLAN-1, PLAN-2, GOV-4)
    # every staff member sees the adopted plans, their own tasks and their departments' (plans/rules.py); the
    # committee writes the plan and sees its drafts
    "plans.view": STAFF_ROLES,
    "plans.manage": frozenset({R.DIRECTOR, R.LEADER}),
    # --- end plans capabilities
    # --- news capabilities (ACT-5 "publish as news")
    "news.view": ALL_ROLES,  # published items; drafts for those who manage (news/selectors.py)
    "news.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
    # --- end news capabilities
    # --- selections capabilities (ACT-6)
    # everyone sees the calls and, when public, the lists and winners (what each sees: selections/rules.py)
    "selections.view": ALL_ROLES,
    "selections.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
    "selections.nominate": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER}),
    "selections.vote": (STAFF_ROLES - {R.ADMIN}) | {R.ELDER, R.STUDENT},  # students in some kinds only
    # --- end selections capabilities
    # --- clubs capabilities (ACT-7)
    # everyone sees clubs, scoped by clubs/selectors.py; an advisor (elder or teacher) runs their own club there
    "clubs.view": ALL_ROLES,
    "clubs.request": STAFF_ROLES - {R.ADMIN, R.FINANCE} | {R.ELDER},
    "clubs.review": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
    "clubs.join": frozenset({R.STUDENT, R.PARENT}),
    # --- end clubs capabilities
}


@dataclass
class Actor:
    user: User
    school: School
    memberships: list[Membership] = field(default_factory=list)

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    @cached_property
    def class_ids(self) -> frozenset[int]:
        """Classes this actor is head teacher of."""
        return frozenset(
            c.pk for m in self.memberships if m.role == R.HEAD_TEACHER for c in m.classes.all()
        )

    @cached_property
    def department_ids(self) -> frozenset[int]:
        """Departments this actor heads (GOV-4: the tasks assigned to them land on their list)."""
        return frozenset(m.department_id for m in self.memberships
                         if m.role == R.DEPARTMENT_HEAD and m.department_id is not None)

    @cached_property
    def student_id(self) -> int | None:
        if R.STUDENT not in self.roles:
            return None
        from xinhuo.people.models import Student

        return Student.objects.filter(user=self.user, school=self.school).values_list("pk", flat=True).first()

    @cached_property
    def elder_id(self) -> int | None:
        """The elder record of this user in this school, for the elder's own pages."""
        if R.ELDER not in self.roles:
            return None
        from xinhuo.elders.models import Elder

        return Elder.objects.filter(user=self.user, school=self.school).values_list("pk", flat=True).first()

    @cached_property
    def young_teacher_id(self) -> int | None:
        if R.YOUNG_TEACHER not in self.roles:
            return None
        from xinhuo.elders.models import YoungTeacher

        return (YoungTeacher.objects.filter(staff__user=self.user, school=self.school)
                .values_list("pk", flat=True).first())

    @cached_property
    def guardian_id(self) -> int | None:
        if R.PARENT not in self.roles:
            return None
        from xinhuo.people.models import Guardian

        return Guardian.objects.filter(user=self.user, school=self.school).values_list("pk", flat=True).first()

    @cached_property
    def child_ids(self) -> frozenset[int]:
        if self.guardian_id is None:
            return frozenset()
        from xinhuo.people.models import StudentGuardian

        return frozenset(
            StudentGuardian.objects.filter(guardian_id=self.guardian_id).values_list("student_id", flat=True)
        )

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def can(self, capability: str) -> bool:
        return not self.roles.isdisjoint(CAPABILITIES[capability])

    def require(self, capability: str) -> None:
        """Deny by 404: a page or endpoint the role may not use does not exist for it."""
        if not self.can(capability):
            raise Http404

    @property
    def school_wide(self) -> bool:
        return not self.roles.isdisjoint(SCHOOL_WIDE)



def schools_of(user: User) -> list[School]:
    return list(School.objects.filter(memberships__user=user).distinct().order_by("pk"))


def build_actor(user: User, school_id: int | None = None) -> Actor | None:
    """The actor for a user in the requested school, or their first school; None without any role."""
    if not user.is_authenticated or not user.is_active:
        return None
    memberships = list(
        Membership.objects.filter(user=user).select_related("school").prefetch_related("classes").order_by("pk")
    )
    if not memberships:
        return None
    school_ids = [m.school_id for m in memberships]
    chosen = school_id if school_id in school_ids else school_ids[0]
    in_school = [m for m in memberships if m.school_id == chosen]
    return Actor(user=user, school=in_school[0].school, memberships=in_school)


def role_labels(roles: Iterable[str]) -> list[str]:
    return [str(Role(r).label) for r in Role if r in set(roles)]
