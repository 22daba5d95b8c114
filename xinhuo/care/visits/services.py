"""Writes of the visits part: home visits (家访, FAM-2), student forums (座谈会, STU-5) and their follow-up items,
tracked to closure."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting
from xinhuo.core.db import lock
from xinhuo.core.validators import choose_one_of, clean_text, same_school, too_long
from xinhuo.people import selectors as people_selectors

from .. import signals
from ..models import FollowUp, FollowUpStatus, Forum, HomeVisit, VisitorKind, VisitWay
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

VISITORS_MAX = 200
VISIT_NOTES_MAX = 4000
FINDINGS_MAX = 2000
FOLLOW_UP_TEXT_MAX = 300
OUTCOME_MAX = 2000
FOLLOW_UPS_AT_ONCE = 3
FORUM_TITLE_MAX = 100
FORUM_PLACE_MAX = 100
FORUM_OTHERS_MAX = 300
MINUTES_MAX = 10000


def _clean_follow_up(actor: Actor, *, text, owner, due_on, not_before: dt.date, key: str,
                     errors: dict) -> tuple:
    """One follow-up item's fields, checked: text at most 300 characters, the owner one of the school's staff
    (follow_up_owners), the due date not before the visit or forum it comes from."""
    from .selectors import follow_up_owners

    text = (text or "").strip()
    if len(text) > FOLLOW_UP_TEXT_MAX:
        errors[key] = too_long(FOLLOW_UP_TEXT_MAX, text)
    if owner is not None and not follow_up_owners(actor).filter(pk=getattr(owner, "pk", None)).exists():
        errors[key] = _("The owner must be a staff member of this school.")
    if due_on is not None and (not isinstance(due_on, dt.date) or due_on < not_before):
        errors[key] = _("The due date cannot be before %(date)s.") % {"date": not_before.isoformat()}
    return text, owner, due_on


def _may_record_visit(actor: Actor, student: Student | None) -> bool:
    return (student is not None and actor.can("home_visits.record")
            and can(actor, "care_for_student", student) and people_selectors.student_is_enrolled(student))


@transaction.atomic
def home_visit_record(*, actor: Actor, student: Student | None, visited_on: dt.date | None, way: str,
                      visitor_kinds, visitors: str, notes: str = "", findings: str = "",
                      follow_ups=()) -> HomeVisit:
    """Record a home visit (in person, by phone or by video) of an enrolled student the actor cares for
    (rules.care_for_student; another school's student is 404), with up to three follow-up items
    ({"text", "owner", "due_on"}; an item with empty text is skipped). The date cannot be in the future;
    at least one kind of visitor is needed. Nothing is written when anything is refused."""
    if not _may_record_visit(actor, student):
        raise Http404
    assert student is not None  # narrowed by _may_record_visit
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not isinstance(visited_on, dt.date):
        errors["visited_on"] = _("Enter the date of the visit.")
    elif visited_on > today:
        errors["visited_on"] = _("The date cannot be in the future.")
    if way not in VisitWay.values:
        errors["way"] = choose_one_of(VisitWay)
    kinds = list(dict.fromkeys(visitor_kinds or []))
    if not kinds:
        errors["visitor_kinds"] = _("Say who visited: choose at least one kind of visitor.")
    elif any(k not in VisitorKind.values for k in kinds):
        errors["visitor_kinds"] = choose_one_of(VisitorKind)
    visitors = (visitors or "").strip()
    if not visitors:
        errors["visitors"] = _("Enter the visitors' names.")
    elif len(visitors) > VISITORS_MAX:
        errors["visitors"] = too_long(VISITORS_MAX, visitors)
    notes = clean_text(notes, VISIT_NOTES_MAX, "notes", errors)
    findings = clean_text(findings, FINDINGS_MAX, "findings", errors)
    items = []
    for i, item in enumerate(list(follow_ups or [])):
        text, owner, due_on = _clean_follow_up(
            actor, text=item.get("text"), owner=item.get("owner"), due_on=item.get("due_on"),
            not_before=visited_on if isinstance(visited_on, dt.date) else today, key=f"follow_up_{i + 1}",
            errors=errors)
        if text:
            items.append((text, owner, due_on))
    if len(items) > FOLLOW_UPS_AT_ONCE:
        errors["follow_ups"] = _("At most %(n)d follow-up items at once; add more from the visit's page.") % {
            "n": FOLLOW_UPS_AT_ONCE}
    if errors:
        raise ValidationError(errors)
    assert isinstance(visited_on, dt.date)
    visit = HomeVisit(school=actor.school, student=student, visited_on=visited_on, way=way, visitor_kinds=kinds,
                      visitors=visitors, notes=notes, findings=findings, recorded_by=actor.user)
    with acting(actor.user):
        visit.save()
        created = [FollowUp.objects.create(school=actor.school, home_visit=visit, student=student, text=text,
                                           owner=owner, due_on=due_on, created_by=actor.user)
                   for text, owner, due_on in items]
    signals.home_visit_recorded.send(sender=HomeVisit, visit=visit, actor=actor, follow_ups=created)
    for item in created:
        if item.owner_id:
            signals.follow_up_changed.send(sender=FollowUp, item=item, actor=actor, action="assigned")
    return visit


@transaction.atomic
def follow_up_add(*, actor: Actor, source: HomeVisit | Forum, text: str, owner=None,
                  due_on: dt.date | None = None) -> FollowUp:
    """A follow-up item on a home visit (whoever may record visits for its student) or a forum (the forum
    managers); the text is required."""
    if isinstance(source, HomeVisit):
        allowed = actor.can("home_visits.record") and can(actor, "view_home_visit", source)
        source_date, fields = source.visited_on, {"home_visit": source, "student_id": source.student_id}
    elif isinstance(source, Forum):
        allowed = actor.can("forums.manage") and can(actor, "manage_forum", source)
        source_date, fields = source.held_on, {"forum": source}
    else:
        allowed = False
    if not allowed:
        raise Http404
    errors: dict[str, str] = {}
    text, owner, due_on = _clean_follow_up(actor, text=text, owner=owner, due_on=due_on, not_before=source_date,
                                           key="text", errors=errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what is to be followed up.")
    if errors:
        raise ValidationError(errors)
    with acting(actor.user):
        item = FollowUp.objects.create(school=actor.school, text=text, owner=owner, due_on=due_on,
                                       created_by=actor.user, **fields)
    if item.owner_id:
        signals.follow_up_changed.send(sender=FollowUp, item=item, actor=actor, action="assigned")
    return item


@transaction.atomic
def follow_up_close(*, actor: Actor, item: FollowUp, outcome: str) -> FollowUp:
    """Close a follow-up item with its outcome (required): its owner, whoever may record visits for the
    student (a visit's item) or the forum managers (a forum's item); rules.close_follow_up, else 404."""
    same_school(actor, item)
    current = lock(FollowUp.objects.select_related("home_visit__student", "forum"), item.pk)
    if not can(actor, "close_follow_up", current):
        raise Http404
    errors: dict[str, str] = {}
    outcome = clean_text(outcome, OUTCOME_MAX, "outcome", errors)
    if current.status == FollowUpStatus.CLOSED:
        errors["outcome"] = _("This follow-up item is already closed.")
    elif not outcome and "outcome" not in errors:
        errors["outcome"] = _("Say what came of it: the outcome is needed to close the item.")
    if errors:
        raise ValidationError(errors)
    current.status, current.outcome = FollowUpStatus.CLOSED, outcome
    current.closed_at, current.closed_by = timezone.now(), actor.user
    with acting(actor.user):
        current.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    signals.follow_up_changed.send(sender=FollowUp, item=current, actor=actor, action="closed")
    return current


def _forum_fields(actor: Actor, *, held_on, title: str, place: str, participants, other_participants: str,
                  minutes: str) -> dict:
    errors: dict[str, str] = {}
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _("Enter the date of the forum.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter the forum's title.")
    elif len(title) > FORUM_TITLE_MAX:
        errors["title"] = too_long(FORUM_TITLE_MAX, title)
    place = clean_text(place, FORUM_PLACE_MAX, "place", errors)
    other_participants = clean_text(other_participants, FORUM_OTHERS_MAX, "other_participants", errors)
    minutes = clean_text(minutes, MINUTES_MAX, "minutes", errors)
    ids = {getattr(p, "pk", p) for p in participants or []}
    students = list(people_selectors.students_of_school(actor.school).filter(
        pk__in=[i for i in ids if isinstance(i, int)]))
    if len(students) != len(ids):
        errors["participants"] = _("Choose students of this school only.")
    if errors:
        raise ValidationError(errors)
    return {"held_on": held_on, "title": title, "place": place, "other_participants": other_participants,
            "minutes": minutes, "participants": students}


@transaction.atomic
def forum_create(*, actor: Actor, held_on: dt.date | None, title: str, place: str = "", participants=(),
                 other_participants: str = "", minutes: str = "") -> Forum:
    """Record a student representatives' forum (学生代表座谈会): the forum managers (director, leaders)."""
    if not actor.can("forums.manage"):
        raise Http404
    data = _forum_fields(actor, held_on=held_on, title=title, place=place, participants=participants,
                         other_participants=other_participants, minutes=minutes)
    students = data.pop("participants")
    forum = Forum(school=actor.school, recorded_by=actor.user, **data)
    with acting(actor.user):
        forum.save()
        forum.participants.set(students)
    return forum


@transaction.atomic
def forum_update(*, actor: Actor, forum: Forum, held_on: dt.date | None, title: str, place: str = "",
                 participants=(), other_participants: str = "", minutes: str = "") -> Forum:
    """Change a forum's record (rules.manage_forum, else 404)."""
    same_school(actor, forum)
    if not actor.can("forums.manage"):
        raise Http404
    current = lock(Forum, forum.pk)
    if not can(actor, "manage_forum", current):
        raise Http404
    data = _forum_fields(actor, held_on=held_on, title=title, place=place, participants=participants,
                         other_participants=other_participants, minutes=minutes)
    students = data.pop("participants")
    for key, value in data.items():
        setattr(current, key, value)
    with acting(actor.user):
        current.save(update_fields=list(data))
        current.participants.set(students)
    return current
