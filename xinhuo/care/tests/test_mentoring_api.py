"""The mentoring API: mentors for the managers, pairs scoped like the pages (list logged), a pair created with the
same refusals, contacts posted by the mentor, and the ranked suggestions with their reasons."""

from __future__ import annotations

from xinhuo.care.models import MentoringContact, MentoringPair
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import days

from .mentoring_helpers import elder_mentor, pair, volunteer

API = "/api/v1/care"


def test_mentors_are_listed_for_the_managers_with_load_and_masked_phone(world):
    m = volunteer(world)
    pair(world, m, world.student_x)
    rows = world.client("director").get(f"{API}/mentors/").json()["results"]
    assert rows[0]["name"] == "王志愿" and rows[0]["load"] == 1 and rows[0]["phone"] == "136****1111"
    assert world.client("elder").get(f"{API}/mentors/").status_code == 404


def test_pairs_are_scoped_and_logged(world):
    m = elder_mentor(world)
    p = pair(world, m, world.student_x, started=-20, every=14)
    pair(world, volunteer(world), world.student_z)
    mine = world.client("elder").get(f"{API}/pairs/").json()["results"]
    assert [r["id"] for r in mine] == [p.pk]
    assert mine[0]["student_name"] == "张小明" and mine[0]["overdue_days"] == 6 and mine[0]["class_name"] == "初一1班"
    assert len(world.client("director").get(f"{API}/pairs/", {"status": "overdue"}).json()["results"]) == 2
    assert AccessLog.objects.filter(object_type="mentoring_pair", action="list").count() == 2
    assert world.client("head_teacher_b").get(f"{API}/pairs/{p.pk}/").status_code == 404


def test_a_pair_is_created_with_the_same_refusals(world):
    m = elder_mentor(world, max_mentees=1)
    c = world.client("director")
    data = {"student": world.student_x.pk, "mentor": m.pk, "needs": ["academic"], "contact_every_days": 7}
    r = c.post(f"{API}/pairs/", data, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["mentor_name"] == "周老" and r.json()["needs"] == ["academic"]
    r = c.post(f"{API}/pairs/", {**data, "student": world.student_y.pk}, content_type="application/json")
    assert r.status_code == 400 and r.json()["mentor"] == ["周老 已结对 1 名学生，达到上限。"]
    r = c.post(f"{API}/pairs/", {**data, "student": world.other_student.pk}, content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    assert MentoringPair.objects.count() == 1
    assert world.client("head_teacher_a").post(f"{API}/pairs/", data, content_type="application/json"
                                               ).status_code == 404


def test_the_mentor_posts_a_contact(world):
    p = pair(world, elder_mentor(world), world.student_x, started=-10)
    c = world.client("elder")
    r = c.post(f"{API}/pairs/{p.pk}/contacts/", {"way": "phone", "topic": "谈心"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["contacted_on"] == days(0).isoformat()
    r = c.post(f"{API}/pairs/{p.pk}/contacts/", {"way": "phone", "topic": "x", "contacted_on": days(1).isoformat()},
               content_type="application/json")
    assert r.status_code == 400 and r.json()["contacted_on"] == ["日期不能晚于今天。"]
    assert world.client("head_teacher_a").post(f"{API}/pairs/{p.pk}/contacts/", {"way": "phone", "topic": "x"},
                                               content_type="application/json").status_code == 404
    assert MentoringContact.objects.count() == 1


def test_match_returns_the_ranking_with_reasons(world):
    elder_mentor(world, specialties=["tutoring"])
    volunteer(world, "满志愿", specialties=["tutoring"], max_mentees=1)
    pair(world, volunteer(world, "满志愿2", specialties=["tutoring"], max_mentees=1), world.student_y)
    c = world.client("counsellor")
    rows = c.get(f"{API}/match/", {"student": world.student_x.pk, "needs": "academic"}).json()
    assert [r["name"] for r in rows] == ["周老", "满志愿", "满志愿2"]
    assert rows[0]["reasons"][0] == "适合“学业”：学业辅导" and rows[-1]["at_capacity"] is True
    bad = c.get(f"{API}/match/", {"student": world.student_x.pk, "needs": "juggling"})
    assert bad.status_code == 400 and "juggling" in bad.content.decode()
    assert c.get(f"{API}/match/", {"student": world.other_student.pk, "needs": "academic"}).status_code == 404
