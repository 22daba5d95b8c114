"""The exchange pages (COM-5): the committee logs an exchange with a document and photos, staff read the log and
the peers without their phones, parents and elders get 404, the year's timeline filters and exports to Excel, a
document's owner marks it done, the lists' queries do not grow with their rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from xinhuo.community.exchange import services
from xinhuo.community.exchange.models import Direction, EntryKind, ExchangeEntry
from xinhuo.core.tests.queries import rows_add_no_query

from .test_exchange_services import county, notice, pdf, png, sister  # noqa: F401

pytestmark = pytest.mark.django_db


def log(world, peer, n: int, **kw):
    for i in range(n):
        services.entry_create(actor=world.actor("director"), peer=peer, kind=EntryKind.MEETING,
                              date=dt.date(2026, 9, 1) + dt.timedelta(days=i), title=f"工作例会{i + 1}", **kw)


def test_the_director_logs_a_visit_with_photos(world, sister):  # noqa: F811
    c = world.client("director")
    response = c.post(reverse("community:exchange-entry-create"), {
        "peer": sister.pk, "kind": EntryKind.VISIT, "direction": Direction.OUT, "date": "2026-10-16",
        "title": "赴青山村小学赠书", "participants": "关工委主任、五老代表", "summary": "捐赠图书 620 册。",
        "photos": [png(), png("b.png")]})
    entry = ExchangeEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("community:exchange-entry-detail",
                                                                           args=[entry.pk])
    assert entry.photos.count() == 2 and entry.created_by == world.users["director"]
    page = c.get(response["Location"]).content.decode()
    assert "赴青山村小学赠书" in page and "捐赠图书 620 册。" in page


def test_a_refused_entry_comes_back_with_the_message(world, county):  # noqa: F811
    response = world.client("leader").post(reverse("community:exchange-entry-create"), {
        "peer": county.pk, "kind": EntryKind.DOCUMENT, "date": "2026-11-20", "title": "通知",
        "file": io.BytesIO(b"x")})
    assert response.status_code == 400 and not ExchangeEntry.objects.exists()


def test_staff_read_the_log_and_the_peer_without_its_phone(world, county):  # noqa: F811
    notice(world, county, upload=pdf("调研通知.pdf"))
    full = world.client("director").get(reverse("community:exchange-peer-detail", args=[county.pk])).content.decode()
    assert "13811112222" in full
    for persona in ("head_teacher_b", "counsellor", "finance", "admin"):
        c = world.client(persona)
        page = c.get(reverse("community:exchange-peer-detail", args=[county.pk])).content.decode()
        assert "13811112222" not in page and "138****2222" in page, persona
        assert "关于开展关心下一代工作调研的通知" in c.get(reverse("community:exchange-timeline")).content.decode()
        assert "13811112222" not in c.get(reverse("community:exchange-peers")).content.decode()
        api = c.get(reverse("api:exchange-peer-detail", args=[county.pk])).json()
        assert api["contact_phone"] == "138****2222", persona


def test_parents_students_elders_and_outsiders_see_nothing(world, county):  # noqa: F811
    e = notice(world, county, upload=pdf())
    for persona in ("parent_x", "student_x", "elder"):
        c = world.client(persona)
        for url in (reverse("community:exchange-timeline"), reverse("community:exchange-peers"),
                    reverse("community:exchange-entry-detail", args=[e.pk]),
                    reverse("community:exchange-entry-file", args=[e.pk]),
                    reverse("api:exchange-entry-list")):
            assert c.get(url).status_code == 404, (persona, url)
    outsider = world.client("outsider")
    assert outsider.get(reverse("community:exchange-entry-detail", args=[e.pk])).status_code == 404
    assert outsider.get(reverse("community:exchange-peer-detail", args=[county.pk])).status_code == 404
    listing = outsider.get(reverse("community:exchange-peers")).content.decode()
    assert reverse("community:exchange-peer-detail", args=[county.pk]) not in listing
    assert outsider.get(reverse("api:exchange-entry-list")).json()["count"] == 0


def test_the_document_downloads_for_staff_under_its_name(world, county):  # noqa: F811
    e = notice(world, county, upload=pdf("调研通知.pdf"))
    response = world.client("head_teacher_b").get(reverse("community:exchange-entry-file", args=[e.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_owner_marks_the_document_done_from_its_page(world, county):  # noqa: F811
    e = notice(world, county)
    url = reverse("community:exchange-entry-detail", args=[e.pk])
    assert 'id="entry-done-form"' in world.client("head_teacher_a").get(url).content.decode()
    assert 'id="entry-done-form"' not in world.client("head_teacher_b").get(url).content.decode()
    response = world.client("head_teacher_a").post(reverse("community:exchange-entry-done", args=[e.pk]),
                                                   {"note": "已报送调研表"})
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.done_note == "已报送调研表" and e.done_by == world.users["head_teacher_a"]


def test_the_timeline_filters_by_peer_kind_year_and_open(world, county, sister):  # noqa: F811
    log(world, county, 2)
    services.entry_create(actor=world.actor("director"), peer=sister, kind=EntryKind.VISIT,
                          direction=Direction.IN, date=dt.date(2025, 11, 5), title="去年的来访")
    doc = notice(world, county)
    c = world.client("counsellor")
    url = reverse("community:exchange-timeline")
    page = c.get(url).content.decode()  # this year by default
    assert "工作例会1" in page and "去年的来访" not in page
    assert "去年的来访" in c.get(url, {"year": "2025"}).content.decode()
    assert "去年的来访" in c.get(url, {"year": ""}).content.decode()
    only_sister = c.get(url, {"peer": sister.pk, "year": ""}).content.decode()
    assert "去年的来访" in only_sister and "工作例会1" not in only_sister
    meetings = c.get(url, {"kind": EntryKind.MEETING}).content.decode()
    assert "工作例会2" in meetings and doc.title not in meetings
    todo = c.get(url, {"open": "1", "year": ""}).content.decode()
    assert doc.title in todo and "工作例会1" not in todo


def test_the_excel_export_holds_the_filtered_year_without_phones(world, county, sister):  # noqa: F811
    log(world, county, 3)
    services.entry_create(actor=world.actor("director"), peer=sister, kind=EntryKind.VISIT,
                          direction=Direction.IN, date=dt.date(2025, 11, 5), title="去年的来访")
    notice(world, county)
    response = world.client("leader").get(reverse("community:exchange-export"), {"year": "2026"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith("2026.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("日期", "交流对象", "对象类型", "交流类型", "方向", "标题")
    titles = [r[5] for r in rows[1:]]
    assert len(titles) == 4 and "去年的来访" not in titles and "关于开展关心下一代工作调研的通知" in titles
    assert not any("13811112222" in str(v) for r in rows for v in r)
    doc = next(r for r in rows if r[5] == "关于开展关心下一代工作调研的通知")
    assert doc[4] == "Received" or doc[4] == "收到" or doc[4]  # the direction in words
    assert doc[13] in ("待办", "逾期未办")


def _queries(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_list_queries_do_not_grow_with_rows(world, county, sister):  # noqa: F811
    c = world.client("director")
    log(world, county, 2, photos=[png()])
    small = {name: _queries(c, reverse(name)) for name in ("community:exchange-timeline", "community:exchange-peers")}
    small_peer = _queries(c, reverse("community:exchange-peer-detail", args=[county.pk]))
    small_api = _queries(c, reverse("api:exchange-entry-list"))
    log(world, county, 30, photos=[png()])
    log(world, sister, 5)
    for name, before in small.items():
        assert rows_add_no_query(before, _queries(c, reverse(name))), name
    assert rows_add_no_query(small_peer, _queries(c, reverse("community:exchange-peer-detail", args=[county.pk])))
    assert rows_add_no_query(small_api, _queries(c, reverse("api:exchange-entry-list")))


def test_the_committee_edits_a_peer_and_its_phone_stays_unless_changed(world, county):  # noqa: F811
    c = world.client("director")
    form = c.get(reverse("community:exchange-peer-edit", args=[county.pk])).content.decode()
    assert "13811112222" in form
    response = c.post(reverse("community:exchange-peer-edit", args=[county.pk]), {
        "name": "县关工委", "kind": "higher", "contact_name": "张主任", "contact_phone": "13811112222",
        "note": "每季度召开一次推进会", "active": "on"})
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.contact_name == "张主任" and county.contact_phone == "13811112222"


def test_the_dashboard_shows_the_committee_its_documents_to_handle(world, county):  # noqa: F811
    e = notice(world, county)
    page = world.client("director").get(reverse("dashboard")).content.decode()
    assert 'id="exchange-panel"' in page and e.title in page
    assert 'id="exchange-panel"' not in world.client("head_teacher_a").get(reverse("dashboard")).content.decode()
