"""Apprenticeship pairs: 传帮带 (senior elder → new elder) and 青年导师制 (elder → young teacher). Refusals with a clear
Chinese message and nothing written; ending with a summary; who sees which pairs; the overdue flag; the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.elders.models import ApprenticeshipContact, ApprenticeshipPair, Elder
from xinhuo.elders.team import services
from xinhuo.elders.tests.matrix_team import other_elder, teacher_pair, young_teacher, young_teacher_login


def director(world):
    return world.actor("director")


def new_pair(world, mentee, *, mentor=None, **kw) -> ApprenticeshipPair:
    kind = ApprenticeshipPair.Kind.NEW_ELDER if isinstance(mentee, Elder) else ApprenticeshipPair.Kind.YOUNG_TEACHER
    key = "mentee_elder" if kind == ApprenticeshipPair.Kind.NEW_ELDER else "mentee_teacher"
    return services.apprenticeship_create(actor=kw.pop("actor", None) or director(world), kind=kind,
                                      mentor=mentor or world.elder, **{key: mentee}, **kw)


def refused(world, mentee, field=None, **kw) -> str:
    before = (ApprenticeshipPair.objects.count(), Notification.objects.count())
    with pytest.raises(ValidationError) as exc:
        new_pair(world, mentee, **kw)
    assert (ApprenticeshipPair.objects.count(), Notification.objects.count()) == before  # nothing written
    if field:
        return " ".join(exc.value.message_dict[field])
    return " ".join(exc.value.messages)


def test_a_senior_elder_and_a_new_elder_are_paired_and_both_told(world):
    li = other_elder(world, "李老", username="li")
    pair = new_pair(world, li, goals="熟悉宣讲流程", contact_every_days=14)
    assert (pair.kind, pair.mentor, pair.mentee_elder, pair.mentee_teacher) == ("new_elder", world.elder, li, None)
    assert pair.started_on == timezone.localdate() and pair.contact_every_days == 14
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"elder", "li"}
    assert Notification.objects.filter(link=f"/elders/pairs/{pair.pk}/").count() == 2


def test_a_duplicate_active_pair_is_refused_and_nothing_written(world):
    li = other_elder(world, "李老")
    first = new_pair(world, li)
    message = refused(world, li)
    assert message == (f"周老 已与 李老 结对（自 {first.started_on.isoformat()} 起），不能重复结对。"
                       "如需重新结对，请先结束原结对。")
    # the same pair again once the first has ended is a new pair
    services.apprenticeship_end(actor=director(world), apprenticeship=first, summary="已熟悉工作")
    assert new_pair(world, li).pk != first.pk


def test_a_duplicate_young_teacher_pair_is_refused_too(world):
    pair = teacher_pair(world)
    assert "周老 已与 林青 结对" in refused(world, pair.mentee_teacher)


def test_an_elder_cannot_mentor_themself(world):
    assert refused(world, world.elder, "mentee_elder") == "五老不能与自己结对，请选择两位不同的五老。"


@pytest.mark.parametrize(("status", "label"), [(Elder.Status.PAUSED, "暂停"), (Elder.Status.LEFT, "已退出")])
def test_a_paused_or_departed_mentor_is_refused(world, status, label):
    mentor = other_elder(world, "王老", status=status)
    message = refused(world, other_elder(world, "李老"), "mentor", mentor=mentor)
    assert message == f"王老 的状态为“{label}”：只有在岗的五老才能担任导师。请先将其恢复为在岗。"


def test_a_departed_mentee_and_a_teacher_out_of_the_reserve_are_refused(world):
    gone = other_elder(world, "孙老", status=Elder.Status.LEFT)
    assert refused(world, gone, "mentee_elder") == "孙老 已退出关工委工作。"
    yt = young_teacher(world)
    yt.active = False
    yt.save()
    assert refused(world, yt, "mentee_teacher") == "林青 已不在青年教师储备库中。"


def test_a_start_in_the_future_and_a_bad_contact_plan_are_refused(world):
    li = other_elder(world, "李老")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert refused(world, li, "started_on", started_on=tomorrow) == "日期不能晚于今天。"
    message = refused(world, li, "contact_every_days", contact_every_days=0)
    assert message == "应在 1 到 365 天之间。"


def test_records_of_another_school_do_not_exist(world):
    foreign = Elder.objects.create(school=world.other, name="赵老", gender="M", category=Elder.Category.CADRE)
    with pytest.raises(Http404):
        new_pair(world, other_elder(world, "李老"), mentor=foreign)
    with pytest.raises(Http404):
        new_pair(world, foreign)
    assert not ApprenticeshipPair.objects.exists()


def test_only_the_committee_creates_pairs(world):
    with pytest.raises(Http404):
        new_pair(world, other_elder(world, "李老"), actor=world.actor("elder"))
    assert world.client("elder").get("/elders/pairs/new/").status_code == 404


def test_the_pair_page_creates_a_pair_and_shows_refusals(world):
    li = other_elder(world, "李老")
    client = world.client("director")
    page = client.get("/elders/pairs/new/").content.decode()
    assert "李老" in page
    form = {"kind": "new_elder", "mentor": world.elder.pk, "mentee_elder": li.pk,
            "started_on": timezone.localdate().isoformat(), "contact_every_days": 30, "goals": "熟悉宣讲"}
    response = client.post("/elders/pairs/new/", form)
    pair = ApprenticeshipPair.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/elders/pairs/{pair.pk}/"
    response = client.post("/elders/pairs/new/", form)
    assert response.status_code == 400
    assert "不能重复结对" in response.content.decode()
    assert ApprenticeshipPair.objects.count() == 1
    response = client.post("/elders/pairs/new/", {**form, "mentee_elder": ""})
    assert response.status_code == 400 and "请选择被带的新五老" in response.content.decode()


def test_ending_needs_a_summary(world):
    pair = teacher_pair(world)
    with pytest.raises(ValidationError) as exc:
        services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="   ")
    assert exc.value.message_dict["summary"] == ["请简要填写结对总结。"]
    with pytest.raises(ValidationError) as exc:
        services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="好",
                                    ended_on=dt.date(2026, 9, 1))
    assert "结对开始于 2026-09-10" in exc.value.message_dict["ended_on"][0]
    pair.refresh_from_db()
    assert pair.ended_on is None and pair.summary == ""
    services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="一学期完成三次主题班会指导")
    pair.refresh_from_db()
    assert pair.ended_on == timezone.localdate() and pair.summary == "一学期完成三次主题班会指导"
    with pytest.raises(ValidationError, match="该结对已于"):
        services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="再结束一次")


def test_the_end_page(world):
    pair = teacher_pair(world)
    client = world.client("leader")
    response = client.post(f"/elders/pairs/{pair.pk}/end/", {"ended_on": timezone.localdate(), "summary": ""})
    assert response.status_code == 400 and "请简要填写结对总结" in response.content.decode()
    response = client.post(f"/elders/pairs/{pair.pk}/end/", {"ended_on": timezone.localdate(), "summary": "圆满"})
    assert response.status_code == 302
    page = client.get(f"/elders/pairs/{pair.pk}/").content.decode()
    assert "圆满" in page and "该结对已于" in page
    # a mentor sees the pair but does not end it
    assert world.client("elder").get(f"/elders/pairs/{pair.pk}/end/").status_code == 404


def test_who_sees_which_pairs(world):
    li = other_elder(world, "李老", username="li")
    wang = other_elder(world, "王老")
    as_mentor = teacher_pair(world)
    as_mentee = new_pair(world, world.elder, mentor=li)
    others = new_pair(world, wang, mentor=li)
    yt, yt_client = young_teacher_login(world)
    own_yt = new_pair(world, yt, mentor=li)

    def seen(client) -> set[int]:
        return {r["id"] for r in client.get("/api/v1/elders/pairs/").json()["results"]}

    assert seen(world.client("director")) == {as_mentor.pk, as_mentee.pk, others.pk, own_yt.pk}
    assert seen(world.client("elder")) == {as_mentor.pk, as_mentee.pk}
    assert seen(yt_client) == {own_yt.pk}
    page = world.client("elder").get("/elders/pairs/").content.decode()
    assert "林青" in page and "王老" not in page
    assert world.client("elder").get(f"/elders/pairs/{others.pk}/").status_code == 404
    assert yt_client.get(f"/elders/pairs/{own_yt.pk}/").status_code == 200
    assert yt_client.get(f"/elders/pairs/{as_mentor.pk}/").status_code == 404
    for persona in ("head_teacher_a", "parent_x", "counsellor"):
        assert world.client(persona).get("/elders/pairs/").status_code == 404
    assert world.client("outsider").get(f"/elders/pairs/{as_mentor.pk}/").status_code == 404
    assert AccessLog.objects.filter(object_type="apprenticeship", action="list").exists()


def test_the_detail_shows_goals_plan_contacts_and_the_overdue_flag(world):
    pair = teacher_pair(world)  # started 2026-09-10, contact every 30 days, no contact yet
    ApprenticeshipPair.objects.filter(pk=pair.pk).update(started_on=timezone.localdate() - dt.timedelta(days=45))
    ApprenticeshipContact.objects.create(apprenticeship=pair, date=timezone.localdate() - dt.timedelta(days=40),
                                     way=ApprenticeshipContact.Way.PHONE, topic="讨论班会主题", next_step="试讲")
    page = world.client("elder").get(f"/elders/pairs/{pair.pk}/").content.decode()
    assert "指导主题班会设计" in page and "至少每 30 天联系一次" in page
    assert "讨论班会主题" in page and "试讲" in page
    assert "联系已逾期 10 天" in page
    assert f'href="/elders/apprenticeships/{pair.pk}/contact/"' in page  # the mentor records a contact
    assert AccessLog.objects.filter(object_type="apprenticeship", action="view", object_id=str(pair.pk)).exists()
    ApprenticeshipContact.objects.create(apprenticeship=pair, date=timezone.localdate(),
                                         way=ApprenticeshipContact.Way.WECHAT)
    page = world.client("director").get(f"/elders/pairs/{pair.pk}/").content.decode()
    assert "联系已逾期" not in page


def test_an_ended_pair_offers_no_contact_and_no_end(world):
    pair = teacher_pair(world)
    services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="完成")
    page = world.client("elder").get(f"/elders/pairs/{pair.pk}/").content.decode()
    assert "/contact/" not in page and f"/elders/pairs/{pair.pk}/end/" not in page


def _list_queries(world, n: int) -> int:
    ApprenticeshipPair.objects.all().delete()
    for i in range(n):
        mentee = other_elder(world, f"新老{i}")
        pair = new_pair(world, mentee)
        ApprenticeshipContact.objects.create(apprenticeship=pair, way=ApprenticeshipContact.Way.PHONE)
    client = world.client("director")
    client.get("/elders/pairs/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/pairs/").status_code == 200
    return len(ctx.captured_queries)


def test_the_pairs_list_query_count_does_not_grow_with_its_rows(world):
    assert _list_queries(world, 2) == _list_queries(world, 10)


# --- API ------------------------------------------------------------------------------------------------------


def test_api_creates_and_ends_pairs_through_the_same_services(world):
    li = other_elder(world, "李老")
    client = world.client("director")
    body = {"kind": "new_elder", "mentor": world.elder.pk, "mentee_elder": li.pk, "goals": "熟悉宣讲"}
    response = client.post("/api/v1/elders/pairs/", body, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.post("/api/v1/elders/pairs/", body, content_type="application/json")
    assert response.status_code == 400 and "不能重复结对" in str(response.json())
    assert ApprenticeshipPair.objects.count() == 1
    foreign = Elder.objects.create(school=world.other, name="赵老", gender="M", category=Elder.Category.CADRE)
    response = client.post("/api/v1/elders/pairs/", {**body, "mentor": foreign.pk}, content_type="application/json")
    assert response.status_code == 404
    response = world.client("elder").post("/api/v1/elders/pairs/", body, content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"/api/v1/elders/pairs/{pk}/end/", {"summary": ""}, content_type="application/json")
    assert response.status_code == 400
    response = world.client("elder").post(f"/api/v1/elders/pairs/{pk}/end/", {"summary": "完成"},
                                          content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"/api/v1/elders/pairs/{pk}/end/", {"summary": "完成"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["ended_on"] == timezone.localdate().isoformat()


def test_the_change_history_names_who_made_the_pair_even_over_a_token(world):
    from auditlog.models import LogEntry
    from django.test import Client

    from xinhuo.core.tokens import issue

    _token, key = issue(world.users["director"])
    li = other_elder(world, "李老")
    response = Client().post("/api/v1/elders/pairs/", {"kind": "new_elder", "mentor": world.elder.pk,
                                                       "mentee_elder": li.pk},
                             content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 201
    entry = LogEntry.objects.get_for_object(ApprenticeshipPair.objects.get()).get()
    assert entry.actor == world.users["director"]
