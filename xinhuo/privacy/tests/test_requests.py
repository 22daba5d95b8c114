"""Guardians' and adult students' requests (ORG-9): filed on the page and the API, answered by the director through
the workflow engine by a due date, overdue ones flagged; who may file for whom; erasure refused while a retention
duty applies; the printable summary; constant query counts on the list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.people.models import Student
from xinhuo.privacy import services
from xinhuo.privacy.models import Erasure, PrivacyRequest, RequestKind, RequestStatus
from xinhuo.privacy.tests.helpers import a_hold, a_request, left


def test_a_parent_files_and_the_director_answers_on_the_pages(world):
    parent = world.client("parent_x")
    r = parent.post(reverse("privacy:request-new"), {"student": world.student_x.pk, "kind": "correction",
                                                      "text": "家庭住址已搬到新小区"})
    item = PrivacyRequest.objects.get()
    assert r.status_code == 302 and r.url == reverse("privacy:request-detail", args=[item.pk])
    assert item.status == RequestStatus.OPEN and item.filed_by == world.users["parent_x"]
    assert item.due_on == timezone.localdate() + dt.timedelta(days=15)
    assert Notification.objects.filter(recipient=world.users["director"], link__contains=str(item.pk)).exists()

    director = world.client("director")
    page = director.get(reverse("privacy:request-detail", args=[item.pk])).content.decode()
    assert "家庭住址已搬到新小区" in page and 'id="answer-form"' in page
    r = director.post(reverse("privacy:request-answer", args=[item.pk]), {"action": "answer", "comment": ""})
    assert r.status_code == 400  # the answer is required: nothing changes
    item.refresh_from_db()
    assert item.status == RequestStatus.OPEN
    r = director.post(reverse("privacy:request-answer", args=[item.pk]),
                      {"action": "answer", "comment": "已在学籍信息中更正住址"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.answer == "已在学籍信息中更正住址"
    assert [s.to_status for s in item.steps.all()] == ["open", "done"]
    assert Notification.objects.filter(recipient=world.users["parent_x"], link__contains=str(item.pk)).exists()
    assert "已在学籍信息中更正住址" in parent.get(reverse("privacy:request-detail", args=[item.pk])).content.decode()
    # a second answer is refused
    with pytest.raises(ValidationError):
        services.request_answer(actor=world.actor("director"), request=item, action="refuse", comment="重复")


def test_overdue_requests_show_on_the_directors_list(world):
    a_request(world, due_in=-1)
    a_request(world, kind=RequestKind.ACCESS, due_in=5)
    page = world.client("director").get(reverse("privacy:requests")).content.decode()
    assert 'id="overdue"' in page
    api = world.client("director").get("/api/v1/privacy/requests/").json()["results"]
    assert [row["overdue"] for row in api] == [True, False]  # the overdue one first


def test_who_may_file_for_whom(world):
    parent = world.actor("parent_x")
    with pytest.raises(Http404):  # another family's child
        services.request_file(actor=parent, student_id=world.student_z.pk, kind="access")
    with pytest.raises(Http404):  # a student under 18 files through their guardians
        services.request_file(actor=world.actor("student_x"), student_id=world.student_x.pk, kind="access")
    with pytest.raises(Http404):  # staff answer, they do not file
        services.request_file(actor=world.actor("director"), student_id=world.student_x.pk, kind="access")
    r = world.client("parent_x").post(reverse("privacy:request-new"),
                                      {"student": world.student_z.pk, "kind": "access"})
    assert r.status_code == 400  # not among the parent's children: the form refuses it
    assert not PrivacyRequest.objects.exists()

    Student.objects.filter(pk=world.student_y.pk).update(birth_date=dt.date(2006, 1, 1))  # now an adult
    item = services.request_file(actor=world.actor("student_y"), student_id=world.student_y.pk, kind="access")
    assert item.filed_by == world.users["student_y"]
    with pytest.raises(Http404):  # an adult student only for themself
        services.request_file(actor=world.actor("student_y"), student_id=world.student_x.pk, kind="access")


def test_bad_requests_are_refused_with_a_message(world):
    parent = world.actor("parent_x")
    with pytest.raises(ValidationError) as e:
        services.request_file(actor=parent, student_id=world.student_x.pk, kind="correction", text="")
    assert "text" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.request_file(actor=parent, student_id=world.student_x.pk, kind="delete-all")
    assert "kind" in e.value.message_dict
    services.request_file(actor=parent, student_id=world.student_x.pk, kind="access")
    with pytest.raises(ValidationError):  # the same kind waits already
        services.request_file(actor=parent, student_id=world.student_x.pk, kind="access")
    assert PrivacyRequest.objects.count() == 1


def test_erasure_is_refused_while_a_retention_duty_applies(world):
    director = world.actor("director")
    item = services.request_file(actor=world.actor("parent_x"), student_id=world.student_x.pk, kind="erasure")
    with pytest.raises(ValidationError) as e:
        services.request_answer(actor=director, request=item, action="answer", comment="同意删除")
    assert "comment" in e.value.message_dict  # the retention duty, said where the answer is written
    assert Student.objects.get(pk=world.student_x.pk).name == "张小明"
    services.request_answer(actor=director, request=item, action="refuse", comment="学生在读，学籍档案须保留")
    item.refresh_from_db()
    assert item.status == RequestStatus.REFUSED and not Erasure.objects.exists()


def test_erasure_of_a_left_student_on_request(world):
    director = world.actor("director")
    left(world.student_x, years_ago=1)
    item = services.request_file(actor=world.actor("parent_x"), student_id=world.student_x.pk, kind="erasure",
                                 text="孩子已转学，请删除")
    hold = a_hold(world, world.student_x)
    with pytest.raises(ValidationError):  # a hold is a duty too
        services.request_answer(actor=director, request=item, action="answer", comment="同意")
    services.hold_release(actor=director, hold=hold)
    services.request_answer(actor=director, request=item, action="answer", comment="已删除")
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.text == "" and item.answer == "已删除"
    assert Student.objects.get(pk=world.student_x.pk).name.startswith("已离校学生#")
    assert Erasure.objects.get(student=world.student_x).why == "request"
    # guardian_x and guardian_x2 have no other child: erased; the parent's account is closed
    world.users["parent_x"].refresh_from_db()
    assert not world.users["parent_x"].is_active


def test_the_api_files_answers_and_shows_the_summary(world):
    parent = world.client("parent_x")
    r = parent.post("/api/v1/privacy/requests/", {"student": world.student_x.pk, "kind": "access"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "open" and r.json()["summary_available"] is False
    pk = r.json()["id"]
    r = parent.post("/api/v1/privacy/requests/", {"student": world.student_z.pk, "kind": "access"},
                    content_type="application/json")
    assert r.status_code == 404
    assert parent.get(f"/api/v1/privacy/requests/{pk}/summary/").status_code == 404  # not answered yet
    r = parent.post(f"/api/v1/privacy/requests/{pk}/answer/", {"action": "answer", "comment": "好"},
                    content_type="application/json")
    assert r.status_code == 404
    director = world.client("director")
    r = director.post(f"/api/v1/privacy/requests/{pk}/answer/", {"action": "answer"},
                      content_type="application/json")
    assert r.status_code == 400 and "comment" in r.json()
    r = director.post(f"/api/v1/privacy/requests/{pk}/answer/", {"action": "answer", "comment": "请查看信息清单"},
                      content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["summary_available"] is True
    sections = parent.get(f"/api/v1/privacy/requests/{pk}/summary/").json()
    lines = [line for s in sections for line in s["lines"]]
    assert any("张小明" in line for line in lines)
    assert not any(world.student_x.id_card in line for line in lines)
    assert world.client("student_y").get(f"/api/v1/privacy/requests/{pk}/").status_code == 404


def test_the_printable_summary(world):
    from xinhuo.care.models import SpecialGroup, StudentTag

    group = SpecialGroup.objects.create(school=world.school, code="single", name="单亲家庭", review_months=6,
                                        visit_every_days=60)
    StudentTag.objects.create(school=world.school, student=world.student_x, group=group, source="head_teacher",
                              identified_on=timezone.localdate(), review_on=timezone.localdate())
    a_request(world, kind=RequestKind.ACCESS, status=RequestStatus.DONE)
    url = reverse("privacy:summary", args=[world.student_x.pk])
    page = world.client("parent_x").get(url).content.decode()
    assert "张小明" in page and "data-print" in page
    assert world.student_x.id_card not in page and world.student_x.id_card[-4:] in page  # masked
    assert "13812345678" not in page and "138****5678" in page  # the guardian's phone, masked
    assert 'data-section="2"' in page  # more than one app's section
    assert "单亲家庭" not in page  # a family never sees a special-group tag (DESIGN.md), here neither
    assert AccessLog.objects.filter(object_type="privacy_summary", object_id=str(world.student_x.pk),
                                    user=world.users["parent_x"]).exists()
    assert world.client("parent_x").get(reverse("privacy:summary", args=[world.student_z.pk])).status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_query_counts_do_not_grow(world):
    director = world.client("director")
    a_request(world)
    left(world.student_z)
    few = (queries(director, reverse("privacy:requests")), queries(director, reverse("privacy:due")),
           queries(world.client("parent_x"), reverse("privacy:requests")))
    for kind in (RequestKind.ACCESS, RequestKind.ERASURE):
        a_request(world, kind=kind)
    a_request(world, kind=RequestKind.ACCESS, student=world.student_y, by="director")
    left(world.student_y)
    a_hold(world, world.student_y)
    for student in (world.student_x,):
        left(student, days=-2)
    many = (queries(director, reverse("privacy:requests")), queries(director, reverse("privacy:due")),
            queries(world.client("parent_x"), reverse("privacy:requests")))
    assert many == few
