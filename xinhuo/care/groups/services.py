"""Writes of the groups part: special-group tags (STU-2), the groups' settings (the director) and support measures
(帮扶, STU-3). `<entity>_<action>(*, actor, ...)`, each checking permission, validating with a clear Chinese message,
and changing nothing when it refuses. A tag needs the guardians' consent to special-group records (people.consent),
in force when identified and when renewed."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting
from xinhuo.core.db import lock
from xinhuo.core.models import Role, School
from xinhuo.core.validators import choose_one_of, clean_text, of_school, same_school, too_long
from xinhuo.people.consent import has_consent
from xinhuo.people.models import ConsentPurpose

from .. import signals
from ..models import SpecialGroup, StudentTag, SupportKind, SupportMeasure, TagSource, TagStatus, TagStatusChange
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

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
    if not of_school(actor, student) or not actor.can("special_groups.manage"):
        return False
    return actor.can("special_groups.manage_all") or (
        actor.has_role(Role.HEAD_TEACHER) and student.school_class_id in actor.class_ids)


def _require_consent(student: Student, field: str) -> None:
    if not has_consent(student, ConsentPurpose.SPECIAL_GROUP):
        raise ValidationError({field: _(
            "%(name)s has no consent in force for special-group records: the guardians' consent is needed "
            "first (consent register).") % {"name": student.name}})


def _locked_tag(actor: Actor, tag: StudentTag) -> StudentTag:
    """The tag as stored now, locked for the change; 404 unless the actor may manage it."""
    same_school(actor, tag)
    if not actor.can("special_groups.manage"):
        raise Http404
    current = lock(StudentTag.objects.select_related("student", "group"), tag.pk)
    if not can(actor, "manage_tag", current):
        raise Http404
    return current


def _duplicate_message(actor: Actor, open_tag: StudentTag) -> str:
    if open_tag.source == TagSource.SCREENING and not actor.can("special_groups.screening"):
        return _("The counsellors already follow %(name)s: ask them before recording another tag.") % {
            "name": open_tag.student.name}
    return _("%(name)s already has an open tag in %(group)s: renew or follow up that one.") % {
        "name": open_tag.student.name, "group": open_tag.group.name}


@transaction.atomic
def tag_identify(*, actor: Actor, student: Student, group: SpecialGroup, source: str,
                 identified_on: dt.date | None = None, review_on: dt.date | None = None, note: str = "") -> StudentTag:
    """Record that a student is in a special group; the first step of its history. Needs the guardians'
    consent to special-group records; the review date defaults to identified_on + the group's review months."""
    if not _may_manage_student(actor, student):
        raise Http404
    same_school(actor, group)
    today = timezone.localdate()
    identified_on = identified_on or today
    errors: dict[str, str] = {}
    _require_consent(student, "student")
    if not group.active:
        errors["group"] = _("The special group %(group)s is no longer in use.") % {"group": group.name}
    elif open_tag := StudentTag.objects.filter(student=student, group=group).exclude(
            status=TagStatus.CLOSED).first():
        errors["group"] = _duplicate_message(actor, open_tag)
    if source not in TagSource.values:
        errors["source"] = choose_one_of(TagSource)
    elif source == TagSource.SCREENING and not actor.can("special_groups.screening"):
        # what a screening finds is the counsellors' (PSY-5): a tag from it is theirs to record and follow
        errors["source"] = _("A tag from psychological screening is recorded by a counsellor.")
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
        with transaction.atomic(), acting(actor.user):
            tag.save()
    except IntegrityError:
        raise ValidationError({"group": _duplicate_message(actor, tag)}) from None
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
    with acting(actor.user):
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
    with acting(actor.user):
        tag.save(update_fields=["review_on"])
    change = TagStatusChange.objects.create(tag=tag, from_status=tag.status, to_status=tag.status,
                                            review_on=review_on, comment=comment, by=actor.user)
    signals.tag_changed.send(sender=StudentTag, tag=tag, actor=actor, change=change)
    return tag


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
        with transaction.atomic(), acting(actor.user):
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
    same_school(actor, group)
    current = lock(SpecialGroup, group.pk, school=actor.school)
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
    with acting(actor.user):
        current.save(update_fields=["name", "review_months", "visit_every_days", "active", "order"])
    return current


def _support_fields(*, kind: str, given_on, provider: str, what: str, amount, outcome: str,
                    internal_note: str) -> dict:
    """The measure's cleaned fields; a ValidationError with every refusal by field."""
    errors: dict[str, str] = {}
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
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "given_on": given_on, "provider": provider, "what": what, "amount": amount,
            "outcome": outcome, "internal_note": internal_note}


@transaction.atomic
def support_record(*, actor: Actor, student: Student, kind: str, given_on: dt.date, provider: str, what: str,
                   amount=None, outcome: str = "", internal_note: str = "") -> SupportMeasure:
    """Log a support measure given to a student in the actor's care (rules.care_for_student): a material,
    psychological, academic, emotional or legal-protection measure, with date, who, what and outcome."""
    actor.require("support.record")
    same_school(actor, student)
    if not can(actor, "care_for_student", student):
        raise Http404
    fields = _support_fields(kind=kind, given_on=given_on, provider=provider, what=what, amount=amount,
                             outcome=outcome, internal_note=internal_note)
    measure = SupportMeasure(school=actor.school, student=student, recorded_by=actor.user, **fields)
    with acting(actor.user):
        measure.save()
    return measure


@transaction.atomic
def support_update(*, actor: Actor, measure: SupportMeasure, kind: str, given_on: dt.date, provider: str,
                   what: str, amount=None, outcome: str = "", internal_note: str = "") -> SupportMeasure:
    """Correct a support measure: its recorder (while the student is theirs) or the committee (rules.edit_support).
    The student does not change: a measure for someone else is a new record."""
    actor.require("support.record")
    same_school(actor, measure)
    current = lock(SupportMeasure.objects.select_related("student"), measure.pk, school=actor.school)
    if not can(actor, "edit_support", current):
        raise Http404
    fields = _support_fields(kind=kind, given_on=given_on, provider=provider, what=what, amount=amount,
                             outcome=outcome, internal_note=internal_note)
    for key, value in fields.items():
        setattr(current, key, value)
    with acting(actor.user):
        current.save(update_fields=list(fields))
    return current
