"""Writes of the care app: `<entity>_<action>(*, actor, ...)`, each checking permission, validating with a
clear Chinese message, and changing nothing when it refuses. Special-group tags (STU-2) need the guardians'
consent to special-group records (people.consent), in force when identified and when renewed."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.models import Role, School
from xinhuo.core.services import access_log_record
from xinhuo.core.validators import choose_one_of, clean_mobile, clean_text, too_long
from xinhuo.people.consent import has_consent
from xinhuo.people.models import ConsentPurpose, Student

from . import signals
from .models import (
    ContactWay,
    FollowUp,
    FollowUpStatus,
    Forum,
    GrowthEntry,
    GrowthKind,
    HomeVisit,
    Mentor,
    MentoringContact,
    MentoringPair,
    MentorKind,
    Need,
    ProgramKind,
    SpecialGroup,
    StudentTag,
    StudyAttendance,
    StudyEnrolment,
    StudyProgram,
    StudySession,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
    TagStatusChange,
    VisitorKind,
    VisitWay,
)
from .rules import MANAGE_ALL_TAGS, MENTORING_MANAGERS, can

# code, name, review months, home visit every (days), order: left-behind, low-income and disability visited more often
DEFAULT_GROUPS: tuple[tuple[str, str, int, int], ...] = (
    ("left_behind", "留守儿童", 6, 14),
    ("single_parent", "单亲家庭", 6, 30),
    ("low_income", "贫困", 6, 14),
    ("disability", "残疾", 6, 14),
    ("learning_difficulty", "学业困难", 6, 30),
    ("behaviour_concern", "行为偏差", 6, 30),
)
RENEW_MAX_MONTHS = 24
COMMENT_MAX = 2000
NOTE_MAX = 4000

# the status steps a tag may take: forward only, improving back to supported; closed is final
NEXT_STATUSES: dict[str, frozenset[str]] = {
    TagStatus.IDENTIFIED: frozenset({TagStatus.SUPPORTED, TagStatus.IMPROVING, TagStatus.CLOSED}),
    TagStatus.SUPPORTED: frozenset({TagStatus.IMPROVING, TagStatus.CLOSED}),
    TagStatus.IMPROVING: frozenset({TagStatus.SUPPORTED, TagStatus.CLOSED}),
    TagStatus.CLOSED: frozenset(),
}



def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st becomes the month's last day where the month is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def special_groups_for(school: School) -> QuerySet[SpecialGroup]:
    """The school's active special groups in order; the six defaults are created the first time (a school then
    renames, re-orders, retunes or deactivates them)."""
    if not SpecialGroup.objects.filter(school=school).exists():
        SpecialGroup.objects.bulk_create(
            [SpecialGroup(school=school, code=code, name=name, review_months=months, visit_every_days=days,
                          order=(i + 1) * 10)
             for i, (code, name, months, days) in enumerate(DEFAULT_GROUPS)],
            ignore_conflicts=True,
        )
    return SpecialGroup.objects.filter(school=school, active=True).order_by("order", "pk")


def _may_manage_student(actor: Actor, student: Student) -> bool:
    if student.school_id != actor.school.pk or not actor.can("special_groups.manage"):
        return False
    return actor.has_role(*MANAGE_ALL_TAGS) or (
        actor.has_role(Role.HEAD_TEACHER) and student.school_class_id in actor.class_ids)


def _require_consent(student: Student, field: str) -> None:
    if not has_consent(student, ConsentPurpose.SPECIAL_GROUP):
        raise ValidationError({field: _(
            "%(name)s has no consent in force for special-group records: the guardians' consent is needed "
            "first (consent register).") % {"name": student.name}})



def _locked_tag(actor: Actor, tag: StudentTag) -> StudentTag:
    """The tag as stored now, locked for the change; 404 unless the actor may manage it."""
    if tag.school_id != actor.school.pk or not actor.can("special_groups.manage"):
        raise Http404
    current = (StudentTag.objects.select_for_update(of=("self",)).select_related("student", "group")
               .filter(pk=tag.pk).first())
    if current is None or not can(actor, "manage_tag", current):
        raise Http404
    return current


@transaction.atomic
def tag_identify(*, actor: Actor, student: Student, group: SpecialGroup, source: str,
                 identified_on: dt.date | None = None, review_on: dt.date | None = None, note: str = "") -> StudentTag:
    """Record that a student is in a special group; the first step of its history. Needs the guardians'
    consent to special-group records; the review date defaults to identified_on + the group's review months."""
    if not _may_manage_student(actor, student) or group.school_id != actor.school.pk:
        raise Http404
    today = timezone.localdate()
    identified_on = identified_on or today
    errors: dict[str, str] = {}
    _require_consent(student, "student")
    if not group.active:
        errors["group"] = _("The special group %(group)s is no longer in use.") % {"group": group.name}
    elif StudentTag.objects.filter(student=student, group=group).exclude(status=TagStatus.CLOSED).exists():
        errors["group"] = _("%(name)s already has an open tag in %(group)s: renew or follow up that one.") % {
            "name": student.name, "group": group.name}
    if source not in TagSource.values:
        errors["source"] = choose_one_of(TagSource)
    if identified_on > today:
        errors["identified_on"] = _("The date cannot be in the future.")
    if review_on is None:
        review_on = add_months(identified_on, group.review_months)
    elif review_on <= identified_on:
        errors["review_on"] = _("The review date must be after the identification date.")
    elif review_on > add_months(today, RENEW_MAX_MONTHS):
        errors["review_on"] = _("The review date can be at most two years ahead.")
    note = clean_text(note, NOTE_MAX, "note", errors)
    if errors:
        raise ValidationError(errors)
    tag = StudentTag(school=actor.school, student=student, group=group, source=source, identified_by=actor.user,
                     identified_on=identified_on, review_on=review_on, status=TagStatus.IDENTIFIED, note=note)
    try:
        with transaction.atomic(), set_actor(actor.user):
            tag.save()
    except IntegrityError:
        raise ValidationError({"group": _("%(name)s already has an open tag in %(group)s: renew or follow up that "
                                          "one.") % {"name": student.name, "group": group.name}}) from None
    TagStatusChange.objects.create(tag=tag, from_status="", to_status=TagStatus.IDENTIFIED, review_on=review_on,
                                   by=actor.user)
    signals.tag_identified.send(sender=StudentTag, tag=tag, actor=actor)
    return tag


