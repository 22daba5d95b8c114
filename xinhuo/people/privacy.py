"""What the people app holds about a student, and its erasure after the retention period (ORG-9, privacy app).

The student's row stays (classes, counts and other apps' rows point at it) under a pseudonym; identifiers,
contacts and free text go. A guardian goes with the student only when no other child of theirs is still kept.
Login accounts of those erased are closed and stripped of name, phone and e-mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xinhuo.core.masking import mask_address, mask_id_card, mask_phone
from xinhuo.core.models import Membership, Role, User
from xinhuo.core.registry import ErasureSubject

from .models import LEFT_STATUSES, ClassChange, Consent, Guardian, Student, StudentGuardian

ERASED_STUDENT = "已离校学生#%d"
AT_SCHOOL = Student.Status.ENROLLED  # recording a leaving by mistake is undone by this status
ERASED_GUARDIAN = "已离校学生家长#%d"


def pseudonym(student_id: int) -> str:
    return ERASED_STUDENT % student_id


def departed(school, *, left_on_or_before: dt.date, exclude: Iterable[int] | QuerySet = ()) -> QuerySet[Student]:
    """Students of the school who left on or before the day, but those excluded (already erased), oldest first."""
    return (Student.objects.filter(school=school, status__in=LEFT_STATUSES, left_on__lte=left_on_or_before)
            .exclude(pk__in=exclude).select_related("school_class__grade").order_by("left_on", "pk"))


def student_by_number(school, student_no: str) -> Student | None:
    return Student.objects.filter(school=school, student_no=student_no.strip()).select_related(
        "school_class__grade").first()


def record_leaving(student: Student, *, status: str, on: dt.date | None) -> Student:
    """Set the student's status: transferred or graduated on a day (the retention clock), or back at school (the day
    cleared). Saved through the model, so the change history names who did it; the caller checks the rules."""
    student.status = status
    student.left_on = on
    student.save()
    return student


def school_id_of(student_id: int) -> int | None:
    return Student.objects.filter(pk=student_id).values_list("school_id", flat=True).first()


def is_left(student: Student) -> bool:
    return student.status in LEFT_STATUSES


def subject(student_ids: Iterable[int], *, already_erased: Iterable[int] | QuerySet = ()) -> ErasureSubject:
    """Whom erasing these students reaches: them, guardians with no other child still kept, and their accounts."""
    ids = frozenset(student_ids)
    links = StudentGuardian.objects.filter(student_id__in=ids).values_list("guardian_id", flat=True)
    keeping = set(StudentGuardian.objects.filter(guardian_id__in=links).exclude(student_id__in=ids)
                  .exclude(student_id__in=already_erased).values_list("guardian_id", flat=True))
    guardian_ids = frozenset(set(links) - keeping)
    user_ids = {u for u in Student.objects.filter(pk__in=ids).values_list("user_id", flat=True) if u}
    user_ids |= {u for u in Guardian.objects.filter(pk__in=guardian_ids).values_list("user_id", flat=True) if u}
    # one login may hold several roles (ORG-3): an account that also works for a school (a teacher who is a parent)
    # or is a guardian of another child still kept stays open; only its link to the erased record goes
    user_ids -= set(Membership.objects.filter(user_id__in=user_ids).exclude(role__in=(Role.PARENT, Role.STUDENT))
                    .values_list("user_id", flat=True))
    user_ids -= set(Guardian.objects.filter(user_id__in=user_ids).exclude(pk__in=guardian_ids)
                    .values_list("user_id", flat=True))
    return ErasureSubject(student_ids=ids, guardian_ids=guardian_ids, user_ids=frozenset(user_ids),
                          pseudonyms={i: pseudonym(i) for i in ids})


def identifiers(subject: ErasureSubject) -> dict[str, str]:
    """Text that names those about to be erased (names, student numbers, ID-card and phone numbers) and what
    replaces it where it was copied into free text kept elsewhere (the access log's search filters)."""
    out: dict[str, str] = {}

    def keep(value: str | None, instead: str) -> None:
        if value and len(value) >= 2:  # a one-character "name" would rewrite unrelated text
            out[value] = instead

    for s in Student.objects.filter(pk__in=subject.student_ids):
        instead = subject.pseudonyms.get(s.pk, pseudonym(s.pk))
        for value in (s.name, s.student_no, s.id_card):
            keep(value, instead)
    for g in Guardian.objects.filter(pk__in=subject.guardian_ids):
        for value in (g.name, g.phone):
            keep(value, ERASED_GUARDIAN % g.pk)
    for u in User.objects.filter(pk__in=subject.user_ids):
        for value in (u.full_name, u.phone):
            keep(value, f"erased-{u.pk}")
    return out


def summary(student: Student) -> list[tuple[str, list[str]]]:
    """The record and family as a parent may read them: identifiers and contacts masked."""
    c = student.school_class
    basic = [
        _("Name: %s") % student.name,
        _("Student number: %s") % student.student_no,
        _("Class: %s") % f"{c.grade.name}{c.name}",
        _("Gender: %s") % student.get_gender_display(),
        _("Birth date: %s") % (student.birth_date or "-"),
        _("ID-card number: %s") % (mask_id_card(student.id_card) or "-"),
        _("Home address: %s") % (mask_address(student.address) or "-"),
        _("Status: %s") % student.get_status_display(),
    ]
    if student.left_on:
        basic.append(_("Left school on: %s") % student.left_on)
    family = [f"{link.guardian.name}（{link.get_relation_display()}）{mask_phone(link.guardian.phone)}"
              for link in StudentGuardian.objects.filter(student=student).select_related("guardian")]
    consents = [
        f"{row.get_purpose_display()}：{row.given_at:%Y-%m-%d}"
        + (_(", withdrawn %s") % f"{row.withdrawn_at:%Y-%m-%d}" if row.withdrawn_at else "")
        for row in Consent.objects.filter(student=student).order_by("given_at")
    ]
    return [(_("Student record"), basic), (_("Guardians"), family), (_("Consents"), consents)]


def _close_accounts(user_ids: Iterable[int]) -> list[int]:
    changed = []
    for user in User.objects.filter(pk__in=user_ids):
        user.username = f"erased-{user.pk}"
        user.full_name = ""
        user.first_name = user.last_name = user.email = ""
        user.phone = None
        user.is_active = False
        user.password = make_password(None)  # unusable
        user.save()
        changed.append(user.pk)
    return changed


def erase(subject: ErasureSubject) -> dict[str, list[int]]:
    students = []
    for s in Student.objects.filter(pk__in=subject.student_ids):
        s.name = subject.pseudonyms.get(s.pk, pseudonym(s.pk))
        s.student_no = f"erased-{s.pk}"  # unique within the school, as the constraint wants
        s.id_card = None
        s.address = None
        s.birth_date = None
        s.user = None
        s.save()
        students.append(s.pk)
    guardians = []
    for g in Guardian.objects.filter(pk__in=subject.guardian_ids):
        g.name = ERASED_GUARDIAN % g.pk
        g.phone = None
        g.work_unit = ""
        g.user = None
        g.save()
        guardians.append(g.pk)
    consents = list(Consent.objects.filter(student_id__in=subject.student_ids).values_list("pk", flat=True))
    Consent.objects.filter(pk__in=consents).exclude(note="").update(note="")
    # a transfer's reason may be about the family; the steps themselves (classes, dates) stay for the counts
    changes = list(ClassChange.objects.filter(student_id__in=subject.student_ids).values_list("pk", flat=True))
    ClassChange.objects.filter(pk__in=changes).exclude(reason="").update(reason="")
    return {"people.Student": students, "people.Guardian": guardians, "people.Consent": consents,
            "people.ClassChange": changes,
            "people.StudentGuardian": list(StudentGuardian.objects.filter(student_id__in=subject.student_ids)
                                           .values_list("pk", flat=True)),
            "core.User": _close_accounts(subject.user_ids)}
