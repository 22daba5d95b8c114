"""Writes of the clubs app (ACT-7), DESIGN.md's workflow pattern: a club's status changes only here, through
core.workflow.apply_transition (current status, the actor's permission, a ClubStep, club_changed). A refusal says
why in Chinese and changes nothing.

Founding: a teacher or an elder asks (requested) → a director, leader or department head approves (active), returns
it for changes (returned → resubmitted) or rejects it; an active club is closed at the end. Its advisor or the
managers run the members (capacity, no duplicates), the meetings with their attendance, and the end-of-term
showcase, whose members present each get one growth-record entry per term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core import uploads
from xinhuo.core.access import Actor, roles_with
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import Membership, Term, User
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from . import signals
from .models import (
    LIVE_STATUSES,
    Club,
    ClubAttendance,
    ClubMeeting,
    ClubMembership,
    ClubPhoto,
    ClubStatus,
    ClubStep,
    MeetingKind,
    MemberRole,
    MembershipStatus,
)
from .rules import can, family_ids

if TYPE_CHECKING:
    from xinhuo.elders.models import Elder
    from xinhuo.people.models import Student

S = ClubStatus
MS = MembershipStatus
TEXT_MAX = {"name": 50, "description": 2000, "aims": 2000, "schedule": 100, "place": 100}
MEETING_TEXT_MAX = {"title": 100, "place": 100, "content": 4000, "notes": 4000}
COMMENT_MAX = 2000
SUMMARY_MAX = 10000
CAPTION_MAX = 100
CAPACITY_MAX = 500
PHOTOS_AT_ONCE = 9
PHOTOS_MAX = 30


# --- the club and its workflow ----------------------------------------------------------------------------------


TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({S.REQUESTED}), S.ACTIVE, "review_club"),
    "return": Transition(frozenset({S.REQUESTED}), S.RETURNED, "review_club", comment_required=True),
    "reject": Transition(frozenset({S.REQUESTED}), S.REJECTED, "review_club", comment_required=True),
    "resubmit": Transition(frozenset({S.RETURNED}), S.REQUESTED, "edit_club"),
    "close": Transition(frozenset({S.ACTIVE}), S.CLOSED, "manage_club", comment_required=True,
                        why=gettext_lazy("Say why the club closes.")),
}
REVIEW_ACTIONS = ("approve", "return", "reject")
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=ClubStep, subject="club", signal=signals.club_changed, can=can,
    refused=gettext_lazy("The club is %(status)s: this step is not possible now."),
    why=gettext_lazy("Say why, so that the requester knows what to change."), comment_max=COMMENT_MAX)


def _club_fields(actor: Actor, *, name: str, description: str, aims: str, schedule: str, place: str, capacity,
                 advisor_elder: Elder | None, advisor_user: User | None, errors: dict,
                 club: Club | None = None) -> dict:
    out: dict = {}
    for key, value in {"name": name, "description": description, "aims": aims, "schedule": schedule,
                       "place": place}.items():
        out[key] = clean_text(value, TEXT_MAX[key], key, errors)
    if not out["name"] and "name" not in errors:
        errors["name"] = _("Give the club a name.")
    elif "name" not in errors:
        taken = Club.objects.filter(school=actor.school, name=out["name"], status__in=LIVE_STATUSES)
        if club is not None:
            taken = taken.exclude(pk=club.pk)
        if taken.exists():
            errors["name"] = _("The school already has a club named “%(name)s”: choose another name.") % {
                "name": out["name"]}
    if (advisor_elder is None) == (advisor_user is None):
        errors["advisor"] = _("Choose one advisor: an elder or a teacher.")
    elif advisor_elder is not None:
        if advisor_elder.school_id != actor.school.pk or not elders_selectors.elder_is_active(advisor_elder):
            errors["advisor_elder"] = _("Choose an active elder of this school.")
    elif advisor_user is not None and not (advisor_user.is_active and Membership.objects.filter(
            user=advisor_user, school=actor.school, role__in=roles_with("clubs.advise")).exists()):
        errors["advisor_user"] = _("Choose a teacher of this school.")
    if capacity in (None, ""):
        capacity = None
    elif not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= CAPACITY_MAX:
        errors["capacity"] = _("Enter the places as a number from 1 to %(n)d, or leave it empty for no limit.") % {
            "n": CAPACITY_MAX}
    elif club is not None:
        members = ClubMembership.objects.filter(club=club, status=MS.ACTIVE).count()
        if capacity < members:
            errors["capacity"] = _("The club has %(n)d members: the places cannot be fewer.") % {"n": members}
    return out | {"capacity": capacity, "advisor_elder": advisor_elder, "advisor_user": advisor_user}


def _locked(actor: Actor, club: Club) -> Club:
    """The club's row, locked for this transaction (capacity and status checks cannot race)."""
    same_school(actor, club)
    return lock(Club, club.pk)


