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

from django.db.models import prefetch_related_objects
from django.http import Http404

from .models import Membership, Role, School, User
from .registry import capabilities, hook

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
        return hook("actor.student_id")(self)

    @cached_property
    def elder_id(self) -> int | None:
        """The elder record of this user in this school, for the elder's own pages."""
        if R.ELDER not in self.roles:
            return None
        return hook("actor.elder_id")(self)

    @cached_property
    def young_teacher_id(self) -> int | None:
        if R.YOUNG_TEACHER not in self.roles:
            return None
        return hook("actor.young_teacher_id")(self)

    @cached_property
    def guardian_id(self) -> int | None:
        if R.PARENT not in self.roles:
            return None
        return hook("actor.guardian_id")(self)

    @cached_property
    def child_ids(self) -> frozenset[int]:
        if self.guardian_id is None:
            return frozenset()
        return frozenset(hook("actor.child_ids")(self))

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def can(self, capability: str) -> bool:
        return not self.roles.isdisjoint(capabilities()[capability])

    def require(self, capability: str) -> None:
        """Deny by 404: a page or endpoint the role may not use does not exist for it."""
        if not self.can(capability):
            raise Http404

    @property
    def school_wide(self) -> bool:
        return not self.roles.isdisjoint(SCHOOL_WIDE)


def roles_with(capability: str) -> frozenset[str]:
    """The roles a capability names, for queries over memberships (`role__in=`): the manifest stays the one place
    a role set is named."""
    return capabilities()[capability]


def schools_of(user: User) -> list[School]:
    return list(School.objects.filter(memberships__user=user).distinct().order_by("pk"))


def build_actor(user: User, school_id: int | None = None) -> Actor | None:
    """The actor for a user in the requested school, or their first school; None without any role."""
    if not user.is_authenticated or not user.is_active:
        return None
    memberships = list(Membership.objects.filter(user=user).select_related("school").order_by("pk"))
    if not memberships:
        return None
    school_ids = [m.school_id for m in memberships]
    chosen = school_id if school_id in school_ids else school_ids[0]
    in_school = [m for m in memberships if m.school_id == chosen]
    # only a head teacher's role has classes: every other request (a parent's, a student's answer) saves the query
    prefetch_related_objects([m for m in in_school if m.role == R.HEAD_TEACHER], "classes")
    return Actor(user=user, school=in_school[0].school, memberships=in_school)


def role_labels(roles: Iterable[str]) -> list[str]:
    return [str(Role(r).label) for r in Role if r in set(roles)]
