"""Matching growth mentors to a student's needs (MEN-2): the ranking is explained (needs × specialties,
availability, load), mentors at capacity rank last and say so, inactive ones never appear, an elder's load in
the elders' work counts, and the cost in queries does not grow with the number of mentors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinhuo.care.mentoring import matching, selectors
from xinhuo.elders.models import Assignment, Elder, ElderRole, Weekday

from .mentoring_helpers import elder_mentor, pair, peer_mentor, slot, teacher_mentor, volunteer

WED = Weekday.WED


def ranked(world, needs=("academic",), weekday=None, student=None):
    actor = world.actor("director")
    assert actor is not None
    student = student or world.student_x
    paired = selectors.pairs(actor).filter(student=student, ended_on__isnull=True).values_list("mentor_id", flat=True)
    return matching.rank(matching.Request(needs=tuple(needs), weekday=weekday, student_id=student.pk),
                         selectors.mentor_candidates(actor), exclude_mentor_ids=list(paired))


@pytest.fixture
def team(world):
    """Mentors built so that each factor decides one place."""
    tutor = elder_mentor(world, specialties=["tutoring", "counselling"])  # 周老
    slot(world.elder, WED)
    teacher = teacher_mentor(world, specialties=["tutoring"])
    pair(world, teacher, world.student_z)  # 1 of 3
    helper = volunteer(world, "李志愿", specialties=["family_education"])
    full = volunteer(world, "满志愿", specialties=["tutoring", "counselling"], max_mentees=1)
    pair(world, full, world.student_y)  # 1 of 1: at capacity
    off = volunteer(world, "停志愿", specialties=["tutoring", "counselling"], active=False)
    return {"tutor": tutor, "teacher": teacher, "helper": helper, "full": full, "off": off}


def test_ranking_by_needs_availability_and_load_with_reasons(world, team):
    result = ranked(world, needs=("academic", "emotional"), weekday=WED)
    names = [s.mentor.name for s in result]
    # 周老 30+30 + 20 (free on Wednesday) + 15 (idle); 李志愿 30 (emotional via family education) + 15;
    # 陈老师 30 + 10 (1 of 3); 满志愿 at capacity last whatever its score; 停志愿 never
    assert names == ["周老", "李志愿", "陈老师", "满志愿"]
    by = {s.mentor.name: s for s in result}
    assert [by[n].score for n in names[:3]] == [95, 45, 40]
    assert by["周老"].reasons == ["适合“学业”：学业辅导", "适合“情感支持”：心理辅导", "周三 14:00–16:00 有空",
                                 "结对学生 0/3", "五老任务 0/3"]
    assert by["周老"].concerns == []
    assert "没有对应“情感支持”的特长" in by["陈老师"].concerns
    assert "未登记空闲时间" in by["陈老师"].reasons  # a teacher's availability is unknown: neutral
    assert "没有对应“学业”的特长" in by["李志愿"].concerns


def test_at_capacity_ranks_last_and_is_marked(world, team):
    full = ranked(world, needs=("academic", "emotional"))[-1]
    assert full.mentor.name == "满志愿" and full.at_capacity
    assert full.score >= 60  # a fit as good as the best, yet last
    assert "已达结对上限（1 名）" in full.concerns and "结对学生 1/1" in full.reasons


def test_inactive_mentors_and_people_gone_are_never_suggested(world, team):
    Elder.objects.filter(pk=world.elder.pk).update(status=Elder.Status.PAUSED)
    names = {s.mentor.name for s in ranked(world)}
    assert "停志愿" not in names and "周老" not in names
    assert matching.rank(matching.Request(needs=("academic",)), [team["off"]]) == []


def test_elder_not_free_on_the_weekday_says_so(world, team):
    by = {s.mentor.name: s for s in ranked(world, weekday=Weekday.FRI)}
    assert "周五 没有空" in by["周老"].concerns
    assert by["周老"].score == 30 + 15


def test_an_elders_work_counts_in_their_load(world, team):
    Elder.objects.filter(pk=world.elder.pk).update(max_load=2)
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER, need="宣讲",
                              status=Assignment.Status.ACTIVE)
    pair(world, team["tutor"], world.student_z)
    by = {s.mentor.name: s for s in ranked(world)}
    tutor = by["周老"]
    assert "五老任务 2/2" in tutor.reasons and "已满负荷" in tutor.concerns
    assert not tutor.at_capacity  # 1 of 3 mentees: still possible, but no points for free capacity
    assert tutor.score == 30


def test_the_student_themself_and_their_current_mentors_are_left_out(world, team):
    me = peer_mentor(world, world.student_x)
    pair(world, team["teacher"], world.student_x)
    names = [s.mentor.name for s in ranked(world)]
    assert "张小明" not in names and "陈老师" not in names
    assert me.peer_id == world.student_x.pk
    assert "张小明" in [s.mentor.name for s in ranked(world, student=world.student_y)]


def test_ties_by_load_then_name(world):
    for name in ("丙志愿", "甲志愿", "乙志愿"):
        volunteer(world, name, specialties=["tutoring"])
    names = [s.mentor.name for s in ranked(world)]
    assert names == sorted(names)


def test_ranking_costs_the_same_queries_for_few_or_many_mentors(world):
    def count(n):
        for i in range(n):
            e = Elder.objects.create(school=world.school, name=f"批量{n}-{i}", gender="M",
                                     category=Elder.Category.TEACHER, specialties=["tutoring"])
            slot(e, WED)
            elder_mentor(world, e, specialties=["tutoring"])
            volunteer(world, f"志愿{n}-{i}", specialties=["tutoring"])
        with CaptureQueriesContext(connection) as ctx:
            result = ranked(world, weekday=WED)
        return len(ctx.captured_queries), len(result)

    few, n_few = count(2)
    many, n_many = count(8)
    assert n_many > n_few
    assert few == many
