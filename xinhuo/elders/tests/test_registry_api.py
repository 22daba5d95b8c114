"""The registry over the API follows the pages' rules: public card for most, profile for the committee and
the elder themself, health for the director and leaders, PATCH within the same limits, a logged reveal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinhuo.core.models import AccessLog
from xinhuo.elders.models import Assignment, Availability, Elder, ElderRole, Specialty

PUBLIC = {"id", "name", "category", "roles"}


@pytest.fixture
def elder(world) -> Elder:
    Elder.objects.filter(pk=world.elder.pk).update(specialties=[Specialty.LAW], health_notes="哮喘",
                                                   last_health_check=dt.date(2026, 4, 1))
    Availability.objects.create(elder=world.elder, weekday=4, start=dt.time(9), end=dt.time(10))
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.INSPECTOR, need="周边监督")
    Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                         status=Elder.Status.PAUSED)
    world.elder.refresh_from_db()
    return world.elder


def get(world, persona, url, **params):
    response = world.client(persona).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_list_gives_the_committee_the_profile_and_others_the_public_card(world, elder):
    rows = get(world, "admin", "/api/v1/elders/")["results"]
    assert [r["name"] for r in rows] == ["周老", "钱老"]
    zhou = rows[0]
    assert zhou["phone"] == "133****1111" and zhou["specialties"] == ["law"] and zhou["roles"] == ["inspector"]
    assert zhou["current_load"] == 1 and "health_notes" not in zhou
    for persona in ("head_teacher_a", "elder", "finance"):
        rows = get(world, persona, "/api/v1/elders/")["results"]
        assert [r["name"] for r in rows] == ["周老"]  # the paused elder is not public
        assert set(rows[0]) == PUBLIC and rows[0]["roles"] == ["inspector"]


def test_the_list_filters_and_searches_like_the_page_and_is_logged(world, elder):
    assert [r["name"] for r in get(world, "director", "/api/v1/elders/", q="qian")["results"]] == ["钱老"]
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_type, log.detail["filters"], log.detail["api"]) == (
        "search", "elder", {"q": "qian"}, True)
    assert [r["name"] for r in get(world, "director", "/api/v1/elders/", specialty="law")["results"]] == ["周老"]
    assert [r["name"] for r in get(world, "director", "/api/v1/elders/", role="inspector")["results"]] == ["周老"]
    # a non-manager's specialty or status filter is ignored, as on the page
    assert [r["name"] for r in get(world, "counsellor", "/api/v1/elders/", status="paused")["results"]] == ["周老"]


def test_retrieve_shows_exactly_what_the_page_shows(world, elder):
    url = f"/api/v1/elders/{elder.pk}/"
    assert set(get(world, "head_teacher_a", url)) == PUBLIC
    own = get(world, "elder", url)
    assert own["phone"] == "133****1111" and own["availability"][0]["weekday"] == 4 and "health_notes" not in own
    assert "health_notes" not in get(world, "admin", url)
    full = get(world, "leader", url)
    assert full["health_notes"] == "哮喘" and full["last_health_check"] == "2026-04-01"
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_id) == ("view", str(elder.pk))
    assert world.client("outsider").get(url).status_code == 404
    assert world.client("parent_x").get(url).status_code == 404


def test_the_committee_patches_and_bad_input_changes_nothing(world, elder):
    client = world.client("director")
    url = f"/api/v1/elders/{elder.pk}/"
    response = client.patch(url, {"status": "paused", "willingness": ["inspector", "heart_mentor"],
                                  "health_notes": "哮喘，随身带药"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "paused"
    elder.refresh_from_db()
    assert elder.willingness == ["inspector", "heart_mentor"] and elder.health_notes == "哮喘，随身带药"
    Elder.objects.create(school=world.school, name="孙老", gender="M", category=Elder.Category.CADRE,
                         phone="13600001234")
    response = client.patch(url, {"phone": "13600001234", "former_work": "改了"}, content_type="application/json")
    assert response.status_code == 400
    assert "本校另一位老同志孙老已登记了这个手机号" in response.json()["phone"][0]
    response = client.patch(url, {"phone": "123"}, content_type="application/json")
    assert response.status_code == 400 and "11 位手机号" in response.json()["phone"][0]
    elder.refresh_from_db()
    assert elder.phone == "13300001111" and elder.former_work == ""
    assert client.put(url, {"name": "x"}, content_type="application/json").status_code == 405


def test_the_admin_cannot_patch_health_information(world, elder):
    response = world.client("admin").patch(f"/api/v1/elders/{elder.pk}/", {"health_notes": ""},
                                           content_type="application/json")
    assert response.status_code == 400 and "健康信息只能由关工委主任和分管领导填写" in str(response.json())
    elder.refresh_from_db()
    assert elder.health_notes == "哮喘"


def test_the_elder_patches_their_own_contact_specialties_and_willingness_only(world, elder):
    client = world.client("elder")
    url = f"/api/v1/elders/{elder.pk}/"
    response = client.patch(url, {"phone": "13300009999", "specialties": ["calligraphy"]},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["phone"] == "133****9999"
    response = client.patch(url, {"name": "周大老", "phone": "13300008888"}, content_type="application/json")
    assert response.status_code == 400 and "您只能修改自己的手机号、专长和服务意愿" in response.json()["name"][0]
    elder.refresh_from_db()
    assert (elder.name, elder.phone, elder.specialties) == ("周老", "13300009999", ["calligraphy"])
    other = Elder.objects.get(name="钱老")
    assert client.patch(f"/api/v1/elders/{other.pk}/", {"phone": "13300007777"},
                        content_type="application/json").status_code == 404
    assert world.client("head_teacher_a").patch(url, {"phone": "13300007777"},
                                                content_type="application/json").status_code == 404


def test_the_reveal_is_for_the_committee_and_logged(world, elder):
    response = world.client("leader").post(f"/api/v1/elders/{elder.pk}/reveal/")
    assert response.status_code == 200 and response.json() == {"field": "phone", "value": "13300001111"}
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.field, log.object_id, log.user) == ("reveal", "phone", str(elder.pk),
                                                                world.users["leader"])
    for persona in ("elder", "counsellor"):
        assert world.client(persona).post(f"/api/v1/elders/{elder.pk}/reveal/").status_code == 404


def test_the_api_list_query_count_does_not_grow(world):
    client = world.client("director")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/elders/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        e = Elder.objects.create(school=world.school, name=f"老{i}", gender="M", category=Elder.Category.CADRE)
        Assignment.objects.create(school=world.school, elder=e, role=ElderRole.MORAL_MENTOR, need=f"n{i}")
    assert count() == few
