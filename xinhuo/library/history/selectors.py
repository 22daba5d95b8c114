"""Reads of the school history (RES-5), scoped to the actor (rules.py holds the matching predicates): the timeline
(published items, drafts for the committee and their contributors) grouped by decade and year, an item, and the
people who may be named as contributors (the committee and the curator elders, read through elders' selectors)."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from xinhuo.core.access import Actor

from .models import HistoryItem, HistoryKind, HistoryStatus, HistoryTheme
from .rules import CURATOR_ROLE, can

Contributors = HistoryItem.contributors.through


def visible_q(actor: Actor) -> Q:
    if actor.can("library.history.manage"):
        return Q()
    mine = Exists(Contributors.objects.filter(historyitem_id=OuterRef("pk"), user_id=actor.user.pk))
    return Q(status=HistoryStatus.PUBLISHED) | Q(created_by=actor.user) | Q(mine)


def items(actor: Actor) -> QuerySet[HistoryItem]:
    actor.require("library.history.view")
    return HistoryItem.objects.filter(visible_q(actor), school=actor.school)


def item_list(actor: Actor, *, theme: str = "", kind: str = "", decade: int | None = None,
              status: str = "") -> QuerySet[HistoryItem]:
    qs = items(actor)
    if theme in HistoryTheme.values:
        qs = qs.filter(theme=theme)
    if kind in HistoryKind.values:
        qs = qs.filter(kind=kind)
    if decade:
        qs = qs.filter(year__gte=decade, year__lt=decade + 10)
    if status in HistoryStatus.values:
        qs = qs.filter(status=status)
    return qs.prefetch_related("contributors").order_by("year", "date", "pk")


def timeline(qs) -> list[dict]:
    """[{"decade": 1950, "years": [{"year": 1956, "items": [...]}, ...]}, ...], oldest first."""
    rows = list(qs)
    out = []
    for decade, in_decade in groupby(rows, key=lambda i: i.decade):
        years = [{"year": y, "items": list(group)} for y, group in groupby(in_decade, key=lambda i: i.year)]
        out.append({"decade": decade, "years": years})
    return out


def decades(actor: Actor) -> list[int]:
    years = items(actor).order_by().values_list("year", flat=True).distinct()
    return sorted({y - y % 10 for y in years})


def item_detail(actor: Actor, pk: int) -> HistoryItem:
    item = (HistoryItem.objects.filter(school=actor.school, pk=pk).select_related("created_by")
            .prefetch_related("contributors").first())
    if item is None or not actor.can("library.history.view") or not can(actor, "view_item", item):
        raise Http404
    return item


def editable(actor: Actor, pk: int) -> HistoryItem:
    item = item_detail(actor, pk)
    if not can(actor, "edit_item", item):
        raise Http404
    return item


def contributor_choices(school) -> QuerySet:
    """Users who may be named as contributors: elders of the school holding the curator role now, and the
    committee's members (director, leader)."""
    from xinhuo.core.models import Membership, Role
    from xinhuo.elders import selectors as elder_selectors

    curators = (elder_selectors.elders_in_team(school)
                .filter(assignments__role=CURATOR_ROLE, assignments__status="active", user__isnull=False)
                .values("user_id"))
    committee = Membership.objects.filter(school=school, role__in=[Role.DIRECTOR, Role.LEADER]).values("user_id")
    return (get_user_model().objects.filter(Q(pk__in=curators) | Q(pk__in=committee), is_active=True)
            .order_by("full_name", "username", "pk"))
