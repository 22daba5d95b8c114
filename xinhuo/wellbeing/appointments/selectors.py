"""Reads of counselling slots and appointments, scoped to the actor.

A counsellor sees every appointment of the school (who booked, why, the notes on the detail page); a student their
own; a parent those they booked for their child; a head teacher the referrals of their classes' students (that an
appointment exists, its time and status: never the reason or the notes)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from ..models import Appointment, AppointmentStatus, Slot
from ..rules import can
from .services import LIVE

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def _live():
    return Appointment.objects.filter(slot=OuterRef("pk"), status__in=LIVE)


def free_slots(actor: Actor) -> QuerySet[Slot]:
    """Future slots of the school not withdrawn and not booked, soonest first."""
    return (Slot.objects.filter(school=actor.school, withdrawn=False, starts_at__gt=timezone.now())
            .exclude(Exists(_live())).select_related("counsellor").order_by("starts_at", "pk"))


def my_slots(actor: Actor, *, past_days: int = 14) -> QuerySet[Slot]:
    """The counsellor's own slots from `past_days` ago on (to record the sessions held), with their bookings."""
    since = timezone.now() - dt.timedelta(days=past_days)
    return (Slot.objects.filter(school=actor.school, counsellor=actor.user, withdrawn=False, ends_at__gte=since)
            .prefetch_related("appointments__student__school_class__grade").order_by("starts_at", "pk"))


def appointments(actor: Actor) -> QuerySet[Appointment]:
    qs = Appointment.objects.filter(school=actor.school).select_related(
        "slot__counsellor", "student__school_class__grade")
    if actor.has_role(Role.COUNSELLOR):
        return qs
    cond = Q(pk__in=[])
    if actor.can("appointments.book") and actor.student_id:
        cond |= Q(student_id=actor.student_id)
    if actor.can("appointments.book") and actor.child_ids:
        cond |= Q(student_id__in=actor.child_ids, booked_by=actor.user)
    if actor.can("appointments.refer") and actor.class_ids:
        cond |= Q(student__school_class_id__in=actor.class_ids, booked_as=Appointment.BookedAs.HEAD_TEACHER)
    return qs.filter(cond)


def my_appointments(actor: Actor) -> QuerySet[Appointment]:
    """Those the actor follows (not the cancelled ones), newest slot first."""
    return appointments(actor).exclude(status=AppointmentStatus.CANCELLED).order_by("-slot__starts_at", "-pk")


def appointment(actor: Actor, pk: int) -> Appointment:
    found = appointments(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def appointment_with_notes(actor: Actor, pk: int) -> Appointment:
    """An appointment whose reason and notes the actor reads (the counsellors); 404 for anyone else."""
    found = appointment(actor, pk)
    if not can(actor, "see_appointment_notes", found):
        raise Http404
    return found


def slot(actor: Actor, pk: int) -> Slot:
    found = Slot.objects.filter(school=actor.school, pk=pk).select_related("counsellor").first()
    if found is None:
        raise Http404
    return found


def bookable_students(actor: Actor) -> QuerySet[Student]:
    """The students the actor may book for: themself, their children, their classes' students (a referral)."""
    cond = Q(pk__in=[])
    if actor.can("appointments.book"):
        if actor.student_id:
            cond |= Q(pk=actor.student_id)
        if actor.child_ids:
            cond |= Q(pk__in=actor.child_ids)
    if actor.can("appointments.refer") and actor.class_ids:
        cond |= Q(school_class_id__in=actor.class_ids)
    return (people_selectors.enrolled_students_of_school(actor.school).filter(cond)
            .select_related("school_class__grade").order_by("school_class__grade__level", "school_class__number",
                                                            "name", "pk"))
