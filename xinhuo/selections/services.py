"""Writes of the selections app (DESIGN.md's workflow pattern): the stage changes only here, through
core.workflow.apply_transition (current stage, the actor's permission, a SelectionStep, selection_changed; receivers.py
sends the notices). A refusal says why in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.care.growth.services import growth_entry_add_from_source
from xinhuo.care.models import GrowthKind
from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import SchoolYear, Term
from xinhuo.core.selectors import current_school_year
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from . import signals
from .models import (
    NOMINEE_FIELD,
    Nomination,
    Objection,
    Outcome,
    Review,
    Selection,
    SelectionKind,
    SelectionStep,
    Stage,
    Vote,
)
from .rules import can

TEXT_MAX = {"title": 100, "criteria": 4000, "issuer": 100}
COMMENT_MAX = 2000
REASON_MAX = 2000
OBJECTION_MAX = 1000
QUOTA_MAX = 500
EDITABLE = frozenset({Stage.NOMINATING, Stage.REVIEWING})
REVIEWABLE = frozenset({Stage.NOMINATING, Stage.REVIEWING})


TRANSITIONS: dict[str, Transition] = {
    "close_nominations": Transition(frozenset({Stage.NOMINATING}), Stage.REVIEWING),
    "open_voting": Transition(frozenset({Stage.REVIEWING}), Stage.VOTING),
    "publish": Transition(frozenset({Stage.REVIEWING, Stage.VOTING}), Stage.PUBLICITY),
    "award": Transition(frozenset({Stage.PUBLICITY}), Stage.AWARDED),
    "cancel": Transition(frozenset({Stage.NOMINATING, Stage.REVIEWING, Stage.VOTING, Stage.PUBLICITY}),
                         Stage.CANCELLED, comment_required=True),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=SelectionStep, subject="selection", signal=signals.selection_changed,
    can=can, rule="manage_selection", status_field="stage",
    refused=gettext_lazy("The selection is %(stage)s: this step is not possible now."),
    why=gettext_lazy("Say why, so that the nominators know."), comment_max=COMMENT_MAX)


def default_issuer(actor: Actor) -> str:
    return f"{actor.school.name}关工委"[:TEXT_MAX["issuer"]]


# --- selections -------------------------------------------------------------------------------------------------


def _fields(actor: Actor, *, kind: str, title: str, criteria: str, quota, term: Term | None,
            nominate_until: dt.date | None, issuer: str, errors: dict, current: Selection | None = None) -> dict:
    out: dict = {}
    for name, value in {"title": title, "criteria": criteria, "issuer": issuer}.items():
        out[name] = clean_text(value, TEXT_MAX[name], name, errors)
    if not out["title"] and "title" not in errors:
        errors["title"] = _("Give the selection a title, such as 2026-2027学年第一学期“美德少年”评选.")
    if not out["criteria"] and "criteria" not in errors:
        errors["criteria"] = _("Write the criteria: nominators and voters judge by them.")
    out["issuer"] = out["issuer"] or default_issuer(actor)
    if kind not in SelectionKind.values:
        errors["kind"] = choose_one_of(SelectionKind)
    if not isinstance(quota, int) or isinstance(quota, bool) or not 1 <= quota <= QUOTA_MAX:
        errors["quota"] = _("Enter how many may win, from 1 to %(n)d.") % {"n": QUOTA_MAX}
    year: SchoolYear | None
    if term is not None:
        if term.school_year.school_id != actor.school.pk:
            raise Http404
        year = term.school_year
    else:
        year = current_school_year(actor.school)
        if kind == SelectionKind.VIRTUE_YOUTH:
            errors["term"] = _("美德少年 is chosen each term: choose the term.")
        elif year is None:
            errors["term"] = _("The school has no current school year: set it up under School structure first.")
    if kind == SelectionKind.VIRTUE_YOUTH and term is not None:
        same = Selection.objects.filter(school=actor.school, kind=kind, term=term).exclude(stage=Stage.CANCELLED)
        if current is not None:
            same = same.exclude(pk=current.pk)
        if same.exists():
            errors["term"] = _("This term already has a 美德少年 selection; cancel it first to start another.")
    if nominate_until is not None and not isinstance(nominate_until, dt.date):
        errors["nominate_until"] = _("Enter a valid date.")
    elif nominate_until is not None and current is None and nominate_until < timezone.localdate():
        errors["nominate_until"] = _("The last day for nominations cannot be in the past.")
    return out | {"kind": kind, "quota": quota, "term": term, "school_year": year, "nominate_until": nominate_until}


@audited
@transaction.atomic
def selection_create(*, actor: Actor, kind: str, title: str, criteria: str, quota, term: Term | None = None,
                     voting: bool = False, nominate_until: dt.date | None = None, issuer: str = "") -> Selection:
    """A new selection, open for nominations at once."""
    actor.require("selections.manage")
    errors: dict[str, str] = {}
    fields = _fields(actor, kind=kind, title=title, criteria=criteria, quota=quota, term=term,
                     nominate_until=nominate_until, issuer=issuer, errors=errors)
    if errors:
        raise ValidationError(errors)
    selection = Selection(school=actor.school, voting=bool(voting), stage=Stage.NOMINATING, created_by=actor.user,
                          **fields)
    with acting(actor.user):
        selection.save()
    record_step(WORKFLOW, actor=actor, obj=selection, from_status="")
    return selection


def _locked(actor: Actor, selection: Selection) -> Selection:
    same_school(actor, selection)
    return lock(Selection, selection.pk)


@audited
@transaction.atomic
def selection_update(*, actor: Actor, selection: Selection, title: str, criteria: str, quota,
                     term: Term | None = None, voting: bool = False, nominate_until: dt.date | None = None,
                     issuer: str = "") -> Selection:
    """Change the call while nominations are open or under review; the kind never changes."""
    actor.require("selections.manage")
    current = _locked(actor, selection)
    if not can(actor, "manage_selection", current):
        raise Http404
    if current.stage not in EDITABLE:
        raise ValidationError(_("The selection is %(stage)s: it can be changed only while nominating or "
                                "reviewing.") % {"stage": current.get_stage_display()})
    errors: dict[str, str] = {}
    fields = _fields(actor, kind=current.kind, title=title, criteria=criteria, quota=quota, term=term,
                     nominate_until=nominate_until, issuer=issuer, errors=errors, current=current)
    if errors:
        raise ValidationError(errors)
    fields.pop("kind")
    for name, value in fields.items():
        setattr(current, name, value)
    current.voting = bool(voting)
    with acting(actor.user):
        current.save()
    return current


def _ranked(selection: Selection) -> list[Nomination]:
    """The accepted nominations, the most votes first (ties by who was nominated first)."""
    qs = selection.nominations.filter(review=Review.ACCEPTED).annotate(vote_count=Count("votes"))
    return list(qs.order_by("-vote_count", "nominated_at", "pk"))


def _check_reviewed(selection: Selection, errors: dict) -> None:
    pending = selection.nominations.filter(review=Review.PENDING).count()
    if pending:
        errors["__all__"] = _("%(n)d nomination(s) still wait for review: accept or reject each first.") % {
            "n": pending}
    elif not selection.nominations.filter(review=Review.ACCEPTED).exists():
        errors["__all__"] = _("No nomination has been accepted: there is nobody to stand.")


def _proposed(selection: Selection, errors: dict) -> list[Nomination]:
    """The publicity list: at most the quota, by votes when there was a vote; refuses what it cannot decide."""
    ranked = _ranked(selection)
    quota = selection.quota
    if len(ranked) <= quota:
        return ranked
    if not selection.voting:
        errors["__all__"] = _("%(n)d nominations are accepted but the quota is %(quota)d: reject some in review "
                              "first.") % {"n": len(ranked), "quota": quota}
        return []
    last = ranked[quota - 1].vote_count  # type: ignore[attr-defined]
    if ranked[quota].vote_count == last:  # type: ignore[attr-defined]
        tied = [n.name for n in ranked if n.vote_count == last]  # type: ignore[attr-defined]
        errors["__all__"] = _("A tie for the last place (%(names)s, %(n)d votes each): keep the vote open until it "
                              "is decided.") % {"names": "、".join(tied), "n": last}
        return []
    return ranked[:quota]


def _certificate_no(selection: Selection, on: dt.date, place: int) -> str:
    """PX2026-12-01: 评选 (PX), the year, the selection, the place — unique by construction, no race."""
    return f"PX{on.year}-{selection.pk}-{place:02d}"


def _growth_entries(selection: Selection, nomination: Nomination, on: dt.date) -> None:
    """A student winner's growth record; for a red class, each enrolled student of the class (a collective
    honour). The source reference makes it once only."""
    ref = f"selection:{selection.pk}:nomination:{nomination.pk}"
    honour = selection.honour
    if nomination.student is not None:
        growth_entry_add_from_source(student=nomination.student, kind=GrowthKind.AWARD, on=on,
                                     title=f"获评“{honour}”（{selection.title}）"[:120], source_ref=ref)
    elif nomination.school_class_id:
        for student in (people_selectors.enrolled_students_of_school(selection.school_id)
                        .filter(school_class_id=nomination.school_class_id).only("pk", "school_id")):
            growth_entry_add_from_source(student=student, kind=GrowthKind.AWARD, on=on,
                                         title=f"所在班级获评“{honour}”（{selection.title}）"[:120],
                                         source_ref=ref)


def _award(actor: Actor, selection: Selection, errors: dict) -> None:
    today = timezone.localdate()
    if selection.publicity_ends is None or today <= selection.publicity_ends:
        errors["__all__"] = _("The publicity runs until %(date)s: the award can be made from the day after.") % {
            "date": selection.publicity_ends.isoformat() if selection.publicity_ends else "—"}
        return
    open_ = Objection.objects.filter(nomination__selection=selection, outcome="").count()
    if open_:
        errors["__all__"] = _("%(n)d objection(s) are still open: answer each before the award.") % {"n": open_}
        return
    winners = list(selection.nominations.filter(proposed=True, review=Review.ACCEPTED)
                   .select_related("student").order_by("rank", "pk"))
    if not winners:
        errors["__all__"] = _("Nobody is left on the publicity list: there is nobody to award.")
        return
    if len(winners) > selection.quota:
        errors["__all__"] = _("%(n)d winners but the quota is %(quota)d: no more than the quota can be "
                              "awarded.") % {"n": len(winners), "quota": selection.quota}
        return
    now = timezone.now()
    for place, nomination in enumerate(winners, start=1):
        nomination.certificate_no = _certificate_no(selection, today, place)
        nomination.awarded_at = now
        nomination.rank = place
        with acting(actor.user):
            nomination.save(update_fields=["certificate_no", "awarded_at", "rank"])
        _growth_entries(selection, nomination, today)
    selection.awarded_on = today


@audited
def selection_step(*, actor: Actor, selection: Selection, action: str, comment: str = "",
                   publicity_ends: dt.date | None = None) -> Selection:
    """One step of the selection (TRANSITIONS); `publicity_ends` for "publish" (the last day of the 公示)."""
    proposed: list[Nomination] = []

    def check(current: Selection, errors: dict[str, Any]) -> None:
        nonlocal proposed
        if action == "close_nominations" and not current.nominations.exists():
            errors["__all__"] = _("Nobody has been nominated yet.")
        elif action == "open_voting":
            if not current.voting:
                errors["__all__"] = _("This selection has no vote: publish the list for publicity instead.")
            else:
                _check_reviewed(current, errors)
        elif action == "publish":
            if current.voting and current.stage == Stage.REVIEWING:
                errors["__all__"] = _("This selection has a vote: open the voting first.")
            else:
                _check_reviewed(current, errors)
            if not isinstance(publicity_ends, dt.date):
                errors["publicity_ends"] = _("Enter the last day of the publicity.")
            elif publicity_ends < timezone.localdate():
                errors["publicity_ends"] = _("The publicity cannot end in the past.")
            if not errors:
                proposed = _proposed(current, errors)
        elif action == "award":
            _award(actor, current, errors)

    def apply(current: Selection) -> None:
        if action == "publish":
            for place, nomination in enumerate(proposed, start=1):
                nomination.proposed, nomination.rank = True, place
            Nomination.objects.bulk_update(proposed, ["proposed", "rank"])
            current.publicity_ends = publicity_ends

    return apply_transition(WORKFLOW, actor=actor, obj=selection, action=action, comment=comment, check=check,
                            apply=apply)


# --- nominations --------------------------------------------------------------------------------------------


def nominee_label(field: str, nominee) -> tuple[str, str]:
    """The nominee's name and group as lists and certificates show them."""
    if field == "student":
        return nominee.name, str(nominee.school_class)
    if field == "guardian":
        return nominee.name, ""
    if field == "elder":
        with translation.override(settings.LANGUAGE_CODE):  # stored data: in the school's language, not the UI's
            return nominee.name, str(nominee.get_category_display())
    return str(nominee), ""


