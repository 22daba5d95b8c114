"""Reads of the growth part: whose growth record the actor may read, the record itself (STU-1: entries, study
programmes, support received, mentors) and the home page's growth panel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.selectors import school_year_bounds
from xinhuo.people import selectors as people_selectors
from xinhuo.wellbeing import selectors as wellbeing_selectors

from ..common import student_scope
from ..groups.selectors import support_received, tags
from ..mentoring.selectors import pairs
from ..models import (
    GrowthEntry,
    GrowthKind,
    MentoringPair,
    StudentTag,
    StudyAttendance,
    StudyEnrolment,
    StudySession,
    TagSource,
    TagStatus,
)
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def growth_students(actor: Actor) -> QuerySet[Student]:
    """Students whose growth record the actor may read (rules.view_growth)."""
    actor.require("growth.view")
    qs = people_selectors.students_of_school(actor.school).select_related("school_class__grade")
    if actor.can("growth.school_wide"):  # (Q() | Q(x) would be Q(x): "all" must not be OR-ed)
        return qs
    cond = student_scope(actor, "growth.school_wide", prefix="")
    own = {i for i in (actor.student_id, *actor.child_ids) if i}
    if own:
        cond |= Q(pk__in=own)
    return qs.filter(cond)


def editable_growth_entries(actor: Actor) -> QuerySet[GrowthEntry]:
    """Growth entries the actor may correct (rules.edit_growth_entry)."""
    actor.require("growth.record")
    qs = GrowthEntry.objects.filter(school=actor.school, source_ref="").select_related("student__school_class")
    if actor.can("care.school_wide"):
        return qs
    return qs.filter(student_scope(actor), recorded_by_id=actor.user.pk)


def growth_student_search(actor: Actor, *, q: str = "") -> QuerySet[Student]:
    """Students whose growth record the actor may read, matching a name, pinyin initials or a student number."""
    qs = growth_students(actor).order_by("school_class__grade__level", "school_class__number", "name", "pk")
    return people_selectors.student_pick(qs, q)


ACTIVITY_SOURCE = "activity:"  # the source_ref of an entry the activities app writes on an activity's summary


@dataclass
class GrowthRecord:
    """A student's growth record as one viewer may see it. `screening` is None unless the viewer is a counsellor
    (rules.view_screening); `needs_attention` is None unless the viewer may see the student's tags."""

    student: Student
    family_view: bool
    entries: dict[str, list[GrowthEntry]]
    service_hours: Decimal
    year: tuple[dt.date, dt.date]
    programs: list  # StudyEnrolment rows with `attended` and `held`
    support: list[dict]
    mentors: list[MentoringPair]
    screening: list[StudentTag] | None = None
    screenings: list[dict] | None = None  # the wellbeing screenings (campaign, bands), counsellors only
    needs_attention: bool | None = None


def growth_record(actor: Actor, student: Student, on: dt.date | None = None) -> GrowthRecord:
    """Everything on a student's growth record the actor may see, in a constant number of queries. The caller got
    `student` from growth_students(actor). Internal entries only for staff (rules.view_growth_internal); the
    family sees mentors' names only; the screening summary for counsellors, a needs-attention flag for others
    who may see the student's tags, neither for the family."""
    on = on or timezone.localdate()
    staff_view = can(actor, "view_growth_internal", student)
    entries_qs = GrowthEntry.objects.filter(school=actor.school, student=student).select_related("recorded_by")
    if not staff_view:
        entries_qs = entries_qs.filter(internal=False)
    entries: dict[str, list[GrowthEntry]] = {kind: [] for kind in GrowthKind.values}
    for entry in entries_qs.order_by("-on", "-pk"):
        entries[entry.kind].append(entry)
        if entry.kind == GrowthKind.SERVICE and entry.source_ref.startswith(ACTIVITY_SOURCE):
            # an activity attended with service hours is an activity too: the section of activities lists every
            # activity the student was checked in at, the section of service hours its hours
            entries[GrowthKind.ACTIVITY].append(entry)
    entries[GrowthKind.ACTIVITY].sort(key=lambda e: (e.on, e.pk), reverse=True)
    start, end = school_year_bounds(actor.school, on)
    hours = sum((e.hours or Decimal(0) for e in entries[GrowthKind.SERVICE] if start <= e.on <= end), Decimal(0))
    joined = list(StudyEnrolment.objects.filter(student=student, program__school=actor.school)
                  .select_related("program").annotate(
                      attended=Coalesce(Subquery(
                          StudyAttendance.objects.filter(session__program=OuterRef("program"), student=student,
                                                         present=True)
                          .order_by().values("student").annotate(n=Count("pk")).values("n"),
                          output_field=IntegerField()), 0),
                      held=Coalesce(Subquery(
                          StudySession.objects.filter(program=OuterRef("program"), held_on__lte=on)
                          .order_by().values("program").annotate(n=Count("pk")).values("n"),
                          output_field=IntegerField()), 0))
                  .order_by("-created_at", "-pk"))
    mentors_qs = MentoringPair.objects.filter(school=actor.school, student=student, ended_on__isnull=True)
    if staff_view and actor.can("mentoring.view"):
        mentors_qs = pairs(actor).filter(student=student, ended_on__isnull=True)
    mentors = list(mentors_qs.select_related("mentor").order_by("started_on", "pk"))
    record = GrowthRecord(student=student, family_view=not staff_view, entries=entries, service_hours=hours,
                          year=(start, end), programs=joined, support=list(support_received(student)),
                          mentors=mentors)
    if staff_view and actor.can("special_groups.view"):
        from_screening = tags(actor).filter(student=student, source=TagSource.SCREENING)
        if can(actor, "view_screening", student):
            record.screening = list(from_screening.order_by("-identified_on", "-pk"))
            record.screenings = wellbeing_selectors.screening_history(actor.school.pk, student.pk)
        else:
            record.needs_attention = (from_screening.exclude(status=TagStatus.CLOSED).exists()
                                      or bool(wellbeing_selectors.needs_attention_ids(actor.school.pk, [student.pk])))
    return record


def outcome_counts(actor: Actor, student_ids, start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Of `student_ids` in the actor's growth scope, per student between `start` and `end`: growth entries (staff
    see internal ones too), activities attended (entries of kind activity) and study-help sessions attended.
    For aggregates (evaluation's student profiles): two queries whatever the number of students."""
    ids = list(growth_students(actor).filter(pk__in=list(student_ids)).values_list("pk", flat=True))
    out: dict[int, dict[str, int]] = {sid: {"entries": 0, "activities": 0, "sessions": 0} for sid in ids}
    if not ids:
        return out
    for sid, kind, n in (GrowthEntry.objects.filter(school=actor.school, student_id__in=ids, on__range=(start, end))
                         .order_by().values_list("student_id", "kind").annotate(n=Count("pk"))):
        out[sid]["entries"] += n
        if kind == GrowthKind.ACTIVITY:
            out[sid]["activities"] += n
    for sid, n in (StudyAttendance.objects.filter(student_id__in=ids, present=True,
                                                  session__program__school=actor.school,
                                                  session__held_on__range=(start, end))
                   .order_by().values_list("student_id").annotate(n=Count("pk"))):
        out[sid]["sessions"] = n
    return out
