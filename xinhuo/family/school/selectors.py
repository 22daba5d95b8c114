"""Reads of the parent school, already scoped to the actor (rules.py says who sees what)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from xinhuo.core import selectors as core_selectors
from xinhuo.core.access import Actor
from xinhuo.core.models import Role, SchoolClass, Term
from xinhuo.people import selectors as people_selectors

from .models import (
    CourseMaterial,
    ExcellentParent,
    LectureView,
    MicroLecture,
    ParentCourse,
    ParentSession,
    SessionRegistration,
)
from .rules import EXCELLENT_MIN_SESSIONS, can, sees_all_classes

if TYPE_CHECKING:
    from xinhuo.people.models import Guardian, Student

ACTIVE = Q(cancelled_at__isnull=True)


def parent_only(actor: Actor) -> bool:
    """A parent who is nothing else in the school: sees the courses for their children's grades."""
    return actor.roles <= {Role.PARENT}


def child_grade_ids(actor: Actor) -> set[int]:
    return set(people_selectors.students_of_school(actor.school).filter(pk__in=actor.child_ids)
               .values_list("school_class__grade_id", flat=True))


def my_children(actor: Actor) -> list[Student]:
    if actor.guardian_id is None:
        return []
    return list(people_selectors.students_of_school(actor.school).filter(pk__in=actor.child_ids)
                .filter(people_selectors.enrolled_filter()).select_related("school_class__grade").order_by("pk"))


def current_term(school, on: dt.date | None = None) -> Term | None:
    """The term today falls in, else the latest that started, else the first of the current year."""
    on = on or timezone.localdate()
    terms = Term.objects.filter(school_year__school=school).select_related("school_year")
    return (terms.filter(start__lte=on, end__gte=on).order_by("-start").first()
            or terms.filter(start__lte=on).order_by("-start").first() or terms.order_by("start").first())


def terms(actor: Actor) -> QuerySet[Term]:
    return Term.objects.filter(school_year__school=actor.school).select_related("school_year").order_by("-start")


# --- courses, sessions, lectures ------------------------------------------------------------------------------------


def courses(actor: Actor, *, term: int | None = None) -> QuerySet[ParentCourse]:
    actor.require("family.school.view")
    qs = (ParentCourse.objects.filter(school=actor.school).select_related("term__school_year", "organiser")
          .prefetch_related("grades"))
    if term:
        qs = qs.filter(term_id=term)
    if parent_only(actor):
        grades = child_grade_ids(actor)
        qs = qs.filter(Q(grades__isnull=True) | Q(grades__in=grades)).distinct()
    return qs


def course_detail(actor: Actor, pk: int) -> ParentCourse:
    course = courses(actor).filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def _with_counts(qs: QuerySet[ParentSession]) -> QuerySet[ParentSession]:
    return qs.annotate(
        registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True), distinct=True),
        attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False), distinct=True),
    )


def sessions(actor: Actor, *, term: int | None = None) -> QuerySet[ParentSession]:
    qs = ParentSession.objects.filter(course__in=courses(actor, term=term).values("pk"))
    return _with_counts(qs.select_related("course__term")).prefetch_related("speakers").order_by("starts_at", "pk")


def open_sessions(actor: Actor) -> QuerySet[ParentSession]:
    return sessions(actor).filter(starts_at__gt=timezone.now(), cancelled=False)


def session_detail(actor: Actor, pk: int) -> ParentSession:
    session = sessions(actor).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def lecture_detail(actor: Actor, pk: int) -> MicroLecture:
    lecture = (MicroLecture.objects.filter(pk=pk, course__in=courses(actor).values("pk"))
               .select_related("course", "session").prefetch_related("questions", "materials").first())
    if lecture is None:
        raise Http404
    return lecture


def material_detail(actor: Actor, pk: int) -> CourseMaterial:
    material = CourseMaterial.objects.filter(pk=pk, course__in=courses(actor).values("pk")).first()
    if material is None:
        raise Http404
    return material