@audited
@transaction.atomic
def club_request(*, actor: Actor, name: str, description: str = "", aims: str = "", schedule: str = "",
                 place: str = "", capacity=None, advisor_elder: Elder | None = None,
                 advisor_user: User | None = None) -> Club:
    """A founding request (社团申请) by a teacher or an elder; it waits for a director, leader or department head."""
    actor.require("clubs.request")
    errors: dict = {}
    fields = _club_fields(actor, name=name, description=description, aims=aims, schedule=schedule, place=place,
                          capacity=capacity, advisor_elder=advisor_elder, advisor_user=advisor_user, errors=errors)
    if errors:
        raise ValidationError(errors)
    club = Club(school=actor.school, requested_by=actor.user, status=S.REQUESTED, **fields)
    try:
        with transaction.atomic(), acting(actor.user):
            club.save()
    except IntegrityError:  # the same name asked for at the same moment
        raise ValidationError({"name": _("The school already has a club named “%(name)s”: choose another name.")
                               % {"name": fields["name"]}}) from None
    record_step(WORKFLOW, actor=actor, obj=club, from_status="")
    return club


@audited
@transaction.atomic
def club_update(*, actor: Actor, club: Club, name: str, description: str = "", aims: str = "", schedule: str = "",
                place: str = "", capacity=None, advisor_elder: Elder | None = None,
                advisor_user: User | None = None) -> Club:
    """Change a club: its requester while it waits or was returned; its advisor and the managers while it is
    asked for or active."""
    current = _locked(actor, club)
    if not can(actor, "edit_club", current):
        raise Http404
    if current.status not in LIVE_STATUSES:
        raise ValidationError(_("The club is %(status)s: it can no longer be changed.") % {
            "status": current.get_status_display()})
    if current.status == S.ACTIVE and not can(actor, "manage_club", current):
        raise Http404
    errors: dict = {}
    fields = _club_fields(actor, name=name, description=description, aims=aims, schedule=schedule, place=place,
                          capacity=capacity, advisor_elder=advisor_elder, advisor_user=advisor_user, errors=errors,
                          club=current)
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(current, key, value)
    with acting(actor.user):
        current.save()
    return current


@audited
def club_transition(*, actor: Actor, club: Club, action: str, comment: str = "") -> Club:
    """One step of the workflow (TRANSITIONS). Closing ends every membership and declines the open requests."""

    def check(current: Club, errors: dict) -> None:
        if TRANSITIONS[action].rule == "review_club" and current.requested_by_id == actor.user.pk:
            raise ValidationError(_("You asked for this club: another leader reviews the request."))

    def apply(current: Club) -> None:
        if action == "close":
            now = timezone.now()
            ClubMembership.objects.filter(club=current, status=MS.ACTIVE).update(status=MS.LEFT, left_at=now)
            ClubMembership.objects.filter(club=current, status=MS.REQUESTED).update(status=MS.DECLINED)

    return apply_transition(WORKFLOW, actor=actor, obj=club, action=action, comment=comment, check=check,
                            apply=apply)


@audited
def club_review(*, actor: Actor, club: Club, action: str, comment: str = "") -> Club:
    """审批: approve, return for changes or reject a founding request, with a comment (needed to return or
    reject). Reviewing a request one made oneself is refused."""
    if action not in REVIEW_ACTIONS:
        raise ValidationError({"action": _("Choose approve, return for changes or reject.")})
    actor.require("clubs.review")
    return club_transition(actor=actor, club=club, action=action, comment=comment)


@audited
def club_resubmit(*, actor: Actor, club: Club, comment: str = "") -> Club:
    return club_transition(actor=actor, club=club, action="resubmit", comment=comment)


@audited
def club_close(*, actor: Actor, club: Club, comment: str) -> Club:
    return club_transition(actor=actor, club=club, action="close", comment=comment)


# --- members --------------------------------------------------------------------------------------------------------


def _managed(actor: Actor, club: Club) -> Club:
    current = _locked(actor, club)
    if not can(actor, "manage_club", current):
        raise Http404
    return current


def _must_be_active(club: Club) -> None:
    if club.status != S.ACTIVE:
        raise ValidationError(_("The club is %(status)s: only an active club takes members and meetings.") % {
            "status": club.get_status_display()})


