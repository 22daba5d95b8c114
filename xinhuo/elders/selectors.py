"""Reads of the elders app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor

from .models import Elder

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

# --- end registry

# --- work ----------------------------------------------------------------------------------------

# --- end work

# --- care ----------------------------------------------------------------------------------------

# --- end care

# --- team ----------------------------------------------------------------------------------------

# --- end team
