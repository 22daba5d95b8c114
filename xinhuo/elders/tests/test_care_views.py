"""The care page and its forms: what the committee sees (visits to make with the overdue ones marked,
visits made, birthdays, health checks due, recreation), the forms' refusals in Chinese, the access
log, a constant query count, and the care-visit API."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import born_in, days
from xinhuo.elders.models import CareVisit, Elder, RecreationEvent

TODAY = timezone.localdate


def elder(world, name, **kw):
    return Elder.objects.create(school=world.school, name=name, gender="M", category=Elder.Category.VETERAN, **kw)


@pytest.fixture
def care(world):
    soon = elder(world, "寿星", birth_date=born_in(3, 80), last_health_check=days(-30))
    never = elder(world, "未体检", last_health_check=None)
    elder(world, "离开了", status=Elder.Status.LEFT, birth_date=born_in(2, 70))  # not cared for any more
    Elder.objects.filter(pk=world.elder.pk).update(last_health_check=days(-10))
    late = CareVisit.objects.create(school=world.school, elder=soon, planned_on=days(-4), visitors="赵书记")
    coming = CareVisit.objects.create(school=world.school, elder=world.elder, planned_on=days(6),
                                      kind=CareVisit.Kind.HOLIDAY)
    done = CareVisit.objects.create(school=world.school, elder=never, planned_on=days(-20), done_on=days(-19),
                                    notes="腿脚不便，需要轮椅。")
    event = RecreationEvent.objects.create(school=world.school, title="象棋比赛", date=days(5))
    event.participants.set([soon, world.elder])
    return {"soon": soon, "never": never, "late": late, "coming": coming, "done": done, "event": event}


def section(body: str, sid: str) -> str:
    m = re.search(rf'<section[^>]*id="{sid}".*?</section>', body, re.S)
    assert m, sid
    return m.group(0)


def test_the_care_page_shows_each_part(world, care):
    r = world.client("director").get(reverse("elders:care"))
    assert r.status_code == 200
    body = r.content.decode()
    planned = section(body, "visits-planned")
    assert "寿星" in planned and "逾期" in planned and "周老" in planned
    assert planned.index("寿星") < planned.index("周老"), "overdue first"
    assert "寿星" in section(body, "birthdays") and "80 岁生日" in section(body, "birthdays")
    assert "离开了" not in body
    health = section(body, "health-checks")
    assert "未体检" in health and "无体检记录" in health and "寿星" not in health and "周老" not in health
    assert "腿脚不便，需要轮椅。" in section(body, "visits-done")
    assert "象棋比赛" in section(body, "recreation") and "2 人参加" in section(body, "recreation")
    assert AccessLog.objects.filter(object_type="elder_care", action="list").exists()


def test_the_care_page_is_the_committees(world, care):
    for persona in ("elder", "counsellor", "head_teacher_a", "parent_x"):
        assert world.client(persona).get(reverse("elders:care")).status_code == 404
    body = world.client("outsider").get(reverse("elders:care")).content.decode()
    assert "寿星" not in body and "象棋比赛" not in body


def test_the_care_page_query_count_does_not_grow_with_its_rows(world):
    c = world.client("director")

    def fill(n: int, tag: str):
        for i in range(n):
            e = elder(world, f"{tag}{i}", birth_date=born_in(i + 1, 75), last_health_check=None)
            CareVisit.objects.create(school=world.school, elder=e, planned_on=days(i - 3))
            CareVisit.objects.create(school=world.school, elder=e, planned_on=days(-30), done_on=days(-29))
            RecreationEvent.objects.create(school=world.school, title=f"活动{tag}{i}", date=days(i - 1)
                                           ).participants.add(e, world.elder)

    def count() -> int:
        c.get(reverse("elders:care"))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("elders:care")).status_code == 200
        return len(ctx.captured_queries)

    fill(2, "甲")
    two = count()
    fill(8, "乙")
    assert count() == two


def test_planning_a_visit_from_a_birthday_prefills_the_form(world, care):
    r = world.client("director").get(reverse("elders:care-visit-new"), {"elder": care["soon"].pk, "kind": "birthday"})
    body = r.content.decode()
    assert f'<option value="{care["soon"].pk}" selected>' in body and 'value="birthday" selected' in body
    assert "离开了" not in body


def test_the_visit_forms_save_and_refuse_in_chinese(world, care):
    c = world.client("leader")
    r = c.post(reverse("elders:care-visit-new"), {"elder": world.elder.pk, "kind": "illness",
                                                 "planned_on": days(1).isoformat(), "visitors": "李校长"})
    assert r.status_code == 302
    assert CareVisit.objects.filter(elder=world.elder, kind="illness", planned_on=days(1)).exists()
    url = reverse("elders:care-visit-done", args=[care["late"].pk])
    r = c.post(url, {"done_on": days(1).isoformat(), "visitors": "赵书记", "notes": "好"})
    assert r.status_code == 400 and "走访日期不能晚于今天。" in r.content.decode()
    care["late"].refresh_from_db()
    assert care["late"].done_on is None
    r = c.post(url, {"done_on": TODAY().isoformat(), "visitors": "赵书记", "notes": "送去慰问品。"})
    assert r.status_code == 302
    care["late"].refresh_from_db()
    assert care["late"].done_on == TODAY() and care["late"].notes == "送去慰问品。"
    r = c.post(reverse("elders:care-visit-edit", args=[care["coming"].pk]), {
        "elder": world.elder.pk, "kind": "holiday", "planned_on": days(8).isoformat()})
    assert r.status_code == 302
    care["coming"].refresh_from_db()
    assert care["coming"].planned_on == days(8)


def test_the_health_check_form_records_the_date_and_refuses_a_future_one(world, care):
    c = world.client("director")
    url = reverse("elders:health-check", args=[care["never"].pk])
    r = c.post(url, {"date": days(2).isoformat()})
    assert r.status_code == 400 and "体检日期不能晚于今天。" in r.content.decode()
    care["never"].refresh_from_db()
    assert care["never"].last_health_check is None
    assert c.post(url, {"date": days(-1).isoformat()}).status_code == 302
    care["never"].refresh_from_db()
    assert care["never"].last_health_check == days(-1)
    assert "未体检" not in section(c.get(reverse("elders:care")).content.decode(), "health-checks")


def test_the_recreation_form_keeps_its_participants(world, care):
    c = world.client("director")
    r = c.post(reverse("elders:recreation-new"), {"title": "合唱排练", "date": days(3).isoformat(), "place": "音乐室",
                                                 "participants": [world.elder.pk, care["never"].pk]})
    assert r.status_code == 302
    event = RecreationEvent.objects.get(title="合唱排练")
    assert set(event.participants.values_list("name", flat=True)) == {"周老", "未体检"}
    r = c.post(reverse("elders:recreation-edit", args=[event.pk]), {"title": "", "date": days(3).isoformat()})
    assert r.status_code == 400 and "该字段是必填项。" in r.content.decode()
    event.refresh_from_db()
    assert event.title == "合唱排练" and event.participants.count() == 2
    assert c.get(reverse("elders:recreation-edit", args=[event.pk])).status_code == 200


def test_care_visit_api_lists_and_creates_for_the_committee(world, care):
    c = world.client("director")
    rows = c.get("/api/v1/elders/care-visits/", {"state": "overdue"}).json()["results"]
    assert [r["id"] for r in rows] == [care["late"].pk] and rows[0]["elder_name"] == "寿星"
    r = c.post("/api/v1/elders/care-visits/", {"elder": world.elder.pk, "planned_on": days(2).isoformat(),
                                              "kind": "visit"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["elder_name"] == "周老"
    r = c.post("/api/v1/elders/care-visits/", {"elder": world.elder.pk, "planned_on": days(-2).isoformat(),
                                              "done_on": days(1).isoformat()}, content_type="application/json")
    assert r.status_code == 400 and r.json()["done_on"] == ["走访日期不能晚于今天。"]
    assert world.client("elder").get("/api/v1/elders/care-visits/").status_code == 404
