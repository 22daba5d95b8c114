"""The visits part over the API: home visits (the list never has the notes, each reading of one is logged),
recording one, the plan, follow-up items and forums; same rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.care.models import FollowUp, Forum, HomeVisit
from xinhuo.core.models import AccessLog, Notification

TODAY = timezone.localdate
API = "/api/v1/care"


def visit(world, student=None, notes="祖母照看"):
    student = student or world.student_x
    return HomeVisit.objects.create(school=student.school, student=student, visited_on=TODAY() - dt.timedelta(days=2),
                                    way="phone", visitor_kinds=["head_teacher"], visitors="陈老师", notes=notes,
                                    recorded_by=world.users["head_teacher_a"])


def test_the_list_has_no_notes_and_reading_one_is_logged(world):
    v = visit(world)
    visit(world, world.student_z)
    c = world.client("head_teacher_a")
    r = c.get(f"{API}/home-visits/")
    assert r.status_code == 200
    [row] = r.json()["results"]
    assert row["id"] == v.pk and "notes" not in row and row["student_name"] == "张小明"
    assert "祖母照看" not in r.content.decode()
    for _ in range(2):
        r = c.get(f"{API}/home-visits/{v.pk}/")
        assert r.status_code == 200 and r.json()["notes"] == "祖母照看"
    assert AccessLog.objects.filter(user=world.users["head_teacher_a"], object_type="home_visit",
                                    object_id=str(v.pk), action="view", field="notes").count() == 2
    assert world.client("head_teacher_b").get(f"{API}/home-visits/{v.pk}/").status_code == 404


def test_recording_a_visit(world):
    c = world.client("head_teacher_a")
    body = {"student": world.student_x.pk, "visited_on": TODAY().isoformat(), "way": "video",
            "visitor_kinds": ["head_teacher", "elder"], "visitors": "陈老师、周老", "notes": "父母在外",
            "follow_ups": [{"text": "联系辅导站", "owner": world.users["counsellor"].pk},
                           {"text": ""}]}
    r = c.post(f"{API}/home-visits/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["notes"] == "父母在外" and [f["text"] for f in data["follow_ups"]] == ["联系辅导站"]
    assert Notification.objects.filter(recipient=world.users["counsellor"]).count() == 1


def test_refusals_write_nothing(world):
    c = world.client("head_teacher_a")
    base = {"student": world.student_x.pk, "visited_on": TODAY().isoformat(), "way": "home",
            "visitor_kinds": ["head_teacher"], "visitors": "陈老师"}
    r = c.post(f"{API}/home-visits/", base | {"visited_on": (TODAY() + dt.timedelta(days=1)).isoformat()},
               content_type="application/json")
    assert r.status_code == 400 and r.json()["visited_on"] == ["日期不能晚于今天。"]
    r = c.post(f"{API}/home-visits/", base | {"student": world.student_z.pk}, content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    r = world.client("director").post(f"{API}/home-visits/", base | {"student": world.other_student.pk},
                                      content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    r = c.post(f"{API}/home-visits/", base | {"visitor_kinds": []}, content_type="application/json")
    assert r.status_code == 400 and "visitor_kinds" in r.json()
    r = c.post(f"{API}/home-visits/", base | {"follow_ups": [{"text": "回访", "owner": world.users["parent_x"].pk}]},
               content_type="application/json")
    assert r.status_code == 400
    assert not HomeVisit.objects.exists() and not FollowUp.objects.exists()


def test_the_plan(world):
    visit(world)
    r = world.client("head_teacher_a").get(f"{API}/visit-plan/")
    assert r.status_code == 200
    assert r.json()["count"] == 2
    rows = r.json()["results"]
    assert [row["student_name"] for row in rows] == ["李小红", "张小明"]  # never visited (due) before fine
    assert rows[1]["last_visit"] == (TODAY() - dt.timedelta(days=2)).isoformat() and rows[1]["status"] == "fine"
    r = world.client("director").get(f"{API}/visit-plan/", {"status": "due", "class_id": world.class_b.pk})
    assert [row["student_name"] for row in r.json()["results"]] == ["王小刚"]
    assert AccessLog.objects.filter(object_type="home_visit_plan", detail__api=True).count() == 2


def test_follow_ups_list_and_close(world):
    v = visit(world)
    item = FollowUp.objects.create(school=world.school, home_visit=v, student=world.student_x, text="申请助学金",
                                   owner=world.users["finance"], created_by=world.users["head_teacher_a"])
    c = world.client("finance")
    [row] = c.get(f"{API}/follow-ups/").json()["results"]
    assert row["id"] == item.pk and row["source_kind"] == "home_visit"
    r = c.post(f"{API}/follow-ups/{item.pk}/close/", {"outcome": ""}, content_type="application/json")
    assert r.status_code == 400 and "outcome" in r.json()
    r = c.post(f"{API}/follow-ups/{item.pk}/close/", {"outcome": "已发放"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).exists()
    assert world.client("head_teacher_b").post(f"{API}/follow-ups/{item.pk}/close/", {"outcome": "x"},
                                               content_type="application/json").status_code == 404


def test_forums_read_only(world):
    f = Forum.objects.create(school=world.school, held_on=TODAY(), title="食堂座谈会", minutes="菜品单一")
    f.participants.add(world.student_x)
    FollowUp.objects.create(school=world.school, forum=f, text="商议菜单")
    c = world.client("counsellor")
    [row] = c.get(f"{API}/forums/").json()["results"]
    assert (row["student_count"], row["open_follow_ups"]) == (1, 1)
    data = c.get(f"{API}/forums/{f.pk}/").json()
    assert data["participants"][0]["name"] == "张小明" and data["follow_ups"][0]["text"] == "商议菜单"
    assert c.post(f"{API}/forums/", {"title": "x"}, content_type="application/json").status_code == 405


def test_api_lists_keep_their_query_count(world):
    c = world.client("director")

    def count(url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        for _ in range(n):
            for s in (world.student_x, world.student_y, world.student_z):
                v = visit(world, s)
                FollowUp.objects.create(school=world.school, home_visit=v, student=s, text="回访")
            f = Forum.objects.create(school=world.school, held_on=TODAY(), title="座谈会")
            f.participants.add(world.student_x)

    urls = [f"{API}/home-visits/", f"{API}/follow-ups/", f"{API}/forums/", f"{API}/visit-plan/"]
    grow(1)
    before = [count(u) for u in urls]
    grow(5)
    assert [count(u) for u in urls] == before
