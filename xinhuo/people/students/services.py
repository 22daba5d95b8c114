"""Students through the year (issue 19): add a student (a transfer in), edit, change class, leave, return.

Every service checks the actor's right (rules.py; a student or class the actor may not touch is a 404), validates
everything before it writes — with the roster import's own checks (roster.check_student: the ID card's checksum,
birth date and gender, a plausible age; duplicates by the ID card's blind index; mobile numbers) — and refuses with
a ValidationError by field that leaves the database as it was. Writes name the actor in the change history
(@audited) and each class step is kept in the class history (people/history.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import db, idcard, registry
from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.excel import is_masked, nfkc
from xinhuo.core.masking import mask_address, mask_id_card
from xinhuo.core.models import SchoolClass
from xinhuo.core.validators import choose_one_of, clean_mobile, of_school, same_school, too_long

from .. import history, privacy, roster
from ..models import LEFT_STATUSES, ClassChange, Gender, Guardian, Student, StudentGuardian
from ..rules import can

NAME_MAX = Student._meta.get_field("name").max_length
NUMBER_MAX = Student._meta.get_field("student_no").max_length
ADDRESS_MAX = Student._meta.get_field("address").max_length  # type: ignore[union-attr]
REASON_MAX = ClassChange._meta.get_field("reason").max_length
GUARDIAN_NAME_MAX = Guardian._meta.get_field("name").max_length
AT_SCHOOL = (Student.Status.ENROLLED, Student.Status.SUSPENDED)

Errors = dict[str, str]


# --- checks shared by adding and editing ------------------------------------------------------


def _text(value: Any, limit: int | None, key: str, errors: Errors, *, required: str = "") -> str:
    text = nfkc(str(value or "")).strip()
    if not text and required:
        errors[key] = required
    elif limit is not None and len(text) > limit:
        errors[key] = too_long(limit, text)
    return text


def _class_problem(actor: Actor, school_class: SchoolClass | None, *, adding: bool) -> str:
    """Why the class cannot take the student ('' when it can)."""
    if school_class is None:
        return _("Choose the class.")
    if not of_school(actor, school_class):
        return _("Choose a class of this school.")
    if school_class.graduated_in_id is not None:
        return _("%(class)s has graduated; choose a class of this year.") % {"class": school_class}
    if adding and not can(actor, "add_student_to_class", school_class):
        return _("You can add students only to the classes you head.")
    return ""


def _id_card_messages(raw: str, problems, errors: Errors) -> None:
    """The roster's problems (roster.check_student) as the form's messages, on the field each one is about."""
    text = re.sub(r"[\s-]", "", nfkc(raw or "")).upper()
    for p in problems:
        if p.code == "id_card_length":
            errors.setdefault("id_card", _("An ID-card number has 18 characters; this one has %(n)d.")
                              % {"n": len(text)})
        elif p.code == "id_card_format":
            errors.setdefault("id_card", _("The first 17 characters of an ID-card number are digits and the last is "
                                           "a digit or X."))
        elif p.code == "id_card_date":
            errors.setdefault("id_card", _("Characters 7–14 of the number (%(digits)s) are not a valid birth date; "
                                           "check the number.") % {"digits": text[6:14]})
        elif p.code == "id_card_checksum":
            errors.setdefault("id_card", _("The last character does not match the others: by GB 11643 it should be "
                                           "%(expected)s, not %(given)s. Check for a typing mistake.")
                              % {"expected": idcard.check_char(text[:17]), "given": text[17]})
        elif p.code == "id_card_birth_mismatch":
            errors.setdefault("birth_date", _("The ID-card number gives the birth date %(from_id)s; correct the "
                                              "birth date or the number.")
                              % {"from_id": idcard.birth_date(text).isoformat()})  # type: ignore[union-attr]
        elif p.code == "id_card_gender_mismatch":
            errors.setdefault("gender", _("The ID-card number (its 17th digit) is of a %(gender)s student; correct "
                                          "the gender or the number.")
                              % {"gender": Gender(idcard.gender(text)).label})
        elif p.code == "implausible_age":
            errors.setdefault("birth_date", _("By this birth date the student is not between %(min)d and %(max)d "
                                              "years old; check the birth date or the ID-card number.")
                              % {"min": roster.MIN_AGE, "max": roster.MAX_AGE})
        elif p.code == "enrolment_before_birth":
            errors.setdefault("enrolment_date", _("The enrolment date is before the birth date."))
        else:  # a check the roster adds later: its own (Chinese) message
            errors.setdefault("id_card", p.message)


def _clean_student(actor: Actor, data: dict, errors: Errors, *, student: Student | None) -> dict[str, Any]:
    """The student's fields from `data` (on an edit: only the keys given; an empty or matching masked ID card or
    address leaves it as it is), checked alone, against each other and against the school's other students."""
    adding = student is None
    out: dict[str, Any] = {}
    if adding or "name" in data:
        out["name"] = _text(data.get("name"), NAME_MAX, "name", errors, required=_("Enter the student's name."))
    if adding or "gender" in data:
        gender = data.get("gender") or ""
        if gender not in Gender.values:
            errors["gender"] = choose_one_of(Gender)
        out["gender"] = gender
    if adding or "student_no" in data:
        out["student_no"] = _text(data.get("student_no"), NUMBER_MAX, "student_no", errors,
                                  required=_("Enter the student number."))
    for key in ("birth_date", "enrolment_date"):
        if adding or key in data:
            out[key] = data.get(key)
    if adding or "address" in data:
        address = _text(data.get("address"), ADDRESS_MAX, "address", errors)
        if address and is_masked(address):
            if adding or address.replace(" ", "") != mask_address(student.address).replace(" ", ""):  # type: ignore
                errors["address"] = _("This is a masked address (with *); enter the full address, or leave the "
                                      "field empty to keep it.")
        elif address or adding:
            out["address"] = address
    raw_id = nfkc(str(data.get("id_card") or "")).strip()
    if raw_id and is_masked(raw_id):
        if adding or raw_id.replace(" ", "") != mask_id_card(student.id_card):  # type: ignore[union-attr]
            errors["id_card"] = _("This is a masked number (with *); enter the full 18-character number, or leave "
                                  "the field empty to keep it.")
        raw_id = ""
    elif raw_id and len(raw_id) > 30:
        errors["id_card"] = _("An ID-card number has 18 characters; this one has %(n)d.") % {"n": len(raw_id)}
        raw_id = ""

    def now(key: str):
        return out[key] if key in out else getattr(student, key)

    if not errors.keys() & {"gender", "id_card"}:
        # the roster's checks on the record as it will be: a new number, or the kept one against new dates
        id_card = raw_id or ("" if adding else (student.id_card or ""))  # type: ignore[union-attr]
        row, problems = roster.check_student(id_card=id_card, birth_date=now("birth_date"), gender=now("gender"),
                                             enrolment_date=now("enrolment_date"))
        _id_card_messages(id_card, problems, errors)
        if raw_id and "id_card" not in errors:
            out["id_card"] = row.id_card
        if row.birth_from_id and "birth_date" not in errors and now("birth_date") is None:
            out["birth_date"] = row.birth_date  # the number says it
    # unique in the school: the student number, and the ID card by its blind index
    exclude = {"pk": student.pk} if student is not None else {}
    if out.get("student_no") and "student_no" not in errors:
        taken = (Student.objects.filter(school=actor.school, student_no=out["student_no"]).exclude(**exclude)
                 .select_related("school_class__grade").first())
        if taken is not None:
            errors["student_no"] = (
                _("Student number %(no)s is already %(name)s's (%(class)s).")
                % {"no": taken.student_no, "name": taken.name, "class": taken.school_class}
                if actor.school_wide else
                _("Student number %(no)s is already another student's in this school.") % {"no": taken.student_no})
    if out.get("id_card"):
        owner = roster.id_card_owner(actor.school, out["id_card"])
        if owner is not None and (student is None or owner[0] != student.pk):
            errors["id_card"] = (
                _("This ID-card number is already recorded for the student numbered %(no)s in this school; the "
                  "student may be on the roll already.") % {"no": owner[1]}
                if actor.school_wide else
                _("This ID-card number is already recorded for another student of this school; ask the committee."))
    return out


