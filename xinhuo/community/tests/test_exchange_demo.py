"""The demo school's exchange tells the autumn term: the county and the bureau's committees, two sister schools,
the county's autumn meeting, the visit with donated books, the return visit to a red-culture activity, the county's
notice the director must handle by mid-December, the experience report sent up; the second school has none."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.community.exchange import selectors
from xinhuo.community.exchange.models import Direction, EntryKind, ExchangeEntry, Peer, PeerKind
from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import School, User


@pytest.mark.django_db
def test_the_demo_exchange():
    build_demo(size="small", password="Demo-Pass-2026")
    director = User.objects.get(username="director")
    school = director.memberships.get().school
    peers = {p.name: p for p in Peer.objects.filter(school=school)}
    assert {p.kind for p in peers.values()} == {PeerKind.HIGHER, PeerKind.SISTER} and len(peers) == 4
    assert all(p.contact_phone for p in peers.values())
    entries = list(ExchangeEntry.objects.filter(school=school).select_related("peer", "activity"))
    assert {e.kind for e in entries} == set(EntryKind.values)
    assert all(dt.date(2026, 9, 1) <= e.date <= dt.date(2026, 12, 31) for e in entries)
    assert any("推进会" in e.title and e.peer.name == "县关工委" for e in entries)
    assert any(e.kind == EntryKind.VISIT and "赠书" in e.title for e in entries)
    shared = [e for e in entries if e.kind == EntryKind.ACTIVITY]
    assert len(shared) == 1 and shared[0].activity is not None and "红色" in shared[0].activity.title
    assert any(e.kind == EntryKind.DOCUMENT and e.direction == Direction.OUT and "经验材料" in e.title
               for e in entries)
    open_docs = [e for e in entries if e.open]
    assert len(open_docs) == 1 and open_docs[0].owner == director and open_docs[0].due.month == 12
    assert open_docs[0].peer.kind == PeerKind.HIGHER
    # the director's dashboard panel shows it; the second school has no exchange
    panel = selectors.exchange_panel(build_actor(director, school.pk))
    assert panel and [e.pk for e in panel["todo"]] == [open_docs[0].pk] and panel["last"] is not None
    other = School.objects.exclude(pk=school.pk).get()
    assert not Peer.objects.filter(school=other).exists()
