"""The family's home page (issue 20): a parent sees each child's coming activities with that child's own sign-up
state, the growth record's latest entries the family may read and this year's service hours, the activities for
parents, the school notices not yet read and a chart of the activities taken part in per month; a student the same
about themself; the child's page shows the same block to the family only; staff without children see none of it;
no other family's child ever shows; the queries do not grow with the activities, entries or notices."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_guardian, make_student, make_user
from xinhuo.activities.models import ActivityKind, ActivityStatus, SignUp
from xinhuo.activities.tests import helpers as h
from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role
from xinhuo.family.home import selectors
from xinhuo.people.models import Guardian

from .test_notices_services import later, make_notice

pytestmark = pytest.mark.django_db

STAFF = ("director", "leader", "head_teacher_a", "counsellor", "finance", "elder")


def coming(world, title: str, days: int, **kw):
    """An approved activity `days` from now, for class A unless `classes` says otherwise."""
    return h.make(world, title, status=ActivityStatus.APPROVED, starts_at=h.at(days, 9), ends_at=h.at(days, 11), **kw)


def place(activity, student, status="signed_up"):
    return SignUp.objects.create(activity=activity, student=student, kind="student", name=student.name, status=status)


def entry(world, student, kind, on, title, *, hours=None, internal=False):
    return GrowthEntry.objects.create(school=world.school, student=student, kind=kind, on=on, title=title,
                                      hours=hours, internal=internal)


def states(html: str, child_pk: int) -> dict[int, str]:
    """{activity pk: state} on one child's card of a page."""
    card = html.split(f'data-child="{child_pk}"', 1)[1].split('data-child="', 1)[0]
    card = card.split('class="list-unstyled mb-2 family-growth"', 1)[0]  # the activities, before the growth record
    return {int(pk): state for pk, state in re.findall(r'data-activity="(\d+)" data-state="(\w+)"', card)}


def second_child(world):
    """A second child of parent_x, in class B."""
    child = make_student(world.school, world.class_b, "2026009", "张小亮", "M", seq=9)
    make_guardian(world.school, "临时", "13800000009", child)
    Guardian.objects.get(pk=world.guardian_x.pk).student_links.create(student=child, relation="father")
    return child


def test_a_parent_sees_each_coming_activity_with_the_childs_own_sign_up_state(world):
    signed = coming(world, "校园劳动实践日", 2, signup_open=True)
    waiting = coming(world, "冬季运动会", 3, signup_open=True, capacity=1)
    open_ = coming(world, "学雷锋志愿服务", 4, signup_open=True)
    invited = coming(world, "升旗仪式", 5)
    elsewhere = coming(world, "二班主题班会", 6, classes=[world.class_b], signup_open=True)
    place(signed, world.student_x)
    place(waiting, world.student_y)
    place(waiting, world.student_x, status="waiting")
    html = world.client("parent_x").get("/").content.decode()
    assert 'id="family-home"' in html
    assert states(html, world.student_x.pk) == {signed.pk: "signed_up", waiting.pk: "waiting", open_.pk: "open",
                                                invited.pk: "invited"}
    assert elsewhere.title not in html.split('id="family-home"', 1)[1].split("</section>", 1)[0]


def test_a_cancelled_place_and_a_closed_sign_up_read_as_the_child_has_no_place(world):
    cancelled = coming(world, "敬老院慰问", 2, signup_open=True)
    closed = coming(world, "法治讲座", 3, signup_open=False)
    place(cancelled, world.student_x, status="cancelled")
    [view] = selectors.child_views(world.actor("parent_x"))
    assert {n.activity.pk: n.state for n in view.activities} == {cancelled.pk: "open", closed.pk: "invited"}


def test_each_child_has_their_own_card_and_states(world):
    other = second_child(world)
    both = coming(world, "全校运动会", 2, classes=[world.class_a, world.class_b], signup_open=True)
    only_b = coming(world, "二班研学", 3, classes=[world.class_b], signup_open=True)
    place(both, other)
    html = world.client("parent_x").get("/").content.decode()
    assert states(html, world.student_x.pk) == {both.pk: "open"}
    assert states(html, other.pk) == {both.pk: "signed_up", only_b.pk: "open"}


