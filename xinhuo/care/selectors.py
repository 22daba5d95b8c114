"""Reads of the care app, already scoped to the actor (see rules.py for the matching predicates)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role

from .models import SpecialGroup, StudentTag, TagStatus
from .rules import MANAGE_ALL_TAGS, SEE_ALL_TAGS


def _class_scope(actor: Actor, qs: QuerySet[StudentTag], school_wide: tuple[str, ...]) -> QuerySet[StudentTag]:
    if actor.has_role(*school_wide):
        return qs
    cond = Q(pk__in=[])
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        cond |= Q(student__school_class_id__in=actor.class_ids)
    return qs.filter(cond)


def tags(actor: Actor) -> QuerySet[StudentTag]:
    """The special-group tags the actor may see (rules.view_tag), any status; 404 for roles that never see tags."""
    actor.require("special_groups.view")
    qs = StudentTag.objects.filter(school=actor.school).select_related(
        "student__school_class", "group").order_by("review_on", "pk")
    return _class_scope(actor, qs, SEE_ALL_TAGS)


def manageable_tags(actor: Actor) -> QuerySet[StudentTag]:
    """The tags the actor may identify and follow up (rules.manage_tag)."""
    actor.require("special_groups.manage")
    return _class_scope(actor, tags(actor), MANAGE_ALL_TAGS)


def tags_in_effect(actor: Actor, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags whose review date has not passed on `on` (today by default)."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__gte=on)


def tags_due_for_review(actor: Actor, within_days: int = 30, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags to review within `within_days` of `on`, and those already expired (review date passed)."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__lte=on + dt.timedelta(days=within_days))


def tags_expired(actor: Actor, on: dt.date | None = None) -> QuerySet[StudentTag]:
    """Open tags whose review date has passed without a renewal."""
    on = on or timezone.localdate()
    return tags(actor).exclude(status=TagStatus.CLOSED).filter(review_on__lt=on)


def tag_history(tag: StudentTag) -> QuerySet:
    """The kept history of a tag the caller may already see."""
    return tag.history.select_related("by").order_by("at", "pk")


def special_groups(actor: Actor) -> QuerySet[SpecialGroup]:
    """The school's active special groups, in order (the defaults created on first use)."""
    from .services import special_groups_for

    actor.require("special_groups.view")
    special_groups_for(actor.school)
    return SpecialGroup.objects.filter(school=actor.school, active=True).order_by("order", "pk")
