"""Writes of the activities app (DESIGN.md's workflow pattern): the status changes only here, through
core.workflow.apply_transition (current status, the actor's permission, an ActivityStep, activity_changed).
A refusal says why in Chinese and changes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import SchoolClass
from xinhuo.core.uploads import check_file, check_images, process_later
from xinhuo.core.validators import choose_one_of, clean_decimal, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from . import selectors, signals
from .calendar import off_day_reason
from .models import (
    Activity,
    ActivityFile,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    ActivityStep,
    FieldTask,
    FieldWork,
    SignUp,
    SignUpKind,
    SignUpStatus,
)
from .rules import can

if TYPE_CHECKING:
    from xinhuo.elders.models import Elder
    from xinhuo.people.models import Student

S = ActivityStatus
TEXT_MAX = {"title": 100, "objectives": 2000, "audience": 200, "place": 100, "organisers": 200,
            "safety_plan": 4000, "theme": 100, "speaker": 50, "route": 2000, "handbook": 20000, "sharing_place": 100,
            "scenario": 2000}
MAX_HOURS = Decimal("24")
COMMENT_MAX = 2000
SUMMARY_MAX = 10000
EFFECT_MAX = 4000


TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({S.APPLIED}), S.APPROVED, "approve_activity"),
    "return": Transition(frozenset({S.APPLIED}), S.RETURNED, "approve_activity", comment_required=True),
    "reject": Transition(frozenset({S.APPLIED}), S.REJECTED, "approve_activity", comment_required=True),
    "resubmit": Transition(frozenset({S.RETURNED}), S.APPLIED, "manage_activity"),
    "start": Transition(frozenset({S.APPROVED}), S.RUNNING, "manage_activity"),
    "summarise": Transition(frozenset({S.RUNNING}), S.SUMMARISED, "manage_activity"),
    "archive": Transition(frozenset({S.SUMMARISED}), S.ARCHIVED, "archive_activity"),
}
EDITABLE = frozenset({S.APPLIED, S.RETURNED})
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=ActivityStep, subject="activity", signal=signals.activity_changed, can=can,
    refused=gettext_lazy("The activity is %(status)s: this step is not possible now."),
    why=gettext_lazy("Say why, so that the organiser knows what to change."), comment_max=COMMENT_MAX)


def _fields(*, title: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, budget_request, errors: dict,
            off_day_confirmed: bool = False, sharing_at=None, **texts: str) -> dict:
    out: dict = {}
    for name, value in {"title": title, **texts}.items():
        out[name] = clean_text(value, TEXT_MAX[name], name, errors)
    if kind == ActivityKind.STUDY_TRIP and not out.get("route") and "route" not in errors:
        errors["route"] = _("A study trip needs its route (where the students go, in order).")
    if kind == ActivityKind.DRILL and not out.get("scenario") and "scenario" not in errors:
        errors["scenario"] = _("A drill needs its scenario (what happens, which alarm, which exits).")
    if not out["title"] and "title" not in errors:
        errors["title"] = _("Give the activity a title.")
    if kind not in ActivityKind.values:
        errors["kind"] = choose_one_of(ActivityKind)
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("Enter a valid date and time.")
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = _("Enter a valid date and time.")
    elif isinstance(starts_at, dt.datetime) and ends_at <= starts_at:
        errors["ends_at"] = _("The activity must end after it starts.")
    reason = None
    if isinstance(starts_at, dt.datetime) and "starts_at" not in errors:
        day = timezone.localtime(starts_at).date()
        reason = off_day_reason(day)
        if reason and not off_day_confirmed:
            errors["off_day_confirmed"] = _("%(date)s is not a working day (%(reason)s): confirm that the activity "
                                            "is held on that day.") % {"date": day.isoformat(), "reason": reason}
    budget = clean_decimal(budget_request, "0.01", "budget_request",
                           _("Enter the amount as a number, such as 1200."), errors)
    if budget is not None and (budget < 0 or budget >= Decimal("100000000")):
        errors["budget_request"] = _("Enter an amount from 0 to 99,999,999.99 yuan.")
    if sharing_at not in (None, "") and not isinstance(sharing_at, dt.datetime):
        errors["sharing_at"] = _("Enter a valid date and time.")
    # kept only where it was needed: a later move to a working day drops it
    return out | {"kind": kind, "starts_at": starts_at, "ends_at": ends_at, "budget_request": budget,
                  "off_day_confirmed": bool(off_day_confirmed and reason), "sharing_at": sharing_at or None}


def _signup_fields(*, signup_open: bool, capacity, service_hours, errors: dict, signed_up: int = 0) -> dict:
    if capacity in (None, ""):
        capacity = None
    else:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            capacity = -1
        if capacity < 1 or capacity > 100000:
            errors["capacity"] = _("Enter the number of places, from 1, or leave it empty for no limit.")
        elif capacity < signed_up:
            errors["capacity"] = _("%(n)d people have a place already: the capacity cannot be lower.") % {
                "n": signed_up}
    hours = clean_decimal(service_hours, "0.1", "service_hours", _("Enter the hours as a number, such as 2 or 1.5."),
                          errors)
    if hours is not None and (hours <= 0 or hours > MAX_HOURS):
        errors["service_hours"] = _("Enter from 0.5 to 24 hours, or leave it empty.")
    return {"signup_open": bool(signup_open), "capacity": capacity, "service_hours": hours}


def _audience(actor: Actor, classes, grades, errors: dict) -> list[SchoolClass]:
    """The invited classes: those chosen and every class of the grades chosen."""
    chosen = {c.pk: c for c in classes or []}
    for grade in grades or []:
        if grade.school_id != actor.school.pk:
            errors["audience_grades"] = _("Choose grades of this school.")
            continue
        chosen.update({c.pk: c for c in grade.classes.all()})
    if any(c.school_id != actor.school.pk for c in chosen.values()):
        errors["audience_classes"] = _("Choose classes of this school.")
    return list(chosen.values())


# the kinds held for parents (家长开放日, 家长会): parents sign themselves up; the classes invited say whose parents
PARENT_KINDS = selectors.PARENT_KINDS


def _parents_invited(kind: str, audience_parents: bool, classes: list, errors: dict) -> None:
    """A parent meeting or open day is for parents: the classes whose parents come, or all parents."""
    if kind in PARENT_KINDS and not audience_parents and not classes:
        errors["audience_parents"] = _("A parent meeting or open day is for parents: choose the classes whose "
                                       "parents come, or open it to all parents.")


def _elders_of_school(actor: Actor, elders, errors: dict) -> list[Elder]:
    chosen = list(elders or [])
    if any(e.school_id != actor.school.pk for e in chosen):
        errors["elders"] = _("Choose elders of this school.")
    return chosen


@audited
@transaction.atomic
def activity_apply(*, actor: Actor, title: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime,
                   objectives: str = "", audience: str = "", place: str = "", organisers: str = "",
                   safety_plan: str = "", budget_request=None, elders=(), off_day_confirmed: bool = False,
                   theme: str = "", speaker: str = "", route: str = "", handbook: str = "", sharing_at=None,
                   sharing_place: str = "", scenario: str = "", signup_open: bool = False, capacity=None,
                   service_hours=None, audience_classes=(), audience_grades=(), audience_parents: bool = False,
                   audience_elders: bool = False, audience_teachers: bool = False) -> Activity:
    """申报: a new application, its applicant the organiser."""
    actor.require("activities.apply")
    errors: dict[str, str] = {}
    fields = _fields(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, budget_request=budget_request,
                     errors=errors, off_day_confirmed=off_day_confirmed, sharing_at=sharing_at, objectives=objectives,
                     audience=audience, place=place, organisers=organisers, safety_plan=safety_plan, theme=theme,
                     speaker=speaker, route=route, handbook=handbook, sharing_place=sharing_place, scenario=scenario)
    fields |= _signup_fields(signup_open=signup_open, capacity=capacity, service_hours=service_hours,
                             errors=errors, signed_up=0)
    fields |= {"audience_parents": bool(audience_parents), "audience_elders": bool(audience_elders),
               "audience_teachers": bool(audience_teachers)}
    classes = _audience(actor, audience_classes, audience_grades, errors)
    _parents_invited(kind, audience_parents, classes, errors)
    chosen = _elders_of_school(actor, elders, errors)
    if errors:
        raise ValidationError(errors)
    activity = Activity(school=actor.school, organiser=actor.user, status=S.APPLIED, **fields)
    with acting(actor.user):
        activity.save()
    activity.elders.set(chosen)
    activity.audience_classes.set(classes)
    record_step(WORKFLOW, actor=actor, obj=activity, from_status="")
    return activity


def _signed_up(activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED_UP).count()


def _locked(actor: Actor, activity: Activity) -> Activity:
    same_school(actor, activity)
    return lock(Activity, activity.pk)


@audited
@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, title: str, kind: str, starts_at: dt.datetime,
                    ends_at: dt.datetime, objectives: str = "", audience: str = "", place: str = "",
                    organisers: str = "", safety_plan: str = "", budget_request=None, elders=(),
                    off_day_confirmed: bool = False, theme: str = "", speaker: str = "", route: str = "",
                    handbook: str = "", sharing_at=None, sharing_place: str = "", scenario: str = "",
                    signup_open: bool = False, capacity=None, service_hours=None, audience_classes=(),
                    audience_grades=(), audience_parents: bool = False, audience_elders: bool = False,
                    audience_teachers: bool = False) -> Activity:
    """Change an application while it waits for approval or was returned for changes."""
    actor.require("activities.apply")
    current = _locked(actor, activity)
    if not can(actor, "manage_activity", current):
        raise Http404
    if current.status not in EDITABLE:
        raise ValidationError(_("Only an application waiting for approval or returned for changes can be "
                                "changed."))
    errors: dict[str, str] = {}
    fields = _fields(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, budget_request=budget_request,
                     errors=errors, off_day_confirmed=off_day_confirmed, sharing_at=sharing_at, objectives=objectives,
                     audience=audience, place=place, organisers=organisers, safety_plan=safety_plan, theme=theme,
                     speaker=speaker, route=route, handbook=handbook, sharing_place=sharing_place, scenario=scenario)
    fields |= _signup_fields(signup_open=signup_open, capacity=capacity, service_hours=service_hours,
                             errors=errors, signed_up=_signed_up(current))
    fields |= {"audience_parents": bool(audience_parents), "audience_elders": bool(audience_elders),
               "audience_teachers": bool(audience_teachers)}
    classes = _audience(actor, audience_classes, audience_grades, errors)
    _parents_invited(kind, audience_parents, classes, errors)
    chosen = _elders_of_school(actor, elders, errors)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    with acting(actor.user):
        current.save()
    current.elders.set(chosen)
    current.audience_classes.set(classes)
    return current


@audited
def activity_transition(*, actor: Actor, activity: Activity, action: str, comment: str = "",
                        summary: str = "", participants: int | None = None, effect: str = "",
                        speaker: str | None = None, theme: str | None = None,
                        evacuation_seconds: int | None = None, actual_cost=None) -> Activity:
    """One step of the workflow (TRANSITIONS). "summarise" takes the summary, the number who took part (when not
    given, the number checked in, if anyone was), the effect, what the activity cost in the end (optional: it closes
    the budget commitment finance holds for it) and what the kind records (a flag ceremony's speaker and theme, a
    drill's evacuation time); it credits the service hours of everyone checked in."""
    fields: dict[str, Any] = {}

    def check(current: Activity, errors: dict[str, Any]) -> None:
        if TRANSITIONS[action].rule == "approve_activity" and current.organiser_id == actor.user.pk:
            raise ValidationError(_("You applied for this activity: another leader approves it."))
        if action == "start" and timezone.localdate() < timezone.localtime(current.starts_at).date():
            errors["__all__"] = _("The activity starts on %(date)s: it can be run from that day.") % {
                "date": timezone.localtime(current.starts_at).date().isoformat()}
        if action != "summarise":
            return
        fields["summary"] = clean_text(summary, SUMMARY_MAX, "summary", errors)
        if not fields["summary"] and "summary" not in errors:
            errors["summary"] = _("Write what happened: the summary is the activity's record.")
        took_part = participants
        if took_part is None:  # the check-ins when people were checked in, as the summary form proposes
            took_part = SignUp.objects.filter(activity=current, checked_in_at__isnull=False).count() or None
        if took_part is None or not isinstance(took_part, int) or took_part < 0:
            errors["participants"] = _("Enter how many took part (0 or more).")
        fields["participants"] = took_part
        fields["effect"] = clean_text(effect, EFFECT_MAX, "effect", errors)
        cost = clean_decimal(actual_cost, "0.01", "actual_cost", _("Enter the amount as a number, such as 1200."),
                             errors)
        if cost is not None and (cost < 0 or cost >= Decimal("100000000")):
            errors["actual_cost"] = _("Enter an amount from 0 to 99,999,999.99 yuan.")
        fields["actual_cost"] = cost
        fields["speaker"] = clean_text(current.speaker if speaker is None else speaker, TEXT_MAX["speaker"],
                                       "speaker", errors)
        fields["theme"] = clean_text(current.theme if theme is None else theme, TEXT_MAX["theme"], "theme", errors)
        if current.kind == ActivityKind.FLAG_CEREMONY:
            if not fields["speaker"] and "speaker" not in errors:
                errors["speaker"] = _("A flag ceremony records who gave the speech under the flag.")
            if not fields["theme"] and "theme" not in errors:
                errors["theme"] = _("A flag ceremony records the theme of the speech.")
        if current.kind == ActivityKind.DRILL:
            if not isinstance(evacuation_seconds, int) or not 1 <= evacuation_seconds <= 3600:
                errors["evacuation_seconds"] = _("A drill records the evacuation time: from 1 to 3600 seconds.")
            fields["evacuation_seconds"] = evacuation_seconds

    def apply(current: Activity) -> None:
        for name, value in fields.items():
            setattr(current, name, value)
        if action == "summarise":
            _credit_hours(actor, current)

    return apply_transition(WORKFLOW, actor=actor, obj=activity, action=action, comment=comment, check=check,
                            apply=apply)


# --- sign-up and attendance (ACT-4) ------------------------------------------------------------------------------

SIGNUP_STATUSES = frozenset({S.APPROVED, S.RUNNING})
EVIDENCE_STATUSES = frozenset({S.APPROVED, S.RUNNING, S.SUMMARISED})


def _credit_hours(actor: Actor, activity: Activity) -> None:
    """On the summary: every attendee's hours on their sign-up; a student's growth record gains the activity (with
    the hours), an elder's service record the hours. Each credit names its sign-up, so it is never counted twice."""
    from xinhuo.care.growth.services import growth_entry_add_from_source
    from xinhuo.care.models import GrowthKind
    from xinhuo.elders.work.services import service_hours_credit

    hours = activity.service_hours
    day = timezone.localtime(activity.starts_at).date()
    attended = list(SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED_UP,
                                          checked_in_at__isnull=False).select_related("student", "elder"))
    for signup in attended:
        ref = f"activity:{activity.pk}:signup:{signup.pk}"
        if signup.student is not None:
            growth_entry_add_from_source(student=signup.student, kind=GrowthKind.SERVICE if hours else
                                         GrowthKind.ACTIVITY, on=day, title=activity.title[:100], hours=hours,
                                         source_ref=ref)
        elif signup.elder is not None and hours:
            with contextlib.suppress(ValidationError):  # credited already: the reference keeps it counted once
                service_hours_credit(elder=signup.elder, date=day, hours=hours, source="activity", source_ref=ref,
                                     description=activity.title[:200])
    if hours and attended:
        SignUp.objects.filter(pk__in=[s.pk for s in attended]).update(hours=hours)
    activity.hours_credited_at = timezone.now()


