"""Reads for the core app, scoped to the actor's school and role."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from .access import Actor
from .models import (
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


def name_search(qs: QuerySet, q: str, number_field: str | None = None) -> QuerySet:
    """Rows of a model with name, name_initials and name_pinyin (people, elders) matching name characters, pinyin
    initials or full pinyin (zjg, zhang jianguo for 张建国), or the start of `number_field`."""
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q(name__icontains=q)
    if q.isascii():
        low = q.lower().replace(" ", "")
        cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low)
        if number_field:
            cond |= Q(**{f"{number_field}__startswith": q})
    return qs.filter(cond)


def unread_count(actor: Actor) -> int:
    return Notification.objects.filter(recipient=actor.user, school=actor.school, read_at__isnull=True).count()


def years(actor: Actor) -> QuerySet[SchoolYear]:
    actor.require("structure.view")
    return SchoolYear.objects.filter(school=actor.school).prefetch_related("terms")


def school_year_start(day: dt.date) -> dt.date:
    """The first day of the school year `day` falls in, when the school has no year record for it."""
    # 1 September: the school year records (and the demo's) start then, and plans date their tasks September–August
    first = day.year if day.month >= 9 else day.year - 1
    return dt.date(first, 9, 1)


def current_school_year(school: School, on: dt.date | None = None) -> SchoolYear | None:
    """The school's year marked current, else its year whose dates contain `on` (today); None without either."""
    year = SchoolYear.objects.filter(school=school, is_current=True).order_by("-start").first()
    if year is None:
        on = on or timezone.localdate()
        year = SchoolYear.objects.filter(school=school, start__lte=on, end__gte=on).order_by("-start").first()
    return year


