"""Writes of the meetings part (GOV-1). A meeting moves planned → circulated → held → submitted → closed (or is
cancelled with a reason) through core.workflow; circulating tells every invitee, approving files the minutes (a Word
file) in the archive. Invitees reply, the chair or minute taker takes the attendance, writes the minutes and the action
items; an action item is closed by its owner or the committee with a closing note, or dropped with a reason.
Every refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.notifications import notify
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from . import recurrence, selectors, signals
from .models import (
    AGENDA_MAX,
    MINUTES_MAX,
    ActionItem,
    ActionStatus,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    MeetingStep,
    Reply,
)
from .rules import MANAGE, VIEW, can

S = MeetingStatus
COMMENT_MAX = 1000
TITLE_MAX = 100
INVITEES_MAX = 300

TRANSITIONS: dict[str, Transition] = {
    "circulate": Transition(frozenset({S.PLANNED}), S.CIRCULATED, rule="manage_meeting"),
    "hold": Transition(frozenset({S.CIRCULATED}), S.HELD, rule="record_meeting"),
    "submit": Transition(frozenset({S.HELD}), S.MINUTES_SUBMITTED, rule="record_meeting"),
    "return": Transition(frozenset({S.MINUTES_SUBMITTED}), S.HELD, rule="approve_minutes", comment_required=True,
                         why=gettext_lazy("Say what to change in the minutes.")),
    "approve": Transition(frozenset({S.MINUTES_SUBMITTED}), S.CLOSED, rule="approve_minutes"),
    "cancel": Transition(frozenset({S.PLANNED, S.CIRCULATED}), S.CANCELLED, rule="manage_meeting",
                         comment_required=True, why=gettext_lazy("Say why the meeting is cancelled.")),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=MeetingStep,
    subject="meeting", signal=signals.meeting_changed, can=can, rule="manage_meeting",
    refused=gettext_lazy("The meeting is %(status)s: this step is not possible now."),
    why=gettext_lazy("Add a comment."), comment_max=COMMENT_MAX)


def meeting_link(meeting: Meeting) -> str:
    return reverse("governance:meeting-detail", args=[meeting.pk])


# --- meetings ---------------------------------------------------------------------------------------------------


def _check_people(actor: Actor, kind: str, chair, recorder, invitee_ids, errors: dict) -> list[int]:
    school = actor.school
    people = [u for u in (chair, recorder) if u is not None]
    ok = selectors.invitable_ids(school, "", [u.pk for u in people])
    if chair is not None and chair.pk not in ok:
        errors["chair"] = _("Choose a chair among the school's staff and elders.")
    if recorder is not None and recorder.pk not in ok:
        errors["recorder"] = _("Choose a minute taker among the school's staff and elders.")
    ids = sorted({int(getattr(u, "pk", u)) for u in invitee_ids or ()})
    if len(ids) > INVITEES_MAX:
        errors["invitees"] = _("At most %(n)d invitees.") % {"n": INVITEES_MAX}
        return ids
    allowed = selectors.invitable_ids(school, kind, ids)
    if set(ids) - allowed:
        errors["invitees"] = (_("Parents can be invited to a parents' committee meeting only; choose among the "
                                "school's staff and elders.") if kind != MeetingKind.PARENTS
                              else _("Choose invitees among the school's staff, elders and parents."))
    return ids


def _link_record(actor: Actor, kind: str, forum, joint_meeting, errors: dict) -> None:
    if forum is not None:
        if kind != MeetingKind.STUDENTS:
            errors["forum"] = _("Only a student forum links to a forum record.")
        elif not selectors.forum_choices(actor) or not selectors.forum_choices(actor).filter(pk=forum.pk).exists():
            errors["forum"] = _("Choose a forum of this school.")
    if joint_meeting is not None:
        if kind != MeetingKind.JOINT:
            errors["joint_meeting"] = _("Only a joint meeting links to a joint meeting record.")
        elif not selectors.joint_meeting_choices(actor).filter(pk=joint_meeting.pk).exists():
            errors["joint_meeting"] = _("Choose a joint meeting of this school.")


@audited
@transaction.atomic
def meeting_save(*, actor: Actor, meeting: Meeting | None = None, kind: str, title: str, starts_at: dt.datetime,
                 ends_at: dt.datetime | None = None, place: str = "", chair=None, recorder=None, agenda: str = "",
                 invitees=(), forum=None, joint_meeting=None, series: MeetingSeries | None = None) -> Meeting:
    """Plan a meeting, or change one still planned or circulated (the committee). Invitees added after the agenda
    went out get their invitation; those taken off lose theirs (and their reply)."""
    actor.require(MANAGE)
    if meeting is not None:
        if not can(actor, "manage_meeting", meeting):
            raise Http404
        meeting = lock(Meeting, meeting.pk)
        if meeting.status not in (S.PLANNED, S.CIRCULATED):
            raise ValidationError(_("The meeting is %(status)s: it can no longer be changed.") % {
                "status": meeting.get_status_display()})
    errors: dict[str, Any] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = choose_one_of(MeetingKind)
    elif meeting is not None and kind != meeting.kind and meeting.series_id:
        errors["kind"] = _("A meeting of a series keeps the series' kind.")
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the meeting a title, such as 十月关工委例会.")
    place = clean_text(place, 100, "place", errors)
    agenda = clean_text(agenda, AGENDA_MAX, "agenda", errors)
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("Enter the day and time the meeting starts.")
    elif ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    ids = _check_people(actor, kind, chair, recorder, invitees, errors)
    _link_record(actor, kind, forum, joint_meeting, errors)
    if errors:
        raise ValidationError(errors)
    created = meeting is None
    meeting = meeting or Meeting(school=actor.school, created_by=actor.user, series=series)
    meeting.kind, meeting.title, meeting.starts_at, meeting.ends_at = kind, title, starts_at, ends_at
    meeting.place, meeting.chair, meeting.recorder, meeting.agenda = place, chair, recorder, agenda
    meeting.forum, meeting.joint_meeting = forum, joint_meeting
    try:
        with transaction.atomic(), acting(actor.user):
            meeting.save()
    except IntegrityError:
        msg = _("This series already has a meeting at that time.")
        raise ValidationError({"starts_at": msg} if series or meeting.series_id else msg) from None
    added = _set_invitees(meeting, ids)
    if created:
        record_step(WORKFLOW, actor=actor, obj=meeting, from_status="")
    elif meeting.status == S.CIRCULATED and added:
        _invite(meeting, added, exclude=actor.user)
    return meeting


def _set_invitees(meeting: Meeting, ids: list[int]) -> list[int]:
    have = set(meeting.invitations.values_list("user_id", flat=True))
    meeting.invitations.exclude(user_id__in=ids).delete()
    added = [i for i in ids if i not in have]
    Invitation.objects.bulk_create([Invitation(meeting=meeting, user_id=i) for i in added])
    return added


def _invite(meeting: Meeting, user_ids, exclude=None) -> None:
    from xinhuo.core.models import User

    start = timezone.localtime(meeting.starts_at)
    body = _("%(when)s at %(place)s. Please open the agenda and reply whether you will attend.") % {
        "when": f"{start:%Y-%m-%d %H:%M}", "place": meeting.place or "—"}
    notify(meeting.school, User.objects.filter(pk__in=list(user_ids)),
           _("Invitation: %(title)s") % {"title": meeting.title}, body, meeting_link(meeting), exclude=exclude)


def meeting_step(*, actor: Actor, meeting: Meeting, action: str, comment: str = "") -> Meeting:
    """One step of a meeting (TRANSITIONS): circulate (needs an agenda and invitees; tells them), hold (from its
    start; the series' next meeting is planned), submit (needs minutes), return, approve (files the minutes in the
    archive), cancel (a reason; the invitees are told)."""
    actor.require(VIEW)
    now = timezone.now()

    def check(current: Meeting, errors: dict[str, Any]) -> None:
        if action == "circulate":
            if not current.agenda.strip():
                errors["agenda"] = _("Write the agenda before circulating it.")
            if not current.invitations.exists():
                errors["invitees"] = _("Invite someone before circulating the agenda.")
            if current.starts_at < now:
                errors["starts_at"] = _("The meeting has started already: change its time first.")
        elif action == "hold" and current.starts_at > now:
            errors["__all__"] = _("The meeting has not started yet.")
        elif action == "hold" and not current.invitations.exclude(attendance=Attendance.UNKNOWN).exists():
            errors["__all__"] = _("Take the attendance first.")
        elif action == "submit" and not current.minutes.strip():
            errors["minutes"] = _("Write the minutes before submitting them.")

    def apply(current: Meeting) -> None:
        if action == "circulate":
            current.circulated_at = now
        elif action == "approve":
            current.approved_at = now

    with transaction.atomic():
        meeting = apply_transition(WORKFLOW, actor=actor, obj=meeting, action=action, comment=comment, check=check,
                                   apply=apply)
        if action == "approve":
            file_minutes(meeting, by_user=actor.user)
    if action == "hold" and meeting.series is not None:
        series_next(meeting.series, after=timezone.localtime(meeting.starts_at).date())
    return meeting


def file_minutes(meeting: Meeting, *, by_user=None):
    """The approved minutes into the archive (the Word file); filing again updates the same catalogue row."""
    from xinhuo.governance.archives.filing import file_record

    from .word import file_name, minutes_docx, minutes_title

    content = minutes_docx(meeting, selectors.invitations(meeting), meeting.actions.select_related("owner"))
    return file_record(school_id=meeting.school_id, category="minutes", title=minutes_title(meeting).strip("《》"),
                       dated=timezone.localtime(meeting.starts_at).date(), source=f"governance.meeting:{meeting.pk}",
                       link=meeting_link(meeting), keywords=str(meeting.get_kind_display()), content=content,
                       file_name=file_name(meeting), by_user=by_user)


# --- replies and attendance -------------------------------------------------------------------------------------


@audited
@transaction.atomic
def invitation_reply(*, actor: Actor, meeting: Meeting, reply: str, note: str = "") -> Invitation:
    """The invitee's answer (will attend / cannot / not sure, with a note), changeable until the meeting starts."""
    actor.require(VIEW)
    invitation = meeting.invitations.filter(user_id=actor.user.pk).first()
    if invitation is None or meeting.school_id != actor.school.pk:
        raise Http404
    invitation = lock(Invitation, invitation.pk)
    current = Meeting.objects.get(pk=meeting.pk)
    errors: dict[str, Any] = {}
    if reply not in (Reply.YES, Reply.NO, Reply.MAYBE):
        errors["reply"] = _("Choose: will attend, cannot attend or not sure.")
    note = clean_text(note, 200, "note", errors)
    if current.status != S.CIRCULATED:
        errors["__all__"] = _("The meeting is %(status)s: replies are closed.") % {
            "status": current.get_status_display()}
    elif current.starts_at <= timezone.now():
        errors["__all__"] = _("The meeting has started: replies are closed.")
    if errors:
        raise ValidationError(errors)
    invitation.reply, invitation.reply_note, invitation.replied_at = reply, note, timezone.now()
    invitation.save(update_fields=["reply", "reply_note", "replied_at"])
    return invitation