def managed_course(actor: Actor, pk: int) -> ParentCourse:
    course = course_detail(actor, pk)
    if not can(actor, "manage_course", course):
        raise Http404
    return course


def checkin_session(actor: Actor, pk: int) -> ParentSession:
    """A session whose door list the actor runs (the managers, the course's organiser)."""
    session = session_detail(actor, pk)
    if not can(actor, "check_in", session):
        raise Http404
    return session


# --- a parent's own -------------------------------------------------------------------------------------------------


def my_registrations(actor: Actor) -> QuerySet[SessionRegistration]:
    if actor.guardian_id is None:
        return SessionRegistration.objects.none()
    return (SessionRegistration.objects.filter(guardian_id=actor.guardian_id, session__course__school=actor.school)
            .select_related("session__course", "student").order_by("-session__starts_at", "pk"))


def my_registration(actor: Actor, session: ParentSession) -> SessionRegistration | None:
    if actor.guardian_id is None:
        return None
    return SessionRegistration.objects.filter(session=session, guardian_id=actor.guardian_id).first()


def my_views(actor: Actor) -> QuerySet[LectureView]:
    if actor.guardian_id is None:
        return LectureView.objects.none()
    return (LectureView.objects.filter(guardian_id=actor.guardian_id, lecture__course__school=actor.school)
            .select_related("lecture__course").order_by("-finished_at", "pk"))


def my_certificates(actor: Actor) -> QuerySet[ExcellentParent]:
    if actor.guardian_id is None:
        return ExcellentParent.objects.none()
    return ExcellentParent.objects.filter(guardian_id=actor.guardian_id, school=actor.school).select_related(
        "term__school_year")


def my_record(actor: Actor) -> dict:
    regs = list(my_registrations(actor))
    now = timezone.now()
    return {
        "upcoming": [r for r in regs if r.active and r.session.starts_at > now],
        "past": [r for r in regs if r.session.starts_at <= now and (r.active or r.attended_at)],
        "attended": sum(1 for r in regs if r.attended_at),
        "views": list(my_views(actor)),
        "certificates": list(my_certificates(actor)),
    }


def certificate_detail(actor: Actor, pk: int) -> ExcellentParent:
    row = ExcellentParent.objects.filter(pk=pk, school=actor.school).select_related("term", "guardian").first()
    if row is None or not can(actor, "view_certificate", row):
        raise Http404
    return row


# --- the door list --------------------------------------------------------------------------------------------------


def checkin_rows(session: ParentSession, *, find: str = "", todo: bool = False) -> QuerySet[SessionRegistration]:
    """The door list: the session's registrations by the parent's name; `find` narrows them to a parent's or a
    child's name (characters, pinyin or initials), `todo` to those not checked in yet. A session of the whole
    school has thousands: the page shows them a page at a time (issue 20)."""
    qs = session.registrations.filter(ACTIVE)
    find = find.strip()
    if find:
        cond = Q(guardian__name__icontains=find) | Q(student__name__icontains=find)
        if find.isascii():
            low = find.lower().replace(" ", "")
            for who in ("guardian", "student"):
                cond |= Q(**{f"{who}__name_initials__startswith": low}) | Q(**{f"{who}__name_pinyin__startswith": low})
        qs = qs.filter(cond)
    if todo:
        qs = qs.filter(attended_at__isnull=True)
    return qs.select_related("guardian", "student__school_class__grade").order_by("guardian__name_pinyin", "pk")


def checkin_counts(session: ParentSession) -> dict[str, int]:
    """How many are registered and how many checked in, the whole list's (one query)."""
    return session.registrations.filter(ACTIVE).aggregate(
        total=Count("pk"), checked=Count("pk", filter=Q(attended_at__isnull=False)))


