"""The mentoring pages: the mentors' registry, a new pair chosen from the ranked suggestions (GET refresh and
htmx), contacts in a few taps, the end of a pair, and a mentor's own mentees — which show only what mentoring needs
(name, class, needs, plan, last contact, and for elder and teacher mentors the guardian's masked phone) and nothing
of special groups, home visits or the growth record. Lists keep a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import HomeVisit, MentoringContact, MentoringPair, SpecialGroup, StudentTag, SupportMeasure
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import days
from xinhuo.people.models import Student

from .mentoring_helpers import elder_mentor, pair, peer_mentor, teacher_mentor, volunteer


def body(response) -> str:
    return response.content.decode()


# mentors


def test_the_registry_lists_mentors_with_load_and_a_masked_volunteer_phone(world):
    m = elder_mentor(world, specialties=["tutoring"], max_mentees=1)
    pair(world, m, world.student_x)
    volunteer(world)
    r = world.client("director").get(reverse("care:mentors"))
    html = body(r)
    assert r.status_code == 200
    assert "周老" in html and "1/1" in html and "已满" in html and "学业辅导" in html
    assert "136****1111" in html and "13600001111" not in html
    assert AccessLog.objects.filter(action="list", object_type="mentor").exists()


def test_a_mentor_is_registered_from_the_page_and_a_duplicate_explained(world):
    c = world.client("counsellor")
    r = c.post(reverse("care:mentor-new"), {"kind": "teacher", "staff": world.staff_a.pk, "max_mentees": 2,
                                             "specialties": ["tutoring"], "active": "on"})
    assert r.status_code == 302
    r = c.post(reverse("care:mentor-new"), {"kind": "teacher", "staff": world.staff_a.pk, "max_mentees": 2})
    assert r.status_code == 400 and "陈老师 已是成长导师，请编辑原有记录。" in body(r)


def test_a_volunteers_phone_is_kept_when_left_masked(world):
    m = volunteer(world)
    c = world.client("director")
    r = c.post(reverse("care:mentor-edit", args=[m.pk]), {"name": "王志愿", "phone": "136****1111",
                                                          "max_mentees": 4, "active": "on"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.phone == "13600001111" and m.max_mentees == 4
    r = c.post(reverse("care:mentor-reveal", args=[m.pk]), HTTP_HX_REQUEST="true")
    assert "13600001111" in body(r)


def test_the_mentors_list_keeps_its_query_count(world):
    def count(n):
        for i in range(n):
            m = volunteer(world, f"志愿{n}-{i}")
            pair(world, m, world.student_x)
        with CaptureQueriesContext(connection) as ctx:
            assert world.client("director").get(reverse("care:mentors")).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(10)


# pairs


def test_the_new_pair_page_ranks_mentors_with_reasons_and_makes_the_pair(world):
    m = elder_mentor(world, specialties=["tutoring"])
    volunteer(world, "李志愿", specialties=["family_education"])
    full = volunteer(world, "满志愿", specialties=["tutoring"], max_mentees=1)
    pair(world, full, world.student_y)
    c = world.client("director")
    first = c.get(reverse("care:pair-new"))
    assert first.status_code == 200 and "选择学生及其需求后" in body(first)
    query = {"student": world.student_x.pk, "needs": ["academic"]}
    r = c.get(reverse("care:pair-new"), query)
    html = body(r)
    assert html.index("1. 周老") < html.index("李志愿") < html.index("满志愿")
    assert "适合“学业”：学业辅导" in html and "已满" in html
    assert f'value="{full.pk}" disabled' in html
    fragment = c.get(reverse("care:pair-new"), query, HTTP_HX_REQUEST="true")
    assert "<html" not in body(fragment) and "1. 周老" in body(fragment)
    r = c.post(reverse("care:pair-new"), {**query, "mentor": m.pk, "contact_every_days": 10, "contact_plan": "每周电话",
                                          "started_on": days(0).isoformat()})
    p = MentoringPair.objects.get(student=world.student_x)
    assert r.status_code == 302 and r["Location"] == reverse("care:pair-detail", args=[p.pk])
    assert p.mentor == m and p.contact_every_days == 10


def test_a_pair_at_capacity_is_refused_on_the_page_with_the_reason(world):
    full = volunteer(world, "满志愿", specialties=["tutoring"], max_mentees=1)
    pair(world, full, world.student_y)
    r = world.client("director").post(reverse("care:pair-new"), {
        "student": world.student_x.pk, "needs": ["academic"], "mentor": full.pk, "contact_every_days": 14,
        "started_on": days(0).isoformat()})
    assert r.status_code == 400 and "满志愿 已结对 1 名学生，达到上限。" in body(r)
    assert MentoringPair.objects.count() == 1


def test_the_pairs_list_filters_overdue_and_keeps_its_query_count(world):
    m = elder_mentor(world, max_mentees=20)
    late = pair(world, m, world.student_x, started=-30, every=14)
    pair(world, m, world.student_y, started=-30, every=14, last=-2)
    c = world.client("leader")
    html = body(c.get(reverse("care:pairs"), {"status": "overdue"}))
    assert "张小明" in html and "李小红" not in html and "逾期 16 天" in html
    assert late.pk

    def count(n):
        for i in range(n):
            s = Student.objects.create(school=world.school, school_class=world.class_b, student_no=f"Q{n}{i}",
                                       name=f"学生{n}{i}", gender="M")
            pair(world, m, s, last=-1)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("care:pairs")).status_code == 200
        with CaptureQueriesContext(connection) as ctx2:
            assert c.get(reverse("care:pairs"), {"status": "overdue"}).status_code == 200
        return len(ctx.captured_queries), len(ctx2.captured_queries)

    assert count(2) == count(10)


def test_a_head_teacher_sees_their_classes_pairs_only(world):
    m = elder_mentor(world)
    pair(world, m, world.student_x)
    pair(world, m, world.student_z)
    html = body(world.client("head_teacher_b").get(reverse("care:pairs")))
    assert "王小刚" in html and "张小明" not in html


def test_contact_in_a_few_taps_and_a_future_date_refused(world):
    p = pair(world, elder_mentor(world), world.student_x, started=-20)
    c = world.client("elder")
    page = body(c.get(reverse("care:pair-contact", args=[p.pk])))
    assert 'class="btn-check" name="way"' in page and f'value="{days(0).isoformat()}"' in page
    r = c.post(reverse("care:pair-contact", args=[p.pk]), {"way": "video", "topic": "期中考试",
                                                          "contacted_on": days(1).isoformat()})
    assert r.status_code == 400 and "日期不能晚于今天。" in body(r) and not MentoringContact.objects.exists()
    r = c.post(reverse("care:pair-contact", args=[p.pk]), {"way": "video", "topic": "期中考试", "next_step": "周末",
                                                          "contacted_on": days(0).isoformat()})
    assert r.status_code == 302 and r["Location"] == reverse("care:mentees")
    assert MentoringContact.objects.get().way == "video"


def test_ending_a_pair_from_the_page(world):
    p = pair(world, elder_mentor(world), world.student_x, started=-20)
    c = world.client("counsellor")
    r = c.post(reverse("care:pair-end", args=[p.pk]), {"summary": "", "ended_on": days(0).isoformat()})
    assert r.status_code == 400
    r = c.post(reverse("care:pair-end", args=[p.pk]), {"summary": "成绩稳定", "ended_on": days(0).isoformat()})
    assert r.status_code == 302
    html = body(c.get(reverse("care:pair-detail", args=[p.pk])))
    assert "成绩稳定" in html and 'id="contact-new"' not in html
    assert c.get(reverse("care:pair-end", args=[p.pk])).status_code == 404  # already ended


# a mentor's mentees


@pytest.fixture
def sensitive(world):
    """张小明 has a special-group tag, a support measure with an internal note and a home visit with notes."""
    special_groups_for(world.school)
    StudentTag.objects.create(school=world.school, student=world.student_x, source="head_teacher",
                              group=SpecialGroup.objects.get(school=world.school, code="left_behind"),
                              identified_on=days(-5), review_on=days(100), note="父母在外地务工")
    SupportMeasure.objects.create(school=world.school, student=world.student_x, kind="material", given_on=days(-3),
                                  provider="关工委", what="助学金", internal_note="家庭困难内部说明")
    HomeVisit.objects.create(school=world.school, student=world.student_x, visited_on=days(-2), way="home",
                             visitors="陈老师", notes="家访敏感记录", findings="学习用品不足")
    return world


def test_my_mentees_shows_only_what_mentoring_needs(sensitive):
    world = sensitive
    p = pair(world, elder_mentor(world), world.student_x, needs=["academic", "emotional"], started=-20, every=14)
    p.contact_plan = "每周日下午电话"
    p.save()
    pair(world, volunteer(world), world.student_z)  # someone else's mentee
    r = world.client("elder").get(reverse("care:mentees"))
    html = body(r)
    assert r.status_code == 200
    for shown in ("张小明", "初一1班", "学业", "情感支持", "每周日下午电话", "逾期 6 天", "138****5678"):
        assert shown in html, shown
    for hidden in ("王小刚", "留守儿童", "父母在外地务工", "助学金", "家庭困难内部说明", "家访敏感记录", "学习用品不足",
                   "13812345678", world.student_x.student_no, "北京市", "2013"):
        assert hidden not in html, hidden
    reveal = world.client("elder").post(reverse("care:mentee-guardian-reveal", args=[p.pk]), HTTP_HX_REQUEST="true")
    assert "13812345678" in body(reveal)
    assert AccessLog.objects.filter(action="reveal", object_type="guardian", user=world.users["elder"]).count() == 1


def test_a_peer_mentor_sees_no_guardian_phone(world):
    pair(world, peer_mentor(world, world.student_y), world.student_z)
    html = body(world.client("student_y").get(reverse("care:mentees")))
    assert "王小刚" in html and "137****5678" not in html and "guardian-phone" not in html


def test_a_mentors_pair_detail_shows_nothing_beyond_mentoring(sensitive):
    world = sensitive
    p = pair(world, elder_mentor(world), world.student_x, last=-3)
    html = body(world.client("elder").get(reverse("care:pair-detail", args=[p.pk])))
    assert "张小明" in html and "谈心" in html
    for hidden in ("留守儿童", "父母在外地务工", "助学金", "家访敏感记录", "13812345678"):
        assert hidden not in html, hidden


def test_not_a_mentor_gets_an_empty_state(world):
    for persona in ("finance", "student_x", "director"):
        r = world.client(persona).get(reverse("care:mentees"))
        assert r.status_code == 200 and 'id="not-a-mentor"' in body(r), persona


def test_my_mentees_keeps_its_query_count(world):
    m = teacher_mentor(world, world.staff_a, max_mentees=20)

    def count(n):
        for i in range(n):
            s = Student.objects.create(school=world.school, school_class=world.class_a, student_no=f"M{n}{i}",
                                       name=f"学生{n}{i}", gender="M")
            pair(world, m, s, last=-1)
        with CaptureQueriesContext(connection) as ctx:
            assert world.client("head_teacher_a").get(reverse("care:mentees")).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(10)