def _is_a(nominee: Any, field: str) -> bool:
    # the nomination's own foreign key names the model: no need to import it from the app that owns it
    model = Nomination._meta.get_field(field).related_model
    return isinstance(model, type) and isinstance(nominee, model)


def _may_nominate(actor: Actor, field: str, nominee) -> bool:
    """rules.py: a manager anyone of the school; a head teacher their classes' students, guardians, classes."""
    if actor.can("selections.manage"):
        return True
    ids = actor.class_ids
    if field == "student":
        return nominee.school_class_id in ids
    if field == "school_class":
        return nominee.pk in ids
    if field == "guardian":
        return nominee.student_links.filter(student__school_class_id__in=ids).exists()
    return False


@audited
@transaction.atomic
def nomination_add(*, actor: Actor, selection: Selection, nominee: Any, reason: str) -> Nomination:
    """推荐: one nominee of the selection's kind with their deeds, while nominations are open."""
    actor.require("selections.nominate")
    current = _locked(actor, selection)
    if not can(actor, "nominate", current):
        raise Http404
    if current.stage != Stage.NOMINATING:
        raise ValidationError(_("Nominations are closed: the selection is %(stage)s.") % {
            "stage": current.get_stage_display()})
    if current.nominate_until and timezone.localdate() > current.nominate_until:
        raise ValidationError(_("Nominations closed on %(date)s.") % {"date": current.nominate_until.isoformat()})
    field = NOMINEE_FIELD[SelectionKind(current.kind)]
    errors: dict[str, str] = {}
    reason = clean_text(reason, REASON_MAX, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Write the deeds: what the nominee did that meets the criteria.")
    if not _is_a(nominee, field):
        errors["nominee"] = {
            "student": _("Choose a student."), "guardian": _("Choose a parent."), "elder": _("Choose an elder."),
            "school_class": _("Choose a class.")}[field]
    elif nominee.school_id != actor.school.pk:
        errors["nominee"] = _("Choose someone of this school.")
    elif field == "student" and not people_selectors.student_is_enrolled(nominee):
        errors["nominee"] = _("%(name)s is no longer enrolled.") % {"name": nominee.name}
    elif field == "elder" and elders_selectors.elder_has_left(nominee):
        errors["nominee"] = _("%(name)s has left the team.") % {"name": nominee.name}
    elif not _may_nominate(actor, field, nominee):
        errors["nominee"] = _("You may nominate only from your own classes.")
    elif current.nominations.filter(**{field: nominee}).exists():
        errors["nominee"] = _("%(name)s is already nominated in this selection.") % {"name": str(
            getattr(nominee, "name", nominee))}
    if errors:
        raise ValidationError(errors)
    name, group = nominee_label(field, nominee)
    try:
        with transaction.atomic(), acting(actor.user):
            nomination = Nomination.objects.create(selection=current, name=name[:50], group=group[:50],
                                                   reason=reason, nominated_by=actor.user, **{field: nominee})
    except IntegrityError as exc:  # the same nominee, nominated at the same moment by someone else
        raise ValidationError({"nominee": _("%(name)s is already nominated in this selection.") % {
            "name": name}}) from exc
    signals.nomination_changed.send(sender=Nomination, nomination=nomination, action="added", actor=actor)
    return nomination


def _locked_nomination(actor: Actor, nomination: Nomination) -> Nomination:
    current = (Nomination.objects.select_for_update(of=("self",)).select_related("selection", "student")
               .filter(pk=nomination.pk, selection__school=actor.school).first())
    if current is None:
        raise Http404
    return current


@audited
@transaction.atomic
def nomination_review(*, actor: Actor, nomination: Nomination, decision: str, comment: str = "") -> Nomination:
    """审核: accept or reject (with a reason) while nominating or reviewing; never one's own nomination."""
    actor.require("selections.manage")
    current = _locked_nomination(actor, nomination)
    if not can(actor, "review_nomination", current):
        raise Http404
    if current.selection.stage not in REVIEWABLE:
        raise ValidationError(_("The selection is %(stage)s: the review is over.") % {
            "stage": current.selection.get_stage_display()})
    if current.nominated_by_id == actor.user.pk:
        raise ValidationError(_("You nominated %(name)s: another reviewer decides.") % {"name": current.name})
    errors: dict[str, str] = {}
    if decision not in (Review.ACCEPTED, Review.REJECTED):
        errors["decision"] = _("Choose accept or reject.")
    comment = clean_text(comment, COMMENT_MAX, "comment", errors)
    if decision == Review.REJECTED and not comment and "comment" not in errors:
        errors["comment"] = _("Say why it is rejected, so that the nominator knows.")
    if errors:
        raise ValidationError(errors)
    current.review, current.review_comment = decision, comment
    current.reviewed_by, current.reviewed_at = actor.user, timezone.now()
    with acting(actor.user):
        current.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    signals.nomination_changed.send(sender=Nomination, nomination=current, action="reviewed", actor=actor)
    return current


# --- the vote -----------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def vote_cast(*, actor: Actor, selection: Selection, nomination: Nomination) -> Vote:
    """One vote per voter per selection, for an accepted nomination, while the vote is open. A second vote is
    refused with a message and writes nothing (the unique constraint holds even for two requests at once)."""
    actor.require("selections.vote")
    current = _locked(actor, selection)
    if not can(actor, "vote", current):
        raise Http404
    if current.stage != Stage.VOTING:
        raise ValidationError(_("Voting is not open: the selection is %(stage)s.") % {
            "stage": current.get_stage_display()})
    fresh = Nomination.objects.filter(pk=nomination.pk, selection=current).first()  # as it is now
    if fresh is None:
        raise Http404
    if fresh.review != Review.ACCEPTED:
        raise ValidationError(_("Only accepted nominations stand for the vote."))
    if current.votes.filter(voter=actor.user).exists():
        raise ValidationError(_("You have already voted in this selection: one vote per person."))
    try:
        with transaction.atomic():
            return Vote.objects.create(selection=current, nomination=fresh, voter=actor.user)
    except IntegrityError as exc:
        raise ValidationError(_("You have already voted in this selection: one vote per person.")) from exc


# --- objections during the publicity -----------------------------------------------------------------------


@audited
@transaction.atomic
def objection_raise(*, actor: Actor, nomination: Nomination, text: str) -> Objection:
    """异议: anyone who sees the publicity list may object to a proposed winner until the publicity ends."""
    actor.require("selections.view")
    current = _locked_nomination(actor, nomination)
    selection = current.selection
    if not can(actor, "raise_objection", current):
        raise Http404
    if selection.stage != Stage.PUBLICITY or not current.proposed:
        raise ValidationError(_("Objections are taken during the publicity, for those on its list."))
    if selection.publicity_ends and timezone.localdate() > selection.publicity_ends:
        raise ValidationError(_("The publicity ended on %(date)s.") % {"date": selection.publicity_ends.isoformat()})
    errors: dict[str, str] = {}
    text = clean_text(text, OBJECTION_MAX, "text", errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what the objection is, with facts the committee can check.")
    if current.objections.filter(raised_by=actor.user, outcome="").exists():
        errors["text"] = _("Your objection to %(name)s is still being handled.") % {"name": current.name}
    if errors:
        raise ValidationError(errors)
    with acting(actor.user):
        objection = Objection.objects.create(nomination=current, raised_by=actor.user, text=text)
    signals.objection_changed.send(sender=Objection, objection=objection, action="raised", actor=actor)
    return objection


@audited
@transaction.atomic
def objection_handle(*, actor: Actor, objection: Objection, outcome: str, reply: str) -> Objection:
    """The committee answers an objection: upheld takes the nominee off the list (rejected, with the reply as the
    reason); dismissed leaves it."""
    actor.require("selections.manage")
    current = (Objection.objects.select_for_update(of=("self",)).select_related("nomination__selection")
               .filter(pk=objection.pk, nomination__selection__school=actor.school).first())
    if current is None or not can(actor, "manage_selection", current.nomination.selection):
        raise Http404
    if current.outcome:
        raise ValidationError(_("This objection was already answered."))
    if current.nomination.selection.stage != Stage.PUBLICITY:
        raise ValidationError(_("Objections are answered during the publicity."))
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = choose_one_of(Outcome)
    reply = clean_text(reply, OBJECTION_MAX, "reply", errors)
    if not reply and "reply" not in errors:
        errors["reply"] = _("Write the reply: the person who objected reads it.")
    if errors:
        raise ValidationError(errors)
    current.outcome, current.reply = outcome, reply
    current.handled_by, current.handled_at = actor.user, timezone.now()
    with acting(actor.user):
        current.save(update_fields=["outcome", "reply", "handled_by", "handled_at"])
        if outcome == Outcome.UPHELD:
            nomination = current.nomination
            nomination.proposed, nomination.review = False, Review.REJECTED
            nomination.review_comment = _("Objection upheld: %(reply)s") % {"reply": reply}
            nomination.reviewed_by, nomination.reviewed_at = actor.user, timezone.now()
            nomination.save(update_fields=["proposed", "review", "review_comment", "reviewed_by", "reviewed_at"])
    signals.objection_changed.send(sender=Objection, objection=current, action="handled", actor=actor)
    return current

