"""The notices' pages and API: a head teacher writes and sends (another class refused, nothing sent), follows the
receipts (filters, chart data with its table, Excel export, one reminder a day); a parent reads (marked read) and
replies; a student sees nothing of it; the receipts list's queries do not grow with its families; privacy."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from conftest import make_guardian, make_student
from xinhuo.core.models import Notification
from xinhuo.core.registry import ErasureSubject
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.family.notices import privacy, services
from xinhuo.family.notices.models import FamilyNotice, FamilyNoticeRecipient, FamilyThread, NoticeStatus

from .test_notices_services import later, make_notice

pytestmark = pytest.mark.django_db


def deadline_field(days: int = 3) -> str:
    return timezone.localtime(later(days)).strftime("%Y-%m-%dT%H:%M")


def test_head_teacher_sends_from_the_form(world, django_capture_on_commit_callbacks):
    client = world.client("head_teacher_a")
    page = client.get("/family/notices/new/")
    assert page.status_code == 200 and str(world.class_b) not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/family/notices/new/", {
            "title": "期中考试家长会通知", "body": "周六上午九点开家长会。", "audience": "classes",
            "classes": [world.class_a.pk], "reply_kind": "form", "questions": "是否参加：参加/不参加\n备注",
            "reply_deadline": deadline_field(), "send": "1"})
    notice = FamilyNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/family/notices/{notice.pk}/"
    assert notice.status == NoticeStatus.SENT and notice.questions[0]["options"] == ["参加", "不参加"]
    assert notice.questions[1] == {"key": "q2", "text": "备注", "kind": "text", "options": []}
    assert Notification.objects.filter(recipient=world.users["parent_x"]).count() == 1


def test_another_class_is_refused_and_nothing_sent(world):
    client = world.client("head_teacher_a")
    response = client.post("/family/notices/new/", {
        "title": "通知", "body": "内容", "audience": "classes", "classes": [world.class_b.pk], "reply_kind": "none",
        "send": "1"})
    assert response.status_code == 400
    assert not FamilyNotice.objects.exists() and not Notification.objects.exists()
    api = client.post("/api/v1/family/notices/sent/", {
        "title": "通知", "body": "内容", "audience": "classes", "classes": [world.class_b.pk], "send": True},
        content_type="application/json")
    assert api.status_code == 400 and api.json()["classes"] == [
        _("You may only notify the families of your own classes.")]
    assert not FamilyNotice.objects.exists() and not Notification.objects.exists()


def test_a_draft_then_sent_from_its_page(world, django_capture_on_commit_callbacks):
    client = world.client("head_teacher_a")
    client.post("/family/notices/new/", {"title": "寒假通知", "body": "内容", "audience": "families",
                                         "students": [world.student_x.pk], "reply_kind": "none", "send": "0"})
    notice = FamilyNotice.objects.get()
    assert notice.status == NoticeStatus.DRAFT and list(notice.students.all()) == [world.student_x]
    assert world.client("parent_x").get(f"/family/notices/my/{notice.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/family/notices/{notice.pk}/send/").status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.recipients.count() == 1


def test_the_receipts_page_filters_chart_and_export(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, reply_kind="yes_no", reply_deadline=later(),
                         capture=django_capture_on_commit_callbacks)
    services.notice_reply(actor=world.actor("parent_x"), notice=notice, student=world.student_x, agree=True)
    client = world.client("head_teacher_a")
    page = client.get(f"/family/notices/{notice.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-figure="read">1<' in body and 'data-figure="unread">1<' in body
    assert 'id="receipts-chart"' in body and 'id="receipts-table"' in body and "chart-data" in body
    assert world.student_x.name in body and world.student_y.name in body
    unread = client.get(f"/family/notices/{notice.pk}/?show=unread").content.decode()
    assert world.student_y.name in unread and world.student_x.name not in unread
    no_reply = client.get(f"/family/notices/{notice.pk}/?show=no_reply").content.decode()
    assert world.student_y.name in no_reply and world.student_x.name not in no_reply
    export = client.get(f"/family/notices/{notice.pk}/export/")
    assert export.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][-1] == _("Answer")
    replied = [r for r in rows[1:] if r[2] == world.student_x.name][0]
    assert replied[-1] == _("Yes") and replied[3] == world.guardian_x.name


def test_remind_from_the_page_once_a_day(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    client = world.client("head_teacher_a")
    client.post(f"/family/notices/{notice.pk}/remind/")
    count = Notification.objects.count()
    response = client.post(f"/family/notices/{notice.pk}/remind/", follow=True)
    assert _("The unread families were already reminded today: a notice is reminded at most once a day.") in \
        response.content.decode()
    assert Notification.objects.count() == count
    api = client.post(f"/api/v1/family/notices/sent/{notice.pk}/remind/")
    assert api.status_code == 400 and Notification.objects.count() == count


def test_parent_reads_and_replies_and_sees_the_deadline_refusal(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, reply_kind="yes_no", reply_deadline=later(),
                         capture=django_capture_on_commit_callbacks)
    parent = world.client("parent_x")
    listing = parent.get("/family/notices/my/").content.decode()
    assert notice.title in listing
    page = parent.get(f"/family/notices/my/{notice.pk}/")
    assert page.status_code == 200 and f'id="reply-yes-{world.student_x.pk}"' in page.content.decode()
    row = FamilyNoticeRecipient.objects.get(notice=notice, student=world.student_x)
    assert row.read_by == world.users["parent_x"]
    parent.post(f"/family/notices/my/{notice.pk}/reply/{world.student_x.pk}/", {"agree": "no"})
    row.refresh_from_db()
    assert row.agree is False
    FamilyNotice.objects.filter(pk=notice.pk).update(reply_deadline=timezone.now() - dt.timedelta(hours=1))
    response = parent.post(f"/family/notices/my/{notice.pk}/reply/{world.student_x.pk}/", {"agree": "yes"},
                           follow=True)
    assert "alert" in response.content.decode()
    row.refresh_from_db()
    assert row.agree is False
    # another family's child: 404
    assert parent.post(f"/family/notices/my/{notice.pk}/reply/{world.student_y.pk}/",
                       {"agree": "yes"}).status_code == 404


def test_students_and_other_parents_see_nothing(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    assert world.client("student_x").get("/family/notices/my/").status_code == 404
    assert world.client("student_x").get(f"/family/notices/my/{notice.pk}/").status_code == 404
    b = make_notice(world, "head_teacher_b", classes=[world.class_b], capture=django_capture_on_commit_callbacks)
    assert world.client("parent_x").get(f"/family/notices/my/{b.pk}/").status_code == 404
    ids = [n["id"] for n in world.client("parent_x").get("/api/v1/family/notices/mine/").json()["results"]]
    assert ids == [notice.pk]
    assert world.client("head_teacher_b").get(f"/family/notices/{notice.pk}/").status_code == 404


def test_api_parent_flow(world, django_capture_on_commit_callbacks):
    questions = [{"text": "是否参加", "kind": "choice", "options": ["参加", "不参加"]}]
    notice = make_notice(world, reply_kind="form", questions=questions, reply_deadline=later(),
                         capture=django_capture_on_commit_callbacks)
    parent = world.client("parent_x")
    listing = parent.get("/api/v1/family/notices/mine/").json()
    assert listing["results"][0]["id"] == notice.pk and listing["results"][0]["unread"] is True
    detail = parent.get(f"/api/v1/family/notices/mine/{notice.pk}/").json()
    assert detail["families"][0]["read_at"] and detail["questions"][0]["key"] == "q1"
    bad = parent.post(f"/api/v1/family/notices/mine/{notice.pk}/reply/", {
        "student": world.student_x.pk, "answers": {"q1": "也许"}}, content_type="application/json")
    assert bad.status_code == 400 and "q1" in bad.json()
    ok = parent.post(f"/api/v1/family/notices/mine/{notice.pk}/reply/", {
        "student": world.student_x.pk, "answers": {"q1": "参加"}}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["families"][0]["reply"] == [["是否参加", "参加"]]
    receipts = world.client("head_teacher_a").get(
        f"/api/v1/family/notices/sent/{notice.pk}/recipients/?show=replied").json()
    assert [r["student"] for r in receipts["results"]] == [world.student_x.pk]
    assert receipts["results"][0]["guardians"] == [world.guardian_x.name]
    sent = world.client("head_teacher_a").get(f"/api/v1/family/notices/sent/{notice.pk}/").json()
    assert sent["read"] == 1 and sent["replied"] == 1 and sent["total"] == 2


def test_api_create_and_send(world, django_capture_on_commit_callbacks):
    client = world.client("director")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/family/notices/sent/", {
            "title": "冬季安全告家长书", "body": "注意安全", "audience": "school", "reply_kind": "yes_no",
            "reply_deadline": later().isoformat(), "send": True}, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "sending"  # the answer is written before the task runs on commit
    notice = FamilyNotice.objects.get(pk=data["id"])
    assert notice.status == NoticeStatus.SENT and notice.recipients.count() == 3


def test_the_receipts_list_queries_do_not_grow(world, django_capture_on_commit_callbacks):
    def sql_of(notice) -> list[str]:
        client = world.client("head_teacher_a")
        client.get(f"/family/notices/{notice.pk}/")  # session, caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/family/notices/{notice.pk}/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    small = make_notice(world, capture=django_capture_on_commit_callbacks)
    for i in range(60):
        s = make_student(world.school, world.class_a, f"2026{100 + i}", f"学生{i}", seq=20 + i)
        make_guardian(world.school, f"家长{i}", f"1380000{1000 + i}", s)
    large = make_notice(world, title="大通知", capture=django_capture_on_commit_callbacks)
    assert large.total == 62
    assert rows_add_no_query(sql_of(small), sql_of(large))


def test_privacy_summary_and_erase(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, reply_kind="form", reply_deadline=later(),
                         questions=[{"text": "过敏情况", "kind": "text"}], capture=django_capture_on_commit_callbacks)
    services.notice_reply(actor=world.actor("parent_x"), notice=notice, student=world.student_x,
                          answers={"q1": "对花生过敏"})
    thread = services.thread_start(actor=world.actor("head_teacher_a"), student=world.student_x, subject="作业",
                                   body="请督促")
    services.thread_reply(actor=world.actor("parent_x"), thread=thread, body="好的")
    sections = dict(privacy.summary(world.student_x))
    assert any(notice.title in line for line in sections[_("Notices to the family")])
    assert any("作业" in line for line in sections[_("Messages with the head teacher")])
    out = privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}),
                                       guardian_ids=frozenset({world.guardian_x.pk}),
                                       user_ids=frozenset({world.users["parent_x"].pk})))
    row = FamilyNoticeRecipient.objects.get(notice=notice, student=world.student_x)
    assert row.answers == "" and row.replied_by is None and row.read_by is None and row.replied_at
    thread = FamilyThread.objects.get(pk=thread.pk)
    assert thread.subject == "" and set(thread.messages.values_list("body", flat=True)) == {""}
    assert out["family.FamilyNoticeRecipient"] == [row.pk] and len(out["family.FamilyMessage"]) == 2
    assert privacy.summary(world.student_y)[0][1] == [f"{notice.title}（{notice.sent_at:%Y-%m-%d}，{_('not read')}）"]


def test_dashboard_panels(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    services.notice_mark_read(actor=world.actor("parent_x"), notice=notice)
    home = world.client("head_teacher_a").get("/").content.decode()
    assert 'id="family-notices-sent-panel"' in home and f'data-read-rate="{notice.pk}"' in home and "50%" in home
    services.thread_start(actor=world.actor("head_teacher_a"), student=world.student_x, subject="s", body="b")
    parent_home = world.client("parent_x").get("/").content.decode()
    assert 'data-figure="family-notices-unread">0<' in parent_home
    assert 'data-figure="family-messages-unread">1<' in parent_home
    assert 'family-notices-sent-panel' not in world.client("head_teacher_b").get("/").content.decode()
