"""Writes of staff records (issue 19): create and edit (the classes they head, the account they log in with), and
a staff member leaving, their open work in every app handed over in the same step.

Only the administrator and the director manage staff (staff.manage). Every refusal is a ValidationError with a
message and changes nothing: the leave, the handover in each app, the head-teacher classes and the account are
one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from xinhuo.core import registry
from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.crypto import phone_index
from xinhuo.core.db import lock
from xinhuo.core.forms import KEEP
from xinhuo.core.models import Department, Membership, Role, SchoolClass, User
from xinhuo.core.registry import OpenItem
from xinhuo.core.services import (
    account_create_for_person,
    account_set_active,
    class_set_head_teacher,
    notification_send,
)
from xinhuo.core.validators import choose_one_of, clean_mobile, clean_text, same_school, too_long

from ..models import Gender, Staff
from .audit import log_update

NAME_MAX, STAFF_NO_MAX, POSITION_MAX, SUBJECT_MAX, REASON_MAX = 50, 30, 50, 30, 200
# a leave is recorded when it is known: up to a month ahead (a teacher leaving at the end of the month), and up to a
# year late (a departure written down after the summer)
LEAVE_AHEAD_DAYS, LEAVE_LATE_DAYS = 31, 366


def head_classes(staff: Staff) -> list[SchoolClass]:
    """The classes (still at school) the staff member's account heads here."""
    return _classes_headed(staff.school_id, staff.user_id)


def _classes_headed(school_id: int, user_id: int | None) -> list[SchoolClass]:
    if user_id is None:
        return []
    return list(SchoolClass.objects.filter(
        school_id=school_id, graduated_in=None, memberships__user_id=user_id,
        memberships__role=Role.HEAD_TEACHER, memberships__school_id=school_id,
    ).select_related("grade").order_by("grade__level", "number"))


def linkable_accounts(actor: Actor, staff: Staff | None = None):
    """Accounts with a staff role in the actor's school that no staff record holds yet (and this record's own)."""
    taken = Staff.objects.filter(user__isnull=False).values("user_id")
    if staff is not None and staff.pk:
        taken = taken.exclude(pk=staff.pk)
    return (User.objects.filter(memberships__school=actor.school, memberships__role__in=STAFF_ROLES, is_active=True)
            .exclude(pk__in=taken).distinct().order_by("full_name", "username"))


def _check_phone(actor: Actor, staff: Staff | None, phone, user: User | None, errors: dict) -> str | None:
    """The number to keep (None: unchanged). Like the accounts': a number another person uses is refused, here a
    staff record of the school or an account other than the one this record is linked to."""
    if phone is KEEP:
        return None
    try:
        number = clean_mobile(phone or "")
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
        return None
    if not number:
        return ""
    index = phone_index(number)
    others = Staff.objects.filter(school=actor.school, phone_index=index)
    if staff is not None and staff.pk:
        others = others.exclude(pk=staff.pk)
    if others.exists():
        errors["phone"] = _("Another staff member of the school already has this mobile number.")
    else:
        accounts = User.objects.filter(phone_index=index)
        if user is not None:
            accounts = accounts.exclude(pk=user.pk)
        if accounts.exists():
            errors["phone"] = _("Another account already uses this mobile number.")
    return number


def _check_user(actor: Actor, staff: Staff | None, user: User | None, errors: dict) -> None:
    if user is None:
        return
    if not Membership.objects.filter(user=user, school=actor.school, role__in=STAFF_ROLES).exists():
        errors["user"] = _("Choose an account with a staff role in this school.")
        return
    holders = Staff.objects.filter(user=user)
    if staff is not None and staff.pk:
        holders = holders.exclude(pk=staff.pk)
    holder = holders.first()
    if holder is not None:
        errors["user"] = _("This account is already linked to the staff record of %(name)s.") % {"name": holder.name}


