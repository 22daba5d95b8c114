"""Guardians through the year (issue 19): add a guardian to a student, edit their contact, link them to a further
child, unlink, and change the student's primary contact.

The checks are the roster import's (people/roster.py): a mainland mobile number, and a guardian is one person per
mobile number within the school (the blind index `phone_index`), so a number already on record offers that guardian
to be linked instead of a second record. Every service checks permission (rules `manage_student_guardians` for the
student, `edit_guardian` for the contact), validates everything before it writes, and raises a ValidationError with
a message for the user that leaves the database as it was. A student's links are changed under the student row's
lock, so the one-primary-contact constraint (migrations/0002) never sees two primaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.crypto import phone_index
from xinhuo.core.db import lock
from xinhuo.core.excel import is_masked
from xinhuo.core.masking import mask_phone
from xinhuo.core.models import Role
from xinhuo.core.validators import choose_one_of, clean_mobile, same_school

from ..models import Consent, Guardian, Student, StudentGuardian
from ..roster import age_on
from ..rules import can

ADULT_AGE = 18
NAME_MAX: int = Guardian._meta.get_field("name").max_length or 50
WORK_UNIT_MAX: int = Guardian._meta.get_field("work_unit").max_length or 100
Relation = StudentGuardian.Relation


class ExistingGuardian(ValidationError):
    """The mobile number belongs to a guardian of the school with the same name: link them instead of adding a
    second record (send link_existing)."""

    def __init__(self, guardian: Guardian, student: Student):
        self.guardian = guardian
        super().__init__(
            {"phone": _("%(name)s (%(phone)s) is already on record as a guardian in this school. Link them to "
                        "%(student)s instead of adding a second record.")
             % {"name": guardian.name, "phone": mask_phone(guardian.phone), "student": student.name}},
            code="existing_guardian",
        )


@dataclass
class Unlinked:
    """What an unlink did besides removing the link."""

    new_primary: StudentGuardian | None = None  # the student's guardian who became the primary contact
    guardian_has_children: bool = True
    notes: list[str] = field(default_factory=list)


# --- checks ---------------------------------------------------------------------------------------------------------


def _check_student(actor: Actor, student: Student) -> None:
    """A student named in the request: of the actor's school, and one whose guardians the actor may change."""
    same_school(actor, student, message={"student": _("This student belongs to another school.")})
    if not can(actor, "manage_student_guardians", student):
        raise ValidationError({"student": _("You can change the guardians only of the students of your own "
                                            "classes.")})


def _check_guardian(actor: Actor, guardian: Guardian, rule: str = "view_guardian") -> None:
    """A guardian named by the path: one the actor may see (or edit); any other does not exist for them."""
    same_school(actor, guardian)
    if not can(actor, rule, guardian):
        raise Http404


def _clean_name(name: str | None, errors: dict) -> str:
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Enter the guardian's full name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name can have at most %(n)d characters.") % {"n": NAME_MAX}
    return name


def _clean_work_unit(work_unit: str | None, errors: dict) -> str:
    work_unit = (work_unit or "").strip()
    if len(work_unit) > WORK_UNIT_MAX:
        errors["work_unit"] = _("The work unit can have at most %(n)d characters.") % {"n": WORK_UNIT_MAX}
    return work_unit


def _clean_phone(phone: str | None, errors: dict) -> str:
    try:
        return clean_mobile(phone or "")
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
        return ""


def _clean_relation(relation: str | None, errors: dict) -> str:
    if relation not in Relation.values:
        errors["relation"] = choose_one_of(Relation)
    return relation or ""


def _phone_owner(school, phone: str, *, exclude: int | None = None) -> Guardian | None:
    qs = Guardian.objects.filter(school=school, phone_index=phone_index(phone)).order_by("pk")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def _other_guardian(actor: Actor, owner: Guardian) -> str:
    """Who holds a number: named for the administrator and director (as the roster import does), else not."""
    if actor.has_role(Role.ADMIN, Role.DIRECTOR):
        return f"“{owner.name}”"
    return _("another guardian")


def _lock_student(student: Student) -> Student:
    """One writer of a student's guardians at a time (the primary contact is read, then written)."""
    return lock(Student, student.pk)


# --- writes ---------------------------------------------------------------------------------------------------------


def _write_link(guardian: Guardian, student: Student, *, relation: str, lives_with: bool,
                is_primary: bool) -> StudentGuardian:
    """Link under the student's lock: the first guardian, or one made primary, is the primary contact (and the
    former primary no longer is)."""
    current = list(StudentGuardian.objects.filter(student=student, is_primary=True))
    primary = is_primary or not current
    try:
        with transaction.atomic():
            if primary:
                for old in current:
                    old.is_primary = False
                    old.save(update_fields=["is_primary"])
            return StudentGuardian.objects.create(student=student, guardian=guardian, relation=relation,
                                                  lives_with=lives_with, is_primary=primary)
    except IntegrityError:  # another request changed the student's guardians at the same moment
        raise ValidationError(_("The guardians of %(student)s were changed by someone else at the same moment; "
                                "reload the page and try again.") % {"student": student.name}) from None


