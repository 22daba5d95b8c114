"""Home visits, follow-up items and forums (FAM-2, STU-5): what the services accept, what they refuse (with a clear
message, writing nothing), and who hears of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import override

from xinhuo.care.models import FollowUp, FollowUpStatus, Forum, HomeVisit, VisitWay
from xinhuo.care.visits import services
from xinhuo.core.models import Notification

TODAY = timezone.localdate


def counts() -> tuple[int, int, int, int]:
    return HomeVisit.objects.count(), FollowUp.objects.count(), Forum.objects.count(), Notification.objects.count()


def record(world, persona="head_teacher_a", student=None, **kw):
    kw.setdefault("visited_on", TODAY() - dt.timedelta(days=1))
    kw.setdefault("way", VisitWay.HOME)
    kw.setdefault("visitor_kinds", ["head_teacher"])
    kw.setdefault("visitors", "陈老师")
    return services.home_visit_record(actor=world.actor(persona), student=student or world.student_x, **kw)


def refused(fn, *args, **kwargs) -> ValidationError:
    with override("zh-hans"), pytest.raises(ValidationError) as exc:
        fn(*args, **kwargs)
    return exc.value


# --- recording a visit -----------------------------------------------------------------------------------------


def test_a_visit_with_follow_ups_is_recorded_and_the_owner_told(world):
    counsellor = world.users["counsellor"]
    visit = record(world, way=VisitWay.VIDEO, visitor_kinds=["head_teacher", "elder"], visitors="陈老师、周老",
                   notes="父母在外务工，由祖母照看", findings="作业无人辅导",
                   follow_ups=[{"text": "联系学业辅导站", "owner": counsellor,
                                "due_on": TODAY() + dt.timedelta(days=7)},
                               {"text": "  ", "owner": None, "due_on": None},
                               {"text": "两周后电话回访", "owner": None, "due_on": None}])
    visit.refresh_from_db()
    assert (visit.way, visit.visitor_kinds) == ("video", ["head_teacher", "elder"])
    assert visit.notes == "父母在外务工，由祖母照看"
    assert visit.recorded_by == world.users["head_teacher_a"] and visit.school == world.school
    items = list(FollowUp.objects.filter(home_visit=visit).order_by("pk"))
    assert [i.text for i in items] == ["联系学业辅导站", "两周后电话回访"]  # the empty one is skipped
    assert all(i.student_id == world.student_x.pk and i.status == FollowUpStatus.OPEN for i in items)
    assert items[0].owner == counsellor and items[0].created_by == world.users["head_teacher_a"]
    [notice] = Notification.objects.filter(recipient=counsellor)
    # the item's text is encrypted at rest: the notice names the visit and links to the item, it does not quote it
    assert "联系学业辅导站" not in notice.title + notice.body and world.student_x.name in notice.body
    assert notice.link.startswith("/care/follow-ups/")


def test_the_committee_records_for_any_student_of_the_school(world):
    for persona in ("director", "leader", "counsellor"):
        assert record(world, persona, student=world.student_z).student == world.student_z


def test_a_visit_dated_in_the_future_is_refused_and_nothing_written(world):
    before = counts()
    exc = refused(record, world, visited_on=TODAY() + dt.timedelta(days=1),
                  follow_ups=[{"text": "回访", "owner": world.users["counsellor"], "due_on": None}])
    assert exc.message_dict["visited_on"] == ["日期不能晚于今天。"]
    assert counts() == before


@pytest.mark.parametrize("persona", ["head_teacher_b", "finance", "elder", "parent_x", "admin", "outsider"])
def test_others_may_not_record_for_student_x(world, persona):
    before = counts()
    with pytest.raises(Http404):
        record(world, persona)
    assert counts() == before


def test_another_schools_student_is_refused(world):
    before = counts()
    with pytest.raises(Http404):
        record(world, "director", student=world.other_student)
    assert counts() == before


def test_a_student_who_left_is_refused(world):
    world.student_x.status = world.student_x.Status.TRANSFERRED
    world.student_x.save(update_fields=["status"])
    with pytest.raises(Http404):
        record(world)


def test_who_visited_is_required(world):
    before = counts()
    exc = refused(record, world, visitor_kinds=[], visitors="")
    assert set(exc.message_dict) == {"visitor_kinds", "visitors"}
    assert "至少" in exc.message_dict["visitor_kinds"][0]
    exc = refused(record, world, visitor_kinds=["neighbour"], way="letter")
    assert set(exc.message_dict) == {"visitor_kinds", "way"}
    assert counts() == before


def test_follow_up_items_are_checked(world):
    before = counts()
    exc = refused(record, world, follow_ups=[{"text": "长" * 301, "owner": None, "due_on": None}])
    assert "300" in exc.message_dict["follow_up_1"][0]
    exc = refused(record, world, follow_ups=[{"text": "回访", "owner": world.users["parent_x"], "due_on": None}])
    assert "follow_up_1" in exc.message_dict  # a parent cannot own a follow-up item
    exc = refused(record, world, follow_ups=[{"text": "回访", "owner": None,
                                              "due_on": TODAY() - dt.timedelta(days=5)}])
    assert "follow_up_1" in exc.message_dict  # due before the visit
    exc = refused(record, world, follow_ups=[{"text": f"事项{i}", "owner": None, "due_on": None} for i in range(4)])
    assert "follow_ups" in exc.message_dict
    exc = refused(record, world, notes="长" * 4001)
    assert "notes" in exc.message_dict
    assert counts() == before


# --- follow-up items -------------------------------------------------------------------------------------------


@pytest.fixture
def item(world):
    visit = record(world, follow_ups=[{"text": "申请助学金", "owner": world.users["counsellor"], "due_on": None}])
    return FollowUp.objects.get(home_visit=visit)


def test_closing_needs_an_outcome_and_tells_the_creator(world, item):
    counsellor = world.actor("counsellor")
    exc = refused(services.follow_up_close, actor=counsellor, item=item, outcome="   ")
    assert "outcome" in exc.message_dict
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN
    services.follow_up_close(actor=counsellor, item=item, outcome="已获批助学金")
    item.refresh_from_db()
    assert (item.status, item.outcome, item.closed_by) == ("closed", "已获批助学金", world.users["counsellor"])
    assert item.closed_at is not None
    [notice] = Notification.objects.filter(recipient=world.users["head_teacher_a"])
    assert notice.title == "跟进事项已办结" and world.student_x.name in notice.body
    assert "申请助学金" not in notice.title + notice.body and "已获批助学金" not in notice.body  # encrypted texts
    exc = refused(services.follow_up_close, actor=counsellor, item=item, outcome="再关一次")
    assert "outcome" in exc.message_dict


def test_closing_your_own_item_tells_nobody(world, item):
    services.follow_up_close(actor=world.actor("head_teacher_a"), item=item, outcome="已办")
    assert not Notification.objects.filter(recipient=world.users["head_teacher_a"]).exists()


@pytest.mark.parametrize("persona", ["head_teacher_b", "finance", "parent_x", "outsider"])
def test_only_those_the_rule_allows_may_close(world, item, persona):
    with pytest.raises(Http404):
        services.follow_up_close(actor=world.actor(persona), item=item, outcome="已办")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN


def test_an_owner_outside_the_care_staff_may_close_their_item(world):
    visit = record(world, follow_ups=[{"text": "核对补助发放", "owner": world.users["finance"], "due_on": None}])
    item = FollowUp.objects.get(home_visit=visit)
    services.follow_up_close(actor=world.actor("finance"), item=item, outcome="已发放")
    assert FollowUp.objects.get(pk=item.pk).status == "closed"


def test_follow_up_add_on_a_visit(world, item):
    visit = item.home_visit
    added = services.follow_up_add(actor=world.actor("leader"), source=visit, text="联系社区",
                                   owner=world.users["head_teacher_a"], due_on=TODAY())
    assert (added.home_visit, added.student, added.forum) == (visit, world.student_x, None)
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"], title="您有一项跟进事项").exists()
    before = counts()
    exc = refused(services.follow_up_add, actor=world.actor("leader"), source=visit, text="")
    assert "text" in exc.message_dict
    with pytest.raises(Http404):
        services.follow_up_add(actor=world.actor("head_teacher_b"), source=visit, text="联系社区")
    assert counts() == before


# --- forums ----------------------------------------------------------------------------------------------------


def forum_kwargs(world, **kw):
    return {"held_on": TODAY(), "title": "食堂座谈会", "place": "会议室", "participants": [world.student_x,
                                                                                        world.student_z],
            "other_participants": "周老", "minutes": "菜品单一，希望增加水果"} | kw


def test_forum_create_update_and_its_follow_ups(world):
    leader = world.actor("leader")
    forum = services.forum_create(actor=leader, **forum_kwargs(world))
    assert set(forum.participants.all()) == {world.student_x, world.student_z}
    assert forum.recorded_by == world.users["leader"]
    forum = services.forum_update(actor=world.actor("director"), forum=forum,
                                  **forum_kwargs(world, title="食堂与作息座谈会", participants=[world.student_y]))
    forum.refresh_from_db()
    assert forum.title == "食堂与作息座谈会" and list(forum.participants.all()) == [world.student_y]
    added = services.follow_up_add(actor=leader, source=forum, text="与食堂商议菜单", owner=world.users["director"])
    assert (added.forum, added.home_visit, added.student) == (forum, None, None)
    # a forum's item: closed by a forum manager, not by a head teacher who only sees it
    with pytest.raises(Http404):
        services.follow_up_close(actor=world.actor("head_teacher_a"), item=added, outcome="已商议")
    services.follow_up_close(actor=world.actor("director"), item=added, outcome="已商议")


def test_forum_refusals_write_nothing(world):
    leader = world.actor("leader")
    before = counts()
    exc = refused(services.forum_create, actor=leader, **forum_kwargs(world, held_on=TODAY() + dt.timedelta(days=2)))
    assert "held_on" in exc.message_dict
    exc = refused(services.forum_create, actor=leader, **forum_kwargs(world, title=" "))
    assert "title" in exc.message_dict
    exc = refused(services.forum_create, actor=leader,
                  **forum_kwargs(world, participants=[world.student_x, world.other_student]))
    assert "participants" in exc.message_dict
    for persona in ("counsellor", "head_teacher_a", "finance", "parent_x"):
        with pytest.raises(Http404):
            services.forum_create(actor=world.actor(persona), **forum_kwargs(world))
    assert counts() == before


def test_another_schools_forum_cannot_be_changed(world):
    theirs = services.forum_create(actor=world.actor("outsider"), **forum_kwargs(
        world, participants=[world.other_student]))
    with pytest.raises(Http404):
        services.forum_update(actor=world.actor("director"), forum=theirs, **forum_kwargs(world))
    with pytest.raises(Http404):
        services.follow_up_add(actor=world.actor("director"), source=theirs, text="越权")
    theirs.refresh_from_db()
    assert theirs.title == "食堂座谈会" and not theirs.follow_ups.exists()