@audited
@transaction.atomic
def signup_settings_update(*, actor: Actor, activity: Activity, signup_open: bool, capacity=None,
                           service_hours=None) -> Activity:
    """Open or close the sign-up, change the capacity (never below the places taken) and the hours, after approval
    too. A capacity raised moves people up from the waiting list."""
    current = _locked(actor, activity)
    if not can(actor, "manage_activity", current):
        raise Http404
    if current.status in (S.REJECTED, S.SUMMARISED, S.ARCHIVED):
        raise ValidationError(_("The activity is %(status)s: its sign-up can no longer change.") % {
            "status": current.get_status_display()})
    errors: dict[str, str] = {}
    fields = _signup_fields(signup_open=signup_open, capacity=capacity, service_hours=service_hours, errors=errors,
                            signed_up=_signed_up(current))
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    with acting(actor.user):
        current.save(update_fields=list(fields))
    _promote_waiting(current)
    return current


def _promote_waiting(activity: Activity) -> list[SignUp]:
    """Move people up from the waiting list, in order of signing up, into the places free."""
    free = None if activity.capacity is None else activity.capacity - _signed_up(activity)
    waiting = SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING).order_by("signed_at", "pk")
    moved = list(waiting if free is None else waiting[:max(free, 0)])
    for signup in moved:
        signup.status = SignUpStatus.SIGNED_UP
        signup.save(update_fields=["status"])
        signals.signup_promoted.send(sender=SignUp, signup=signup, activity=activity)
    return moved