def _clean_guardian(actor: Actor, data: dict, errors: Errors) -> dict[str, Any] | None:
    """The one guardian a transfer-in may bring (name, relation, mobile number), checked as the roster checks a
    guardian's columns: an existing guardian of the school with that number is linked, not added again."""
    name = _text(data.get("guardian_name"), GUARDIAN_NAME_MAX, "guardian_name", errors)
    relation = data.get("guardian_relation") or ""
    phone_text = str(data.get("guardian_phone") or "").strip()
    if not (name or relation or phone_text):
        return None
    if not name and "guardian_name" not in errors:
        errors["guardian_name"] = _("Enter the guardian's name, or leave all the guardian's fields empty.")
    if relation not in StudentGuardian.Relation.values:
        errors["guardian_relation"] = choose_one_of(StudentGuardian.Relation)
    phone = ""
    try:
        phone = clean_mobile(phone_text)
    except ValidationError as exc:
        errors["guardian_phone"] = exc.messages[0]
    existing = None
    if phone and name:
        owner = roster.phone_owner(actor.school, phone)
        if owner is not None and owner[1] != name:
            errors["guardian_phone"] = (
                _("This mobile number is recorded for %(name)s in this school; check the name or the number.")
                % {"name": owner[1]} if actor.school_wide else
                _("This mobile number is recorded for another guardian in this school; check the name or the number."))
        elif owner is not None:
            existing = owner[0]
    return {"name": name, "relation": relation, "phone": phone, "existing": existing}


