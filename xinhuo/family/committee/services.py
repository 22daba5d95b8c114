"""Writes of the committee part: `<entity>_<action>(*, actor, ...)`, each in a transaction, checking permission
(a committee or group the actor may not manage does not exist for them: 404), validating with a clear Chinese
message and changing nothing when it refuses. The change history (auditlog, setup.py) names the actor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import Grade, SchoolClass, SchoolYear
from xinhuo.core.notifications import notify
from xinhuo.core.selectors import current_school_year
from xinhuo.core.validators import choose_one_of, clean_text, same_school

from . import selectors
from .models import (
    DUTIES_MAX,
    MINUTES_MAX,
    NOTES_MAX,
    PURPOSE_MAX,
    RESOLUTIONS_MAX,
    SINGLE_POSITIONS,
    TOPICS_MAX,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMeetingStatus,
    CommitteeSeat,
    MutualHelpGroup,
    MutualHelpMeeting,
    MutualHelpMember,
    ParentCommittee,
    SeatPosition,
)
from .rules import manages_committee, manages_group, may_create_committee

if TYPE_CHECKING:
    from xinhuo.people.models import Guardian, Staff

TITLE_MAX = 100
PLACE_MAX = 100
NAME_MAX = 60
TOPIC_MAX = 100
END_NOTE_MAX = 200


def _refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _require_committee(actor: Actor, committee: ParentCommittee) -> None:
    if not manages_committee(actor, committee):
        raise Http404


def _require_group(actor: Actor, group: MutualHelpGroup) -> None:
    if not manages_group(actor, group):
        raise Http404


# --- committees ----------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def committee_create(*, actor: Actor, level: str, grade: Grade | None = None, school_class: SchoolClass | None = None,
                     school_year: SchoolYear | None = None) -> ParentCommittee:
    """A committee of the school, a grade or a class for a school year (the current one by default)."""
    actor.require("family.committee.manage_class")
    errors: dict = {}
    if level not in CommitteeLevel.values:
        raise ValidationError({"level": choose_one_of(CommitteeLevel)})
    same_school(actor, grade, school_class, school_year)
    if not may_create_committee(actor, level, school_class.pk if school_class else None):
        raise Http404
    if school_year is None:
        school_year = current_school_year(actor.school)
        if school_year is None:
            errors["school_year"] = _("The school has no current school year: add one first.")
    if level == CommitteeLevel.GRADE and grade is None:
        errors["grade"] = _("Choose the grade.")
    if level == CommitteeLevel.CLASS:
        if school_class is None:
            errors["school_class"] = _("Choose the class.")
        elif school_class.graduated_in_id is not None:
            errors["school_class"] = _("This class has graduated.")
    _refuse(errors)
    committee = ParentCommittee(
        school=actor.school, school_year=school_year, level=level,
        grade=grade if level == CommitteeLevel.GRADE else None,
        school_class=school_class if level == CommitteeLevel.CLASS else None, created_by=actor.user)
    try:
        with transaction.atomic():
            committee.save()
    except IntegrityError:
        raise ValidationError({"level": _("This committee already exists for the school year.")}) from None
    return committee


def _check_term(term_from: dt.date | None, term_to: dt.date | None, errors: dict) -> None:
    if term_from is None:
        errors["term_from"] = _("Enter the start of the term.")
    elif term_to is not None and term_to < term_from:
        errors["term_to"] = _("The term cannot end before it starts.")


@audited
@transaction.atomic
def committee_seat_add(*, actor: Actor, committee: ParentCommittee, guardian: Guardian, position: str,
                       duties: str = "", term_from: dt.date | None = None,
                       term_to: dt.date | None = None) -> CommitteeSeat:
    """A guardian joins the committee with a position: of a child at school in its class (grade, school); one seat
    each, one chair and one secretary at a time."""
    _require_committee(actor, committee)
    same_school(actor, guardian, message={"guardian": _("Choose a parent of this school.")})
    errors: dict = {}
    if position not in SeatPosition.values:
        errors["position"] = choose_one_of(SeatPosition)
    duties = clean_text(duties, DUTIES_MAX, "duties", errors)
    term_from = term_from or timezone.localdate()
    _check_term(term_from, term_to, errors)
    if not selectors.eligible_guardians(committee).filter(pk=guardian.pk).exists():
        errors["guardian"] = (
            _("This parent has no child at school in this class.") if committee.level == CommitteeLevel.CLASS
            else _("This parent has no child at school in this grade.") if committee.level == CommitteeLevel.GRADE
            else _("This parent has no child at school."))
    sitting = committee.seats.select_for_update().filter(ended_on__isnull=True)
    if sitting.filter(guardian=guardian).exists():
        errors["guardian"] = _("This parent is already a member of this committee.")
    if position in SINGLE_POSITIONS and sitting.filter(position=position).exists():
        errors["position"] = _("This committee already has a %(position)s; end their term first.") % {
            "position": SeatPosition(position).label}
    _refuse(errors)
    try:
        with transaction.atomic():
            return CommitteeSeat.objects.create(committee=committee, guardian=guardian, position=position,
                                                duties=duties, term_from=term_from, term_to=term_to)
    except IntegrityError:  # a concurrent add of the same seat
        raise ValidationError({"guardian": _("This parent is already a member of this committee.")}) from None


@audited
@transaction.atomic
def committee_seat_end(*, actor: Actor, seat: CommitteeSeat, ended_on: dt.date | None = None,
                       note: str = "") -> CommitteeSeat:
    """A member leaves: the seat keeps its history with the day it ended (never deleted)."""
    _require_committee(actor, seat.committee)
    errors: dict = {}
    ended_on = ended_on or timezone.localdate()
    note = clean_text(note, END_NOTE_MAX, "note", errors)
    if seat.ended_on is not None:
        errors["ended_on"] = _("This member has already left the committee.")
    elif ended_on < seat.term_from:
        errors["ended_on"] = _("A member cannot leave before their term starts.")
    _refuse(errors)
    seat.ended_on, seat.end_note = ended_on, note
    seat.save(update_fields=["ended_on", "end_note"])
    return seat


# --- meetings ------------------------------------------------------------------------------------------------------


def _meeting_fields(committee: ParentCommittee, title: str, held_on: dt.date | None, place: str, topics: str,
                    minutes: str, resolutions: str, attendees: Iterable[int]) -> tuple[dict, list[CommitteeSeat]]:
    errors: dict = {}
    data = {
        "title": clean_text(title, TITLE_MAX, "title", errors),
        "place": clean_text(place, PLACE_MAX, "place", errors),
        "topics": clean_text(topics, TOPICS_MAX, "topics", errors),
        "minutes": clean_text(minutes, MINUTES_MAX, "minutes", errors),
        "resolutions": clean_text(resolutions, RESOLUTIONS_MAX, "resolutions", errors),
        "held_on": held_on,
    }
    if not data["title"]:
        errors["title"] = _("Enter the meeting's title.")
    if held_on is None:
        errors["held_on"] = _("Enter the meeting's date.")
    wanted = set(attendees)
    present = list(committee.seats.filter(pk__in=wanted))
    if len(present) != len(wanted):
        errors["attendees"] = _("Those present must be members of this committee.")
    elif held_on is not None and any(s.term_from > held_on or (s.ended_on and s.ended_on < held_on)
                                     for s in present):
        errors["attendees"] = _("Those present must be members of the committee on the meeting's day.")
    _refuse(errors)
    return data, present


@audited
@transaction.atomic
def committee_meeting_create(*, actor: Actor, committee: ParentCommittee, title: str, held_on: dt.date | None,
                             place: str = "", topics: str = "", minutes: str = "", resolutions: str = "",
                             attendees: Iterable[int] = ()) -> CommitteeMeeting:
    """A meeting of the committee, as a draft (its minutes are read by the members once approved)."""
    _require_committee(actor, committee)
    data, present = _meeting_fields(committee, title, held_on, place, topics, minutes, resolutions, attendees)
    meeting = CommitteeMeeting.objects.create(committee=committee, created_by=actor.user, **data)
    meeting.attendees.set(present)
    return meeting


@audited
@transaction.atomic
def committee_meeting_update(*, actor: Actor, meeting: CommitteeMeeting, title: str, held_on: dt.date | None,
                             place: str = "", topics: str = "", minutes: str = "", resolutions: str = "",
                             attendees: Iterable[int] = ()) -> CommitteeMeeting:
    _require_committee(actor, meeting.committee)
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != CommitteeMeetingStatus.DRAFT:
        raise ValidationError(_("Approved minutes can no longer be changed."))
    data, present = _meeting_fields(meeting.committee, title, held_on, place, topics, minutes, resolutions,
                                    attendees)
    for key, value in data.items():
        setattr(meeting, key, value)
    meeting.save()
    meeting.attendees.set(present)
    return meeting


@audited
@transaction.atomic
def committee_meeting_approve(*, actor: Actor, meeting: CommitteeMeeting) -> CommitteeMeeting:
    """The committee (or the class's head teacher) approves the minutes; the sitting members are told."""
    _require_committee(actor, meeting.committee)
    meeting = CommitteeMeeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.status != CommitteeMeetingStatus.DRAFT:
        raise ValidationError(_("These minutes are already approved."))
    if not meeting.minutes:
        raise ValidationError({"minutes": _("Write the minutes before approving them.")})
    meeting.status, meeting.approved_by, meeting.approved_at = (
        CommitteeMeetingStatus.APPROVED, actor.user, timezone.now())
    meeting.save(update_fields=["status", "approved_by", "approved_at"])
    users = [s.guardian.user for s in meeting.committee.seats.filter(ended_on__isnull=True).select_related(
        "guardian__user")]
    link = reverse("family:committee-meeting-detail", args=[meeting.pk])
    transaction.on_commit(lambda: notify(
        actor.school, users, _("Minutes approved: %(title)s") % {"title": meeting.title},
        _("The minutes of %(committee)s's meeting on %(date)s can be read.") % {
            "committee": meeting.committee.title, "date": meeting.held_on.isoformat()}, link, exclude=actor.user))
    return meeting


# --- mutual-help groups --------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def mutual_help_group_create(*, actor: Actor, name: str, purpose: str = "", coordinator_staff: Staff | None = None,
                             coordinator_guardian: Guardian | None = None) -> MutualHelpGroup:
    actor.require("family.mutual_help.manage")
    same_school(actor, coordinator_staff, coordinator_guardian,
                message={"coordinator_staff": _("Choose a coordinator of this school.")})
    errors: dict = {}
    name = clean_text(name, NAME_MAX, "name", errors)
    purpose = clean_text(purpose, PURPOSE_MAX, "purpose", errors)
    if not name:
        errors["name"] = _("Enter the group's name.")
    elif MutualHelpGroup.objects.filter(school=actor.school, name=name).exists():
        errors["name"] = _("The school already has a group of this name.")
    if (coordinator_staff is None) == (coordinator_guardian is None):
        errors["coordinator_staff"] = _("Choose one coordinator: a staff member or a parent.")
    elif coordinator_staff is not None and not coordinator_staff.active:
        errors["coordinator_staff"] = _("This staff member is no longer in post.")
    _refuse(errors)
    return MutualHelpGroup.objects.create(school=actor.school, name=name, purpose=purpose,
                                          coordinator_staff=coordinator_staff,
                                          coordinator_guardian=coordinator_guardian, created_by=actor.user)


