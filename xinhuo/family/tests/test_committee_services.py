"""The committee part's services: committees, seats, meetings and mutual-help groups refuse bad input with a clear
message (Chinese in the site's language; asserted through gettext, so the check holds once translations compile) and
change nothing; the rules a school relies on (one chair, a member's child in the class, a leaver keeps the seat)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from xinhuo.core.models import Notification, SchoolClass
from xinhuo.core.validators import choose_one_of, too_long
from xinhuo.family.committee import services
from xinhuo.family.committee.models import (
    CommitteeMeetingStatus,
    CommitteeSeat,
    MutualHelpMember,
    ParentCommittee,
    SeatPosition,
)

from .matrix_committee import make_committee, make_group, make_meeting, make_member, make_seat

D = dt.date(2026, 9, 15)


def refusal(exc: pytest.ExceptionInfo) -> dict:
    return {k: " ".join(v) for k, v in exc.value.message_dict.items()}


@pytest.fixture
def director(world):
    return world.actor("director")


# --- committees ----------------------------------------------------------------------------------------------------


def test_the_committee_creates_each_level_once_a_year(world, director):
    school = services.committee_create(actor=director, level="school")
    grade = services.committee_create(actor=director, level="grade", grade=world.grade)
    klass = services.committee_create(actor=director, level="class", school_class=world.class_a)
    assert (school.school_year, grade.grade, klass.school_class) == (world.year, world.grade, world.class_a)
    assert str(klass.title) == _("%(place)s parent committee") % {"place": "初一1班"}
    with pytest.raises(ValidationError) as exc:
        services.committee_create(actor=director, level="class", school_class=world.class_a)
    assert refusal(exc) == {"level": _("This committee already exists for the school year.")}
    assert ParentCommittee.objects.count() == 3


def test_a_level_needs_its_grade_or_class(world, director):
    with pytest.raises(ValidationError) as exc:
        services.committee_create(actor=director, level="grade")
    assert refusal(exc) == {"grade": _("Choose the grade.")}
    with pytest.raises(ValidationError) as exc:
        services.committee_create(actor=director, level="class")
    assert refusal(exc) == {"school_class": _("Choose the class.")}
    assert not ParentCommittee.objects.exists()


def test_a_head_teacher_creates_only_their_class_committee(world):
    teacher = world.actor("head_teacher_a")
    assert services.committee_create(actor=teacher, level="class", school_class=world.class_a).pk
    with pytest.raises(Http404):
        services.committee_create(actor=teacher, level="class", school_class=world.class_b)
    with pytest.raises(Http404):
        services.committee_create(actor=teacher, level="school")
    with pytest.raises(Http404):  # another school's class does not exist for them
        services.committee_create(actor=world.actor("director"), level="class", school_class=world.other_class)


# --- seats ---------------------------------------------------------------------------------------------------------


def test_a_member_needs_a_child_in_the_class(world, director):
    committee = make_committee(world)  # class A
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_z,
                                    position="member", term_from=D)
    assert refusal(exc) == {"guardian": _("This parent has no child at school in this class.")}
    seat = services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x,
                                       position="chair", duties="家校沟通", term_from=D)
    assert (seat.position, seat.duties, seat.ended_on) == ("chair", "家校沟通", None)


def test_a_grade_member_needs_a_child_in_the_grade(world, director):
    from xinhuo.core.models import Grade

    grade2 = Grade.objects.create(school=world.school, name="初二", level=8)
    committee = make_committee(world, level="grade", grade=grade2)
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x,
                                    position="member", term_from=D)
    assert refusal(exc) == {"guardian": _("This parent has no child at school in this grade.")}
    # the school's committee: any parent of a child at school; one who left is refused
    school = make_committee(world, level="school")
    assert services.committee_seat_add(actor=director, committee=school, guardian=world.guardian_z,
                                       position="member", term_from=D)
    world.student_x.status = "transferred"
    world.student_x.save()
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=school, guardian=world.guardian_x,
                                    position="member", term_from=D)
    assert refusal(exc) == {"guardian": _("This parent has no child at school.")}


def test_one_chair_and_one_seat_each(world, director):
    committee = make_committee(world)
    make_seat(committee, world.guardian_x, "chair")
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x2,
                                    position="chair", term_from=D)
    taken = _("This committee already has a %(position)s; end their term first.") % {"position": _("Chair")}
    assert refusal(exc) == {"position": taken}
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x,
                                    position="member", term_from=D)
    assert refusal(exc) == {"guardian": _("This parent is already a member of this committee.")}
    # vice chairs and members may be several
    services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x2,
                                position="vice_chair", term_from=D)
    assert committee.seats.count() == 2


def test_bad_position_term_and_duties_change_nothing(world, director):
    committee = make_committee(world)
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x,
                                    position="king", duties="很" * 301, term_from=D, term_to=D - dt.timedelta(1))
    errors = refusal(exc)
    assert errors["position"] == choose_one_of(SeatPosition)
    assert errors["duties"] == too_long(300, "很" * 301)
    assert errors["term_to"] == _("The term cannot end before it starts.")
    assert not CommitteeSeat.objects.exists()


def test_a_member_who_leaves_keeps_the_seat_with_an_end_date(world, director):
    committee = make_committee(world)
    seat = make_seat(committee, world.guardian_x, "chair")
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_end(actor=director, seat=seat, ended_on=D - dt.timedelta(days=1))
    assert refusal(exc) == {"ended_on": _("A member cannot leave before their term starts.")}
    services.committee_seat_end(actor=director, seat=seat, ended_on=dt.date(2026, 11, 30), note="工作调动")
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_note) == (dt.date(2026, 11, 30), "工作调动")
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_end(actor=director, seat=seat, ended_on=dt.date(2026, 12, 1))
    assert refusal(exc) == {"ended_on": _("This member has already left the committee.")}
    # the chair is free again; the old seat stays in the record
    services.committee_seat_add(actor=director, committee=committee, guardian=world.guardian_x2, position="chair",
                                term_from=dt.date(2026, 12, 1))
    assert committee.seats.count() == 2


# --- meetings ------------------------------------------------------------------------------------------------------


def test_a_meeting_is_a_draft_then_approved_and_the_members_are_told(world, django_capture_on_commit_callbacks):
    teacher = world.actor("head_teacher_a")
    committee = make_committee(world)
    seat = make_seat(committee, world.guardian_x, "chair")
    with pytest.raises(ValidationError) as exc:
        services.committee_meeting_create(actor=teacher, committee=committee, title=" ", held_on=None)
    assert refusal(exc) == {"title": _("Enter the meeting's title."), "held_on": _("Enter the meeting's date.")}
    meeting = services.committee_meeting_create(
        actor=teacher, committee=committee, title="期中家委会座谈会", held_on=dt.date(2026, 11, 13),
        place="图书馆", topics="期中情况", minutes="张大明反映作业量偏大。", resolutions="每月公布菜谱",
        attendees=[seat.pk])
    assert meeting.status == CommitteeMeetingStatus.DRAFT
    assert list(meeting.attendees.all()) == [seat]
    services.committee_meeting_update(actor=teacher, meeting=meeting, title="期中家委会座谈会",
                                      held_on=dt.date(2026, 11, 13), minutes="修改后的纪要", attendees=[seat.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.committee_meeting_approve(actor=teacher, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.approved_by) == ("approved", world.users["head_teacher_a"])
    told = _("Minutes approved: %(title)s") % {"title": "期中家委会座谈会"}
    assert Notification.objects.filter(recipient=world.users["parent_x"], title=told).exists()
    with pytest.raises(ValidationError) as exc:
        services.committee_meeting_approve(actor=teacher, meeting=meeting)
    assert exc.value.messages == [_("These minutes are already approved.")]
    with pytest.raises(ValidationError) as exc:
        services.committee_meeting_update(actor=teacher, meeting=meeting, title="改", held_on=dt.date(2026, 11, 13))
    assert exc.value.messages == [_("Approved minutes can no longer be changed.")]


def test_those_present_are_members_on_the_day(world, director):
    committee, other = make_committee(world), make_committee(world, level="school")
    stranger = make_seat(other, world.guardian_z)
    late = make_seat(committee, world.guardian_x, term_from=dt.date(2026, 12, 1))
    for seat, message in ((stranger, _("Those present must be members of this committee.")),
                          (late, _("Those present must be members of the committee on the meeting's day."))):
        with pytest.raises(ValidationError) as exc:
            services.committee_meeting_create(actor=director, committee=committee, title="会", held_on=D,
                                              attendees=[seat.pk])
        assert refusal(exc) == {"attendees": message}
    assert not committee.meetings.exists()


def test_minutes_are_needed_to_approve(world, director):
    meeting = make_meeting(make_committee(world), minutes="")
    with pytest.raises(ValidationError) as exc:
        services.committee_meeting_approve(actor=director, meeting=meeting)
    assert refusal(exc) == {"minutes": _("Write the minutes before approving them.")}


def test_minutes_are_encrypted_at_rest(world):
    from django.db import connection

    meeting = make_meeting(make_committee(world), minutes="某同学家庭困难")
    with connection.cursor() as cursor:
        cursor.execute("SELECT minutes FROM family_committeemeeting WHERE id = %s", [meeting.pk])
        assert "家庭困难" not in cursor.fetchone()[0]


# --- mutual-help groups --------------------------------------------------------------------------------------------


def test_a_group_has_one_coordinator_and_a_unique_name(world, director):
    with pytest.raises(ValidationError) as exc:
        services.mutual_help_group_create(actor=director, name="单亲家庭互助组")
    assert refusal(exc) == {"coordinator_staff": _("Choose one coordinator: a staff member or a parent.")}
    group = services.mutual_help_group_create(actor=director, name="单亲家庭互助组", coordinator_staff=world.staff_a)
    assert group.coordinator_name == "陈老师"
    with pytest.raises(ValidationError) as exc:
        services.mutual_help_group_create(actor=director, name="单亲家庭互助组", coordinator_guardian=world.guardian_z)
    assert refusal(exc) == {"name": _("The school already has a group of this name.")}
    with pytest.raises(Http404):
        services.mutual_help_group_create(actor=world.actor("head_teacher_a"), name="x",
                                          coordinator_staff=world.staff_a)


def test_the_coordinator_adds_families_and_records_meetings(world):
    group = make_group(world, coordinator_staff=world.staff_a)  # staff_a is head_teacher_a
    coordinator = world.actor("head_teacher_a")
    member = services.mutual_help_member_add(actor=coordinator, group=group, guardian=world.guardian_z,
                                             joined_on=dt.date(2026, 10, 9))
    with pytest.raises(ValidationError) as exc:
        services.mutual_help_member_add(actor=coordinator, group=group, guardian=world.guardian_z)
    assert refusal(exc) == {"guardian": _("This family is already in the group.")}
    with pytest.raises(ValidationError) as exc:
        services.mutual_help_meeting_add(actor=coordinator, group=group, held_on=None, topic="")
    assert refusal(exc) == {"topic": _("Enter the meeting's topic."), "held_on": _("Enter the meeting's date.")}
    services.mutual_help_meeting_add(actor=coordinator, group=group, held_on=D, topic="经验交流", notes="祖辈监护")
    services.mutual_help_member_end(actor=coordinator, member=member, left_on=dt.date(2026, 12, 1))
    assert MutualHelpMember.objects.get(pk=member.pk).left_on == dt.date(2026, 12, 1)
    # another head teacher is not the coordinator
    with pytest.raises(Http404):
        services.mutual_help_member_add(actor=world.actor("head_teacher_b"), group=group, guardian=world.guardian_x)


def test_a_family_leaves_after_it_joined(world, director):
    member = make_member(make_group(world), world.guardian_x, joined_on=dt.date(2026, 10, 9))
    with pytest.raises(ValidationError) as exc:
        services.mutual_help_member_end(actor=director, member=member, left_on=dt.date(2026, 10, 1))
    assert refusal(exc) == {"left_on": _("A family cannot leave before it joined.")}


def test_classes_without_head_teacher_scope(world):
    # a graduated class takes no new committee
    SchoolClass.objects.filter(pk=world.class_b.pk).update(graduated_in=world.year)
    world.class_b.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.committee_create(actor=world.actor("director"), level="class", school_class=world.class_b)
    assert refusal(exc) == {"school_class": _("This class has graduated.")}
