"""Reads of the selections app, scoped to the actor as rules.py says (the rule and the scope agree: tests check
both for every persona)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor
from xinhuo.core.models import SchoolClass
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from .models import Nomination, Objection, Review, Selection, SelectionKind, Stage
from .rules import can, manages, sees_candidates, sees_counts


def selections(actor: Actor) -> QuerySet[Selection]:
    """Every selection of the school: the call for nominations and its criteria are public in the school."""
    actor.require("selections.view")
    return Selection.objects.filter(school=actor.school)


def selection_list(actor: Actor, *, kind: str = "", stage: str = "", year: int | None = None
                   ) -> QuerySet[Selection]:
    qs = selections(actor).select_related("school_year", "term").order_by("-created_at", "-pk")
    if kind in SelectionKind.values:
        qs = qs.filter(kind=kind)
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(school_year_id=year)
    return qs


def selection_detail(actor: Actor, pk: int) -> Selection:
    return get_object_or_404(selections(actor).select_related("school_year", "term", "created_by"), pk=pk)


def _public_q(selection: Selection) -> Q:
    if selection.stage == Stage.VOTING:
        return Q(review=Review.ACCEPTED)
    if selection.stage == Stage.PUBLICITY:
        return Q(proposed=True)
    if selection.stage == Stage.AWARDED:
        return Q(awarded_at__isnull=False)
    return Q(pk__in=[])


def _concerns_q(actor: Actor) -> Q:
    """rules.concerns as a filter: the actor's own nominations and, for a head teacher, those of their classes."""
    cond = Q(nominated_by=actor.user)
    if actor.class_ids:
        ids = list(actor.class_ids)
        cond |= Q(student__school_class_id__in=ids) | Q(school_class_id__in=ids)
        cond |= Q(Exists(people_selectors.guardian_links_of_classes(ids).filter(guardian_id=OuterRef("guardian_id"))))
    return cond


def nominations(actor: Actor, selection: Selection) -> QuerySet[Nomination]:
    """The nominations of a selection this actor may see, each with its vote count (`vote_count`)."""
    qs = Nomination.objects.filter(selection=selection)
    if not manages(actor):
        cond = _concerns_q(actor)
        if sees_candidates(actor, selection):
            cond |= _public_q(selection)
        qs = qs.filter(cond)
    return qs.annotate(vote_count=Count("votes")).order_by(F("rank").asc(nulls_last=True), "nominated_at", "pk")


def nomination_detail(actor: Actor, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.filter(selection__school=actor.school).select_related("selection", "student"), pk=pk)
    actor.require("selections.view")
    if not can(actor, "view_nomination", nomination):
        raise Http404
    return nomination


def counts(actor: Actor, selection: Selection) -> dict | None:
    """The vote's totals when this actor may see them: voters, and votes per nomination (in `nominations`)."""
    if not selection.voting or not sees_counts(actor, selection):
        return None
    return {"voters": selection.votes.count()}


def my_vote(actor: Actor, selection: Selection) -> int | None:
    """The nomination this actor voted for (only their own vote is ever shown to them)."""
    return selection.votes.filter(voter=actor.user).values_list("nomination_id", flat=True).first()


def objections(actor: Actor, selection: Selection) -> QuerySet[Objection]:
    """The managers every objection of the selection; anyone else those they raised."""
    qs = Objection.objects.filter(nomination__selection=selection).select_related("nomination", "raised_by",
                                                                                  "handled_by")
    return qs if manages(actor) else qs.filter(raised_by=actor.user)


def objection_detail(actor: Actor, pk: int) -> Objection:
    if not manages(actor):
        raise Http404
    return get_object_or_404(Objection.objects.filter(nomination__selection__school=actor.school)
                             .select_related("nomination__selection", "raised_by"), pk=pk)


def winners(actor: Actor) -> QuerySet[Nomination]:
    """The honour wall: every winner of the school's awarded selections, for every role (public fields only)."""
    actor.require("selections.view")
    return (Nomination.objects.filter(selection__school=actor.school, selection__stage=Stage.AWARDED,
                                      awarded_at__isnull=False)
            .select_related("selection")
            .only("pk", "name", "group", "reason", "awarded_at", "selection__id", "selection__title",
                  "selection__kind", "selection__stage")
            .order_by("-awarded_at", F("rank").asc(nulls_last=True), "pk"))


# who may be nominated by this actor (the nominate form's choices)


def nominee_choices(actor: Actor, selection: Selection) -> QuerySet:
    """The school's possible nominees of the selection's kind this actor may nominate (rules.py)."""
    all_of = manages(actor)
    ids = list(actor.class_ids)
    if selection.kind == SelectionKind.VIRTUE_YOUTH:
        qs = people_selectors.enrolled_students_of_school(actor.school).select_related("school_class__grade")
        return qs if all_of else qs.filter(school_class_id__in=ids)
    if selection.kind == SelectionKind.MODEL_PARENT:
        gs = people_selectors.guardians_of_school(actor.school)
        if not all_of:
            gs = gs.filter(Exists(people_selectors.guardian_links_of_classes(ids).filter(guardian_id=OuterRef("pk"))))
        return gs.order_by("name", "pk")
    if selection.kind == SelectionKind.OUTSTANDING_ELDER:
        es = elders_selectors.elders_in_team(actor.school)
        return es.order_by("name", "pk") if all_of else es.none()
    cs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    return cs if all_of else cs.filter(pk__in=ids)


def nominees_of_school(school, field: str) -> QuerySet:
    """Everyone of the school who could be a nominee in `field` (models.NOMINEE_FIELD), whatever the actor: the
    API looks the chosen nominee up here and the service decides whether this actor may nominate them."""
    if field == "student":
        return people_selectors.students_of_school(school)
    if field == "guardian":
        return people_selectors.guardians_of_school(school)
    if field == "elder":
        return elders_selectors.elders_of_school(school)
    return SchoolClass.objects.filter(school=school)
