"""Reads of students, guardians and staff, already scoped to the actor (see rules.py)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from xinhuo.core import selectors as core_selectors
from xinhuo.core.access import Actor
from xinhuo.core.models import Role

from . import consent as consent_rules
from .models import Consent, ConsentNotice, ConsentPurpose, Guardian, Staff, Student, StudentGuardian


def student_pick(qs: QuerySet[Student], q: str) -> QuerySet[Student]:
    """The pickers' match (club members, growth records): name characters, pinyin initials or full pinyin, or the
    start of a student number; unlike core_selectors.name_search, the name is matched case-sensitively and a
    space in the pinyin is kept."""
    q = q.strip()
    if q:
        low = q.lower()
        qs = qs.filter(Q(name__contains=q) | Q(student_no__startswith=q) | Q(name_initials__startswith=low)
                       | Q(name_pinyin__startswith=low))
    return qs


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
    qs = core_selectors.name_search(students(actor), q, "student_no")
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
    return core_selectors.name_search(guardians(actor), q).annotate(
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
    qs = core_selectors.name_search(staff(actor), q, "staff_no")
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


# --- consent register -------------------------------------------------------------------------


def consent_students(actor: Actor) -> QuerySet[Student]:
    """Students whose consents the actor may see: the same scope as the students themselves."""
    actor.require("consent.view")
    return students(actor)


def consent_student(actor: Actor, pk: int) -> Student:
    links = StudentGuardian.objects.select_related("guardian").order_by("-is_primary", "pk")
    return get_object_or_404(
        consent_students(actor).prefetch_related(Prefetch("guardian_links", queryset=links)), pk=pk
    )


def consents(actor: Actor) -> QuerySet[Consent]:
    """Consent rows (given, withdrawn, renewed) of the students the actor may see."""
    actor.require("consent.view")
    qs = Consent.objects.filter(school=actor.school).select_related(
        "student__school_class__grade", "guardian", "notice", "recorded_by", "withdrawn_by"
    )
    if actor.school_wide:
        return qs
    return qs.filter(student__in=consent_students(actor).order_by().values("pk"))


def student_consent_history(actor: Actor, student: Student) -> list[Consent]:
    return list(consents(actor).filter(student=student).order_by("-given_at", "-pk"))


def consent_notices(actor: Actor) -> QuerySet[ConsentNotice]:
    """Every version of every notice of the school (the text is what people agree to: not secret)."""
    actor.require("consent.view")
    return ConsentNotice.objects.filter(school=actor.school).order_by("purpose", "-version")


def consent_register(
    actor: Actor, *, q: str = "", school_class: int | None = None, purpose: str = "", state: str = "",
    annotate: bool = True, notices: dict | None = None,
) -> QuerySet[Student]:
    """Enrolled students the actor may see, with a consent flag per purpose and party (see consent.row_status).

    With a purpose and state ("complete" or "missing"): only the students counted under that figure of
    the coverage page, so each figure links to the students behind it. annotate=False leaves the flags out, for
    a caller that computes the statuses or flags of its page itself (consent.statuses_for, consent.flag_consent):
    eight subqueries less. `notices`: those in effect today, when the caller has them already."""
    qs = core_selectors.name_search(consent_students(actor).filter(status=Student.Status.ENROLLED), q, "student_no")
    if school_class:
        qs = qs.filter(school_class_id=school_class)
    if purpose in ConsentPurpose.values and state in ("complete", "missing"):
        complete = consent_rules.conditions(actor.school, purpose, notices=notices).complete
        qs = qs.filter(complete) if state == "complete" else qs.exclude(complete)
    return consent_rules.annotate_consent(qs, actor.school) if annotate else qs


def consent_coverage(actor: Actor) -> dict:
    """Per class and purpose, how many enrolled students have complete consent today. Two queries plus the
    notices, whatever the number of students or classes."""
    actor.require("consent.coverage")
    notices = consent_rules.notices_in_effect(actor.school)
    purposes = consent_rules.PURPOSES
    labels = {p: str(ConsentPurpose(p).label) for p in purposes}  # translated once, not in every cell
    aggregates = {"total": Count("pk")}
    for p in purposes:
        aggregates[f"ok_{p}"] = Count("pk", filter=consent_rules.conditions(actor.school, p, notices=notices).complete)
    grouped = {
        row["school_class"]: row
        for row in consent_students(actor).filter(status=Student.Status.ENROLLED).order_by()
        .values("school_class").annotate(**aggregates)
    }
    from xinhuo.core.selectors import classes as visible_classes

    rows = []
    totals = {"total": 0, **dict.fromkeys(purposes, 0)}
    for c in visible_classes(actor).filter(pk__in=grouped.keys()).order_by("grade__level", "number"):
        g = grouped[c.pk]
        cells = []
        for p in purposes:
            ok = g[f"ok_{p}"]
            cells.append({"purpose": p, "label": labels[p], "complete": ok, "missing": g["total"] - ok,
                          "percent": round(100 * ok / g["total"]) if g["total"] else 0})
            totals[p] += ok
        totals["total"] += g["total"]
        rows.append({"school_class": c, "total": g["total"], "cells": cells})
    total_cells = [
        {"purpose": p, "label": labels[p], "complete": totals[p], "missing": totals["total"] - totals[p],
         "percent": round(100 * totals[p] / totals["total"]) if totals["total"] else 0}
        for p in purposes
    ]
    return {
        "purposes": [(p, labels[p], notices.get(p)) for p in purposes],
        "rows": rows, "total": totals["total"], "total_cells": total_cells,
        "chart": consent_rules.coverage_chart(total_cells, totals["total"]),
    }


def consents_missing_by_class(actor: Actor, class_ids) -> dict[int, list[dict]]:
    """For each of these classes the actor may see (a head teacher's): per purpose whose notice is in effect, how
    many enrolled students lack complete consent today — the coverage page's "missing" figure, so the register's
    filter (school_class, purpose, state=missing) lists exactly them. Two queries, whatever the number of students."""
    actor.require("consent.view")
    notices = consent_rules.notices_in_effect(actor.school)
    purposes = [p for p in consent_rules.PURPOSES if p in notices]  # with no notice yet nobody can consent
    aggregates = {"total": Count("pk")}
    for p in purposes:
        aggregates[f"ok_{p}"] = Count("pk", filter=consent_rules.conditions(actor.school, p, notices=notices).complete)
    out: dict[int, list[dict]] = {}
    for row in (consent_students(actor).filter(status=Student.Status.ENROLLED, school_class_id__in=list(class_ids))
                .order_by().values("school_class").annotate(**aggregates)):
        out[row["school_class"]] = [
            {"purpose": p, "label": str(ConsentPurpose(p).label), "missing": row["total"] - row[f"ok_{p}"]}
            for p in purposes]
    return out


def my_consent_students(actor: Actor) -> list[Student]:
    """The students the actor gives consent for online: their children, and themself."""
    actor.require("consent.give")
    ids = set(actor.child_ids)
    if actor.student_id:
        ids.add(actor.student_id)
    return list(consent_students(actor).filter(pk__in=ids).order_by("school_class__grade__level", "name", "pk"))


# --- roster import and export (ORG-4) ---------------------------------------------------------


def _roster_guardian_links() -> Prefetch:
    """A student's guardians in the roster's order: the primary contact first (监护人1)."""
    return Prefetch("guardian_links", queryset=StudentGuardian.objects.select_related("guardian")
                    .order_by("-is_primary", "pk"))


def roster_students(actor: Actor, *, school_class: int | None = None, grade: int | None = None) -> QuerySet[Student]:
    """Enrolled students the actor may export (a head teacher: their classes), with their guardians."""
    actor.require("roster.export")
    qs = students(actor).filter(status=Student.Status.ENROLLED)
    if school_class:
        qs = qs.filter(school_class_id=school_class)
    if grade:
        qs = qs.filter(school_class__grade_id=grade)
    return qs.prefetch_related(_roster_guardian_links())


def roster_students_of_school(school) -> QuerySet[Student]:
    """Every enrolled student of a school: the command line's export (run by the server's operator)."""
    return (Student.objects.filter(school=school, status=Student.Status.ENROLLED)
            .select_related("school_class__grade").prefetch_related(_roster_guardian_links()))


def roster_classes(actor: Actor):
    """Classes the actor imports and exports: every class for school-wide roles, else their own."""
    from xinhuo.core.models import SchoolClass

    qs = (SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
          .order_by("grade__level", "number"))
    return qs if actor.school_wide else qs.filter(pk__in=actor.class_ids)


def roster_imports(actor: Actor):
    """The actor's own uploads in this school (an upload is checked and applied with its uploader's rights)."""
    from .models import RosterImport

    actor.require("roster.import")
    return RosterImport.objects.filter(school=actor.school, user=actor.user)


def roster_import_detail(actor: Actor, pk):
    return get_object_or_404(roster_imports(actor), pk=pk)


def roster_import_progress(roster_import) -> int:
    """Percent done: from the progress file while the import runs (see roster.py)."""
    from .models import RosterImport
    from .roster import read_progress

    if roster_import.status == RosterImport.Status.DONE:
        return 100
    if roster_import.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING):
        return read_progress(roster_import.pk) or 0
    return 0


# --- who the actor is (core's actor hooks, declared in manifest.py) ----------------------------


def actor_student_id(actor: Actor) -> int | None:
    return Student.objects.filter(user=actor.user, school=actor.school).values_list("pk", flat=True).first()


def actor_guardian_id(actor: Actor) -> int | None:
    return Guardian.objects.filter(user=actor.user, school=actor.school).values_list("pk", flat=True).first()


def actor_child_ids(actor: Actor) -> list[int]:
    if actor.guardian_id is None:
        return []
    return list(StudentGuardian.objects.filter(guardian_id=actor.guardian_id).values_list("student_id", flat=True))


# --- dashboard panels (declared in manifest.py) ----------------------------------------------


# who keeps the roster and so is shown its size: not a counsellor or a finance officer, whose home pages show what
# they own (cases, screenings; budgets), nor a family (its own child's card)
ROSTER_ROLES = (Role.ADMIN, Role.DIRECTOR, Role.LEADER, Role.HEAD_TEACHER)


def counts_panel(actor: Actor) -> dict | None:
    """The roster's figures for those who keep it; a family's own child and record are the family panel's."""
    if not actor.has_role(*ROSTER_ROLES):
        return None
    figures = {k: v for k, v in counts(actor).items()
               if k not in ("students", "guardians") or actor.can(f"{k}.list")}
    return {"counts": figures} if figures else None


