"""The elders' home-page panels (issue 20): an elder's next tasks, contacts due and service hours per month (a chart);
a young teacher's apprenticeship and study; the committee's elders serving this school year and hours per month.
Figures asserted from the contexts and the page's data attributes; each panel absent for the roles it is not for;
constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus
from xinhuo.core.access import build_actor
from xinhuo.core.selectors import school_year_bounds
from xinhuo.elders import panels
from xinhuo.elders.models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Elder,
    ElderRole,
    Participation,
    ServiceRecord,
    TrainingAttendance,
    TrainingSession,
)
from xinhuo.elders.tests.matrix_team import young_teacher_login

TODAY = timezone.localdate
PERSONAS_NOT_ELDERS = ("director", "head_teacher_a", "counsellor", "finance", "parent_x", "student_x")


def _record(world, elder, day: dt.date, hours: str, source=ServiceRecord.Source.ASSIGNMENT):
    return ServiceRecord.objects.create(school=world.school, elder=elder, date=day, hours=Decimal(hours),
                                        source=source, description="服务")


def _in_year(world, months_back: int) -> dt.date:
    """A day `months_back` months before this one, kept inside this school year."""
    start, _end = school_year_bounds(world.school, TODAY())
    day = TODAY().replace(day=1)
    for _ in range(months_back):
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return max(day, start)


@pytest.fixture
def elder_work(world):
    today = TODAY()
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.HISTORY_SPEAKER,
                              need="红色记忆讲堂每月一讲", weekday=2)
    session = TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.STUDY, topic="学习交流会",
                                             date=today + dt.timedelta(days=3))
    TrainingAttendance.objects.create(session=session, elder=world.elder)
    starts = timezone.now() + dt.timedelta(days=5)
    talk = Activity.objects.create(school=world.school, title="老党员讲党史", kind="story_contest", starts_at=starts,
                                   ends_at=starts + dt.timedelta(hours=2), organiser=world.users["director"],
                                   status=ActivityStatus.APPROVED)
    talk.elders.set([world.elder])
    newcomer = Elder.objects.create(school=world.school, name="吴新来", gender="F", category=Elder.Category.CADRE)
    due = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                            mentor=world.elder, mentee_elder=newcomer, contact_every_days=14,
                                            started_on=today - dt.timedelta(days=40))
    later = Elder.objects.create(school=world.school, name="郑新", gender="M", category=Elder.Category.CADRE)
    not_due = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                                mentor=world.elder, mentee_elder=later, contact_every_days=30,
                                                started_on=today - dt.timedelta(days=40))
    ApprenticeshipContact.objects.create(apprenticeship=not_due, date=today - dt.timedelta(days=2), way="phone")
    _record(world, world.elder, _in_year(world, 0), "2.5")
    _record(world, world.elder, _in_year(world, 0), "1")
    last_year = school_year_bounds(world.school, TODAY())[0] - dt.timedelta(days=3)
    _record(world, world.elder, last_year, "9")  # last school year: not in this year's chart
    return {"talk": talk, "session": session, "due": due, "not_due": not_due}


def test_the_elder_sees_next_tasks_contacts_due_and_hours(world, elder_work):
    ctx = panels.elder_panel(world.actor("elder"))
    assert ctx is not None
    assert [a.need for a in ctx["assignments"]] == ["红色记忆讲堂每月一讲"]
    assert [(u["kind"], u["pk"]) for u in ctx["upcoming"]] == [("training", elder_work["session"].pk),
                                                              ("activity", elder_work["talk"].pk)]
    assert [r.pk for r in ctx["pairs_due"]] == [elder_work["due"].pk]  # the other is due in four weeks
    assert ctx["pairs_total"] == 2 and ctx["pairs_due_count"] == 1
    spec = ctx["hours_chart"]
    assert spec["kind"] == "column" and sum(spec["series"][0]["values"]) == 3.5 and ctx["year_hours"] == "3.5"
    assert spec["series"][0]["values"][-1] == 3.5  # this month is the last column

    body = world.client("elder").get(reverse("dashboard")).content.decode()
    for panel_id in ("elder-next-panel", "elder-pairs-panel", "elder-hours-panel", "elder-hours-chart"):
        assert f'id="{panel_id}' in body, panel_id
    assert 'data-figure="elder-year-hours" data-hours="3.5"' in body
    assert f'data-activity="{elder_work["talk"].pk}"' in body and f'data-pair="{elder_work["due"].pk}"' in body
    assert 'data-figure="elders"' not in body  # the count of active elders is for those who manage them


def test_other_roles_get_none_of_the_elders_panels(world, elder_work):
    for persona in PERSONAS_NOT_ELDERS:
        actor = world.actor(persona)
        assert panels.elder_panel(actor) is None, persona
        assert panels.young_teacher_panel(actor) is None, persona
        body = world.client(persona).get(reverse("dashboard")).content.decode()
        for panel_id in ("elder-next-panel", "elder-pairs-panel", "elder-hours-panel", "young-teacher-panel"):
            assert f'id="{panel_id}"' not in body, (persona, panel_id)
    assert panels.participation_panel(world.actor("elder")) is None
    for persona in ("head_teacher_a", "counsellor", "finance", "parent_x"):
        assert panels.participation_panel(world.actor(persona)) is None, persona
        assert panels.count_panel(world.actor(persona)) is None, persona


def test_the_committee_sees_elders_serving_this_year_and_hours_per_month(world, elder_work):
    other = Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.VETERAN)
    Elder.objects.create(school=world.school, name="孙老", gender="M", category=Elder.Category.VETERAN)  # no service
    _record(world, other, _in_year(world, 0), "2", ServiceRecord.Source.ACTIVITY)
    left = Elder.objects.create(school=world.school, name="已离开", gender="M", category=Elder.Category.VETERAN,
                                status=Elder.Status.LEFT)
    _record(world, left, _in_year(world, 0), "4")
    ctx = panels.participation_panel(world.actor("director"))
    assert ctx is not None
    assert ctx["active"] == 5 and ctx["serving"] == 2  # 周老 and 钱老 of the five active (孙老 and the two new)
    assert ctx["hours"] == "9.5"  # 3.5 + 2 + 4 (the hours of one who left since count); last year's 9 do not
    spec = ctx["chart"]
    assert spec["kind"] == "stacked"
    by_source = {s["name"]: sum(s["values"]) for s in spec["series"]}
    assert sorted(by_source.values()) == [2.0, 7.5]  # activity 2; assignment 3.5 + 4
    body = world.client("director").get(reverse("dashboard")).content.decode()
    assert 'id="elder-participation-chart' in body and 'data-figure="elders-serving" data-active="5"' in body
    assert 'data-figure="elders"' in body  # the director manages the elders: the count stays


def test_a_young_teacher_sees_their_apprenticeship_and_study_and_no_elder_panel(world):
    yt, client = young_teacher_login(world)
    today = TODAY()
    pair = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.YOUNG_TEACHER,
                                             mentor=world.elder, mentee_teacher=yt, contact_every_days=30,
                                             started_on=today - dt.timedelta(days=50), goals="指导主题班会设计")
    ApprenticeshipContact.objects.create(apprenticeship=pair, date=today - dt.timedelta(days=35), way="meeting",
                                         topic="班会设计")
    Participation.objects.create(young_teacher=yt, date=_in_year(world, 0), kind=Participation.Kind.CLASS_MEETING,
                                 description="主题班会", hours=Decimal("2"))
    study = TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.STUDY, topic="学习交流会",
                                           date=today + dt.timedelta(days=4))
    TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.INDUCTION, topic="监督员岗前培训",
                                   date=today + dt.timedelta(days=4))  # an elders' induction: not theirs
    ctx = panels.young_teacher_panel(build_actor(yt.staff.user))
    assert ctx is not None
    assert [(m["pair"].pk, m["overdue_days"]) for m in ctx["mentors"]] == [(pair.pk, 5)]
    assert [c.topic for c in ctx["contacts"]] == ["班会设计"] and [s.pk for s in ctx["study"]] == [study.pk]
    assert ctx["year_hours"] == "2" and ctx["year_records"] == 1
    body = client.get(reverse("dashboard")).content.decode()
    assert 'id="young-teacher-panel"' in body and f'data-pair="{pair.pk}"' in body
    assert f'data-training="{study.pk}"' in body
    assert reverse("elders:pair-detail", args=[pair.pk]) in body
    for panel_id in ("elder-next-panel", "elder-hours-panel", "elder-participation-panel"):
        assert f'id="{panel_id}"' not in body, panel_id


def test_the_panels_read_a_constant_number_of_queries(world, elder_work):
    def load(persona: str) -> int:
        c = world.client(persona)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("dashboard")).status_code == 200
        return len(ctx.captured_queries)

    for p in ("elder", "director"):
        load(p)  # the first request of a process fills caches (lazy settings, content types) once
    few = {p: load(p) for p in ("elder", "director")}
    for i in range(6):
        e = Elder.objects.create(school=world.school, name=f"新老{i}", gender="F", category=Elder.Category.TEACHER)
        ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                          mentor=world.elder, mentee_elder=e, started_on=TODAY())
        Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.MORAL_MENTOR, need=f"任务{i}")
        for month in range(3):
            _record(world, world.elder, _in_year(world, month), "1")
            _record(world, e, _in_year(world, month), "2", ServiceRecord.Source.MENTORING)
    assert {p: load(p) for p in ("elder", "director")} == few
