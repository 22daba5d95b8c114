"""The counsellor's home page (issue 20): the live follow-up cases with their states and overdue tasks, the
screenings open now with how many have submitted (the last one when none is open), the alerts per month as a
chart. Every figure is the counsellors' to see, small ones included (docs/wellbeing.md hides counts under 5 from
the committee, not from them); no other role gets these panels; the queries do not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.core.selectors import school_year_bounds
from xinhuo.wellbeing.alerts.selectors import alert_chart_panel
from xinhuo.wellbeing.cases.selectors import case_panel
from xinhuo.wellbeing.models import Alert, Campaign, Case, CaseStatus, CaseTask, Party, Response
from xinhuo.wellbeing.screening.selectors import screening_panel

from .test_cases import open_case
from .test_screening_services import a_campaign, consented, window

pytestmark = pytest.mark.django_db

OTHERS = ("director", "leader", "head_teacher_a", "finance", "elder", "parent_x", "student_x")


def alert(world, student, raised_at, *, escalated=False) -> Alert:
    return Alert.objects.create(school=world.school, student=student, raised_at=raised_at,
                                escalate_at=raised_at + dt.timedelta(minutes=30),
                                escalated_at=raised_at + dt.timedelta(minutes=30) if escalated else None)


def test_the_counsellor_sees_the_live_cases_their_states_and_overdue_tasks(world):
    first = open_case(world, world.student_x)
    second = open_case(world, world.student_y)
    closed = open_case(world, world.student_z)
    Case.objects.filter(pk=second.pk).update(status=CaseStatus.SUPPORTING)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    CaseTask.objects.create(case=first, party=Party.FAMILY, text="每天陪伴", due_on=yesterday)
    CaseTask.objects.create(case=first, party=Party.FAMILY, text="已完成", due_on=yesterday, done_at=timezone.now())
    CaseTask.objects.create(case=closed, party=Party.FAMILY, text="结案前的", due_on=yesterday)
    panel = case_panel(world.actor("counsellor"))
    assert [c.pk for c in panel["cases"]] == [first.pk, second.pk]
    assert panel["total"] == 2 and panel["overdue"] == 1
    assert {code: n for code, _label, n in panel["states"]} == {"open": 1, "contacting": 0, "supporting": 1,
                                                                "monitoring": 0}
    html = world.client("counsellor").get("/").content.decode()
    assert 'id="wellbeing-cases-panel"' in html and 'data-figure="cases-live">2<' in html
    assert f'data-case="{first.pk}"' in html and f'data-case="{closed.pk}"' not in html
    assert 'data-figure="case-tasks-overdue"' in html


def test_the_counsellor_sees_the_screenings_open_now_with_their_completion(world):
    campaign = a_campaign(world)  # the grade: student_x, student_y, student_z
    consented(world)  # only student_x may answer (the others are under 14 without a guardian's consent)
    Response.objects.create(school=world.school, campaign=campaign, student=world.student_x,
                            submitted_at=timezone.now())
    [row] = screening_panel(world.actor("counsellor"))["campaigns"]
    assert (row.students, row.no_consent, row.submitted, row.able, row.rate) == (3, 2, 1, 1, 100)
    html = world.client("counsellor").get("/").content.decode()
    assert f'data-campaign="{campaign.pk}" data-rate="100" data-submitted="1" data-able="1"' in html


def test_with_no_screening_open_the_last_one_shows_where_it_ended(world):
    closed = a_campaign(world)
    Campaign.objects.filter(pk=closed.pk).update(**window(hours_ago=24 * 20, days=-10))  # it ran and closed
    closed.refresh_from_db()
    panel = screening_panel(world.actor("counsellor"))
    assert panel["campaigns"] == [] and panel["last"].campaign.pk == closed.pk
    assert screening_panel(world.actor("counsellor"), now=closed.opens_at + dt.timedelta(hours=1))[
        "campaigns"][0].campaign.pk == closed.pk


def test_the_alerts_chart_counts_each_month_small_figures_included(world):
    start, _end = school_year_bounds(world.school)
    sep = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=9), dt.time(10)))
    oct_ = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=40), dt.time(10)))
    alert(world, world.student_x, sep)
    alert(world, world.student_y, oct_, escalated=True)
    alert(world, world.student_z, oct_ + dt.timedelta(days=1))
    alert(world, world.student_x, sep - dt.timedelta(days=60))  # last school year's
    spec = alert_chart_panel(world.actor("counsellor"))["chart"]
    assert spec["categories"][:2] == ["2026-09", "2026-10"]
    raised, escalated = spec["series"]
    assert raised["values"][:2] == [1, 2] and escalated["values"][:2] == [0, 1]  # under 5, shown to counsellors
    assert sum(raised["values"]) == 3
    html = world.client("counsellor").get("/").content.decode()
    assert 'id="wellbeing-chart-panel"' in html and 'data-chart-for="wellbeing-alerts"' in html


@pytest.mark.parametrize("persona", OTHERS)
def test_no_other_role_gets_the_counsellors_panels(world, persona):
    open_case(world, world.student_x)
    a_campaign(world)
    alert(world, world.student_x, timezone.now(), escalated=True)  # the director sees escalated alerts
    actor = world.actor(persona)
    assert case_panel(actor) is None and screening_panel(actor) is None and alert_chart_panel(actor) is None
    html = world.client(persona).get("/").content.decode()
    for panel in ("wellbeing-cases-panel", "wellbeing-screenings-panel", "wellbeing-chart-panel"):
        assert f'id="{panel}"' not in html, panel


def _queries(world) -> int:
    actor = world.actor("counsellor")
    with CaptureQueriesContext(connection) as ctx:
        render_to_string("wellbeing/panels/cases.html", {"panel": case_panel(actor)})
        render_to_string("wellbeing/panels/screenings.html", {"panel": screening_panel(actor)})
        render_to_string("wellbeing/panels/alerts_chart.html", {"panel": alert_chart_panel(actor)})
    return len(ctx.captured_queries)


def test_the_panels_queries_do_not_grow_with_cases_alerts_or_answers(world):
    campaign = a_campaign(world)
    consented(world)
    open_case(world, world.student_x)
    alert(world, world.student_x, timezone.now())
    small = _queries(world)
    for student in (world.student_y, world.student_z):
        case = open_case(world, student)
        CaseTask.objects.create(case=case, party=Party.FAMILY, text="任务", due_on=timezone.localdate())
        alert(world, student, timezone.now())
        Response.objects.create(school=world.school, campaign=campaign, student=student)
    Response.objects.create(school=world.school, campaign=campaign, student=world.student_x,
                            submitted_at=timezone.now())
    assert _queries(world) == small
