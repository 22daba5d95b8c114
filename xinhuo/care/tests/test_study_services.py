"""The study help desk's services: programmes, sign-ups (capacity, duplicates, closed sign-up, a parent's own child
only), cancellation, sessions and attendance (the tutor and the managers, nobody else). Every refusal writes
nothing and says why in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
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
from xinhuo.care.study import services
from xinhuo.people.models import Student

TODAY = timezone.localdate


def elder_mentor(world):
    return Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name=world.elder.name)


def a_program(world, **kw):
    kw.setdefault("kind", ProgramKind.WORKSHOP)
    kw.setdefault("title", "高效学习方法")
    return StudyProgram.objects.create(school=world.school, **kw)


def snapshot():
    return (sorted(StudyEnrolment.objects.values_list("program_id", "student_id")),
            sorted(StudyAttendance.objects.values_list("session_id", "student_id", "present")),
            sorted(StudyProgram.objects.values_list("pk", "title", "capacity", "signup_open", "tutor_id")),
            StudySession.objects.count())


def refused(fn, *, message: str = "", **kwargs):
    """The call is refused with a ValidationError naming `message`, and nothing changed."""
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        fn(**kwargs)
    assert snapshot() == before
    if message:
        assert message in " ".join(exc.value.messages), exc.value.messages
    return exc.value


# programmes


def test_a_manager_creates_and_updates_a_programme(world):
    director = world.actor("director")
    tutor = elder_mentor(world)
    program = services.program_create(actor=director, kind=ProgramKind.TEACHER_CLASS, title=" 数学答疑 ",
                                      tutor=tutor, place="图书馆", capacity=2)
    assert (program.title, program.tutor, program.capacity, program.signup_open) == ("数学答疑", tutor, 2, True)
    services.program_update(actor=world.actor("leader"), program=program, kind=ProgramKind.TEACHER_CLASS,
                            title="数学答疑（初一）", tutor=tutor, capacity=5, signup_open=False)
    program.refresh_from_db()
    assert (program.title, program.capacity, program.signup_open) == ("数学答疑（初一）", 5, False)


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "parent_x", "student_x", "elder", "admin"])
def test_only_the_study_managers_create_programmes(world, persona):
    with pytest.raises(Http404):
        services.program_create(actor=world.actor(persona), kind=ProgramKind.WORKSHOP, title="x")
    assert not StudyProgram.objects.exists()


def test_programme_input_is_checked(world):
    director = world.actor("director")
    volunteer = Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="志愿者小吴")
    other = Mentor.objects.create(school=world.other, kind=MentorKind.ELDER, name="外校五老")
    exc = refused(services.program_create, actor=director, kind="party", title="", capacity=0)
    assert set(exc.message_dict) == {"kind", "title", "capacity"}
    refused(services.program_create, actor=director, kind=ProgramKind.PEER_TUTORING, title="朋辈答疑",
            tutor=volunteer, message="朋辈辅导须由学生导师担任")
    refused(services.program_create, actor=director, kind=ProgramKind.TEACHER_CLASS, title="讲堂", tutor=volunteer,
            message="退休教师讲堂须由五老导师授课")
    refused(services.program_create, actor=director, kind=ProgramKind.WORKSHOP, title="讲堂", tutor=other,
            message="本校在任的成长导师")


def test_places_cannot_drop_below_the_sign_ups(world):
    program = a_program(world, capacity=3)
    for s in (world.student_x, world.student_y):
        StudyEnrolment.objects.create(program=program, student=s)
    refused(services.program_update, actor=world.actor("director"), program=program, kind=program.kind,
            title=program.title, capacity=1, message="已有 2 名学生报名")


# sign-ups


def test_a_student_signs_up_and_a_parent_signs_up_their_child(world):
    program = a_program(world)
    services.program_signup(actor=world.actor("student_y"), program=program, student=world.student_y)
    services.program_signup(actor=world.actor("parent_x"), program=program, student=world.student_x)
    rows = set(StudyEnrolment.objects.values_list("student_id", "by__username"))
    assert rows == {(world.student_y.pk, "student_y"), (world.student_x.pk, "parent")}


@pytest.mark.parametrize("persona, student", [
    ("parent_x", "student_y"),  # not their child
    ("parent_x", "student_z"),
    ("student_x", "student_y"),  # a student signs up only themself
    ("parent_x", "other_student"),  # another school's
])
def test_nobody_signs_up_someone_elses_child(world, persona, student):
    program = a_program(world)
    with pytest.raises(Http404):
        services.program_signup(actor=world.actor(persona), program=program, student=getattr(world, student))
    assert not StudyEnrolment.objects.exists()


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "counsellor", "elder", "outsider"])
def test_staff_do_not_sign_students_up(world, persona):
    with pytest.raises(Http404):
        services.program_signup(actor=world.actor(persona), program=a_program(world), student=world.student_x)
    assert not StudyEnrolment.objects.exists()


def test_a_full_programme_refuses_with_a_clear_message(world):
    program = a_program(world, capacity=1)
    services.program_signup(actor=world.actor("student_y"), program=program, student=world.student_y)
    refused(services.program_signup, actor=world.actor("parent_x"), program=program, student=world.student_x,
            message="名额已满")
    assert StudyEnrolment.objects.count() == 1


def test_a_duplicate_sign_up_is_refused(world):
    program = a_program(world)
    services.program_signup(actor=world.actor("student_x"), program=program, student=world.student_x)
    refused(services.program_signup, actor=world.actor("parent_x"), program=program, student=world.student_x,
            message="不能重复报名")


def test_closed_sign_up_and_students_who_left_are_refused(world):
    closed = a_program(world, signup_open=False)
    refused(services.program_signup, actor=world.actor("student_x"), program=closed, student=world.student_x,
            message="报名已截止")
    Student.objects.filter(pk=world.student_x.pk).update(status=Student.Status.TRANSFERRED)
    world.student_x.refresh_from_db()
    refused(services.program_signup, actor=world.actor("parent_x"), program=a_program(world),
            student=world.student_x, message="已不在校")


def test_another_schools_programme_is_404(world):
    theirs = StudyProgram.objects.create(school=world.other, kind=ProgramKind.CAREER_TALK, title="外校讲座")
    with pytest.raises(Http404):
        services.program_signup(actor=world.actor("student_x"), program=theirs, student=world.student_x)
    assert not StudyEnrolment.objects.exists()


def test_cancel_frees_the_place(world):
    program = a_program(world, capacity=1)
    services.program_signup(actor=world.actor("student_x"), program=program, student=world.student_x)
    refused(services.program_cancel, actor=world.actor("student_y"), program=program, student=world.student_y,
            message="没有报名")
    with pytest.raises(Http404):  # not theirs to cancel
        services.program_cancel(actor=world.actor("student_y"), program=program, student=world.student_x)
    services.program_cancel(actor=world.actor("parent_x"), program=program, student=world.student_x)
    services.program_signup(actor=world.actor("student_y"), program=program, student=world.student_y)
    services.program_cancel(actor=world.actor("leader"), program=program, student=world.student_y)
    assert not StudyEnrolment.objects.exists()


# sessions and attendance


@pytest.fixture
def tutored(world):
    program = a_program(world, kind=ProgramKind.TEACHER_CLASS, tutor=elder_mentor(world))
    for s in (world.student_x, world.student_y):
        StudyEnrolment.objects.create(program=program, student=s)
    session = StudySession.objects.create(program=program, held_on=TODAY() - dt.timedelta(days=1), topic="方程")
    return program, session


def test_the_tutor_adds_sessions_and_takes_attendance(world, tutored):
    program, session = tutored
    elder = world.actor("elder")
    planned = services.session_create(actor=elder, program=program, held_on=TODAY() + dt.timedelta(days=7),
                                      topic="几何", starts_at=dt.time(15, 30))
    assert planned.program == program and planned.starts_at == dt.time(15, 30)
    counts = services.attendance_save(actor=elder, session=session, present=[world.student_x.pk])
    assert counts == {"present": 1, "absent": 1}
    marks = dict(StudyAttendance.objects.filter(session=session).values_list("student_id", "present"))
    assert marks == {world.student_x.pk: True, world.student_y.pk: False}
    # saved again: the marks change, no row is added
    services.attendance_save(actor=world.actor("director"), session=session,
                             present=[world.student_x.pk, world.student_y.pk])
    assert dict(StudyAttendance.objects.filter(session=session).values_list("student_id", "present")) == {
        world.student_x.pk: True, world.student_y.pk: True}


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "student_x", "parent_x", "admin", "outsider"])
def test_others_cannot_take_attendance_or_add_sessions(world, tutored, persona):
    program, session = tutored
    someone = world.actor(persona)
    before = snapshot()
    with pytest.raises(Http404):
        services.attendance_save(actor=someone, session=session, present=[world.student_x.pk])
    with pytest.raises(Http404):
        services.session_create(actor=someone, program=program, held_on=TODAY(), topic="x")
    assert snapshot() == before


def test_a_peer_tutor_keeps_their_programme(world):
    """A student who is a peer-student mentor tutors a peer-tutoring programme and takes its attendance."""
    peer = Mentor.objects.create(school=world.school, kind=MentorKind.PEER, peer=world.student_y, name="李小红")
    program = services.program_create(actor=world.actor("director"), kind=ProgramKind.PEER_TUTORING,
                                      title="英语互助", tutor=peer)
    StudyEnrolment.objects.create(program=program, student=world.student_x)
    session = services.session_create(actor=world.actor("student_y"), program=program, held_on=TODAY(),
                                      topic="单词")
    services.attendance_save(actor=world.actor("student_y"), session=session, present=[world.student_x.pk])
    assert StudyAttendance.objects.get(session=session).present
    with pytest.raises(Http404):
        services.attendance_save(actor=world.actor("student_x"), session=session, present=[])


def test_attendance_input_is_checked(world, tutored):
    program, session = tutored
    elder = world.actor("elder")
    refused(services.attendance_save, actor=elder, session=session, present=[world.student_z.pk],
            message="只有报名本项目的学生")
    coming = StudySession.objects.create(program=program, held_on=TODAY() + dt.timedelta(days=2), topic="函数")
    refused(services.attendance_save, actor=elder, session=coming, present=[world.student_x.pk],
            message="当天起才能点名")
    exc = refused(services.session_create, actor=elder, program=program, held_on=TODAY(), topic="  ")
    assert "topic" in exc.message_dict


def test_the_capacity_check_locks_the_programme_first(world):
    """Two sign-ups for the last place cannot both pass: the programme's row is locked (PostgreSQL: FOR UPDATE
    OF the programme only) before the sign-ups are counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite writes one transaction at a time: there is no row lock to take")
    program = a_program(world, capacity=1)
    with CaptureQueriesContext(connection) as ctx:
        services.program_signup(actor=world.actor("student_x"), program=program, student=world.student_x)
    sql = [q["sql"] for q in ctx.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "FOR UPDATE OF" in q and "care_studyprogram" in q)
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q and "care_studyenrolment" in q)
    assert lock < count
