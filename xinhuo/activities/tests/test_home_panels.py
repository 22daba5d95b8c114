"""The home page's activities: the applications waiting for approval (longest first), this month's activities as a
strip of days and the school year per month and kind as a chart — the committee's for the school, a department
head's for their department — and nothing of that for the roles that do not watch activities; the same chart on the
list page for staff; a constant number of queries however many activities the school holds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from xinhuo.activities import selectors
from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus, ActivityStep
from xinhuo.activities.tests import helpers as h
from xinhuo.core.models import Role

S = ActivityStatus


def depthead(world):
    """The head of 德育处 (world.department): head teacher A's staff record is in it."""
    user = world.users.get("depthead")
    if user is None:
        user = make_user("depthead", world.school, Role.DEPARTMENT_HEAD, department=world.department)
        world.users["depthead"] = user
    return user


def client(world, persona: str) -> Client:
    if persona == "depthead":
        c = Client()
        c.force_login(depthead(world), backend="xinhuo.core.auth.UsernameOrMobileBackend")
        return c
    return world.client(persona)


def actor(world, persona: str):
    from xinhuo.core.access import build_actor

    return build_actor(depthead(world)) if persona == "depthead" else world.actor(persona)


def home(world, persona: str) -> str:
    r = client(world, persona).get("/")
    assert r.status_code == 200
    return r.content.decode()


def this_month(day: int, hour: int = 9) -> dt.datetime:
    first = timezone.localdate().replace(day=1)
    return timezone.make_aware(dt.datetime.combine(first + dt.timedelta(days=day - 1), dt.time(hour)))


def on(y: int, m: int, d: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, 9))


def act(world, title, starts, *, kind="volunteer", status=S.APPROVED, organiser="head_teacher_a", **kw):
    return h.make(world, title, kind=kind, status=status, organiser=organiser, starts_at=starts,
                  ends_at=starts + dt.timedelta(hours=2), **kw)


# --- the strip of the month ------------------------------------------------------------------------------------


