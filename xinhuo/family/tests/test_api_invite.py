"""A head teacher invites to the parent school, from a phone (issue 20), the families of their class who never
attended this year (POST family/school/attendance/invite/): the same notice as the attendance page's button, the
same refusal when nobody is left to invite (400, nothing sent), 404 for roles without the attendance."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from xinhuo.core.models import Notification

from .test_school_support import parent_of

URL = "/api/v1/family/school/attendance/invite/"


def post(world, persona: str, data: dict | None = None):
    return world.client(persona).post(URL, data or {}, content_type="application/json")


def notices() -> list[tuple]:
    return list(Notification.objects.order_by("pk").values_list("recipient__username", "title", "body", "link"))


def test_the_head_teacher_invites_their_classs_families_as_the_page_does(world):
    assert world.client("head_teacher_a").post(reverse("family:school-invite")).status_code == 302
    by_page = notices()
    assert [n[0] for n in by_page] == ["parent"]  # student_x's family: never attended, parent_x has an account
    Notification.objects.all().delete()
    r = post(world, "head_teacher_a", {"school_class": world.class_a.pk})
    assert r.status_code == 200 and r.json() == {"invited": 1}
    assert notices() == by_page
    assert by_page[0][3] == "/family/school/"


def test_nobody_to_invite_is_said_and_nothing_is_sent(world):
    # class B's only family (student_z's) has no account; class A is not head teacher B's to invite
    for persona, data in (("head_teacher_b", {}), ("head_teacher_b", {"school_class": world.class_a.pk})):
        r = post(world, persona, data)
        assert r.status_code == 400 and r.json() == {"detail": [gettext(
            "Every family here has attended, or none has an account to invite.")]}
    r = post(world, "head_teacher_a", {"school_class": "一班"})
    assert r.status_code == 400 and "school_class" in r.json()
    assert notices() == []
    parent_of(world, world.guardian_z, "parent_z")  # now class B's family has an account
    assert post(world, "head_teacher_b").json() == {"invited": 1}
    assert [n[0] for n in notices()] == ["parent_z"]


@pytest.mark.parametrize("persona", ["parent_x", "student_x", "elder", "counsellor", "finance"])
def test_other_roles_do_not_invite(world, persona):
    assert post(world, persona).status_code == 404
    assert notices() == []