@transaction.atomic
def tag_set_status(*, actor: Actor, tag: StudentTag, status: str, comment: str = "") -> StudentTag:
    """Move a tag along identified → supported → improving → closed (improving may go back to supported);
    closing needs a comment and is final."""
    tag = _locked_tag(actor, tag)
    errors: dict[str, str] = {}
    comment = clean_text(comment, COMMENT_MAX, "comment", errors)
    if tag.status == TagStatus.CLOSED:
        errors["status"] = _("This tag is closed; a closed tag cannot be changed.")
    elif status not in TagStatus.values:
        errors["status"] = choose_one_of(TagStatus)
    elif status not in NEXT_STATUSES[tag.status]:
        errors["status"] = _("A tag that is %(current)s cannot become %(new)s.") % {
            "current": TagStatus(tag.status).label, "new": TagStatus(status).label}
    elif status == TagStatus.CLOSED and not comment:
        errors["comment"] = _("Say why the tag is closed.")
    if errors:
        raise ValidationError(errors)
    previous, tag.status = tag.status, status
    with set_actor(actor.user):
        tag.save(update_fields=["status"])
    change = TagStatusChange.objects.create(tag=tag, from_status=previous, to_status=status,
                                            review_on=tag.review_on, comment=comment, by=actor.user)
    signals.tag_changed.send(sender=StudentTag, tag=tag, actor=actor, change=change)
    return tag


@transaction.atomic
def tag_renew(*, actor: Actor, tag: StudentTag, review_on: dt.date, comment: str = "") -> StudentTag:
    """Extend an open tag (an expired one too) to a new review date after today and at most two years ahead;
    the guardians' consent must still be in force."""
    tag = _locked_tag(actor, tag)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    comment = clean_text(comment, COMMENT_MAX, "comment", errors)
    if tag.status == TagStatus.CLOSED:
        raise ValidationError({"status": _("This tag is closed; a closed tag cannot be changed.")})
    _require_consent(tag.student, "student")
    if not isinstance(review_on, dt.date):
        errors["review_on"] = _("Enter a valid date.")
    elif review_on <= today:
        errors["review_on"] = _("The new review date must be after today.")
    elif review_on <= tag.review_on:
        errors["review_on"] = _("The new review date must be after the current one (%(date)s).") % {
            "date": tag.review_on.isoformat()}
    elif review_on > add_months(today, RENEW_MAX_MONTHS):
        errors["review_on"] = _("The review date can be at most two years ahead.")
    if errors:
        raise ValidationError(errors)
    tag.review_on = review_on
    with set_actor(actor.user):
        tag.save(update_fields=["review_on"])
    change = TagStatusChange.objects.create(tag=tag, from_status=tag.status, to_status=tag.status,
                                            review_on=review_on, comment=comment, by=actor.user)
    signals.tag_changed.send(sender=StudentTag, tag=tag, actor=actor, change=change)
    return tag


# --- groups ---------------------------------------------------------------------------------------------------------
# the special groups' settings (director) and support measures (帮扶, STU-3)

GROUP_NAME_MAX = 60
PROVIDER_MAX = 100
WHAT_MAX = 2000
AMOUNT_MAX = 9_999_999


def _group_fields(actor: Actor, group: SpecialGroup | None, *, name: str, review_months, visit_every_days, order,
                  errors: dict) -> str:
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Enter the group's name.")
    elif len(name) > GROUP_NAME_MAX:
        errors["name"] = too_long(GROUP_NAME_MAX, name)
    elif SpecialGroup.objects.filter(school=actor.school, name=name).exclude(pk=group.pk if group else 0).exists():
        errors["name"] = _("The school already has a special group named %(name)s.") % {"name": name}
    if not isinstance(review_months, int) or not 1 <= review_months <= RENEW_MAX_MONTHS:
        errors["review_months"] = _("The review period is 1 to 24 months.")
    if not isinstance(visit_every_days, int) or not 1 <= visit_every_days <= 365:
        errors["visit_every_days"] = _("The home-visit interval is 1 to 365 days.")
    if not isinstance(order, int) or not 0 <= order <= 32767:
        errors["order"] = _("The order is a number from 0 to 32767.")
    return name


@transaction.atomic
def special_group_create(*, actor: Actor, code: str, name: str, review_months: int = 6, visit_every_days: int = 30,
                         active: bool = True, order: int = 0) -> SpecialGroup:
    """Add a special group to the school (the director): its code is unique in the school and never changes."""
    actor.require("special_groups.configure")
    special_groups_for(actor.school)  # the defaults first, so a new group cannot take one of their codes
    errors: dict[str, str] = {}
    code = (code or "").strip().lower()
    if not code or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code) or len(code) > 40:
        errors["code"] = _("The code is 1 to 40 letters, digits, hyphens or underscores (for example: "
                           "migrant_children).")
    elif SpecialGroup.objects.filter(school=actor.school, code=code).exists():
        errors["code"] = _("The school already has a special group with the code %(code)s.") % {"code": code}
    name = _group_fields(actor, None, name=name, review_months=review_months, visit_every_days=visit_every_days,
                         order=order, errors=errors)
    if errors:
        raise ValidationError(errors)
    group = SpecialGroup(school=actor.school, code=code, name=name, review_months=review_months,
                         visit_every_days=visit_every_days, active=bool(active), order=order)
    try:
        with transaction.atomic(), set_actor(actor.user):
            group.save()
    except IntegrityError:
        raise ValidationError({"code": _("The school already has a special group with the code %(code)s.") % {
            "code": code}}) from None
    return group