def test_the_committee_sees_this_months_activities_day_by_day(world):
    a = act(world, "三日志愿服务", this_month(3))
    b = act(world, "三日申请", this_month(3, 14), status=S.APPLIED, organiser="head_teacher_b")
    rejected = act(world, "被驳回的活动", this_month(15), status=S.REJECTED)
    busy = [act(world, f"二十日活动{i}", this_month(20, 8 + i)) for i in range(4)]
    data = selectors.dashboard_activities(world.actor("director"))
    days = data["strip"]
    first = timezone.localdate().replace(day=1)
    assert days[0].date == first and all(d.date.month == first.month for d in days)
    assert len(days) == (first.replace(month=first.month % 12 + 1, year=first.year + first.month // 12) - first).days
    assert [x.pk for x in days[2].activities] == [a.pk, b.pk]  # the applied one too, marked as pending
    assert days[14].activities == [] and days[19].more == 1
    page = home(world, "director")
    strip = page.split('id="month-strip"', 1)[1].split("</ol>", 1)[0]
    assert f'data-activity="{a.pk}"' in strip and f'data-activity="{b.pk}"' in strip
    assert f'data-activity="{rejected.pk}"' not in strip
    assert sum(f'data-activity="{x.pk}"' in strip for x in busy) == 3  # three a day, then "1 more"
    assert strip.count('class="xh-strip-day') == len(days)
    assert 'aria-current="date"' in strip and "/static/activities/strip.js" in page
    assert f'{reverse("activities:calendar")}?month={first:%Y-%m}' in page
    assert 'id="upcoming-activities"' not in page  # the strip replaces the list of what comes


def test_a_department_head_sees_their_departments_activities(world):
    ours = act(world, "德育处组织的", this_month(5))  # organised by head teacher A, whose staff record is in 德育处
    named = act(world, "联合主办", this_month(6), organiser="head_teacher_b", organisers="德育处、校关工委")
    theirs = act(world, "团委的活动", this_month(6, 15), organiser="head_teacher_b", organisers="团委")
    applied = act(world, "他人的申请", this_month(7), status=S.APPLIED, organiser="head_teacher_b",
                  organisers="德育处")
    data = selectors.dashboard_activities(actor(world, "depthead"))
    shown = {x.pk for d in data["strip"] for x in d.activities}
    assert shown == {ours.pk, named.pk}  # not another department's, nor an application they may not see
    assert data["department"] and "awaiting" not in data
    assert theirs.pk not in shown and applied.pk not in shown
    page = home(world, "depthead")
    assert 'id="month-strip"' in page and f'data-activity="{ours.pk}"' in page
    assert f'data-activity="{theirs.pk}"' not in page


@pytest.mark.parametrize("persona", ["parent_x", "student_x", "elder", "head_teacher_b"])
def test_no_strip_chart_or_approvals_for_those_who_do_not_watch_activities(world, persona):
    h.published(world)  # open to class 1 and to parents, today
    act(world, "三日申请", this_month(3), status=S.APPLIED)
    for i in range(3):
        act(world, f"过去的活动{i}", on(2026, 10, 10 + i))
    data = selectors.dashboard_activities(actor(world, persona)) or {}
    assert not {"strip", "chart", "awaiting", "awaiting_items"} & set(data)
    page = home(world, persona)
    for marker in ('id="month-strip"', 'id="activities-chart"', 'id="activities-awaiting-panel"',
                   'data-figure="activities-awaiting"'):
        assert marker not in page, marker


# --- the chart of the year ---------------------------------------------------------------------------------------


def year_of_activities(world):
    """In the world's school year 2026-2027 (September to July): 3 volunteer services, 2 lectures, one each of
    drill, festival, labour, science and other; an application and a rejected one that do not count."""
    rows = [("volunteer", on(2026, 10, 8)), ("volunteer", on(2026, 10, 20)), ("volunteer", on(2026, 11, 5)),
            ("lecture", on(2027, 3, 3)), ("lecture", on(2027, 3, 17)), ("drill", on(2026, 9, 10)),
            ("festival", on(2026, 9, 20)), ("labour", on(2027, 5, 1)), ("science", on(2026, 9, 25)),
            ("other", on(2026, 10, 30))]
    for i, (kind, starts) in enumerate(rows):
        act(world, f"活动{i:02d}", starts, kind=kind, status=S.SUMMARISED if i % 2 else S.APPROVED)
    act(world, "未批准", on(2026, 12, 20), kind="story_contest", status=S.APPLIED)
    act(world, "驳回", on(2026, 12, 21), kind="story_contest", status=S.REJECTED)
    act(world, "去年的", on(2026, 6, 1), kind="volunteer")  # before the school year


def by_kind(spec) -> dict[str, list[int]]:
    return {s["name"]: s["values"] for s in spec["series"]}


def test_activities_per_month_and_kind(world):
    year_of_activities(world)
    spec = selectors.dashboard_activities(world.actor("director"))["chart"]
    assert spec["kind"] == "stacked" and spec["id"] == "activities-chart"
    assert len(spec["categories"]) == 11  # September 2026 to July 2027
    label = {k: str(ActivityKind(k).label) for k in ActivityKind.values}
    # the five most frequent kinds, then the others together (science and "other")
    assert list(by_kind(spec)) == [label["volunteer"], label["lecture"], label["drill"], label["festival"],
                                   label["labour"], label["other"]]
    #                                     9  10 11 12  1  2  3  4  5  6  7
    assert by_kind(spec)[label["volunteer"]] == [0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert by_kind(spec)[label["lecture"]] == [0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0]
    assert by_kind(spec)[label["other"]] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert sum(sum(v) for v in by_kind(spec).values()) == 10
    page = home(world, "director")
    assert 'id="activities-chart"' in page and 'id="activities-chart-panel"' in page
    table = page.split('data-for="activities-chart"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r'<tr><th scope="row"', table)) == 11


def test_a_department_heads_chart_counts_their_departments_only(world):
    year_of_activities(world)  # all organised by head teacher A, of 德育处
    act(world, "团委的", on(2026, 10, 9), organiser="head_teacher_b", organisers="团委")
    spec = selectors.dashboard_activities(actor(world, "depthead"))["chart"]
    assert sum(sum(s["values"]) for s in spec["series"]) == 10
    director = selectors.dashboard_activities(world.actor("director"))["chart"]
    assert sum(sum(s["values"]) for s in director["series"]) == 11


def test_the_list_page_shows_the_chart_to_staff(world):
    year_of_activities(world)
    page = world.client("counsellor").get(reverse("activities:list")).content.decode()
    assert 'id="activities-chart"' in page and 'id="activities-chart-section"' in page
    table = page.split('data-for="activities-chart"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<td class="text-end">(\d+)</td>', table).count("2") >= 2  # October's two services, March's
    assert "activities-chart" not in world.client("parent_x").get(reverse("activities:list")).content.decode()


def test_no_chart_panel_without_a_published_activity_this_year(world):
    act(world, "去年的", on(2026, 6, 1))
    data = selectors.dashboard_activities(world.actor("director"))
    assert "chart" not in data and "strip" in data
    assert 'id="activities-chart-panel"' not in home(world, "director")


# --- applications waiting --------------------------------------------------------------------------------------


def applied_on(world, title: str, day: dt.date, organiser="head_teacher_a") -> Activity:
    a = act(world, title, this_month(28), status=S.APPLIED, organiser=organiser)
    ActivityStep.objects.create(activity=a, from_status="", to_status=S.APPLIED, by=world.users[organiser],
                                at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))))
    return a


def test_applications_waiting_are_listed_longest_first(world):
    today = timezone.localdate()
    recent = applied_on(world, "昨天申请的", today - dt.timedelta(days=1))
    old = applied_on(world, "五天前申请的", today - dt.timedelta(days=5))
    resubmitted = applied_on(world, "退回后再申请", today - dt.timedelta(days=9))
    ActivityStep.objects.create(activity=resubmitted, from_status=S.APPLIED, to_status=S.RETURNED,
                                at=timezone.now() - dt.timedelta(days=8))
    ActivityStep.objects.create(activity=resubmitted, from_status=S.RETURNED, to_status=S.APPLIED,
                                at=timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=3),
                                                                           dt.time(10))))
    own = applied_on(world, "主任自己的", today - dt.timedelta(days=20), organiser="director")
    data = selectors.dashboard_activities(world.actor("director"))
    assert data["awaiting"] == 3  # their own application waits for another leader
    assert [a.pk for a in data["awaiting_items"]] == [old.pk, resubmitted.pk, recent.pk]
    assert [a.days_waiting for a in data["awaiting_items"]] == [5, 3, 1]
    page = home(world, "director")
    assert 'data-figure="activities-awaiting">3<' in page and 'id="activities-awaiting-panel"' in page
    panel = page.split('id="activities-awaiting-panel"', 1)[1].split("</section>", 1)[0]
    assert f'data-activity="{old.pk}"' in panel and f'data-activity="{own.pk}"' not in panel
    assert 'data-days-waiting="5"' in panel
    leader = selectors.dashboard_activities(world.actor("leader"))
    assert leader["awaiting"] == 4  # the director's own application waits for the leader


# --- queries -----------------------------------------------------------------------------------------------------


def grow(world, n: int) -> None:
    for i in range(n):
        act(world, f"本月{i:02d}", this_month(1 + i % 27, 8 + i % 9), kind=ActivityKind.values[i % 14],
            status=[S.APPROVED, S.APPLIED, S.SUMMARISED][i % 3], audience_parents=i % 2 == 0,
            organiser=["head_teacher_a", "head_teacher_b", "leader"][i % 3], organisers="德育处" if i % 4 else "")
        act(world, f"年内{i:02d}", on(2026, 9 + i % 4, 1 + i % 27), kind=ActivityKind.values[(i * 5) % 14],
            status=S.ARCHIVED)


def _queries(c) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["director", "depthead", "head_teacher_a", "parent_x"])
def test_home_page_queries_do_not_grow_with_activities(world, persona):
    h.signup_x(world)  # something coming up for the family too: an empty list may skip its queries
    grow(world, 3)
    c = client(world, persona)
    _queries(c)  # warm-up
    few = _queries(c)
    grow(world, 40)
    assert _queries(c) == few
