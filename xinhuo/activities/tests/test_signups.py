"""Sign-up and attendance (ACT-4): who may sign up whom, capacity and waiting list, moving up with a notice, the
organiser's settings and check-in, and the hours credited once on the summary. Each refusal writes nothing."""

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
from xinhuo.activities.tests.support import msg, student_with_account
from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.core.models import Notification
from xinhuo.elders.models import ServiceRecord
from xinhuo.people.models import Student

S = ActivityStatus
W = SignUpStatus


def open_activity(world, title="学雷锋志愿服务", **kw) -> Activity:
    """Running, open to class 1, sign-up open (helpers.make: written directly, not through the services)."""
    return h.make(world, title, **({"signup_open": True} | kw))


def refused(call, **kw) -> ValidationError:
    """The call raises a ValidationError and writes no sign-up."""
    before = list(SignUp.objects.order_by("pk").values_list("pk", "status", "checked_in_at"))
    with pytest.raises(ValidationError) as exc:
        call(**kw)
    assert list(SignUp.objects.order_by("pk").values_list("pk", "status", "checked_in_at")) == before
    return exc.value


def test_a_student_signs_up_themselves_and_a_parent_their_child(world):
    a = open_activity(world, audience_parents=True)
    own = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    assert (own.kind, own.status, own.student, own.name, own.signed_by) == (
        SignUpKind.STUDENT, W.SIGNED_UP, world.student_y, "李小红", world.users["student_y"])
    child = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    assert (child.kind, child.status, child.student, child.signed_by) == (
        SignUpKind.STUDENT, W.SIGNED_UP, world.student_x, world.users["parent_x"])
    # the parent themselves, since parents are invited
    me = services.signup_add(actor=world.actor("parent_x"), activity=a)
    assert (me.kind, me.user, me.student) == (SignUpKind.PARENT, world.users["parent_x"], None)
    assert SignUp.objects.filter(activity=a, status=W.SIGNED_UP).count() == 3


def test_a_parent_may_not_sign_up_another_child_nor_a_student_another_student(world):
    a = open_activity(world)
    # 李小红 is in the invited class, but neither the parent's child nor the student themselves: the class is
    # invited, so the message says the sign-up is not theirs to make
    for persona in ("parent_x", "student_x", "head_teacher_b"):
        exc = refused(services.signup_add, actor=world.actor(persona), activity=a, student=world.student_y)
        assert exc.messages == [msg("This activity is not open to you.")], persona
    # not invited as a parent (parents are not in the audience) nor as anything else
    exc = refused(services.signup_add, actor=world.actor("parent_x"), activity=a)
    assert exc.messages == [msg("This activity is not open to you.")]
    assert not SignUp.objects.exists()


def test_a_student_who_left_school_is_not_signed_up(world):
    a = open_activity(world)
    Student.objects.filter(pk=world.student_x.pk).update(status=Student.Status.TRANSFERRED)
    world.student_x.refresh_from_db()
    for persona in ("parent_x", "head_teacher_a"):
        exc = refused(services.signup_add, actor=world.actor(persona), activity=a, student=world.student_x)
        assert exc.messages == [msg("%(name)s is no longer at school and cannot sign up.", name="张小明")]
    assert not SignUp.objects.exists()


def test_a_class_not_invited_is_refused_with_its_message(world):
    a = open_activity(world)  # class 1 only
    for persona in ("head_teacher_b", "head_teacher_a", "director"):  # even the organiser and the director
        exc = refused(services.signup_add, actor=world.actor(persona), activity=a, student=world.student_z)
        assert exc.messages == [msg("%(name)s's class is not invited to this activity.", name="王小刚")]
    assert not SignUp.objects.exists()


def test_capacity_then_waiting_list_then_full(world):
    a = open_activity(world, capacity=2)
    organiser = world.actor("head_teacher_a")
    extra = [student_with_account(world, world.class_a, f"20261{i}", f"学生{i}", 10 + i, f"s{i}") for i in range(3)]
    first, second = (services.signup_add(actor=organiser, activity=a, student=s) for s in extra[:2])
    assert first.status == second.status == W.SIGNED_UP
    # beyond the capacity: the waiting list, which holds as many as the capacity
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    assert x.status == y.status == W.WAITING
    exc = refused(services.signup_add, actor=organiser, activity=a, student=extra[2])
    assert exc.messages == [msg("The activity is full: all %(n)d places and the waiting list are taken.", n=2)]
    assert list(SignUp.objects.filter(activity=a).values_list("status", flat=True).order_by("pk")) == [
        W.SIGNED_UP, W.SIGNED_UP, W.WAITING, W.WAITING]


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told(world):
    a = open_activity(world, capacity=1)
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    assert x.status == W.WAITING
    notices = Notification.objects.count()
    services.signup_cancel(actor=world.actor("student_y"), signup=y)
    assert SignUp.objects.get(pk=y.pk).status == W.CANCELLED
    assert SignUp.objects.get(pk=x.pk).status == W.SIGNED_UP
    told = Notification.objects.filter(title=msg("You have a place: %(title)s", title=a.title))
    # the parent who signed up and the child's own account; nobody else
    assert sorted(told.values_list("recipient__username", flat=True)) == ["parent", "student"]
    assert Notification.objects.count() == notices + 2
    assert told.first().link == f"/activities/{a.pk}/"
    # a cancelled sign-up is not cancelled twice, and another family may not cancel it
    refused(services.signup_cancel, actor=world.actor("student_y"), signup=y)
    with pytest.raises(Http404):
        services.signup_cancel(actor=world.actor("student_y"), signup=x)
    assert SignUp.objects.get(pk=x.pk).status == W.SIGNED_UP


