"""Reads of the scales, for the counsellors (screening.manage): the standard scales and their school's configured
ones, with the school's campaigns that use each."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from xinhuo.core.access import Actor

from ..models import Campaign, Scale


def scales(actor: Actor) -> QuerySet[Scale]:
    """The standard scales, then the school's configured ones, each with `used` (the school's campaigns using it)
    and `item_count`."""
    if not actor.can("screening.manage"):
        return Scale.objects.none()
    return (Scale.objects.filter(Q(school__isnull=True) | Q(school=actor.school))
            .annotate(used=Count("campaigns", filter=Q(campaigns__school=actor.school), distinct=True),
                      item_count=Count("items", distinct=True))
            .order_by("-standard", "name", "pk"))


def scale_detail(actor: Actor, pk: int) -> Scale:
    """A standard scale or one of the school's, with what Scale.spec reads; 404 otherwise."""
    scale = scales(actor).prefetch_related("items", "options", "bands").filter(pk=pk).first()
    if scale is None:
        raise Http404
    return scale


def own_scale(actor: Actor, pk: int) -> Scale:
    """A configured scale of the actor's school (the one a counsellor may change); 404 otherwise."""
    scale = scale_detail(actor, pk)
    if scale.standard or scale.school_id != actor.school.pk:
        raise Http404
    return scale


def used_in(actor: Actor, scale: Scale) -> QuerySet[Campaign]:
    """The school's campaigns that use the scale."""
    return Campaign.objects.filter(school=actor.school, campaign_scales__scale=scale).distinct().order_by(
        "-opens_at", "-pk")
