"""Writes of the study part: the study help desk and career guidance (STU-3): programmes, sign-ups, sessions and
attendance. A programme's capacity is checked with its row locked (FOR UPDATE OF self on PostgreSQL), so two sign-ups
for the last place cannot both pass; every refusal names the reason and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.validators import choose_one_of, clean_text, of_school, same_school
from xinhuo.people import selectors as people_selectors

from ..models import Mentor, MentorKind, ProgramKind, StudyAttendance, StudyEnrolment, StudyProgram, StudySession
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

PROGRAM_TITLE_MAX = 100
PROGRAM_TEXT_MAX = 2000
PROGRAM_SHORT_MAX = 100
PROGRAM_CAPACITY_MAX = 2000
SESSION_TOPIC_MAX = 200


def _program_fields(actor: Actor, *, kind: str, title: str, description: str, tutor: Mentor | None, host: str,
                    place: str, capacity: int | None, errors: dict) -> dict:
    if kind not in ProgramKind.values:
        errors["kind"] = choose_one_of(ProgramKind)
    title = clean_text(title, PROGRAM_TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the programme a title.")
    description = clean_text(description, PROGRAM_TEXT_MAX, "description", errors)
    host = clean_text(host, PROGRAM_SHORT_MAX, "host", errors)
    place = clean_text(place, PROGRAM_SHORT_MAX, "place", errors)
    if capacity is not None and not (isinstance(capacity, int) and 1 <= capacity <= PROGRAM_CAPACITY_MAX):
        errors["capacity"] = _("Places must be a number from 1 to %(n)d; leave it empty for no limit.") % {
            "n": PROGRAM_CAPACITY_MAX}
    if tutor is not None:
        if not of_school(actor, tutor) or not tutor.active:
            errors["tutor"] = _("Choose an active growth mentor of this school as the tutor.")
        elif kind == ProgramKind.PEER_TUTORING and tutor.kind != MentorKind.PEER:
            errors["tutor"] = _("A peer tutor is a peer-student mentor: %(name)s is not one.") % {"name": tutor.name}
        elif kind == ProgramKind.TEACHER_CLASS and tutor.kind != MentorKind.ELDER:
            errors["tutor"] = _("A retired teachers' class is taught by an elder mentor: %(name)s is not one.") % {
                "name": tutor.name}
    return {"kind": kind, "title": title, "description": description, "tutor": tutor, "host": host, "place": place,
            "capacity": capacity}


@transaction.atomic
def program_create(*, actor: Actor, kind: str, title: str, description: str = "", tutor: Mentor | None = None,
                   host: str = "", place: str = "", capacity: int | None = None,
                   signup_open: bool = True) -> StudyProgram:
    """A new programme of the study help desk or of career guidance (the study managers)."""
    actor.require("study.manage")
    if not can(actor, "manage_program", StudyProgram(school=actor.school)):
        raise Http404
    errors: dict[str, str] = {}
    fields = _program_fields(actor, kind=kind, title=title, description=description, tutor=tutor, host=host,
                             place=place, capacity=capacity, errors=errors)
    if errors:
        raise ValidationError(errors)
    program = StudyProgram(school=actor.school, signup_open=bool(signup_open), created_by=actor.user, **fields)
    with acting(actor.user):
        program.save()
    return program


@transaction.atomic
def program_update(*, actor: Actor, program: StudyProgram, kind: str, title: str, description: str = "",
                   tutor: Mentor | None = None, host: str = "", place: str = "", capacity: int | None = None,
                   signup_open: bool = True) -> StudyProgram:
    """Change a programme; its places cannot drop below the students already signed up."""
    same_school(actor, program)
    actor.require("study.manage")
    program = StudyProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
    if not can(actor, "manage_program", program):
        raise Http404
    errors: dict[str, str] = {}
    fields = _program_fields(actor, kind=kind, title=title, description=description, tutor=tutor, host=host,
                             place=place, capacity=capacity, errors=errors)
    taken = StudyEnrolment.objects.filter(program=program).count()
    if capacity is not None and "capacity" not in errors and capacity < taken:
        errors["capacity"] = _("%(n)d students are already signed up: the places cannot be fewer.") % {"n": taken}
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(program, name, value)
    program.signup_open = bool(signup_open)
    with acting(actor.user):
        program.save()
    return program


@audited
def program_signup(*, actor: Actor, program: StudyProgram, student: Student) -> StudyEnrolment:
    """A student signs themself up, a parent their own child. Refused, writing nothing, when the sign-up is
    closed, the student is already on the list or not at school any more, or no place is left (名额已满)."""
    same_school(actor, program)
    actor.require("study.signup")
    same_school(actor, student)
    if not can(actor, "study_signup", student):
        raise Http404
    with transaction.atomic():
        # one sign-up at a time per programme: the count below cannot change until this transaction ends
        program = StudyProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
        if not people_selectors.student_is_enrolled(student):
            raise ValidationError(_("%(name)s is no longer at school and cannot sign up.") % {"name": student.name})
        if not program.signup_open:
            raise ValidationError(_("Sign-up for %(title)s is closed.") % {"title": program.title})
        if StudyEnrolment.objects.filter(program=program, student=student).exists():
            raise ValidationError(_("%(name)s is already signed up for %(title)s.") % {
                "name": student.name, "title": program.title})
        if program.capacity is not None:
            taken = StudyEnrolment.objects.filter(program=program).count()
            if taken >= program.capacity:
                raise ValidationError(_("No places left: all %(n)d places of %(title)s are taken.") % {
                    "n": program.capacity, "title": program.title})
        try:
            with transaction.atomic():
                return StudyEnrolment.objects.create(program=program, student=student, by=actor.user)
        except IntegrityError:
            raise ValidationError(_("%(name)s is already signed up for %(title)s.") % {
                "name": student.name, "title": program.title}) from None


@audited
@transaction.atomic
def program_cancel(*, actor: Actor, program: StudyProgram, student: Student) -> None:
    """Take a student off a programme's list: the student themself, their parent, or a study manager. Attendance
    already taken stays on the growth record."""
    same_school(actor, program, student)
    family = actor.can("study.signup") and can(actor, "study_signup", student)
    if not family and not (actor.can("study.manage") and can(actor, "manage_program", program)):
        raise Http404
    program = StudyProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
    deleted, _rows = StudyEnrolment.objects.filter(program=program, student=student).delete()
    if not deleted:
        raise ValidationError(_("%(name)s is not signed up for %(title)s.") % {
            "name": student.name, "title": program.title})


@audited
@transaction.atomic
def session_create(*, actor: Actor, program: StudyProgram, held_on: dt.date, topic: str,
                   starts_at: dt.time | None = None, place: str = "") -> StudySession:
    """A session of a programme (its managers or its tutor); it may be planned ahead."""
    same_school(actor, program)
    if not can(actor, "take_attendance", program):
        raise Http404
    errors: dict[str, str] = {}
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _("Enter a valid date.")
    topic = clean_text(topic, SESSION_TOPIC_MAX, "topic", errors)
    if not topic and "topic" not in errors:
        errors["topic"] = _("Say what the session is about.")
    place = clean_text(place, PROGRAM_SHORT_MAX, "place", errors)
    if errors:
        raise ValidationError(errors)
    return StudySession.objects.create(program=program, held_on=held_on, starts_at=starts_at, topic=topic,
                                       place=place or program.place)


@audited
@transaction.atomic
def attendance_save(*, actor: Actor, session: StudySession, present: Iterable[int]) -> dict[str, int]:
    """The session's attendance in one go: the ticked signed-up students were present, the others absent.
    From the session's day on only."""
    program = session.program
    same_school(actor, program)
    if not can(actor, "take_attendance", program):
        raise Http404
    present_ids = {int(p) for p in present}
    enrolled = set(StudyEnrolment.objects.filter(program=program).values_list("student_id", flat=True))
    if session.held_on > timezone.localdate():
        raise ValidationError(_("The session is on %(date)s: attendance can be taken from that day on.") % {
            "date": session.held_on.isoformat()})
    if present_ids - enrolled:
        raise ValidationError(_("Only students signed up for the programme can be marked present."))
    rows = {a.student_id: a for a in StudyAttendance.objects.select_for_update().filter(session=session)}
    changed = [a for sid, a in rows.items() if sid in enrolled and a.present != (sid in present_ids)]
    for a in changed:
        a.present = a.student_id in present_ids
    StudyAttendance.objects.bulk_update(changed, ["present"])
    StudyAttendance.objects.bulk_create([StudyAttendance(session=session, student_id=sid, present=sid in present_ids)
                                         for sid in sorted(enrolled - rows.keys())])
    return {"present": len(present_ids), "absent": len(enrolled - present_ids)}
