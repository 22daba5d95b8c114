"""Writes for the core app. Each checks permission and validates before it writes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
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


GRADE_LEVELS = (1, 12)  # years of schooling: 一年级 (1) to 高三 (12)
CLASS_NUMBERS = (1, 99)


def _check_range(field: str, value: int, bounds: tuple[int, int], message: str) -> None:
    if not bounds[0] <= value <= bounds[1]:
        raise ValidationError({field: message % {"low": bounds[0], "high": bounds[1]}})


def _references(obj, *, skip: tuple = ()) -> list[tuple[str, int]]:
    """What refers to `obj` in any app, as (the referring records' name, how many), without importing the apps:
    every foreign key to its model, many-to-many links counted by their rows. `skip`: models the caller deals with
    itself (a year's terms, a class's head-teacher link)."""
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete) or rel.many_to_many:
            continue  # a many-to-many's link table has a foreign key of its own, counted here
        model = rel.related_model
        if model in skip:
            continue
        n = model._default_manager.filter(**{rel.field.name: obj}).count()
        if n:
            named = model._meta.auto_created or model  # a link table: the model holding the many-to-many
            found.append((str(named._meta.verbose_name_plural), n))
    return found


def _refuse_if_referred(obj, message: str, *, skip: tuple = ()) -> None:
    refs = _references(obj, skip=skip)
    if refs:
        what = _(", ").join(_("%(records)s (%(n)d)") % {"records": name, "n": n} for name, n in refs)
        raise ValidationError(message % {"what": what})


def _delete(obj) -> None:
    """Delete a row the caller found unreferenced; a reference written meanwhile is a refusal, not a 500."""
    try:
        obj.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(_("Something now refers to this record: it cannot be deleted.")) from None


def _year_checks(actor: Actor, year: SchoolYear | None, name: str, start: dt.date, end: dt.date) -> str:
    name = name.strip()
    _check_fields(SchoolYear, name=name)
    _check_dates(start, end)
    others = SchoolYear.objects.filter(school=actor.school)
    if year is not None:
        others = others.exclude(pk=year.pk)
    if others.filter(name=name).exists():
        raise ValidationError({"name": _("A school year with this name already exists.")})
    # dates are inclusive, as for terms: a year may start the day after another ends
    if others.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError(_("This school year overlaps another school year."))
    return name


def _make_current(actor: Actor, year: SchoolYear) -> None:
    """The one current year: the others lose the mark, each saved (the change history shows it)."""
    for other in SchoolYear.objects.filter(school=actor.school, is_current=True).exclude(pk=year.pk):
        other.is_current = False
        other.save(update_fields=["is_current"])


@audited
@transaction.atomic
def school_year_create(*, actor: Actor, name: str, start: dt.date, end: dt.date, is_current: bool) -> SchoolYear:
    actor.require("structure.manage")
    name = _year_checks(actor, None, name, start, end)
    year = SchoolYear(school=actor.school, name=name, start=start, end=end, is_current=is_current)
    if is_current:
        _make_current(actor, year)
    year.save()
    return year


@audited
@transaction.atomic
def school_year_update(*, actor: Actor, year: SchoolYear, name: str, start: dt.date, end: dt.date,
                       is_current: bool) -> SchoolYear:
    """Name, dates and the current mark. The dates keep the year's terms inside; the school keeps one current
    year (marking this one unmarks the other; the current one is unmarked by marking another)."""
    actor.require("structure.manage")
    same_school(actor, year)
    name = _year_checks(actor, year, name, start, end)
    outside = year.terms.filter(Q(start__lt=start) | Q(end__gt=end)).first()
    if outside is not None:
        raise ValidationError(_("The term %(term)s (%(start)s – %(end)s) would lie outside the year: change its "
                                "dates first.") % {"term": outside.name, "start": outside.start, "end": outside.end})
    if year.is_current and not is_current:
        raise ValidationError({"is_current": _("The school always has one current year: mark another year as "
                                               "current instead.")})
    if is_current and not year.is_current:
        _make_current(actor, year)
    year.name, year.start, year.end, year.is_current = name, start, end, is_current
    year.save()
    return year


@audited
@transaction.atomic
def school_year_delete(*, actor: Actor, year: SchoolYear) -> None:
    """Only a year entered by mistake: not the current one, not one that has begun (the school's records of those
    days, its plans, visits and growth records, belong to it), and nothing referring to it or its terms."""
    actor.require("structure.manage")
    same_school(actor, year)
    if year.is_current:
        raise ValidationError(_("The current school year cannot be deleted: mark another year as current first."))
    if year.start <= timezone.localdate():
        raise ValidationError(_("This school year has begun: the school's records of its days belong to it, so it "
                                "cannot be deleted."))
    message = _("This school year cannot be deleted: %(what)s refer to it.")
    _refuse_if_referred(year, message, skip=(Term,))
    terms = list(year.terms.all())
    for term in terms:
        _refuse_if_referred(term, message)
    for term in terms:  # one by one: each deletion in the change history
        _delete(term)
    _delete(year)


def _term_checks(actor: Actor, term: Term | None, school_year: SchoolYear, name: str, start: dt.date,
                 end: dt.date) -> str:
    same_school(actor, school_year, message={"school_year": _("This school year belongs to another school.")})
    name = name.strip()
    _check_fields(Term, name=name)
    _check_dates(start, end)
    if start < school_year.start or end > school_year.end:
        raise ValidationError(_("A term must lie within its school year (%(start)s – %(end)s).")
                              % {"start": school_year.start, "end": school_year.end})
    others = school_year.terms.all()
    if term is not None:
        others = others.exclude(pk=term.pk)
    # Both dates belong to the term, so a term may start the day after another ends, not on it.
    if others.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError(_("This term overlaps another term of the same year."))
    if others.filter(name=name).exists():
        raise ValidationError({"name": _("A term with this name already exists in this year.")})
    return name


@audited
@transaction.atomic
def term_create(*, actor: Actor, school_year: SchoolYear, name: str, start: dt.date, end: dt.date) -> Term:
    actor.require("structure.manage")
    name = _term_checks(actor, None, school_year, name, start, end)
    return Term.objects.create(school_year=school_year, name=name, start=start, end=end)


@audited
@transaction.atomic
def term_update(*, actor: Actor, term: Term, school_year: SchoolYear, name: str, start: dt.date,
                end: dt.date) -> Term:
    actor.require("structure.manage")
    same_school(actor, term.school_year)
    name = _term_checks(actor, term, school_year, name, start, end)
    term.school_year, term.name, term.start, term.end = school_year, name, start, end
    term.save()
    return term


@audited
@transaction.atomic
def term_delete(*, actor: Actor, term: Term) -> None:
    actor.require("structure.manage")
    same_school(actor, term.school_year)
    _refuse_if_referred(term, _("This term cannot be deleted: %(what)s refer to it."))
    _delete(term)


def _grade_checks(actor: Actor, grade: Grade | None, name: str, level: int) -> str:
    name = name.strip()
    _check_fields(Grade, name=name, level=level)
    _check_range("level", level, GRADE_LEVELS, _("The level is the year of schooling, %(low)d to %(high)d."))
    others = Grade.objects.filter(school=actor.school)
    if grade is not None:
        others = others.exclude(pk=grade.pk)
    if others.filter(name=name).exists():
        raise ValidationError({"name": _("A grade with this name already exists.")})
    if others.filter(level=level).exists():
        raise ValidationError({"level": _("A grade with this level already exists.")})
    return name


@audited
@transaction.atomic
def grade_create(*, actor: Actor, name: str, level: int) -> Grade:
    actor.require("structure.manage")
    name = _grade_checks(actor, None, name, level)
    return Grade.objects.create(school=actor.school, name=name, level=level)


@audited
@transaction.atomic
def grade_update(*, actor: Actor, grade: Grade, name: str, level: int) -> Grade:
    actor.require("structure.manage")
    same_school(actor, grade)
    grade.name = _grade_checks(actor, grade, name, level)
    grade.level = level
    grade.save()
    return grade


@audited
@transaction.atomic
def grade_delete(*, actor: Actor, grade: Grade) -> None:
    actor.require("structure.manage")
    same_school(actor, grade)
    n = grade.classes.count()  # graduated classes included: their history is read through the grade
    if n:
        raise ValidationError(_("This grade still has %(n)d classes (graduated ones included): it cannot be "
                                "deleted.") % {"n": n})
    _refuse_if_referred(grade, _("This grade cannot be deleted: %(what)s refer to it."))
    _delete(grade)


def _class_checks(actor: Actor, school_class: SchoolClass | None, grade: Grade, number: int, name: str) -> str:
    same_school(actor, grade, message={"grade": _("This grade belongs to another school.")})
    _check_range("number", number, CLASS_NUMBERS, _("The class number is a number from %(low)d to %(high)d."))
    name = name.strip() or f"{number}班"
    _check_fields(SchoolClass, name=name, number=number)
    # a graduated class keeps its number; only the classes still at school must differ
    others = SchoolClass.objects.filter(grade=grade, number=number, graduated_in=None)
    if school_class is not None:
        others = others.exclude(pk=school_class.pk)
    if others.exists():
        raise ValidationError({"number": _("This grade already has a class with this number.")})
    return name


def graduated_note(school_class: SchoolClass) -> str:
    """Why a graduated class cannot be changed; empty for a class still at school."""
    year = school_class.graduated_in
    if year is None:
        return ""
    return _("This class graduated at the end of %(year)s: it is kept as it was and cannot be changed.") % {
        "year": year.name}


def _refuse_graduated(school_class: SchoolClass) -> None:
    note = graduated_note(school_class) if school_class.graduated_in_id else ""
    if note:
        raise ValidationError(note)


@audited
@transaction.atomic
def class_create(*, actor: Actor, grade: Grade, number: int, name: str = "") -> SchoolClass:
    actor.require("structure.manage")
    name = _class_checks(actor, None, grade, number, name)
    return SchoolClass.objects.create(school=actor.school, grade=grade, number=number, name=name)


@audited
@transaction.atomic
def class_update(*, actor: Actor, school_class: SchoolClass, grade: Grade, number: int,
                 name: str = "") -> SchoolClass:
    """Grade, number and name of a class still at school. Moved to another grade, it takes its students along
    (they belong to the class, not the grade)."""
    actor.require("structure.manage")
    same_school(actor, school_class)
    _refuse_graduated(school_class)
    if name.strip() == f"{school_class.number}班" and number != school_class.number:
        name = ""  # the name that only said the old number follows the new one
    school_class.name = _class_checks(actor, school_class, grade, number, name)
    school_class.grade, school_class.number = grade, number
    school_class.save()
    return school_class


@audited
@transaction.atomic
def class_delete(*, actor: Actor, school_class: SchoolClass) -> None:
    """Only a class nobody was ever in: its students (of any status) and their class history keep it."""
    actor.require("structure.manage")
    same_school(actor, school_class)
    through = Membership.classes.through
    n = school_class.students.count()
    if n:
        raise ValidationError(_("This class has %(n)d students (including those who left or graduated): move "
                                "them to another class first.") % {"n": n})
    _refuse_if_referred(school_class, _("This class cannot be deleted: %(what)s refer to it."), skip=(through,))
    for m in Membership.objects.filter(classes=school_class):  # its head teacher's link, in the change history
        m.classes.remove(school_class)
    _delete(school_class)


@audited
@transaction.atomic
def class_set_head_teacher(*, actor: Actor, school_class: SchoolClass, user: User | None) -> None:
    """One head teacher per class: the class moves from the previous holder's scope to the new one."""
    actor.require("structure.manage")
    same_school(actor, school_class, message=_("This class belongs to another school."))
    _refuse_graduated(school_class)
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


def _department_checks(actor: Actor, department: Department | None, name: str, kind: str,
                       duties: str) -> tuple[str, str]:
    name, duties = name.strip(), (duties or "").strip()
    _check_fields(Department, name=name, kind=kind, duties=duties)
    others = Department.objects.filter(school=actor.school, name=name)
    if department is not None:
        others = others.exclude(pk=department.pk)
    if others.exists():
        raise ValidationError({"name": _("A department with this name already exists.")})
    return name, duties


@audited
@transaction.atomic
def department_create(*, actor: Actor, name: str, kind: str, duties: str = "") -> Department:
    actor.require("structure.manage")
    name, duties = _department_checks(actor, None, name, kind, duties)
    return Department.objects.create(school=actor.school, name=name, kind=kind, duties=duties)


@audited
@transaction.atomic
def department_update(*, actor: Actor, department: Department, name: str, kind: str,
                      duties: str = "") -> Department:
    actor.require("structure.manage")
    same_school(actor, department)
    department.name, department.duties = _department_checks(actor, department, name, kind, duties)
    department.kind = kind
    department.save()
    return department


@audited
@transaction.atomic
def department_delete(*, actor: Actor, department: Department) -> None:
    """Only a department nobody belongs to: staff records, accounts' department roles, plan tasks keep it."""
    actor.require("structure.manage")
    same_school(actor, department)
    n = department.staff.count()
    if n:
        raise ValidationError(_("%(n)d staff members belong to this department: move them to another department "
                                "first.") % {"n": n})
    _refuse_if_referred(department, _("This department cannot be deleted: %(what)s refer to it."))
    _delete(department)


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
