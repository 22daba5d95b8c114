"""Writes of the care app: `<entity>_<action>(*, actor, ...)`, each checking permission, validating with a
clear Chinese message, and changing nothing when it refuses. Special-group tags (STU-2) need the guardians'
consent to special-group records (people.consent), in force when identified and when renewed."""

from __future__ import annotations

import calendar
import datetime as dt

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.models import Role, School
from xinhuo.people.consent import has_consent
from xinhuo.people.models import ConsentPurpose, Student

from . import signals
from .models import SpecialGroup, StudentTag, TagSource, TagStatus, TagStatusChange
from .rules import MANAGE_ALL_TAGS, can

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


def _clean_text(value: str | None, limit: int, key: str, errors: dict) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        errors[key] = _("At most %(n)d characters (now %(len)d).") % {"n": limit, "len": len(text)}
    return text


def _locked_tag(actor: Actor, tag: StudentTag) -> StudentTag:
    """The tag as stored now, locked for the change; 404 unless the actor may manage it."""
    if tag.school_id != actor.school.pk or not actor.can("special_groups.manage"):
        raise Http404
    current = StudentTag.objects.select_for_update().select_related("student", "group").filter(pk=tag.pk).first()
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
        errors["source"] = _("Choose one of: %(allowed)s.") % {
            "allowed": "、".join(str(label) for label in TagSource.labels)}
    if identified_on > today:
        errors["identified_on"] = _("The date cannot be in the future.")
    if review_on is None:
        review_on = add_months(identified_on, group.review_months)
    elif review_on <= identified_on:
        errors["review_on"] = _("The review date must be after the identification date.")
    elif review_on > add_months(today, RENEW_MAX_MONTHS):
        errors["review_on"] = _("The review date can be at most two years ahead.")
    note = _clean_text(note, NOTE_MAX, "note", errors)
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
    comment = _clean_text(comment, COMMENT_MAX, "comment", errors)
    if tag.status == TagStatus.CLOSED:
        errors["status"] = _("This tag is closed; a closed tag cannot be changed.")
    elif status not in TagStatus.values:
        errors["status"] = _("Choose one of: %(allowed)s.") % {
            "allowed": "、".join(str(label) for label in TagStatus.labels)}
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
    comment = _clean_text(comment, COMMENT_MAX, "comment", errors)
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