def test_cancelling_a_waiting_place_moves_nobody_up(world):
    a = open_activity(world, capacity=1)
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    notices = Notification.objects.count()
    services.signup_cancel(actor=world.actor("parent_x"), signup=x)
    assert SignUp.objects.get(pk=x.pk).status == W.CANCELLED and SignUp.objects.get(pk=y.pk).status == W.SIGNED_UP
    assert Notification.objects.count() == notices
    # cancelled, the child may sign up again (the same row comes back)
    again = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    assert again.pk == x.pk and again.status == W.WAITING


def test_raising_the_capacity_moves_people_up_and_lowering_it_below_the_places_is_refused(world):
    a = open_activity(world, capacity=1)
    organiser = world.actor("head_teacher_a")
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    assert x.status == W.WAITING
    services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=2, service_hours="1.5")
    a.refresh_from_db()
    assert (a.capacity, a.service_hours) == (2, Decimal("1.5"))
    assert SignUp.objects.get(pk=x.pk).status == W.SIGNED_UP
    assert Notification.objects.filter(title=msg("You have a place: %(title)s", title=a.title),
                                       recipient=world.users["parent_x"]).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.signup_settings_update(actor=organiser, activity=a, signup_open=True, capacity=1)
    assert exc.value.message_dict == {"capacity": [msg(
        "%(n)d people have a place already: the capacity cannot be lower.", n=2)]}
    a.refresh_from_db()
    assert a.capacity == 2 and SignUp.objects.get(pk=y.pk).status == W.SIGNED_UP
    # only the organiser (or the director) changes the settings
    with pytest.raises(Http404):
        services.signup_settings_update(actor=world.actor("head_teacher_b"), activity=a, signup_open=False)
    assert Activity.objects.get(pk=a.pk).signup_open


def test_no_limit_moves_everyone_waiting_up_in_order(world):
    a = open_activity(world, capacity=1)
    organiser = world.actor("head_teacher_a")
    signups = [services.signup_add(actor=organiser, activity=a, student=s) for s in (world.student_x, world.student_y)]
    assert [s.status for s in signups] == [W.SIGNED_UP, W.WAITING]
    services.signup_settings_update(actor=world.actor("director"), activity=a, signup_open=True, capacity="")
    assert Activity.objects.get(pk=a.pk).capacity is None
    assert set(SignUp.objects.filter(activity=a).values_list("status", flat=True)) == {W.SIGNED_UP}


def test_double_sign_up_is_refused(world):
    a = open_activity(world)
    services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    for persona in ("parent_x", "student_x", "head_teacher_a"):
        exc = refused(services.signup_add, actor=world.actor(persona), activity=a, student=world.student_x)
        assert exc.messages == [msg("%(name)s is signed up already.", name="张小明")]
    assert SignUp.objects.filter(activity=a).count() == 1


@pytest.mark.parametrize("change", ["closed", "over", "applied", "rejected", "summarised"])
def test_sign_up_refused_when_closed_over_or_not_approved(world, change):
    a = open_activity(world)
    Activity.objects.filter(pk=a.pk).update(**{
        "closed": {"signup_open": False},
        "over": {"starts_at": timezone.now() - dt.timedelta(days=2), "ends_at": timezone.now() - dt.timedelta(hours=1)},
        "applied": {"status": S.APPLIED},
        "rejected": {"status": S.REJECTED},
        "summarised": {"status": S.SUMMARISED},
    }[change])
    a.refresh_from_db()
    exc = refused(services.signup_add, actor=world.actor("parent_x"), activity=a, student=world.student_x)
    expected = ("The activity is over: sign-up is closed." if change == "over"
                else "Sign-up for this activity is not open.")
    assert exc.messages == [msg(expected)]
    assert not SignUp.objects.exists()


