"""Reads of the exchange with peer committees (COM-5), scoped to the actor: the school's peers and entries for
staff ("community.exchange.view"), nothing for anyone else. Lists take a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor, roles_with
from xinhuo.core.masking import mask_phone
from xinhuo.core.models import User

from .models import EntryKind, ExchangeEntry, ExchangePhoto, Peer, PeerKind
from .rules import can

RECENT_ACTIVITY_DAYS = 400  # the activities offered for a shared-activity entry: about the last school year


def views(actor: Actor) -> bool:
    return actor.can("community.exchange.view")


def manages(actor: Actor) -> bool:
    return actor.can("community.exchange.manage")


def peers(actor: Actor) -> QuerySet[Peer]:
    if not views(actor):
        return Peer.objects.none()
    return Peer.objects.filter(school=actor.school)


def peer_list(actor: Actor, *, kind: str = "", show_inactive: bool = False) -> QuerySet[Peer]:
    """The peers with their number of entries and last exchange (correlated subqueries, not a GROUP BY: only the
    page's rows are counted, and the page's COUNT stays a plain one)."""
    qs = peers(actor)
    if kind in PeerKind.values:
        qs = qs.filter(kind=kind)
    if not show_inactive:
        qs = qs.filter(active=True)
    of_peer = ExchangeEntry.objects.filter(peer=OuterRef("pk")).order_by().values("peer")
    return qs.annotate(
        n_entries=Coalesce(Subquery(of_peer.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0),
        last_date=Subquery(of_peer.annotate(d=Max("date")).values("d")),
    ).order_by("-active", "kind", "name", "pk")


def peer_choices(actor: Actor, *, include: Peer | None = None) -> list[Peer]:
    """The active peers a new entry may be about (and the entry's own peer, if it is inactive now)."""
    qs = peers(actor).filter(Q(active=True) | Q(pk=include.pk if include else None)).order_by("kind", "name")
    return list(qs)


def peer_detail(actor: Actor, pk: int) -> Peer:
    return get_object_or_404(peers(actor), pk=pk)


def phone_shown(actor: Actor, peer: Peer) -> str:
    """The contact's phone: in full for the committee, masked for other staff."""
    return peer.contact_phone if can(actor, "see_phone", peer) else mask_phone(peer.contact_phone)


def entries(actor: Actor) -> QuerySet[ExchangeEntry]:
    if not views(actor):
        return ExchangeEntry.objects.none()
    return ExchangeEntry.objects.filter(school=actor.school)


def entry_list(actor: Actor, *, peer: int | None = None, kind: str = "", year: int | None = None,
               open_only: bool = False) -> QuerySet[ExchangeEntry]:
    """The exchange log, newest first: one peer's or all, of a kind, of a calendar year, or the documents still
    to handle (soonest due first). One query for the rows, whatever their number."""
    qs = entries(actor)
    if peer:
        qs = qs.filter(peer_id=peer)
    if kind in EntryKind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    order: tuple[str, ...] = ("-date", "-pk")
    if open_only:
        qs, order = qs.filter(to_handle=True, done_at__isnull=True), ("due", "date", "pk")
    photos = (ExchangePhoto.objects.filter(entry=OuterRef("pk")).order_by().values("entry")
              .annotate(n=Count("pk")).values("n"))
    return (qs.select_related("peer", "owner", "activity")
            .annotate(n_photos=Coalesce(Subquery(photos, output_field=IntegerField()), 0)).order_by(*order))


def years(actor: Actor) -> list[int]:
    """The calendar years that have entries, and this year, newest first (the timeline's year filter)."""
    found = set(entries(actor).dates("date", "year").values_list("date__year", flat=True)) if views(actor) else set()
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


def entry_detail(actor: Actor, pk: int) -> ExchangeEntry:
    return get_object_or_404(
        entries(actor).select_related("peer", "owner", "activity", "done_by", "created_by")
        .prefetch_related(Prefetch("photos", queryset=ExchangePhoto.objects.order_by("uploaded_at", "pk"))),
        pk=pk)


def photo_detail(actor: Actor, pk: int) -> ExchangePhoto:
    photo = get_object_or_404(ExchangePhoto.objects.select_related("entry"), pk=pk)
    if not can(actor, "view_photo", photo):
        from django.http import Http404

        raise Http404
    return photo


def owner_choices(actor: Actor) -> list[User]:
    """Who may own a document to handle: the staff of the school with an active account (they read the log)."""
    if not manages(actor):
        return []
    return list(User.objects.filter(memberships__school=actor.school, is_active=True,
                                    memberships__role__in=list(roles_with("community.exchange.view")))
                .distinct().order_by("full_name", "pk"))


def activity_choices(actor: Actor):
    """The school's activities of about the last year, through the activities app's own scope (the actor's)."""
    from xinhuo.activities import selectors as activities_selectors

    since = timezone.now() - dt.timedelta(days=RECENT_ACTIVITY_DAYS)
    return list(activities_selectors.activities(actor).filter(starts_at__gte=since)
                .order_by("-starts_at", "-pk")[:200])


def activity_for(actor: Actor, pk: int | None):
    """An activity the actor may see in their school, or None (unknown, another school's, or not visible)."""
    if not pk:
        return None
    from xinhuo.activities import selectors as activities_selectors

    return activities_selectors.activities(actor).filter(pk=pk).first()


def to_handle(actor: Actor) -> QuerySet[ExchangeEntry]:
    return entry_list(actor, open_only=True)


def exchange_panel(actor: Actor) -> dict | None:
    """The committee's dashboard block: the documents to handle with their due dates, and the last exchange."""
    if not manages(actor):
        return None
    today = timezone.localdate()
    todo = list(entries(actor).filter(to_handle=True, done_at__isnull=True).select_related("peer", "owner")
                .order_by("due", "date", "pk")[:5])
    last = entries(actor).filter(date__lte=today).select_related("peer").order_by("-date", "-pk").first()
    if not todo and last is None:
        return None
    return {"todo": todo, "last": last, "today": today,
            "soon": today + dt.timedelta(days=3)}
