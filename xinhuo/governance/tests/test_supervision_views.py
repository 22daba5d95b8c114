"""Supervision's pages, API, home panel and daily warnings: overdue items first with words, an owner's own items
only, accountability records the leading group's alone (pages, API, panel, counts), lists whose queries do not
grow, the report download, and overdue warnings at most once a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from xinhuo.core.models import Notification
from xinhuo.core.registry import daily_jobs
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.governance.models import Accountability, Rectification, RectificationStatus
from xinhuo.governance.supervision import reminders, selectors, services

from .test_supervision_support import make_inspection, make_item, overdue, put_in_leading_group, today

pytestmark = pytest.mark.django_db
S = RectificationStatus


def failed_with_record(world):
    item = overdue(make_item(world, problem="宣传五老事迹偏少"))
    item = services.rectification_step(actor=world.actor("director"), rectification=item, action="fail",
                                       comment="逾期未整改")
    put_in_leading_group(world, "leader")
    services.accountability_add(actor=world.actor("leader"), rectification=item, person_name="陈老师",
                                decided_on=today(), measure="约谈提醒ZXQ", reason="整改未落实ZXR")
    return item


# --- the list ----------------------------------------------------------------------------------------------------


def test_overdue_items_come_first_marked_in_words(world):
    inspection = make_inspection(world)
    later = make_item(world, inspection, problem="制度未成文", due_in=3)
    late = overdue(make_item(world, inspection, problem="例会记录缺失", due_in=30))
    page = world.client("director").get("/governance/supervision/").content.decode()
    assert page.index(late.problem) < page.index(later.problem)
    start = page.index('data-overdue="1"')
    row = page[start:page.index("</a>", start)]
    assert late.problem in row
    label = row[row.index("data-overdue-label>") + len("data-overdue-label>"):]
    assert label[:label.index("<")].strip()  # words, not colour alone
    only = world.client("director").get("/governance/supervision/?overdue=on").content.decode()
    assert late.problem in only and later.problem not in only


def test_an_owner_sees_only_their_items_and_cannot_open_others(world):
    inspection = make_inspection(world)
    mine = make_item(world, inspection, problem="甲的问题")
    other = make_item(world, inspection, owner="head_teacher_b", problem="乙的问题")
    c = world.client("head_teacher_a")
    page = c.get("/governance/supervision/").content.decode()
    assert mine.problem in page and other.problem not in page
    assert c.get(f"/governance/supervision/rectifications/{mine.pk}/").status_code == 200
    assert c.get(f"/governance/supervision/rectifications/{other.pk}/").status_code == 404
    assert c.get(f"/governance/supervision/inspections/{inspection.pk}/").status_code == 404


def test_the_list_queries_do_not_grow(world):
    inspection = make_inspection(world)
    client = world.client("director")
    url = "/governance/supervision/"
    make_item(world, inspection)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(8):
        make_item(world, inspection, problem=f"问题{n}", owner="head_teacher_b" if n % 2 else "head_teacher_a")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert rows_add_no_query([q["sql"] for q in small.captured_queries], [q["sql"] for q in large.captured_queries])
    with CaptureQueriesContext(connection) as inspections_small:
        client.get("/governance/supervision/inspections/")
    make_inspection(world, title="互查")
    make_inspection(world, title="抽查", kind="spot")
    with CaptureQueriesContext(connection) as inspections_large:
        client.get("/governance/supervision/inspections/")
    assert len(inspections_large.captured_queries) == len(inspections_small.captured_queries)


# --- pages of an item --------------------------------------------------------------------------------------------


def test_the_owner_submits_on_the_page_and_the_director_closes(world):
    item = make_item(world)
    owner = world.client("head_teacher_a")
    upload = SimpleUploadedFile("记录.pdf", pdf_bytes("x"), content_type="application/pdf")
    r = owner.post(f"/governance/supervision/rectifications/{item.pk}/submit/",
                   {"evidence": "已补齐记录", "file": upload})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == S.SUBMITTED and item.evidence_file
    assert owner.get(f"/governance/supervision/rectifications/{item.pk}/evidence/").status_code == 200
    assert world.client("head_teacher_b").get(
        f"/governance/supervision/rectifications/{item.pk}/evidence/").status_code == 404
    r = world.client("director").post(f"/governance/supervision/rectifications/{item.pk}/step/",
                                      {"action": "return", "comment": ""})
    item.refresh_from_db()
    assert item.status == S.SUBMITTED  # refused: a return needs a comment
    world.client("director").post(f"/governance/supervision/rectifications/{item.pk}/step/", {"action": "close"})
    item.refresh_from_db()
    assert item.status == S.CLOSED


def test_scoring_on_the_page_then_done_and_the_report(world):
    inspection = make_inspection(world)
    c = world.client("director")
    items = list(inspection.items.order_by("order"))
    data = {f"score_{i.pk}": str(i.max_score) for i in items}
    data[f"score_{items[0].pk}"] = "99"  # over the item's full marks: the sheet comes back, nothing saved
    assert c.post(f"/governance/supervision/inspections/{inspection.pk}/", data).status_code == 400
    assert not inspection.items.exclude(score=None).exists()
    data[f"score_{items[0].pk}"] = "14.5"
    assert c.post(f"/governance/supervision/inspections/{inspection.pk}/", data).status_code == 302
    assert c.post(f"/governance/supervision/inspections/{inspection.pk}/done/").status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "done"
    page = c.get(f"/governance/supervision/inspections/{inspection.pk}/").content.decode()
    assert "99.5%" in page
    report = c.get(f"/governance/supervision/inspections/{inspection.pk}/report.docx")
    doc = Document(io.BytesIO(report.content))
    cells = [cell.text for row in doc.tables[0].rows for cell in row.cells]
    assert "14.5" in cells and items[0].text in cells


# --- accountability: the leading group only ----------------------------------------------------------------------


def test_the_director_outside_the_leading_group_sees_no_accountability(world):
    item = failed_with_record(world)
    director = world.client("director")
    assert director.get("/governance/supervision/accountability/").status_code == 404
    assert director.get(f"/governance/supervision/rectifications/{item.pk}/accountability/new/").status_code == 404
    assert director.get("/api/v1/governance/supervision/accountability/").status_code == 404
    record = Accountability.objects.get()
    assert director.get(f"/api/v1/governance/supervision/accountability/{record.pk}/").status_code == 404
    detail = director.get(f"/governance/supervision/rectifications/{item.pk}/").content.decode()
    home = director.get("/").content.decode()
    for page in (detail, home):
        assert "ZXQ" not in page and "ZXR" not in page and "陈老师" not in page
        assert 'id="accountability"' not in page and "supervision-to-decide" not in page
    panel = selectors.dashboard_panel(world.actor("director"))
    assert panel is not None and "to_decide" not in panel
    api = director.get(f"/api/v1/governance/supervision/rectifications/{item.pk}/").content.decode()
    assert "ZXQ" not in api and "accountab" not in api


def test_the_leading_group_sees_the_records(world):
    item = failed_with_record(world)
    leader = world.client("leader")
    listing = leader.get("/governance/supervision/accountability/").content.decode()
    assert "约谈提醒ZXQ" in listing
    detail = leader.get(f"/governance/supervision/rectifications/{item.pk}/").content.decode()
    assert "整改未落实ZXR" in detail
    api = leader.get("/api/v1/governance/supervision/accountability/").json()
    assert [r["measure"] for r in api["results"]] == ["约谈提醒ZXQ"]
    other = overdue(make_item(world, problem="另一个"))
    services.rectification_step(actor=world.actor("director"), rectification=other, action="fail", comment="未整改")
    panel = selectors.dashboard_panel(world.actor("leader"))
    assert panel is not None and panel["to_decide"] == 1
    assert 'data-figure="supervision-to-decide"' in leader.get("/").content.decode()


# --- the API -----------------------------------------------------------------------------------------------------


def test_api_mine_submit_multipart_and_verify(world):
    inspection = make_inspection(world)
    mine = make_item(world, inspection)
    make_item(world, inspection, owner="head_teacher_b", problem="别人的")
    owner = world.client("head_teacher_a")
    rows = owner.get("/api/v1/governance/supervision/rectifications/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    everyone = world.client("director").get("/api/v1/governance/supervision/rectifications/").json()
    assert everyone["count"] == 2
    upload = SimpleUploadedFile("照片.pdf", pdf_bytes("y"), content_type="application/pdf")
    r = owner.post(f"/api/v1/governance/supervision/rectifications/{mine.pk}/submit/",
                   {"evidence": "已整改完毕", "file": upload})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == S.SUBMITTED and r.json()["has_evidence_file"] is True
    bad = world.client("director").post(f"/api/v1/governance/supervision/rectifications/{mine.pk}/step/",
                                        {"action": "return"}, content_type="application/json")
    assert bad.status_code == 400 and "comment" in bad.json()
    ok = world.client("director").post(f"/api/v1/governance/supervision/rectifications/{mine.pk}/step/",
                                       {"action": "return", "comment": "证据不足"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == S.OPEN
    assert owner.post(f"/api/v1/governance/supervision/rectifications/{mine.pk}/step/",
                      {"action": "close"}, content_type="application/json").status_code == 404
    detail = world.client("director").get(f"/api/v1/governance/supervision/inspections/{inspection.pk}/").json()
    assert len(detail["items"]) == 9 and detail["percent"] == "0.0"


# --- overdue warnings --------------------------------------------------------------------------------------------


def test_overdue_items_are_warned_once_a_day(world):
    inspection = make_inspection(world)
    late = overdue(make_item(world, inspection, problem="逾期的问题"))
    make_item(world, inspection, problem="未到期")
    closed = overdue(make_item(world, inspection, problem="已提交的"))
    services.rectification_submit(actor=world.actor("head_teacher_a"), rectification=closed, evidence="已整改")
    Notification.objects.all().delete()
    assert reminders.send(world.school, today()) == [late.pk]
    owner_notes = Notification.objects.filter(recipient=world.users["head_teacher_a"])
    director_notes = Notification.objects.filter(recipient=world.users["director"])
    assert owner_notes.count() == 1 and "逾期的问题" in owner_notes.get().body
    assert director_notes.count() == 1 and "逾期的问题" in director_notes.get().body
    assert not Notification.objects.filter(recipient=world.users["leader"]).exists()
    assert reminders.send(world.school, today()) == []  # the same day: nobody again
    assert Notification.objects.count() == 2
    assert Rectification.objects.get(pk=late.pk).reminded_on == today()
    assert reminders.send(world.school, today() + dt.timedelta(days=1)) == [late.pk]  # the next morning
    assert "xinhuo.governance.supervision.tasks.supervision_reminders_task" in daily_jobs()