def _refuse(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


# --- adding and editing -----------------------------------------------------------------------


@audited
@transaction.atomic
def student_create(*, actor: Actor, school_class: SchoolClass | None, reason: str = "", **data) -> Student:
    """A student joining the school (a transfer in mid-term, or one the roster missed), in a class the actor may add
    to, with at most one guardian (`guardian_name`, `guardian_relation`, `guardian_phone`). The class history
    starts with 'joined' on the enrolment date (today when none is given)."""
    actor.require("students.manage")
    errors: Errors = {}
    values = _clean_student(actor, data, errors, student=None)
    problem = _class_problem(actor, school_class, adding=True)
    if problem:
        errors["school_class"] = problem
    guardian = _clean_guardian(actor, data, errors)
    reason = _text(reason, REASON_MAX, "reason", errors)
    _refuse(errors)
    assert school_class is not None
    student = Student(school=actor.school, school_class=school_class, status=Student.Status.ENROLLED,
                      id_card=values.pop("id_card", None) or None, address=values.pop("address", None) or None,
                      **values)
    try:
        with transaction.atomic():
            student.save()
    except IntegrityError:  # another request took the number a moment ago
        raise ValidationError({"student_no": _("Student number %(no)s has just been taken; check it.")
                               % {"no": student.student_no}}) from None
    if guardian is not None:
        if guardian["existing"] is not None:
            g = Guardian.objects.get(pk=guardian["existing"], school=actor.school)
        else:
            g = Guardian.objects.create(school=actor.school, name=guardian["name"], phone=guardian["phone"] or None)
        StudentGuardian.objects.create(student=student, guardian=g, relation=guardian["relation"], is_primary=True)
    history.record(student, ClassChange.Kind.JOINED, on=student.enrolment_date or timezone.localdate(),
                   to_class=school_class, reason=reason, user_id=actor.user.pk)
    return student


@audited
@transaction.atomic
def student_update(*, actor: Actor, student: Student, **data) -> Student:
    """Change a student's own fields (only those given; the class changes by student_move, the status by
    student_leave and student_return). An empty ID card or address keeps it, as does its masked value unchanged."""
    same_school(actor, student)
    if not can(actor, "edit_student", student):
        raise Http404
    student = db.lock(Student, student.pk)
    errors: Errors = {}
    unknown = set(data) - {"name", "gender", "student_no", "id_card", "birth_date", "enrolment_date", "address"}
    if unknown:
        raise ValueError(f"not a student field: {sorted(unknown)}")
    values = _clean_student(actor, data, errors, student=student)
    _refuse(errors)
    changed = [k for k, v in values.items() if v != getattr(student, k)]
    for key in changed:
        setattr(student, key, values[key])
    if changed:
        try:
            with transaction.atomic():
                student.save()
        except IntegrityError:
            raise ValidationError({"student_no": _("Student number %(no)s has just been taken; check it.")
                                   % {"no": student.student_no}}) from None
    return student


# --- class, leaving and returning (the committee) ---------------------------------------------


def _day(on: dt.date | None, key: str, errors: Errors, *, student: Student, required: bool = False) -> dt.date:
    """A day of the class history: not in the future, not before the student's last recorded step."""
    today = timezone.localdate()
    if on is None:
        if required:
            errors[key] = _("Enter the date.")
        return today
    if on > today:
        errors[key] = _("The date cannot be in the future.")
        return on
    last = ClassChange.objects.filter(student=student).order_by("-on", "-pk").values_list("on", flat=True).first()
    if last is not None and on < last:
        errors[key] = _("The date is before %(date)s, the last step of the student's class history.") % {
            "date": last.isoformat()}
    elif student.enrolment_date and on < student.enrolment_date:
        errors[key] = _("The date is before the student's enrolment (%(date)s).") % {
            "date": student.enrolment_date.isoformat()}
    return on


def _reason(reason: str | None, errors: Errors, required: str) -> str:
    return _text(reason, REASON_MAX, "reason", errors, required=required)


@audited
@transaction.atomic
def student_move(*, actor: Actor, student: Student, to_class: SchoolClass | None, reason: str,
                 on: dt.date | None = None) -> ClassChange:
    """Move a student at school to another class of this year (the committee); the history keeps the step."""
    actor.require("students.move")
    same_school(actor, student)
    student = db.lock(Student.objects.select_related("school_class__grade"), student.pk)
    if student.status not in AT_SCHOOL:
        raise ValidationError(_("%(name)s is not at school (%(status)s): only a student at school changes class.")
                              % {"name": student.name, "status": student.get_status_display()})
    errors: Errors = {}
    problem = _class_problem(actor, to_class, adding=False)
    if problem:
        errors["school_class"] = problem
    elif to_class is not None and to_class.pk == student.school_class_id:
        errors["school_class"] = _("%(name)s is in %(class)s already.") % {"name": student.name, "class": to_class}
    day = _day(on, "on", errors, student=student)
    reason = _reason(reason, errors, _("Say why the student changes class."))
    _refuse(errors)
    assert to_class is not None
    from_class = student.school_class
    student.school_class = to_class
    student.save()
    return history.record(student, ClassChange.Kind.MOVED, on=day, from_class=from_class, to_class=to_class,
                          reason=reason, user_id=actor.user.pk)


@dataclass
class Leaving:
    """A student's leaving and what each app closed for it (the lines of `registry.student_left_hooks()`)."""

    student: Student
    change: ClassChange
    lines: list = field(default_factory=list)  # core.registry.RolloverLine


@audited
@transaction.atomic
def student_leave(*, actor: Actor, student: Student, on: dt.date | None, reason: str) -> Leaving:
    """A student transfers out or leaves (the committee): status transferred from `on` (the retention clock of
    ORG-9 starts), the class history's 'left', and every app closes what it keeps open for the student (pairs end,
    tags close, memberships end, future sign-ups are cancelled) with the reason as their note. All or nothing."""
    actor.require("students.leave")
    same_school(actor, student)
    student = db.lock(Student.objects.select_related("school_class__grade"), student.pk)
    if student.status not in AT_SCHOOL:
        raise ValidationError(_("%(name)s has left the school already (%(status)s).")
                              % {"name": student.name, "status": student.get_status_display()})
    errors: Errors = {}
    day = _day(on, "on", errors, student=student, required=True)
    reason = _reason(reason, errors, _("Say why the student leaves (e.g. transferred to which school)."))
    _refuse(errors)
    privacy.record_leaving(student, status=Student.Status.TRANSFERRED, on=day)
    change = history.record(student, ClassChange.Kind.LEFT, on=day, from_class=student.school_class,
                            reason=reason, user_id=actor.user.pk)
    note = _("Left the school on %(date)s: %(reason)s") % {"date": day.isoformat(), "reason": reason}
    lines = []
    for _label, hook in registry.student_left_hooks():
        lines += list(hook(actor.school.pk, [student.pk], day, note, actor.user.pk) or [])
    return Leaving(student, change, lines)


@audited
@transaction.atomic
def student_return(*, actor: Actor, student: Student, reason: str, to_class: SchoolClass | None = None,
                   on: dt.date | None = None) -> ClassChange:
    """Undo a mistaken leave (the committee): back at school in their class (or `to_class`), the retention clock
    stopped. What the apps closed on leaving stays closed: it is reopened there, if it should be."""
    actor.require("students.leave")
    same_school(actor, student)
    student = db.lock(Student.objects.select_related("school_class__grade"), student.pk)
    if student.status != Student.Status.TRANSFERRED:
        message = (_("%(name)s graduated: a graduation is undone by undoing the rollover.")
                   if student.status in LEFT_STATUSES else _("%(name)s has not left the school."))
        raise ValidationError(message % {"name": student.name})
    errors: Errors = {}
    to_class = to_class or student.school_class
    problem = _class_problem(actor, to_class, adding=False)
    if problem:
        errors["school_class"] = problem
    day = _day(on, "on", errors, student=student)
    reason = _reason(reason, errors, _("Say why the student is back (e.g. the leave was recorded by mistake)."))
    _refuse(errors)
    student.school_class = to_class
    privacy.record_leaving(student, status=privacy.AT_SCHOOL, on=None)
    return history.record(student, ClassChange.Kind.RETURNED, on=day, to_class=to_class, reason=reason,
                          user_id=actor.user.pk)
