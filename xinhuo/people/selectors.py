"""Reads of students, guardians and staff, already scoped to the actor (see rules.py)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor

from .models import Guardian, Staff, Student, StudentGuardian


def _search(qs: QuerySet, q: str, number_field: str | None = None) -> QuerySet:
    """Match name characters, pinyin initials or full pinyin, or the start of a number."""
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q(name__icontains=q)
    if q.isascii():
        low = q.lower().replace(" ", "")
        cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low)
        if number_field:
            cond |= Q(**{f"{number_field}__startswith": q})
    return qs.filter(cond)


def students(actor: Actor) -> QuerySet[Student]:
    actor.require("students.view")
    qs = Student.objects.filter(school=actor.school).select_related("school_class__grade")
    if actor.school_wide:
        return qs
    cond = Q(pk__in=[])
    if actor.class_ids:
        cond |= Q(school_class__in=actor.class_ids)
    if actor.child_ids:
        cond |= Q(pk__in=actor.child_ids)
    if actor.student_id:
        cond |= Q(pk=actor.student_id)
    return qs.filter(cond)


def student_list(
    actor: Actor, *, q: str = "", grade: int | None = None, school_class: int | None = None,
    gender: str = "", status: str = "",
) -> QuerySet[Student]:
    qs = _search(students(actor), q, "student_no")
    if grade:
        qs = qs.filter(school_class__grade_id=grade)
    if school_class:
        qs = qs.filter(school_class_id=school_class)
    if gender:
        qs = qs.filter(gender=gender)
    if status:
        qs = qs.filter(status=status)
    return qs


def student_detail(actor: Actor, pk: int) -> Student:
    links = StudentGuardian.objects.select_related("guardian").order_by("-is_primary", "pk")
    return get_object_or_404(students(actor).prefetch_related(Prefetch("guardian_links", queryset=links)), pk=pk)


def guardians(actor: Actor) -> QuerySet[Guardian]:
    actor.require("guardians.view")
    qs = Guardian.objects.filter(school=actor.school)
    if actor.school_wide:
        return qs
    cond = Q(pk__in=[])
    if actor.class_ids:
        cond |= Q(pk__in=StudentGuardian.objects.filter(student__school_class__in=actor.class_ids).values("guardian"))
    if actor.guardian_id:
        cond |= Q(pk=actor.guardian_id)
    return qs.filter(cond)


def guardian_list(actor: Actor, *, q: str = "") -> QuerySet[Guardian]:
    # a correlated count: grouping all guardians made the paginator's count scan every row
    children = (
        StudentGuardian.objects.filter(guardian=OuterRef("pk")).order_by().values("guardian")
        .annotate(n=Count("pk")).values("n")
    )
    return _search(guardians(actor), q).annotate(
        child_count=Coalesce(Subquery(children), Value(0))
    ).order_by("name", "pk")


def guardian_detail(actor: Actor, pk: int) -> Guardian:
    links = StudentGuardian.objects.select_related("student__school_class__grade")
    return get_object_or_404(guardians(actor).prefetch_related(Prefetch("student_links", queryset=links)), pk=pk)


def visible_student_ids(actor: Actor) -> frozenset[int] | None:
    """Ids of the students the actor may see; None means every student of the school (no need to load them)."""
    if not actor.can("students.view"):
        return frozenset()
    if actor.school_wide:
        return None
    return frozenset(students(actor).order_by().values_list("pk", flat=True))


def visible_children(actor: Actor, guardian: Guardian) -> list[StudentGuardian]:
    """The guardian's children that the actor may also see (a head teacher sees only their class)."""
    visible = visible_student_ids(actor)
    return [link for link in guardian.student_links.all() if visible is None or link.student_id in visible]


def staff(actor: Actor) -> QuerySet[Staff]:
    actor.require("staff.view")
    return Staff.objects.filter(school=actor.school).select_related("department")


def staff_list(actor: Actor, *, q: str = "", department: int | None = None) -> QuerySet[Staff]:
    qs = _search(staff(actor), q, "staff_no")
    if department:
        qs = qs.filter(department_id=department)
    return qs


def staff_detail(actor: Actor, pk: int) -> Staff:
    return get_object_or_404(staff(actor), pk=pk)


def counts(actor: Actor) -> dict[str, int]:
    """Figures for the dashboard, each over what the actor may see."""
    out = {}
    if actor.can("students.view"):
        out["students"] = students(actor).filter(status=Student.Status.ENROLLED).count()
    if actor.can("guardians.view"):
        out["guardians"] = guardians(actor).count()
    if actor.can("staff.view"):
        out["staff"] = staff(actor).filter(active=True).count()
    return out
