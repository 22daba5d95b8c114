"""Writes of the mentoring part: growth mentors (成长导师, MEN-1), mentoring pairs (结对帮扶, MEN-2/4) and their
contacts (MEN-3). A mentor's row is locked while a pair is made, so two pairs for the last place cannot both pass
the capacity check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.services import access_log_record
from xinhuo.core.validators import choose_one_of, clean_mobile, clean_text, of_school, same_school, too_long
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from .. import signals
from ..models import ContactWay, Mentor, MentoringContact, MentoringPair, MentorKind, Need
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

MENTOR_NAME_MAX = 50
PAIR_PLAN_MAX = 1000
PAIR_SUMMARY_MAX = 4000
CONTACT_TOPIC_MAX = 200
CONTACT_NEXT_MAX = 200
MENTEES_MAX = 20
CONTACT_EVERY_MAX = 90


def _require_manager(actor: Actor) -> None:
    if not actor.can("mentoring.manage"):
        raise Http404


def _person_ok(mentor: Mentor) -> bool:
    from .matching import is_available

    return is_available(mentor)


def _specialties(values, errors: dict) -> list[str]:
    from xinhuo.elders.models import Specialty

    codes = list(dict.fromkeys(values or []))
    bad = [c for c in codes if c not in Specialty.values]
    if bad:
        errors["specialties"] = _("Unknown specialty: %(codes)s.") % {"codes": "、".join(map(str, bad))}
    return [c for c in Specialty.values if c in codes]


def _max_mentees(value, errors: dict) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= MENTEES_MAX:
        errors["max_mentees"] = _("Enter a number from 1 to %(max)d.") % {"max": MENTEES_MAX}
    return n


def _duplicate_message(mentor: Mentor) -> str:
    return _("%(name)s is already a growth mentor: edit that record instead.") % {"name": mentor.name}


@transaction.atomic
def mentor_create(*, actor: Actor, kind: str, elder=None, staff=None, peer=None, name: str = "",
                  phone: str = "", specialties: Iterable[str] | None = None, max_mentees: int = 3,
                  active: bool = True) -> Mentor:
    """Register a growth mentor: an elder of the registry, a teacher (staff), a peer student or a social volunteer
    (name and mobile number, kept encrypted). One record per person; an elder's specialties are taken from the
    registry unless given."""
    _require_manager(actor)
    errors: dict[str, str] = {}
    mentor = Mentor(school=actor.school, kind=kind, active=bool(active))
    if kind == MentorKind.ELDER:
        if elder is None or not of_school(actor, elder):
            errors["elder"] = _("Choose an elder of the school's registry.")
        elif elders_selectors.elder_has_left(elder):
            errors["elder"] = _("%(name)s has left the team.") % {"name": elder.name}
        else:
            mentor.elder, mentor.name = elder, elder.name
            if specialties is None:
                specialties = list(elder.specialties)
    elif kind == MentorKind.TEACHER:
        if staff is None or not of_school(actor, staff):
            errors["staff"] = _("Choose a teacher of the school.")
        elif not staff.active:
            errors["staff"] = _("%(name)s is no longer in post.") % {"name": staff.name}
        else:
            mentor.staff, mentor.name = staff, staff.name
    elif kind == MentorKind.PEER:
        if peer is None or not of_school(actor, peer):
            errors["peer"] = _("Choose a student of the school.")
        elif not people_selectors.student_is_enrolled(peer):
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
    mentor.specialties = _specialties(specialties, errors)
    mentor.max_mentees = _max_mentees(max_mentees, errors)
    if not errors:
        person = {"elder": mentor.elder, "staff": mentor.staff, "peer": mentor.peer}
        for key, value in person.items():
            if value is not None and Mentor.objects.filter(school=actor.school, **{key: value}).exists():
                errors[key] = _duplicate_message(mentor)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting(actor.user):
            mentor.save()
    except IntegrityError:
        raise ValidationError({"kind": _duplicate_message(mentor)}) from None
    return mentor


@transaction.atomic
def mentor_update(*, actor: Actor, mentor: Mentor, specialties: Iterable[str] | None = None,
                  max_mentees: int | None = None, active: bool | None = None, name: str | None = None,
                  phone: str | None = None) -> Mentor:
    """Change a mentor's specialties, their limit of mentees (never below their current mentees), whether they take
    new mentees, and a volunteer's name and mobile number (phone=None keeps it). Who the mentor is does not
    change: register another mentor instead."""
    _require_manager(actor)
    same_school(actor, mentor)
    current = lock(Mentor, mentor.pk, school=actor.school)
    if not can(actor, "manage_mentor", current):
        raise Http404
    errors: dict[str, str] = {}
    changed: dict[str, object] = {}
    if specialties is not None:
        changed["specialties"] = _specialties(specialties, errors)
    if max_mentees is not None:
        n = _max_mentees(max_mentees, errors)
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
        with acting(actor.user):
            current.save(update_fields=list(changed))
    return current


def mentor_phone_reveal(*, actor: Actor, mentor: Mentor, request=None) -> str:
    """A volunteer's full mobile number for the mentoring managers, written to the access log; 404 otherwise."""
    if not can(actor, "reveal_mentor_phone", mentor):
        raise Http404
    access_log_record(actor, "reveal", "mentor", mentor.pk, field="phone", request=request,
                    detail={"name": mentor.name})
    return mentor.phone or ""


