"""Care's part of a staff member leaving (issue 19): the pairs they mentor end and reopen with the new mentor (the
contact plan and needs kept); their open follow-up items get a new owner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinhuo.care import handover
from xinhuo.care.models import FollowUp, Mentor, MentoringPair, MentorKind
from xinhuo.people.tests import staffwork


def test_items_are_pairs_and_open_follow_ups(world):
    w = staffwork.build(world)
    found = handover.items(world.school.pk, world.staff_a.pk, world.users["head_teacher_a"].pk)
    assert [i.key for i in found] == [f"care.mentoringpair:{w.pair.pk}", f"care.followup:{w.follow_up.pk}"]
    assert "张小明" in found[0].title and found[0].url == f"/care/pairs/{w.pair.pk}/"
    assert "李小红" in found[1].title and "食堂" not in found[1].title  # the item's text stays in care
    # without an account: the pairs (their mentor record is the staff record's), no follow-up
    assert len(handover.items(world.school.pk, world.staff_a.pk, None)) == 1


def test_pair_reopens_with_the_new_mentor_created_if_needed(world):
    w = staffwork.build(world)
    assert not Mentor.objects.filter(staff=w.colleague).exists()
    n = handover.reassign(world.school.pk, [f"care.mentoringpair:{w.pair.pk}"], w.colleague.pk, None,
                          world.users["director"].pk)
    assert n == 1
    old = MentoringPair.objects.get(pk=w.pair.pk)
    assert old.ended_on == timezone.localdate() and "林老师" in old.summary
    mentor = Mentor.objects.get(staff=w.colleague)
    assert mentor.kind == MentorKind.TEACHER and mentor.name == "林老师"
    new = MentoringPair.objects.get(mentor=mentor)
    assert (new.student, new.needs, new.contact_plan, new.contact_every_days, new.ended_on) == (
        world.student_x, ["academic"], "每周三午休谈心", 7, None)
    assert new.created_by == world.users["director"]


def test_follow_up_gets_the_new_owner(world):
    w = staffwork.build(world)
    assert handover.reassign(world.school.pk, [f"care.followup:{w.follow_up.pk}"], w.colleague.pk,
                             w.colleague.user_id, world.users["director"].pk) == 1
    assert FollowUp.objects.get(pk=w.follow_up.pk).owner == world.users["head_teacher_b"]


@pytest.mark.parametrize("case", ["inactive", "full", "paired", "no_account"])
def test_refusals_change_nothing(world, case):
    w = staffwork.build(world)
    key = f"care.followup:{w.follow_up.pk}" if case == "no_account" else f"care.mentoringpair:{w.pair.pk}"
    if case in ("inactive", "full", "paired"):
        mentor = Mentor.objects.create(school=world.school, kind=MentorKind.TEACHER, staff=w.colleague,
                                       name="林老师", active=case != "inactive", max_mentees=1)
        if case in ("full", "paired"):
            student = world.student_x if case == "paired" else world.student_y
            MentoringPair.objects.create(school=world.school, mentor=mentor, student=student, needs=["academic"],
                                         started_on=timezone.localdate())
    with pytest.raises(ValidationError):
        handover.reassign(world.school.pk, [key], w.colleague.pk, None, world.users["director"].pk)
    assert MentoringPair.objects.get(pk=w.pair.pk).ended_on is None
    assert FollowUp.objects.get(pk=w.follow_up.pk).owner == world.users["head_teacher_a"]