@audited
@transaction.atomic
def guardian_add(
    *, actor: Actor, student: Student, name: str, relation: str, phone: str = "", work_unit: str = "",
    lives_with: bool = True, is_primary: bool = False, link_existing: bool = False,
) -> StudentGuardian:
    """A new guardian of the student, with the roster import's checks. A mobile number already on record for a
    guardian of the same name is that guardian: refused with ExistingGuardian, or linked with link_existing (their
    record, work unit included, stays as it is). A number on record under another name is refused."""
    actor.require("guardians.edit")
    _check_student(actor, student)
    errors: dict[str, str] = {}
    name = _clean_name(name, errors)
    relation = _clean_relation(relation, errors)
    phone = _clean_phone(phone, errors)
    work_unit = _clean_work_unit(work_unit, errors)
    if errors:
        raise ValidationError(errors)
    student = _lock_student(student)
    if phone:
        owner = _phone_owner(actor.school, phone)
        if owner is not None:
            if owner.name != name:
                raise ValidationError({"phone": _(
                    "The number %(phone)s is already on record in this school for %(who)s, not “%(name)s”: one "
                    "number belongs to one guardian. Check the name or the number.")
                    % {"phone": phone, "who": _other_guardian(actor, owner), "name": name}})
            if StudentGuardian.objects.filter(student=student, guardian=owner).exists():
                raise ValidationError({"phone": _("%(name)s is already a guardian of %(student)s.")
                                       % {"name": owner.name, "student": student.name}})
            if not link_existing:
                raise ExistingGuardian(owner, student)
            return _write_link(owner, student, relation=relation, lives_with=lives_with, is_primary=is_primary)
    elif StudentGuardian.objects.filter(student=student, guardian__name=name).exists():
        # without a number the import knows a guardian by name among the student's own guardians
        raise ValidationError({"name": _("%(name)s is already a guardian of %(student)s.")
                               % {"name": name, "student": student.name}})
    guardian = Guardian.objects.create(school=actor.school, name=name, phone=phone or None, work_unit=work_unit)
    return _write_link(guardian, student, relation=relation, lives_with=lives_with, is_primary=is_primary)


@audited
@transaction.atomic
def guardian_update(
    *, actor: Actor, guardian: Guardian, name: str | None = None, phone: str | None = None,
    work_unit: str | None = None,
) -> Guardian:
    """Change a guardian's name, mobile number or work unit (None: unchanged). A number left empty or as shown
    masked keeps the number; a new one must not be another guardian's of the school."""
    actor.require("guardians.edit")
    _check_guardian(actor, guardian, "edit_guardian")
    guardian = lock(Guardian, guardian.pk)
    errors: dict[str, str] = {}
    changes: dict[str, str | None] = {}
    if name is not None:
        changes["name"] = _clean_name(name, errors)
    if work_unit is not None:
        changes["work_unit"] = _clean_work_unit(work_unit, errors)
    typed = (phone or "").replace(" ", "")
    if typed and typed != mask_phone(guardian.phone):
        if is_masked(typed):
            errors["phone"] = _("The masked number does not match this guardian's: type the whole new number, or "
                                "leave the field as it is to keep the number.")
        else:
            new = _clean_phone(typed, errors)
            if new:
                owner = _phone_owner(actor.school, new, exclude=guardian.pk)
                if owner is not None:
                    errors["phone"] = _("The number %(phone)s is already on record in this school for %(who)s: one "
                                        "number belongs to one guardian.") % {"phone": new,
                                                                              "who": _other_guardian(actor, owner)}
                changes["phone"] = new
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in changes.items() if (getattr(guardian, k) or "") != v]
    if changed:
        for key in changed:
            setattr(guardian, key, changes[key])
        guardian.save()
    return guardian


@audited
@transaction.atomic
def guardian_link(
    *, actor: Actor, guardian: Guardian, student: Student, relation: str, lives_with: bool = True,
    is_primary: bool = False,
) -> StudentGuardian:
    """Link a guardian to a further child (a brother or sister), with the relation to that child."""
    actor.require("guardians.edit")
    _check_guardian(actor, guardian)
    _check_student(actor, student)
    errors: dict[str, str] = {}
    relation = _clean_relation(relation, errors)
    if errors:
        raise ValidationError(errors)
    student = _lock_student(student)
    if StudentGuardian.objects.filter(student=student, guardian=guardian).exists():
        raise ValidationError({"student": _("%(name)s is already a guardian of %(student)s.")
                               % {"name": guardian.name, "student": student.name}})
    return _write_link(guardian, student, relation=relation, lives_with=lives_with, is_primary=is_primary)


def _link_of(guardian: Guardian, student: Student) -> StudentGuardian:
    link = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
    if link is None:
        raise ValidationError({"student": _("%(name)s is not a guardian of %(student)s.")
                               % {"name": guardian.name, "student": student.name}})
    return link


