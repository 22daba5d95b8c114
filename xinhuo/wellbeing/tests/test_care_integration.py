"""PSY-5 where care shows it: the growth record's need-attention flag for those with a care role, the screening
history for the counsellors only, and a special-group tag from screening whose detail stays with them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.groups import services as group_services
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource
from xinhuo.core.models import AccessLog
from xinhuo.wellbeing.alerts.services import alert_acknowledge, alert_raise
from xinhuo.wellbeing.models import Campaign, CampaignStatus, Response, Scale, ScaleResult
from xinhuo.wellbeing.scales import Risk
from xinhuo.wellbeing.selectors import needs_attention_ids

pytestmark = pytest.mark.django_db
NOTE = "PHQ-A 中重度，已约谈"


def submitted(world, student, risk: Risk, total: int, band: str, days_ago: int = 1) -> Response:
    now = timezone.now()
    campaign = Campaign.objects.create(school=world.school, title=f"筛查{days_ago}", status=CampaignStatus.PUBLISHED,
                                       opens_at=now - dt.timedelta(days=days_ago + 5),
                                       closes_at=now - dt.timedelta(days=days_ago - 1))
    response = Response.objects.create(school=world.school, campaign=campaign, student=student, risk=int(risk),
                                       submitted_at=now - dt.timedelta(days=days_ago))
    ScaleResult.objects.create(response=response, scale=Scale.objects.get(code="phqa"), total=total, band=band,
                               risk=int(risk))
    return response


def growth(world, persona) -> str:
    r = world.client(persona).get(reverse("care:growth-detail", args=[world.student_x.pk]))
    assert r.status_code == 200
    return r.content.decode()


def test_the_flag_follows_alerts_and_latest_screenings(world):
    x, y = world.student_x, world.student_y
    assert needs_attention_ids(world.school.pk, [x.pk, y.pk]) == set()
    submitted(world, x, Risk.WARNING, 16, "中重度", days_ago=30)
    submitted(world, x, Risk.NONE, 3, "无或极轻微", days_ago=2)  # the latest one counts
    assert needs_attention_ids(world.school.pk, [x.pk]) == set()
    alert = alert_raise(school=world.school, student=x, response=None, items=["PHQA 9"])
    assert needs_attention_ids(world.school.pk, [x.pk, y.pk]) == {x.pk}
    alert_acknowledge(actor=world.actor("counsellor"), alert=alert)
    assert needs_attention_ids(world.school.pk, [x.pk]) == set()
    submitted(world, y, Risk.ATTENTION, 11, "中度")
    assert needs_attention_ids(world.school.pk, [x.pk, y.pk]) == {y.pk}
    assert needs_attention_ids(world.other.pk, [y.pk]) == set()


def test_a_head_teacher_sees_the_flag_never_the_results(world):
    submitted(world, world.student_x, Risk.WARNING, 17, "中重度")
    body = growth(world, "head_teacher_a")
    assert 'id="needs-attention"' in body
    assert "中重度" not in body and "growth-screenings" not in body


def test_the_counsellor_sees_the_screening_history_and_it_is_logged(world):
    submitted(world, world.student_x, Risk.WARNING, 17, "中重度")
    body = growth(world, "counsellor")
    assert 'id="growth-screenings"' in body and "17（中重度）" in body
    assert AccessLog.objects.filter(object_type="screening_response", action="list", field="results",
                                    object_id=str(world.student_x.pk)).exists()
    api = world.client("counsellor").get(reverse("api:care-growth-detail", args=[world.student_x.pk])).json()
    assert api["screenings"][0]["results"][0]["total"] == 17
    teacher = world.client("head_teacher_a").get(reverse("api:care-growth-detail", args=[world.student_x.pk]))
    assert teacher.json()["screenings"] is None and teacher.json()["needs_attention"] is True


def test_a_tag_from_screening_keeps_its_detail_for_the_counsellors(world):
    group_services.special_groups_for(world.school)
    tag = StudentTag.objects.create(
        school=world.school, student=world.student_x, group=SpecialGroup.objects.filter(school=world.school).first(),
        source=TagSource.SCREENING, identified_on=timezone.localdate(),
        review_on=timezone.localdate() + dt.timedelta(days=90), note=NOTE)
    url = reverse("care:tag-detail", args=[tag.pk])
    teacher = world.client("head_teacher_a").get(url).content.decode()
    assert NOTE not in teacher and 'data-withheld' in teacher
    assert NOTE in world.client("counsellor").get(url).content.decode()
    api = reverse("api:care-tag-detail", args=[tag.pk])
    assert world.client("head_teacher_a").get(api).json()["note"] is None
    assert world.client("counsellor").get(api).json()["note"] == NOTE


def test_the_special_group_list_flags_the_students_the_counsellors_follow(world):
    group_services.special_groups_for(world.school)
    group = SpecialGroup.objects.filter(school=world.school).first()
    for student in (world.student_x, world.student_y):
        StudentTag.objects.create(school=world.school, student=student, group=group, source=TagSource.HEAD_TEACHER,
                                  identified_on=timezone.localdate(),
                                  review_on=timezone.localdate() + dt.timedelta(days=90))
    alert_raise(school=world.school, student=world.student_x, response=None, items=["PHQA 9"])
    body = world.client("head_teacher_a").get(reverse("care:tags")).content.decode()
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<tr data-tag="(\d+)"(.*?)</tr>', body, re.S)}
    flagged = {tag.student_id for tag in StudentTag.objects.filter(pk__in=[int(k) for k, row in rows.items()
                                                                          if "data-attention" in row])}
    assert flagged == {world.student_x.pk}
    assert "PHQA" not in body
