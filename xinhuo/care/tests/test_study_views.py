"""The study help desk's pages and API: the programme list (places left, kinds, a constant query count), the
detail (the full sign-up list for managers and the tutor only), signing up and its refusals, the tutor's
attendance checklist, and the managers' forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.models import (
    Mentor,
    MentorKind,
    ProgramKind,
    StudyAttendance,
    StudyEnrolment,
    StudyProgram,
    StudySession,
)
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import page_queries

TODAY = timezone.localdate


def a_program(world, title="数学答疑", **kw):
    kw.setdefault("kind", ProgramKind.WORKSHOP)
    return StudyProgram.objects.create(school=world.school, title=title, **kw)


@pytest.fixture
def tutored(world):
    tutor = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name="周老")
    program = a_program(world, kind=ProgramKind.TEACHER_CLASS, tutor=tutor, capacity=5, title="周老讲堂")
    for s in (world.student_x, world.student_y):
        StudyEnrolment.objects.create(program=program, student=s)
    session = StudySession.objects.create(program=program, held_on=TODAY(), topic="分数")
    return program, session


def test_the_list_shows_places_left_and_filters_by_kind(world):
    a_program(world, "职业体验：医院", kind=ProgramKind.JOB_SHADOWING, capacity=1)
    talk = a_program(world, "生涯讲座", kind=ProgramKind.CAREER_TALK, capacity=3)
    StudyEnrolment.objects.create(program=talk, student=world.student_z)
    StudyProgram.objects.create(school=world.other, kind=ProgramKind.CAREER_TALK, title="外校讲座")
    body = world.client("student_x").get(reverse("care:study")).content.decode()
    assert "职业体验：医院" in body and "剩余 2 个名额" in body and "外校讲座" not in body
    body = world.client("student_x").get(reverse("care:study"), {"kind": "career_talk"}).content.decode()
    assert "生涯讲座" in body and "职业体验：医院" not in body


def test_the_list_keeps_its_query_count(world):
    def count(persona):
        return page_queries(world.client(persona), reverse("care:study"))

    tutor = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name="周老")
    for i in range(2):
        p = a_program(world, f"项目{i}", tutor=tutor, capacity=9)
        StudyEnrolment.objects.create(program=p, student=world.student_x)
    few = {p: count(p) for p in ("director", "parent_x", "student_y")}
    for i in range(2, 12):
        p = a_program(world, f"项目{i}", tutor=tutor, capacity=9)
        StudyEnrolment.objects.create(program=p, student=world.student_x)
        StudySession.objects.create(program=p, held_on=TODAY(), topic="t")
    assert {p: count(p) for p in ("director", "parent_x", "student_y")} == few


def test_a_student_sees_their_own_status_not_the_list(world, tutored):
    program, _session = tutored
    body = world.client("student_x").get(reverse("care:study-detail", args=[program.pk])).content.decode()
    assert "张小明" in body and "已报名" in body and "李小红" not in body and 'id="enrolments"' not in body
    body = world.client("head_teacher_a").get(reverse("care:study-detail", args=[program.pk])).content.decode()
    assert "张小明" not in body and 'id="enrolments"' not in body


@pytest.mark.parametrize("persona", ["elder", "director"])
def test_the_tutor_and_the_managers_see_the_full_list(world, tutored, persona):
    program, _session = tutored
    body = world.client(persona).get(reverse("care:study-detail", args=[program.pk])).content.decode()
    assert 'id="enrolments"' in body and "张小明" in body and "李小红" in body
    assert AccessLog.objects.filter(object_type="study_enrolment", object_id=str(program.pk)).exists()


def test_a_parent_signs_up_their_child_on_the_page(world):
    program = a_program(world, capacity=2)
    c = world.client("parent_x")
    r = c.post(reverse("care:study-signup", args=[program.pk]), follow=True)
    assert "张小明 已报名“数学答疑”" in r.content.decode()
    assert list(StudyEnrolment.objects.values_list("student_id", flat=True)) == [world.student_x.pk]
    # another family's child cannot be chosen: nothing is written
    r = c.post(reverse("care:study-signup", args=[program.pk]), {"student": world.student_z.pk}, follow=True)
    assert "请选择为哪个孩子报名" in r.content.decode()
    assert StudyEnrolment.objects.count() == 1


def test_a_full_programme_says_so_and_writes_nothing(world):
    program = a_program(world, capacity=1)
    StudyEnrolment.objects.create(program=program, student=world.student_y)
    r = world.client("student_x").post(reverse("care:study-signup", args=[program.pk]), follow=True)
    assert "名额已满" in r.content.decode()
    assert StudyEnrolment.objects.count() == 1
    r = world.client("student_x").post(reverse("care:study-signup", args=[program.pk]), follow=True)
    assert "名额已满" in r.content.decode()


def test_cancel_on_the_page(world, tutored):
    program, _session = tutored
    r = world.client("student_x").post(reverse("care:study-cancel", args=[program.pk]), follow=True)
    assert "已取消 张小明 的“周老讲堂”报名" in r.content.decode()
    assert not StudyEnrolment.objects.filter(student=world.student_x).exists()
    assert world.client("head_teacher_a").post(reverse("care:study-cancel", args=[program.pk]),
                                               {"student": world.student_y.pk}).status_code == 404
    world.client("director").post(reverse("care:study-cancel", args=[program.pk]), {"student": world.student_y.pk})
    assert not StudyEnrolment.objects.exists()


def test_the_tutor_takes_attendance_on_the_checklist(world, tutored):
    _program, session = tutored
    c = world.client("elder")
    url = reverse("care:study-attendance", args=[session.pk])
    body = c.get(url).content.decode()
    assert 'name="present"' in body and "张小明" in body and "李小红" in body
    assert c.post(url, {"present": [str(world.student_y.pk)]}).status_code == 302
    assert dict(StudyAttendance.objects.values_list("student_id", "present")) == {
        world.student_x.pk: False, world.student_y.pk: True}


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "student_x", "parent_x", "outsider"])
def test_others_get_404_on_the_checklist(world, tutored, persona):
    _program, session = tutored
    url = reverse("care:study-attendance", args=[session.pk])
    c = world.client(persona)
    assert c.get(url).status_code == 404
    assert c.post(url, {"present": [str(world.student_x.pk)]}).status_code == 404
    assert not StudyAttendance.objects.exists()


def test_a_coming_session_cannot_be_marked(world, tutored):
    program, _session = tutored
    coming = StudySession.objects.create(program=program, held_on=TODAY() + dt.timedelta(days=3), topic="下一讲")
    r = world.client("elder").post(reverse("care:study-attendance", args=[coming.pk]),
                                   {"present": [str(world.student_x.pk)]})
    assert r.status_code == 400 and "当天起才能点名" in r.content.decode()
    assert not StudyAttendance.objects.exists()


def test_the_programme_form_refuses_in_chinese(world):
    c = world.client("director")
    volunteer = Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="小吴")
    r = c.post(reverse("care:study-new"), {"kind": "peer_tutoring", "title": "英语互助", "tutor": volunteer.pk,
                                           "signup_open": "on"})
    assert r.status_code == 400 and "朋辈辅导须由学生导师担任" in r.content.decode()
    assert not StudyProgram.objects.exists()
    r = c.post(reverse("care:study-new"), {"kind": "career_talk", "title": "生涯讲座", "capacity": "40",
                                           "signup_open": "on"})
    program = StudyProgram.objects.get()
    assert r.status_code == 302 and (program.capacity, program.signup_open, program.created_by) == (
        40, True, world.users["director"])


def test_the_api_lists_and_signs_up(world, tutored):
    program, _session = tutored
    c = world.client("parent_x")
    rows = c.get("/api/v1/care/study/").json()["results"]
    assert rows[0]["places_left"] == 3 and rows[0]["my_signups"] == [world.student_x.pk]
    detail = c.get(f"/api/v1/care/study/{program.pk}/").json()
    assert [s["student"] for s in detail["signups"]] == ["张小明"]  # their own, not 李小红
    tutor = world.client("elder").get(f"/api/v1/care/study/{program.pk}/").json()
    assert sorted(s["student"] for s in tutor["signups"]) == ["张小明", "李小红"]
    full = a_program(world, "满员讲座", capacity=1)
    StudyEnrolment.objects.create(program=full, student=world.student_z)
    r = c.post(f"/api/v1/care/study/{full.pk}/signup/", {}, content_type="application/json")
    assert r.status_code == 400 and "名额已满" in str(r.json())
    r = c.post(f"/api/v1/care/study/{full.pk}/signup/", {"student": world.student_z.pk},
               content_type="application/json")
    assert r.status_code == 404
    assert StudyEnrolment.objects.filter(program=full).count() == 1