def school_year_bounds(school: School, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of the current school year (current_school_year), else of the one `on` (today) falls
    in by school_year_start."""
    year = current_school_year(school, on)
    if year is not None:
        return year.start, year.end
    start = school_year_start(on or timezone.localdate())
    return start, start.replace(year=start.year + 1) - dt.timedelta(days=1)


def terms(actor: Actor) -> QuerySet[Term]:
    actor.require("structure.view")
    return Term.objects.filter(school_year__school=actor.school).select_related("school_year")


def grades(actor: Actor) -> QuerySet[Grade]:
    actor.require("structure.view")
    return Grade.objects.filter(school=actor.school)


def head_teacher_memberships() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Role.HEAD_TEACHER).select_related("user"),
        to_attr="head_teacher_memberships",
    )


def classes(actor: Actor) -> QuerySet[SchoolClass]:
    """Classes the actor may see: all for school-wide roles, otherwise the classes they are linked to. A graduated
    class (issue 19) is offered nowhere: its students' history keeps its name."""
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if actor.can("structure.view"):
        return qs
    if actor.has_role(Role.PARENT):
        return qs.filter(students__in=actor.child_ids).distinct()
    if actor.has_role(Role.STUDENT):
        return qs.filter(students=actor.student_id)
    return qs.none()


def class_choices(actor: Actor, *, wide: bool | None = None) -> QuerySet[SchoolClass]:
    """The classes a list's class filter offers the actor (issue 20: a head teacher's filter lists only their
    classes). `wide`: whether the actor sees the whole school in that list (the list's own test, such as
    actor.can("care.school_wide")); by default actor.school_wide. Otherwise a head teacher's classes, a parent's
    children's, a student's own. Current classes only, in the order 初一, 初二, 初三 (grade level, then number)."""
    qs = (SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
          .order_by("grade__level", "number", "pk"))
    if actor.school_wide if wide is None else wide:
        return qs
    cond = Q(pk__in=actor.class_ids)
    if actor.child_ids:
        cond |= Q(students__in=actor.child_ids)
    if actor.student_id:
        cond |= Q(students=actor.student_id)
    return qs.filter(cond).distinct() if actor.child_ids or actor.student_id else qs.filter(cond)


def grade_choices(actor: Actor, *, wide: bool | None = None) -> QuerySet[Grade]:
    """The grades a list's grade filter offers: those of class_choices (a head teacher's own grades)."""
    qs = Grade.objects.filter(school=actor.school).order_by("level", "pk")
    if actor.school_wide if wide is None else wide:
        return qs
    return qs.filter(pk__in=class_choices(actor, wide=False).values("grade_id"))


def classes_with_counts(actor: Actor) -> QuerySet[SchoolClass]:
    return (
        classes(actor)
        .annotate(student_count=Count("students", filter=Q(students__status="enrolled")))
        .prefetch_related(head_teacher_memberships())
        .order_by("grade__level", "number")
    )


def structure_classes(actor: Actor) -> QuerySet[SchoolClass]:
    """Every class of the school, graduated ones included, for the structure's edit pages and API: a graduated class
    is found there and shown read-only (offered nowhere else)."""
    actor.require("structure.view")
    return (
        SchoolClass.objects.filter(school=actor.school).select_related("grade", "graduated_in")
        .annotate(student_count=Count("students", filter=Q(students__status="enrolled")))
        .prefetch_related(head_teacher_memberships())
    )


def departments(actor: Actor) -> QuerySet[Department]:
    actor.require("structure.view")
    return Department.objects.filter(school=actor.school).annotate(staff_count=Count("staff"))


def committee(actor: Actor) -> QuerySet[CommitteeMember]:
    actor.require("committee.view")
    return CommitteeMember.objects.filter(school=actor.school)


def staff_users(actor: Actor) -> QuerySet[User]:
    """Accounts holding a staff role here: the only ones who may be head teachers."""
    from .access import STAFF_ROLES

    actor.require("structure.manage")
    return (
        User.objects.filter(memberships__school=actor.school, memberships__role__in=STAFF_ROLES, is_active=True)
        .distinct()
        .order_by("username")
    )


def school_users(actor: Actor) -> QuerySet[User]:
    """Accounts of the actor's school (for assigning head teachers and committee seats)."""
    actor.require("structure.manage")
    return User.objects.filter(memberships__school=actor.school, is_active=True).distinct().order_by("username")


def inbox(actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor.user, school=actor.school).select_related("sender")


def notification(actor: Actor, pk: int) -> Notification:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(inbox(actor), pk=pk)


def sent_batches(actor: Actor):
    """Notices this actor sent, one row per batch, with read-receipt counts."""
    actor.require("notifications.send")
    return (
        Notification.objects.filter(sender=actor.user, school=actor.school, batch__isnull=False)
        .values("batch", "title")
        .annotate(total=Count("id"), read=Count("id", filter=Q(read_at__isnull=False)), sent_at=Max("created_at"))
        .order_by("-sent_at", "-batch")  # newest first: batch ids are random UUIDs
    )


def batch_receipts(actor: Actor, batch) -> QuerySet[Notification]:
    actor.require("notifications.send")
    return (
        Notification.objects.filter(sender=actor.user, school=actor.school, batch=batch)
        .select_related("recipient")
        .order_by("read_at", "recipient__username")
    )


def audit_log(actor: Actor) -> QuerySet[LogEntry]:
    """Audit entries by users of this school (auditlog rows carry no school of their own)."""
    actor.require("logs.view")
    members = Membership.objects.filter(school=actor.school).values("user_id")
    return LogEntry.objects.filter(actor_id__in=members).select_related("actor", "content_type")


def accounts(actor: Actor, *, q: str = "", role: str = "") -> QuerySet[User]:
    """Accounts with a role in the actor's school, each with its memberships here."""
    actor.require("accounts.manage")
    here = Membership.objects.filter(school=actor.school).prefetch_related("classes__grade").select_related(
        "department"
    )
    qs = User.objects.filter(memberships__school=actor.school)
    if role:
        qs = qs.filter(memberships__role=role)
    q = q.strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return (
        qs.distinct()
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="school_memberships"))
        .order_by("username")
    )


def account(actor: Actor, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(accounts(actor), pk=pk)


# --- dashboard panels (declared in manifest.py) ----------------------------------------------


def committee_panel(actor: Actor) -> dict | None:
    if not actor.can("committee.view"):
        return None
    return {"committee_size": committee(actor).count()}