def test_parents_see_the_activities_for_parents_with_their_own_place(world):
    day = coming(world, "家长开放日", 2, kind=ActivityKind.PARENT_DAY, audience_parents=True, signup_open=True)
    meeting = coming(world, "家长会", 3, kind=ActivityKind.PARENT_MEETING, audience_parents=True, signup_open=True)
    SignUp.objects.create(activity=meeting, user=world.users["parent_x"], kind="parent", name="张大明")
    panel = selectors.home_panel(world.actor("parent_x"))
    assert {n.activity.pk: n.state for n in panel["parent_activities"]} == {day.pk: "open", meeting.pk: "signed_up"}
    # the parents' own meetings are not the child's
    assert not panel["children"][0].activities
    html = world.client("parent_x").get("/").content.decode()
    assert f'data-activity="{meeting.pk}" data-state="signed_up"' in html.split('id="family-parent-activities"')[1]


def test_the_growth_record_shows_what_the_family_may_read(world):
    start = world.year.start
    entry(world, world.student_x, GrowthKind.AWARD, start + dt.timedelta(days=40), "校级三好学生")
    entry(world, world.student_x, GrowthKind.SERVICE, start + dt.timedelta(days=10), "社区志愿服务", hours=Decimal(2))
    entry(world, world.student_x, GrowthKind.SERVICE, start - dt.timedelta(days=30), "去年的服务", hours=Decimal(5))
    note = entry(world, world.student_x, GrowthKind.MORAL_NOTE, start + dt.timedelta(days=50), "谈话记录",
                 internal=True)
    [view] = selectors.child_views(world.actor("parent_x"))
    assert [e.title for e in view.highlights] == ["校级三好学生", "社区志愿服务", "去年的服务"]
    assert view.service_hours == Decimal(2)  # this school year's only
    html = world.client("parent_x").get("/").content.decode()
    assert "校级三好学生" in html and 'data-service-hours="2"' in html
    assert note.title not in html and f'data-growth="{note.pk}"' not in html


def test_the_chart_counts_the_activities_taken_part_in_per_month(world):
    start = world.year.start  # 2026-09-01
    entry(world, world.student_x, GrowthKind.ACTIVITY, start + dt.timedelta(days=3), "开学典礼")
    entry(world, world.student_x, GrowthKind.SERVICE, start + dt.timedelta(days=5), "志愿服务", hours=Decimal(1))
    entry(world, world.student_x, GrowthKind.ACTIVITY, start + dt.timedelta(days=35), "运动会")
    entry(world, world.student_x, GrowthKind.AWARD, start + dt.timedelta(days=36), "奖项")  # not an activity
    panel = selectors.home_panel(world.actor("parent_x"))
    spec = panel["chart"]
    assert spec["categories"][:2] == ["2026-09", "2026-10"] and spec["kind"] == "column"
    assert spec["series"] == [{"name": world.student_x.name, "values": [2, 1] + [0] * (len(spec["categories"]) - 2)}]
    html = world.client("parent_x").get("/").content.decode()
    assert 'id="family-chart-panel"' in html and 'data-chart-for="family-took-part"' in html


def test_a_student_sees_their_own_activities_and_growth(world):
    invited = coming(world, "学雷锋志愿服务", 2, signup_open=True)
    place(invited, world.student_x)
    panel = selectors.home_panel(world.actor("student_x"))
    [view] = panel["children"]
    assert view.is_self and view.student.pk == world.student_x.pk
    assert [(n.activity.pk, n.state) for n in view.activities] == [(invited.pk, "signed_up")]
    assert panel["parent_activities"] == [] and panel["notices"] == []
    other = selectors.home_panel(world.actor("student_y"))
    assert [(n.activity.pk, n.state) for n in other["children"][0].activities] == [(invited.pk, "open")]


def test_a_parent_sees_the_school_notices_not_yet_read(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks, reply_kind="yes_no",
                         reply_deadline=later(3))
    panel = selectors.home_panel(world.actor("parent_x"))
    assert [n.pk for n in panel["notices"]] == [notice.pk]
    html = world.client("parent_x").get("/").content.decode()
    assert f'data-notice="{notice.pk}"' in html
    world.client("parent_x").get(reverse("family:notices-read", args=[notice.pk]))  # reading marks it read
    assert selectors.home_panel(world.actor("parent_x"))["notices"] == []


@pytest.mark.parametrize("persona", STAFF)
def test_roles_without_a_child_get_no_family_panel(world, persona):
    coming(world, "学雷锋志愿服务", 2, signup_open=True)
    assert selectors.home_panel(world.actor(persona)) is None
    html = world.client(persona).get("/").content.decode()
    assert 'id="family-home"' not in html and 'id="family-chart-panel"' not in html