def _room_for_one(club: Club) -> None:
    if club.capacity is None:
        return
    taken = ClubMembership.objects.filter(club=club, status=MS.ACTIVE).count()
    if taken >= club.capacity:
        raise ValidationError(_("The club is full: all %(n)d places of %(name)s are taken. Remove a member or "
                                "raise the places first.") % {"n": club.capacity, "name": club.name})


def _student_of_school(club: Club, student: Student) -> None:
    if student.school_id != club.school_id:
        raise ValidationError({"student": _("Choose a student of this school.")})
    if not people_selectors.student_is_enrolled(student):
        raise ValidationError({"student": _("%(name)s is no longer at school.") % {"name": student.name}})


def _membership_signal(membership: ClubMembership, action: str, actor: Actor) -> None:
    signals.membership_changed.send(sender=ClubMembership, membership=membership, action=action, actor=actor)


@audited
@transaction.atomic
def member_add(*, actor: Actor, club: Club, student: Student, role: str = MemberRole.MEMBER) -> ClubMembership:
    """The advisor or a manager adds a student of the school (one who asked to join is accepted). Refused when
    the student is already a member or no place is left."""
    current = _managed(actor, club)
    _must_be_active(current)
    if role not in MemberRole.values:
        raise ValidationError({"role": choose_one_of(MemberRole)})
    _student_of_school(current, student)
    existing = ClubMembership.objects.filter(club=current, student=student,
                                             status__in=(MS.ACTIVE, MS.REQUESTED)).first()
    if existing is not None and existing.status == MS.ACTIVE:
        raise ValidationError({"student": _("%(name)s is already a member of %(club)s.") % {
            "name": student.name, "club": current.name}})
    _room_for_one(current)
    now = timezone.now()
    if existing is not None:  # asked to join: accepted
        existing.status, existing.joined_at, existing.role = MS.ACTIVE, now, role
        existing.save(update_fields=["status", "joined_at", "role"])
        _membership_signal(existing, "accepted", actor)
        return existing
    membership = ClubMembership.objects.create(club=current, student=student, role=role, status=MS.ACTIVE,
                                               joined_at=now, added_by=actor.user)
    _membership_signal(membership, "added", actor)
    return membership


@audited
@transaction.atomic
def member_remove(*, actor: Actor, membership: ClubMembership) -> ClubMembership:
    """A member leaves the club (the advisor or a manager records it); the attendance kept stays."""
    current = _managed(actor, membership.club)
    row = lock(ClubMembership, membership.pk, club=current)
    if row.status != MS.ACTIVE:
        raise ValidationError(_("%(name)s is not a member of this club.") % {"name": row.student.name})
    row.status, row.left_at = MS.LEFT, timezone.now()
    row.save(update_fields=["status", "left_at"])
    _membership_signal(row, "removed", actor)
    return row


@audited
@transaction.atomic
def member_role_set(*, actor: Actor, membership: ClubMembership, role: str) -> ClubMembership:
    """Make a member a club leader (社长), or a member again."""
    current = _managed(actor, membership.club)
    _must_be_active(current)
    if role not in MemberRole.values:
        raise ValidationError({"role": choose_one_of(MemberRole)})
    row = ClubMembership.objects.filter(pk=membership.pk, club=current, status=MS.ACTIVE).first()
    if row is None:
        raise ValidationError(_("Only a member of the club can have a role in it."))
    row.role = role
    row.save(update_fields=["role"])
    return row


@audited
@transaction.atomic
def join_request(*, actor: Actor, club: Club, student: Student) -> ClubMembership:
    """A student asks to join, or a parent for their child; the advisor decides. Refused when the student is
    already a member or has asked, or when the club is full."""
    actor.require("clubs.join")
    if student.pk not in family_ids(actor) or student.school_id != actor.school.pk:
        raise Http404
    current = _locked(actor, club)
    if not can(actor, "view_club", current):
        raise Http404
    _must_be_active(current)
    _student_of_school(current, student)
    existing = ClubMembership.objects.filter(club=current, student=student,
                                             status__in=(MS.ACTIVE, MS.REQUESTED)).first()
    if existing is not None:
        raise ValidationError(
            (_("%(name)s is already a member of %(club)s.") if existing.status == MS.ACTIVE
             else _("%(name)s has already asked to join %(club)s: the advisor will decide."))
            % {"name": student.name, "club": current.name})
    _room_for_one(current)
    membership = ClubMembership.objects.create(club=current, student=student, status=MS.REQUESTED,
                                               added_by=actor.user)
    _membership_signal(membership, "asked", actor)
    return membership


