"""Who sees which activity (ACT-1, ACT-4): selectors.activities and the rule view_activity agree for every persona,
and the list, the calendar and the API list read a constant number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS
from xinhuo.activities import selectors
from xinhuo.activities.models import Activity, ActivityStatus, SignUp
from xinhuo.activities.rules import can
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import z_account

S = ActivityStatus
PUBLISHED = {"class_a", "parents", "elders", "with_elder", "class_b", "signed"}
EXPECTED = {
    "admin": PUBLISHED,
    "director": PUBLISHED | {"applied", "leader_applied"},
    "leader": PUBLISHED | {"applied", "leader_applied"},
    "head_teacher_a": PUBLISHED | {"applied"},  # and their own application
    "head_teacher_b": PUBLISHED,
    "counsellor": PUBLISHED,
    "finance": PUBLISHED,
    "elder": {"elders", "with_elder"},
    "parent_x": {"class_a", "parents", "signed"},  # the child's class, parents, what the child signed up for
    "student_x": {"class_a", "signed"},
    "student_y": {"class_a"},
    "student_z": {"class_b", "signed"},
    "outsider": set(),
}


def activities(world) -> dict[str, Activity]:
    pub = {"status": S.APPROVED}
    made = {
        "applied": h.applied(world),  # head_teacher_a's application, open to class 1 once approved
        "leader_applied": h.make(world, "五老宣讲申请", status=S.APPLIED, organiser="leader", audience_elders=True),
        "class_a": h.make(world, "一班主题班会", **pub),
        "parents": h.make(world, "家长开放日", classes=[], audience_parents=True, **pub),
        "elders": h.make(world, "五老座谈", classes=[], audience_elders=True, **pub),
        "with_elder": h.make(world, "老党员讲党史", classes=[], organiser="leader", **pub),
        "class_b": h.make(world, "二班劳动实践", classes=[world.class_b], organiser="head_teacher_b", **pub),
        "signed": h.make(world, "二班研学", classes=[world.class_b], organiser="head_teacher_b", **pub),
    }
    made["with_elder"].elders.set([world.elder])
    SignUp.objects.create(activity=made["signed"], student=world.student_x, kind="student", name="张小明",
                          status="waiting")
    return made


def test_selectors_and_rules_agree_for_every_persona(world):
    z_account(world)
    made = activities(world)
    names = {a.pk: name for name, a in made.items()}
    for persona in [*PERSONAS, "student_z"]:
        who = world.actor(persona)
        listed = {names[pk] for pk in selectors.activities(who).values_list("pk", flat=True)}
        allowed = {name for name, a in made.items() if can(who, "view_activity", a)}
        assert listed == allowed == EXPECTED[persona], persona
        # the list (with its annotations) holds the same rows as the scope
        assert {names[a.pk] for a in selectors.activity_list(who)} == listed, persona


def test_a_cancelled_sign_up_still_shows_what_was_signed_up_for(world):
    """The student keeps seeing an activity they signed up for, even once they cancelled (their history)."""
    made = activities(world)
    SignUp.objects.filter(activity=made["signed"]).update(status="cancelled")
    who = world.actor("student_x")
    assert made["signed"] in selectors.activities(who) and can(who, "view_activity", made["signed"])
    # but the list no longer marks it as signed
    assert not selectors.activity_list(who).get(pk=made["signed"].pk).signed_by_me


def test_class_b_students_do_not_see_class_a_activities_and_pages_say_404(world):
    z_account(world)
    made = activities(world)
    for persona, pk, code in (("student_z", made["class_a"].pk, 404), ("student_y", made["class_b"].pk, 404),
                              ("student_x", made["class_a"].pk, 200), ("outsider", made["class_a"].pk, 404),
                              ("head_teacher_b", made["applied"].pk, 404)):
        assert world.client(persona).get(reverse("activities:detail", args=[pk])).status_code == code, persona
        assert world.client(persona).get(f"/api/v1/activities/{pk}/").status_code == code, persona
    listed = world.client("student_z").get("/api/v1/activities/").json()
    titles = {row["title"] for row in listed.get("results", listed)}
    assert titles == {"二班劳动实践", "二班研学"}


# --- a constant number of queries ---------------------------------------------------------------------------------


def fill(world, n: int) -> None:
    """n activities in the current month: published and open to class 1, some applied, some signed up for."""
    for i in range(Activity.objects.count(), n):
        a = h.make(world, f"活动{i:02d}", status=S.APPLIED if i % 3 == 0 else S.APPROVED, signup_open=True,
                   audience_parents=i % 2 == 0, organiser="head_teacher_a" if i % 2 else "leader")
        a.elders.set([world.elder])
        if i % 4 == 1:
            SignUp.objects.create(activity=a, student=world.student_x, kind="student", name="张小明")


def queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params or {})
    assert r.status_code == 200, r.content[:300]
    return len(ctx.captured_queries)


def month() -> str:
    return timezone.localdate().strftime("%Y-%m")


PAGES = [
    ("activities:list", {}),
    ("activities:list", {"kind": "volunteer", "status": "approved"}),
    ("activities:calendar", {}),
    ("activities:calendar", {"view": "list"}),
]


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "student_x", "parent_x", "elder"])
def test_list_calendar_and_api_read_a_constant_number_of_queries(world, persona):
    client = world.client(persona)
    targets = [(reverse(name), params | ({"month": month()} if "calendar" in name else {}))
               for name, params in PAGES]
    targets += [("/api/v1/activities/", {}), ("/api/v1/activities/calendar/", {"month": month()})]
    fill(world, 2)
    for url, params in targets:  # warm up: sessions, caches
        queries(client, url, params)
    few = [queries(client, url, params) for url, params in targets]
    seen = selectors.activity_list(world.actor(persona)).count()
    fill(world, 20)
    many = [queries(client, url, params) for url, params in targets]
    assert many == few, list(zip(targets, few, many, strict=True))
    assert selectors.activity_list(world.actor(persona)).count() >= seen + 5  # the pages did show more rows
