"""The clubs services: every workflow step and its refusals (own approval, duplicate name, wrong status, missing
reason), the advisor rule (exactly one, of this school), members (capacity, duplicates, other school), join
requests, meetings (end before start), attendance, and the showcase (non-image photo, growth entries once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.clubs import services
from xinhuo.clubs.models import (
    Club,
    ClubAttendance,
    ClubMeeting,
    ClubMembership,
    ClubPhoto,
    ClubStatus,
    ClubStep,
    MeetingKind,
    MembershipStatus,
)
from xinhuo.core.models import Notification, Term
from xinhuo.elders.models import Elder
from xinhuo.people.models import Student

from .helpers import a_club, a_meeting, a_member, not_an_image, png

S = ClubStatus
MS = MembershipStatus


def request(world, persona="head_teacher_a", name="书法社", **kw):
    kw.setdefault("advisor_elder", world.elder)
    return services.club_request(actor=world.actor(persona), name=name, description="练习毛笔字", aims="传承书法",
                                 **kw)


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


# --- founding and review --------------------------------------------------------------------------------------


def test_request_approve_close_is_recorded_step_by_step(world):
    club = request(world, capacity=20)
    assert club.status == S.REQUESTED and club.requested_by == world.users["head_teacher_a"]
    # the reviewers hear of it, not the requester
    assert Notification.objects.filter(recipient=world.users["director"], title__contains="书法社").exists()
    assert not Notification.objects.filter(recipient=world.users["head_teacher_a"]).exists()
    services.club_review(actor=world.actor("director"), club=club, action="approve", comment="同意")
    club.refresh_from_db()
    assert club.status == S.ACTIVE
    a_member(club, world.student_x)
    services.club_close(actor=world.actor("elder"), club=club, comment="学期结束")
    club.refresh_from_db()
    assert club.status == S.CLOSED
    assert ClubMembership.objects.get(club=club).status == MS.LEFT
    steps = list(ClubStep.objects.filter(club=club).values_list("from_status", "to_status", "by__username",
                                                                 "comment"))
    assert steps == [("", S.REQUESTED, "teacher", ""), (S.REQUESTED, S.ACTIVE, "director", "同意"),
                     (S.ACTIVE, S.CLOSED, "elder", "学期结束")]
    # the requester heard of the approval and the elder's closing
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 2


def test_return_then_resubmit_then_reject(world):
    club = request(world)
    leader = world.actor("leader")
    services.club_review(actor=leader, club=club, action="return", comment="请补充活动目标")
    club.refresh_from_db()
    assert club.status == S.RETURNED
    with pytest.raises(ValidationError):  # a returned request waits for its requester
        services.club_review(actor=leader, club=club, action="approve")
    services.club_resubmit(actor=world.actor("head_teacher_a"), club=club)
    club.refresh_from_db()
    assert club.status == S.REQUESTED
    services.club_review(actor=leader, club=club, action="reject", comment="与已有社团重复")
    club.refresh_from_db()
    assert club.status == S.REJECTED
    with pytest.raises(ValidationError):
        services.club_resubmit(actor=world.actor("head_teacher_a"), club=club)


def test_approving_ones_own_request_is_refused(world):
    club = request(world, persona="director")
    with pytest.raises(ValidationError) as exc:
        services.club_review(actor=world.actor("director"), club=club, action="approve")
    assert "另一位" in messages_of(exc) or "another" in messages_of(exc)
    club.refresh_from_db()
    assert club.status == S.REQUESTED and club.steps.count() == 1


@pytest.mark.parametrize("action", ["return", "reject"])
def test_returning_or_rejecting_needs_a_reason(world, action):
    club = request(world)
    with pytest.raises(ValidationError) as exc:
        services.club_review(actor=world.actor("director"), club=club, action=action, comment="  ")
    assert "comment" in exc.value.error_dict
    club.refresh_from_db()
    assert club.status == S.REQUESTED


def test_only_reviewers_review_and_only_managers_close(world):
    club = request(world)
    for persona in ("head_teacher_b", "elder", "counsellor", "parent_x"):
        with pytest.raises(Http404):
            services.club_review(actor=world.actor(persona), club=club, action="approve")
    services.club_review(actor=world.actor("director"), club=club, action="approve")
    with pytest.raises(Http404):
        services.club_close(actor=world.actor("head_teacher_b"), club=club, comment="x")
    with pytest.raises(ValidationError) as exc:
        services.club_close(actor=world.actor("director"), club=club, comment="")
    assert "comment" in exc.value.error_dict


def test_a_name_is_unique_among_the_schools_live_clubs(world):
    first = request(world)
    with pytest.raises(ValidationError) as exc:
        request(world, persona="head_teacher_b", name=" 书法社 ")
    assert "书法社" in exc.value.error_dict["name"][0].message
    assert Club.objects.filter(name="书法社").count() == 1
    # closing the first frees the name; another school may use it anyway
    services.club_review(actor=world.actor("director"), club=first, action="approve")
    services.club_close(actor=world.actor("director"), club=first, comment="停办")
    assert request(world, persona="head_teacher_b").status == S.REQUESTED
    a_club(world, "书法社", school=world.other, elder=False, user=world.users["outsider"])


def test_the_advisor_is_one_elder_or_one_teacher_of_the_school(world):
    with pytest.raises(ValidationError) as exc:
        request(world, advisor_elder=None)
    assert "advisor" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        request(world, advisor_user=world.users["head_teacher_b"])
    assert "advisor" in exc.value.error_dict
    other_elder = Elder.objects.create(school=world.other, name="外校老人", gender="M", category="teacher")
    with pytest.raises(ValidationError) as exc:
        request(world, advisor_elder=other_elder)
    assert "advisor_elder" in exc.value.error_dict
    Elder.objects.filter(pk=world.elder.pk).update(status=Elder.Status.LEFT)
    world.elder.refresh_from_db()
    with pytest.raises(ValidationError):
        request(world)
    for not_a_teacher in ("parent_x", "finance", "outsider"):
        with pytest.raises(ValidationError) as exc:
            request(world, advisor_elder=None, advisor_user=world.users[not_a_teacher])
        assert "advisor_user" in exc.value.error_dict
    club = request(world, advisor_elder=None, advisor_user=world.users["head_teacher_b"])
    assert club.advisor_name == world.users["head_teacher_b"].display_name
    assert not Club.objects.exclude(pk=club.pk).exists()


def test_an_elder_may_ask_for_a_club_a_parent_may_not(world):
    club = request(world, persona="elder", name="红色宣讲团")
    assert club.requested_by == world.users["elder"]
    for persona in ("parent_x", "student_x", "admin", "finance"):
        with pytest.raises(Http404):
            request(world, persona=persona, name="文学社")


def test_update_keeps_the_places_above_the_members(world):
    club = a_club(world, capacity=5)
    a_member(club, world.student_x)
    a_member(club, world.student_y)
    elder = world.actor("elder")
    with pytest.raises(ValidationError) as exc:
        services.club_update(actor=elder, club=club, name="书法社", advisor_elder=world.elder, capacity=1)
    assert "capacity" in exc.value.error_dict
    services.club_update(actor=elder, club=club, name="书法篆刻社", advisor_elder=world.elder, capacity=2,
                         schedule="每周三下午")
    club.refresh_from_db()
    assert (club.name, club.capacity, club.schedule) == ("书法篆刻社", 2, "每周三下午")
    # the requester (not advisor) cannot change an active club; nobody changes a closed one
    with pytest.raises(Http404):
        services.club_update(actor=world.actor("head_teacher_a"), club=club, name="x", advisor_elder=world.elder)
    Club.objects.filter(pk=club.pk).update(status=S.CLOSED)
    with pytest.raises(ValidationError):
        services.club_update(actor=elder, club=club, name="书法社", advisor_elder=world.elder)


# --- members ----------------------------------------------------------------------------------------------------


def test_the_advisor_adds_members_up_to_the_capacity(world):
    club = a_club(world, capacity=2)
    elder = world.actor("elder")
    services.member_add(actor=elder, club=club, student=world.student_x, role="leader")
    services.member_add(actor=elder, club=club, student=world.student_y)
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=elder, club=club, student=world.student_z)
    assert "2" in messages_of(exc) and "书法社" in messages_of(exc)
    assert ClubMembership.objects.filter(club=club).count() == 2


def test_a_member_is_not_added_twice_nor_from_another_school(world):
    club = a_club(world)
    director = world.actor("director")
    services.member_add(actor=director, club=club, student=world.student_x)
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=director, club=club, student=world.student_x)
    assert "张小明" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.member_add(actor=director, club=club, student=world.other_student)
    assert "student" in exc.value.error_dict
    Student.objects.filter(pk=world.student_y.pk).update(status=Student.Status.GRADUATED)
    world.student_y.refresh_from_db()
    with pytest.raises(ValidationError):
        services.member_add(actor=director, club=club, student=world.student_y)
    assert ClubMembership.objects.filter(club=club).count() == 1


def test_only_the_advisor_and_managers_manage_members_of_an_active_club(world):
    club = a_club(world)
    for persona in ("head_teacher_a", "counsellor", "student_x", "parent_x"):
        with pytest.raises(Http404):
            services.member_add(actor=world.actor(persona), club=club, student=world.student_x)
    requested = a_club(world, "科技社", status=S.REQUESTED)
    with pytest.raises(ValidationError):
        services.member_add(actor=world.actor("elder"), club=requested, student=world.student_x)
    assert not ClubMembership.objects.exists()


def test_removing_and_adding_again(world):
    club = a_club(world)
    elder = world.actor("elder")
    m = services.member_add(actor=elder, club=club, student=world.student_x)
    services.member_remove(actor=elder, membership=m)
    m.refresh_from_db()
    assert m.status == MS.LEFT and m.left_at is not None
    with pytest.raises(ValidationError):
        services.member_remove(actor=elder, membership=m)
    again = services.member_add(actor=elder, club=club, student=world.student_x)
    assert again.pk != m.pk and again.status == MS.ACTIVE
    services.member_role_set(actor=elder, membership=again, role="leader")
    again.refresh_from_db()
    assert again.role == "leader"
    with pytest.raises(ValidationError):
        services.member_role_set(actor=elder, membership=again, role="boss")


def test_asking_to_join_and_the_advisors_decision(world):
    club = a_club(world, capacity=1)
    m = services.join_request(actor=world.actor("parent_x"), club=club, student=world.student_x)
    assert m.status == MS.REQUESTED
    assert Notification.objects.filter(recipient=world.users["elder"], title__contains="张小明").exists()
    with pytest.raises(ValidationError) as exc:
        services.join_request(actor=world.actor("student_x"), club=club, student=world.student_x)
    assert "已" in messages_of(exc) or "already" in messages_of(exc)
    with pytest.raises(Http404):  # a parent asks for their own children only
        services.join_request(actor=world.actor("parent_x"), club=club, student=world.student_y)
    services.join_decide(actor=world.actor("elder"), membership=m, accept=True)
    m.refresh_from_db()
    assert m.status == MS.ACTIVE and m.joined_at is not None
    assert Notification.objects.filter(recipient=world.users["parent_x"], title__contains="书法社").exists()
    # full: student_y may not even ask
    with pytest.raises(ValidationError):
        services.join_request(actor=world.actor("student_y"), club=club, student=world.student_y)
    assert ClubMembership.objects.filter(club=club).count() == 1


def test_a_request_accepted_only_while_places_are_left_or_declined(world):
    club = a_club(world, capacity=1)
    x = services.join_request(actor=world.actor("student_x"), club=club, student=world.student_x)
    y = services.join_request(actor=world.actor("student_y"), club=club, student=world.student_y)
    services.join_decide(actor=world.actor("elder"), membership=x, accept=True)
    with pytest.raises(ValidationError):
        services.join_decide(actor=world.actor("elder"), membership=y, accept=True)
    services.join_decide(actor=world.actor("elder"), membership=y, accept=False)
    y.refresh_from_db()
    assert y.status == MS.DECLINED
    with pytest.raises(ValidationError):
        services.join_decide(actor=world.actor("elder"), membership=y, accept=True)


def test_a_student_cannot_join_a_club_not_active(world):
    club = a_club(world, status=S.REQUESTED, requested_by="elder")
    with pytest.raises((ValidationError, Http404)):
        services.join_request(actor=world.actor("student_x"), club=club, student=world.student_x)
    assert not ClubMembership.objects.exists()


# --- meetings, attendance, showcase ----------------------------------------------------------------------------


def _times(days=1, hours=1):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return start, start + dt.timedelta(hours=hours)


def test_a_meeting_must_end_after_it_starts(world):
    club = a_club(world)
    start, end = _times()
    with pytest.raises(ValidationError) as exc:
        services.meeting_add(actor=world.actor("elder"), club=club, kind="meeting", title="临帖", starts_at=end,
                             ends_at=start)
    assert "ends_at" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.meeting_add(actor=world.actor("elder"), club=club, kind="party", title="", starts_at=start,
                             ends_at=end)
    assert {"kind", "title"} <= set(exc.value.error_dict)
    assert not ClubMeeting.objects.exists()
    m = services.meeting_add(actor=world.actor("elder"), club=club, kind="event", title="书法进社区",
                             starts_at=start, ends_at=end, place="社区活动中心")
    assert m.created_by == world.users["elder"]
    services.meeting_update(actor=world.actor("elder"), meeting=m, kind="event", title="书法进社区",
                            starts_at=start, ends_at=end, notes="写春联二十副")
    m.refresh_from_db()
    assert m.notes == "写春联二十副"


def test_meetings_only_in_an_active_club_by_its_managers(world):
    club = a_club(world, status=S.CLOSED)
    start, end = _times()
    with pytest.raises(ValidationError):
        services.meeting_add(actor=world.actor("elder"), club=club, kind="meeting", title="x", starts_at=start,
                             ends_at=end)
    with pytest.raises(Http404):
        services.meeting_add(actor=world.actor("head_teacher_b"), club=a_club(world, "科技社"), kind="meeting",
                             title="x", starts_at=start, ends_at=end)


def test_attendance_marks_every_member_and_refuses_the_future_and_outsiders(world):
    club = a_club(world)
    a_member(club, world.student_x)
    a_member(club, world.student_y)
    elder = world.actor("elder")
    future = a_meeting(club, days=2)
    with pytest.raises(ValidationError):
        services.attendance_save(actor=elder, meeting=future, present=[world.student_x.pk])
    past = a_meeting(club)
    with pytest.raises(ValidationError):
        services.attendance_save(actor=elder, meeting=past, present=[world.student_z.pk])
    assert not ClubAttendance.objects.exists()
    counts = services.attendance_save(actor=elder, meeting=past, present=[world.student_x.pk])
    assert counts == {"present": 1, "absent": 1}
    marks = dict(ClubAttendance.objects.filter(meeting=past).values_list("student_id", "present"))
    assert marks == {world.student_x.pk: True, world.student_y.pk: False}
    services.attendance_save(actor=elder, meeting=past, present=[world.student_y.pk])
    marks = dict(ClubAttendance.objects.filter(meeting=past).values_list("student_id", "present"))
    assert marks == {world.student_x.pk: False, world.student_y.pk: True}


def _term_covering(world, day):
    if not Term.objects.filter(school_year__school=world.school, start__lte=day, end__gte=day).exists():
        Term.objects.create(school_year=world.year, name=f"测试学期{day}", start=day - dt.timedelta(days=30),
                            end=day + dt.timedelta(days=30))


def test_the_showcase_credits_each_member_present_once_a_term(world):
    club = a_club(world)
    for s in (world.student_x, world.student_y, world.student_z):
        a_member(club, s)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE, title="期末成果展示")
    _term_covering(world, timezone.localtime(show.starts_at).date())
    elder = world.actor("elder")
    services.attendance_save(actor=elder, meeting=show, present=[world.student_x.pk, world.student_y.pk])
    credited = services.showcase_record(actor=elder, meeting=show, summary="展出作品四十幅", photos=[png()],
                                        caption="作品展")
    assert credited == 2
    entries = GrowthEntry.objects.filter(kind=GrowthKind.CLUB)
    assert sorted(entries.values_list("student_id", flat=True)) == sorted([world.student_x.pk, world.student_y.pk])
    entry = entries.get(student=world.student_x)
    assert entry.title == "书法社：期末成果展示" and not entry.internal
    assert entry.on == timezone.localtime(show.starts_at).date()
    # saving again, marking the attendance again, a second showcase in the same term: no second entry
    services.showcase_record(actor=elder, meeting=show, summary="展出作品四十二幅")
    services.attendance_save(actor=elder, meeting=show, present=[world.student_x.pk, world.student_y.pk])
    second = a_meeting(club, kind=MeetingKind.SHOWCASE, title="汇报演出", days=-1)
    services.attendance_save(actor=elder, meeting=second, present=[world.student_x.pk])
    services.showcase_record(actor=elder, meeting=second, summary="汇报")
    assert GrowthEntry.objects.filter(kind=GrowthKind.CLUB).count() == 2
    # a member marked present later gets theirs when the attendance is saved
    services.attendance_save(actor=elder, meeting=show, present=[s.pk for s in (world.student_x, world.student_y,
                                                                                 world.student_z)])
    assert GrowthEntry.objects.filter(kind=GrowthKind.CLUB, student=world.student_z).count() == 1
    assert ClubPhoto.objects.filter(meeting=show).count() == 1


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_written(world):
    club = a_club(world)
    a_member(club, world.student_x)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE)
    elder = world.actor("elder")
    services.attendance_save(actor=elder, meeting=show, present=[world.student_x.pk])
    with pytest.raises(ValidationError) as exc:
        services.showcase_record(actor=elder, meeting=show, summary="展示", photos=[png(), not_an_image()])
    assert "photos" in exc.value.error_dict and "photo.jpg" in messages_of(exc)
    show.refresh_from_db()
    assert show.summary == "" and not ClubPhoto.objects.exists() and not GrowthEntry.objects.exists()


def test_the_showcase_needs_a_summary_its_day_and_its_kind(world):
    club = a_club(world)
    elder = world.actor("elder")
    with pytest.raises(ValidationError) as exc:
        services.showcase_record(actor=elder, meeting=a_meeting(club, kind=MeetingKind.SHOWCASE), summary=" ")
    assert "summary" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.showcase_record(actor=elder, meeting=a_meeting(club, kind=MeetingKind.SHOWCASE, days=3),
                                 summary="x")
    with pytest.raises(ValidationError):
        services.showcase_record(actor=elder, meeting=a_meeting(club), summary="x")
    with pytest.raises(Http404):
        services.showcase_record(actor=world.actor("head_teacher_b"),
                                 meeting=a_meeting(club, kind=MeetingKind.SHOWCASE), summary="x")
    assert not ClubMeeting.objects.exclude(summary="").exists()


def test_a_showcase_with_its_summary_stays_a_showcase(world):
    club = a_club(world)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE)
    elder = world.actor("elder")
    services.showcase_record(actor=elder, meeting=show, summary="展示")
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(actor=elder, meeting=show, kind="meeting", title=show.title,
                                starts_at=show.starts_at, ends_at=show.ends_at)
    assert "kind" in exc.value.error_dict


def test_a_photo_is_removed_with_its_file(world, django_capture_on_commit_callbacks):
    club = a_club(world)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE)
    services.showcase_record(actor=world.actor("elder"), meeting=show, summary="展示", photos=[png()])
    photo = ClubPhoto.objects.get()
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    with pytest.raises(Http404):
        services.photo_delete(actor=world.actor("head_teacher_b"), photo=photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(actor=world.actor("director"), photo=photo)
    assert not ClubPhoto.objects.exists() and not storage.exists(name)