def walkin_candidates(actor: Actor, q: str) -> list[Guardian]:
    """Guardians of the school matching a name (characters, pinyin, initials) with their enrolled children."""
    if not q.strip():
        return []
    children = Prefetch("student_links", queryset=people_selectors.guardian_links_of_school(actor.school).filter(
        people_selectors.enrolled_filter("student__")).select_related("student__school_class__grade"))
    qs = core_selectors.name_search(people_selectors.guardians_of_school(actor.school), q)
    return list(qs.prefetch_related(children).order_by("name_pinyin", "pk")[:10])


# --- attendance -----------------------------------------------------------------------------------------------------


def attendance_classes(actor: Actor) -> QuerySet[SchoolClass]:
    """The classes whose attendance the actor sees: every class for the managers, a head teacher's own."""
    actor.require("family.school.attendance")
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if not sees_all_classes(actor):
        qs = qs.filter(pk__in=actor.class_ids)
    return qs.order_by("grade__level", "number", "pk")


def year_range(school) -> tuple[dt.date, dt.date]:
    return core_selectors.school_year_bounds(school)


def _attended_in(school, start: dt.date, end: dt.date) -> QuerySet[SessionRegistration]:
    return SessionRegistration.objects.filter(
        session__course__school=school, attended_at__isnull=False,
        session__starts_at__date__gte=start, session__starts_at__date__lte=end)


