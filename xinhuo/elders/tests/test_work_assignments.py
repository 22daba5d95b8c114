"""Assignments: the committee assigns an active elder (who hears of it), never a paused or departed one,
never the same thing twice; ends them; lists them (managers all, an elder their own) at a constant cost."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.elders.models import Assignment, Elder, ElderRole
from xinhuo.elders.work import services

LECTURER = ElderRole.HISTORY_SPEAKER
TODAY = timezone.localdate


def snapshot():
    return (list(Assignment.objects.order_by("pk").values_list("pk", "status", "end_on")),
            Notification.objects.count())


refused = partial(refused_unchanged, snapshot)  # the block raises and writes nothing


def elder(world, name="钱老", **kw):
    return Elder.objects.create(school=world.school, name=name, gender="M", category=Elder.Category.TEACHER, **kw)


def test_assigning_records_the_role_and_need_and_tells_the_elder(world):
    a = services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER,
                                   need=" 初一党史故事会 ",
                                   need_kind=Assignment.NeedKind.ACTIVITY, weekday=2, end_on=TODAY() + dt.timedelta(30))
    a.refresh_from_db()
    assert (a.role, a.need, a.need_kind, a.weekday, a.start_on, a.status) == (
        LECTURER, "初一党史故事会", "activity", 2, TODAY(), Assignment.Status.ACTIVE)
    assert a.assigned_by == world.users["director"] and a.school == world.school
    [notice] = Notification.objects.filter(recipient=world.users["elder"])
    assert notice.title == "新任务：党史宣讲员 · 初一党史故事会"
    assert notice.link == reverse("elders:home")


def test_an_elder_without_an_account_is_assigned_without_a_notice(world):
    e = elder(world)
    services.assignment_create(actor=world.actor("director"), elder=e, role=LECTURER, need="校史整理")
    assert Assignment.objects.filter(elder=e).count() == 1
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("status, message", [(Elder.Status.PAUSED, "钱老已暂停服务，不能安排新任务。"),
                                             (Elder.Status.LEFT, "钱老已退出五老队伍，不能安排新任务。")])
def test_a_paused_or_departed_elder_is_refused_and_nothing_is_written(world, status, message):
    e = elder(world, status=status)
    with refused(message):
        services.assignment_create(actor=world.actor("director"), elder=e, role=LECTURER, need="初一党史故事会")


def test_the_same_active_assignment_twice_is_refused(world):
    services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER, need="初一党史故事会")
    with refused("周老已在该需求中担任这一角色（任务进行中），不能重复安排。"):
        services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER,
                                   need="初一党史故事会")
    # another role for the same need, or the same again once the first has ended, is fine
    services.assignment_create(actor=world.actor("director"), elder=world.elder, role=ElderRole.MORAL_MENTOR,
                               need="初一党史故事会")
    first = Assignment.objects.get(role=LECTURER)
    services.assignment_end(actor=world.actor("director"), assignment=first)
    services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER, need="初一党史故事会")
    assert Assignment.objects.filter(role=LECTURER, status="active").count() == 1


def test_bad_input_is_refused_with_clear_messages(world):
    a = world.actor("director")
    with refused("结束日期早于开始日期。"):
        services.assignment_create(actor=a, elder=world.elder, role=LECTURER, need="x",
                                   start_on=dt.date(2026, 10, 1), end_on=dt.date(2026, 9, 30))
    with refused("请填写请五老做什么。"):
        services.assignment_create(actor=a, elder=world.elder, role=LECTURER, need="  ")
    with refused("请选择五老担任的角色。"):
        services.assignment_create(actor=a, elder=world.elder, role="juggler", need="x")


def test_only_the_committee_of_the_elders_school_assigns(world):
    other = Elder.objects.create(school=world.other, name="外校老", gender="M", category=Elder.Category.TEACHER)
    with refused(exc=Http404):
        services.assignment_create(actor=world.actor("director"), elder=other, role=LECTURER, need="x")
    for persona in ("elder", "head_teacher_a", "outsider"):
        with refused(exc=Http404):
            services.assignment_create(actor=world.actor(persona), elder=world.elder, role=LECTURER, need="x")


def test_ending_an_assignment(world):
    a = services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER, need="x",
                                   start_on=dt.date(2026, 9, 1))
    with refused("结束日期早于开始日期。"):
        services.assignment_end(actor=world.actor("director"), assignment=a, end_on=dt.date(2026, 8, 31))
    with refused(exc=Http404):
        services.assignment_end(actor=world.actor("head_teacher_a"), assignment=a)
    services.assignment_end(actor=world.actor("director"), assignment=a)
    a.refresh_from_db()
    assert a.status == Assignment.Status.ENDED and a.end_on == TODAY()
    with refused("该任务已经结束。"):
        services.assignment_end(actor=world.actor("director"), assignment=a)


# --- pages ------------------------------------------------------------------------------------


def test_assign_page_posts_from_the_match_page_and_returns_there(world):
    c = world.client("director")
    back = reverse("elders:match") + "?role=history_speaker"
    r = c.post(reverse("elders:assign"), {"elder": world.elder.pk, "role": LECTURER, "need_kind": "task",
                                          "need": "初一党史故事会", "weekday": "", "next": back})
    assert r.status_code == 302 and r["Location"] == back
    assert Assignment.objects.filter(elder=world.elder, need="初一党史故事会").exists()


def test_assign_page_shows_the_refusal_and_writes_nothing(world):
    paused = elder(world, status=Elder.Status.PAUSED)
    c = world.client("director")
    before = snapshot()
    r = c.post(reverse("elders:assign"), {"elder": paused.pk, "role": LECTURER, "need_kind": "task", "need": "x"})
    assert r.status_code == 400
    assert "钱老已暂停服务，不能安排新任务。" in r.content.decode()
    assert snapshot() == before
    r = c.post(reverse("elders:assign"), {"elder": world.elder.pk, "role": LECTURER, "need_kind": "task", "need": ""})
    assert r.status_code == 400 and snapshot() == before
    other = Elder.objects.create(school=world.other, name="外校老", gender="M", category=Elder.Category.TEACHER)
    assert c.post(reverse("elders:assign"), {"elder": other.pk, "role": LECTURER, "need": "x"}).status_code == 404


def test_assignment_list_managers_filter_and_an_elder_sees_only_their_own(world):
    other = elder(world)
    d = world.actor("director")
    services.assignment_create(actor=d, elder=world.elder, role=LECTURER, need="周老的宣讲")
    services.assignment_create(actor=d, elder=other, role=ElderRole.INSPECTOR, need="钱老的巡查")
    body = world.client("director").get(reverse("elders:assignments")).content.decode()
    assert "周老的宣讲" in body and "钱老的巡查" in body
    body = world.client("director").get(reverse("elders:assignments"), {"role": "inspector"}).content.decode()
    assert "周老的宣讲" not in body and "钱老的巡查" in body
    body = world.client("director").get(reverse("elders:assignments"), {"elder": other.pk}).content.decode()
    assert "周老的宣讲" not in body and "钱老的巡查" in body
    mine = world.client("elder").get(reverse("elders:assignments"))
    assert mine.status_code == 200
    body = mine.content.decode()
    assert "周老的宣讲" in body and "钱老的巡查" not in body
    assert 'class="step-down"' in body and "今天结束这项任务吗" not in body  # the elder steps down, saying why


def test_assignment_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    def load(n):
        for i in range(n):
            services.assignment_create(actor=world.actor("director"), elder=elder(world, f"老{n}-{i}"), role=LECTURER,
                                       need=f"需求{i}")
        with CaptureQueriesContext(connection) as ctx:
            r = world.client("director").get(reverse("elders:assignments"))
        assert r.status_code == 200
        return len(ctx.captured_queries)

    assert load(2) == load(10)


def test_end_button_ends_and_returns(world):
    a = services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER, need="x")
    r = world.client("director").post(reverse("elders:assignment-end", args=[a.pk]))
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == Assignment.Status.ENDED


# --- API --------------------------------------------------------------------------------------


def test_api_create_list_and_end(world):
    c = world.client("director")
    r = c.post("/api/v1/elders/assignments/", {"elder": world.elder.pk, "role": LECTURER, "need": "初一党史故事会",
                                              "need_kind": "activity"}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    again = c.post("/api/v1/elders/assignments/", {"elder": world.elder.pk, "role": LECTURER,
                                                  "need": "初一党史故事会"}, content_type="application/json")
    assert again.status_code == 400 and "不能重复安排" in again.content.decode()
    assert Assignment.objects.count() == 1
    paused = elder(world, status=Elder.Status.PAUSED)
    r = c.post("/api/v1/elders/assignments/", {"elder": paused.pk, "role": LECTURER, "need": "x"},
               content_type="application/json")
    assert r.status_code == 400 and "已暂停服务" in r.content.decode()
    # the elder lists their own, cannot create
    mine = world.client("elder").get("/api/v1/elders/assignments/").json()
    assert [row["id"] for row in mine["results"]] == [pk]
    r = world.client("elder").post("/api/v1/elders/assignments/", {"elder": world.elder.pk, "role": LECTURER,
                                                                  "need": "自己安排"},
                                   content_type="application/json")
    assert r.status_code == 404
    assert c.post(f"/api/v1/elders/assignments/{pk}/end/", {}, content_type="application/json").json()["status"] \
        == "ended"
    assert world.client("head_teacher_a").get("/api/v1/elders/assignments/").status_code == 404


def test_an_elder_steps_down_from_their_own_assignment_saying_why(world):
    """The elder edits their own assignments: stepping down needs a reason, which reaches the committee."""
    mine = services.assignment_create(actor=world.actor("director"), elder=world.elder, role=LECTURER,
                                      need="党史故事会", start_on=dt.date(2026, 9, 1))
    other = services.assignment_create(actor=world.actor("director"), elder=elder(world), role=LECTURER,
                                       need="党史故事会", start_on=dt.date(2026, 9, 1))
    with refused("请简要说明退出的原因"):
        services.assignment_end(actor=world.actor("elder"), assignment=mine, reason="  ")
    with refused(exc=Http404):
        services.assignment_end(actor=world.actor("elder"), assignment=other, reason="身体原因")
    client = world.client("elder")
    response = client.post(reverse("elders:assignment-end", args=[mine.pk]), {"reason": "近期住院，无法宣讲"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Assignment.Status.ENDED and "近期住院，无法宣讲" in mine.note
    told = Notification.objects.get(recipient=world.users["director"])
    assert world.elder.name in told.title and "近期住院，无法宣讲" in told.body
