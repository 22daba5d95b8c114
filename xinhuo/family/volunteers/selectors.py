"""Reads of parent volunteers, scoped to the actor (rules.py holds the same predicates for one object).

- a parent sees their own offer, the requests they are invited to, and the open calls of activities whose audience
  they are in, while they volunteer;
- the committee (director, leaders) sees every offer and request of the school, phones in full;
- a head teacher sees the offers of their classes' parents (phones masked);
- an organiser sees the requests of the activities they organise (and those they made)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from xinhuo.activities import selectors as activities_selectors
from xinhuo.core.access import Actor
from xinhuo.core.models import SchoolYear, Term
from xinhuo.people import selectors as people_selectors

from .models import ResponseStatus, VolunteerKind, VolunteerOffer, VolunteerRequest, VolunteerResponse
from .rules import can, is_committee

if TYPE_CHECKING:
    from xinhuo.activities.models import Activity

RS = ResponseStatus


# --- the roster ---------------------------------------------------------------------------------------------------


def my_offer(actor: Actor) -> VolunteerOffer | None:
    if not actor.guardian_id:
        return None
    return VolunteerOffer.objects.filter(guardian_id=actor.guardian_id, school=actor.school).first()


def offers(actor: Actor) -> QuerySet[VolunteerOffer]:
    """The offers the actor may see on the roster: the committee every one, a head teacher their classes'
    parents', anyone else none."""
    base = VolunteerOffer.objects.filter(school=actor.school)
    if is_committee(actor):
        return base
    if actor.class_ids:
        links = people_selectors.guardian_links_of_classes(actor.class_ids).filter(guardian_id=OuterRef("guardian_id"))
        return base.filter(Exists(links))
    return base.none()


def _with_child_at_school(qs: QuerySet[VolunteerOffer], school) -> QuerySet[VolunteerOffer]:
    """Offers of parents who still have a child at the school (a family whose children left is off the roster)."""
    enrolled = people_selectors.enrolled_students_of_school(school).values("pk")
    return qs.filter(guardian_id__in=people_selectors.guardians_of_students(enrolled).values("pk"))


def roster(actor: Actor, *, kind: str = "", school_class: int | None = None, weekday: int | None = None,
           q: str = "", active: bool = True) -> QuerySet[VolunteerOffer]:
    """The roster page and API: filtered by duty, a child's class, a day of the week, a word of the skills; the
    children's classes in one more query (a head teacher sees only their own classes' children). Parents whose
    children have all left the school are not on it."""
    qs = _with_child_at_school(offers(actor), actor.school)
    if active:
        qs = qs.filter(active=True)
    if kind in VolunteerKind.values:
        qs = qs.filter(kinds__contains=f",{kind},")
    if school_class:
        qs = qs.filter(Exists(people_selectors.guardian_links_of_classes([school_class])
                              .filter(guardian_id=OuterRef("guardian_id"))))
    if weekday and 1 <= weekday <= 7:
        qs = qs.filter(weekdays__contains=str(weekday))
    if q:
        qs = qs.filter(Q(skills__icontains=q) | Q(guardian__name__icontains=q) | Q(times__icontains=q))
    links = people_selectors.guardian_links_of_classes(
        actor.class_ids if not is_committee(actor) else _all_classes(actor)).select_related(
        "student__school_class__grade").filter(people_selectors.enrolled_filter("student__"))
    return (qs.select_related("guardian")
            .prefetch_related(Prefetch("guardian__student_links", queryset=links, to_attr="children"))
            .order_by("guardian__name", "pk"))


def _all_classes(actor: Actor):
    from xinhuo.core.models import SchoolClass

    return SchoolClass.objects.filter(school=actor.school).values("pk")


def shows_phone(actor: Actor) -> bool:
    """The committee sees volunteers' phones in full; a head teacher or an organiser masked."""
    return is_committee(actor)


# --- requests -----------------------------------------------------------------------------------------------------


def _with_counts(qs: QuerySet[VolunteerRequest]) -> QuerySet[VolunteerRequest]:
    return qs.select_related("activity", "created_by").annotate(
        accepted=Count("responses", filter=Q(responses__status=RS.ACCEPTED), distinct=True),
        declined=Count("responses", filter=Q(responses__status=RS.DECLINED), distinct=True),
        waiting=Count("responses", filter=Q(responses__status=RS.INVITED), distinct=True),
    )


def managed_requests(actor: Actor) -> QuerySet[VolunteerRequest]:
    """The requests an actor manages: the committee every one of the school; others those they made or of the
    activities they organise."""
    base = VolunteerRequest.objects.filter(school=actor.school)
    if is_committee(actor):
        return base
    return base.filter(Q(created_by=actor.user) | Q(activity__organiser=actor.user))


