"""Reads of the elders app as a whole: each elder's load, who the actor is (core's hooks), the
dashboard panels, and the elders other apps link to. Each part's reads are in its own selectors.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from xinhuo.core.access import Actor

from .models import ApprenticeshipPair, Assignment, Elder, YoungTeacher

# the load of each elder (the registry, matching and the care app's mentors)


def with_load(qs: QuerySet[Elder]) -> QuerySet[Elder]:
    """Annotate each elder's current load: active assignments (assignment_load), active pairs as mentor
    (mentor_load) and active mentoring pairs with students as a growth mentor (care_load, the care app), as
    correlated counts so they do not multiply each other."""
    from django.apps import apps

    active = Assignment.objects.filter(elder=OuterRef("pk"), status=Assignment.Status.ACTIVE)
    mentoring = ApprenticeshipPair.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True)
    students = apps.get_model("care", "MentoringPair").objects.filter(  # the care app builds on this one
        mentor__elder=OuterRef("pk"), ended_on__isnull=True)
    return qs.annotate(
        assignment_load=Coalesce(Subquery(active.order_by().values("elder").annotate(n=Count("pk")).values("n")),
                                  Value(0)),
        mentor_load=Coalesce(Subquery(mentoring.order_by().values("mentor").annotate(n=Count("pk")).values("n")),
                              Value(0)),
        care_load=Coalesce(Subquery(students.order_by().values("mentor__elder").annotate(n=Count("pk"))
                                    .values("n")), Value(0)),
    )


# --- who the actor is (core's actor hooks, declared in manifest.py) ----------------------------


def actor_elder_id(actor: Actor) -> int | None:
    return Elder.objects.filter(user=actor.user, school=actor.school).values_list("pk", flat=True).first()


def actor_young_teacher_id(actor: Actor) -> int | None:
    return (YoungTeacher.objects.filter(staff__user=actor.user, school=actor.school)
            .values_list("pk", flat=True).first())


@dataclass(frozen=True)
class Calling:
    """What an elder is called on for: their name (as an activity's speaker), the roles they hold now (active
    assignments) and their specialties, as codes."""

    name: str
    roles: frozenset[str]
    specialties: frozenset[str]


def elder_calling(actor: Actor) -> Calling | None:
    """The actor's calling as an elder (None: not an elder here), read once per actor: two small queries."""
    if actor.elder_id is None:
        return None
    cached = actor.__dict__.get("_elder_calling")
    if cached is None:
        name, specialties = Elder.objects.filter(pk=actor.elder_id).values_list("name", "specialties").get()
        roles = Assignment.objects.filter(elder_id=actor.elder_id, status=Assignment.Status.ACTIVE).values_list(
            "role", flat=True)
        cached = actor.__dict__["_elder_calling"] = Calling(name, frozenset(roles), frozenset(specialties or ()))
    return cached


def my_elder(actor: Actor) -> Elder | None:
    """The actor's own elder record, or None."""
    if actor.elder_id is None:
        return None
    return Elder.objects.get(pk=actor.elder_id)


# --- for other apps: elders they link to, without an actor at hand ---------------------------
# Unscoped on purpose: the caller checks the actor itself (a service) or has none (a receiver, a daily job).


def elders_of_school(school) -> QuerySet[Elder]:
    """Every elder of a school (a school or its pk), whatever their status."""
    return Elder.objects.filter(school=school)


def active_elders_of_school(school) -> QuerySet[Elder]:
    """The elders of a school serving now (neither paused nor left)."""
    return elders_of_school(school).filter(status=Elder.Status.ACTIVE)


def elders_in_team(school) -> QuerySet[Elder]:
    """The elders of a school who have not left the team (paused ones included)."""
    return elders_of_school(school).exclude(status=Elder.Status.LEFT)


def elder_is_active(elder: Elder) -> bool:
    """Whether the elder serves now (others check it without naming the model's choices)."""
    return elder.status == Elder.Status.ACTIVE


def elder_has_left(elder: Elder) -> bool:
    """Whether the elder has left the team."""
    return elder.status == Elder.Status.LEFT


def team_by_category(school) -> list[tuple[str, int]]:
    """The team (elders who have not left) counted per category, as (label, count) in the categories' order: the
    year-end report's 基本情况. One query."""
    from django.db.models import Count

    found = dict(elders_in_team(school).values_list("category").annotate(n=Count("pk")).order_by())
    return [(str(label), found[value]) for value, label in Elder.Category.choices if found.get(value)]
