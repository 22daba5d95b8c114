"""Reads of the elder registry (ELD-1), scoped to the actor (rules.py holds the matching predicates)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from xinhuo.core import selectors as core_selectors
from xinhuo.core.access import Actor

from ..models import Assignment, Elder, ElderRole, Specialty
from ..selectors import with_load


def elders(actor: Actor) -> QuerySet[Elder]:
    """Every elder of the school: all who may see elders see the list (names and public roles)."""
    actor.require("elders.view")
    return Elder.objects.filter(school=actor.school)


def elder_profiles(actor: Actor) -> QuerySet[Elder]:
    """The school's elders with their active roles held and weekly availability (detail page, API).
    Outside the committee, a paused or departed elder is not shown (as on the list), but to themself."""
    qs = elders(actor)
    if not actor.can("elders.manage"):
        qs = qs.filter(Q(status=Elder.Status.ACTIVE) | Q(pk=actor.elder_id or 0))
    return with_load(qs).prefetch_related(_active_assignments(), "availability")


def elder_detail(actor: Actor, pk: int) -> Elder:
    return get_object_or_404(elder_profiles(actor), pk=pk)


def _active_assignments() -> Prefetch:
    """Each elder's active assignments as `active_assignments` (roles held, current load): one query a page."""
    return Prefetch("assignments", to_attr="active_assignments",
                     queryset=Assignment.objects.filter(status=Assignment.Status.ACTIVE).order_by("role", "pk"))


def roles_held(elder: Elder) -> list[str]:
    """The labels of the roles an elder holds now (public), each once; needs elder_list or elder_detail."""
    codes = dict.fromkeys(a.role for a in getattr(elder, "active_assignments", []))
    return [str(ElderRole(c).label) for c in codes if c in ElderRole.values]


def current_load(elder: Elder) -> int:
    """Active assignments, active apprenticeship pairs as mentor and active mentoring pairs with students: the
    load matching weighs too (matching.elder_load)."""
    if hasattr(elder, "assignment_load"):
        from ..work.matching import elder_load

        return elder_load(elder)
    return len(getattr(elder, "active_assignments", []))


def elder_list(actor: Actor, *, q: str = "", category: str = "", status: str = "", specialty: str = "",
               willingness: str = "", role: str = "") -> QuerySet[Elder]:
    """The registry list. Managers filter by everything; everyone else sees the active elders and may filter
    only by what they are shown (name, category, role held): status, specialties and willingness are not theirs
    to see. Three queries a page whatever its length (count, rows, roles held)."""
    qs = elders(actor)
    if not actor.can("elders.manage"):
        qs = qs.filter(status=Elder.Status.ACTIVE)
        status = specialty = willingness = ""
    qs = core_selectors.name_search(qs, q)
    if category in Elder.Category.values:
        qs = qs.filter(category=category)
    if status in Elder.Status.values:
        qs = qs.filter(status=status)
    if specialty in Specialty.values:
        qs = qs.filter(specialties__contains=f",{specialty},")
    if willingness in ElderRole.values:
        qs = qs.filter(willingness__contains=f",{willingness},")
    if role in ElderRole.values:
        qs = qs.filter(Exists(Assignment.objects.filter(elder=OuterRef("pk"), role=role,
                                                          status=Assignment.Status.ACTIVE)))
    return with_load(qs).prefetch_related(_active_assignments()).order_by("name", "pk")


def availability_slot(actor: Actor, pk: int):
    """A weekly availability slot of an elder of the school (who may change it: rules.edit_elder_availability)."""
    from ..models import Availability

    return get_object_or_404(Availability.objects.select_related("elder").filter(elder__in=elders(actor)), pk=pk)


def elder_export_rows(actor: Actor, **filters) -> QuerySet[Elder]:
    """What the export writes: the list with the same filters, for the committee only."""
    actor.require("elders.manage")
    return elder_list(actor, **filters)