def classes_panel(actor: Actor) -> dict | None:
    """The school's classes with their students and head teachers, for the school-wide roles. A head teacher's own
    classes are summarised at the top of their home page by care's class panel (care.overview.selectors.class_panel:
    students, special groups, visits, follow-ups, consents missing, next activities), not listed twice."""
    if not actor.can("structure.view") or not actor.school_wide or not actor.has_role(*ROSTER_ROLES):
        return None
    return {"classes": core_selectors.classes_with_counts(actor)}


# --- for other apps: rows they link to, without an actor at hand ------------------------------
# Unscoped on purpose: the caller checks the actor itself (a service) or has none (a receiver, a daily job).


def students_of_school(school) -> QuerySet[Student]:
    """Every student of a school (a school or its pk), whatever their status."""
    return Student.objects.filter(school=school)


def enrolled_students_of_school(school) -> QuerySet[Student]:
    """The students of a school still at school."""
    return students_of_school(school).filter(status=Student.Status.ENROLLED)


def student_is_enrolled(student: Student) -> bool:
    """Whether the student is still at school (others check it without naming the model's choices)."""
    return student.status == Student.Status.ENROLLED


def guardians_of_school(school) -> QuerySet[Guardian]:
    """Every guardian of a school (a school or its pk)."""
    return Guardian.objects.filter(school=school)


