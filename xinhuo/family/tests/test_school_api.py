"""The parent school over the API: a parent lists the open sessions, registers (for their only child by default),
reads their record, cancels; posts "ended" and quiz answers (scored on the server); the committee and head teachers
read the attendance list, head teachers only their classes'."""

from __future__ import annotations

import pytest

from xinhuo.family.models import SessionRegistration
from xinhuo.family.school import services

from .test_school_support import QUIZ, director, make_course, make_session, move, register

pytestmark = pytest.mark.django_db


def test_a_parent_registers_reads_their_record_and_cancels(world):
    session = make_session(world, make_course(world), topic="依法带娃")
    c = world.client("parent_x")
    listed = c.get("/api/v1/family/school/sessions/").json()
    assert [s["id"] for s in listed["results"]] == [session.pk]
    r = c.post(f"/api/v1/family/school/sessions/{session.pk}/register/", {}, content_type="application/json")
    assert r.status_code == 201 and r.json()["student"] == world.student_x.pk
    again = c.post(f"/api/v1/family/school/sessions/{session.pk}/register/", {}, content_type="application/json")
    assert again.status_code == 400
    mine = c.get("/api/v1/family/school/sessions/mine/").json()
    assert [x["session"] for x in mine["registrations"]] == [session.pk]
    assert c.get("/api/v1/family/school/sessions/").json()["results"][0]["mine"]["student"] == world.student_x.pk
    assert c.post(f"/api/v1/family/school/sessions/{session.pk}/cancel/").status_code == 200
    assert SessionRegistration.objects.get().cancelled_at is not None


def test_registering_for_another_familys_child_is_refused(world):
    session = make_session(world, make_course(world))
    r = world.client("parent_x").post(f"/api/v1/family/school/sessions/{session.pk}/register/",
                                      {"student": world.student_z.pk}, content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    assert not SessionRegistration.objects.exists()


def test_ended_and_quiz_over_the_api(world):
    course = make_course(world)
    session = make_session(world, course, mode="online")
    lecture = services.lecture_save(actor=director(world), course=course, session=session, title="微课",
                                    link="https://example.org/v", quiz=QUIZ)
    register(world, session)
    move(session, hours=-0.1)
    c = world.client("parent_x")
    detail = c.get(f"/api/v1/family/school/lectures/{lecture.pk}/").json()
    assert len(detail["questions"]) == 3 and "answer" not in detail["questions"][0]
    wrong = c.post(f"/api/v1/family/school/lectures/{lecture.pk}/quiz/", {"answers": [0, 0, 1]},
                   content_type="application/json").json()
    assert (wrong["score"], wrong["passed"]) == (0, False)
    ended = c.post(f"/api/v1/family/school/lectures/{lecture.pk}/ended/").json()
    assert ended == {"watched": True, "checked_in": True}
    # a bare "ended" from a staff account checks nobody in
    assert world.client("director").post(f"/api/v1/family/school/lectures/{lecture.pk}/ended/").status_code == 404


def test_the_attendance_list_is_scoped(world):
    course = make_course(world)
    s = make_session(world, course)
    row = register(world, s)
    move(s, hours=-0.1)
    services.checkin_set(actor=director(world), registration=row, attended=True)
    services.walkin_add(actor=director(world), session=s, guardian=world.guardian_z, student=world.student_z)
    everyone = world.client("director").get("/api/v1/family/school/attendance/?attended=1").json()
    assert {x["student"] for x in everyone["results"]} == {world.student_x.pk, world.student_z.pk}
    mine = world.client("head_teacher_b").get("/api/v1/family/school/attendance/").json()
    assert [x["student"] for x in mine["results"]] == [world.student_z.pk]
    classes = world.client("head_teacher_b").get("/api/v1/family/school/attendance/classes/").json()
    assert [(x["school_class"], x["attended"], x["families"]) for x in classes] == [(world.class_b.pk, 1, 1)]
    assert world.client("parent_x").get("/api/v1/family/school/attendance/").status_code == 404