def _child_invited(actor: Actor, activity: Activity) -> bool:
    classes = selectors.family_class_ids(actor)
    return bool(classes) and activity.audience_classes.filter(pk__in=classes).exists()


def self_signup_kind(actor: Actor, activity: Activity) -> str | None:
    """How an actor signs up themselves, if the activity is open to them (None: it is not). A parent meeting or
    open day is open to the parents of the classes invited, as well as to all parents when it says so."""
    if actor.elder_id and activity.audience_elders:
        return SignUpKind.ELDER
    if actor.guardian_id and (activity.audience_parents or activity.kind in PARENT_KINDS and _child_invited(
            actor, activity)):
        return SignUpKind.PARENT
    if activity.audience_teachers and not actor.roles.isdisjoint(STAFF_ROLES):
        return SignUpKind.TEACHER
    return None


SELF_LABELS: dict[str, Any] = {SignUpKind.PARENT: gettext_lazy("Sign myself up (parent)"),
               SignUpKind.ELDER: gettext_lazy("Sign myself up (elder)"),
               SignUpKind.TEACHER: gettext_lazy("Sign myself up (teacher)")}


def signup_options(actor: Actor, activity: Activity) -> list[dict]:
    """Whom the actor may sign up now, each with the words of its button, as the page says them: a child by name
    ("为孩子（张三）报名"), oneself with one's part ("我本人报名（家长）"). Empty when the sign-up is closed."""
    if not (actor.can("activities.signup") and activity.signup_open and activity.status in SIGNUP_STATUSES
            and timezone.now() < activity.ends_at):
        return []
    own = selectors.own_signups(actor, activity)
    taken = {s.student_id for s in own if s.student_id}
    options: list[dict] = [
        {"student": st.pk, "kind": SignUpKind.STUDENT,
         "button": _("Sign me up") if st.pk == actor.student_id else _("Sign up my child (%(name)s)") % {
             "name": st.name}}
        for st in selectors.signup_candidates(actor, activity) if st.pk not in taken]
    kind = self_signup_kind(actor, activity)
    if kind is not None and not any(s.student_id is None for s in own):
        options.append({"student": None, "kind": kind, "button": str(SELF_LABELS[kind])})
    return options


