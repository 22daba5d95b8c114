"""Refusals added after review: overlapping years, non-staff head teachers, client IP behind proxies."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from xinhuo.core.models import Membership, Role, SchoolYear
from xinhuo.core.services import class_set_head_teacher, client_ip, school_year_create


def test_overlapping_school_years_are_refused(world):
    director = world.actor("director")
    with pytest.raises(ValidationError, match="重叠|overlaps"):
        school_year_create(actor=director, name="重叠学年", start=dt.date(2027, 7, 15), end=dt.date(2028, 7, 1),
                           is_current=False)
    assert not SchoolYear.objects.filter(name="重叠学年").exists()
    school_year_create(actor=director, name="2027-2028学年", start=dt.date(2027, 7, 16), end=dt.date(2028, 7, 15),
                       is_current=False)


def test_only_staff_can_be_head_teachers_and_a_refusal_changes_nothing(world):
    director = world.actor("director")
    for persona in ("parent_x", "student_x", "elder"):
        with pytest.raises(ValidationError):
            class_set_head_teacher(actor=director, school_class=world.class_a, user=world.users[persona])
    assert list(Membership.objects.filter(role=Role.HEAD_TEACHER, classes=world.class_a).values_list(
        "user__username", flat=True)) == ["teacher"]
    html = world.client("director").get(f"/structure/classes/{world.class_a.pk}/head-teacher/").content.decode()
    assert "(teacher2)</option>" in html, "staff are offered"
    assert "(parent)</option>" not in html and "(student)</option>" not in html, "parents and students are not"


def test_client_ip_trusts_only_the_configured_number_of_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    with override_settings(XINHUO_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.2"
    with override_settings(XINHUO_PROXY_COUNT=1):
        assert client_ip(request) == "203.0.113.9", "the hop our proxy added, not the client's own claim"


def test_api_student_filter_that_is_not_a_number_is_a_400_with_a_message(world):
    response = world.client("director").get("/api/v1/students/", {"grade": "abc"})
    assert response.status_code == 400
    # keyed by the parameter, in Chinese (core.params.query_id)
    assert response.json()["grade"] == ["grade 须为记录的编号（正整数）。"]
