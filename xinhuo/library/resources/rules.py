"""Who may see and change a resource (RES-1); selectors.visible_q says the same for lists (a test checks they agree).

- Published resources are seen by their audiences: staff see every published one; a student those for students
  (of the student's grade when grades are set), a parent those for parents, an elder those for elders. A user with
  several roles sees what any of them sees.
- A draft is seen by its contributor and the managers only.
- A resource is edited by its contributor (still holding library.contribute) or a manager."""

from __future__ import annotations

import rules

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R

from .models import ResourceStatus


def student_grade_id(actor) -> int | None:
    """The grade of a student actor (one query, kept on the actor for the request)."""
    if actor.student_id is None:
        return None
    cache = actor.__dict__.setdefault("_library", {})
    if "grade" not in cache:
        from xinhuo.people import selectors as people_selectors

        cache["grade"] = (people_selectors.students_of_school(actor.school).filter(pk=actor.student_id)
                          .values_list("school_class__grade_id", flat=True).first())
    return cache["grade"]


def is_staff(actor) -> bool:
    return not actor.roles.isdisjoint(STAFF_ROLES)


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("library.manage")


@rules.predicate
def contributed(actor, resource) -> bool:
    return resource.contributor_id is not None and resource.contributor_id == actor.user.pk


@rules.predicate
def for_audience(actor, resource) -> bool:
    if resource.status != ResourceStatus.PUBLISHED:
        return False
    if is_staff(actor):
        return True
    if R.PARENT in actor.roles and resource.for_parents:
        return True
    if R.ELDER in actor.roles and resource.for_elders:
        return True
    if R.STUDENT in actor.roles and resource.for_students:
        grades = {g.pk for g in resource.grades.all()}
        return not grades or student_grade_id(actor) in grades
    return False


@rules.predicate
def contributes(actor, obj=None) -> bool:
    return actor.can("library.contribute")


resource_rules = rules.RuleSet()
resource_rules.add_rule("view_resource", in_school & (manages | contributed | for_audience))
resource_rules.add_rule("edit_resource", in_school & (manages | (contributes & contributed)))


def can(actor, rule: str, obj=None) -> bool:
    return resource_rules.test_rule(rule, actor, obj)