@audited
@transaction.atomic
def join_decide(*, actor: Actor, membership: ClubMembership, accept: bool) -> ClubMembership:
    """The advisor or a manager accepts (if a place is left) or declines a request to join."""
    current = _managed(actor, membership.club)
    row = lock(ClubMembership, membership.pk, club=current)
    if row.status != MS.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    if accept:
        _must_be_active(current)
        _room_for_one(current)
        row.status, row.joined_at = MS.ACTIVE, timezone.now()
    else:
        row.status = MS.DECLINED
    row.save(update_fields=["status", "joined_at"])
    _membership_signal(row, "accepted" if accept else "declined", actor)
    return row


# --- meetings, attendance, showcase -------------------------------------------------------------------------------


def _meeting_fields(*, kind: str, title: str, starts_at, ends_at, place: str, content: str, notes: str,
                    errors: dict) -> dict:
    out: dict = {}
    for key, value in {"title": title, "place": place, "content": content, "notes": notes}.items():
        out[key] = clean_text(value, MEETING_TEXT_MAX[key], key, errors)
    if not out["title"] and "title" not in errors:
        errors["title"] = _("Give the meeting a title.")
    if kind not in MeetingKind.values:
        errors["kind"] = choose_one_of(MeetingKind)
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("Enter a valid date and time.")
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = _("Enter a valid date and time.")
    elif isinstance(starts_at, dt.datetime) and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    return out | {"kind": kind, "starts_at": starts_at, "ends_at": ends_at}


@audited
@transaction.atomic
def meeting_add(*, actor: Actor, club: Club, kind: str, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                place: str = "", content: str = "", notes: str = "") -> ClubMeeting:
    """A meeting, an event or the end-of-term showcase of an active club."""
    current = _managed(actor, club)
    _must_be_active(current)
    errors: dict = {}
    fields = _meeting_fields(kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                             content=content, notes=notes, errors=errors)
    if errors:
        raise ValidationError(errors)
    with acting(actor.user):
        return ClubMeeting.objects.create(club=current, created_by=actor.user, **fields)


@audited
@transaction.atomic
def meeting_update(*, actor: Actor, meeting: ClubMeeting, kind: str, title: str, starts_at: dt.datetime,
                   ends_at: dt.datetime, place: str = "", content: str = "", notes: str = "") -> ClubMeeting:
    """Change a meeting of an active club: its plan before, its notes after. A showcase with its summary stays a
    showcase."""
    current = _managed(actor, meeting.club)
    _must_be_active(current)
    row = lock(ClubMeeting, meeting.pk, club=current)
    errors: dict = {}
    fields = _meeting_fields(kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                             content=content, notes=notes, errors=errors)
    if row.kind == MeetingKind.SHOWCASE and (row.summary or row.photos.exists()) and kind != MeetingKind.SHOWCASE:
        errors["kind"] = _("This showcase has its summary or photos: it stays a showcase.")
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(row, key, value)
    with acting(actor.user):
        row.save()
    return row