def request_list(actor: Actor, *, when: str = "upcoming") -> QuerySet[VolunteerRequest]:
    qs = _with_counts(managed_requests(actor))
    now = timezone.now()
    if when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=now)
    return qs.order_by("starts_at", "pk")


def request_detail(actor: Actor, pk) -> VolunteerRequest:
    """A request for those who manage it, and for a parent invited to it or to whom its open call is addressed."""
    request = _with_counts(VolunteerRequest.objects.filter(school=actor.school)).filter(pk=pk).first()
    if request is None or not (can(actor, "manage_request", request) or can(actor, "answer_request", request)):
        raise Http404
    return request


def responses(request: VolunteerRequest) -> list[VolunteerResponse]:
    """Who was asked and what they answered, with the parent (one query)."""
    order: dict[str, int] = {RS.ACCEPTED: 0, RS.INVITED: 1, RS.DECLINED: 2, RS.WITHDRAWN: 3}
    rows = list(VolunteerResponse.objects.filter(request=request).select_related("guardian"))
    return sorted(rows, key=lambda r: (order.get(r.status, 9), r.guardian.name, r.pk))


def audience_guardian_ids_q(activity: Activity) -> Q:
    """The parents an activity's open call speaks to: every parent when it is open to parents (or names no class),
    else the parents of the classes invited."""
    classes = list(activity.audience_classes.values_list("pk", flat=True))
    if activity.audience_parents or not classes:
        return Q()
    return Q(guardian_id__in=people_selectors.guardian_links_of_classes(classes).values("guardian_id"))


def candidates(actor: Actor, request: VolunteerRequest) -> list[VolunteerOffer]:
    """The active volunteers of the activity's audience not asked yet, those offering the duty first."""
    asked = VolunteerResponse.objects.filter(request=request).values("guardian_id")
    qs = (_with_child_at_school(VolunteerOffer.objects.filter(school=request.school_id, active=True),
                                request.school_id)
          .filter(audience_guardian_ids_q(request.activity)).exclude(guardian_id__in=asked)
          .select_related("guardian").order_by("guardian__name", "pk"))
    rows = list(qs[:500])
    return sorted(rows, key=lambda o: (request.kind not in o.kind_list, o.guardian.name))


def in_audience(guardian_id: int, activity: Activity) -> bool:
    q = audience_guardian_ids_q(activity)
    return VolunteerOffer.objects.filter(q, guardian_id=guardian_id).exists() if q else True


# --- the parent's own ----------------------------------------------------------------------------------------------


def my_responses(actor: Actor, *, upcoming: bool | None = None) -> QuerySet[VolunteerResponse]:
    if not actor.guardian_id:
        return VolunteerResponse.objects.none()
    qs = (VolunteerResponse.objects.filter(guardian_id=actor.guardian_id, request__school=actor.school)
          .select_related("request__activity"))
    now = timezone.now()
    if upcoming is True:
        qs = qs.filter(request__ends_at__gte=now).order_by("request__starts_at", "pk")
    elif upcoming is False:
        qs = qs.filter(request__ends_at__lt=now).order_by("-request__starts_at", "-pk")
    return qs


def open_calls(actor: Actor) -> list[VolunteerRequest]:
    """Open calls a volunteering parent may answer: upcoming, of published activities whose audience they are in,
    not full, not answered yet."""
    offer = my_offer(actor)
    if offer is None or not offer.active or actor.guardian_id is None:
        return []
    guardian_id: int = actor.guardian_id
    answered = VolunteerResponse.objects.filter(guardian_id=guardian_id).values("request_id")
    rows = (_with_counts(VolunteerRequest.objects.filter(school=actor.school, open_to_all=True,
                                                         starts_at__gt=timezone.now(),
                                                         activity__status__in=activities_selectors.PUBLISHED))
            .exclude(pk__in=answered).order_by("starts_at", "pk"))
    return [r for r in rows[:50] if r.accepted < r.needed and in_audience(guardian_id, r.activity)]  # type: ignore[attr-defined]


def hours_of(guardian_id: int, *, since: dt.date | None = None) -> Decimal:
    qs = VolunteerResponse.objects.filter(guardian_id=guardian_id, served=True)
    if since is not None:
        qs = qs.filter(request__starts_at__date__gte=since)
    return qs.aggregate(n=Sum("hours"))["n"] or Decimal("0")


def current_year(actor: Actor) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=actor.school, is_current=True).first()


def current_term(actor: Actor) -> Term | None:
    today = timezone.localdate()
    return Term.objects.filter(school_year__school=actor.school, start__lte=today, end__gte=today).first()