def class_attendance(actor: Actor, *, start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Per class: families (enrolled students), families that attended at least once, attendances, the rate."""
    if start is None or end is None:
        start, end = year_range(actor.school)
    classes = list(attendance_classes(actor))
    ids = [c.pk for c in classes]
    families = dict(people_selectors.enrolled_students_of_school(actor.school).filter(school_class_id__in=ids)
                    .values_list("school_class_id").annotate(n=Count("pk")))
    attended = {row["student__school_class_id"]: row for row in
                _attended_in(actor.school, start, end).filter(student__school_class_id__in=ids)
                .filter(people_selectors.enrolled_filter("student__"))
                .values("student__school_class_id")
                .annotate(times=Count("pk"), families=Count("student_id", distinct=True))}
    out = []
    for c in classes:
        total = families.get(c.pk, 0)
        row = attended.get(c.pk, {})
        came = row.get("families", 0)
        out.append({"class": c, "label": f"{c.grade.name}{c.name}", "families": total, "attended": came,
                    "times": row.get("times", 0), "never": total - came,
                    "pct": round(100 * came / total) if total else 0})
    return out


def family_attendance(actor: Actor, *, school_class: int | None = None, never: bool = False,
                      start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Student]:
    """Per family (a student's guardians): the enrolled students of the actor's classes with `times` attended this
    year; never=True: only those whose family never attended."""
    if start is None or end is None:
        start, end = year_range(actor.school)
    class_ids = list(attendance_classes(actor).values_list("pk", flat=True))
    if school_class:
        class_ids = [c for c in class_ids if c == school_class]
    times = (_attended_in(actor.school, start, end).filter(student_id=OuterRef("pk")).order_by()
             .values("student_id").annotate(n=Count("pk")).values("n"))
    qs = (people_selectors.enrolled_students_of_school(actor.school).filter(school_class_id__in=class_ids)
          .select_related("school_class__grade")
          .annotate(times=Coalesce(Subquery(times), 0))
          .order_by("school_class__grade__level", "school_class__number", "student_no", "pk"))
    if never:
        qs = qs.filter(times=0)
    return qs


def never_attended_guardian_users(actor: Actor, *, school_class: int | None = None) -> list:
    """The accounts of the guardians of the families in the actor's classes who never attended this year."""
    ids = family_attendance(actor, school_class=school_class, never=True).values("pk")
    return list({g.user for g in people_selectors.guardians_of_students(ids).filter(user__isnull=False)
                 .select_related("user")})


# --- 优秀家长学员 -----------------------------------------------------------------------------------------------------


def term_bounds(term: Term) -> tuple[dt.date, dt.date]:
    return term.start, term.end


def excellent_candidates(actor: Actor, term: Term) -> list[dict]:
    """Guardians who attended at least EXCELLENT_MIN_SESSIONS sessions of the term, most first."""
    rows = (SessionRegistration.objects.filter(session__course__school=actor.school, session__course__term=term,
                                               attended_at__isnull=False)
            .values("guardian_id").annotate(n=Count("session_id", distinct=True))
            .filter(n__gte=EXCELLENT_MIN_SESSIONS).order_by("-n", "guardian_id"))
    counts = {r["guardian_id"]: r["n"] for r in rows}
    guardians = people_selectors.guardians_of_school(actor.school).filter(pk__in=counts).order_by("name_pinyin", "pk")
    confirmed = set(ExcellentParent.objects.filter(term=term).values_list("guardian_id", flat=True))
    return [{"guardian": g, "sessions": counts[g.pk], "confirmed": g.pk in confirmed}
            for g in sorted(guardians, key=lambda g: (-counts[g.pk], g.name_pinyin, g.pk))]


def excellent_list(actor: Actor, term: Term) -> QuerySet[ExcellentParent]:
    return ExcellentParent.objects.filter(school=actor.school, term=term).select_related("guardian")


# --- panels ---------------------------------------------------------------------------------------------------------


def parent_panel(actor: Actor) -> dict | None:
    """A parent's coming sessions they registered for (the next three) and their record in figures."""
    if not actor.can("family.school.register") or actor.guardian_id is None:
        return None
    regs = my_registrations(actor)
    upcoming = list(regs.filter(ACTIVE, session__starts_at__gt=timezone.now(), session__cancelled=False)
                    .order_by("session__starts_at", "pk")[:3])
    offered = open_sessions(actor).exclude(
        Exists(SessionRegistration.objects.filter(ACTIVE, session=OuterRef("pk"), guardian_id=actor.guardian_id)))
    return {"next": upcoming[0] if upcoming else None, "upcoming": upcoming,
            "attended": regs.filter(attended_at__isnull=False).count(), "offered": offered.count()}


def attendance_panel(actor: Actor) -> dict | None:
    """This term's sessions held and attendances, for the managers (school) and head teachers (their classes)."""
    if not actor.can("family.school.attendance"):
        return None
    if not sees_all_classes(actor) and not actor.class_ids:
        return None
    term = current_term(actor.school)
    if term is None:
        return None
    rows = class_attendance(actor, start=term.start, end=term.end)
    families = sum(r["families"] for r in rows)
    came = sum(r["attended"] for r in rows)
    return {"term": term, "families": families, "attended": came,
            "pct": round(100 * came / families) if families else 0,
            "times": sum(r["times"] for r in rows)}


def selection_panel(actor: Actor, selection) -> dict | None:
    """On a 榜样家长 selection's page, for those who see attendance of the whole school: each guardian nominee's
    parent-school attendance in the selection's school year."""
    if getattr(selection, "kind", "") != "model_parent" or selection.school_id != actor.school.pk:
        return None
    if not actor.can("family.school.manage"):
        return None
    from xinhuo.selections.selectors import nominations

    rows = [n for n in nominations(actor, selection) if n.guardian_id]
    year = selection.school_year
    counts = dict(SessionRegistration.objects.filter(
        guardian_id__in=[n.guardian_id for n in rows], attended_at__isnull=False,
        session__course__school=actor.school, session__starts_at__date__gte=year.start,
        session__starts_at__date__lte=year.end).values_list("guardian_id").annotate(n=Count("pk")))
    return {"year": year, "rows": [{"name": n.name, "group": n.group, "times": counts.get(n.guardian_id, 0)}
                                   for n in rows]}


def attendances_of_school(school, start: dt.date, end: dt.date) -> QuerySet[SessionRegistration]:
    """The parent-school attendances of the school's sessions held from `start` to `end`, unscoped: for the
    evaluation's counts."""
    return _attended_in(school, start, end)
