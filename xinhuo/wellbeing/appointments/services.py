"""Counselling appointments (PSY-3): a counsellor publishes slots (one, or a weekly series), a student books one
for themself, a parent for their child, a head teacher refers a student of their class; the counsellor records the
session. A slot holds one live booking (the database's partial unique constraint: two students racing for it
cannot both win); a student holds at most one live future booking. Who booked and why, and the notes, are the
counsellors' alone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import Role, User
from xinhuo.core.notifications import notify
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.people import selectors as people_selectors

from ..models import Appointment, AppointmentStatus, Slot
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

SERIES_MAX_WEEKS = 20
SLOT_MAX_MINUTES = 180
ROOM = "心理辅导室"
PLACE_MAX = 100
REASON_MAX = 500
NOTES_MAX = 5000
LIVE = (AppointmentStatus.BOOKED, AppointmentStatus.HELD, AppointmentStatus.MISSED)


def taken_message() -> str:
    return _("Someone has just booked this slot. Please choose another time.")


def _when(slot: Slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _where(slot: Slot) -> str:
    return slot.place or str(Slot.Mode(slot.mode).label)


def _link() -> str:
    return reverse("wellbeing:appointments")


# --- slots ----------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def slots_publish(*, actor: Actor, starts_at: dt.datetime, ends_at: dt.datetime, weeks: int = 1,
                  mode: str = Slot.Mode.ROOM, place: str = "") -> list[Slot]:
    """One slot, or the same time every week for `weeks` weeks. A slot overlapping one of the counsellor's own
    (not withdrawn) is refused, and then none of the series is published."""
    actor.require("appointments.manage")
    errors: dict[str, str] = {}
    now = timezone.now()
    if not isinstance(starts_at, dt.datetime) or not isinstance(ends_at, dt.datetime):
        raise ValidationError(_("Enter when the slot starts and ends."))
    if starts_at <= now:
        errors["starts_at"] = _("A slot starts in the future.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("A slot ends after it starts.")
    elif ends_at - starts_at > dt.timedelta(minutes=SLOT_MAX_MINUTES):
        errors["ends_at"] = _("A slot lasts at most %(n)d minutes.") % {"n": SLOT_MAX_MINUTES}
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= SERIES_MAX_WEEKS:
        errors["weeks"] = _("A series runs for 1 to %(n)d weeks.") % {"n": SERIES_MAX_WEEKS}
    if mode not in Slot.Mode.values:
        errors["mode"] = choose_one_of(Slot.Mode)
    place = clean_text(place, PLACE_MAX, "place", errors)
    if mode == Slot.Mode.ONLINE and "place" not in errors and not place.startswith(("https://", "http://")):
        errors["place"] = _("An online slot needs its meeting link (starting with https://).")
    if mode == Slot.Mode.ROOM and not place:
        place = ROOM
    if errors:
        raise ValidationError(errors)
    # one counsellor's publishing queues here, so two series sent at once cannot overlap each other
    User.objects.select_for_update().filter(pk=actor.user.pk).first()
    tz = timezone.get_current_timezone()
    start_local, end_local = timezone.localtime(starts_at, tz), timezone.localtime(ends_at, tz)
    times = []
    for week in range(weeks):
        shift = dt.timedelta(days=7 * week)
        times.append((dt.datetime.combine(start_local.date() + shift, start_local.time(), tz),
                      dt.datetime.combine(end_local.date() + shift, end_local.time(), tz)))
    mine = Slot.objects.filter(school=actor.school, counsellor=actor.user, withdrawn=False)
    clash = Q()
    for start, end in times:
        clash |= Q(starts_at__lt=end, ends_at__gt=start)
    overlapping = mine.filter(clash).order_by("starts_at").first()
    if overlapping is not None:
        raise ValidationError({"starts_at": _("This overlaps your slot of %(when)s: nothing was published.")
                                            % {"when": _when(overlapping)}})
    return [Slot.objects.create(school=actor.school, counsellor=actor.user, starts_at=start, ends_at=end, mode=mode,
                                place=place) for start, end in times]


def live_appointment(slot: Slot) -> Appointment | None:
    return slot.appointments.filter(status__in=LIVE).first()


@audited
@transaction.atomic
def slot_withdraw(*, actor: Actor, slot: Slot) -> Slot:
    """Withdraw one of the counsellor's own slots that nobody booked (a booked one: cancel the booking first, which
    tells the student)."""
    slot = lock(Slot, slot.pk, school=actor.school)
    if not can(actor, "manage_slot", slot):
        raise Http404
    if slot.withdrawn:
        raise ValidationError(_("This slot has already been withdrawn."))
    if live_appointment(slot) is not None:
        raise ValidationError(_("This slot is booked: cancel the booking first (the student is told), then "
                                "withdraw the slot."))
    slot.withdrawn = True
    slot.save(update_fields=["withdrawn"])
    return slot


# --- booking ----------------------------------------------------------------------------------------------------------


def booking_role(actor: Actor, student: Student) -> str | None:
    """How the actor may book for this student: for themself, for their child, or as a referral of their class's
    head teacher; None when not at all."""
    if student.school_id != actor.school.pk:
        return None
    if actor.can("appointments.book") and actor.student_id == student.pk:
        return Appointment.BookedAs.STUDENT
    if actor.can("appointments.book") and student.pk in actor.child_ids:
        return Appointment.BookedAs.PARENT
    if actor.can("appointments.refer") and student.school_class_id in actor.class_ids:
        return Appointment.BookedAs.HEAD_TEACHER
    return None


@audited
@transaction.atomic
def appointment_book(*, actor: Actor, slot: Slot, student: Student, reason: str = "") -> Appointment:
    """Book a free future slot for a student: the student themself, a parent for their child, a head teacher for a
    student of their class (a referral). The counsellor is told; a referred student is told when and where."""
    booked_as = booking_role(actor, student)
    if booked_as is None:
        raise ValidationError({"student": _("You may book only for yourself, your child or a student of your "
                                            "class.")})
    errors: dict[str, str] = {}
    reason = clean_text(reason, REASON_MAX, "reason", errors)
    if errors:
        raise ValidationError(errors)
    if not people_selectors.student_is_enrolled(student):
        raise ValidationError({"student": _("%(name)s is not enrolled.") % {"name": student.name}})
    lock(people_selectors.students_of_school(actor.school), student.pk)  # one student's bookings queue here
    slot = lock(Slot, slot.pk, school=actor.school)
    now = timezone.now()
    if slot.withdrawn:
        raise ValidationError(_("This slot has been withdrawn. Please choose another time."))
    if slot.starts_at <= now:
        raise ValidationError(_("This slot has already begun. Please choose a later time."))
    held = (Appointment.objects.filter(student=student, status=AppointmentStatus.BOOKED, slot__starts_at__gt=now)
            .select_related("slot").first())
    if held is not None:
        raise ValidationError(_("%(name)s already has an appointment on %(when)s. Cancel it first to choose "
                                "another time.") % {"name": student.name, "when": _when(held.slot)})
    if live_appointment(slot) is not None:
        raise ValidationError(taken_message())
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                school=actor.school, slot=slot, student=student, booked_by=actor.user, booked_as=booked_as,
                reason=reason or None)
    except IntegrityError:  # another booking won the race a moment ago
        raise ValidationError(taken_message()) from None
    counsellor, school = slot.counsellor, actor.school
    title = _("New counselling appointment")
    body = _("%(student)s (%(class)s) · %(when)s · %(where)s") % {
        "student": student.name, "class": str(student.school_class), "when": _when(slot), "where": _where(slot)}
    transaction.on_commit(lambda: notify(school, [counsellor], title, body, link=_link()))
    if booked_as != Appointment.BookedAs.STUDENT and student.user_id:
        told = student.user
        text = _("A counselling appointment was booked for you: %(when)s · %(where)s") % {
            "when": _when(slot), "where": _where(slot)}
        transaction.on_commit(lambda: notify(school, [told], _("Counselling appointment"), text, link=_link(),
                                             exclude=actor.user))
    return appointment


def may_cancel(actor: Actor, appointment: Appointment, now: dt.datetime | None = None) -> bool:
    if appointment.status != AppointmentStatus.BOOKED or appointment.slot.starts_at <= (now or timezone.now()):
        return False
    return can(actor, "cancel_appointment", appointment)


@audited
@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment: Appointment) -> Appointment:
    """Cancel a future booking: the one who booked it, or the slot's counsellor (who then tells the student and
    whoever booked it). The slot is free again."""
    appointment = lock(Appointment.objects.select_related("slot", "student"), appointment.pk, school=actor.school)
    if not can(actor, "cancel_appointment", appointment):
        raise Http404
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("This appointment is no longer booked."))
    if appointment.slot.starts_at <= timezone.now():
        raise ValidationError(_("This appointment has already begun and cannot be cancelled."))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status"])
    slot, school, student = appointment.slot, actor.school, appointment.student
    if actor.user.pk == slot.counsellor_id or actor.has_role(Role.COUNSELLOR):
        told = [student.user if student.user_id else None, appointment.booked_by]
        text = _("The counselling appointment of %(when)s was cancelled by the counsellor. You may book another "
                 "time.") % {"when": _when(slot)}
    else:
        told = [slot.counsellor]
        text = _("%(student)s's appointment of %(when)s was cancelled; the slot is free again.") % {
            "student": student.name, "when": _when(slot)}
    transaction.on_commit(lambda: notify(school, told, _("Counselling appointment cancelled"), text, link=_link(),
                                         exclude=actor.user))
    return appointment


RECORDED = (AppointmentStatus.HELD, AppointmentStatus.MISSED)


@audited
@transaction.atomic
def appointment_record(*, actor: Actor, appointment: Appointment, status: str, notes: str = "") -> Appointment:
    """The counsellor records the session once it has begun: held or missed, with notes (encrypted). A record may
    be corrected."""
    appointment = lock(Appointment.objects.select_related("slot"), appointment.pk, school=actor.school)
    if not can(actor, "see_appointment_notes", appointment):
        raise Http404
    errors: dict[str, str] = {}
    if status not in RECORDED:
        errors["status"] = _("Choose held or missed.")
    notes = clean_text(notes, NOTES_MAX, "notes", errors)
    if errors:
        raise ValidationError(errors)
    if appointment.status == AppointmentStatus.CANCELLED:
        raise ValidationError(_("This appointment was cancelled."))
    if appointment.slot.starts_at > timezone.now():
        raise ValidationError(_("A session is recorded once it has begun."))
    appointment.status, appointment.notes = status, notes or None
    appointment.save(update_fields=["status", "notes"])
    return appointment
