"""The committee's overview: each figure counts what the viewer may see, and opens the list behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_student
from xinhuo.care.groups import services
from xinhuo.care.growth import selectors as growth_selectors
from xinhuo.care.models import (
    FollowUp,
    HomeVisit,
    Mentor,
    MentoringContact,
    MentoringPair,
    MentorKind,
    SpecialGroup,
    StudentTag,
    TagSource,
    VisitWay,
)
from xinhuo.care.overview import selectors as overview_selectors
from xinhuo.core.access import build_actor
from xinhuo.core.models import AccessLog

TODAY = timezone.localdate


def tag(student, code, *, review_in=60, school=None):
    school = school or student.school
    services.special_groups_for(school)
    return StudentTag.objects.create(
        school=school, student=student, group=SpecialGroup.objects.get(school=school, code=code),
        source=TagSource.HEAD_TEACHER, identified_on=TODAY() - dt.timedelta(days=10),
        review_on=TODAY() + dt.timedelta(days=review_in))


def pair(world, student, *, started_days_ago=30, contact_days_ago=None):
    mentor, _ = Mentor.objects.get_or_create(school=world.school, elder=world.elder,
                                             defaults={"kind": MentorKind.ELDER, "name": world.elder.name,
                                                       "max_mentees": 10})
    p = MentoringPair.objects.create(school=world.school, mentor=mentor, student=student, contact_every_days=14,
                                     started_on=TODAY() - dt.timedelta(days=started_days_ago))
    if contact_days_ago is not None:
        MentoringContact.objects.create(pair=p, contacted_on=TODAY() - dt.timedelta(days=contact_days_ago),
                                        way="phone", topic="学习")
    return p


@pytest.fixture
def cared(world):
    return make_cared(world)


def make_cared(world):
    """student_x (class a): left-behind and low-income, paired, contacted 20 days ago (overdue: every 14 days),
    visited 30 days ago with one open follow-up; student_z (class b): single-parent, no mentor, never visited;
    student_y: no tag, visited yesterday; the other school's student tagged too (never counted here)."""
    tag(world.student_x, "left_behind")
    tag(world.student_x, "low_income")
    tag(world.student_z, "single_parent")
    tag(world.student_y, "learning_difficulty", review_in=-1)  # expired: no longer counts, but due for review
    tag(world.other_student, "left_behind")
    pair(world, world.student_x, contact_days_ago=20)
    visit = HomeVisit.objects.create(school=world.school, student=world.student_x,
                                     visited_on=TODAY() - dt.timedelta(days=30), way=VisitWay.HOME,
                                     visitor_kinds=["head_teacher"], visitors="陈老师")
    FollowUp.objects.create(school=world.school, home_visit=visit, student=world.student_x, text="申请助学金",
                            due_on=TODAY() - dt.timedelta(days=1))
    HomeVisit.objects.create(school=world.school, student=world.student_y, visited_on=TODAY() - dt.timedelta(days=1),
                             way=VisitWay.PHONE, visitor_kinds=["head_teacher"], visitors="陈老师")
    return world


def overview(world, persona):
    return overview_selectors.care_overview(world.actor(persona))


def test_the_committee_sees_the_whole_school(cared):
    o = overview(cared, "director")
    assert o["tagged"] == 2  # x and z; y's tag expired; the other school's never
    assert (o["paired"], o["unpaired"]) == (1, 1)
    assert o["contact_overdue"] == 1
    counts = {g.code: n for g, n in o["groups"]}
    assert counts["left_behind"] == 1 and counts["single_parent"] == 1 and counts["learning_difficulty"] == 0
    assert {row["id"]: row["students"] for row in o["classes"]} == {cared.class_a.pk: 1, cared.class_b.pk: 1}
    assert o["follow_ups_open"] == 1 and o["follow_ups_overdue"] == 1
    assert o["review_due"] == 1  # y's expired tag
    # student_x: left-behind every 14 days, last visit 30 days ago -> overdue; z tagged and never visited -> overdue
    assert o["visit_overdue"] == 2
    assert o["never_visited"] == 1