def guardians_of_students(student_ids) -> QuerySet[Guardian]:
    """The guardians of these students (ids, or a subquery of them)."""
    return Guardian.objects.filter(student_links__student_id__in=student_ids)


def guardian_links_of_classes(class_ids) -> QuerySet[StudentGuardian]:
    """Guardian–child links of the students in these classes: filter by guardian (or Exists on an OuterRef) to
    ask whether a guardian has a child in a head teacher's classes."""
    return StudentGuardian.objects.filter(student__school_class_id__in=class_ids)


def staff_in_post(school) -> QuerySet[Staff]:
    """The staff of a school (a school or its pk) still in post."""
    return Staff.objects.filter(school=school, active=True)


def enrolled_filter(prefix: str = "") -> Q:
    """Students still at school, as a filter on students or on a queryset that reaches the Student through
    `prefix` (for example "student__")."""
    return Q(**{f"{prefix}status": Student.Status.ENROLLED})


def primary_guardian_links() -> QuerySet[StudentGuardian]:
    """Each student's link to their primary guardian (the first contact), with the guardian."""
    return StudentGuardian.objects.filter(is_primary=True).select_related("guardian")


def guardian_links_of_school(school) -> QuerySet[StudentGuardian]:
    """Guardian–child links of the students of a school (a school or its pk)."""
    return StudentGuardian.objects.filter(student__school=school)