@audited
@transaction.atomic
def mutual_help_member_add(*, actor: Actor, group: MutualHelpGroup, guardian: Guardian,
                           joined_on: dt.date | None = None) -> MutualHelpMember:
    """A family joins the group (by one guardian, with a child at school)."""
    _require_group(actor, group)
    same_school(actor, guardian, message={"guardian": _("Choose a parent of this school.")})
    if not selectors.member_candidates(actor).filter(pk=guardian.pk).exists():
        raise ValidationError({"guardian": _("This parent has no child at school.")})
    if group.members.select_for_update().filter(guardian=guardian, left_on__isnull=True).exists():
        raise ValidationError({"guardian": _("This family is already in the group.")})
    return MutualHelpMember.objects.create(group=group, guardian=guardian, joined_on=joined_on or timezone.localdate())


@audited
@transaction.atomic
def mutual_help_member_end(*, actor: Actor, member: MutualHelpMember, left_on: dt.date | None = None
                           ) -> MutualHelpMember:
    _require_group(actor, member.group)
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        raise ValidationError(_("This family has already left the group."))
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A family cannot leave before it joined.")})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


@audited
@transaction.atomic
def mutual_help_meeting_add(*, actor: Actor, group: MutualHelpGroup, held_on: dt.date | None, topic: str,
                            notes: str = "") -> MutualHelpMeeting:
    _require_group(actor, group)
    errors: dict = {}
    topic = clean_text(topic, TOPIC_MAX, "topic", errors)
    notes = clean_text(notes, NOTES_MAX, "notes", errors)
    if not topic:
        errors["topic"] = _("Enter the meeting's topic.")
    if held_on is None:
        errors["held_on"] = _("Enter the meeting's date.")
    _refuse(errors)
    assert held_on is not None
    return MutualHelpMeeting.objects.create(group=group, held_on=held_on, topic=topic, notes=notes,
                                            created_by=actor.user)
