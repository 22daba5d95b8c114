"""Weekly notices of special-group tags to review (or expired), and a once-only notice for each follow-up item
past its due date."""

from __future__ import annotations

import datetime as dt

from xinhuo.care import reminders
from xinhuo.care.groups import services
from xinhuo.care.models import FollowUp, HomeVisit, SpecialGroup, StudentTag, TagSource, TagStatus, VisitWay
from xinhuo.core.models import Notification

MONDAY = dt.date(2026, 11, 30)


def tag(world, student, *, review_on, status=TagStatus.SUPPORTED):
    services.special_groups_for(student.school)
    return StudentTag.objects.create(
        school=student.school, student=student, status=status, source=TagSource.HEAD_TEACHER,
        group=SpecialGroup.objects.get(school=student.school, code="left_behind"),
        identified_on=review_on - dt.timedelta(days=180), review_on=review_on)


def notices(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_tags_to_review_reach_the_head_teacher_of_the_class_and_the_counsellors_once_a_week(world):
    tag(world, world.student_x, review_on=MONDAY + dt.timedelta(days=5))  # within the week
    tag(world, world.student_z, review_on=MONDAY - dt.timedelta(days=3))  # expired
    tag(world, world.student_y, review_on=MONDAY + dt.timedelta(days=30))  # not yet
    tag(world, world.student_y, review_on=MONDAY, status=TagStatus.CLOSED)  # closed: never
    sent = reminders.send(world.school, MONDAY, kinds=["reviews"])
    assert len(sent) == 4  # the counsellors', the director's, and one to each of the two head teachers
    [a] = notices(world.users["head_teacher_a"])
    assert world.student_x.name in a.body and world.student_z.name not in a.body and world.student_y.name not in a.body
    [b] = notices(world.users["head_teacher_b"])
    assert world.student_z.name in b.body and "过期" in b.body
    for persona in ("counsellor", "director"):
        [n] = notices(world.users[persona])
        assert world.student_x.name in n.body and world.student_z.name in n.body
    assert notices(world.users["parent_x"]) == [] and notices(world.users["elder"]) == []
    # later the same week: nothing again; the next week: again
    assert reminders.send(world.school, MONDAY + dt.timedelta(days=3), kinds=["reviews"]) == []
    assert len(reminders.send(world.school, MONDAY + dt.timedelta(days=7), kinds=["reviews"])) == 4


def test_a_follow_up_past_due_is_told_once_to_its_owner(world):
    visit = HomeVisit.objects.create(school=world.school, student=world.student_x, visited_on=MONDAY,
                                     way=VisitWay.HOME, visitor_kinds=["head_teacher"], visitors="陈老师")
    late = FollowUp.objects.create(school=world.school, home_visit=visit, student=world.student_x, text="申请助学金",
                                   owner=world.users["counsellor"], due_on=MONDAY - dt.timedelta(days=1))
    today = FollowUp.objects.create(school=world.school, home_visit=visit, student=world.student_x, text="回访",
                                    owner=world.users["counsellor"], due_on=MONDAY)  # due today: not late yet
    FollowUp.objects.create(school=world.school, home_visit=visit, student=world.student_x, text="已办",
                            owner=world.users["counsellor"], due_on=MONDAY - dt.timedelta(days=5),
                            status="closed", outcome="已完成")
    sent = reminders.send(world.school, MONDAY, kinds=["follow_ups"])
    assert [r.key for r in sent] == [f"care:follow_up:{late.pk}:overdue"]
    [n] = notices(world.users["counsellor"])
    assert "申请助学金" in n.body and world.student_x.name in n.body
    # the next day: the item due yesterday is late now; the first is not told again
    assert [r.key for r in reminders.send(world.school, MONDAY + dt.timedelta(days=1), kinds=["follow_ups"])] == [
        f"care:follow_up:{today.pk}:overdue"]
    assert reminders.send(world.school, MONDAY + dt.timedelta(days=2), kinds=["follow_ups"]) == []
