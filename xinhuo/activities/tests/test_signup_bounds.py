"""Sign-up edges that mutation testing found untested (issue 21): promotion into several free places, who may cancel
a place, the bounds of capacity and service hours (the API relies on the service's), and the settings and
cancellations of an activity that is over or refused; a teacher's own place; a self sign-up twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.activities import services
from xinhuo.activities.models import Activity, ActivityStatus, SignUp, SignUpKind, SignUpStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import msg, on, student_with_account

S = ActivityStatus
W = SignUpStatus
HOURS_MESSAGE = "Enter from 0.5 to 24 hours, or leave it empty."
CAPACITY_MESSAGE = "Enter the number of places, from 1, or leave it empty for no limit."


def open_activity(world, title="学雷锋志愿服务", **kw) -> Activity:
    return h.make(world, title, **({"signup_open": True} | kw))


def students(world, n: int, start: int = 0):
    return [student_with_account(world, world.class_a, f"20262{start + i:02d}", f"同学{start + i}", 40 + start + i,
                                 f"s2{start + i}") for i in range(n)]


def test_a_raised_capacity_fills_exactly_the_places_freed_in_order(world):
    a = open_activity(world, capacity=3)
    organiser = world.actor("head_teacher_a")
    signups = [services.signup_add(actor=organiser, activity=a, student=s) for s in students(world, 6)]
    assert [s.status for s in signups] == [W.SIGNED_UP] * 3 + [W.WAITING] * 3
    services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=5)
    # two places more: the first two waiting move up, the third still waits
    assert [SignUp.objects.get(pk=s.pk).status for s in signups] == [W.SIGNED_UP] * 5 + [W.WAITING]


def test_one_cancelled_place_moves_up_one_person_only(world):
    a = open_activity(world, capacity=2)
    organiser = world.actor("head_teacher_a")
    signups = [services.signup_add(actor=organiser, activity=a, student=s) for s in students(world, 4)]
    services.signup_cancel(actor=organiser, signup=signups[0])
    assert [SignUp.objects.get(pk=s.pk).status for s in signups] == [W.CANCELLED, W.SIGNED_UP, W.SIGNED_UP,
                                                                     W.WAITING]


@pytest.mark.parametrize("persona", ["parent_x", "elder", "head_teacher_b"])
def test_parents_elders_and_teachers_cancel_their_own_place_and_nobody_elses(world, persona):
    a = open_activity(world, audience_parents=True, audience_elders=True, audience_teachers=True)
    own = services.signup_add(actor=world.actor(persona), activity=a)
    student = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    # another adult's own place (no student on it), of each other kind
    adults = [services.signup_add(actor=world.actor(p), activity=a)
              for p in ("parent_x", "elder", "head_teacher_b") if p != persona]
    services.signup_cancel(actor=world.actor(persona), signup=own)
    assert SignUp.objects.get(pk=own.pk).status == W.CANCELLED
    # someone else's place: not theirs to cancel, and they are not the organiser
    for other in (student, *adults):
        with pytest.raises(Http404):
            services.signup_cancel(actor=world.actor(persona), signup=other)
        assert SignUp.objects.get(pk=other.pk).status == W.SIGNED_UP


def test_a_person_who_is_not_the_organiser_cannot_cancel_a_students_place(world):
    a = open_activity(world, audience_parents=True)
    place = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    for persona in ("head_teacher_b", "parent_x", "student_x", "elder"):
        with pytest.raises(Http404):
            services.signup_cancel(actor=world.actor(persona), signup=place)
    assert SignUp.objects.get(pk=place.pk).status == W.SIGNED_UP
    # the organiser may
    services.signup_cancel(actor=world.actor("head_teacher_a"), signup=place)
    assert SignUp.objects.get(pk=place.pk).status == W.CANCELLED


def test_a_teacher_signs_up_themselves_once(world):
    a = open_activity(world, audience_teachers=True)
    me = services.signup_add(actor=world.actor("head_teacher_b"), activity=a)
    assert (me.kind, me.user, me.student, me.status) == (SignUpKind.TEACHER, world.users["head_teacher_b"], None,
                                                         W.SIGNED_UP)
    with pytest.raises(ValidationError) as exc:
        services.signup_add(actor=world.actor("head_teacher_b"), activity=a)
    assert exc.value.messages == [msg("%(name)s is signed up already.", name=me.name)]
    assert SignUp.objects.filter(activity=a).count() == 1
    # not invited: teachers are refused
    closed = open_activity(world, title="家长开放日")
    with pytest.raises(ValidationError):
        services.signup_add(actor=world.actor("head_teacher_b"), activity=closed)


@pytest.mark.parametrize("capacity, ok", [(0, False), (-3, False), (1, True), (100000, True), (100001, False),
                                          ("十", False)])
def test_capacity_bounds(world, capacity, ok):
    a = open_activity(world)
    organiser = world.actor("head_teacher_a")
    if ok:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=capacity)
        assert Activity.objects.get(pk=a.pk).capacity == capacity
        return
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=capacity)
    assert exc.value.message_dict == {"capacity": [msg(CAPACITY_MESSAGE)]}
    assert Activity.objects.get(pk=a.pk).capacity is None


@pytest.mark.parametrize("hours, ok", [("0", False), ("-1", False), ("0.5", True), ("24", True), ("24.1", False),
                                       ("999.9", False)])
def test_service_hours_bounds(world, hours, ok):
    a = open_activity(world)
    organiser = world.actor("head_teacher_a")
    if ok:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, service_hours=hours)
        assert Activity.objects.get(pk=a.pk).service_hours == Decimal(hours)
        return
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, service_hours=hours)
    assert exc.value.message_dict == {"service_hours": [msg(HOURS_MESSAGE)]}
    assert Activity.objects.get(pk=a.pk).service_hours is None


def test_the_api_refuses_hours_its_field_would_allow(world):
    today = timezone.localdate()
    body = {"title": "学雷锋志愿服务", "kind": "volunteer", "place": "和平社区",
            "starts_at": on(today, 0, 5).isoformat(), "ends_at": on(today + dt.timedelta(days=1), 20).isoformat(),
            "off_day_confirmed": True, "audience_classes": [world.class_a.pk], "signup_open": True}
    before = Activity.objects.count()
    for field, value, message in (("service_hours", "999.9", HOURS_MESSAGE), ("capacity", 0, CAPACITY_MESSAGE)):
        r = world.client("head_teacher_a").post("/api/v1/activities/", body | {field: value},
                                                content_type="application/json")
        assert r.status_code == 400, r.content
        assert r.json()[field] == [msg(message)]
    assert Activity.objects.count() == before


@pytest.mark.parametrize("status", [S.REJECTED, S.SUMMARISED, S.ARCHIVED])
def test_an_activity_refused_or_over_keeps_its_sign_up_as_it_was(world, status):
    a = open_activity(world, capacity=5)
    place = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    Activity.objects.filter(pk=a.pk).update(status=status)
    a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.signup_settings_update(actor=world.actor("head_teacher_a"), activity=a, signup_open=False,
                                        capacity=9)
    for persona in ("student_y", "head_teacher_a"):
        with pytest.raises(ValidationError) as exc:
            services.signup_cancel(actor=world.actor(persona), signup=place)
        assert exc.value.messages == [msg("The activity is %(status)s: its sign-up can no longer change.",
                                          status=a.get_status_display())]
    a.refresh_from_db()
    assert (a.signup_open, a.capacity) == (True, 5)
    assert SignUp.objects.get(pk=place.pk).status == W.SIGNED_UP


def test_the_capacity_may_come_down_to_the_places_taken_and_no_lower(world):
    a = open_activity(world, capacity=5)
    organiser = world.actor("head_teacher_a")
    for s in students(world, 3):
        services.signup_add(actor=organiser, activity=a, student=s)
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=2)
    assert exc.value.message_dict == {"capacity": [msg("%(n)d people have a place already: the capacity cannot be "
                                                       "lower.", n=3)]}
    assert Activity.objects.get(pk=a.pk).capacity == 5
    services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=3)
    assert Activity.objects.get(pk=a.pk).capacity == 3


def test_hours_that_are_no_number_are_told_on_their_field(world):
    a = open_activity(world)
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=world.actor("head_teacher_a"), activity=a, signup_open=True,
                                        service_hours="两小时")
    assert exc.value.message_dict == {"service_hours": [msg("Enter the hours as a number, such as 2 or 1.5.")]}
    assert Activity.objects.get(pk=a.pk).service_hours is None


def test_the_audit_log_names_who_changed_the_sign_up_settings(world):
    from auditlog.models import LogEntry

    a = open_activity(world)
    services.signup_settings_update(actor=world.actor("head_teacher_a"), activity=a, signup_open=True, capacity=12)
    entry = LogEntry.objects.get_for_object(Activity.objects.get(pk=a.pk)).latest("timestamp")
    assert entry.changes_dict["capacity"][1] == "12"
    assert entry.actor == world.users["head_teacher_a"]


def test_the_organiser_is_told_why_a_refused_activitys_sign_up_cannot_change(world):
    a = open_activity(world, capacity=5)
    Activity.objects.filter(pk=a.pk).update(status=S.REJECTED)
    a.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=world.actor("head_teacher_a"), activity=a, signup_open=True,
                                        capacity=9)
    assert exc.value.messages == [msg("The activity is %(status)s: its sign-up can no longer change.",
                                      status=a.get_status_display())]


def test_a_place_cancelled_twice_is_told_so(world):
    a = open_activity(world)
    place = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    services.signup_cancel(actor=world.actor("student_y"), signup=place)
    with pytest.raises(ValidationError) as exc:
        services.signup_cancel(actor=world.actor("student_y"), signup=place)
    assert exc.value.messages == [msg("This sign-up is cancelled already.")]


def test_two_activities_keep_their_places_and_waiting_lists_apart(world):
    organiser = world.actor("head_teacher_a")
    a = open_activity(world, "清明祭英烈", capacity=1)
    b = open_activity(world, "敬老院慰问", capacity=1)
    s1, s2, s3 = students(world, 3)
    services.signup_add(actor=organiser, activity=a, student=s1)
    waiting_a = services.signup_add(actor=organiser, activity=a, student=s3)
    assert waiting_a.status == W.WAITING
    # a place taken on one activity is no place taken on the other; a student on one may sign up for the other
    assert services.signup_add(actor=organiser, activity=b, student=s2).status == W.SIGNED_UP
    on_b = services.signup_add(actor=organiser, activity=b, student=s1)
    assert on_b.status == W.WAITING
    # a place freed on b moves up b's first waiting, never a's (who signed up earlier)
    services.signup_cancel(actor=organiser, signup=SignUp.objects.get(activity=b, student=s2))
    assert SignUp.objects.get(pk=on_b.pk).status == W.SIGNED_UP
    assert SignUp.objects.get(pk=waiting_a.pk).status == W.WAITING
    # a parent's own place on one activity does not stop them signing up for another
    parent = world.actor("parent_x")
    services.signup_add(actor=parent, activity=open_activity(world, "家长开放日", audience_parents=True))
    assert services.signup_add(actor=parent, activity=open_activity(world, "亲子运动会", audience_parents=True)
                               ).status == W.SIGNED_UP


def test_who_signed_up_again_waits_behind_those_already_waiting(world):
    a = open_activity(world, capacity=2)
    organiser = world.actor("head_teacher_a")
    s1, s2, s3, s4 = students(world, 4)
    first = services.signup_add(actor=organiser, activity=a, student=s1)
    services.signup_add(actor=organiser, activity=a, student=s2)
    again = services.signup_add(actor=organiser, activity=a, student=s3)
    then = services.signup_add(actor=organiser, activity=a, student=s4)
    assert (again.status, then.status) == (W.WAITING, W.WAITING)
    services.signup_cancel(actor=organiser, signup=again)
    assert services.signup_add(actor=organiser, activity=a, student=s3).pk == again.pk  # the same row, signed again
    services.signup_cancel(actor=organiser, signup=first)
    assert SignUp.objects.get(pk=then.pk).status == W.SIGNED_UP
    assert SignUp.objects.get(pk=again.pk).status == W.WAITING


def test_saving_the_settings_of_a_full_activity_moves_nobody_up(world):
    a = open_activity(world, capacity=2)
    organiser = world.actor("head_teacher_a")
    places = [services.signup_add(actor=organiser, activity=a, student=s) for s in students(world, 3)]
    assert places[2].status == W.WAITING
    services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=2, service_hours="2")
    assert SignUp.objects.get(pk=places[2].pk).status == W.WAITING
    assert SignUp.objects.filter(activity=a, status=W.SIGNED_UP).count() == 2


def test_the_organiser_and_the_director_sign_up_a_student_of_any_invited_class(world):
    a = open_activity(world, classes=[world.class_a, world.class_b])
    # student_z is in class 2: not head_teacher_a's class, but head_teacher_a organises the activity
    assert services.signup_add(actor=world.actor("head_teacher_a"), activity=a,
                               student=world.student_z).status == W.SIGNED_UP
    b = open_activity(world, "敬老院慰问", classes=[world.class_a, world.class_b])
    assert services.signup_add(actor=world.actor("director"), activity=b,
                               student=world.student_z).status == W.SIGNED_UP
    # head_teacher_b neither organises it nor teaches class 1
    with pytest.raises(ValidationError) as exc:
        services.signup_add(actor=world.actor("head_teacher_b"), activity=b, student=world.student_x)
    assert exc.value.messages == [msg("This activity is not open to you.")]


def test_sign_up_closes_the_moment_the_activity_ends(world):
    from unittest import mock

    a = open_activity(world)
    with mock.patch("django.utils.timezone.now", return_value=a.ends_at), pytest.raises(ValidationError) as exc:
        services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    assert exc.value.messages == [msg("The activity is over: sign-up is closed.")]
    assert not SignUp.objects.filter(activity=a).exists()


def test_a_long_account_name_is_cut_to_the_lists_fifty_characters(world):
    from xinhuo.core.access import build_actor

    parent = world.users["parent_x"]
    parent.full_name, parent.username = "", "p" * 60  # no full name: the account's name is shown
    parent.save(update_fields=["full_name", "username"])
    a = open_activity(world, audience_parents=True)
    place = services.signup_add(actor=build_actor(parent), activity=a)
    assert SignUp.objects.get(pk=place.pk).name == "p" * 50