def _acts_for(actor: Actor, activity: Activity, student: Student) -> bool:
    """The student themselves, a parent, their head teacher or the organiser."""
    return (student.pk in selectors.family_student_ids(actor) or student.school_class_id in actor.class_ids
            or can(actor, "manage_activity", activity))


@audited
@transaction.atomic
def signup_add(*, actor: Actor, activity: Activity, student: Student | None = None) -> SignUp:
    """A place for a student (`student`) or for the actor themselves. Beyond the capacity the place is on the waiting
    list, which holds as many as the capacity; when both are full the sign-up is refused."""
    actor.require("activities.signup")
    current = _locked(actor, activity)
    if student is not None:
        if current.kind in PARENT_KINDS:
            raise ValidationError(_("%(title)s is for parents: a parent signs up themself, not the child.") % {
                "title": current.title})
        if student.school_id != actor.school.pk or not current.audience_classes.filter(
                pk=student.school_class_id).exists():
            raise ValidationError(_("%(name)s's class is not invited to this activity.") % {"name": student.name})
        if not _acts_for(actor, current, student):
            raise ValidationError(_("This activity is not open to you."))
        if not people_selectors.student_is_enrolled(student):
            raise ValidationError(_("%(name)s is no longer at school and cannot sign up.") % {"name": student.name})
        kind: str = SignUpKind.STUDENT
        who: dict[str, Any] = {"student": student}
        name = student.name
        existing = SignUp.objects.filter(activity=current, student=student).first()
    else:
        self_kind = self_signup_kind(actor, current)
        if self_kind is None:
            raise ValidationError(_("This activity is not open to you."))
        kind, who = self_kind, {"user": actor.user}
        if kind == SignUpKind.ELDER:
            who["elder"] = elders_selectors.my_elder(actor)
        name = who["elder"].name if kind == SignUpKind.ELDER else actor.user.display_name
        existing = SignUp.objects.filter(activity=current, user=actor.user, student__isnull=True).first()
    if current.status not in SIGNUP_STATUSES or not current.signup_open:
        raise ValidationError(_("Sign-up for this activity is not open."))
    if timezone.now() >= current.ends_at:
        raise ValidationError(_("The activity is over: sign-up is closed."))
    if existing is not None and existing.status != SignUpStatus.CANCELLED:
        raise ValidationError(_("%(name)s is signed up already.") % {"name": name})
    status = SignUpStatus.SIGNED_UP
    if current.capacity is not None and _signed_up(current) >= current.capacity:
        waiting = SignUp.objects.filter(activity=current, status=SignUpStatus.WAITING).count()
        if waiting >= current.capacity:
            raise ValidationError(_("The activity is full: all %(n)d places and the waiting list are taken.") % {
                "n": current.capacity})
        status = SignUpStatus.WAITING
    signup = existing or SignUp(activity=current, kind=kind, **who)
    signup.name, signup.status, signup.signed_at, signup.signed_by = name[:50], status, timezone.now(), actor.user
    signup.checked_in_at = signup.checked_in_by = None
    signup.save()
    return signup