@transaction.atomic
def special_group_update(*, actor: Actor, group: SpecialGroup, name: str, review_months: int,
                         visit_every_days: int, active: bool, order: int) -> SpecialGroup:
    """Rename, retune, re-order, deactivate or reactivate a group. A group with open tags cannot be deactivated:
    its students would silently drop out of the home-visit plan; close (or renew elsewhere) the tags first. A
    new review period applies to tags identified or renewed from now on."""
    actor.require("special_groups.configure")
    if group.school_id != actor.school.pk:
        raise Http404
    current = SpecialGroup.objects.select_for_update().filter(pk=group.pk, school=actor.school).first()
    if current is None:
        raise Http404
    errors: dict[str, str] = {}
    name = _group_fields(actor, current, name=name, review_months=review_months,
                         visit_every_days=visit_every_days, order=order, errors=errors)
    if current.active and not active:
        open_tags = current.tags.exclude(status=TagStatus.CLOSED).count()
        if open_tags:
            errors["active"] = _("%(group)s still has %(n)d open tags: close them before the group is no longer "
                                 "used.") % {"group": current.name, "n": open_tags}
    if errors:
        raise ValidationError(errors)
    current.name, current.review_months, current.visit_every_days = name, review_months, visit_every_days
    current.active, current.order = bool(active), order
    with set_actor(actor.user):
        current.save(update_fields=["name", "review_months", "visit_every_days", "active", "order"])
    return current


def _support_fields(*, kind: str, given_on, provider: str, what: str, amount, outcome: str, internal_note: str,
                    errors: dict) -> dict:
    today = timezone.localdate()
    if kind not in SupportKind.values:
        errors["kind"] = choose_one_of(SupportKind)
    if not isinstance(given_on, dt.date):
        errors["given_on"] = _("Enter a valid date.")
    elif given_on > today:
        errors["given_on"] = _("The date cannot be in the future.")
    provider = clean_text(provider, PROVIDER_MAX, "provider", errors)
    if not provider and "provider" not in errors:
        errors["provider"] = _("Say who gave the support.")
    what = clean_text(what, WHAT_MAX, "what", errors)
    if not what and "what" not in errors:
        errors["what"] = _("Say what was done.")
    outcome = clean_text(outcome, WHAT_MAX, "outcome", errors)
    internal_note = clean_text(internal_note, NOTE_MAX, "internal_note", errors)
    if amount is not None:
        if kind != SupportKind.MATERIAL:
            errors["amount"] = _("An amount is recorded only for material support.")
        elif amount < 0:
            errors["amount"] = _("The amount cannot be negative.")
        elif amount > AMOUNT_MAX:
            errors["amount"] = _("The amount can be at most %(max)s yuan.") % {"max": f"{AMOUNT_MAX:,}"}
    return {"kind": kind, "given_on": given_on, "provider": provider, "what": what, "amount": amount,
            "outcome": outcome, "internal_note": internal_note}


@transaction.atomic
def support_record(*, actor: Actor, student: Student, kind: str, given_on: dt.date, provider: str, what: str,
                   amount=None, outcome: str = "", internal_note: str = "") -> SupportMeasure:
    """Log a support measure given to a student in the actor's care (rules.care_for_student): a material,
    psychological, academic, emotional or legal-protection measure, with date, who, what and outcome."""
    actor.require("support.record")
    if student.school_id != actor.school.pk or not can(actor, "care_for_student", student):
        raise Http404
    errors: dict[str, str] = {}
    fields = _support_fields(kind=kind, given_on=given_on, provider=provider, what=what, amount=amount,
                             outcome=outcome, internal_note=internal_note, errors=errors)
    if errors:
        raise ValidationError(errors)
    measure = SupportMeasure(school=actor.school, student=student, recorded_by=actor.user, **fields)
    with set_actor(actor.user):
        measure.save()
    return measure


@transaction.atomic
def support_update(*, actor: Actor, measure: SupportMeasure, kind: str, given_on: dt.date, provider: str,
                   what: str, amount=None, outcome: str = "", internal_note: str = "") -> SupportMeasure:
    """Correct a support measure: its recorder (while the student is theirs) or the committee (rules.edit_support).
    The student does not change: a measure for someone else is a new record."""
    actor.require("support.record")
    if measure.school_id != actor.school.pk:
        raise Http404
    current = (SupportMeasure.objects.select_for_update(of=("self",)).select_related("student")
               .filter(pk=measure.pk, school=actor.school).first())
    if current is None or not can(actor, "edit_support", current):
        raise Http404
    errors: dict[str, str] = {}
    fields = _support_fields(kind=kind, given_on=given_on, provider=provider, what=what, amount=amount,
                             outcome=outcome, internal_note=internal_note, errors=errors)
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(current, key, value)
    with set_actor(actor.user):
        current.save(update_fields=list(fields))
    return current
# --- end groups


# --- study: the study help desk and career guidance (STU-3), the growth record (STU-1) -----------------------------
# A programme's capacity is checked with its row locked (FOR UPDATE OF self on PostgreSQL), so two sign-ups for the
# last place cannot both pass; every refusal names the reason and writes nothing.

PROGRAM_TITLE_MAX = 100
PROGRAM_TEXT_MAX = 2000
PROGRAM_SHORT_MAX = 100
PROGRAM_CAPACITY_MAX = 2000
SESSION_TOPIC_MAX = 200
GROWTH_TITLE_MAX = 120
GROWTH_DETAIL_MAX = 2000
GROWTH_HOURS_MAX = Decimal(1000)
SOURCE_REF_MAX = 60


def _study_same_school(actor: Actor, obj) -> None:
    if obj.school_id != actor.school.pk:
        raise Http404


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
        if tutor.school_id != actor.school.pk or not tutor.active:
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
    with set_actor(actor.user):
        program.save()
    return program


@transaction.atomic
def program_update(*, actor: Actor, program: StudyProgram, kind: str, title: str, description: str = "",
                   tutor: Mentor | None = None, host: str = "", place: str = "", capacity: int | None = None,
                   signup_open: bool = True) -> StudyProgram:
    """Change a programme; its places cannot drop below the students already signed up."""
    _study_same_school(actor, program)
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
    with set_actor(actor.user):
        program.save()
    return program


def program_signup(*, actor: Actor, program: StudyProgram, student: Student) -> StudyEnrolment:
    """A student signs themself up, a parent their own child. Refused, writing nothing, when the sign-up is
    closed, the student is already on the list or not at school any more, or no place is left (名额已满)."""
    _study_same_school(actor, program)
    actor.require("study.signup")
    if student.school_id != actor.school.pk or not can(actor, "study_signup", student):
        raise Http404
    with transaction.atomic():
        # one sign-up at a time per programme: the count below cannot change until this transaction ends
        program = StudyProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
        if student.status != Student.Status.ENROLLED:
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


