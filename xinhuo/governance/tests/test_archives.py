"""The archive (GOV-2): filing is idempotent per source and never duplicates; records are filed from the plans'
adoption, a signed co-building agreement and an awarded selection through their signals; upload is checked like
every upload; editing recomputes the retention date; records past retention are listed, and destruction (a note
required, the file gone, the row kept) or extension (a later date) is logged; the daily notice goes once; the
catalogue workbook; who sees what; the catalogue's query count."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from xinhuo.core.models import AccessLog, Notification, ReminderSent
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.governance.archives import filing, reminders, selectors, services
from xinhuo.governance.models import ArchiveEvent, ArchiveRecord

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def refused(call) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.messages)


def filed(world, *, source: str = "test.thing:1", category: str = "minutes", title: str = "例会纪要",
          dated: dt.date = dt.date(2024, 10, 9), retention: str = "",
          content: bytes | None = b"%PDF-1.4 x") -> ArchiveRecord:
    return filing.file_record(school_id=world.school.pk, category=category, title=title, dated=dated, source=source,
                              retention=retention, content=content, file_name=f"{title}.pdf")


def past(world, title: str = "2012年活动照片", source: str = "test.photo:old",
         dated: dt.date = dt.date(2012, 5, 1)) -> ArchiveRecord:
    return filed(world, source=source, category="photo", title=title, dated=dated, retention="10")


# --- filing ---------------------------------------------------------------------------------------------------------


def test_filing_numbers_records_by_year_and_category_and_refiling_updates(world):
    first = filed(world)
    assert first.number == "2024-JY-001" and first.year == 2024 and first.keep_until is None
    second = filed(world, source="test.thing:2", dated=dt.date(2025, 3, 1))  # March 2025 is school year 2024
    assert second.number == "2024-JY-002"
    again = filed(world, title="例会纪要（修订）")
    assert again.pk == first.pk and again.number == "2024-JY-001" and again.title == "例会纪要（修订）"
    assert ArchiveRecord.objects.filter(source="test.thing:1").count() == 1
    assert ArchiveEvent.objects.filter(record=first, kind="filed").count() == 1
    plan = filed(world, source="test.plan:1", category="plan", dated=dt.date(2024, 9, 1))
    assert plan.retention == "30" and plan.keep_until == dt.date(2054, 9, 1)
    assert filing.keep_until(dt.date(2024, 2, 29), "10") == dt.date(2034, 2, 28)


def test_the_stored_name_never_carries_the_file_name(world):
    record = filed(world, title="张小明获奖证书")
    assert "张小明" not in record.file.name and record.file.name.endswith(".pdf")
    assert record.file_name == "张小明获奖证书.pdf"


def test_a_destroyed_record_is_not_refiled(world):
    record = past(world)
    services.record_destroy(actor=world.actor("director"), record=record, note="鉴定小组鉴定后销毁")
    again = past(world, title="新标题")
    assert again.pk == record.pk and again.status == "destroyed" and again.title == "2012年活动照片"


def test_an_adopted_plan_is_filed_through_the_plans_signal(world):
    from xinhuo.plans import services as plans
    from xinhuo.plans.models import PlanStatus
    from xinhuo.plans.tests.helpers import a_plan, first_task

    plan = a_plan(world, adopted=False)
    first_task(plan)
    plans.plan_set_status(actor=world.actor("director"), plan=plan, status=PlanStatus.ADOPTED)
    record = ArchiveRecord.objects.get(source=f"plans.workplan:{plan.pk}")
    assert record.category == "plan" and record.title == plan.title and record.file_name.endswith(".docx")
    assert record.link == reverse("plans:detail", args=[plan.pk])
    plans.plan_set_status(actor=world.actor("director"), plan=plan, status=PlanStatus.DRAFT)
    plans.plan_set_status(actor=world.actor("director"), plan=plan, status=PlanStatus.ADOPTED)
    assert ArchiveRecord.objects.filter(source=f"plans.workplan:{plan.pk}").count() == 1


def test_a_signed_agreement_is_filed_and_an_unsigned_one_is_not(world):
    from xinhuo.community.partners import services as partners
    from xinhuo.community.tests.partners_support import partner

    p = partner(world)
    director = world.actor("director")
    unsigned = partners.agreement_create(actor=director, partner=p, title="共建协议（草案）",
                                         starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=365))
    assert not ArchiveRecord.objects.filter(source=f"community.agreement:{unsigned.pk}").exists()
    signed = partners.agreement_create(
        actor=director, partner=p, title="共建协议", starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=365),
        signed_on=TODAY(), upload=SimpleUploadedFile("协议.pdf", pdf_bytes("agreement"), "application/pdf"))
    record = ArchiveRecord.objects.get(source=f"community.agreement:{signed.pk}")
    assert record.category == "agreement" and p.name in record.title and record.dated == TODAY()
    assert record.file.read() == pdf_bytes("agreement")
    partners.agreement_file_replace(actor=director, agreement=signed,
                                    upload=SimpleUploadedFile("协议2.pdf", pdf_bytes("v2"), "application/pdf"))
    assert ArchiveRecord.objects.filter(source=f"community.agreement:{signed.pk}").count() == 1
    record.refresh_from_db()
    assert record.file.read() == pdf_bytes("v2")


def test_an_awarded_selection_files_its_result_list_as_a_certificate_record(world):
    from xinhuo.selections.models import Selection
    from xinhuo.selections.signals import selection_changed
    from xinhuo.selections.tests.helpers import awarded_selection

    sel = awarded_selection(world)
    selection_changed.send(Selection, selection=sel, step=None, actor=world.actor("director"))
    record = ArchiveRecord.objects.get(source=f"selections.selection:{sel.pk}")
    assert record.category == "certificate" and "获奖名单" in record.title and "张小明" in record.keywords
    assert record.file.read().startswith(b"%PDF")
    selection_changed.send(Selection, selection=sel, step=None, actor=world.actor("director"))
    assert ArchiveRecord.objects.filter(source=f"selections.selection:{sel.pk}").count() == 1


# --- upload and edit ------------------------------------------------------------------------------------------------


def test_upload_checks_the_file_and_writes_nothing_when_refused(world):
    director = world.actor("director")
    fake = SimpleUploadedFile("总结.pdf", b"<html>not a pdf</html>", "application/pdf")
    assert refused(lambda: services.record_upload(actor=director, category="summary", title="年度总结",
                                                  dated=TODAY(), upload=fake))
    assert refused(lambda: services.record_upload(actor=director, category="summary", title="", dated=TODAY(),
                                                  upload=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")))
    with translation.override("en"):
        assert "between 1950 and today" in refused(lambda: services.record_upload(
            actor=director, category="summary", title="年度总结", dated=TODAY() + dt.timedelta(days=1),
            upload=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")))
    assert not ArchiveRecord.objects.exists()
    record = services.record_upload(actor=director, category="summary", title="2024年度工作总结",
                                    dated=dt.date(2025, 7, 1), keywords="总结  年度", retention="",
                                    upload=SimpleUploadedFile("总结.pdf", pdf_bytes(), "application/pdf"))
    assert record.number == "2024-ZJ-001" and record.keywords == "总结 年度" and record.retention == "permanent"
    assert record.file_name == "总结.pdf" and record.filed_by == world.users["director"]
    with pytest.raises(Http404):
        services.record_upload(actor=world.actor("finance"), category="receipt", title="发票", dated=TODAY(),
                               upload=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf"))


def test_editing_the_retention_recomputes_the_date(world):
    record = filed(world, category="photo", dated=dt.date(2024, 10, 1))
    assert record.keep_until == dt.date(2054, 10, 1)
    record = services.record_edit(actor=world.actor("leader"), record=record, category="photo", title="秋游照片",
                                  keywords="秋游", retention="5")
    assert record.keep_until == dt.date(2029, 10, 1) and record.title == "秋游照片" and record.number == "2024-ZP-001"
    record = services.record_edit(actor=world.actor("leader"), record=record, category="summary", title="秋游总结",
                                  retention="permanent")
    assert record.keep_until is None


# --- retention ------------------------------------------------------------------------------------------------------


def test_records_past_retention_are_listed_for_the_committee(world):
    old = past(world)
    filed(world)  # permanent
    filed(world, source="test.photo:new", category="photo", dated=dt.date(2024, 1, 1), retention="10")
    assert list(selectors.due(world.actor("director"))) == [old]
    page = world.client("leader").get(reverse("governance:archives-due")).content.decode()
    assert "2012年活动照片" in page and "例会纪要" not in page
    assert world.client("finance").get(reverse("governance:archives-due")).status_code == 404


def test_destruction_needs_a_note_deletes_the_file_and_keeps_the_row_with_its_log(
        world, django_capture_on_commit_callbacks):
    record = past(world)
    storage, name = record.file.storage, record.file.name
    assert storage.exists(name)
    with translation.override("en"):
        assert "Say how the record was appraised" in refused(
            lambda: services.record_destroy(actor=world.actor("director"), record=record, note="  "))
    record.refresh_from_db()
    assert record.status == "kept" and storage.exists(name)
    with pytest.raises(Http404):
        services.record_destroy(actor=world.actor("finance"), record=record, note="x")
    client = world.client("director")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("governance:archives-record-destroy", args=[record.pk]),
                        {"destroy-note": "经鉴定小组鉴定，无保存价值，2026年碎纸销毁"})
    assert r.status_code == 302
    record.refresh_from_db()
    assert record.status == "destroyed" and not record.file and not storage.exists(name)
    event = ArchiveEvent.objects.get(record=record, kind="destroyed")
    assert event.by == world.users["director"] and "碎纸" in event.note
    assert record.title == "2012年活动照片" and record.number  # the catalogue row stays
    assert client.get(reverse("governance:archives-record-file", args=[record.pk])).status_code == 404


def test_a_record_not_yet_due_cannot_be_destroyed(world):
    record = filed(world, category="photo", dated=dt.date(2024, 1, 1), retention="10")
    with translation.override("en"):
        assert "past its retention date" in refused(
            lambda: services.record_destroy(actor=world.actor("director"), record=record, note="误操作"))
    permanent = filed(world, source="test.x:2")
    assert refused(lambda: services.record_destroy(actor=world.actor("director"), record=permanent, note="x"))
    assert ArchiveRecord.objects.filter(status="destroyed").count() == 0


def test_extending_needs_a_later_date_and_is_logged(world):
    record = past(world)
    director = world.actor("director")
    with translation.override("en"):
        assert "later than today" in refused(lambda: services.record_extend(actor=director, record=record,
                                                                            until=TODAY()))
        assert "new date" in refused(lambda: services.record_extend(actor=director, record=record, until=None))
    record = services.record_extend(actor=director, record=record, until=TODAY() + dt.timedelta(days=3650),
                                    note="校史展览需要")
    assert record.keep_until == TODAY() + dt.timedelta(days=3650)
    event = ArchiveEvent.objects.get(record=record, kind="extended")
    assert event.keep_until == record.keep_until and event.note == "校史展览需要"
    assert not selectors.due(director).exists()


def test_the_director_is_told_once_when_records_fall_due(world):
    past(world)
    assert [r.kind for r in reminders.send(world.school, TODAY())] == ["due"]
    assert Notification.objects.filter(recipient=world.users["director"]).count() == 1
    assert reminders.send(world.school, TODAY()) == []  # the same day again: nothing
    assert reminders.send(world.school, TODAY() + dt.timedelta(days=1)) == []  # nothing new fell due
    past(world, title="2013年照片", source="test.photo:2013", dated=dt.date(2013, 5, 1))  # due on another date
    assert len(reminders.send(world.school, TODAY() + dt.timedelta(days=1))) == 1
    assert Notification.objects.filter(recipient=world.users["director"]).count() == 2
    assert not Notification.objects.filter(recipient=world.users["leader"]).exists()
    assert ReminderSent.objects.filter(key__startswith="archives:due:").count() == 2


# --- the catalogue --------------------------------------------------------------------------------------------------


def test_the_catalogue_workbook_of_a_year(world):
    filed(world)
    filed(world, source="test.r:1", category="receipt", title="慰问品发票", dated=dt.date(2024, 12, 1))
    filed(world, source="test.other-year", dated=dt.date(2023, 10, 1), title="上一年纪要")
    r = world.client("director").get(reverse("governance:archives-export"), {"year": 2024})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["档号", "题名", "类别", "日期", "保管期限", "到期日", "状态", "关键词"]
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {"2024-JY-001", "2024-PJ-001"}
    assert body["2024-JY-001"][1:3] == ("例会纪要", "会议纪要") and body["2024-JY-001"][4:7] == ("永久", "永久", "保存")
    assert body["2024-PJ-001"][4] == "30年"
    # finance's workbook holds the receipts only
    r = world.client("finance").get(reverse("governance:archives-export"), {"year": 2024})
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["2024-PJ-001"]


def test_search_and_filters(world):
    filed(world, title="三月例会纪要")
    filed(world, source="t:2", category="photo", title="清明祭扫照片", dated=dt.date(2025, 4, 4))
    rec = filing.file_record(school_id=world.school.pk, category="plan", title="工作计划", dated=dt.date(2024, 9, 1),
                             keywords="计划 2024学年", source="t:3")
    director = world.actor("director")
    assert [r.title for r in selectors.catalogue(director, q="清明")] == ["清明祭扫照片"]
    assert [r.pk for r in selectors.catalogue(director, q="2024学年")] == [rec.pk]
    assert {r.category for r in selectors.catalogue(director, category="photo")} == {"photo"}
    assert selectors.years(director) == [2024]
    page = world.client("director").get(reverse("governance:archives-home"), {"q": "清明"}).content.decode()
    assert "清明祭扫照片" in page and "三月例会纪要" not in page


def test_who_sees_what(world):
    minutes = filed(world)
    receipt = filed(world, source="t:r", category="receipt", title="发票")
    finance = world.actor("finance")
    assert [r.pk for r in selectors.catalogue(finance)] == [receipt.pk]
    with pytest.raises(Http404):
        selectors.record_detail(finance, minutes.pk)
    assert selectors.record_detail(finance, receipt.pk) == receipt
    for persona in ("head_teacher_a", "elder", "parent_x", "counsellor"):
        assert world.client(persona).get(reverse("governance:archives-home")).status_code == 404
    assert world.client("outsider").get(reverse("governance:archives-record", args=[minutes.pk])).status_code == 404


def test_a_personal_records_download_is_in_the_access_log(world):
    cert = filed(world, source="t:c", category="certificate", title="美德少年获奖名单")
    minutes = filed(world)
    client = world.client("director")
    r = client.get(reverse("governance:archives-record-file", args=[cert.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 x"
    assert AccessLog.objects.filter(object_type="archive_record", object_id=str(cert.pk), field="file").exists()
    client.get(reverse("governance:archives-record-file", args=[minutes.pk]))
    assert not AccessLog.objects.filter(object_type="archive_record", object_id=str(minutes.pk)).exists()


def test_the_catalogue_keeps_a_constant_query_count(world, django_assert_max_num_queries):
    from xinhuo.core.tests.helpers import page_queries

    filed(world)
    client = world.client("director")
    url = reverse("governance:archives-home")
    few = page_queries(client, url)
    for n in range(40):
        filed(world, source=f"t:{n}", category=("photo", "plan", "receipt")[n % 3], title=f"档案{n}")
    assert page_queries(client, url) <= few + 1  # a page longer than one costs its COUNT
    api = world.client("director")
    api.get(reverse("api:archives-record-list"))
    with django_assert_max_num_queries(15):
        data = api.get(reverse("api:archives-record-list")).json()
    assert data["count"] == 41
