"""Writes of the committee's team: apprenticeship pairs, the young teacher reserve, research projects
and awards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import School
from xinhuo.core.validators import same_school

from .. import signals
from ..models import ApprenticeshipPair, Award, Elder, Participation, ResearchProject, StageStep, YoungTeacher
from ..rules import can

TEAM_TEXT_MAX = 2000
CITATION_MAX = 300  # what fits the certificate at a readable size
AWARD_DAYS_AHEAD = 90  # a certificate may be prepared before the ceremony, not a year before
CERTIFICATE_PREFIX = "XH"


def _require(actor: Actor, rule: str, obj=None) -> None:
    if not can(actor, rule, obj):
        raise Http404


def _text(errors: dict, field: str, value: str | None, *, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = _("At most %(n)d characters.") % {"n": limit}
    return value


def _past_date(errors: dict, field: str, value: dt.date | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors[field] = _("Enter a date.")
    elif value > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _check(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@audited
@transaction.atomic
def apprenticeship_create(
    *, actor: Actor, kind: str, mentor: Elder, mentee_elder: Elder | None = None,
    mentee_teacher: YoungTeacher | None = None, started_on: dt.date | None = None, goals: str = "",
    contact_every_days: int = 30,
) -> ApprenticeshipPair:
    """A new pair: a senior elder and a new elder (传帮带), or an elder and a young teacher (青年导师制).
    Refused: a pair that already exists and has not ended, an elder mentoring themself, a mentor who is
    paused or has left, a mentee elder who has left, a young teacher no longer in the reserve."""
    _require(actor, "create_apprenticeship")
    same_school(actor, mentor, mentee_elder, mentee_teacher)
    errors: dict = {}
    if kind == ApprenticeshipPair.Kind.NEW_ELDER:
        mentee_teacher = None
        if mentee_elder is None:
            errors["mentee_elder"] = _("Choose the new elder to be mentored.")
    elif kind == ApprenticeshipPair.Kind.YOUNG_TEACHER:
        mentee_elder = None
        if mentee_teacher is None:
            errors["mentee_teacher"] = _("Choose the young teacher to be mentored.")
    else:
        errors["kind"] = _("Choose the kind of pair.")
    _check(errors)
    # the mentor's row is locked: two requests creating the same pair at once queue here
    mentor = Elder.objects.select_for_update().get(pk=mentor.pk)
    if mentor.status != Elder.Status.ACTIVE:
        errors["mentor"] = _(
            "%(name)s is %(status)s: only an active elder can be a mentor. Set the elder active again first."
        ) % {"name": mentor.name, "status": mentor.get_status_display()}
    mentee_name = ""
    if mentee_elder is not None:
        mentee_elder = Elder.objects.get(pk=mentee_elder.pk)
        mentee_name = mentee_elder.name
        if mentee_elder.pk == mentor.pk:
            errors["mentee_elder"] = _("An elder cannot be their own mentor: choose two different "
                                                     "elders.")
        elif mentee_elder.status == Elder.Status.LEFT:
            errors["mentee_elder"] = _("%(name)s has left the committee.") % {"name": mentee_elder.name}
    if mentee_teacher is not None:
        mentee_teacher = YoungTeacher.objects.select_related("staff").get(pk=mentee_teacher.pk)
        mentee_name = mentee_teacher.staff.name
        if not mentee_teacher.active:
            errors["mentee_teacher"] = _(
                "%(name)s is no longer in the young teacher reserve.") % {"name": mentee_name}
    started_on = started_on or timezone.localdate()
    _past_date(errors, "started_on", started_on)
    if not 1 <= (contact_every_days or 0) <= 365:
        errors["contact_every_days"] = _("Between 1 and 365 days.")
    goals = _text(errors, "goals", goals, limit=TEAM_TEXT_MAX)
    _check(errors)
    existing = ApprenticeshipPair.objects.filter(mentor=mentor, mentee_elder=mentee_elder,
                                                 mentee_teacher=mentee_teacher,
                                            ended_on__isnull=True).first()
    duplicate = _(
        "%(mentor)s already mentors %(mentee)s (since %(date)s). End that pair before starting a new one.")
    if existing is not None:
        raise ValidationError(duplicate % {"mentor": mentor.name, "mentee": mentee_name,
                                                    "date": existing.started_on.isoformat()})
    try:
        with transaction.atomic():
            pair = ApprenticeshipPair.objects.create(
                school=actor.school, kind=kind, mentor=mentor, mentee_elder=mentee_elder,
                mentee_teacher=mentee_teacher, started_on=started_on, goals=goals,
                contact_every_days=contact_every_days)
    except IntegrityError:  # created by someone else a moment ago
        raise ValidationError(duplicate % {"mentor": mentor.name, "mentee": mentee_name,
                                                    "date": started_on.isoformat()}) from None
    signals.apprenticeship_changed.send(sender=ApprenticeshipPair, apprenticeship=pair, action="started", actor=actor)
    return pair


@audited
@transaction.atomic
def apprenticeship_end(*, actor: Actor, apprenticeship: ApprenticeshipPair, summary: str,
                   ended_on: dt.date | None = None) -> ApprenticeshipPair:
    """End a pair with a summary of what it achieved (required)."""
    _require(actor, "end_apprenticeship", apprenticeship)
    pair = ApprenticeshipPair.objects.select_for_update().get(pk=apprenticeship.pk)
    if pair.ended_on is not None:
        raise ValidationError(_("This pair already ended on %(date)s.")
                                       % {"date": pair.ended_on.isoformat()})
    errors: dict = {}
    summary = _text(errors, "summary", summary, limit=TEAM_TEXT_MAX,
                         required=_("Write a short summary of what the pair achieved."))
    ended_on = ended_on or timezone.localdate()
    _past_date(errors, "ended_on", ended_on)
    if "ended_on" not in errors and ended_on < pair.started_on:
        errors["ended_on"] = _("The pair started on %(date)s; it cannot end before that.") % {
            "date": pair.started_on.isoformat()}
    _check(errors)
    pair.ended_on, pair.summary = ended_on, summary
    pair.save(update_fields=["ended_on", "summary"])
    apprenticeship.ended_on, apprenticeship.summary = ended_on, summary
    signals.apprenticeship_changed.send(sender=ApprenticeshipPair, apprenticeship=pair, action="ended", actor=actor)
    return pair


@audited
@transaction.atomic
def young_teacher_add(*, actor: Actor, staff, joined_on: dt.date | None = None,
                      goals: str = "") -> YoungTeacher:
    """Add a staff member to the young teacher reserve, at the first stage of the roadmap."""
    _require(actor, "add_young_teacher")
    same_school(actor, staff)
    errors: dict = {}
    if not staff.active:
        errors["staff"] = _("%(name)s is no longer in post.") % {"name": staff.name}
    existing = YoungTeacher.objects.filter(staff=staff).first()
    if existing is not None and not existing.active:
        errors["staff"] = _("%(name)s left the reserve; bring them back from their page, where their record "
                            "is kept.") % {"name": staff.name}
    elif existing is not None:
        errors["staff"] = _("%(name)s is already in the young teacher reserve (since %(date)s).") % {
            "name": staff.name, "date": existing.joined_on.isoformat()}
    joined_on = joined_on or timezone.localdate()
    _past_date(errors, "joined_on", joined_on)
    goals = _text(errors, "goals", goals, limit=TEAM_TEXT_MAX)
    _check(errors)
    try:
        with transaction.atomic():
            yt = YoungTeacher.objects.create(school=actor.school, staff=staff, joined_on=joined_on, goals=goals,
                                                stage=YoungTeacher.Stage.LEARNING)
    except IntegrityError:
        raise ValidationError({"staff": _(
            "%(name)s is already in the young teacher reserve (since %(date)s).") % {
            "name": staff.name, "date": joined_on.isoformat()}}) from None
    StageStep.objects.create(young_teacher=yt, stage=yt.stage, reached_on=joined_on, by=actor.user)
    return yt


@audited
@transaction.atomic
def young_teacher_set_active(*, actor: Actor, young_teacher: YoungTeacher, active: bool) -> YoungTeacher:
    """Take a young teacher out of the reserve, or bring them back; their record and history are kept.
    Leaving while an elder still mentors them is refused: the pair is ended first, with its summary."""
    _require(actor, "set_young_teacher_stage", young_teacher)
    yt = YoungTeacher.objects.select_for_update(of=("self",)).select_related("staff").get(pk=young_teacher.pk)
    if yt.active == active:
        raise ValidationError(_("%(name)s is already in the reserve.") % {"name": yt.staff.name} if active
                              else _("%(name)s has already left the reserve.") % {"name": yt.staff.name})
    if not active and ApprenticeshipPair.objects.filter(mentee_teacher=yt, ended_on__isnull=True).exists():
        raise ValidationError(_("%(name)s still has a mentor: end the pair with its summary first.")
                              % {"name": yt.staff.name})
    if active and not yt.staff.active:
        raise ValidationError(_("%(name)s is no longer in post.") % {"name": yt.staff.name})
    yt.active = active
    yt.save(update_fields=["active"])
    young_teacher.active = active
    return yt


@audited
@transaction.atomic
def young_teacher_set_stage(*, actor: Actor, young_teacher: YoungTeacher, stage: str,
                            reached_on: dt.date | None = None, note: str = "") -> StageStep:
    """Move a young teacher to another stage of the growth roadmap; the step is kept in the history."""
    _require(actor, "set_young_teacher_stage", young_teacher)
    yt = YoungTeacher.objects.select_for_update(of=("self",)).select_related("staff").get(pk=young_teacher.pk)
    errors: dict = {}
    if stage not in YoungTeacher.Stage.values:
        errors["stage"] = _("Choose a stage of the roadmap.")
    elif stage == yt.stage:
        errors["stage"] = _("%(name)s is already at the stage “%(stage)s”.") % {
            "name": yt.staff.name, "stage": yt.get_stage_display()}
    if not yt.active:
        errors["stage"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": yt.staff.name}
    reached_on = reached_on or timezone.localdate()
    _past_date(errors, "reached_on", reached_on)
    last = yt.stage_steps.order_by("-reached_on", "-pk").first()
    if "reached_on" not in errors:
        if reached_on < yt.joined_on:
            errors["reached_on"] = _("%(name)s joined the reserve on %(date)s; a stage cannot be "
                                                   "reached before that.") % {"name": yt.staff.name,
                                                                               "date": yt.joined_on.isoformat()}
        elif last is not None and reached_on < last.reached_on:
            errors["reached_on"] = _("The previous stage was reached on %(date)s; the new one cannot "
                                                   "be earlier.") % {"date": last.reached_on.isoformat()}
    note = _text(errors, "note", note, limit=200)
    _check(errors)
    step = StageStep.objects.create(young_teacher=yt, stage=stage, reached_on=reached_on, note=note,
                                       by=actor.user)
    yt.stage = stage
    yt.save(update_fields=["stage"])
    young_teacher.stage = stage
    return step


@audited
@transaction.atomic
def participation_record(*, actor: Actor, young_teacher: YoungTeacher, date: dt.date | None, kind: str,
                         description: str, hours=0) -> Participation:
    """A record of what a young teacher did in the committee's work (the appraisal export lists them).
    The committee records for anyone in the reserve, a young teacher for themself."""
    _require(actor, "record_participation", young_teacher)
    errors: dict = {}
    if not young_teacher.active:
        errors["__all__"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": young_teacher.staff.name}
    _past_date(errors, "date", date)
    if kind not in Participation.Kind.values:
        errors["kind"] = _("Choose what kind of work it was.")
    description = _text(errors, "description", description, limit=200,
                             required=_("Say what the young teacher did."))
    try:
        amount = Decimal(str(hours if hours not in (None, "") else 0))
    except InvalidOperation:
        amount = Decimal("-1")
    if not amount.is_finite() or not Decimal(0) <= amount <= Decimal(24):
        errors["hours"] = _("Hours are between 0 and 24.")
    elif amount != amount.quantize(Decimal("0.1")):
        errors["hours"] = _("Hours have at most one decimal, for example 1.5.")
    _check(errors)
    assert date is not None
    return Participation.objects.create(young_teacher=young_teacher, date=date, kind=kind,
                                           description=description, hours=amount, recorded_by=actor.user)


def _project_values(actor: Actor, errors: dict, *, title: str, leader: YoungTeacher | None, members,
                    advisors, level: str, started_on: dt.date | None, due_on: dt.date | None, status: str,
                    outcomes: str) -> dict:
    members, advisors = list(members or []), list(advisors or [])
    same_school(actor, leader, *members, *advisors)
    values: dict[str, object] = {
        "title": _text(errors, "title", title, limit=200, required=_("Enter the title.")),
        "level": _text(errors, "level", level, limit=30),
        "outcomes": _text(errors, "outcomes", outcomes, limit=5000),
    }
    if leader is None:
        errors["leader"] = _("Choose the leader, a young teacher of the reserve.")
    elif not leader.active:
        errors["leader"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": leader.staff.name}
    gone = [m.staff.name for m in members if not m.active]
    if gone:
        errors["members"] = _("No longer in the young teacher reserve: %(names)s.") % {
            "names": "、".join(gone)}
    if started_on is None:
        errors["started_on"] = _("Enter a date.")
    elif due_on is not None and due_on < started_on:
        errors["due_on"] = _("The due date cannot be before the start date.")
    if status not in ResearchProject.Status.values:
        errors["status"] = _("Choose a status.")
    values.update(leader=leader, started_on=started_on, due_on=due_on, status=status)
    # the leader is named as leader, not again among the members
    return {**values, "members": [m for m in members if leader is None or m.pk != leader.pk], "advisors": advisors}


@audited
@transaction.atomic
def research_project_create(
    *, actor: Actor, title: str, leader: YoungTeacher | None, started_on: dt.date | None,
    members=(), advisors=(), level: str = "", due_on: dt.date | None = None,
    status: str = ResearchProject.Status.PLANNED, outcomes: str = "",
) -> ResearchProject:
    """A research project (课题) of young teachers, with elders as advisors."""
    actor.require("elders.manage")
    errors: dict = {}
    values = _project_values(actor, errors, title=title, leader=leader, members=members, advisors=advisors,
                             level=level, started_on=started_on, due_on=due_on, status=status, outcomes=outcomes)
    _check(errors)
    members, advisors = values.pop("members"), values.pop("advisors")
    project = ResearchProject.objects.create(school=actor.school, **values)
    project.members.set(members)
    project.advisors.set(advisors)
    return project


@audited
@transaction.atomic
def research_project_update(
    *, actor: Actor, project: ResearchProject, title: str, leader: YoungTeacher | None,
    started_on: dt.date | None, members=(), advisors=(), level: str = "", due_on: dt.date | None = None,
    status: str = ResearchProject.Status.PLANNED, outcomes: str = "",
) -> ResearchProject:
    """The committee edits everything of a project."""
    _require(actor, "edit_project", project)
    errors: dict = {}
    leader_changed = leader is not None and leader.pk != project.leader_id
    values = _project_values(actor, errors, title=title, leader=leader, members=members, advisors=advisors,
                             level=level, started_on=started_on, due_on=due_on, status=status, outcomes=outcomes)
    if not leader_changed and "leader" in errors and leader is not None:
        del errors["leader"]  # a leader who left the reserve since may stay the leader of their project
    _check(errors)
    members, advisors = values.pop("members"), values.pop("advisors")
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    project.members.set(members)
    project.advisors.set(advisors)
    return project


@audited
@transaction.atomic
def research_project_record_outcomes(*, actor: Actor, project: ResearchProject,
                                     outcomes: str) -> ResearchProject:
    """The project's leader (or the committee) keeps its outcomes up to date: papers, lessons, awards."""
    _require(actor, "edit_project_outcomes", project)
    errors: dict = {}
    outcomes = _text(errors, "outcomes", outcomes, limit=5000)
    _check(errors)
    project.outcomes = outcomes
    project.save(update_fields=["outcomes"])
    return project