def test_a_head_teacher_sees_only_their_class(cared):
    o = overview(cared, "head_teacher_b")
    assert o["tagged"] == 1 and o["unpaired"] == 1 and o["contact_overdue"] == 0
    assert [row["id"] for row in o["classes"]] == [cared.class_b.pk]
    assert o["follow_ups_open"] == 0
    assert o["visit_overdue"] == 1  # z only


def test_each_figure_opens_its_list_within_scope(cared):
    director = build_actor(cared.users["director"])
    ids = lambda figure, **kw: {r["student"].pk for r in overview_selectors.overview_students(director, figure, **kw)}  # noqa: E731
    assert ids("tagged") == {cared.student_x.pk, cared.student_z.pk}
    assert ids("unpaired") == {cared.student_z.pk}
    assert ids("contact_overdue") == {cared.student_x.pk}
    assert ids("visit_overdue") == {cared.student_x.pk, cared.student_z.pk}
    assert ids("never_visited") == {cared.student_z.pk}
    assert ids("review_due") == {cared.student_y.pk}
    group = SpecialGroup.objects.get(school=cared.school, code="single_parent")
    assert ids("tagged", group_id=group.pk) == {cared.student_z.pk}
    assert ids("tagged", class_id=cared.class_a.pk) == {cared.student_x.pk}
    teacher_b = build_actor(cared.users["head_teacher_b"])
    assert {r["student"].pk for r in overview_selectors.overview_students(teacher_b, "tagged")} == {cared.student_z.pk}
    assert overview_selectors.overview_students(teacher_b, "contact_overdue") == []


def test_the_page_links_every_figure_and_logs_the_view(cared):
    c = cared.client("director")
    page = c.get(reverse("care:overview")).content.decode()
    for figure in ("tagged", "unpaired", "contact_overdue", "visit_overdue", "review_due"):
        assert reverse("care:overview-list", args=[figure]) in page
    assert AccessLog.objects.filter(user=cared.users["director"], object_type="care_overview", action="view").exists()
    listing = c.get(reverse("care:overview-list", args=["unpaired"])).content.decode()
    assert cared.student_z.name in listing and cared.student_x.name not in listing
    assert AccessLog.objects.filter(object_type="care_overview", action="list", field="unpaired").exists()
    assert c.get(reverse("care:overview-list", args=["nonsense"])).status_code == 404


def test_the_page_shows_nothing_of_other_classes_to_a_head_teacher(cared):
    page = cared.client("head_teacher_b").get(reverse("care:overview-list", args=["tagged"])).content.decode()
    assert cared.student_z.name in page and cared.student_x.name not in page


def queries_for(world, persona: str) -> int:
    client = world.client(persona)
    client.get(reverse("care:overview"))  # warm: sessions, the groups' defaults
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("care:overview")).status_code == 200
    return len(ctx.captured_queries)


def test_the_overview_query_count_does_not_grow_with_students(cared):
    before = queries_for(cared, "director")
    for i in range(10):
        s = make_student(cared.school, cared.class_a if i % 2 else cared.class_b, f"20269{i:02d}", f"学生{i}",
                         seq=100 + i)
        tag(s, "left_behind" if i % 2 else "disability")
        if i % 3 == 0:
            pair(cared, s)
        HomeVisit.objects.create(school=cared.school, student=s, visited_on=TODAY() - dt.timedelta(days=i * 9),
                                 way=VisitWay.PHONE, visitor_kinds=["head_teacher"], visitors="陈老师")
    assert queries_for(cared, "director") == before


def test_a_leader_who_is_also_a_parent_still_reads_every_growth_record(world):
    """Roles add up: school-wide reading is not narrowed to one's own children."""
    from xinhuo.core.services import membership_grant
    from xinhuo.people.models import Guardian

    leader = world.users["leader"]
    membership_grant(user=leader, school=world.school, role="parent")
    Guardian.objects.filter(pk=world.guardian_z.pk).update(user=leader)
    seen = set(growth_selectors.growth_students(build_actor(leader)).values_list("pk", flat=True))
    assert {world.student_x.pk, world.student_y.pk, world.student_z.pk} <= seen