def unlink_warnings(guardian: Guardian, student: Student) -> list[str]:
    """What unlinking would leave behind, each said before it is done; with any, the unlink needs a confirmation.

    - the student left with no guardian while under 18 (or of unknown age);
    - the consents this guardian gave for the student, which count only while they are linked (people/consent.py);
    - a guardian with a login no longer sees the child (their children are their links);
    - a guardian left with no child: the record stays, and no student's erasure reaches it (people/privacy.py
      `subject` erases a guardian with the last child it is linked to)."""
    out: list[str] = []
    others = StudentGuardian.objects.filter(student=student).exclude(guardian=guardian)
    if not others.exists():
        if student.birth_date is None:
            out.append(_("%(student)s would have no guardian on record, and the birth date is not recorded: a "
                         "student under 18 must always have a guardian on record.") % {"student": student.name})
        else:
            age = age_on(student.birth_date, timezone.localdate())
            if age < ADULT_AGE:
                out.append(_("%(student)s is %(age)d and would have no guardian on record: a student under 18 must "
                             "always have a guardian on record. Add the new guardian first if there is one.")
                           % {"student": student.name, "age": age})
    if Consent.objects.filter(student=student, guardian=guardian, withdrawn_at__isnull=True).exists():
        out.append(_("The consents %(name)s gave for %(student)s no longer count once they are unlinked.")
                   % {"name": guardian.name, "student": student.name})
    if guardian.user_id is not None:
        out.append(_("%(name)s has a login: they will no longer see %(student)s in it.")
                   % {"name": guardian.name, "student": student.name})
    if not StudentGuardian.objects.filter(guardian=guardian).exclude(student=student).exists():
        out.append(_("%(name)s will have no child at this school. Their record is kept, not deleted (with the "
                     "consents they gave, for the record); linked to no student, it is not erased with a student's "
                     "data when the retention period ends.") % {"name": guardian.name})
    return out


@audited
@transaction.atomic
def guardian_unlink(*, actor: Actor, guardian: Guardian, student: Student, confirm: bool = False) -> Unlinked:
    """Remove the link between a guardian and a student; neither record is deleted. What it leaves behind
    (unlink_warnings) is refused until confirmed. When the primary contact goes, the student's longest-linked other
    guardian becomes the primary contact, so a student with guardians always has exactly one."""
    actor.require("guardians.edit")
    _check_guardian(actor, guardian)
    _check_student(actor, student)
    student = _lock_student(student)
    link = _link_of(guardian, student)
    warnings = unlink_warnings(guardian, student)
    if warnings and not confirm:
        raise ValidationError(
            [*warnings, _("Confirm to unlink %(name)s from %(student)s anyway.")
             % {"name": guardian.name, "student": student.name}])
    was_primary = link.is_primary
    link.delete()
    result = Unlinked()
    if was_primary:
        result.new_primary = (StudentGuardian.objects.filter(student=student).select_related("guardian")
                              .order_by("pk").first())
        if result.new_primary is not None:
            result.new_primary.is_primary = True
            result.new_primary.save(update_fields=["is_primary"])
            result.notes.append(_("%(name)s is now the primary contact of %(student)s.")
                                % {"name": result.new_primary.guardian.name, "student": student.name})
    result.guardian_has_children = StudentGuardian.objects.filter(guardian=guardian).exists()
    return result


@audited
@transaction.atomic
def guardian_set_primary(*, actor: Actor, guardian: Guardian, student: Student) -> StudentGuardian:
    """Make the guardian the student's primary contact, and the former one no longer, in one transaction."""
    actor.require("guardians.edit")
    _check_guardian(actor, guardian)
    _check_student(actor, student)
    student = _lock_student(student)
    link = _link_of(guardian, student)
    if link.is_primary:
        return link
    try:
        with transaction.atomic():
            for old in StudentGuardian.objects.filter(student=student, is_primary=True):
                old.is_primary = False
                old.save(update_fields=["is_primary"])
            link.is_primary = True
            link.save(update_fields=["is_primary"])
    except IntegrityError:
        raise ValidationError(_("The guardians of %(student)s were changed by someone else at the same moment; "
                                "reload the page and try again.") % {"student": student.name}) from None
    return link


@audited
@transaction.atomic
def guardianship_update(*, actor: Actor, guardian: Guardian, student: Student, relation: str,
                        lives_with: bool) -> StudentGuardian:
    """The relation of a guardian to one child, and whether the child lives with them."""
    actor.require("guardians.edit")
    _check_guardian(actor, guardian)
    _check_student(actor, student)
    errors: dict[str, str] = {}
    relation = _clean_relation(relation, errors)
    if errors:
        raise ValidationError(errors)
    student = _lock_student(student)
    link = _link_of(guardian, student)
    if (link.relation, link.lives_with) != (relation, lives_with):
        link.relation, link.lives_with = relation, lives_with
        link.save(update_fields=["relation", "lives_with"])
    return link
