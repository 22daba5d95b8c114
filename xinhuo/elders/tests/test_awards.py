"""Awards (ELD-5): certificate numbers unique and sequential per school and year, the committee's form and
refusals, who sees which awards, and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.core.tests.helpers import when_run
from xinhuo.elders.models import Award, Elder
from xinhuo.elders.team import services
from xinhuo.elders.tests.matrix_team import award, other_elder


def make(world, elder=None, when=None, persona="director", **kw):
    return services.award_create(actor=world.actor(persona), elder=elder or world.elder,
                                 title=kw.pop("title", "优秀五老"), level=kw.pop("level", Award.Level.SCHOOL),
                                 awarded_on=when or timezone.localdate(), issuer=kw.pop("issuer", "学校关工委"), **kw)


def test_certificate_numbers_are_sequential_per_year(world):
    this_year = timezone.localdate().year
    first = make(world, when=dt.date(this_year, 1, 10))
    second = make(world, when=dt.date(this_year, 1, 11))
    last_year = make(world, when=dt.date(this_year - 1, 12, 30))
    third = make(world, when=dt.date(this_year, 1, 9))  # the order of making counts, not of the date
    assert [first.certificate_no, second.certificate_no, third.certificate_no] == [
        f"XH{this_year}-001", f"XH{this_year}-002", f"XH{this_year}-003"]
    assert last_year.certificate_no == f"XH{this_year - 1}-001"


def test_numbers_continue_after_the_highest_and_each_school_counts_its_own(world):
    year = timezone.localdate().year
    Award.objects.create(school=world.school, elder=world.elder, title="优秀五老", awarded_on=dt.date(year, 1, 1),
                         issuer="县关工委", certificate_no=f"XH{year}-007")  # e.g. the demo's or an import
    assert make(world).certificate_no == f"XH{year}-008"
    outsider_elder = Elder.objects.create(school=world.other, name="赵老", gender="M",
                                          category=Elder.Category.CADRE)
    theirs = services.award_create(actor=world.actor("outsider"), elder=outsider_elder, title="优秀五老",
                                   level=Award.Level.SCHOOL, awarded_on=timezone.localdate(), issuer="青松中学关工委")
    assert theirs.certificate_no == f"XH{year}-001"
    numbers = list(Award.objects.filter(school=world.school).values_list("certificate_no", flat=True))
    assert len(numbers) == len(set(numbers))


def test_a_new_award_tells_the_elder_with_a_link_to_the_certificate(world):
    a = make(world, citation="长期坚持进校园宣讲。")
    n = Notification.objects.get(recipient=world.users["elder"])
    assert "优秀五老" in n.title
    assert n.link == f"/elders/awards/{a.pk}/certificate/"


@pytest.mark.parametrize(("field", "kw", "message"), [
    ("title", {"title": "  "}, "请填写荣誉名称"),
    ("issuer", {"issuer": ""}, "请填写颁发单位"),
    ("level", {"level": "galactic"}, "请选择荣誉级别"),
    ("citation", {"citation": "很" * 301}, "最多 300 个字"),
    ("awarded_on", lambda: {"when": timezone.localdate() + dt.timedelta(days=200)}, "请核对"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(world, field, kw, message):
    with pytest.raises(ValidationError) as exc:
        make(world, **when_run(kw))
    assert message in " ".join(exc.value.message_dict[field])
    assert not Award.objects.exists()
    assert not Notification.objects.exists()


def test_only_the_committee_makes_awards_and_only_for_its_own_elders(world):
    with pytest.raises(Http404):
        make(world, persona="elder")
    with pytest.raises(Http404):
        make(world, persona="head_teacher_a")
    foreign = Elder.objects.create(school=world.other, name="赵老", gender="M", category=Elder.Category.CADRE)
    with pytest.raises(Http404):
        make(world, elder=foreign)
    assert not Award.objects.exists()


def test_the_award_page_creates_and_shows_the_number(world):
    client = world.client("director")
    assert client.get("/elders/awards/new/").status_code == 200
    response = client.post("/elders/awards/new/", {
        "elder": world.elder.pk, "title": "优秀五老", "level": "county", "awarded_on": timezone.localdate(),
        "issuer": "县关工委", "citation": "热心宣讲", "on_wall": "on"}, follow=True)
    a = Award.objects.get()
    assert a.on_wall and a.level == "county" and a.created_by == world.users["director"]
    assert f"证书编号 {a.certificate_no}" in response.content.decode()


def test_the_award_page_shows_the_refusal_and_writes_nothing(world):
    response = world.client("director").post("/elders/awards/new/", {
        "elder": world.elder.pk, "title": "优秀五老", "level": "school",
        "awarded_on": timezone.localdate() + dt.timedelta(days=400), "issuer": "县关工委"})
    assert response.status_code == 400
    assert "天之后，请核对" in response.content.decode()
    assert not Award.objects.exists()


def test_the_awards_list_the_committee_sees_all_an_elder_their_own(world):
    li = other_elder(world, "李老", username="li")
    mine = award(world)
    theirs = Award.objects.create(school=world.school, elder=li, title="优秀志愿者", awarded_on=dt.date(2026, 5, 1),
                                  issuer="学校关工委", certificate_no="XH2026-002")
    page = world.client("director").get("/elders/awards/").content.decode()
    assert mine.certificate_no in page and theirs.certificate_no in page
    page = world.client("elder").get("/elders/awards/").content.decode()
    assert mine.certificate_no in page and theirs.certificate_no not in page
    assert f"/elders/awards/{mine.pk}/certificate/" in page
    assert AccessLog.objects.filter(object_type="award", action="list", user=world.users["elder"]).exists()
    for persona in ("parent_x", "head_teacher_a", "student_x"):
        assert world.client(persona).get("/elders/awards/").status_code == 404


def test_search_and_filters_of_the_awards_list(world):
    award(world)
    Award.objects.create(school=world.school, elder=other_elder(world), title="老有所为先进个人",
                         awarded_on=dt.date(2025, 5, 1), level="city", issuer="市关工委", certificate_no="XH2025-001")
    client = world.client("director")
    assert "XH2025-001" not in client.get("/elders/awards/", {"q": "周老"}).content.decode()
    assert "XH2026-001" in client.get("/elders/awards/", {"q": "zl"}).content.decode()
    page = client.get("/elders/awards/", {"year": 2025}).content.decode()
    assert "XH2025-001" in page and "XH2026-001" not in page
    page = client.get("/elders/awards/", {"level": "county"}).content.decode()
    assert "XH2026-001" in page and "XH2025-001" not in page


# --- the honour wall ---------------------------------------------------------------------------------------


def test_the_honour_wall_shows_only_awards_on_the_wall_and_nothing_private(world):
    elder = Elder.objects.get(pk=world.elder.pk)
    elder.health_notes = "高血压，需按时服药"
    elder.former_work = "县教育局副局长"
    elder.save()
    shown = award(world)
    Award.objects.create(school=world.school, elder=world.elder, title="内部嘉奖", awarded_on=dt.date(2026, 6, 1),
                         issuer="学校关工委", certificate_no="XH2026-002", on_wall=False)
    for persona in ("parent_x", "student_x", "head_teacher_a", "elder", "director"):
        response = world.client(persona).get("/elders/honours/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "周老" in page and shown.title in page and "县级" in page and "老教师" in page
        assert "2026-11-29" in page and "热心关心下一代工作" in page
        assert "内部嘉奖" not in page
        for private in ("13300001111", "133****1111", "高血压", "县教育局副局长", "XH2026-001", "县关工委"):
            assert private not in page, (persona, private)


def test_taking_an_award_off_the_wall(world):
    a = award(world)
    response = world.client("director").post(f"/elders/awards/{a.pk}/wall/", {"on_wall": "0"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert not a.on_wall
    assert "优秀五老" not in world.client("parent_x").get("/elders/honours/").content.decode()
    assert world.client("elder").post(f"/elders/awards/{a.pk}/wall/", {"on_wall": "1"}).status_code == 404
    a.refresh_from_db()
    assert not a.on_wall


def test_the_honour_wall_of_another_school_is_its_own(world):
    award(world)
    assert "周老" not in world.client("outsider").get("/elders/honours/").content.decode()


def _wall_queries(world, n: int) -> int:
    Award.objects.all().delete()
    for i in range(n):
        e = Elder.objects.create(school=world.school, name=f"老{i}", gender="M", category=Elder.Category.VETERAN)
        Award.objects.create(school=world.school, elder=e, title="优秀五老", awarded_on=dt.date(2026, 1, 1),
                             issuer="学校关工委", certificate_no=f"XH2026-{i + 100}")
    client = world.client("parent_x")
    client.get("/elders/honours/")  # warm the session and the caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/honours/").status_code == 200
    return len(ctx.captured_queries)


def test_the_honour_wall_query_count_does_not_grow_with_its_cards(world):
    assert _wall_queries(world, 2) == _wall_queries(world, 10)


def _award_list_queries(world, n: int) -> int:
    Award.objects.all().delete()
    for i in range(n):
        Award.objects.create(school=world.school, elder=other_elder(world, f"老{i}"), title="优秀五老",
                             awarded_on=dt.date(2026, 1, 1), issuer="学校关工委", certificate_no=f"XH2026-{i + 100}")
    client = world.client("director")
    client.get("/elders/awards/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/awards/").status_code == 200
    return len(ctx.captured_queries)


def test_the_awards_list_query_count_does_not_grow_with_its_rows(world):
    assert _award_list_queries(world, 2) == _award_list_queries(world, 10)


# --- API ------------------------------------------------------------------------------------------------------


def test_api_lists_the_honour_wall_for_everyone_with_only_public_fields(world):
    award(world)
    Award.objects.create(school=world.school, elder=world.elder, title="内部嘉奖", awarded_on=dt.date(2026, 6, 1),
                         issuer="学校关工委", certificate_no="XH2026-002", on_wall=False)
    data = world.client("parent_x").get("/api/v1/elders/awards/").json()
    assert [r["title"] for r in data["results"]] == ["优秀五老"]
    row = data["results"][0]
    assert set(row) == {"id", "elder_name", "category", "category_label", "title", "level", "level_label",
                        "awarded_on", "citation"}
    assert row["elder_name"] == "周老" and row["level_label"] == "县级"


def test_api_creates_an_award_for_the_committee_only(world):
    body = {"elder": world.elder.pk, "title": "优秀五老", "level": "city", "awarded_on": str(timezone.localdate()),
            "issuer": "市关工委", "citation": "热心宣讲"}
    response = world.client("elder").post("/api/v1/elders/awards/", body, content_type="application/json")
    assert response.status_code == 404
    response = world.client("director").post("/api/v1/elders/awards/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["certificate_no"] == f"XH{timezone.localdate().year}-001"
    foreign = Elder.objects.create(school=world.other, name="赵老", gender="M", category=Elder.Category.CADRE)
    response = world.client("director").post("/api/v1/elders/awards/", {**body, "elder": foreign.pk},
                                             content_type="application/json")
    assert response.status_code == 404
    response = world.client("director").post("/api/v1/elders/awards/", {**body, "title": " "},
                                             content_type="application/json")
    assert response.status_code == 400
    assert Award.objects.count() == 1