@transaction.atomic
def program_cancel(*, actor: Actor, program: StudyProgram, student: Student) -> None:
    """Take a student off a programme's list: the student themself, their parent, or a study manager. Attendance
    already taken stays on the growth record."""
    _study_same_school(actor, program)
    if student.school_id != actor.school.pk:
        raise Http404
    family = actor.can("study.signup") and can(actor, "study_signup", student)
    if not family and not (actor.can("study.manage") and can(actor, "manage_program", program)):
        raise Http404
    program = StudyProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
    deleted, _rows = StudyEnrolment.objects.filter(program=program, student=student).delete()
    if not deleted:
        raise ValidationError(_("%(name)s is not signed up for %(title)s.") % {
            "name": student.name, "title": program.title})


@transaction.atomic
def session_create(*, actor: Actor, program: StudyProgram, held_on: dt.date, topic: str,
                   starts_at: dt.time | None = None, place: str = "") -> StudySession:
    """A session of a programme (its managers or its tutor); it may be planned ahead."""
    _study_same_school(actor, program)
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


@transaction.atomic
def attendance_save(*, actor: Actor, session: StudySession, present: Iterable[int]) -> dict[str, int]:
    """The session's attendance in one go: the ticked signed-up students were present, the others absent.
    From the session's day on only."""
    program = session.program
    _study_same_school(actor, program)
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


