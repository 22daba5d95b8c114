"""The home page's care panels (issue 20): the committee's and the counsellors' students needing attention (a chart
by special group, overdue visits and contacts — the overview's own figures), a head teacher's classes (a summary per
class, the special-group students with what is due, consents missing, next activities, a chart of the classes'
visits), the special-group list's chart; each only for whom it concerns, and within their scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_student, make_user
from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as activity
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource
from xinhuo.care.overview import selectors
from xinhuo.care.tests.helpers import consent_special_group, publish_special_group
from xinhuo.care.tests.test_overview import TODAY, make_cared, pair, tag
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role

OTHERS = ["parent_x", "student_x", "elder", "finance", "admin"]


@pytest.fixture
def cared(world):
    """The overview's world (test_overview.make_cared): x (class A) left-behind and low-income, paired and overdue
    for contact, visited 30 days ago with an open follow-up; z (class B) single-parent, unpaired, never visited."""
    return make_cared(world)


def group_figures(spec: dict, school) -> dict[str, int]:
    """The chart's figure per group code (its categories are the groups' names)."""
    codes = dict(SpecialGroup.objects.filter(school=school).values_list("name", "code"))
    [values] = [s["values"] for s in spec["series"]]
    return {codes.get(name, "attention"): n for name, n in zip(spec["categories"], values, strict=True)}


# --- the committee's students needing attention ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "leader", "counsellor"])
def test_the_committee_sees_the_students_needing_attention(cared, persona):
    panel = selectors.attention_panel(cared.actor(persona))
    figures = group_figures(panel["chart"], cared.school)
    assert figures["left_behind"] == 1 and figures["low_income"] == 1 and figures["single_parent"] == 1
    assert figures["learning_difficulty"] == 0  # y's tag expired
    assert (panel["tagged"], panel["visit_overdue"], panel["never_visited"], panel["contact_overdue"]) == (2, 2, 1, 1)


def test_the_panel_and_the_overview_agree(cared):
    """One definition of overdue: the home page's figures are the overview's."""
    actor = cared.actor("director")
    panel, overview = selectors.attention_panel(actor), selectors.care_overview(actor)
    for key in ("tagged", "visit_overdue", "never_visited", "contact_overdue"):
        assert panel[key] == overview[key], key
    assert [n for _g, n in overview["groups"]] == panel["chart"]["series"][0]["values"]


@pytest.mark.parametrize("persona", ["head_teacher_a", *OTHERS])
def test_nobody_else_gets_the_committees_panel(cared, persona):
    assert selectors.attention_panel(cared.actor(persona)) is None


def test_a_tag_from_screening_counts_apart_for_all_but_the_counsellors(cared):
    behaviour = SpecialGroup.objects.get(school=cared.school, code="behaviour_concern")
    StudentTag.objects.create(school=cared.school, student=cared.student_y, group=behaviour,
                              source=TagSource.SCREENING, identified_on=TODAY(),
                              review_on=TODAY() + dt.timedelta(days=90))
    director = group_figures(selectors.attention_panel(cared.actor("director"))["chart"], cared.school)
    assert director["behaviour_concern"] == 0 and director["attention"] == 1
    counsellor = group_figures(selectors.attention_panel(cared.actor("counsellor"))["chart"], cared.school)
    assert counsellor["behaviour_concern"] == 1 and "attention" not in counsellor
    # the overview's list and the special-group list's chart keep the group to the counsellors as well
    [y] = [r for r in selectors.overview_students(cared.actor("director"), "tagged")
           if r["student"].pk == cared.student_y.pk]
    assert behaviour.name not in y["groups"]
    assert selectors.overview_students(cared.actor("director"), "tagged", group_id=behaviour.pk) == []
    names = [s["name"] for s in selectors.groups_chart(cared.actor("director"))["series"]]
    assert behaviour.name not in names and len(names) == 4  # three groups and "needs attention"
    assert behaviour.name in [s["name"] for s in selectors.groups_chart(cared.actor("counsellor"))["series"]]


def test_the_directors_home_page_links_the_figures_to_their_lists(cared):
    page = cared.client("director").get(reverse("dashboard")).content.decode()
    assert 'id="care-attention"' in page and 'data-chart-for="care-attention"' in page
    assert 'data-figure="attention-visits">2<' in page and 'data-figure="attention-contacts">1<' in page
    for figure in ("tagged", "visit_overdue", "contact_overdue"):
        assert reverse("care:overview-list", args=[figure]) in page
    assert 'id="care-classes"' not in page


# --- a head teacher's classes ---------------------------------------------------------------------------------


@pytest.fixture
def classes(cared):
    """cared, plus: the special-group notice, x's consent to it (y's missing); an activity for class A tomorrow, one
    for class B only, a class A application not yet approved."""
    publish_special_group(cared)
    consent_special_group(cared)
    activity.make(cared, "班级志愿服务", starts_at=activity.at(1), ends_at=activity.at(1, 17),
                  status=ActivityStatus.APPROVED)
    activity.make(cared, "二班研学", starts_at=activity.at(2), ends_at=activity.at(2, 17),
                  status=ActivityStatus.APPROVED, classes=[cared.class_b])
    activity.make(cared, "尚未批准", starts_at=activity.at(1), ends_at=activity.at(1, 17),
                  status=ActivityStatus.APPLIED)
    return cared


def test_a_head_teacher_sees_their_class(classes):
    panel = selectors.class_panel(classes.actor("head_teacher_a"))
    [row] = panel["classes"]
    assert row["id"] == classes.class_a.pk
    figures = (row["students"], row["tagged"], row["visit_overdue"], row["visit_due"], row["follow_ups"])
    assert figures == (2, 1, 1, 0, 1)
    assert [(p["purpose"], p["missing"]) for p in row["consents"]] == [("special_group", 1)]  # y
    assert row["next_activity"].title == "班级志愿服务"
    assert [a.title for a in panel["activities"]] == ["班级志愿服务"]
    [x] = panel["attention"]
    assert x["student_id"] == classes.student_x.pk
    due = {i["kind"]: i for i in x["due"]}
    assert set(due) == {"visit_overdue", "contact_overdue"}
    assert due["contact_overdue"]["days"] == 6  # every 14 days, last contact 20 days ago
    overdue, due_soon, fine = (s["values"] for s in panel["chart"]["series"])
    assert (overdue, due_soon, fine) == ([1], [0], [1])


def test_a_head_teacher_never_sees_another_class(classes):
    panel = selectors.class_panel(classes.actor("head_teacher_b"))
    assert [r["id"] for r in panel["classes"]] == [classes.class_b.pk]
    [z] = panel["attention"]
    assert z["student_id"] == classes.student_z.pk
    assert {i["kind"] for i in z["due"]} == {"visit_never", "no_mentor"}
    assert [a.title for a in panel["activities"]] == ["二班研学"]
    page = classes.client("head_teacher_b").get(reverse("dashboard")).content.decode()
    assert f'data-student="{classes.student_z.pk}"' in page
    assert classes.student_x.name not in page and classes.student_y.name not in page
    assert 'data-chart-for="care-class-visits"' in page and 'id="care-attention"' not in page


def test_a_head_teacher_of_two_classes_sees_both_summaries_first(classes):
    user = make_user("teacher_ab", classes.school, Role.HEAD_TEACHER, classes=[classes.class_b, classes.class_a])
    panel = selectors.class_panel(build_actor(user))
    assert [r["id"] for r in panel["classes"]] == [classes.class_a.pk, classes.class_b.pk]
    assert [r["student_id"] for r in panel["attention"]] == [classes.student_x.pk, classes.student_z.pk]
    client = classes.client(None)
    client.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    page = client.get(reverse("dashboard")).content.decode()
    summary, attention = page.index('id="care-classes"'), page.index('id="care-class-attention"')
    assert summary < page.index(f'data-class="{classes.class_a.pk}"') < page.index(
        f'data-class="{classes.class_b.pk}"') < attention


@pytest.mark.parametrize("persona", ["director", "counsellor", *OTHERS])
def test_only_a_head_teacher_gets_the_class_panel(classes, persona):
    assert selectors.class_panel(classes.actor(persona)) is None
    page = classes.client(persona).get(reverse("dashboard")).content.decode()
    assert 'id="care-classes"' not in page and 'data-chart-for="care-class-visits"' not in page
    if persona in OTHERS:
        assert 'id="care-attention"' not in page


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["head_teacher_a", "director"])
def test_the_home_page_queries_do_not_grow_with_the_students(classes, persona):
    client = classes.client(persona)
    dashboard_queries(client)  # warm: sessions, the groups' defaults
    before = dashboard_queries(client)
    for i in range(8):
        s = make_student(classes.school, classes.class_a, f"20267{i:02d}", f"学生{i}", seq=150 + i)
        tag(s, "left_behind" if i % 2 else "disability")
        if i % 3 == 0:
            pair(classes, s, contact_days_ago=i)
        activity.make(classes, f"活动{i}", starts_at=activity.at(i + 1), ends_at=activity.at(i + 1, 17),
                      status=ActivityStatus.APPROVED)
    assert dashboard_queries(client) == before


# --- the special-group list's chart ---------------------------------------------------------------------------


def test_the_special_group_chart_counts_each_class(cared):
    spec = selectors.groups_chart(cared.actor("director"))
    assert spec["categories"] == [str(cared.class_a), str(cared.class_b)]
    codes = dict(SpecialGroup.objects.filter(school=cared.school).values_list("name", "code"))
    assert {codes[s["name"]]: s["values"] for s in spec["series"]} == {
        "left_behind": [1, 0], "low_income": [1, 0], "single_parent": [0, 1]}
    teacher = selectors.groups_chart(cared.actor("head_teacher_b"))
    assert teacher["categories"] == [str(cared.class_b)]
    page = cared.client("director").get(reverse("care:tags")).content.decode()
    assert 'data-chart-for="care-groups-by-class"' in page