def hours_by_parent(actor: Actor, *, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet:
    """The committee's table: each parent's hours served in the period (by the duty's date), most first."""
    qs = VolunteerResponse.objects.filter(request__school=actor.school, served=True)
    if start is not None:
        qs = qs.filter(request__starts_at__date__gte=start)
    if end is not None:
        qs = qs.filter(request__starts_at__date__lte=end)
    return (qs.values("guardian_id", "guardian__name").annotate(hours=Sum("hours"), duties=Count("pk"))
            .order_by("-hours", "guardian__name"))


def hours_by_month(actor: Actor, *, start: dt.date, end: dt.date) -> list[tuple[str, Decimal]]:
    """The hours served per month of the period, for the chart (months without hours show 0)."""
    rows = VolunteerResponse.objects.filter(request__school=actor.school, served=True,
                                            request__starts_at__date__gte=start,
                                            request__starts_at__date__lte=end).values_list("request__starts_at",
                                                                                            "hours")
    totals: dict[str, Decimal] = {}
    month = start.replace(day=1)
    while month <= end:
        totals[f"{month.year}-{month.month:02d}"] = Decimal("0")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for at, hours in rows:
        local = timezone.localtime(at)
        key = f"{local.year}-{local.month:02d}"
        if key in totals:
            totals[key] += hours or 0
    return list(totals.items())


# --- panels -------------------------------------------------------------------------------------------------------


def activity_panel(actor: Actor, activity: Activity) -> dict | None:
    """The activity page's block: its requests with who accepted, for the organiser and the committee; for a
    parent, their invitations and open calls on it with the buttons."""
    from .rules import may_request_for

    if may_request_for(actor, activity):
        requests = list(_with_counts(VolunteerRequest.objects.filter(activity=activity)).order_by("starts_at", "pk"))
        accepted: dict[int, list[str]] = {}
        for row in (VolunteerResponse.objects.filter(request__activity=activity, status=RS.ACCEPTED)
                    .select_related("guardian").order_by("guardian__name")):
            accepted.setdefault(row.request_id, []).append(row.guardian.name)
        for r in requests:
            r.accepted_names = accepted.get(r.pk, [])  # type: ignore[attr-defined]
        return {"manages": True, "requests": requests, "activity": activity,
                "can_add": activity.status in REQUESTABLE and activity.ends_at > timezone.now()}
    if actor.guardian_id:
        mine = list(my_responses(actor).filter(request__activity=activity).exclude(status=RS.WITHDRAWN)
                    .order_by("request__starts_at"))
        calls = [r for r in open_calls(actor) if r.activity_id == activity.pk]
        if mine or calls:
            return {"manages": False, "mine": mine, "calls": calls, "activity": activity, "now": timezone.now()}
    return None


REQUESTABLE = frozenset({"approved", "running"})


def invitations_panel(actor: Actor) -> dict | None:
    """The parent's home page: invitations waiting for an answer and open calls."""
    if not actor.guardian_id or not actor.can("family.volunteers.offer"):
        return None
    waiting = list(my_responses(actor, upcoming=True).filter(status=RS.INVITED, request__starts_at__gt=timezone.now())
                   [:5])
    calls = open_calls(actor)[:3]
    if not waiting and not calls:
        return None
    return {"waiting": waiting, "calls": calls}


def hours_panel(actor: Actor) -> dict | None:
    """The committee's figure: parents' volunteer hours this term."""
    if not actor.can("family.volunteers.committee"):
        return None
    term = current_term(actor)
    qs = VolunteerResponse.objects.filter(request__school=actor.school, served=True)
    if term is not None:
        qs = qs.filter(request__starts_at__date__gte=term.start, request__starts_at__date__lte=term.end)
    total = qs.aggregate(n=Sum("hours"), people=Count("guardian", distinct=True))
    return {"hours": total["n"] or Decimal("0"), "people": total["people"] or 0, "term": term}


def selection_panel(actor: Actor, selection) -> dict | None:
    """On a 榜样家长 selection's page, for the committee: each guardian nominee's volunteer hours served in the
    selection's school year."""
    if getattr(selection, "kind", "") != "model_parent" or selection.school_id != actor.school.pk:
        return None
    if not actor.can("family.volunteers.committee"):
        return None
    from xinhuo.selections.selectors import nominations

    rows = [n for n in nominations(actor, selection) if n.guardian_id]
    year = selection.school_year
    totals = {r["guardian_id"]: r for r in hours_by_parent(actor, start=year.start, end=year.end).filter(
        guardian_id__in=[n.guardian_id for n in rows])}
    return {"year": year, "rows": [{"name": n.name, "group": n.group,
                                    "hours": totals.get(n.guardian_id, {}).get("hours") or Decimal("0"),
                                    "duties": totals.get(n.guardian_id, {}).get("duties") or 0} for n in rows]}