def _own(actor: Actor, signup: SignUp) -> bool:
    return (signup.user_id == actor.user.pk and signup.student_id is None) or (
        signup.student_id in selectors.family_student_ids(actor))


@audited
@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp) -> SignUp:
    """One's own place (or a child's) given up, or taken off by the organiser; the first on the waiting list moves
    up into the place."""
    current = _locked(actor, signup.activity)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if not (_own(actor, signup) or can(actor, "manage_activity", current)):
        raise Http404
    if signup.status == SignUpStatus.CANCELLED:
        raise ValidationError(_("This sign-up is cancelled already."))
    if signup.checked_in_at is not None:
        raise ValidationError(_("%(name)s is checked in: undo the check-in first.") % {"name": signup.name})
    if current.status not in SIGNUP_STATUSES:
        raise ValidationError(_("The activity is %(status)s: its sign-up can no longer change.") % {
            "status": current.get_status_display()})
    held_place = signup.status == SignUpStatus.SIGNED_UP
    signup.status = SignUpStatus.CANCELLED
    signup.save(update_fields=["status"])
    if held_place:
        _promote_waiting(current)
    return signup


@audited
@transaction.atomic
def checkin_set(*, actor: Actor, signup: SignUp, present: bool) -> SignUp:
    """The organiser checks a person in (or undoes it) on the list, while the activity runs."""
    current = _locked(actor, signup.activity)
    if not can(actor, "manage_activity", current):
        raise Http404
    signup = SignUp.objects.select_for_update().get(pk=signup.pk, activity=current)
    if current.status != S.RUNNING:
        raise ValidationError(_("Check-in is possible while the activity runs: start it first."))
    if signup.status != SignUpStatus.SIGNED_UP:
        raise ValidationError(_("%(name)s has no place (waiting list or cancelled): give them a place first.") % {
            "name": signup.name})
    if present:
        signup.checked_in_at = signup.checked_in_at or timezone.now()
        signup.checked_in_by = signup.checked_in_by or actor.user
    else:
        signup.checked_in_at = signup.checked_in_by = None
    signup.save(update_fields=["checked_in_at", "checked_in_by"])
    return signup


