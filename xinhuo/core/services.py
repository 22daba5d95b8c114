"""Writes for the core app. Each checks permission and validates before it writes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tokens
from .access import STAFF_ROLES, Actor
from .audit import audited
from .models import (
    AccessLog,
    CommitteeMember,
    Department,
    Grade,
    Membership,
    Notification,
    Role,
    School,
    SchoolClass,
    SchoolYear,
    Term,
    User,
)
from .signals import notifications_created
from .validators import same_school, too_long


def client_ip(request) -> str | None:
    """The client's address; behind XINHUO_PROXY_COUNT trusted proxies, read from X-Forwarded-For."""
    if request is None:
        return None
    proxies = settings.XINHUO_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object = "",
    field: str = "",
    detail: dict | None = None,
    request=None,
) -> AccessLog:
    return AccessLog.objects.create(
        user=actor.user,
        school=actor.school,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        field=field,
        detail=detail or {},
        ip=client_ip(request),
    )


# --- structure -------------------------------------------------------------------------------


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end <= start:
        raise ValidationError({"end": _("The end date must be after the start date.")})


def _check_fields(model, **values) -> None:
    """Blank, length and choices of the model's fields, for callers with no form in front (imports,
    commands, other apps): on PostgreSQL a too-long value would otherwise be a DataError."""
    errors = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        try:
            field.clean(value, None)
        except ValidationError as exc:
            errors[name] = exc.messages
        # a TextField's max_length has no validator of its own (forms and the API check it; so must this)
        if name not in errors and field.max_length and len(value or "") > field.max_length:
            errors[name] = [too_long(field.max_length, value)]
    if errors:
        raise ValidationError(errors)


@audited
@transaction.atomic
def school_year_create(*, actor: Actor, name: str, start: dt.date, end: dt.date, is_current: bool) -> SchoolYear:
    actor.require("structure.manage")
    name = name.strip()
    _check_fields(SchoolYear, name=name)
    _check_dates(start, end)
    if SchoolYear.objects.filter(school=actor.school, name=name).exists():
        raise ValidationError({"name": _("A school year with this name already exists.")})
    # dates are inclusive, as for terms: a year may start the day after another ends
    if SchoolYear.objects.filter(school=actor.school, start__lte=end, end__gte=start).exists():
        raise ValidationError(_("This school year overlaps another school year."))
    if is_current:
        SchoolYear.objects.filter(school=actor.school, is_current=True).update(is_current=False)
    return SchoolYear.objects.create(school=actor.school, name=name, start=start, end=end, is_current=is_current)


@audited
@transaction.atomic
def term_create(*, actor: Actor, school_year: SchoolYear, name: str, start: dt.date, end: dt.date) -> Term:
    actor.require("structure.manage")
    same_school(actor, school_year, message=_("This school year belongs to another school."))
    name = name.strip()
    _check_fields(Term, name=name)
    _check_dates(start, end)
    if start < school_year.start or end > school_year.end:
        raise ValidationError(_("A term must lie within its school year (%(start)s – %(end)s).")
                              % {"start": school_year.start, "end": school_year.end})
    # Both dates belong to the term, so a term may start the day after another ends, not on it.
    if school_year.terms.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError(_("This term overlaps another term of the same year."))
    if school_year.terms.filter(name=name).exists():
        raise ValidationError({"name": _("A term with this name already exists in this year.")})
    return Term.objects.create(school_year=school_year, name=name, start=start, end=end)


@audited
@transaction.atomic
def grade_create(*, actor: Actor, name: str, level: int) -> Grade:
    actor.require("structure.manage")
    name = name.strip()
    _check_fields(Grade, name=name, level=level)
    if Grade.objects.filter(school=actor.school, name=name).exists():
        raise ValidationError({"name": _("A grade with this name already exists.")})
    if Grade.objects.filter(school=actor.school, level=level).exists():
        raise ValidationError({"level": _("A grade with this level already exists.")})
    return Grade.objects.create(school=actor.school, name=name, level=level)


@audited
@transaction.atomic
def class_create(*, actor: Actor, grade: Grade, number: int, name: str = "") -> SchoolClass:
    actor.require("structure.manage")
    same_school(actor, grade, message=_("This grade belongs to another school."))
    name = name.strip() or f"{number}班"
    _check_fields(SchoolClass, name=name, number=number)
    if SchoolClass.objects.filter(grade=grade, number=number).exists():
        raise ValidationError({"number": _("This grade already has a class with this number.")})
    return SchoolClass.objects.create(school=actor.school, grade=grade, number=number, name=name)


@audited
@transaction.atomic
def class_set_head_teacher(*, actor: Actor, school_class: SchoolClass, user: User | None) -> None:
    """One head teacher per class: the class moves from the previous holder's scope to the new one."""
    actor.require("structure.manage")
    same_school(actor, school_class, message=_("This class belongs to another school."))
    if user is not None:
        if not Membership.objects.filter(user=user, school=actor.school).exists():
            raise ValidationError(_("This account does not belong to this school."))
        if not Membership.objects.filter(user=user, school=actor.school, role__in=STAFF_ROLES).exists():
            raise ValidationError(_("Only a member of staff can be a head teacher."))
    for m in Membership.objects.filter(role=Role.HEAD_TEACHER, classes=school_class):
        m.classes.remove(school_class)
    if user is None:
        return
    membership, _created = Membership.objects.get_or_create(user=user, school=actor.school, role=Role.HEAD_TEACHER)
    membership.classes.add(school_class)


