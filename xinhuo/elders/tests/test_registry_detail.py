"""An elder's page: the public card for most, the whole profile for the committee and the elder themself,
health information for the director and leaders only; the logged reveal of the mobile number."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.core.models import AccessLog
from xinhuo.elders.models import Assignment, Availability, Elder, ElderRole, Specialty


@pytest.fixture
def elder(world) -> Elder:
    e = world.elder
    Elder.objects.filter(pk=e.pk).update(
        former_work="本校退休语文教师", political_status=Elder.Political.PARTY_MEMBER,
        specialties=[Specialty.COUNSELLING], willingness=[ElderRole.HEART_MENTOR], birth_date=dt.date(1950, 4, 2),
        health_notes="心脏支架术后，避免剧烈活动", last_health_check=dt.date(2026, 3, 1),
    )
    Availability.objects.create(elder=e, weekday=2, start=dt.time(14), end=dt.time(16, 30))
    Assignment.objects.create(school=world.school, elder=e, role=ElderRole.HEART_MENTOR, need="张小明的心灵陪伴")
    e.refresh_from_db()
    return e


def page(world, persona, pk) -> str:
    response = world.client(persona).get(f"/elders/{pk}/")
    assert response.status_code == 200
    return response.content.decode()


PROFILE = ("本校退休语文教师", "中共党员", "心理辅导", "周三 14:00–16:30", "133****1111")
HEALTH = ("心脏支架术后", "2026-03-01")


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "finance"])
def test_others_see_the_public_card_only(world, elder, persona):
    body = page(world, persona, elder.pk)
    assert "周老" in body and "老教师" in body and "心灵导师" in body  # name, category, role held
    for hidden in (*PROFILE, *HEALTH, "13300001111", "张小明"):  # the need of an assignment is not public
        assert hidden not in body, hidden


def test_the_admin_sees_the_profile_with_a_reveal_button_but_no_health(world, elder):
    body = page(world, "admin", elder.pk)
    for shown in PROFILE:
        assert shown in body, shown
    assert f"/elders/{elder.pk}/reveal/" in body and "13300001111" not in body
    for hidden in HEALTH:
        assert hidden not in body
    assert f"/elders/{elder.pk}/edit/" in body


@pytest.mark.parametrize("persona", ["director", "leader"])
def test_the_director_and_leaders_also_see_health_information(world, elder, persona):
    body = page(world, persona, elder.pk)
    for shown in (*PROFILE, *HEALTH):
        assert shown in body, shown


def test_the_elder_sees_their_own_profile_without_health_or_reveal(world, elder):
    body = page(world, "elder", elder.pk)
    for shown in PROFILE:
        assert shown in body, shown
    for hidden in HEALTH:
        assert hidden not in body
    assert "/reveal/" not in body and f"/elders/{elder.pk}/edit/" not in body
    assert "/elders/me/" in body


def test_another_elder_is_a_public_card_for_the_elder(world, elder):
    other = Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                                 phone="13511112222", specialties=[Specialty.LAW])
    body = page(world, "elder", other.pk)
    assert "钱老" in body and "老专家" in body
    assert "135****2222" not in body and "法治" not in body


def test_a_view_is_logged(world, elder):
    page(world, "head_teacher_a", elder.pk)
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_type, log.object_id) == ("view", "elder", str(elder.pk))
    assert log.detail == {"profile": False, "health": False}
    page(world, "director", elder.pk)
    assert AccessLog.objects.order_by("-id").first().detail == {"profile": True, "health": True}


def test_the_reveal_shows_the_number_and_is_logged(world, elder):
    response = world.client("admin").post(f"/elders/{elder.pk}/reveal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "13300001111" in response.content.decode()
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_type, log.object_id, log.field, log.user) == (
        "reveal", "elder", str(elder.pk), "phone", world.users["admin"])


@pytest.mark.parametrize("persona", ["elder", "head_teacher_a", "outsider"])
def test_no_reveal_for_anyone_else(world, elder, persona):
    before = AccessLog.objects.filter(action="reveal").count()
    assert world.client(persona).post(f"/elders/{elder.pk}/reveal/").status_code == 404
    assert AccessLog.objects.filter(action="reveal").count() == before


def test_an_elder_of_another_school_does_not_exist_here(world):
    other = Elder.objects.create(school=world.other, name="赵外校", gender="M", category=Elder.Category.CADRE)
    for persona in ("director", "admin", "elder"):
        assert world.client(persona).get(f"/elders/{other.pk}/").status_code == 404