# --- evidence (ACT-5) and a study trip's field tasks (ACT-2) ----------------------------------------------------------

MAX_PHOTOS = 60
PHOTO_BATCH = 10


def _evidence_target(actor: Actor, activity: Activity) -> Activity:
    current = _locked(actor, activity)
    if not can(actor, "manage_activity", current):
        raise Http404
    if current.status not in EVIDENCE_STATUSES:
        raise ValidationError(_("The activity is %(status)s: its evidence can no longer change.") % {
            "status": current.get_status_display()})
    return current


@audited
@transaction.atomic
def photos_add(*, actor: Actor, activity: Activity, images, caption: str = "") -> list[ActivityPhoto]:
    """Photos checked (a real JPEG, PNG or WebP), resized and stripped of their metadata; one bad file refuses all."""
    current = _evidence_target(actor, activity)
    errors: dict[str, str] = {}
    caption = clean_text(caption, 100, "caption", errors)
    images = [i for i in images or [] if i]
    if not images:
        errors["images"] = _("Choose at least one photo.")
    elif current.photos.count() + len(images) > MAX_PHOTOS:
        errors["images"] = _("An activity keeps at most %(n)d photos.") % {"n": MAX_PHOTOS}
    if errors:
        raise ValidationError(errors)
    try:
        checked = check_images(images, max_count=PHOTO_BATCH)
    except ValidationError as exc:
        raise ValidationError({"images": exc.messages}) from None
    photos = [ActivityPhoto.objects.create(activity=current, image=c.content, caption=caption, uploaded_by=actor.user)
              for c in checked]
    for photo in photos:
        process_later(photo, "image")  # resized by the task worker
    return photos