def test_a_teacher_who_is_also_a_parent_sees_their_own_child_only(world):
    user = world.users["head_teacher_a"]
    Guardian.objects.filter(pk=world.guardian_x2.pk).update(user=user)
    from xinhuo.core.services import membership_grant

    membership_grant(user=user, school=world.school, role=Role.PARENT)
    panel = selectors.home_panel(build_actor(user))
    assert [v.student.pk for v in panel["children"]] == [world.student_x.pk]  # not class A's other students


def test_no_other_familys_child_ever_shows(world):
    shared = coming(world, "全校运动会", 2, classes=[world.class_a, world.class_b], signup_open=True)
    place(shared, world.student_y)
    place(shared, world.student_z)
    entry(world, world.student_y, GrowthKind.AWARD, world.year.start, "李小红的奖项")
    html = world.client("parent_x").get("/").content.decode()
    assert world.student_y.name not in html and world.student_z.name not in html and "李小红的奖项" not in html
    assert states(html, world.student_x.pk) == {shared.pk: "open"}  # another child's place is not theirs
    parent = world.client("parent_x")
    for student in (world.student_y, world.student_z, world.other_student):
        assert parent.get(reverse("people:student-detail", args=[student.pk])).status_code == 404
        assert selectors.child_block(world.actor("parent_x"), student) is None


def test_the_childs_page_shows_the_family_block_to_the_family_only(world):
    invited = coming(world, "学雷锋志愿服务", 2, signup_open=True)
    url = reverse("people:student-detail", args=[world.student_x.pk])
    for persona in ("parent_x", "student_x"):
        html = world.client(persona).get(url).content.decode()
        assert 'id="family-child-block"' in html and f'data-activity="{invited.pk}" data-state="open"' in html
    for persona in ("director", "head_teacher_a", "counsellor"):
        html = world.client(persona).get(url).content.decode()
        assert 'id="family-child-block"' not in html


def _panel_queries(world, persona: str) -> int:
    actor = world.actor(persona)
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.home_panel(actor)
        render_to_string("family/home/panels/children.html", {"panel": panel})
        render_to_string("family/home/panels/chart.html", {"panel": panel})
    return len(ctx.captured_queries)


def test_the_panels_queries_do_not_grow_with_activities_entries_or_notices(world, django_capture_on_commit_callbacks):
    first = coming(world, "活动0", 1, signup_open=True)
    place(first, world.student_x)
    entry(world, world.student_x, GrowthKind.ACTIVITY, world.year.start, "活动0")
    make_notice(world, capture=django_capture_on_commit_callbacks, title="通知0")
    small = {p: _panel_queries(world, p) for p in ("parent_x", "student_x")}
    for i in range(1, 8):
        a = coming(world, f"活动{i}", i + 1, signup_open=i % 2 == 0, audience_parents=i % 3 == 0)
        if i % 2:
            place(a, world.student_x)
        entry(world, world.student_x, GrowthKind.SERVICE, world.year.start + dt.timedelta(days=i * 20), f"服务{i}",
              hours=Decimal(1))
    for i in range(1, 4):
        make_notice(world, capture=django_capture_on_commit_callbacks, title=f"通知{i}")
    large = {p: _panel_queries(world, p) for p in ("parent_x", "student_x")}
    assert large == small, (small, large)


def test_a_parent_without_a_linked_child_gets_no_panel(world):
    user = make_user("newparent", world.school, Role.PARENT)
    assert selectors.home_panel(build_actor(user)) is None


def test_a_parent_sees_every_coming_parent_school_session_they_registered_for(world):
    from .test_school_support import make_course, make_session, register

    course = make_course(world)
    sessions = [make_session(world, course, days=d, topic=t) for d, t in ((2, "依法带娃"), (9, "亲子沟通"),
                                                                          (16, "青春期心理"), (23, "网络安全"))]
    unregistered = make_session(world, course, days=5, topic="未报名的课")
    for s in sessions:
        register(world, s)
    html = world.client("parent_x").get("/").content.decode()
    panel = html.split('id="school-parent-panel"', 1)[1].split("</div></div>", 1)[0]
    assert "依法带娃" in panel  # the next one
    assert {int(pk) for pk in re.findall(r'data-session="(\d+)"', panel)} == {sessions[1].pk, sessions[2].pk}
    assert unregistered.topic not in panel
