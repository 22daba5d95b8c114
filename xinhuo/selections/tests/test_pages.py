"""The pages: who sees which nominations at each stage (parents and students only what is public), the forms'
round trips, the honour walls, and list and detail pages whose query count does not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.core.tests.helpers import page_queries
from xinhuo.selections.models import Nomination, Review, Selection, SelectionKind, Stage, Vote
from xinhuo.selections.tests import helpers as h

SECRET = "拾金不昧（尚未公开）"  # the deeds of the pending nomination in helpers.open_selection


def page(world, persona, url) -> str:
    response = world.client(persona).get(url)
    assert response.status_code == 200, (persona, url, response.status_code)
    return response.content.decode()


# --- who sees what -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees"), [
    ("director", True), ("leader", True), ("head_teacher_a", True),  # the committee; the nominator
    ("head_teacher_b", False), ("counsellor", False), ("elder", False), ("admin", False),
    ("parent_x", False), ("student_x", False), ("student_y", False),
])
def test_while_nominating_the_deeds_are_for_the_committee_and_the_nominator_only(world, persona, sees):
    sel = h.open_selection(world)
    body = page(world, persona, f"/selections/{sel.pk}/")
    assert (SECRET in body) is sees
    assert h.CRITERIA in body  # the call itself is public
    rows = world.client(persona).get(f"/api/v1/selections/{sel.pk}/nominations/").json()
    assert (len(rows) == 1) is sees


def test_a_head_teacher_sees_nominations_of_their_class_made_by_others(world):
    sel = h.selection(world, "榜样家长", kind=SelectionKind.MODEL_PARENT)
    h.nominate(world, sel, world.guardian_x, by="director", reason="家访配合积极")
    assert "家访配合积极" in page(world, "head_teacher_a", f"/selections/{sel.pk}/")
    assert "家访配合积极" not in page(world, "head_teacher_b", f"/selections/{sel.pk}/")
    assert "家访配合积极" not in page(world, "parent_x", f"/selections/{sel.pk}/")


@pytest.mark.parametrize(("persona", "sees"), [
    ("student_y", True), ("elder", True), ("counsellor", True), ("parent_x", False), ("admin", False),
])
def test_during_the_vote_the_candidates_are_shown_to_the_voters(world, persona, sees):
    sel = h.voting_selection(world)
    h.nominate(world, sel, world.student_y, review=Review.REJECTED, reason="被否决的推荐")
    body = page(world, persona, f"/selections/{sel.pk}/")
    assert ("王小刚" in body) is sees
    assert "被否决的推荐" not in body
    assert 'class="vote-count"' not in body  # counts only with the list for publicity


def test_the_committee_follows_the_count_during_the_vote(world):
    sel = h.voting_selection(world)
    Vote.objects.create(selection=sel, nomination=sel.nominations.get(student=world.student_z),
                        voter=world.users["elder"])
    body = page(world, "director", f"/selections/{sel.pk}/")
    assert "共 1 人投票" in body and "1 票" in body and "0 票" in body


def test_during_the_publicity_everyone_sees_the_proposed_list_and_nothing_else(world):
    sel = h.publicity_selection(world)
    h.nominate(world, sel, world.student_y, review=Review.REJECTED, reason="未入选的事迹")
    for persona in ("parent_x", "student_y", "admin", "elder"):
        body = page(world, persona, f"/selections/{sel.pk}/")
        assert "张小明" in body and "主动照顾生病同学" in body
        assert "未入选的事迹" not in body and "李小红" not in body
        notice = page(world, persona, f"/selections/{sel.pk}/publicity/")
        assert "拟表彰名单的公示" in notice and "张小明" in notice and "李小红" not in notice
    # the objection of 张小明's parent: the parent sees it, another parent-less student does not, the committee does
    assert "事迹需核实" in page(world, "parent_x", f"/selections/{sel.pk}/")
    assert "事迹需核实" not in page(world, "student_y", f"/selections/{sel.pk}/")
    assert "事迹需核实" in page(world, "leader", f"/selections/{sel.pk}/")


def test_the_publicity_notice_exists_only_from_the_publicity_on(world):
    sel = h.voting_selection(world)
    assert world.client("director").get(f"/selections/{sel.pk}/publicity/").status_code == 404


def test_after_the_award_the_winners_are_public_with_their_certificate_links_for_whom_it_concerns(world):
    sel = h.awarded_selection(world)
    n = sel.nominations.get()
    link = f"/selections/nominations/{n.pk}/certificate/"
    assert link in page(world, "parent_x", f"/selections/{sel.pk}/")
    body = page(world, "student_y", f"/selections/{sel.pk}/")
    assert "张小明" in body and link not in body


def test_other_schools_see_nothing(world):
    sel = h.awarded_selection(world)
    assert world.client("outsider").get(f"/selections/{sel.pk}/").status_code == 404
    assert "张小明" not in page(world, "outsider", "/selections/honours/")
    assert sel.title not in page(world, "outsider", "/selections/")


# --- forms ---------------------------------------------------------------------------------------------------------


def test_creating_a_selection_from_the_page(world):
    client = world.client("leader")
    bad = client.post("/selections/new/", {"kind": "virtue_youth", "title": "美德少年", "criteria": "品德好",
                                          "quota": "3"})
    assert bad.status_code == 400 and "美德少年每学期评选一次" in bad.content.decode()
    assert not Selection.objects.exists()
    response = client.post("/selections/new/", {"kind": "virtue_youth", "title": "美德少年", "criteria": "品德好",
                                               "quota": "3", "term": h.term(world).pk, "voting": "on"})
    sel = Selection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/selections/{sel.pk}/"
    assert sel.voting and sel.created_by == world.users["leader"]


def test_nominating_from_the_page_offers_only_ones_own_class(world):
    sel = h.selection(world)
    client = world.client("head_teacher_a")
    form = client.get(f"/selections/{sel.pk}/nominate/").content.decode()
    assert "张小明" in form and "李小红" in form and "王小刚" not in form
    assert client.post(f"/selections/{sel.pk}/nominate/", {"nominee": world.student_z.pk,
                                                          "reason": "x"}).status_code == 400
    response = client.post(f"/selections/{sel.pk}/nominate/", {"nominee": world.student_y.pk,
                                                              "reason": "热心班级事务"})
    assert response.status_code == 302
    assert Nomination.objects.get().name == "李小红"


def test_reviewing_from_the_page(world):
    n = h.pending_nomination(world)
    client = world.client("director")
    response = client.post(f"/selections/nominations/{n.pk}/review/", {"decision": "rejected", "comment": ""})
    assert response.status_code == 400 and "请说明不予通过的原因" in response.content.decode()
    response = client.post(f"/selections/nominations/{n.pk}/review/", {"decision": "accepted", "comment": "好"})
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.review == Review.ACCEPTED
    assert world.client("head_teacher_a").get(f"/selections/nominations/{n.pk}/review/").status_code == 404


def test_voting_from_the_page_and_the_double_vote_message(world):
    sel = h.voting_selection(world)
    n = sel.nominations.get(student=world.student_z)
    client = world.client("student_y")
    assert f"/selections/{sel.pk}/vote/" in client.get(f"/selections/{sel.pk}/").content.decode()
    follow = client.post(f"/selections/{sel.pk}/vote/", {"nomination": n.pk}, follow=True).content.decode()
    assert "你给王小刚的一票已计入" in follow and "你已投过票，谢谢参与" in follow
    assert f"/selections/{sel.pk}/vote/" not in follow  # no more vote buttons
    again = client.post(f"/selections/{sel.pk}/vote/", {"nomination": n.pk}, follow=True).content.decode()
    assert "你已投过票" in again
    assert Vote.objects.count() == 1


def test_the_steps_from_the_page(world):
    sel = h.voting_selection(world)
    Vote.objects.create(selection=sel, nomination=sel.nominations.get(student=world.student_z),
                        voter=world.users["elder"])
    client = world.client("director")
    body = client.get(f"/selections/{sel.pk}/").content.decode()
    assert 'id="step-publish"' in body and 'id="step-cancel"' in body and 'id="step-award"' not in body
    ends = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    follow = client.post(f"/selections/{sel.pk}/step/", {"action": "publish", "publicity_ends": ends},
                         follow=True).content.decode()
    assert "拟表彰名单已发布公示" in follow
    sel.refresh_from_db()
    assert sel.stage == Stage.PUBLICITY
    refused = client.post(f"/selections/{sel.pk}/step/", {"action": "award"}, follow=True).content.decode()
    assert "公示结束后的第二天起才能表彰" in refused


def test_objecting_and_answering_from_the_pages(world):
    n = h.proposed_nomination(world)
    client = world.client("elder")
    assert client.post(f"/selections/nominations/{n.pk}/objection/", {"text": ""}).status_code == 400
    assert client.post(f"/selections/nominations/{n.pk}/objection/", {"text": "与事实不符"}).status_code == 302
    o = n.objections.get(raised_by=world.users["elder"])
    leader = world.client("leader")
    assert "与事实不符" in leader.get(f"/selections/objections/{o.pk}/handle/").content.decode()
    response = leader.post(f"/selections/objections/{o.pk}/handle/", {"outcome": "dismissed", "reply": "已核实"})
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.outcome == "dismissed"


# --- honour walls --------------------------------------------------------------------------------------------------


def test_the_winners_are_on_the_selections_wall_and_on_the_school_honour_wall(world):
    h.awarded_selection(world)
    for persona in ("parent_x", "student_y", "elder", "director"):
        wall = page(world, persona, "/selections/honours/")
        assert "张小明" in wall and "美德少年" in wall
        elders_wall = page(world, persona, "/elders/honours/")
        assert 'id="selection-honours"' in elders_wall and "张小明" in elders_wall
        assert "PX2026" not in wall and "PX2026" not in elders_wall  # certificate numbers are not public


def test_navigation_shows_the_selections_to_everyone(world):
    for persona in ("parent_x", "student_x", "elder", "finance"):
        assert 'href="/selections/"' in page(world, persona, "/")


# --- query counts --------------------------------------------------------------------------------------------------


def _list_queries(world, persona, n: int) -> int:
    Selection.objects.all().delete()
    for i in range(n):
        sel = h.selection(world, f"评选{i}", kind=SelectionKind.MODEL_PARENT, stage=Stage.REVIEWING)
        h.nominate(world, sel, world.guardian_x)
    return page_queries(world.client(persona), "/selections/")


@pytest.mark.parametrize("persona", ["director", "parent_x"])
def test_the_list_query_count_does_not_grow_with_its_rows(world, persona):
    assert _list_queries(world, persona, 2) == _list_queries(world, persona, 20)


def _detail_queries(world, persona, n: int, stage: str) -> int:
    from xinhuo.people.models import Student

    Selection.objects.all().delete()
    sel = h.selection(world, "很多推荐", stage=stage)
    for i in range(n):
        s = Student.objects.create(school=world.school, school_class=world.class_a, student_no=f"Q{n}-{i:03d}",
                                   name=f"学生{i}", gender="M")
        h.nominate(world, sel, s, review=Review.ACCEPTED, proposed=True, rank=i + 1)
    Vote.objects.create(selection=sel, nomination=sel.nominations.first(), voter=world.users["elder"])
    return page_queries(world.client(persona), f"/selections/{sel.pk}/")


@pytest.mark.parametrize(("persona", "stage"), [("director", Stage.VOTING), ("student_x", Stage.VOTING),
                                                ("head_teacher_a", Stage.REVIEWING),
                                                ("parent_x", Stage.PUBLICITY)])
def test_the_detail_query_count_does_not_grow_with_its_nominations(world, persona, stage):
    assert _detail_queries(world, persona, 2, stage) == _detail_queries(world, persona, 20, stage)


def _wall_queries(world, n: int) -> int:
    Selection.objects.all().delete()
    sel = h.selection(world, "光荣榜", stage=Stage.AWARDED)
    from xinhuo.people.models import Student

    for i in range(n):
        s = Student.objects.create(school=world.school, school_class=world.class_a, student_no=f"W{n}-{i:03d}",
                                   name=f"学生{i}", gender="F")
        h.nominate(world, sel, s, review=Review.ACCEPTED, proposed=True, rank=i + 1, awarded=True)
    client = world.client("parent_x")
    client.get("/selections/honours/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/selections/honours/").status_code == 200
        assert client.get("/elders/honours/").status_code == 200
    return len(ctx.captured_queries)


def test_the_honour_walls_query_count_does_not_grow_with_the_winners(world):
    assert _wall_queries(world, 2) == _wall_queries(world, 12)