@audited
@transaction.atomic
def staff_save(*, actor: Actor, staff: Staff | None = None, name: str, staff_no: str, gender: str, phone="",
               department: Department | None = None, position: str = "", subject: str = "",
               user=KEEP, classes: Iterable[SchoolClass] | None = None, account_role: str = "") -> Staff:
    """Create (staff=None) or edit a staff record. `phone` KEEP keeps the number; `user` KEEP keeps the linked
    account, None unlinks it, an account links it; `classes` (None: unchanged) are the classes the staff member
    heads, given to their account (one head teacher per class: a class moves from its previous holder);
    `account_role` makes a new login for the record with that role (the administrator only): its temporary
    password is then in the returned record's `new_password`, to be shown once."""
    actor.require("staff.manage")
    if staff is not None:
        same_school(actor, staff)
        staff = lock(Staff, staff.pk, school=actor.school)
    errors: dict[str, str] = {}
    name = clean_text(name, NAME_MAX, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Enter the staff member's name.")
    staff_no = clean_text(staff_no, STAFF_NO_MAX, "staff_no", errors)
    if not staff_no and "staff_no" not in errors:
        errors["staff_no"] = _("Enter the staff number.")
    elif staff_no and Staff.objects.filter(school=actor.school, staff_no=staff_no).exclude(
            pk=staff.pk if staff is not None else 0).exists():
        errors["staff_no"] = _("Another staff member of the school has the staff number %(no)s.") % {"no": staff_no}
    if gender not in Gender.values:
        errors["gender"] = choose_one_of(Gender)
    position = clean_text(position, POSITION_MAX, "position", errors)
    subject = clean_text(subject, SUBJECT_MAX, "subject", errors)
    if department is not None and department.school_id != actor.school.pk:
        errors["department"] = _("This department belongs to another school.")
    new_user = (staff.user if staff is not None else None) if user is KEEP else user
    _check_user(actor, staff, new_user if user is not KEEP else None, errors)
    number = _check_phone(actor, staff, phone, new_user, errors)
    chosen = None if classes is None else list(dict.fromkeys(classes))
    if chosen is not None:
        if any(c.school_id != actor.school.pk for c in chosen):
            errors["classes"] = _("A class of another school cannot be chosen.")
        elif any(c.graduated_in_id for c in chosen):
            errors["classes"] = _("A graduated class has no head teacher.")
        elif chosen and staff is not None and not staff.active:
            errors["classes"] = _("%(name)s has left the school: they cannot head a class.") % {"name": staff.name}
        elif chosen and new_user is None and not account_role:
            errors["classes"] = _("A head teacher needs an account: link one or make one first.")
    if account_role:
        if not actor.can("accounts.manage"):
            errors["account_role"] = _("Only the administrator makes accounts.")
        elif account_role not in STAFF_ROLES:
            errors["account_role"] = _("Choose a staff role.")
        elif new_user is not None:
            errors["account_role"] = _("This staff member already has an account.")
    if errors:
        raise ValidationError(errors)
    if staff is None:
        staff = Staff(school=actor.school)
    # the classes the linked account heads now (an account linked here may head some already): `classes` replaces them
    before = _classes_headed(actor.school.pk, new_user.pk if new_user is not None else None)
    staff.name, staff.staff_no, staff.gender = name, staff_no, gender
    staff.position, staff.subject, staff.department = position, subject, department
    staff.user = new_user
    if number is not None:
        staff.phone = number
    try:
        with transaction.atomic(), acting(actor.user):
            staff.save()
    except IntegrityError:
        raise ValidationError({"staff_no": _("Another staff member of the school has the staff number %(no)s.")
                               % {"no": staff_no}}) from None
    staff.new_password = None  # type: ignore[attr-defined]
    if account_role:
        _user, staff.new_password = account_create_for_person(  # type: ignore[attr-defined]
            actor=actor, person=staff, role=account_role)
    if chosen is not None:
        _set_head_classes(actor, staff, before, chosen)
    return staff


def _set_head_classes(actor: Actor, staff: Staff, before: list[SchoolClass], chosen: list[SchoolClass]) -> None:
    kept = {c.pk for c in chosen}
    for c in before:
        if c.pk not in kept:
            class_set_head_teacher(actor=actor, school_class=c, user=None)
    had = {c.pk for c in before}
    for c in chosen:
        if c.pk not in had:
            class_set_head_teacher(actor=actor, school_class=c, user=staff.user)


# --- a staff member leaving ----------------------------------------------------------------------------------------


@dataclass
class OpenWork:
    """What a staff member holds: each app's open items (in the order of the manifests) and the classes they head."""

    groups: list[tuple[str, list[OpenItem]]] = field(default_factory=list)
    classes: list[SchoolClass] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {item.key for _label, items in self.groups for item in items}

    @property
    def count(self) -> int:
        return len(self.keys) + len(self.classes)


def open_work(actor: Actor, staff: Staff) -> OpenWork:
    """Every app's open work of the staff member (registry.handovers()), one read per app, and their classes."""
    actor.require("staff.manage")
    same_school(actor, staff)
    work = OpenWork(classes=head_classes(staff))
    for label, handover in registry.handovers():
        found = list(import_string(handover.items)(actor.school.pk, staff.pk, staff.user_id))
        if found:
            work.groups.append((label, found))
    return work


def _app_of(key: str) -> str:
    return key.split(".", 1)[0]


@audited
@transaction.atomic
def staff_leave(*, actor: Actor, staff: Staff, left_on: dt.date, reason: str, to_staff: Staff | None = None,
                items: Iterable[str] = (), classes: Iterable[int] = (), deactivate_account: bool = False) -> dict:
    """The staff member leaves on `left_on`: the chosen open items (keys of open_work) and head-teacher classes
    (ids) go to `to_staff`, a staff member in post; every class they headed is freed; the record is kept, marked
    left (the reason in the change history); their account is deactivated when asked (administrator). All or
    nothing. Returns how many items and classes moved."""
    actor.require("staff.manage")
    same_school(actor, staff)
    staff = lock(Staff.objects.select_related("user"), staff.pk, school=actor.school)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not staff.active or staff.left_on is not None:
        raise ValidationError(_("%(name)s has already left the school.") % {"name": staff.name})
    if not isinstance(left_on, dt.date):
        errors["left_on"] = _("Enter a valid date.")
    elif left_on > today + dt.timedelta(days=LEAVE_AHEAD_DAYS):
        errors["left_on"] = _("Record a leave at most %(n)d days ahead.") % {"n": LEAVE_AHEAD_DAYS}
    elif left_on < today - dt.timedelta(days=LEAVE_LATE_DAYS):
        errors["left_on"] = _("The date is more than a year ago: check it.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the staff member leaves (it is kept in the change history).")
    elif len(reason) > REASON_MAX:
        errors["reason"] = too_long(REASON_MAX, reason)
    keys = list(dict.fromkeys(str(k) for k in items))
    class_ids = list(dict.fromkeys(classes))
    work = open_work(actor, staff)
    if set(keys) - work.keys:
        errors["items"] = _("An item to hand over is no longer open or is not theirs: reload the page.")
    held = {c.pk: c for c in work.classes}
    if set(class_ids) - held.keys():
        errors["classes"] = _("A class to hand over is not one they head: reload the page.")
    if (keys or class_ids) and to_staff is None:
        errors["to_staff"] = _("Choose who takes over the chosen work.")
    elif to_staff is not None:
        if to_staff.school_id != actor.school.pk:
            errors["to_staff"] = _("Choose a staff member of this school.")
        elif to_staff.pk == staff.pk:
            errors["to_staff"] = _("Choose another staff member than the one leaving.")
        elif not to_staff.active or to_staff.left_on is not None:
            errors["to_staff"] = _("%(name)s is no longer in post.") % {"name": to_staff.name}
        elif class_ids and to_staff.user_id is None:
            errors["to_staff"] = _("%(name)s has no account: a head teacher needs one.") % {"name": to_staff.name}
    if deactivate_account and staff.user_id is not None and not actor.can("accounts.manage"):
        errors["deactivate_account"] = _("Only the administrator deactivates accounts.")
    if errors:
        raise ValidationError(errors)
    moved = 0
    if keys:
        assert to_staff is not None
        for label, handover in registry.handovers():
            mine = [k for k in keys if _app_of(k) == label]
            if mine:
                moved += import_string(handover.reassign)(actor.school.pk, mine, to_staff.pk, to_staff.user_id,
                                                          actor.user.pk)
    for c in work.classes:  # every class is freed; the chosen ones go to the new head teacher
        new = to_staff.user if to_staff is not None and c.pk in class_ids else None
        class_set_head_teacher(actor=actor, school_class=c, user=new)
    Staff.objects.filter(pk=staff.pk).update(active=False, left_on=left_on)
    log_update(staff, {"active": ["True", "False"], "left_on": ["None", left_on.isoformat()]}, actor.user.pk,
               extra={"reason": reason, "handed_over": moved + len(class_ids),
                      "to_staff": to_staff.pk if to_staff is not None else None})
    staff.active, staff.left_on = False, left_on
    if deactivate_account and staff.user is not None and staff.user.is_active:
        account_set_active(actor=actor, user=staff.user, active=False)
    if to_staff is not None and to_staff.user_id is not None and (moved or class_ids):
        _tell(actor, staff, to_staff, work, keys, class_ids)
    return {"items": moved, "classes": len(class_ids)}


def _tell(actor: Actor, staff: Staff, to_staff: Staff, work: OpenWork, keys: list[str], class_ids: list[int]) -> None:
    """One notice to the new holder listing what is now theirs."""
    chosen = set(keys)
    lines = [f"{item.kind}: {item.title}" for _label, items in work.groups for item in items if item.key in chosen]
    lines += [_("Head teacher of %(class)s") % {"class": c} for c in work.classes if c.pk in class_ids]
    assert to_staff.user is not None
    notification_send(
        actor=None, school=actor.school, recipients=[to_staff.user],
        title=_("%(name)s's work is handed over to you") % {"name": staff.name},
        body="\n".join(lines)[:2000], check_permission=False)