def _at_capacity_message(mentor: Mentor, n: int) -> str:
    return _("%(mentor)s already mentors %(n)d students, the limit.") % {"mentor": mentor.name, "n": n}


@transaction.atomic
def pair_create(*, actor: Actor, mentor: Mentor, student: Student, needs: Iterable[str], contact_plan: str = "",
                contact_every_days: int = 14, started_on: dt.date | None = None) -> MentoringPair:
    """Pair a student with a growth mentor. Refused, writing nothing: a mentor at capacity, inactive or no longer
    with the school; a student of another school or not enrolled; a pair of the two already open; a peer
    student mentoring themself; no need; a start in the future."""
    _require_manager(actor)
    same_school(actor, mentor)
    locked = lock(Mentor.objects.select_related("elder", "staff", "peer"), mentor.pk, school=actor.school)
    today = timezone.localdate()
    started_on = started_on or today
    errors: dict[str, str] = {}
    if not of_school(actor, student):
        errors["student"] = _("This student is not of your school.")
    elif not people_selectors.student_is_enrolled(student):
        errors["student"] = _("%(name)s is not enrolled.") % {"name": student.name}
    elif locked.peer_id is not None and locked.peer_id == student.pk:
        errors["mentor"] = _("A student cannot be their own mentor.")
    if "mentor" not in errors:
        if not locked.active or not _person_ok(locked):
            errors["mentor"] = _("%(name)s does not take new mentees now (inactive).") % {"name": locked.name}
        else:
            load = locked.pairs.filter(ended_on__isnull=True).count()
            if load >= locked.max_mentees:
                errors["mentor"] = _at_capacity_message(locked, load)
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
        with transaction.atomic(), acting(actor.user):
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
    _require_manager(actor)
    same_school(actor, pair)
    current = lock(MentoringPair.objects.select_related("mentor", "student"), pair.pk, school=actor.school)
    if not can(actor, "manage_pair", current):
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
    with acting(actor.user):
        current.save(update_fields=["ended_on", "summary"])
    signals.pair_changed.send(sender=MentoringPair, pair=current, actor=actor, action="ended")
    return current


@transaction.atomic
def pair_summary_write(*, actor: Actor, pair: MentoringPair, summary: str) -> MentoringPair:
    """The closing summary of a pair that ended without one (the year's rollover ends a graduate's pairs so): the
    pair's mentor or a mentoring manager (rules.log_contact). A pair still open, or summed up already, is refused."""
    same_school(actor, pair)
    if not actor.can("mentoring.view"):
        raise Http404
    current = lock(MentoringPair.objects.select_related("mentor__elder", "mentor__staff", "mentor__peer"), pair.pk,
                   school=actor.school)
    if not can(actor, "log_contact", current):
        raise Http404
    errors: dict[str, str] = {}
    if current.ended_on is None:
        errors["summary"] = _("This pair is still open: its summary is written when it ends.")
    elif current.summary:
        errors["summary"] = _("This pair has its summary already.")
    text = clean_text(summary, PAIR_SUMMARY_MAX, "summary", errors)
    if not text and "summary" not in errors:
        errors["summary"] = _("Sum up the pair: what was done and how the student is doing.")
    if errors:
        raise ValidationError(errors)
    current.summary = text
    with acting(actor.user):
        current.save(update_fields=["summary"])
    return current


@audited
@transaction.atomic
def contact_log(*, actor: Actor, pair: MentoringPair, way: str, topic: str, next_step: str = "",
                contacted_on: dt.date | None = None) -> MentoringContact:
    """Log a contact of an open pair: the mentor of the pair, or a mentoring manager (for a volunteer or a mentor
    without an account). The date defaults to today and cannot be in the future or before the pair started."""
    same_school(actor, pair)
    if not actor.can("mentoring.view"):
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
    same_school(actor, pair)
    if not can(actor, "reveal_mentee_guardian_phone", pair):
        raise Http404
    link = people_selectors.primary_guardian_links().filter(student_id=pair.student_id).first()
    if link is None or not link.guardian.phone:
        return ""
    access_log_record(actor, "reveal", "guardian", link.guardian_id, field="phone", request=request,
                    detail={"pair": pair.pk, "student": pair.student_id, "as": "mentor"})
    return link.guardian.phone