def _started(meeting: ClubMeeting, message: str) -> None:
    if meeting.starts_at > timezone.now():
        raise ValidationError(message % {"start": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")})


@audited
@transaction.atomic
def attendance_save(*, actor: Actor, meeting: ClubMeeting, present: Iterable[int]) -> dict[str, int]:
    """Who came, in one save from the phone checklist: every member on the list is marked present or absent.
    For a showcase with its summary, those present get the showcase on their growth record."""
    from .selectors import attendance_checklist

    current = _managed(actor, meeting.club)
    _must_be_active(current)
    # the club comes along: the checklist reads the students of its school
    row = (ClubMeeting.objects.select_for_update(of=("self",)).select_related("club")
           .filter(pk=meeting.pk, club=current).first())
    if row is None:
        raise Http404
    _started(row, _("The meeting starts at %(start)s: attendance can be taken from then on."))
    listed = {r["student"].pk for r in attendance_checklist(row)}
    ticked = {int(pk) for pk in present}
    if ticked - listed:
        raise ValidationError(_("Some ticked students are not members of this club."))
    now = timezone.now()
    marks = {a.student_id: a for a in ClubAttendance.objects.filter(meeting=row)}
    new, changed = [], []
    for pk in listed:
        mark = marks.get(pk)
        if mark is None:
            new.append(ClubAttendance(meeting=row, student_id=pk, present=pk in ticked, marked_by=actor.user,
                                      marked_at=now))
        elif mark.present != (pk in ticked):
            mark.present, mark.marked_by, mark.marked_at = pk in ticked, actor.user, now
            changed.append(mark)
    ClubAttendance.objects.bulk_create(new)
    ClubAttendance.objects.bulk_update(changed, ["present", "marked_by", "marked_at"])
    row.attendance_taken_at = now
    row.save(update_fields=["attendance_taken_at"])
    if row.kind == MeetingKind.SHOWCASE and row.summary:
        credit_showcase(row)
    return {"present": len(ticked), "absent": len(listed) - len(ticked)}


def growth_source_ref(meeting: ClubMeeting, student_id: int) -> str:
    """One growth entry per member per term (a second showcase in the same term adds none); a showcase outside
    any term counts on its own."""
    day = timezone.localtime(meeting.starts_at).date()
    term = (Term.objects.filter(school_year__school_id=meeting.club.school_id, start__lte=day, end__gte=day)
            .order_by("start").values_list("pk", flat=True).first())
    tail = f"term:{term}" if term else f"showcase:{meeting.pk}"
    return f"club:{meeting.club_id}:member:{student_id}:{tail}"


def credit_showcase(meeting: ClubMeeting) -> int:
    """Each member present at the showcase gets one growth-record entry (kind club); calling again adds none."""
    from xinhuo.care.growth.services import growth_entry_add_from_source
    from xinhuo.care.models import GrowthKind

    from .selectors import present_students

    on = timezone.localtime(meeting.starts_at).date()
    title = (_("%(club)s: %(title)s") % {"club": meeting.club.name, "title": meeting.title})[:120]
    students = list(present_students(meeting))
    for student in students:
        growth_entry_add_from_source(student=student, kind=GrowthKind.CLUB, on=on, title=title,
                                     source_ref=growth_source_ref(meeting, student.pk))
    return len(students)


@audited
@transaction.atomic
def showcase_record(*, actor: Actor, meeting: ClubMeeting, summary: str, photos=(), caption: str = "") -> int:
    """成果展示: the showcase's summary and photos (real pictures only, resized, without their metadata). Each
    member marked present gets one growth-record entry for the term. Returns how many members present."""
    current = _managed(actor, meeting.club)
    _must_be_active(current)
    row = (ClubMeeting.objects.select_for_update(of=("self",)).select_related("club")
           .filter(pk=meeting.pk, club=current).first())
    if row is None:
        raise Http404
    if row.kind != MeetingKind.SHOWCASE:
        raise ValidationError(_("Only a showcase has a summary and photos: change the meeting's kind first."))
    _started(row, _("The showcase starts at %(start)s: its summary is written from then on."))
    errors: dict = {}
    summary = clean_text(summary, SUMMARY_MAX, "summary", errors)
    if not summary and "summary" not in errors:
        errors["summary"] = _("Write what the members showed: the summary is the showcase's record.")
    caption = clean_text(caption, CAPTION_MAX, "caption", errors)
    checked: list[uploads.CheckedFile] = []
    try:
        checked = uploads.check_images(list(photos or []), max_count=PHOTOS_AT_ONCE)
    except ValidationError as exc:
        errors["photos"] = exc.messages
    else:
        kept = ClubPhoto.objects.filter(meeting=row).count()
        if kept + len(checked) > PHOTOS_MAX:
            errors["photos"] = _("A showcase keeps at most %(n)d photos (%(kept)d already).") % {
                "n": PHOTOS_MAX, "kept": kept}
    if errors:
        raise ValidationError(errors)
    storage = ClubPhoto._meta.get_field("image").storage  # type: ignore[attr-defined]
    saved: list[str] = []
    try:
        with transaction.atomic():
            row.summary = summary
            with acting(actor.user):
                row.save(update_fields=["summary"])
            for c in checked:
                photo = ClubPhoto(meeting=row, caption=caption, uploaded_by=actor.user)
                photo.image.save(c.content.name, c.content, save=False)
                saved.append(photo.image.name)
                photo.save()
                uploads.process_later(photo, "image")  # resized by the task worker
            credited = credit_showcase(row)
    except BaseException:
        for name in saved:  # the database rolled back: the files must go too
            try:
                storage.delete(name)
            except OSError:
                continue
        raise
    return credited


@audited
@transaction.atomic
def photo_delete(*, actor: Actor, photo: ClubPhoto) -> None:
    """Take a photo off a showcase (the advisor or a manager); the file goes after the commit."""
    _managed(actor, photo.meeting.club)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
