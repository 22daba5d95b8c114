"""The elder registry's list: who sees what, search (pinyin initials too), filters, the access log,
and a query count that does not grow with the rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinhuo.core.models import AccessLog
from xinhuo.elders.models import ApprenticeshipPair, Assignment, Elder, ElderRole, Specialty

ROW = re.compile(r'<tr data-elder="(\d+)">')


def listed(client, **params) -> set[int]:
    response = client.get("/elders/", params)
    assert response.status_code == 200
    return {int(pk) for pk in ROW.findall(response.content.decode())}


def table(body: str) -> str:
    return body[body.index('id="elder-table"'):body.index("</table>")]


def make_elder(world, name, *, school=None, **kw) -> Elder:
    kw.setdefault("gender", "M")
    kw.setdefault("category", Elder.Category.TEACHER)
    return Elder.objects.create(school=school or world.school, name=name, **kw)


@pytest.fixture
def registry(world):
    """周老 (world.elder), party-history lecturer 张建国, paused veteran 李秀英, and an elder of the other school."""
    zhang = make_elder(world, "张建国", category=Elder.Category.CADRE, phone="13611112222",
                       specialties=[Specialty.PARTY_HISTORY, Specialty.LAW], willingness=[ElderRole.INSPECTOR],
                       health_notes="高血压")
    Assignment.objects.create(school=world.school, elder=zhang, role=ElderRole.HISTORY_SPEAKER,
                              need="红色讲堂")
    Assignment.objects.create(school=world.school, elder=zhang, role=ElderRole.HISTORY_SPEAKER,
                              need="团课", status=Assignment.Status.ENDED)
    li = make_elder(world, "李秀英", gender="F", category=Elder.Category.VETERAN, status=Elder.Status.PAUSED,
                    specialties=[Specialty.CALLIGRAPHY], willingness=[ElderRole.CLUB_ADVISOR])
    other = make_elder(world, "赵外校", school=world.other)
    return {"zhang": zhang, "li": li, "other": other}


def test_the_committee_sees_every_elder_of_the_school_with_the_profile_columns(world, registry):
    response = world.client("director").get("/elders/")
    body = response.content.decode()
    assert {int(pk) for pk in ROW.findall(body)} == {world.elder.pk, registry["zhang"].pk, registry["li"].pk}
    assert "136****2222" in body and "13611112222" not in body  # masked, never in full
    assert "党史宣讲" in body  # specialties
    assert "党史宣讲员" in body  # role held (the active assignment)
    assert "1 / 3" in body  # current load: one active assignment of at most three
    assert "暂停" in body  # status
    assert "高血压" not in body  # health notes are never on the list
    assert 'id="elder-export-link"' in body and 'id="elder-import-link"' in body


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "finance"])
def test_other_staff_see_names_category_and_public_roles_only(world, registry, persona):
    body = world.client(persona).get("/elders/").content.decode()
    ids = {int(pk) for pk in ROW.findall(body)}
    assert ids == {world.elder.pk, registry["zhang"].pk}  # the paused elder is not listed for them
    rows = table(body)
    assert "张建国" in rows and "老干部" in rows and "党史宣讲员" in rows
    for hidden in ("136****2222", "专长", "法治", "义务监督员", "暂停"):  # contact, specialties, willingness, status
        assert hidden not in rows, hidden
    for hidden in ("13611112222", "elder-export-link", "elder-create-link", 'name="specialty"', 'name="status"',
                   'name="willingness"'):
        assert hidden not in body, hidden


def test_a_non_manager_cannot_filter_by_what_they_are_not_shown(world, registry):
    client = world.client("head_teacher_a")
    # specialty, willingness and status are ignored: they would reveal who has which specialty or status
    assert listed(client, specialty=Specialty.LAW) == {world.elder.pk, registry["zhang"].pk}
    assert listed(client, willingness=ElderRole.CLUB_ADVISOR) == {world.elder.pk, registry["zhang"].pk}
    assert listed(client, status=Elder.Status.PAUSED) == {world.elder.pk, registry["zhang"].pk}
    assert listed(client, role=ElderRole.HISTORY_SPEAKER) == {registry["zhang"].pk}
    assert listed(client, category=Elder.Category.CADRE) == {registry["zhang"].pk}


def test_the_elder_sees_the_public_list_and_a_link_to_their_own_profile(world, registry):
    body = world.client("elder").get("/elders/").content.decode()
    assert 'id="my-profile-link"' in body and "/elders/me/" in body
    assert "136****2222" not in body and "法治" not in body
    assert 'id="my-profile-link"' not in world.client("director").get("/elders/").content.decode()


def test_the_other_school_sees_only_its_own_elders(world, registry):
    assert listed(world.client("outsider")) == {registry["other"].pk}


@pytest.mark.parametrize(("q", "who"), [
    ("张建国", {"zhang"}), ("建国", {"zhang"}), ("zjg", {"zhang"}), ("ZJG", {"zhang"}), ("zj", {"zhang"}),
    ("zhangjianguo", {"zhang"}), ("zhang jian", {"zhang"}), ("lxy", {"li"}), ("zl", {"elder"}),
    ("zhou", {"elder"}), ("z", {"zhang", "elder"}), ("赵外校", set()), ("qqq", set()),
])
def test_search_by_name_full_pinyin_or_initials(world, registry, q, who):
    expected = {world.elder.pk if w == "elder" else registry[w].pk for w in who}
    assert listed(world.client("director"), q=q) == expected


def test_the_committee_filters_by_category_status_specialty_willingness_and_role(world, registry):
    client = world.client("director")
    assert listed(client, category=Elder.Category.VETERAN) == {registry["li"].pk}
    assert listed(client, status=Elder.Status.PAUSED) == {registry["li"].pk}
    assert listed(client, status=Elder.Status.ACTIVE) == {world.elder.pk, registry["zhang"].pk}
    assert listed(client, specialty=Specialty.LAW) == {registry["zhang"].pk}
    assert listed(client, specialty=Specialty.CALLIGRAPHY) == {registry["li"].pk}
    assert listed(client, willingness=ElderRole.INSPECTOR) == {registry["zhang"].pk}
    assert listed(client, role=ElderRole.HISTORY_SPEAKER) == {registry["zhang"].pk}
    # an ended assignment is no role held
    assert listed(client, role=ElderRole.CLUB_ADVISOR) == set()
    assert listed(client, q="z", specialty=Specialty.LAW) == {registry["zhang"].pk}


def test_a_bad_filter_value_is_ignored_not_an_error(world, registry):
    client = world.client("director")
    assert listed(client, specialty="nonsense", q="张" * 60) == {world.elder.pk, registry["zhang"].pk,
                                                                  registry["li"].pk}


def test_list_and_search_write_the_access_log(world, registry):
    client = world.client("leader")
    client.get("/elders/", {"category": Elder.Category.CADRE})
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_type, log.user) == ("list", "elder", world.users["leader"])
    assert log.detail["filters"] == {"category": "cadre"} and log.detail["count"] == 1
    client.get("/elders/", {"q": "zjg"})
    log = AccessLog.objects.order_by("-id").first()
    assert log.action == "search" and log.detail["filters"] == {"q": "zjg"}


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "elder"])
def test_the_query_count_does_not_grow_with_the_rows(world, persona):
    client = world.client(persona)
    make_elder(world, "甲")
    few = _queries(client)
    for i in range(12):
        e = make_elder(world, f"老同志{i}", phone=f"1380000{i:04d}", specialties=[Specialty.LAW])
        Assignment.objects.create(school=world.school, elder=e, role=ElderRole.MORAL_MENTOR, need=f"需要{i}")
        Assignment.objects.create(school=world.school, elder=e, role=ElderRole.INSPECTOR, need=f"监督{i}")
    assert _queries(client) == few


def test_the_list_paginates(world):
    for i in range(30):
        make_elder(world, f"老同志{i:02d}")
    client = world.client("director")
    first, second = listed(client), listed(client, page=2)
    assert len(first) == 25 and len(second) == 6 and not first & second


def test_the_load_shown_counts_assignments_and_pairs_as_mentor_as_matching_does(world):
    newcomer = Elder.objects.create(school=world.school, name="吴新来", gender="F", category=Elder.Category.CADRE)
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.INSPECTOR, need="周边巡查")
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=world.elder,
                                      mentee_elder=newcomer)
    body = world.client("director").get("/elders/").content.decode()
    assert "2 / 3" in body  # one assignment and one pair, of at most 3
    assert world.client("director").get(f"/api/v1/elders/{world.elder.pk}/").json()["current_load"] == 2
