"""The visits part's pages: the plan a head teacher opens on a phone, recording a visit, the notes' access log,
the visit history, follow-up items and forums; list pages keep their query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_student
from xinhuo.care.groups import services
from xinhuo.care.models import FollowUp, Forum, HomeVisit, SpecialGroup, StudentTag, TagSource
from xinhuo.core.models import AccessLog, Notification
from xinhuo.core.tests.helpers import days

TODAY = timezone.localdate


def tag(world, student, code="left_behind"):
    services.special_groups_for(world.school)
    return StudentTag.objects.create(school=world.school, student=student, source=TagSource.HEAD_TEACHER,
                                     group=SpecialGroup.objects.get(school=world.school, code=code),
                                     identified_on=days(-30), review_on=days(60))


def visit(world, student=None, on=-10, notes="祖母照看，家中困难", **kw):
    student = student or world.student_x
    return HomeVisit.objects.create(school=student.school, student=student, visited_on=days(on), way="home",
                                    visitor_kinds=["head_teacher"], visitors="陈老师", notes=notes,
                                    recorded_by=world.users["head_teacher_a"], **kw)


def follow_up(world, v, text="申请助学金", **kw):
    kw.setdefault("created_by", world.users["head_teacher_a"])
    return FollowUp.objects.create(school=v.school, home_visit=v, student=v.student, text=text, **kw)


def post_visit(client, student, **data):
    form = {"visited_on": TODAY().isoformat(), "way": "phone", "visitor_kinds": ["head_teacher"],
            "visitors": "陈老师", "findings": "", "notes": "", "follow_up_1": "", "follow_up_2": "",
            "follow_up_3": ""} | data
    return client.post(reverse("care:visit-new") + f"?student={student.pk}", form)


# --- the plan ------------------------------------------------------------------------------------------------


def test_head_teacher_sees_their_class_overdue_first(world):
    tag(world, world.student_y)  # never visited, in a group: overdue
    visit(world, world.student_x, on=-3)
    visit(world, world.student_z, on=-200)  # class B: not on this page
    r = world.client("head_teacher_a").get(reverse("care:visits"))
    assert r.status_code == 200
    body = r.content.decode()
    assert body.index("李小红") < body.index("张小明")
    assert "王小刚" not in body
    assert f'href="{reverse("care:visit-new")}?student={world.student_y.pk}"' in body
    assert "留守儿童" in body and "plan-compact" in body  # one compact row per student on a phone
    log = AccessLog.objects.get(user=world.users["head_teacher_a"], object_type="home_visit_plan")
    assert log.action == "list" and log.detail["tagged"] == 1


def test_committee_filters_by_class_and_status(world):
    visit(world, world.student_x, on=-200)  # overdue
    visit(world, world.student_y, on=-2)  # fine
    c = world.client("director")
    body = c.get(reverse("care:visits"), {"class_id": world.class_a.pk, "status": "overdue"}).content.decode()
    assert "张小明" in body and "李小红" not in body and "王小刚" not in body
    body = c.get(reverse("care:visits"), {"status": "due"}).content.decode()  # never visited, untagged: due
    assert "王小刚" in body and "张小明" not in body


# --- recording a visit ---------------------------------------------------------------------------------------


def test_the_visit_form_defaults_to_today_and_refuses_the_future(world):
    c = world.client("head_teacher_a")
    r = c.get(reverse("care:visit-new"), {"student": world.student_x.pk})
    body = r.content.decode()
    assert r.status_code == 200 and "张小明" in body
    assert f'value="{TODAY().isoformat()}"' in body and f'max="{TODAY().isoformat()}"' in body
    r = post_visit(c, world.student_x, visited_on=days(1).isoformat(), follow_up_1="回访")
    assert r.status_code == 400 and "日期不能晚于今天。" in r.content.decode()
    assert not HomeVisit.objects.exists() and not FollowUp.objects.exists()


def test_recording_a_visit_with_follow_ups(world):
    c = world.client("head_teacher_a")
    r = post_visit(c, world.student_x, way="video", notes="父母在外", findings="需要学业帮助",
                   follow_up_1="联系学业辅导站", owner_1=world.users["counsellor"].pk, due_on_1=days(7).isoformat(),
                   follow_up_2="电话回访")
    v = HomeVisit.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("care:visit-detail", args=[v.pk])
    assert (v.way, v.notes, v.findings) == ("video", "父母在外", "需要学业帮助")
    assert sorted(FollowUp.objects.values_list("text", flat=True)) == ["电话回访", "联系学业辅导站"]
    assert Notification.objects.filter(recipient=world.users["counsellor"]).count() == 1


def test_no_visitor_kind_is_refused_in_chinese(world):
    r = post_visit(world.client("head_teacher_a"), world.student_x, visitor_kinds=[])
    assert r.status_code == 400 and "至少选择一类家访人员" in r.content.decode()
    assert not HomeVisit.objects.exists()


def test_other_class_and_other_school_students_are_404(world):
    assert world.client("head_teacher_b").get(reverse("care:visit-new"),
                                              {"student": world.student_x.pk}).status_code == 404
    assert post_visit(world.client("head_teacher_b"), world.student_x).status_code == 404
    assert post_visit(world.client("director"), world.other_student).status_code == 404
    assert not HomeVisit.objects.exists()


# --- the notes and the history -------------------------------------------------------------------------------


def test_every_showing_of_the_notes_is_logged(world):
    v = visit(world)
    c = world.client("counsellor")
    for _ in range(2):
        r = c.get(reverse("care:visit-detail", args=[v.pk]))
        assert r.status_code == 200 and "祖母照看，家中困难" in r.content.decode()
    rows = AccessLog.objects.filter(user=world.users["counsellor"], object_type="home_visit", object_id=str(v.pk),
                                    action="view", field="notes")
    assert rows.count() == 2
    assert world.client("head_teacher_b").get(reverse("care:visit-detail", args=[v.pk])).status_code == 404
    assert not AccessLog.objects.filter(user=world.users["head_teacher_b"], field="notes").exists()


def test_history_lists_visits_in_scope_without_notes(world):
    visit(world, world.student_x)
    visit(world, world.student_z, notes="外校看不到")
    body = world.client("head_teacher_a").get(reverse("care:visit-history")).content.decode()
    assert "张小明" in body and "王小刚" not in body and "祖母照看" not in body
    body = world.client("director").get(reverse("care:visit-history"),
                                        {"student": world.student_z.pk}).content.decode()
    assert "王小刚" in body and "张小明" not in body and "外校看不到" not in body
    assert world.client("head_teacher_a").get(reverse("care:visit-history"),
                                              {"student": world.student_z.pk}).status_code == 404


# --- follow-up items -----------------------------------------------------------------------------------------


def test_follow_up_list_filters(world):
    v = visit(world)
    mine = follow_up(world, v, "我的事项", owner=world.users["head_teacher_a"], due_on=days(-1))
    other = follow_up(world, v, "别人的事项", owner=world.users["counsellor"], due_on=days(5))
    closed = follow_up(world, v, "已办事项", status="closed", outcome="已办")
    forum = Forum.objects.create(school=world.school, held_on=days(-1), title="座谈会")
    forum_item = FollowUp.objects.create(school=world.school, forum=forum, text="座谈会事项")
    c = world.client("head_teacher_a")

    def shown(**params) -> list[str]:
        body = c.get(reverse("care:follow-ups"), params).content.decode()
        return [t for t in ("我的事项", "别人的事项", "已办事项", "座谈会事项") if t in body]

    all_items = shown()
    assert all_items == ["我的事项", "别人的事项", "已办事项", "座谈会事项"]
    body = c.get(reverse("care:follow-ups")).content.decode()
    assert body.index("座谈会事项") < body.index("已办事项")  # open first
    assert shown(mine="on") == ["我的事项"]
    assert shown(overdue="on") == ["我的事项"]
    assert shown(source="forum") == ["座谈会事项"]
    assert shown(status="closed") == ["已办事项"]
    # a head teacher of another class sees only forums' items (they see forums), not class A's visits
    body = world.client("head_teacher_b").get(reverse("care:follow-ups")).content.decode()
    assert "座谈会事项" in body and "我的事项" not in body
    assert {mine.pk, other.pk, closed.pk, forum_item.pk}


def test_closing_from_the_list_needs_a_result(world):
    v = visit(world)
    item = follow_up(world, v, owner=world.users["counsellor"])
    c = world.client("counsellor")
    r = c.post(reverse("care:follow-up-close", args=[item.pk]), {"outcome": "", "next": "/care/follow-ups/"})
    assert r.status_code == 400 and "关闭事项需要写明结果" in r.content.decode()
    item.refresh_from_db()
    assert item.status == "open"
    r = c.post(reverse("care:follow-up-close", args=[item.pk]),
               {"outcome": "已获批", "next": reverse("care:visit-detail", args=[v.pk])})
    assert r.status_code == 302 and r["Location"] == reverse("care:visit-detail", args=[v.pk])
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("closed", "已获批")
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"], title="跟进事项已办结").exists()
    # an outside "next" is not followed
    other = follow_up(world, v, "另一项")
    r = c.post(reverse("care:follow-up-close", args=[other.pk]), {"outcome": "好", "next": "https://evil.example/"})
    assert r["Location"] == reverse("care:follow-ups")


def test_an_owner_outside_the_care_staff_sees_and_closes_their_item_not_the_visit(world):
    v = visit(world)
    item = follow_up(world, v, "核对补助发放", owner=world.users["finance"])
    follow_up(world, v, "别人的事项", owner=world.users["counsellor"])
    c = world.client("finance")
    body = c.get(reverse("care:follow-ups")).content.decode()
    assert "核对补助发放" in body and "别人的事项" not in body
    assert reverse("care:visit-detail", args=[v.pk]) not in body  # the visit's page would be 404 for them
    assert "祖母照看" not in body
    r = c.post(reverse("care:follow-up-close", args=[item.pk]), {"outcome": "已发放"})
    assert r.status_code == 302 and FollowUp.objects.get(pk=item.pk).status == "closed"
    assert reverse("care:visit-detail", args=[v.pk]) in world.client("head_teacher_a").get(
        reverse("care:follow-ups")).content.decode()


def test_adding_a_follow_up_on_the_visit_page(world):
    v = visit(world)
    c = world.client("head_teacher_a")
    r = c.post(reverse("care:visit-follow-up-add", args=[v.pk]), {"text": "联系社区", "due_on": days(3).isoformat()})
    assert r.status_code == 302
    assert FollowUp.objects.get(home_visit=v).text == "联系社区"
    r = c.post(reverse("care:visit-follow-up-add", args=[v.pk]), {"text": ""})
    assert r.status_code == 400 and FollowUp.objects.count() == 1


# --- forums --------------------------------------------------------------------------------------------------


def test_forum_pages_create_edit_and_follow_up(world):
    c = world.client("leader")
    assert c.get(reverse("care:forum-new")).status_code == 200
    data = {"held_on": TODAY().isoformat(), "title": "食堂座谈会", "place": "会议室",
            "participants": [world.student_x.pk, world.student_z.pk], "other_participants": "周老",
            "minutes": "菜品单一"}
    r = c.post(reverse("care:forum-new"), data)
    forum = Forum.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("care:forum-detail", args=[forum.pk])
    assert set(forum.participants.all()) == {world.student_x, world.student_z}
    r = c.post(reverse("care:forum-edit", args=[forum.pk]), data | {"title": "食堂与作息座谈会",
                                                                    "participants": [world.student_y.pk]})
    assert r.status_code == 302
    forum.refresh_from_db()
    assert forum.title == "食堂与作息座谈会" and list(forum.participants.all()) == [world.student_y]
    r = c.post(reverse("care:forum-follow-up-add", args=[forum.pk]), {"text": "与食堂商议菜单",
                                                                      "owner": world.users["director"].pk})
    assert r.status_code == 302
    body = world.client("counsellor").get(reverse("care:forum-detail", args=[forum.pk])).content.decode()
    assert "与食堂商议菜单" in body and "李小红" in body and 'action="/care/follow-ups/' not in body
    assert "食堂与作息座谈会" in world.client("head_teacher_b").get(reverse("care:forums")).content.decode()


def test_forum_refusals(world):
    c = world.client("leader")
    data = {"held_on": days(1).isoformat(), "title": "座谈会", "participants": [world.student_x.pk]}
    r = c.post(reverse("care:forum-new"), data)
    assert r.status_code == 400 and "日期不能晚于今天。" in r.content.decode()
    r = c.post(reverse("care:forum-new"), data | {"held_on": TODAY().isoformat(),
                                                  "participants": [world.other_student.pk]})
    assert r.status_code == 400  # another school's student is not a choice
    assert not Forum.objects.exists()
    assert world.client("counsellor").post(reverse("care:forum-new"), data).status_code == 404
    theirs = Forum.objects.create(school=world.other, held_on=TODAY(), title="外校座谈会")
    assert c.get(reverse("care:forum-detail", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("care:forum-edit", args=[theirs.pk]), data).status_code == 404


# --- query counts --------------------------------------------------------------------------------------------


def _grow(world, n: int, tag_: str):
    for i in range(n):
        s = make_student(world.school, world.class_a, f"{tag_}{i:03d}", f"学生{tag_}{i}", "F", seq=200 + i)
        if i % 2:
            tag(world, s)
        v = visit(world, s, on=-(i * 9))
        follow_up(world, v, f"事项{tag_}{i}", owner=world.users["counsellor"], due_on=days(i - 3))
        f = Forum.objects.create(school=world.school, held_on=days(-i), title=f"座谈会{tag_}{i}")
        f.participants.add(s)
        FollowUp.objects.create(school=world.school, forum=f, text=f"座谈{tag_}{i}")


@pytest.mark.parametrize(("persona", "name"), [
    ("head_teacher_a", "care:visits"), ("director", "care:visits"), ("director", "care:visit-history"),
    ("counsellor", "care:follow-ups"), ("leader", "care:forums"),
])
def test_list_pages_keep_their_query_count(world, persona, name):
    c = world.client(persona)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    _grow(world, 2, "甲")
    two = count()
    _grow(world, 8, "乙")
    assert count() == two


def test_forum_participants_are_offered_by_class(world):
    """Thousands of students: the picker groups them under their class, other schools' never listed."""
    page = world.client("director").get(reverse("care:forum-new")).content.decode()
    group_a, group_b = f'<optgroup label="{world.class_a}">', f'<optgroup label="{world.class_b}">'
    assert group_a in page and group_b in page
    a_part = page.split(group_a)[1].split("</optgroup>")[0]
    assert world.student_x.name in a_part and world.student_z.name not in a_part
    assert world.other_student.name not in page