@audited
@transaction.atomic
def attendance_mark(*, actor: Actor, meeting: Meeting, invitation_id: int, attendance: str) -> Invitation:
    """One tap on the phone list: an invitee present, late, absent or excused (the chair, the minute taker or the
    committee, from the day of the meeting until the minutes are submitted)."""
    if not can(actor, "record_meeting", meeting):
        raise Http404
    current = lock(Meeting, meeting.pk)
    invitation = current.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise ValidationError({"invitation": _("Choose someone invited to this meeting.")})
    errors: dict[str, Any] = {}
    if attendance not in (Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.EXCUSED):
        errors["attendance"] = _("Choose: present, late, absent or excused.")
    if current.status not in (S.CIRCULATED, S.HELD):
        errors["__all__"] = _("The meeting is %(status)s: the attendance cannot be changed.") % {
            "status": current.get_status_display()}
    elif timezone.localtime(current.starts_at).date() > timezone.localdate():
        errors["__all__"] = _("The attendance is taken on the day of the meeting.")
    if errors:
        raise ValidationError(errors)
    invitation.attendance, invitation.marked_at = attendance, timezone.now()
    invitation.save(update_fields=["attendance", "marked_at"])
    return invitation


# --- minutes and action items -----------------------------------------------------------------------------------


def _recordable(actor: Actor, meeting: Meeting) -> Meeting:
    if not can(actor, "record_meeting", meeting):
        raise Http404
    current = lock(Meeting, meeting.pk)
    if current.status != S.HELD:
        raise ValidationError(_("The meeting is %(status)s: the minutes are written once it is held (and returned "
                                "ones again).") % {"status": current.get_status_display()})
    return current