@audited
@transaction.atomic
def file_add(*, actor: Actor, activity: Activity, upload) -> ActivityFile:
    current = _evidence_target(actor, activity)
    if not upload:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        checked = check_file(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    item = ActivityFile.objects.create(activity=current, file=checked.content, name=checked.original_name[:150],
                                       content_type=checked.content_type, size=checked.size, uploaded_by=actor.user)
    process_later(item, "file", size_field="size")  # a picture is finished by the task worker
    return item


@audited
@transaction.atomic
def evidence_delete(*, actor: Actor, item: ActivityPhoto | ActivityFile) -> None:
    _evidence_target(actor, item.activity)
    stored = item.image if isinstance(item, ActivityPhoto) else item.file
    item.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@audited
@transaction.atomic
def field_task_add(*, actor: Actor, activity: Activity, title: str, instructions: str = "",
                   due_at: dt.datetime | None = None) -> FieldTask:
    current = _evidence_target(actor, activity)
    if current.kind != ActivityKind.STUDY_TRIP:
        raise ValidationError(_("Field tasks belong to study trips."))
    errors: dict[str, str] = {}
    title = clean_text(title, 100, "title", errors)
    instructions = clean_text(instructions, 4000, "instructions", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the task a title.")
    if due_at is not None and due_at < current.starts_at:
        errors["due_at"] = _("The task is due after the trip starts.")
    if errors:
        raise ValidationError(errors)
    order = current.field_tasks.count() + 1
    return FieldTask.objects.create(activity=current, title=title, instructions=instructions, due_at=due_at,
                                    order=order)


@audited
@transaction.atomic
def field_work_submit(*, actor: Actor, task: FieldTask, student: Student, text: str = "", upload=None) -> FieldWork:
    """A student (or their parent) hands in a field task: an answer, a file, or both; handing in again replaces it."""
    activity = task.activity
    if activity.school_id != actor.school.pk or student.pk not in selectors.family_student_ids(actor):
        raise Http404
    if not SignUp.objects.filter(activity=activity, student=student, status=SignUpStatus.SIGNED_UP).exists():
        raise ValidationError(_("Only the students with a place on the trip hand in its tasks."))
    if activity.status not in EVIDENCE_STATUSES:
        raise ValidationError(_("The activity is %(status)s: its tasks can no longer be handed in.") % {
            "status": activity.get_status_display()})
    errors: dict = {}
    text = clean_text(text, 4000, "text", errors)
    checked = None
    if upload:
        try:
            checked = check_file(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if not text and not upload and not errors:
        errors["text"] = _("Write the answer or attach a file.")
    if errors:
        raise ValidationError(errors)
    work = FieldWork.objects.filter(task=task, student=student).first() or FieldWork(task=task, student=student)
    work.text, work.submitted_at = text, timezone.now()
    if checked is not None:
        work.file = checked.content
    work.save()
    process_later(work, "file")  # a picture is finished by the task worker
    return work


@audited
@transaction.atomic
def field_work_feedback(*, actor: Actor, work: FieldWork, feedback: str) -> FieldWork:
    if not can(actor, "manage_activity", work.task.activity):
        raise Http404
    errors: dict[str, str] = {}
    work.feedback = clean_text(feedback, 2000, "feedback", errors)
    if errors:
        raise ValidationError(errors)
    work.save(update_fields=["feedback"])
    return work