def _next_certificate_no(school, year: int) -> str:
    """XH2026-007: the school's awards of that year are numbered 001, 002, … in the order they are made."""
    prefix = f"{CERTIFICATE_PREFIX}{year}-"
    taken = Award.objects.filter(school=school, certificate_no__startswith=prefix).values_list(
        "certificate_no", flat=True)
    numbers = [int(n[len(prefix):]) for n in taken if n[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@audited
@transaction.atomic
def award_create(
    *, actor: Actor, elder: Elder, title: str, level: str, awarded_on: dt.date | None, issuer: str,
    citation: str = "", on_wall: bool = True,
) -> Award:
    """An award to an elder, with the next certificate number of the school and year (XH2026-007)."""
    _require(actor, "create_award")
    same_school(actor, elder)
    errors: dict = {}
    title = _text(errors, "title", title, limit=100,
                       required=_("Enter the award, for example 优秀五老."))
    issuer = _text(errors, "issuer", issuer, limit=100,
                        required=_("Enter who gives the award, for example 学校关工委."))
    citation = _text(errors, "citation", citation, limit=CITATION_MAX)
    if level not in Award.Level.values:
        errors["level"] = _("Choose the level of the award.")
    if awarded_on is None:
        errors["awarded_on"] = _("Enter a date.")
    elif awarded_on > timezone.localdate() + dt.timedelta(days=AWARD_DAYS_AHEAD):
        errors["awarded_on"] = _("The date is more than %(n)d days ahead; check it.") % {
            "n": AWARD_DAYS_AHEAD}
    _check(errors)
    assert awarded_on is not None
    # the school's row is locked so that two awards made at once cannot take the same number
    school = School.objects.select_for_update().get(pk=actor.school.pk)
    award = None
    for _attempt in range(3):
        number = _next_certificate_no(school, awarded_on.year)
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    school=school, elder=elder, title=title, level=level, awarded_on=awarded_on, issuer=issuer,
                    citation=citation, certificate_no=number, on_wall=on_wall, created_by=actor.user)
            break
        except IntegrityError:  # a database without row locks (SQLite) raced us to the number: take the next
            continue
    if award is None:
        raise ValidationError(_("The certificate number could not be given; try again."))
    signals.award_given.send(sender=Award, award=award, actor=actor)
    return award


@audited
@transaction.atomic
def award_set_on_wall(*, actor: Actor, award: Award, on_wall: bool) -> Award:
    """Show an award on the honour wall, or take it off."""
    _require(actor, "edit_award", award)
    award.on_wall = bool(on_wall)
    award.save(update_fields=["on_wall"])
    return award