@audited
@transaction.atomic
def minutes_save(*, actor: Actor, meeting: Meeting, minutes: str, resolutions: str = "",
                 absent_note: str = "") -> Meeting:
    """The minutes, resolutions and who else came (the chair, the minute taker or the committee, while held)."""
    current = _recordable(actor, meeting)
    errors: dict[str, Any] = {}
    minutes = clean_text(minutes, MINUTES_MAX, "minutes", errors)
    resolutions = clean_text(resolutions, 4000, "resolutions", errors)
    absent_note = clean_text(absent_note, 300, "absent_note", errors)
    if errors:
        raise ValidationError(errors)
    current.minutes, current.resolutions, current.absent_note = minutes, resolutions, absent_note
    current.save(update_fields=["minutes", "resolutions", "absent_note"])
    return current


@audited
@transaction.atomic
def action_add(*, actor: Actor, meeting: Meeting, title: str, owner, due_on: dt.date | None,
               plan_task=None) -> ActionItem:
    """An action item decided at the meeting: what, who, by when, and the plan task it serves if any (among those
    the actor sees)."""
    current = _recordable(actor, meeting)
    errors: dict[str, Any] = {}
    title = clean_text(title, 200, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Say what is to be done.")
    if owner is None or owner.pk not in selectors.invitable_ids(actor.school, current.kind, [owner.pk]):
        errors["owner"] = _("Choose who is responsible, among the school's staff and elders.")
    if not isinstance(due_on, dt.date):
        errors["due_on"] = _("Enter the date it is due.")
    elif due_on < timezone.localtime(current.starts_at).date():
        errors["due_on"] = _("The due date cannot come before the meeting.")
    if plan_task is not None:
        tasks = selectors.plan_task_choices(actor)
        if not tasks or not tasks.filter(pk=plan_task.pk).exists():
            errors["plan_task"] = _("Choose a plan task you can see.")
    if errors or not isinstance(due_on, dt.date):
        raise ValidationError(errors)
    item = ActionItem(school=actor.school, meeting=current, title=title, owner=owner, due_on=due_on,
                      plan_task=plan_task)
    with acting(actor.user):
        item.save()
    if owner.pk != actor.user.pk:
        notify(actor.school, [owner], _("Action item: %(title)s") % {"title": title},
               _("Decided at %(meeting)s; due %(due)s.") % {"meeting": current.title, "due": due_on.isoformat()},
               reverse("governance:meeting-actions"), exclude=actor.user)
    return item


@audited
@transaction.atomic
def action_remove(*, actor: Actor, item: ActionItem) -> None:
    """An action item written by mistake, while the minutes are still being written."""
    _recordable(actor, item.meeting)
    item.delete()


@audited
@transaction.atomic
def action_close(*, actor: Actor, item: ActionItem, note: str, drop: bool = False) -> ActionItem:
    """Done (its owner or the committee) with a closing note saying how; or dropped (the committee) with the reason.
    Not on the workflow engine: an item has two ends and no history table; the change history keeps who and when,
    the row keeps closed_by and closed_at."""
    if not can(actor, "drop_action" if drop else "close_action", item):
        raise Http404
    current = lock(ActionItem, item.pk)
    errors: dict[str, Any] = {}
    note = clean_text(note, 2000, "note", errors)
    if not note and "note" not in errors:
        errors["note"] = _("Say why it is dropped.") if drop else _("Say how it was done (a closing note).")
    if current.status != ActionStatus.OPEN:
        errors["__all__"] = _("The action item is %(status)s already.") % {"status": current.get_status_display()}
    if errors:
        raise ValidationError(errors)
    current.status = ActionStatus.DROPPED if drop else ActionStatus.DONE
    current.closing_note, current.closed_at, current.closed_by = note, timezone.now(), actor.user
    current.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    return current


# --- series -----------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def series_save(*, actor: Actor, series: MeetingSeries | None = None, kind: str, title: str, weekday: int, nth: int,
                time: dt.time, duration_minutes: int = 90, place: str = "", chair=None, invitees=(),
                active: bool = True) -> MeetingSeries:
    """A recurring schedule (the committee); the next meeting of an active series is planned at once."""
    actor.require(MANAGE)
    if series is not None:
        if series.school_id != actor.school.pk:
            raise Http404
        series = lock(MeetingSeries, series.pk)
    errors: dict[str, Any] = {}
    if kind not in MeetingKind.values or kind == MeetingKind.STUDENTS:
        errors["kind"] = choose_one_of(MeetingKind)
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the series a name, such as 关工委月例会.")
    if weekday not in range(7):
        errors["weekday"] = _("Choose a day of the week.")
    if nth not in (1, 2, 3, 4, -1):
        errors["nth"] = _("Choose the first, second, third, fourth or last week of the month.")
    if not isinstance(time, dt.time):
        errors["time"] = _("Enter the time the meetings start.")
    if not isinstance(duration_minutes, int) or not 10 <= duration_minutes <= 600:
        errors["duration_minutes"] = _("Enter a duration from 10 to 600 minutes.")
    place = clean_text(place, 100, "place", errors)
    ids = _check_people(actor, kind, chair, None, invitees, errors)
    if errors:
        raise ValidationError(errors)
    series = series or MeetingSeries(school=actor.school, created_by=actor.user)
    series.kind, series.title, series.weekday, series.nth, series.time = kind, title, weekday, nth, time
    series.duration_minutes, series.place, series.chair, series.active = duration_minutes, place, chair, active
    series.save()
    series.invitees.set(ids)
    if active:
        series_next(series, after=timezone.localdate() - dt.timedelta(days=1))
    return series