def test_the_home_page_shows_each_user_their_own_care_figures(cared):
    """A head teacher: their class's overdue home visits; an elder mentor: their pairs (elders' panel); a family: the
    growth record."""
    teacher_b = cared.client("head_teacher_b").get(reverse("dashboard")).content.decode()
    assert 'data-figure="visits-overdue">1<' in teacher_b  # student_z: tagged and never visited
    elder = cared.client("elder").get(reverse("dashboard")).content.decode()
    # 周老 mentors student_x: an elder finds the pair on the one "My pairs" panel and page, not counted here again
    assert 'data-figure="mentees"' not in elder and reverse("elders:my-pairs") in elder
    parent = cared.client("parent_x").get(reverse("dashboard")).content.decode()
    assert reverse("care:growth-detail", args=[cared.student_x.pk]) in parent
    assert 'data-figure="visits-overdue"' not in parent and 'data-figure="mentees"' not in parent
    director = cared.client("director").get(reverse("dashboard")).content.decode()
    assert 'data-figure="visits-overdue"' not in director  # the committee has the overview instead


def test_the_student_page_links_to_the_care_pages_the_viewer_may_open(world):
    path = reverse("people:student-detail", args=[world.student_x.pk])
    growth = reverse("care:growth-detail", args=[world.student_x.pk])
    visit = reverse("care:visit-new") + f"?student={world.student_x.pk}"
    teacher = world.client("head_teacher_a").get(path).content.decode()
    assert growth in teacher and visit in teacher
    parent = world.client("parent_x").get(path).content.decode()
    assert growth in parent and visit not in parent
    admin = world.client("admin").get(path).content.decode()  # sees the student, not their care
    assert growth not in admin and visit not in admin


def test_the_overdue_visits_and_the_never_visited_agree_on_every_page(cared):
    """One definition of overdue (visits/plan.py): a student in a special group never visited is overdue; an untagged
    student never visited is due, not overdue. The overview's "of which never visited" is a part of its overdue
    figure, its drill-downs list exactly those students, and the plan page's overdue filter counts the same."""
    from conftest import make_student
    from xinhuo.care.visits.plan import OVERDUE, plan_rows

    newcomer = make_student(cared.school, cared.class_a, "2026099", "李新来", "F", seq=99)  # untagged, never visited
    director = build_actor(cared.users["director"])
    o = overview_selectors.care_overview(director)
    assert o["never_visited"] <= o["visit_overdue"]
    assert (o["visit_overdue"], o["never_visited"]) == (2, 1)
    listed = lambda figure: {r["student"].pk for r in overview_selectors.overview_students(director, figure)}  # noqa: E731
    assert listed("never_visited") == {cared.student_z.pk} and newcomer.pk not in listed("visit_overdue")
    assert len(listed("visit_overdue")) == o["visit_overdue"]
    assert plan_rows(director, status=OVERDUE).count() == o["visit_overdue"]
    page = cared.client("director").get(reverse("care:visits"), {"status": "overdue"}).content.decode()
    assert cared.student_z.name in page and newcomer.name not in page


def test_classes_come_in_grade_order_not_by_their_characters(world):
    """初一, 初二, 初三: by the characters' codes 三 (U+4E09) sorts before 二 (U+4E8C); the overview's class table
    and the visit plan follow the grades' levels instead."""
    from conftest import make_student
    from xinhuo.care.visits.plan import plan_rows
    from xinhuo.core.models import Grade, SchoolClass

    students = []
    for level, name in ((9, "初三"), (8, "初二")):
        grade = Grade.objects.create(school=world.school, name=name, level=level)
        school_class = SchoolClass.objects.create(school=world.school, grade=grade, number=1, name="1班")
        students.append(make_student(world.school, school_class, f"20260{level}", f"学生{name}", seq=level))
    for student in (*students, world.student_x):
        tag(student, "left_behind")  # all never visited: overdue alike, so only the class orders them
    director = build_actor(world.users["director"])
    names = [row["name"] for row in overview_selectors.care_overview(director)["classes"]]
    assert names == ["初一1班", "初二1班", "初三1班"]
    assert [r.class_name for r in plan_rows(director)[:3]] == ["初一1班", "初二1班", "初三1班"]