@audited
@transaction.atomic
def department_create(*, actor: Actor, name: str, kind: str, duties: str = "") -> Department:
    actor.require("structure.manage")
    name, duties = name.strip(), (duties or "").strip()
    _check_fields(Department, name=name, kind=kind, duties=duties)
    if Department.objects.filter(school=actor.school, name=name).exists():
        raise ValidationError({"name": _("A department with this name already exists.")})
    return Department.objects.create(school=actor.school, name=name, kind=kind, duties=duties)


def _check_committee_user(actor: Actor, user: User | None) -> None:
    if user is not None and not Membership.objects.filter(user=user, school=actor.school).exists():
        raise ValidationError({"user": _("This account does not belong to this school.")})


@audited
@transaction.atomic
def committee_member_save(*, actor: Actor, member: CommitteeMember) -> CommitteeMember:
    """Create or update a committee seat built by a form (the form validated its fields)."""
    actor.require("committee.manage")
    if member.pk:
        same_school(actor, member, message=_("This committee member belongs to another school."))
    member.school = actor.school
    _check_fields(CommitteeMember, duties=member.duties)  # a caller without the form keeps the same limit
    _check_committee_user(actor, member.user)
    if member.position == CommitteeMember.Position.LEADER:
        others = CommitteeMember.objects.filter(school=actor.school, position=member.position).exclude(pk=member.pk)
        if others.exists():
            raise ValidationError({"position": _("The leading group already has a group leader.")})
    if member.position in (CommitteeMember.Position.LEADER, CommitteeMember.Position.DEPUTY):
        member.in_leading_group = True
    member.save()
    return member


@audited
@transaction.atomic
def committee_member_remove(*, actor: Actor, member: CommitteeMember) -> None:
    actor.require("committee.manage")
    same_school(actor, member, message=_("This committee member belongs to another school."))
    member.delete()


# --- accounts --------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *,
    user: User,
    school: School,
    role: str,
    classes: Iterable[SchoolClass] = (),
    department: Department | None = None,
) -> Membership:
    """Give a user a role in a school. Elders get elder-friendly mode on by default."""
    membership, created = Membership.objects.get_or_create(
        user=user, school=school, role=role, defaults={"department": department}
    )
    classes = list(classes)
    same_school(school, *classes, message=_("A class of another school cannot be in this membership."))
    if classes:
        membership.classes.add(*classes)
    if created and role == Role.ELDER and not user.elder_mode:
        user.elder_mode = True
        user.save(update_fields=["elder_mode"])
    return membership


@audited
def user_set_elder_mode(*, actor: Actor, on: bool) -> None:
    actor.user.elder_mode = on
    actor.user.save(update_fields=["elder_mode"])


@audited
def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


# --- notifications ---------------------------------------------------------------------------


@audited
def notification_send(
    *,
    actor: Actor | None,
    school: School,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    link: str = "",
    check_permission: bool = True,
) -> list[Notification]:
    """Put a notice in each recipient's inbox, then deliver by the other channels after commit.

    Other apps call this with actor=None (system notices) and check_permission=False.
    """
    if check_permission:
        if actor is None:
            raise ValidationError(_("A sender is required."))
        actor.require("notifications.send")
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("A title is required.")})
    # System notices come from other apps with no form in front.
    _check_fields(Notification, title=title, link=link)
    users = {u.pk: u for u in recipients}
    if not users:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    allowed = set(Membership.objects.filter(school=school, user__in=users.keys()).values_list("user_id", flat=True))
    if set(users) - allowed:
        raise ValidationError({"recipients": _("Some recipients do not belong to this school.")})
    batch = uuid.uuid4()
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    school=school,
                    recipient=u,
                    sender=actor.user if actor else None,
                    batch=batch,
                    title=title,
                    body=body,
                    link=link,
                )
                for u in users.values()
            ]
        )
        notifications_created.send(sender=Notification, notifications=rows)
        ids = [n.pk for n in rows]
        if all(ids):

            def enqueue() -> None:
                from .tasks import deliver_notifications

                deliver_notifications.enqueue(ids)

            transaction.on_commit(enqueue)
    return rows


def recipients_for_roles(school: School, roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(memberships__school=school, memberships__role__in=list(roles), is_active=True).distinct()
    )


@audited
def notification_mark_read(*, actor: Actor, notification: Notification) -> None:
    if notification.recipient_id != actor.user.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@audited
