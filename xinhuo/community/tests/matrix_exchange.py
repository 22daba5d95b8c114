"""Access-matrix cases of exchange with peer committees: sister schools and the higher-level committee (COM-5).

Every staff member reads the peers and the log (the outsider: their own school's lists, none of this school's
records); the committee (director, leader) writes; a document to handle is marked done by its owner (head teacher
A here) or the committee. Parents, students and elders get 404 everywhere. The API follows the same rules."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
READERS = {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance"}
OWN_SCHOOL = {"outsider"}  # a director of another school: their own school's lists and forms
OWNER = "head_teacher_a"


def peer(w, e=None):
    from xinhuo.community.exchange.models import Peer, PeerKind

    return Peer.objects.get_or_create(school=w.school, name="县关工委", defaults={
        "kind": PeerKind.HIGHER, "contact_name": "王主任", "contact_phone": "13811112222"})[0].pk


def spare_peer(w, e=None):
    from xinhuo.community.exchange.models import Peer

    return Peer.objects.get_or_create(school=w.school, name="录错的对象")[0].pk


def entry(w, e=None):
    import datetime as dt

    from django.core.files.base import ContentFile

    from xinhuo.community.exchange.models import Direction, EntryKind, ExchangeEntry

    found = ExchangeEntry.objects.filter(school=w.school, title="关于开展关心下一代工作调研的通知").first()
    if found:
        return found.pk
    item = ExchangeEntry(school=w.school, peer_id=peer(w), kind=EntryKind.DOCUMENT, direction=Direction.IN,
                         date=dt.date(2026, 11, 20), title="关于开展关心下一代工作调研的通知", to_handle=True,
                         due=dt.date(2026, 12, 18), owner=w.users[OWNER], file_name="通知.pdf",
                         content_type="application/pdf", size=10)
    item.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), save=False)
    item.save()
    return item.pk


def photo(w, e=None):
    from xinhuo.community.exchange.models import ExchangePhoto

    found = ExchangePhoto.objects.filter(entry_id=entry(w)).first()
    if found:
        return found.pk
    return ExchangePhoto.objects.create(entry_id=entry(w), image="community/exchange/1/photos/pending-ab.jpg").pk


PEER_BODY = {"name": "", "kind": "sister"}
ENTRY_BODY = {"peer": 0, "kind": "visit", "date": "2026-12-01", "title": ""}

CASES: list = [
    Case("community:exchange-timeline", READERS | OWN_SCHOOL),
    Case("community:exchange-export", READERS | OWN_SCHOOL),
    Case("community:exchange-peers", READERS | OWN_SCHOOL),
    Case("community:exchange-peer-create", COMMITTEE | OWN_SCHOOL),
    Case("community:exchange-peer-create", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data=PEER_BODY),
    Case("community:exchange-peer-detail", READERS, kwargs=k(pk=peer)),
    Case("community:exchange-peer-edit", COMMITTEE, kwargs=k(pk=peer)),
    Case("community:exchange-peer-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=spare_peer)),
    Case("community:exchange-entry-create", COMMITTEE | OWN_SCHOOL),
    Case("community:exchange-entry-create", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data=ENTRY_BODY),
    Case("community:exchange-entry-detail", READERS, kwargs=k(pk=entry)),
    Case("community:exchange-entry-edit", COMMITTEE, kwargs=k(pk=entry)),
    Case("community:exchange-entry-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=entry)),
    Case("community:exchange-entry-done", COMMITTEE | {OWNER}, ok=302, method="post", data={"note": "已报送"},
         kwargs=k(pk=entry)),
    Case("community:exchange-entry-file", READERS, kwargs=k(pk=entry)),
    Case("community:exchange-photo", READERS, kwargs=k(pk=photo)),
    Case("community:exchange-photo-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=photo)),
    # the API
    Case("api:exchange-peer-list", READERS | OWN_SCHOOL, api=True),
    Case("api:exchange-peer-list", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data=PEER_BODY, api=True),
    Case("api:exchange-peer-detail", READERS, kwargs=k(pk=peer), api=True),
    Case("api:exchange-peer-detail", COMMITTEE, method="patch", data={"note": "每年互访两次"}, kwargs=k(pk=peer),
         api=True),
    Case("api:exchange-peer-detail", COMMITTEE, ok=204, method="delete", kwargs=k(pk=spare_peer), api=True),
    Case("api:exchange-entry-list", READERS | OWN_SCHOOL, api=True),
    Case("api:exchange-entry-list", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data=ENTRY_BODY, api=True),
    Case("api:exchange-entry-detail", READERS, kwargs=k(pk=entry), api=True),
    Case("api:exchange-entry-detail", COMMITTEE, method="patch", data={"summary": "已安排专人负责"},
         kwargs=k(pk=entry), api=True),
    Case("api:exchange-entry-detail", COMMITTEE, ok=204, method="delete", kwargs=k(pk=entry), api=True),
    Case("api:exchange-entry-done", COMMITTEE | {OWNER}, method="post", data={"note": "已报送"},
         kwargs=k(pk=entry), api=True),
]