def _growth_fields(*, kind: str, on, title: str, detail: str, hours, errors: dict) -> dict:
    if kind not in GrowthKind.values:
        errors["kind"] = choose_one_of(GrowthKind)
    if not isinstance(on, dt.date):
        errors["on"] = _("Enter a valid date.")
    elif on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    title = clean_text(title, GROWTH_TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the entry a title.")
    detail = clean_text(detail, GROWTH_DETAIL_MAX, "detail", errors)
    if hours is not None and hours != "":
        try:
            hours = Decimal(str(hours)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            errors["hours"] = _("Enter the hours as a number, such as 1.5.")
            hours = None
    else:
        hours = None
    if kind == GrowthKind.SERVICE and "hours" not in errors:
        if hours is None or hours <= 0:
            errors["hours"] = _("Service hours need the number of hours, more than 0.")
        elif hours > GROWTH_HOURS_MAX:
            errors["hours"] = _("At most %(n)d hours in one entry.") % {"n": GROWTH_HOURS_MAX}
    elif kind in GrowthKind.values and hours is not None and "hours" not in errors:
        errors["hours"] = _("Hours are only for service entries: leave them empty.")
    return {"kind": kind, "on": on, "title": title, "detail": detail, "hours": hours}


@transaction.atomic
def growth_entry_add(*, actor: Actor, student: Student, kind: str, on: dt.date, title: str, detail: str = "",
                     hours=None, internal: bool | None = None) -> GrowthEntry:
    """An entry of a student's growth record (the committee, counsellors, the student's head teacher). A
    moral-education note is internal (staff only) unless said otherwise; the family never sees internal entries."""
    actor.require("growth.record")
    if student.school_id != actor.school.pk or not can(actor, "record_growth", student):
        raise Http404
    errors: dict[str, str] = {}
    fields = _growth_fields(kind=kind, on=on, title=title, detail=detail, hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    if internal is None:
        internal = kind == GrowthKind.MORAL_NOTE
    entry = GrowthEntry(school=actor.school, student=student, internal=bool(internal), recorded_by=actor.user,
                        **fields)
    with set_actor(actor.user):
        entry.save()
    return entry


@transaction.atomic
def growth_entry_update(*, actor: Actor, entry: GrowthEntry, kind: str, on: dt.date, title: str, detail: str = "",
                        hours=None, internal: bool = False) -> GrowthEntry:
    """Correct an entry (rules.edit_growth_entry); the change history keeps what it said before."""
    actor.require("growth.record")
    if entry.school_id != actor.school.pk:
        raise Http404
    current = (GrowthEntry.objects.select_for_update(of=("self",)).select_related("student")
               .filter(pk=entry.pk).first())
    if current is None or not can(actor, "edit_growth_entry", current):
        raise Http404
    errors: dict[str, str] = {}
    fields = _growth_fields(kind=kind, on=on, title=title, detail=detail, hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    current.internal = bool(internal)
    with set_actor(actor.user):
        current.save()
    return current


def growth_entry_add_from_source(*, student: Student, kind: str, on: dt.date, title: str, hours=None,
                                 source_ref: str) -> GrowthEntry:
    """An entry written by another module (activities, issue 6: an award, an activity attended, service hours),
    visible to the family. `source_ref` names the source record (for example "activity:12:attendance:34"): the
    same source adds one entry only, however often it is called — the existing entry is returned unchanged."""
    errors: dict[str, str] = {}
    source_ref = (source_ref or "").strip()
    if not source_ref or len(source_ref) > SOURCE_REF_MAX:
        errors["source_ref"] = _("The source reference is needed, at most %(n)d characters.") % {
            "n": SOURCE_REF_MAX}
    fields = _growth_fields(kind=kind, on=on, title=title, detail="", hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    existing = GrowthEntry.objects.filter(student=student, source_ref=source_ref).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return GrowthEntry.objects.create(school_id=student.school_id, student=student, internal=False,
                                              source_ref=source_ref, **fields)
    except IntegrityError:  # the same source, added at the same moment by another request
        return GrowthEntry.objects.get(student=student, source_ref=source_ref)


# --- end study


# --- visits ---------------------------------------------------------------------------------------------------------
# home visits (家访, FAM-2), student forums (座谈会, STU-5) and their follow-up items, tracked to closure

VISITORS_MAX = 200
VISIT_NOTES_MAX = 4000
FINDINGS_MAX = 2000
FOLLOW_UP_TEXT_MAX = 300
OUTCOME_MAX = 2000
FOLLOW_UPS_AT_ONCE = 3
FORUM_TITLE_MAX = 100
FORUM_PLACE_MAX = 100
FORUM_OTHERS_MAX = 300
MINUTES_MAX = 10000



def _clean_follow_up(actor: Actor, *, text, owner, due_on, not_before: dt.date, key: str,
                     errors: dict) -> tuple:
    """One follow-up item's fields, checked: text at most 300 characters, the owner one of the school's staff
    (follow_up_owners), the due date not before the visit or forum it comes from."""
    from .selectors import follow_up_owners

    text = (text or "").strip()
    if len(text) > FOLLOW_UP_TEXT_MAX:
        errors[key] = too_long(FOLLOW_UP_TEXT_MAX, text)
    if owner is not None and not follow_up_owners(actor).filter(pk=getattr(owner, "pk", None)).exists():
        errors[key] = _("The owner must be a staff member of this school.")
    if due_on is not None and (not isinstance(due_on, dt.date) or due_on < not_before):
        errors[key] = _("The due date cannot be before %(date)s.") % {"date": not_before.isoformat()}
    return text, owner, due_on


def _may_record_visit(actor: Actor, student: Student | None) -> bool:
    return (student is not None and actor.can("home_visits.record")
            and can(actor, "care_for_student", student) and student.status == Student.Status.ENROLLED)


@transaction.atomic
def home_visit_record(*, actor: Actor, student: Student | None, visited_on: dt.date | None, way: str,
                      visitor_kinds, visitors: str, notes: str = "", findings: str = "",
                      follow_ups=()) -> HomeVisit:
    """Record a home visit (in person, by phone or by video) of an enrolled student the actor cares for
    (rules.care_for_student; another school's student is 404), with up to three follow-up items
    ({"text", "owner", "due_on"}; an item with empty text is skipped). The date cannot be in the future;
    at least one kind of visitor is needed. Nothing is written when anything is refused."""
    if not _may_record_visit(actor, student):
        raise Http404
    assert student is not None  # narrowed by _may_record_visit
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not isinstance(visited_on, dt.date):
        errors["visited_on"] = _("Enter the date of the visit.")
    elif visited_on > today:
        errors["visited_on"] = _("The date cannot be in the future.")
    if way not in VisitWay.values:
        errors["way"] = choose_one_of(VisitWay)
    kinds = list(dict.fromkeys(visitor_kinds or []))
    if not kinds:
        errors["visitor_kinds"] = _("Say who visited: choose at least one kind of visitor.")
    elif any(k not in VisitorKind.values for k in kinds):
        errors["visitor_kinds"] = choose_one_of(VisitorKind)
    visitors = (visitors or "").strip()
    if not visitors:
        errors["visitors"] = _("Enter the visitors' names.")
    elif len(visitors) > VISITORS_MAX:
        errors["visitors"] = too_long(VISITORS_MAX, visitors)
    notes = clean_text(notes, VISIT_NOTES_MAX, "notes", errors)
    findings = clean_text(findings, FINDINGS_MAX, "findings", errors)
    items = []
    for i, item in enumerate(list(follow_ups or [])):
        text, owner, due_on = _clean_follow_up(
            actor, text=item.get("text"), owner=item.get("owner"), due_on=item.get("due_on"),
            not_before=visited_on if isinstance(visited_on, dt.date) else today, key=f"follow_up_{i + 1}",
            errors=errors)
        if text:
            items.append((text, owner, due_on))
    if len(items) > FOLLOW_UPS_AT_ONCE:
        errors["follow_ups"] = _("At most %(n)d follow-up items at once; add more from the visit's page.") % {
            "n": FOLLOW_UPS_AT_ONCE}
    if errors:
        raise ValidationError(errors)
    assert isinstance(visited_on, dt.date)
    visit = HomeVisit(school=actor.school, student=student, visited_on=visited_on, way=way, visitor_kinds=kinds,
                      visitors=visitors, notes=notes, findings=findings, recorded_by=actor.user)
    with set_actor(actor.user):
        visit.save()
        created = [FollowUp.objects.create(school=actor.school, home_visit=visit, student=student, text=text,
                                           owner=owner, due_on=due_on, created_by=actor.user)
                   for text, owner, due_on in items]
    signals.home_visit_recorded.send(sender=HomeVisit, visit=visit, actor=actor, follow_ups=created)
    for item in created:
        if item.owner_id:
            signals.follow_up_changed.send(sender=FollowUp, item=item, actor=actor, action="assigned")
    return visit


@transaction.atomic
def follow_up_add(*, actor: Actor, source: HomeVisit | Forum, text: str, owner=None,
                  due_on: dt.date | None = None) -> FollowUp:
    """A follow-up item on a home visit (whoever may record visits for its student) or a forum (the forum
    managers); the text is required."""
    if isinstance(source, HomeVisit):
        allowed = actor.can("home_visits.record") and can(actor, "view_home_visit", source)
        source_date, fields = source.visited_on, {"home_visit": source, "student_id": source.student_id}
    elif isinstance(source, Forum):
        allowed = actor.can("forums.manage") and can(actor, "manage_forum", source)
        source_date, fields = source.held_on, {"forum": source}
    else:
        allowed = False
    if not allowed:
        raise Http404
    errors: dict[str, str] = {}
    text, owner, due_on = _clean_follow_up(actor, text=text, owner=owner, due_on=due_on, not_before=source_date,
                                           key="text", errors=errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what is to be followed up.")
    if errors:
        raise ValidationError(errors)
    with set_actor(actor.user):
        item = FollowUp.objects.create(school=actor.school, text=text, owner=owner, due_on=due_on,
                                       created_by=actor.user, **fields)
    if item.owner_id:
        signals.follow_up_changed.send(sender=FollowUp, item=item, actor=actor, action="assigned")
    return item


@transaction.atomic
def follow_up_close(*, actor: Actor, item: FollowUp, outcome: str) -> FollowUp:
    """Close a follow-up item with its outcome (required): its owner, whoever may record visits for the
    student (a visit's item) or the forum managers (a forum's item); rules.close_follow_up, else 404."""
    if item.school_id != actor.school.pk:
        raise Http404
    current = (FollowUp.objects.select_for_update(of=("self",)).select_related("home_visit__student", "forum")
               .filter(pk=item.pk).first())
    if current is None or not can(actor, "close_follow_up", current):
        raise Http404
    errors: dict[str, str] = {}
    outcome = clean_text(outcome, OUTCOME_MAX, "outcome", errors)
    if current.status == FollowUpStatus.CLOSED:
        errors["outcome"] = _("This follow-up item is already closed.")
    elif not outcome and "outcome" not in errors:
        errors["outcome"] = _("Say what came of it: the outcome is needed to close the item.")
    if errors:
        raise ValidationError(errors)
    current.status, current.outcome = FollowUpStatus.CLOSED, outcome
    current.closed_at, current.closed_by = timezone.now(), actor.user
    with set_actor(actor.user):
        current.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    signals.follow_up_changed.send(sender=FollowUp, item=current, actor=actor, action="closed")
    return current


def _forum_fields(actor: Actor, *, held_on, title: str, place: str, participants, other_participants: str,
                  minutes: str) -> dict:
    errors: dict[str, str] = {}
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _("Enter the date of the forum.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter the forum's title.")
    elif len(title) > FORUM_TITLE_MAX:
        errors["title"] = too_long(FORUM_TITLE_MAX, title)
    place = clean_text(place, FORUM_PLACE_MAX, "place", errors)
    other_participants = clean_text(other_participants, FORUM_OTHERS_MAX, "other_participants", errors)
    minutes = clean_text(minutes, MINUTES_MAX, "minutes", errors)
    ids = {getattr(p, "pk", p) for p in participants or []}
    students = list(Student.objects.filter(school=actor.school, pk__in=[i for i in ids if isinstance(i, int)]))
    if len(students) != len(ids):
        errors["participants"] = _("Choose students of this school only.")
    if errors:
        raise ValidationError(errors)
    return {"held_on": held_on, "title": title, "place": place, "other_participants": other_participants,
            "minutes": minutes, "participants": students}


@transaction.atomic
def forum_create(*, actor: Actor, held_on: dt.date | None, title: str, place: str = "", participants=(),
                 other_participants: str = "", minutes: str = "") -> Forum:
    """Record a student representatives' forum (学生代表座谈会): the forum managers (director, leaders)."""
    if not actor.can("forums.manage"):
        raise Http404
    data = _forum_fields(actor, held_on=held_on, title=title, place=place, participants=participants,
                         other_participants=other_participants, minutes=minutes)
    students = data.pop("participants")
    forum = Forum(school=actor.school, recorded_by=actor.user, **data)
    with set_actor(actor.user):
        forum.save()
        forum.participants.set(students)
    return forum


@transaction.atomic
def forum_update(*, actor: Actor, forum: Forum, held_on: dt.date | None, title: str, place: str = "",
                 participants=(), other_participants: str = "", minutes: str = "") -> Forum:
    """Change a forum's record (rules.manage_forum, else 404)."""
    if forum.school_id != actor.school.pk or not actor.can("forums.manage"):
        raise Http404
    current = Forum.objects.select_for_update().filter(pk=forum.pk).first()
    if current is None or not can(actor, "manage_forum", current):
        raise Http404
    data = _forum_fields(actor, held_on=held_on, title=title, place=place, participants=participants,
                         other_participants=other_participants, minutes=minutes)
    students = data.pop("participants")
    for key, value in data.items():
        setattr(current, key, value)
    with set_actor(actor.user):
        current.save(update_fields=list(data))
        current.participants.set(students)
    return current



# --- end visits



# --- mentoring ------------------------------------------------------------------------------------------------------
# growth mentors (成长导师, MEN-1), mentoring pairs (结对帮扶, MEN-2/4) and their contacts (MEN-3). A mentor's row is
# locked while a pair is made, so two pairs for the last place cannot both pass the capacity check.

MENTOR_NAME_MAX = 50
PAIR_PLAN_MAX = 1000
PAIR_SUMMARY_MAX = 4000
CONTACT_TOPIC_MAX = 200
CONTACT_NEXT_MAX = 200
MENTEES_MAX = 20
CONTACT_EVERY_MAX = 90


def _men_require_manager(actor: Actor) -> None:
    if not actor.can("mentoring.manage") or not actor.has_role(*MENTORING_MANAGERS):
        raise Http404


def _men_person_ok(mentor: Mentor) -> bool:
    from .matching import is_available

    return is_available(mentor)


def _men_specialties(values, errors: dict) -> list[str]:
    from xinhuo.elders.models import Specialty

    codes = list(dict.fromkeys(values or []))
    bad = [c for c in codes if c not in Specialty.values]
    if bad:
        errors["specialties"] = _("Unknown specialty: %(codes)s.") % {"codes": "、".join(map(str, bad))}
    return [c for c in Specialty.values if c in codes]


def _men_max_mentees(value, errors: dict) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= MENTEES_MAX:
        errors["max_mentees"] = _("Enter a number from 1 to %(max)d.") % {"max": MENTEES_MAX}
    return n


def _men_duplicate_message(mentor: Mentor) -> str:
    return _("%(name)s is already a growth mentor: edit that record instead.") % {"name": mentor.name}


@transaction.atomic
def mentor_create(*, actor: Actor, kind: str, elder=None, staff=None, peer=None, name: str = "",
                  phone: str = "", specialties: Iterable[str] | None = None, max_mentees: int = 3,
                  active: bool = True) -> Mentor:
    """Register a growth mentor: an elder of the registry, a teacher (staff), a peer student or a social volunteer
    (name and mobile number, kept encrypted). One record per person; an elder's specialties are taken from the
    registry unless given."""
    from xinhuo.elders.models import Elder

    _men_require_manager(actor)
    errors: dict[str, str] = {}
    mentor = Mentor(school=actor.school, kind=kind, active=bool(active))
    if kind == MentorKind.ELDER:
        if elder is None or elder.school_id != actor.school.pk:
            errors["elder"] = _("Choose an elder of the school's registry.")
        elif elder.status == Elder.Status.LEFT:
            errors["elder"] = _("%(name)s has left the team.") % {"name": elder.name}
        else:
            mentor.elder, mentor.name = elder, elder.name
            if specialties is None:
                specialties = list(elder.specialties)
    elif kind == MentorKind.TEACHER:
        if staff is None or staff.school_id != actor.school.pk:
            errors["staff"] = _("Choose a teacher of the school.")
        elif not staff.active:
            errors["staff"] = _("%(name)s is no longer in post.") % {"name": staff.name}
        else:
            mentor.staff, mentor.name = staff, staff.name
    elif kind == MentorKind.PEER:
        if peer is None or peer.school_id != actor.school.pk:
            errors["peer"] = _("Choose a student of the school.")
        elif peer.status != Student.Status.ENROLLED:
            errors["peer"] = _("%(name)s is not enrolled.") % {"name": peer.name}
        else:
            mentor.peer, mentor.name = peer, peer.name
    elif kind == MentorKind.VOLUNTEER:
        mentor.name = (name or "").strip()
        if not mentor.name:
            errors["name"] = _("Enter the volunteer's name.")
        elif len(mentor.name) > MENTOR_NAME_MAX:
            errors["name"] = too_long(MENTOR_NAME_MAX, mentor.name)
        try:
            mentor.phone = clean_mobile(phone or "")
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
        else:
            if not mentor.phone:
                errors["phone"] = _("Enter the volunteer's mobile number: the committee needs to reach them.")
    else:
        errors["kind"] = choose_one_of(MentorKind)
    mentor.specialties = _men_specialties(specialties, errors)
    mentor.max_mentees = _men_max_mentees(max_mentees, errors)
    if not errors:
        person = {"elder": mentor.elder, "staff": mentor.staff, "peer": mentor.peer}
        for key, value in person.items():
            if value is not None and Mentor.objects.filter(school=actor.school, **{key: value}).exists():
                errors[key] = _men_duplicate_message(mentor)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), set_actor(actor.user):
            mentor.save()
    except IntegrityError:
        raise ValidationError({"kind": _men_duplicate_message(mentor)}) from None
    return mentor


@transaction.atomic
def mentor_update(*, actor: Actor, mentor: Mentor, specialties: Iterable[str] | None = None,
                  max_mentees: int | None = None, active: bool | None = None, name: str | None = None,
                  phone: str | None = None) -> Mentor:
    """Change a mentor's specialties, their limit of mentees (never below their current mentees), whether they take
    new mentees, and a volunteer's name and mobile number (phone=None keeps it). Who the mentor is does not
    change: register another mentor instead."""
    _men_require_manager(actor)
    if mentor.school_id != actor.school.pk:
        raise Http404
    current = Mentor.objects.select_for_update().filter(pk=mentor.pk, school=actor.school).first()
    if current is None or not can(actor, "manage_mentor", current):
        raise Http404
    errors: dict[str, str] = {}
    changed: dict[str, object] = {}
    if specialties is not None:
        changed["specialties"] = _men_specialties(specialties, errors)
    if max_mentees is not None:
        n = _men_max_mentees(max_mentees, errors)
        load = current.pairs.filter(ended_on__isnull=True).count()
        if "max_mentees" not in errors and n < load:
            errors["max_mentees"] = _("%(name)s mentors %(n)d students now: the limit cannot be lower.") % {
                "name": current.name, "n": load}
        changed["max_mentees"] = n
    if active is not None:
        changed["active"] = bool(active)
    if current.kind == MentorKind.VOLUNTEER:
        if name is not None:
            text = name.strip()
            if not text:
                errors["name"] = _("Enter the volunteer's name.")
            elif len(text) > MENTOR_NAME_MAX:
                errors["name"] = too_long(MENTOR_NAME_MAX, text)
            changed["name"] = text
        if phone is not None:
            try:
                number = clean_mobile(phone)
            except ValidationError as exc:
                errors["phone"] = exc.messages[0]
            else:
                if not number:
                    errors["phone"] = _("Enter the volunteer's mobile number: the committee needs to reach them.")
                changed["phone"] = number
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in changed.items() if getattr(current, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(current, key, value)
        with set_actor(actor.user):
            current.save(update_fields=list(changed))
    return current


def mentor_phone_reveal(*, actor: Actor, mentor: Mentor, request=None) -> str:
    """A volunteer's full mobile number for the mentoring managers, written to the access log; 404 otherwise."""
    if not can(actor, "reveal_mentor_phone", mentor):
        raise Http404
    access_log_record(actor, "reveal", "mentor", mentor.pk, field="phone", request=request,
                    detail={"name": mentor.name})
    return mentor.phone or ""


def _men_at_capacity_message(mentor: Mentor, n: int) -> str:
    return _("%(mentor)s already mentors %(n)d students, the limit.") % {"mentor": mentor.name, "n": n}


@transaction.atomic
def pair_create(*, actor: Actor, mentor: Mentor, student: Student, needs: Iterable[str], contact_plan: str = "",
                contact_every_days: int = 14, started_on: dt.date | None = None) -> MentoringPair:
    """Pair a student with a growth mentor. Refused, writing nothing: a mentor at capacity, inactive or no longer
    with the school; a student of another school or not enrolled; a pair of the two already open; a peer
    student mentoring themself; no need; a start in the future."""
    _men_require_manager(actor)
    if mentor.school_id != actor.school.pk:
        raise Http404
    locked = (Mentor.objects.select_for_update(of=("self",)).select_related("elder", "staff", "peer")
              .filter(pk=mentor.pk, school=actor.school).first())
    if locked is None:
        raise Http404
    today = timezone.localdate()
    started_on = started_on or today
    errors: dict[str, str] = {}
    if student.school_id != actor.school.pk:
        errors["student"] = _("This student is not of your school.")
    elif student.status != Student.Status.ENROLLED:
        errors["student"] = _("%(name)s is not enrolled.") % {"name": student.name}
    elif locked.peer_id is not None and locked.peer_id == student.pk:
        errors["mentor"] = _("A student cannot be their own mentor.")
    if "mentor" not in errors:
        if not locked.active or not _men_person_ok(locked):
            errors["mentor"] = _("%(name)s does not take new mentees now (inactive).") % {"name": locked.name}
        else:
            load = locked.pairs.filter(ended_on__isnull=True).count()
            if load >= locked.max_mentees:
                errors["mentor"] = _men_at_capacity_message(locked, load)
    if "student" not in errors and "mentor" not in errors and locked.pairs.filter(
            student=student, ended_on__isnull=True).exists():
        errors["student"] = _("%(student)s and %(mentor)s are already paired.") % {
            "student": student.name, "mentor": locked.name}
    codes = list(dict.fromkeys(needs or []))
    if not codes:
        errors["needs"] = _("Choose at least one need.")
    elif bad := [c for c in codes if c not in Need.values]:
        errors["needs"] = _("Unknown need: %(codes)s.") % {"codes": "、".join(map(str, bad))}
    try:
        every = int(contact_every_days)
    except (TypeError, ValueError):
        every = 0
    if not 1 <= every <= CONTACT_EVERY_MAX:
        errors["contact_every_days"] = _("Enter a number from 1 to %(max)d.") % {"max": CONTACT_EVERY_MAX}
    plan = clean_text(contact_plan, PAIR_PLAN_MAX, "contact_plan", errors)
    if not isinstance(started_on, dt.date):
        errors["started_on"] = _("Enter a valid date.")
    elif started_on > today:
        errors["started_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    pair = MentoringPair(school=actor.school, mentor=locked, student=student,
                          needs=[c for c in Need.values if c in codes], contact_plan=plan,
                          contact_every_days=every, started_on=started_on, created_by=actor.user)
    try:
        with transaction.atomic(), set_actor(actor.user):
            pair.save()
    except IntegrityError:
        raise ValidationError({"student": _("%(student)s and %(mentor)s are already paired.") % {
            "student": student.name, "mentor": locked.name}}) from None
    signals.pair_changed.send(sender=MentoringPair, pair=pair, actor=actor, action="created")
    return pair


@transaction.atomic
def pair_end(*, actor: Actor, pair: MentoringPair, summary: str, ended_on: dt.date | None = None
             ) -> MentoringPair:
    """End a pair with a summary (required); the end is not before the start nor in the future."""
    _men_require_manager(actor)
    if pair.school_id != actor.school.pk:
        raise Http404
    current = (MentoringPair.objects.select_for_update(of=("self",)).select_related("mentor", "student")
               .filter(pk=pair.pk, school=actor.school).first())
    if current is None or not can(actor, "manage_pair", current):
        raise Http404
    today = timezone.localdate()
    ended_on = ended_on or today
    errors: dict[str, str] = {}
    if current.ended_on is not None:
        raise ValidationError({"summary": _("This pair ended on %(date)s.") % {"date": current.ended_on.isoformat()}})
    text = clean_text(summary, PAIR_SUMMARY_MAX, "summary", errors)
    if not text and "summary" not in errors:
        errors["summary"] = _("Sum up the pair: what was done and how the student is doing.")
    if not isinstance(ended_on, dt.date):
        errors["ended_on"] = _("Enter a valid date.")
    elif ended_on > today:
        errors["ended_on"] = _("The date cannot be in the future.")
    elif ended_on < current.started_on:
        errors["ended_on"] = _("The end cannot be before the start (%(date)s).") % {
            "date": current.started_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    current.ended_on, current.summary = ended_on, text
    with set_actor(actor.user):
        current.save(update_fields=["ended_on", "summary"])
    signals.pair_changed.send(sender=MentoringPair, pair=current, actor=actor, action="ended")
    return current


@transaction.atomic
def contact_log(*, actor: Actor, pair: MentoringPair, way: str, topic: str, next_step: str = "",
                contacted_on: dt.date | None = None) -> MentoringContact:
    """Log a contact of an open pair: the mentor of the pair, or a mentoring manager (for a volunteer or a mentor
    without an account). The date defaults to today and cannot be in the future or before the pair started."""
    if pair.school_id != actor.school.pk or not actor.can("mentoring.view"):
        raise Http404
    current = (MentoringPair.objects.select_related("mentor__elder", "mentor__staff", "mentor__peer")
               .filter(pk=pair.pk, school=actor.school).first())
    if current is None or not can(actor, "log_contact", current):
        raise Http404
    today = timezone.localdate()
    contacted_on = contacted_on or today
    errors: dict[str, str] = {}
    if current.ended_on is not None:
        raise ValidationError({"contacted_on": _("This pair ended on %(date)s.") % {
            "date": current.ended_on.isoformat()}})
    if not isinstance(contacted_on, dt.date):
        errors["contacted_on"] = _("Enter a valid date.")
    elif contacted_on > today:
        errors["contacted_on"] = _("The date cannot be in the future.")
    elif contacted_on < current.started_on:
        errors["contacted_on"] = _("The pair started on %(date)s: a contact cannot be earlier.") % {
            "date": current.started_on.isoformat()}
    if way not in ContactWay.values:
        errors["way"] = choose_one_of(ContactWay)
    text = clean_text(topic, CONTACT_TOPIC_MAX, "topic", errors)
    if not text and "topic" not in errors:
        errors["topic"] = _("Say in a few words what you talked about.")
    step = clean_text(next_step, CONTACT_NEXT_MAX, "next_step", errors)
    if errors:
        raise ValidationError(errors)
    return MentoringContact.objects.create(pair=current, contacted_on=contacted_on, way=way, topic=text,
                                            next_step=step, logged_by=actor.user)


def mentee_guardian_phone_reveal(*, actor: Actor, pair: MentoringPair, request=None) -> str:
    """The primary guardian's full mobile number for the elder or teacher mentor of an open pair, written to the
    access log; 404 for everyone else (peer students and volunteers never)."""
    from xinhuo.people.models import StudentGuardian

    if pair.school_id != actor.school.pk or not can(actor, "reveal_mentee_guardian_phone", pair):
        raise Http404
    link = (StudentGuardian.objects.select_related("guardian")
            .filter(student_id=pair.student_id, is_primary=True).first())
    if link is None or not link.guardian.phone:
        return ""
    access_log_record(actor, "reveal", "guardian", link.guardian_id, field="phone", request=request,
                    detail={"pair": pair.pk, "student": pair.student_id, "as": "mentor"})
    return link.guardian.phone


# --- end mentoring
