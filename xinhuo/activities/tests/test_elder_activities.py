"""What an elder finds in the activity list (issue 20): the activities open to elders, those they are involved in or
speak at, and those their roles held and specialties call for (a 党史宣讲员 sees the red-story events) — published
ones only, each once; the list page and the rule agree with the selector."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.activities import selectors
from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.rules import can
from xinhuo.activities.tests import helpers as h
from xinhuo.elders.models import Assignment, Elder, ElderRole

S = ActivityStatus
PUB = {"status": S.APPROVED, "starts_at": h.at(5), "ends_at": h.at(5, 11), "classes": []}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _events(w) -> dict:
    return {
        "story": h.make(w, "红色故事宣讲进班级", kind="story_contest", classes=[w.class_a],
                        **{k: v for k, v in PUB.items() if k != "classes"}),
        "trip": h.make(w, "追寻红色足迹研学", kind="study_trip", **PUB),
        "lecture": h.make(w, "法治教育讲座", kind="lecture", **PUB),
        "speaks": h.make(w, "国旗下讲话", kind="flag_ceremony", speaker="周老", **PUB),
        "drill": h.make(w, "消防演练", kind="drill", **PUB),
        "story_applied": h.make(w, "红色故事会申请", kind="story_contest", **{**PUB, "status": S.APPLIED}),
    }


def _seen(w, who="elder") -> set[str]:
    names = {a.pk: n for n, a in _events(w).items()}
    actor = w.actor(who)
    listed = {names[pk] for pk in selectors.activities(actor).values_list("pk", flat=True) if pk in names}
    allowed = {n for n, a in _events(w).items() if can(actor, "view_activity", a)}
    assert listed == allowed, (listed, allowed)
    return listed


def test_a_history_speaker_sees_the_red_story_events(world):
    """Before: the elder saw only activities open to all elders or naming them; the story contests and study trips
    of the classes stayed hidden from the 党史宣讲员 who is to tell them."""
    _events(world)
    assert _seen(world) == {"speaks"}  # no role held, no specialty: only where they are the speaker
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER,
                              need="红色记忆讲堂")
    assert _seen(world) == {"speaks", "story", "trip"}  # published only: the application stays the organiser's


def test_specialties_call_for_kinds_and_an_ended_role_no_longer_does(world):
    _events(world)
    Elder.objects.filter(pk=world.elder.pk).update(specialties=",law,")
    assert _seen(world) == {"speaks", "lecture"}
    Elder.objects.filter(pk=world.elder.pk).update(specialties="")
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER,
                              need="红色记忆讲堂", status=Assignment.Status.ENDED)
    assert _seen(world) == {"speaks"}


def test_other_roles_see_no_more_than_before(world):
    """The elder's calling widens only the elder's list: a parent and a student see what they saw."""
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER, need="宣讲")
    made = _events(world)
    assert made["story"] in selectors.activities(world.actor("student_x"))  # their class's contest
    for who in ("parent_x", "student_y"):
        visible = set(selectors.activities(world.actor(who)).values_list("pk", flat=True))
        assert not visible & {made["trip"].pk, made["lecture"].pk, made["speaks"].pk, made["drill"].pk}, who


def test_an_activity_that_matches_every_way_is_listed_once(world, client):
    """Open to elders, naming the elder, with the elder as speaker and of their role's kind: one row, not four."""
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER, need="宣讲")
    a = h.make(world, "敬老院慰问演出", kind="story_contest", audience_elders=True, speaker="周老", **PUB)
    a.elders.set([world.elder])
    assert [x.pk for x in selectors.activity_list(world.actor("elder"), when="upcoming")].count(a.pk) == 1
    client.force_login(world.users["elder"])
    html = client.get(reverse("activities:list")).content.decode()
    assert html.count(f'data-activity="{a.pk}"') == 1


def test_the_elders_list_reads_a_constant_number_of_queries(world, client):
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER, need="宣讲")
    client.force_login(world.users["elder"])
    url = reverse("activities:list")
    h.make(world, "红色故事一", kind="story_contest", **PUB)
    few = count_queries(client, url)
    for n in range(6):
        a = h.make(world, f"红色故事{n + 2}", kind="story_contest", audience_elders=True, **PUB)
        a.elders.set([world.elder])
    assert count_queries(client, url) == few