def test_check_in_only_while_running_and_only_with_a_place(world):
    a = open_activity(world, capacity=1, status=S.APPROVED)
    organiser = world.actor("head_teacher_a")
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    exc = refused(services.checkin_set, actor=organiser, signup=y, present=True)
    assert exc.messages == [msg("Check-in is possible while the activity runs: start it first.")]
    Activity.objects.filter(pk=a.pk).update(status=S.RUNNING)
    exc = refused(services.checkin_set, actor=organiser, signup=x, present=True)
    assert exc.messages == [msg("%(name)s has no place (waiting list or cancelled): give them a place first.",
                                name="张小明")]
    for persona in ("head_teacher_b", "student_y", "parent_x"):  # only the organiser (or the director) checks in
        with pytest.raises(Http404):
            services.checkin_set(actor=world.actor(persona), signup=y, present=True)
    y = services.checkin_set(actor=organiser, signup=y, present=True)
    assert y.checked_in_at is not None and y.checked_in_by == world.users["head_teacher_a"]
    first = y.checked_in_at
    assert services.checkin_set(actor=organiser, signup=y, present=True).checked_in_at == first  # idempotent
    # a checked-in person cannot be cancelled before the check-in is undone
    exc = refused(services.signup_cancel, actor=world.actor("student_y"), signup=y)
    assert exc.messages == [msg("%(name)s is checked in: undo the check-in first.", name="李小红")]
    y = services.checkin_set(actor=organiser, signup=y, present=False)
    assert y.checked_in_at is None and y.checked_in_by is None


def summarise(world, a: Activity) -> Activity:
    return services.activity_transition(actor=world.actor("head_teacher_a"), activity=a, action="summarise",
                                        summary="学生和五老一起打扫社区", participants=2)


def test_the_summary_credits_hours_once_to_whoever_was_checked_in(world):
    a = open_activity(world, audience_elders=True, service_hours=Decimal("2"))
    organiser = world.actor("head_teacher_a")
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    y = services.signup_add(actor=world.actor("student_y"), activity=a, student=world.student_y)
    elder = services.signup_add(actor=world.actor("elder"), activity=a)
    assert (elder.kind, elder.elder, elder.name) == (SignUpKind.ELDER, world.elder, "周老")
    services.checkin_set(actor=organiser, signup=x, present=True)
    services.checkin_set(actor=organiser, signup=elder, present=True)
    # 李小红 signed up but did not come
    a = summarise(world, a)
    assert a.status == S.SUMMARISED and a.hours_credited_at is not None

    growth = GrowthEntry.objects.get()
    assert (growth.student, growth.kind, growth.hours, growth.title, growth.internal, growth.source_ref) == (
        world.student_x, GrowthKind.SERVICE, Decimal("2.0"), a.title, False, f"activity:{a.pk}:signup:{x.pk}")
    assert growth.on == timezone.localtime(a.starts_at).date()
    record = ServiceRecord.objects.get()
    assert (record.elder, record.hours, record.source, record.source_ref) == (
        world.elder, Decimal("2.0"), "activity", f"activity:{a.pk}:signup:{elder.pk}")
    assert {s.pk: s.hours for s in SignUp.objects.filter(activity=a)} == {
        x.pk: Decimal("2.0"), elder.pk: Decimal("2.0"), y.pk: None}
    assert not GrowthEntry.objects.filter(student=world.student_y).exists()

    # crediting again (a retry, a second summary) adds nothing
    services._credit_hours(organiser, Activity.objects.get(pk=a.pk))
    assert GrowthEntry.objects.count() == 1 and ServiceRecord.objects.count() == 1
    # and the workflow does not summarise twice
    with pytest.raises(ValidationError):
        summarise(world, Activity.objects.get(pk=a.pk))
    assert GrowthEntry.objects.count() == 1 and ServiceRecord.objects.count() == 1


def test_without_service_hours_the_student_record_gains_the_activity_and_the_elder_nothing(world):
    a = open_activity(world, audience_elders=True)
    organiser = world.actor("head_teacher_a")
    x = services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    elder = services.signup_add(actor=world.actor("elder"), activity=a)
    for s in (x, elder):
        services.checkin_set(actor=organiser, signup=s, present=True)
    summarise(world, a)
    growth = GrowthEntry.objects.get()
    assert (growth.kind, growth.hours) == (GrowthKind.ACTIVITY, None)
    assert not ServiceRecord.objects.exists()
    assert list(SignUp.objects.filter(activity=a).values_list("hours", flat=True)) == [None, None]


def test_nobody_checked_in_nobody_credited(world):
    a = open_activity(world, service_hours=Decimal("1"))
    services.signup_add(actor=world.actor("parent_x"), activity=a, student=world.student_x)
    summarise(world, a)
    assert not GrowthEntry.objects.exists() and not ServiceRecord.objects.exists()
    assert SignUp.objects.get().hours is None