def moved_note(nominal: dt.date, held: dt.date) -> str:
    if held == nominal:
        return ""
    return (f"（原定{nominal.month}月{nominal.day}日，逢{recurrence.holiday_name(nominal)}假期，"
            f"顺延至{held.month}月{held.day}日）")


def series_next(series: MeetingSeries, *, after: dt.date) -> Meeting | None:
    """Plan the series' first meeting held after `after`, with the series' invitees — once: none when the series
    has a meeting after that day already (the unique constraint holds the rest). A date on a public holiday moves
    to the next working day, and the agenda says so."""
    if not series.active:
        return None
    if Meeting.objects.filter(series=series, starts_at__date__gt=after).exists():
        return None
    nominal, held = recurrence.next_occurrence(after, series.weekday, series.nth)
    tz = timezone.get_current_timezone()
    starts = dt.datetime.combine(held, series.time, tzinfo=tz)
    # the meeting's own words, in Chinese whatever the language of the job (they go into the minutes)
    agenda = moved_note(nominal, held)
    meeting = Meeting(school_id=series.school_id, series=series, kind=series.kind,
                      title=f"{series.title}（{held.year}年{held.month}月）"[:TITLE_MAX],
                      starts_at=starts, ends_at=starts + dt.timedelta(minutes=series.duration_minutes),
                      place=series.place, chair=series.chair, agenda=agenda, created_by=series.created_by)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # another run planned it a moment ago
        return None
    ids = list(series.invitees.filter(is_active=True).values_list("pk", flat=True))
    Invitation.objects.bulk_create([Invitation(meeting=meeting, user_id=i) for i in ids])
    meeting.steps.create(from_status="", to_status=meeting.status, by=series.created_by,
                         comment=agenda[:2000])
    return meeting


def series_run(school, today: dt.date | None = None) -> list[Meeting]:
    """The daily job's part: every active series without a meeting to come gets its next one."""
    today = today or timezone.localdate()
    made = []
    for series in MeetingSeries.objects.filter(school=school, active=True).order_by("pk"):
        meeting = series_next(series, after=today - dt.timedelta(days=1))
        if meeting is not None:
            made.append(meeting)
    return made
