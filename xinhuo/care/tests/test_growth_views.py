"""The growth record's page and API: what each persona sees (internal entries never for the family; the screening
summary for counsellors only, a needs-attention flag for other staff who may see tags, neither for the family),
who may open it at all, the access log, the print layout, adding an entry, and a constant query count."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.groups import services
from xinhuo.care.models import (
    GrowthEntry,
    GrowthKind,
    Mentor,
    MentoringPair,
    MentorKind,
    ProgramKind,
    SpecialGroup,
    StudentTag,
    StudyAttendance,
    StudyEnrolment,
    StudyProgram,
    StudySession,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
)
from xinhuo.core.models import AccessLog

TODAY = timezone.localdate
INTERNAL = "课堂冲突后谈话"
SCREENING_NOTE = "SCL-90 焦虑因子偏高"
HEAD_TEACHER_NOTE = "父母外出务工"
SUPPORT_NOTE = "家庭经济困难的内部说明"


def entry(world, kind, title, *, days=1, student=None, **kw):
    return GrowthEntry.objects.create(school=world.school, student=student or world.student_x, kind=kind, title=title,
                                      on=TODAY() - dt.timedelta(days=days), **kw)


@pytest.fixture
def record(world):
    x = world.student_x
    entry(world, GrowthKind.AWARD, "区数学竞赛二等奖")
    entry(world, GrowthKind.CLUB, "科技社")
    entry(world, GrowthKind.ACTIVITY, "校运动会")
    entry(world, GrowthKind.MORAL_NOTE, INTERNAL, internal=True)
    entry(world, GrowthKind.MORAL_NOTE, "主动帮助同学")
    entry(world, GrowthKind.SERVICE, "社区敬老", hours=Decimal("2.5"))
    entry(world, GrowthKind.SERVICE, "图书馆整理", hours=Decimal("1.5"))
    entry(world, GrowthKind.SERVICE, "去年的服务", hours=Decimal("9"), days=500)  # another school year
    entry(world, GrowthKind.SERVICE, "内部记录的服务", hours=Decimal("4"), internal=True)
    entry(world, GrowthKind.AWARD, "李小红的奖", student=world.student_y)
    services.special_groups_for(world.school)
    group = SpecialGroup.objects.filter(school=world.school).first()
    left = SpecialGroup.objects.get(school=world.school, code="left_behind")
    StudentTag.objects.create(school=world.school, student=x, group=group, source=TagSource.SCREENING,
                              identified_on=TODAY() - dt.timedelta(days=20), review_on=TODAY() + dt.timedelta(days=90),
                              status=TagStatus.SUPPORTED, note=SCREENING_NOTE)
    StudentTag.objects.create(school=world.school, student=x, group=SpecialGroup.objects.get(
        school=world.school, code="low_income"), source=TagSource.HEAD_TEACHER, identified_on=TODAY(),
        review_on=TODAY() + dt.timedelta(days=90), note=HEAD_TEACHER_NOTE)
    assert group == left  # the first default group
    SupportMeasure.objects.create(school=world.school, student=x, kind=SupportKind.ACADEMIC, given_on=TODAY(),
                                  provider="陈老师", what="每周数学辅导", outcome="成绩提高",
                                  internal_note=SUPPORT_NOTE)
    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name="周老")
    MentoringPair.objects.create(school=world.school, mentor=mentor, student=x, needs=["academic"],
                                 started_on=TODAY() - dt.timedelta(days=30))
    program = StudyProgram.objects.create(school=world.school, kind=ProgramKind.TEACHER_CLASS, title="数学答疑",
                                          tutor=mentor)
    StudyEnrolment.objects.create(program=program, student=x)
    for i, present in enumerate((True, True, False)):
        s = StudySession.objects.create(program=program, held_on=TODAY() - dt.timedelta(days=i + 1),
                                        topic=f"第{i}讲")
        StudyAttendance.objects.create(session=s, student=x, present=present)
    StudySession.objects.create(program=program, held_on=TODAY() + dt.timedelta(days=5), topic="下一讲")
    return world


def page(world, persona, student=None) -> str:
    r = world.client(persona).get(reverse("care:growth-detail", args=[(student or world.student_x).pk]))
    assert r.status_code == 200, persona
    return r.content.decode()


def section(body: str, sid: str) -> str:
    m = re.search(rf'<section[^>]*id="{sid}".*?</section>', body, re.S)
    assert m, sid
    return m.group(0)


@pytest.mark.parametrize("persona", ["parent_x", "student_x"])
def test_the_family_sees_the_record_without_internal_entries_or_tags(record, persona):
    body = page(record, persona)
    assert "区数学竞赛二等奖" in section(body, "growth-award") and "科技社" in section(body, "growth-club")
    assert "主动帮助同学" in section(body, "growth-moral_note")
    assert INTERNAL not in body and "内部记录的服务" not in body and "李小红的奖" not in body
    assert "本学年 4.0 小时" in section(body, "growth-service")  # 2.5 + 1.5; last year's and internal ones not
    assert "已举办 3 次，出席 2 次" in section(body, "growth-study")
    support = section(body, "growth-support")
    assert "每周数学辅导" in support and "成绩提高" in support and SUPPORT_NOTE not in body
    mentors = section(body, "growth-mentors")
    assert "周老" in mentors and "五老" not in mentors and "自" not in mentors  # the name only
    assert SCREENING_NOTE not in body and HEAD_TEACHER_NOTE not in body
    assert 'id="growth-screening"' not in body and 'id="needs-attention"' not in body
    assert 'id="entry-new"' not in body


def test_the_student_opening_growth_records_gets_their_own(record):
    r = record.client("student_x").get(reverse("care:growth"))
    assert r.status_code == 200 and "张小明的成长档案" in r.content.decode()
    assert AccessLog.objects.filter(object_type="growth_record", action="view",
                                    object_id=str(record.student_x.pk)).count() == 1


def test_a_parent_picks_among_their_children_only(record):
    body = record.client("parent_x").get(reverse("care:growth")).content.decode()
    assert "张小明" in body and "李小红" not in body and "王小刚" not in body


def test_staff_search_among_the_students_they_may_see(record):
    body = record.client("head_teacher_a").get(reverse("care:growth"), {"q": "李"}).content.decode()
    assert "李小红" in body and "张小明" not in body
    body = record.client("head_teacher_a").get(reverse("care:growth"), {"q": "王"}).content.decode()
    assert "王小刚" not in body  # class B
    assert AccessLog.objects.filter(object_type="growth_record", action="search", user=record.users[
        "head_teacher_a"]).count() == 2


@pytest.mark.parametrize("persona", ["student_y", "head_teacher_b", "elder", "finance", "admin", "outsider"])
def test_others_cannot_open_student_xs_record(record, persona):
    c = record.client(persona)
    assert c.get(reverse("care:growth-detail", args=[record.student_x.pk])).status_code == 404
    assert c.get(f"/api/v1/care/growth/{record.student_x.pk}/").status_code == 404
    assert not AccessLog.objects.filter(object_type="growth_record", object_id=str(record.student_x.pk)).exists()


def test_the_head_teacher_sees_internal_entries_and_the_flag_only(record):
    body = page(record, "head_teacher_a")
    assert INTERNAL in section(body, "growth-moral_note") and "本学年 8.0 小时" in body
    assert 'id="needs-attention"' in body and 'id="growth-screening"' not in body
    assert SCREENING_NOTE not in body and HEAD_TEACHER_NOTE not in body
    assert "五老" in section(body, "growth-mentors")  # staff see the mentor's kind and since when


def test_the_counsellor_sees_the_screening_summary(record):
    body = page(record, "counsellor")
    screening = section(body, "growth-screening")
    assert SCREENING_NOTE in screening and "留守儿童" in screening and "帮扶中" in screening
    assert HEAD_TEACHER_NOTE not in body  # only tags whose source is screening
    assert 'id="needs-attention"' not in body
    assert AccessLog.objects.filter(object_type="student_tag", field="screening", action="list",
                                    object_id=str(record.student_x.pk)).exists()


def test_the_director_sees_the_flag_only(record):
    body = page(record, "director")
    assert 'id="needs-attention"' in body and 'id="growth-screening"' not in body and SCREENING_NOTE not in body
    assert not AccessLog.objects.filter(object_type="student_tag").exists()


def test_the_flag_is_off_without_an_open_screening_tag(record):
    StudentTag.objects.filter(source=TagSource.SCREENING).update(status=TagStatus.CLOSED)
    assert 'id="needs-attention"' not in page(record, "director")


def test_every_view_is_logged(record):
    for persona in ("parent_x", "director", "counsellor"):
        page(record, persona)
    rows = AccessLog.objects.filter(object_type="growth_record", action="view", object_id=str(record.student_x.pk))
    assert sorted(r.user.username for r in rows) == ["counsellor", "director", "parent"]


def test_the_record_prints(record):
    body = page(record, "director")
    assert 'media="print" href="/static/care/growth_print.css"' in body and 'id="print"' in body


def test_the_api_hides_the_same_things(record):
    url = f"/api/v1/care/growth/{record.student_x.pk}/"
    family = record.client("parent_x").get(url).json()
    assert [e["title"] for e in family["moral_notes"]] == ["主动帮助同学"]
    assert family["screening"] is None and family["needs_attention"] is None
    assert family["service_hours"] == "4.0" and family["mentors"] == [{"name": "周老", "kind": None, "since": None}]
    assert family["programs"][0]["attended"] == 2 and family["programs"][0]["held"] == 3
    assert "internal_note" not in family["support"][0] and SUPPORT_NOTE not in str(family)
    counsellor = record.client("counsellor").get(url).json()
    assert [t["note"] for t in counsellor["screening"]] == [SCREENING_NOTE] and counsellor["needs_attention"] is None
    assert INTERNAL in [e["title"] for e in counsellor["moral_notes"]]
    director = record.client("director").get(url).json()
    assert director["screening"] is None and director["needs_attention"] is True
    assert AccessLog.objects.filter(object_type="growth_record", action="view", detail__api=True).count() == 3


def test_the_query_count_does_not_grow_with_entries(record):
    def count(persona):
        c = record.client(persona)
        c.get(reverse("care:growth-detail", args=[record.student_x.pk]))  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("care:growth-detail", args=[record.student_x.pk])).status_code == 200
        return len(ctx)

    few = {p: count(p) for p in ("director", "counsellor", "parent_x")}
    for i in range(30):
        entry(record, GrowthKind.AWARD if i % 2 else GrowthKind.SERVICE, f"记录{i}", hours=Decimal(1) if i % 2 == 0
              else None)
    assert {p: count(p) for p in ("director", "counsellor", "parent_x")} == few


def test_staff_add_an_entry_on_the_page(record):
    c = record.client("head_teacher_a")
    url = reverse("care:growth-entry-new", args=[record.student_x.pk])
    form = c.get(url, {"kind": "moral_note"}).content.decode()
    assert re.search(r'name="internal"[^>]*checked', form), "moral-education notes start internal"
    r = c.post(url, {"kind": "service", "on": (TODAY() + dt.timedelta(days=2)).isoformat(), "title": "义卖",
                     "hours": ""})
    assert r.status_code == 400
    body = r.content.decode()
    assert "日期不能晚于今天" in body and "志愿服务须填写时长" in body
    r = c.post(url, {"kind": "service", "on": TODAY().isoformat(), "title": "义卖", "hours": "1.5"})
    assert r.status_code == 302
    assert GrowthEntry.objects.filter(title="义卖", hours=Decimal("1.5"), internal=False).exists()