def notifications_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.filter(recipient=actor.user, school=actor.school, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- accounts (administrator) ----------------------------------------------------------------


def temporary_password() -> str:
    """Readable, long enough for the validators; the user must change it at first login."""
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def _only_in_school(actor: Actor, user: User) -> None:
    """Account-wide changes only for accounts that belong to the administrator's school alone."""
    schools = set(Membership.objects.filter(user=user).values_list("school_id", flat=True))
    if not schools or schools != {actor.school.pk}:
        raise ValidationError(_("This account also belongs to another school; ask that school's administrator."))


def _check_phone_free(phone: str, user: User | None = None) -> None:
    from .crypto import phone_index

    if not phone:
        return
    taken = User.objects.filter(phone_index=phone_index(phone))
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError({"phone": _("Another account already uses this mobile number.")})


def _check_username_free(username: str) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})


@audited
@transaction.atomic
def account_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    role: str,
    phone: str = "",
    email: str = "",
    classes: Iterable[SchoolClass] = (),
    department: Department | None = None,
) -> tuple[User, str]:
    """A new login with one role in the actor's school; returns it with its temporary password."""
    actor.require("accounts.manage")
    _check_username_free(username)
    _check_phone_free(phone)
    same_school(actor, department, message={"department": _("This department belongs to another school.")})
    password = temporary_password()
    user = User(username=username, full_name=full_name, phone=phone, email=email, must_change_password=True)
    user.set_password(password)
    user.save()
    membership_grant(user=user, school=actor.school, role=role, classes=classes, department=department)
    return user, password


PERSON_ROLES = {"student": Role.STUDENT, "guardian": Role.PARENT, "staff": Role.HEAD_TEACHER}


@audited
@transaction.atomic
def account_create_for_person(*, actor: Actor, person, role: str | None = None) -> tuple[User, str]:
    """A login for a student, guardian or staff record, linked to it (a parent then sees their children).

    The username is the student or staff number, or the guardian's mobile number.
    """
    actor.require("accounts.manage")
    kind = person._meta.model_name
    if kind not in PERSON_ROLES or person.school_id != actor.school.pk:
        raise ValidationError(_("A login can only be made for a student, guardian or staff member of this school."))
    if person.user_id:
        raise ValidationError(_("This person already has a login."))
    if kind == "guardian":
        if not person.phone:
            raise ValidationError(_("Record the guardian's mobile number first: it is their username."))
        username, phone = person.phone, person.phone
    elif kind == "student":
        username, phone = f"{actor.school.code}-{person.student_no}", ""
    else:
        username, phone = f"{actor.school.code}-{person.staff_no}", person.phone or ""
    if kind == "staff" and role is None:
        raise ValidationError({"role": _("Choose the staff member's role.")})
    user, password = account_create(
        actor=actor, username=username, full_name=person.name, role=role or PERSON_ROLES[kind], phone=phone,
    )
    type(person).objects.filter(pk=person.pk).update(user=user)
    person.user = user
    return user, password


@audited
@transaction.atomic
def account_update(*, actor: Actor, user: User, full_name: str, phone: str, email: str) -> User:
    actor.require("accounts.manage")
    _only_in_school(actor, user)
    _check_phone_free(phone, user)
    user.full_name, user.phone, user.email = full_name, phone, email
    user.save()
    return user


@audited
@transaction.atomic
def account_set_active(*, actor: Actor, user: User, active: bool) -> None:
    actor.require("accounts.manage")
    if user.pk == actor.user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    _only_in_school(actor, user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:  # reactivation must not bring the old API tokens back
        tokens.revoke_all(user)


ACCOUNT_REVEAL_FIELDS = ("phone", "username")  # a parent's username is their mobile number


def account_reveal(*, actor: Actor, user: User, field: str, request=None) -> str:
    """An account's full mobile number (or username that is one) for the administrator, written to the access log;
    the caller got `user` through selectors.account. 404 for another field (nothing else is revealed here)."""
    from django.http import Http404

    actor.require("accounts.manage")
    if field not in ACCOUNT_REVEAL_FIELDS:
        raise Http404
    access_log_record(actor, "reveal", "account", user.pk, field=field, request=request)
    return getattr(user, field) or ""


@audited
@transaction.atomic
def account_reset_password(*, actor: Actor, user: User) -> str:
    actor.require("accounts.manage")
    _only_in_school(actor, user)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    tokens.revoke_all(user)
    return password


@audited
@transaction.atomic
def membership_add(
    *, actor: Actor, user: User, role: str, classes: Iterable[SchoolClass] = (), department: Department | None = None
) -> Membership:
    actor.require("accounts.manage")
    same_school(actor, department, message={"department": _("This department belongs to another school.")})
    if Membership.objects.filter(user=user, school=actor.school, role=role).exists() and not list(classes):
        raise ValidationError({"role": _("The account already has this role.")})
    return membership_grant(user=user, school=actor.school, role=role, classes=classes, department=department)


@audited
@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    actor.require("accounts.manage")
    same_school(actor, membership, message=_("This role belongs to another school."))
    if membership.user_id == actor.user.pk and membership.role == Role.ADMIN:
        others = Membership.objects.filter(school=actor.school, role=Role.ADMIN).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(_("You are the school's only administrator; give the role to someone else first."))
    membership.delete()


@audited
def password_changed(*, user: User) -> None:
    """The user chose a new password: tokens issued under the old one stop working."""
    tokens.revoke_all(user)
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
