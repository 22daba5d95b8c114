"""The parent school's services: registering (capacity, deadline, own children, once), cancelling, check-in on
site and online (a micro-lecture watched to its end, a quiz scored on the server), inviting, 优秀家长学员."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from xinhuo.core.models import Grade, Notification
from xinhuo.family.models import CheckInWay, ExcellentParent, LectureView, SessionRegistration
from xinhuo.family.school import services

from .test_school_support import QUIZ, director, make_course, make_session, move, parent_of, parent_x, register

pytestmark = pytest.mark.django_db


def test_a_parent_registers_for_their_childs_family_once(world):
    session = make_session(world, make_course(world))
    row = register(world, session)
    assert (row.guardian_id, row.student_id, row.active) == (world.guardian_x.pk, world.student_x.pk, True)
    with pytest.raises(ValidationError, match="已报名|already"):
        register(world, session)
    assert SessionRegistration.objects.filter(session=session).count() == 1


def test_registering_for_a_child_not_ones_own_is_refused(world):
    session = make_session(world, make_course(world))
    with pytest.raises(ValidationError) as exc:
        register(world, session, student=world.student_z)
    assert "student" in exc.value.error_dict
    assert not SessionRegistration.objects.exists()


def test_a_full_session_refuses_the_next_parent(world):
    session = make_session(world, make_course(world), capacity=1)
    register(world, session)
    other = parent_of(world, world.guardian_z, "parent_z")
    with pytest.raises(ValidationError, match="满|full"):
        services.registration_create(actor=other, session=session, student=world.student_z)
    # a cancelled place is free again
    services.registration_cancel(actor=parent_x(world), registration=SessionRegistration.objects.get())
    assert services.registration_create(actor=other, session=session, student=world.student_z).active


def test_registration_and_cancelling_close_when_the_session_starts(world):
    session = make_session(world, make_course(world))
    row = register(world, session)
    move(session, hours=-0.5)
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=parent_x(world), registration=row)
    other = parent_of(world, world.guardian_z, "parent_z")
    with pytest.raises(ValidationError):
        services.registration_create(actor=other, session=session, student=world.student_z)
    assert SessionRegistration.objects.get().active


def test_cancel_then_register_again_reuses_the_row(world):
    session = make_session(world, make_course(world))
    row = register(world, session)
    services.registration_cancel(actor=parent_x(world), registration=row)
    row.refresh_from_db()
    assert row.cancelled_at is not None
    again = register(world, session)
    assert again.pk == row.pk and again.active


def test_a_course_for_other_grades_is_not_for_this_family(world):
    senior = Grade.objects.create(school=world.school, name="初三", level=9)
    session = make_session(world, make_course(world, grades=[senior]))
    with pytest.raises(ValidationError, match="初三"):
        register(world, session)


def test_a_parent_of_another_school_cannot_register_or_watch(world):
    session = make_session(world, make_course(world))
    outsider_parent = parent_of(world, world.other_guardian, "parent_other", school=world.other)
    with pytest.raises(Http404):
        services.registration_create(actor=outsider_parent, session=session, student=world.other_student)
    lecture = services.lecture_save(actor=director(world), course=session.course, title="微课",
                                    link="https://example.org/v", quiz=QUIZ, session=session)
    with pytest.raises(Http404):
        services.lecture_finished(actor=outsider_parent, lecture=lecture)
    assert not SessionRegistration.objects.exists() and not LectureView.objects.exists()


def test_staff_cannot_register(world):
    session = make_session(world, make_course(world))
    with pytest.raises(Http404):
        services.registration_create(actor=world.actor("head_teacher_a"), session=session, student=world.student_x)


def test_on_site_check_in_by_the_managers_or_the_organiser_only(world):
    course = make_course(world, organiser=world.users["head_teacher_b"])
    session = make_session(world, course)
    row = register(world, session)
    with pytest.raises(ValidationError, match="当天|day"):  # not before the day of the session
        services.checkin_set(actor=director(world), registration=row, attended=True)
    move(session, hours=-0.2)
    with pytest.raises(Http404):
        services.checkin_set(actor=world.actor("head_teacher_a"), registration=row, attended=True)
    done = services.checkin_set(actor=world.actor("head_teacher_b"), registration=row, attended=True)
    assert done.attended_at is not None and done.way == CheckInWay.ON_SITE
    undone = services.checkin_set(actor=director(world), registration=row, attended=False)
    assert undone.attended_at is None


def test_a_walk_in_is_added_and_checked_in(world):
    session = move(make_session(world, make_course(world), capacity=1), hours=-0.1)
    SessionRegistration.objects.create(session=session, guardian=world.guardian_x, student=world.student_x)
    row = services.walkin_add(actor=director(world), session=session, guardian=world.guardian_z,
                              student=world.student_z)
    assert row.way == CheckInWay.WALK_IN and row.attended_at is not None  # the capacity does not stop them
    with pytest.raises(ValidationError):
        services.walkin_add(actor=director(world), session=session, guardian=world.guardian_z,
                            student=world.student_x)  # not their child


def _online(world, *, hours=-0.1):
    course = make_course(world)
    session = make_session(world, course, mode="online")
    lecture = services.lecture_save(actor=director(world), course=course, session=session, title="亲子沟通",
                                    link="https://example.org/video", quiz=QUIZ, pass_mark=80)
    return session, lecture


def test_watching_to_the_end_checks_in_only_the_parents_own_registration(world):
    session, lecture = _online(world)
    register(world, session)
    move(session, hours=-0.1)
    result = services.lecture_finished(actor=parent_x(world), lecture=lecture)
    assert result == {"watched": True, "checked_in": True}
    row = SessionRegistration.objects.get(guardian=world.guardian_x)
    assert row.way == CheckInWay.VIDEO and row.attended_at is not None
    # another parent of the school, not registered: the watch counts, no attendance is made up
    other = parent_of(world, world.guardian_z, "parent_z")
    assert services.lecture_finished(actor=other, lecture=lecture) == {"watched": True, "checked_in": False}
    assert not SessionRegistration.objects.filter(guardian=world.guardian_z).exists()


def test_watching_before_the_session_starts_is_no_check_in(world):
    session, lecture = _online(world)
    register(world, session)
    assert services.lecture_finished(actor=parent_x(world), lecture=lecture)["checked_in"] is False
    assert SessionRegistration.objects.get().attended_at is None


def test_the_quiz_is_scored_on_the_server(world):
    session, lecture = _online(world)
    register(world, session)
    move(session, hours=-0.1)
    failed = services.quiz_answer(actor=parent_x(world), lecture=lecture, answers=[1, 1, 1])  # 2 of 3 right
    assert (failed["score"], failed["passed"], failed["checked_in"]) == (66, False, False)
    assert SessionRegistration.objects.get().attended_at is None
    with pytest.raises(ValidationError):
        services.quiz_answer(actor=parent_x(world), lecture=lecture, answers=[1])
    passed = services.quiz_answer(actor=parent_x(world), lecture=lecture, answers=[1, 1, 0])
    assert (passed["score"], passed["passed"], passed["checked_in"]) == (100, True, True)
    row = SessionRegistration.objects.get()
    assert row.way == CheckInWay.QUIZ
    assert LectureView.objects.get().quiz_score == 100


def test_a_media_upload_is_checked_by_its_content(world):
    course = make_course(world)
    fake = SimpleUploadedFile("lecture.mp4", b"<html>not a video</html>", content_type="video/mp4")
    with pytest.raises(ValidationError) as exc:
        services.lecture_save(actor=director(world), course=course, title="微课", media=fake)
    assert "media" in exc.value.error_dict
    mp4 = SimpleUploadedFile("lecture.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100, content_type="video/mp4")
    lecture = services.lecture_save(actor=director(world), course=course, title="微课", media=mp4)
    assert lecture.media.name.endswith(".mp4") and lecture.media_size == 112
    renamed = SimpleUploadedFile("讲义.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.material_add(actor=director(world), course=course, title="讲义", file=renamed)


def test_a_quiz_needs_one_right_choice_a_question(world):
    with pytest.raises(ValidationError) as exc:
        services.lecture_save(actor=director(world), course=make_course(world), title="微课",
                              link="https://example.org/v", quiz="问题？|甲|乙")
    assert "quiz" in exc.value.error_dict


def test_inviting_the_families_who_never_attended(world):
    parent_of(world, world.guardian_z, "parent_z")  # class B's family, with an account
    session = move(make_session(world, make_course(world)), hours=-0.1)
    row = register(world, move(session, hours=2))
    move(session, hours=-0.1)
    services.checkin_set(actor=director(world), registration=row, attended=True)
    n = services.invite_never_attended(actor=director(world))
    assert n == 1  # guardian_z: student_y's family has no account, student_x's attended
    note = Notification.objects.get(recipient__username="parent_z")
    assert note.link == "/family/school/"
    # head teacher A: class A only, where no family without attendance has an account
    with pytest.raises(ValidationError):
        services.invite_never_attended(actor=world.actor("head_teacher_a"))


def test_excellent_parents_are_confirmed_from_the_proposed_only(world):
    course = make_course(world)
    for _ in range(3):
        s = make_session(world, course)
        row = register(world, s)
        move(s, hours=-1)
        services.checkin_set(actor=director(world), registration=row, attended=True)
    term = world.year.terms.get()
    with pytest.raises(ValidationError):
        services.excellent_confirm(actor=director(world), term=term, guardian_ids=[world.guardian_z.pk])
    [row] = services.excellent_confirm(actor=director(world), term=term, guardian_ids=[world.guardian_x.pk])
    assert (row.name, row.sessions) == ("张大明", 3) and row.certificate_no.startswith("JZXX202609-")
    with pytest.raises(ValidationError):
        services.excellent_confirm(actor=director(world), term=term, guardian_ids=[world.guardian_x.pk])
    with pytest.raises(Http404):
        services.excellent_confirm(actor=world.actor("head_teacher_a"), term=term, guardian_ids=[])
    assert ExcellentParent.objects.count() == 1
