"""Reads of the privacy app, scoped to the actor's school and role (rules.py says the same in predicates)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from xinhuo.core import registry
from xinhuo.core.access import Actor
from xinhuo.people import selectors as people_selectors

from . import conf, services
from .models import ErasureHold, PrivacyRequest, RequestStatus
from .rules import can, family_ids, may_file_for


def requests(actor: Actor, *, status: str = "") -> QuerySet[PrivacyRequest]:
    """The committee's every request, a family's own; open and overdue first, then the soonest due."""
    qs = PrivacyRequest.objects.filter(school=actor.school).select_related("student__school_class__grade",
                                                                          "filed_by")
    if not actor.can("privacy.manage"):
        qs = qs.filter(student_id__in=family_ids(actor))
    if status:
        qs = qs.filter(status=status)
    is_open = Case(When(status=RequestStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(closed=is_open).order_by("closed", "due_on", "-pk")


def overdue_count(actor: Actor) -> int:
    return requests(actor).filter(status=RequestStatus.OPEN, due_on__lt=timezone.localdate()).count()


def request_detail(actor: Actor, pk: int) -> PrivacyRequest:
    found = requests(actor).filter(pk=pk).first()
    if found is None or not can(actor, "view_request", found):
        raise Http404
    return found


def steps(request: PrivacyRequest):
    return request.steps.select_related("by")


def filable_students(actor: Actor) -> list:
    """The students the actor may file a request for: a parent's children, an adult student themself."""
    ids = family_ids(actor)
    students = people_selectors.students_of_school(actor.school).filter(pk__in=ids).select_related(
        "school_class__grade").order_by("pk")
    return [s for s in students if may_file_for(actor, s)]


def due(actor: Actor, *, today: dt.date | None = None) -> list[dict]:
    """Left students whose data is erased within conf.NOTICE_DAYS (or is overdue: held), each with the day it
    is due and its open hold. Three queries whatever the number of students."""
    actor.require("privacy.manage")
    today = today or timezone.localdate()
    years = conf.retention_years()
    students = list(services.due_students(actor.school, on=today, within_days=conf.NOTICE_DAYS))
    holds = {h.student_id: h for h in ErasureHold.objects.filter(
        student_id__in=[s.pk for s in students], released_at__isnull=True).select_related("held_by")}
    return [{"student": s, "due_on": conf.years_after(s.left_on, years), "hold": holds.get(s.pk)} for s in students]


def summary_student(actor: Actor, student_id: int):
    student = people_selectors.students_of_school(actor.school).filter(pk=student_id).select_related(
        "school_class__grade").first()
    if student is None or not can(actor, "view_summary", student):
        raise Http404
    return student


def summary(student) -> list[tuple[str, list[str]]]:
    """Every app's sections about the student (core.registry.PersonalData), the people app's first."""
    declared = sorted(registry.personal_data(), key=lambda t: -t[1].order)
    return [section for _label, d in declared for section in import_string(d.summary)(student)]


def open_hold(actor: Actor, pk: int) -> ErasureHold:
    hold = ErasureHold.objects.filter(school=actor.school, pk=pk, released_at__isnull=True).first()
    if hold is None or not actor.can("privacy.manage"):
        raise Http404
    return hold
