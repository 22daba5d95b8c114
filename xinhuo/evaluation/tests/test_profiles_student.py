"""A student's profile (STU-4): care's record of one student on one page for those care lets follow the student,
404 for everyone else, every view access-logged; its link on the student's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.core.models import AccessLog

from .profiles_support import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand(world):
    return build(world)


def profile(world, persona, student):
    return world.client(persona).get(reverse("evaluation:profile-student", args=[student.pk]))


def test_the_profile_puts_tags_support_mentoring_visits_and_growth_on_one_page(world, hand):
    response = profile(world, "director", world.student_x)
    assert response.status_code == 200
    page = response.content.decode()
    for section in ("profile-tags", "profile-support", "profile-mentoring", "profile-visits", "profile-growth"):
        assert f'id="{section}"' in page
    assert "留守儿童" in page and "孙导师" in page and "红色研学" in page and "陈老师" in page
    assert page.count("data-support=") == 1 and page.count("data-visit=") == 1 and page.count("data-pair=") == 1
    log = AccessLog.objects.get(object_type="evaluation_profile", user=world.users["director"])
    assert log.object_id == str(world.student_x.pk) and log.action == "view"


def test_only_those_care_lets_follow_the_student_see_it(world, hand):
    assert profile(world, "head_teacher_a", world.student_x).status_code == 200
    assert profile(world, "head_teacher_b", world.student_x).status_code == 404  # not their class
    assert profile(world, "head_teacher_b", world.student_z).status_code == 200
    for persona in ("parent_x", "student_x", "elder", "finance", "admin"):
        assert profile(world, persona, world.student_x).status_code == 404, persona
    assert profile(world, "director", world.other_student).status_code == 404
    assert profile(world, "outsider", world.student_x).status_code == 404
    assert not AccessLog.objects.filter(object_type="evaluation_profile").exclude(
        user__in=[world.users["head_teacher_a"], world.users["head_teacher_b"]]).exists()


def test_a_tag_from_screening_is_a_flag_for_the_director_and_the_group_for_the_counsellor(world, hand):
    c6 = hand.c[5]
    director = profile(world, "director", c6).content.decode()
    assert "学业困难" not in director and 'id="profile-flag"' in director
    counsellor = profile(world, "counsellor", c6).content.decode()
    assert "学业困难" in counsellor and 'id="profile-flag"' not in counsellor
    assert 'id="profile-flag"' not in profile(world, "director", world.student_x).content.decode()


def test_the_student_page_links_to_the_profile_for_those_allowed(world, hand):
    url = reverse("evaluation:profile-student", args=[world.student_x.pk])
    page = world.client("director").get(reverse("people:student-detail", args=[world.student_x.pk]))
    assert url in page.content.decode()
    page = world.client("parent_x").get(reverse("people:student-detail", args=[world.student_x.pk]))
    assert page.status_code == 200 and url not in page.content.decode()
