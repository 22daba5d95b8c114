"""Reads of the elders app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor

from .models import Elder, Mentorship

# --- registry (ELD-1) -----------------------------------------------------------------------------------


def elders(actor: Actor) -> QuerySet[Elder]:
    """Every elder of the school: all who may see elders see the list (names and public roles)."""
    actor.require("elders.view")
    return Elder.objects.filter(school=actor.school)


def elder_detail(actor: Actor, pk: int) -> Elder:
    return get_object_or_404(elders(actor), pk=pk)


def my_elder(actor: Actor) -> Elder | None:
    """The actor's own elder record, or None."""
    if actor.elder_id is None:
        return None
    return Elder.objects.get(pk=actor.elder_id)


def overdue_mentorships(school, today: dt.date) -> list[Mentorship]:
    """Active pairs whose last contact (or start, before any) is older than their contact plan allows.
    Not scoped to an actor: the reminder job and the scoped pages both build on it."""
    pairs = (Mentorship.objects.filter(school=school, ended_on__isnull=True)
             .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
             .annotate(last_contact=Max("contacts__date")).order_by("pk"))
    out: list[Mentorship] = []
    for m in pairs:
        since = m.last_contact or m.started_on
        if since + dt.timedelta(days=m.contact_every_days) < today:
            m.overdue_days = (today - since).days - m.contact_every_days  # type: ignore[attr-defined]
            out.append(m)  # type: ignore[arg-type]
    return out

# --- end registry

# --- work ----------------------------------------------------------------------------------------

# --- end work

# --- care ----------------------------------------------------------------------------------------

# --- end care

# --- team ----------------------------------------------------------------------------------------

# --- end team
