"""The activity workflow (ACT-1): every transition, each refusal changing nothing, each step kept and signalled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.activities import services, signals
from xinhuo.activities.models import Activity, ActivityStatus, ActivityStep

S = ActivityStatus


def at(days: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def apply(world, persona="head_teacher_a", **kw) -> Activity:
    fields = {"title": "清明祭英烈", "kind": "study_trip", "starts_at": at(0, 8), "ends_at": at(0, 11),
              "objectives": "缅怀先烈", "place": "烈士陵园", "budget_request": "1200", "elders": [world.elder],
              "route": "学校—烈士陵园—纪念馆", "off_day_confirmed": True}  # today may be a weekend
    return services.activity_apply(actor=world.actor(persona), **(fields | kw))


@pytest.fixture
def heard():
    got = []

    def listen(sender, activity, step, actor, **kw):
        got.append((activity.pk, step.from_status, step.to_status))

    signals.activity_changed.connect(listen)
    yield got
    signals.activity_changed.disconnect(listen)


def test_the_whole_way_from_application_to_archive(world, heard):
    a = apply(world)
    assert a.status == S.APPLIED and a.organiser == world.users["head_teacher_a"]
    assert list(a.elders.all()) == [world.elder] and str(a.budget_request) == "1200.00"
    leader, teacher = world.actor("leader"), world.actor("head_teacher_a")
    a = services.activity_transition(actor=leader, activity=a, action="return", comment="请补充安全预案")
    a = services.activity_update(actor=teacher, activity=a, title="清明祭英烈", kind="study_trip",
                                 starts_at=at(0, 8), ends_at=at(0, 11), safety_plan="分组乘车，每组一名教师",
                                 route="学校—烈士陵园", off_day_confirmed=True)
    a = services.activity_transition(actor=teacher, activity=a, action="resubmit")
    a = services.activity_transition(actor=leader, activity=a, action="approve", comment="同意")
    a = services.activity_transition(actor=teacher, activity=a, action="start")
    a = services.activity_transition(actor=teacher, activity=a, action="summarise", summary="120 名学生参加",
                                     participants=120)
    a = services.activity_transition(actor=world.actor("director"), activity=a, action="archive")
    assert a.status == S.ARCHIVED and a.participants == 120 and a.safety_plan == "分组乘车，每组一名教师"
    steps = list(ActivityStep.objects.filter(activity=a).values_list("from_status", "to_status", "by__username",
                                                                     "comment"))
    assert steps == [
        ("", S.APPLIED, "teacher", ""), (S.APPLIED, S.RETURNED, "leader", "请补充安全预案"),
        (S.RETURNED, S.APPLIED, "teacher", ""), (S.APPLIED, S.APPROVED, "leader", "同意"),
        (S.APPROVED, S.RUNNING, "teacher", ""), (S.RUNNING, S.SUMMARISED, "teacher", ""),
        (S.SUMMARISED, S.ARCHIVED, "director", "")]
    assert [(f, t) for _pk, f, t in heard] == [(f, t) for f, t, _by, _c in steps]


def test_a_rejection_needs_a_reason_and_ends_the_application(world):
    a = apply(world)
    leader = world.actor("leader")
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(actor=leader, activity=a, action="reject", comment="  ")
    assert "comment" in exc.value.message_dict
    a = services.activity_transition(actor=leader, activity=a, action="reject", comment="与期中考试冲突")
    assert a.status == S.REJECTED
    with pytest.raises(ValidationError):  # nothing follows a rejection
        services.activity_transition(actor=leader, activity=a, action="approve")
    assert Activity.objects.get(pk=a.pk).status == S.REJECTED


def test_approving_ones_own_application_is_refused_with_a_reason(world):
    a = apply(world, persona="leader")
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(actor=world.actor("leader"), activity=a, action="approve")
    assert "另一位" in " ".join(exc.value.messages) or "another" in " ".join(exc.value.messages)
    assert Activity.objects.get(pk=a.pk).status == S.APPLIED
    services.activity_transition(actor=world.actor("director"), activity=a, action="approve")
    assert Activity.objects.get(pk=a.pk).status == S.APPROVED


def test_bad_applications_write_nothing(world):
    with pytest.raises(ValidationError) as exc:
        apply(world, title=" ", kind="party", starts_at=at(3, 10), ends_at=at(3, 9), budget_request="-5")
    assert set(exc.value.message_dict) == {"title", "kind", "ends_at", "budget_request"}
    other_elder = type(world.elder).objects.create(school=world.other, name="外校五老", gender="M",
                                                   category=world.elder.category)
    with pytest.raises(ValidationError) as exc:
        apply(world, elders=[other_elder])
    assert "elders" in exc.value.message_dict
    assert not Activity.objects.exists() and not ActivityStep.objects.exists()


def test_who_may_take_which_step(world):
    a = apply(world)
    for persona in ("head_teacher_a", "head_teacher_b", "counsellor"):  # not approvers
        with pytest.raises(Http404):
            services.activity_transition(actor=world.actor(persona), activity=a, action="approve")
    with pytest.raises(Http404):  # the other school's director
        services.activity_transition(actor=world.actor("outsider"), activity=a, action="approve")
    services.activity_transition(actor=world.actor("leader"), activity=a, action="approve")
    with pytest.raises(Http404):  # another teacher does not run someone else's activity
        services.activity_transition(actor=world.actor("head_teacher_b"), activity=a, action="start")
    with pytest.raises(Http404):  # finance may not apply
        apply(world, persona="finance")


def test_an_activity_runs_from_its_day_and_is_summarised_with_numbers(world):
    a = apply(world, starts_at=at(5, 8), ends_at=at(5, 11))
    teacher = world.actor("head_teacher_a")
    services.activity_transition(actor=world.actor("leader"), activity=a, action="approve")
    with pytest.raises(ValidationError):
        services.activity_transition(actor=teacher, activity=a, action="start")
    Activity.objects.filter(pk=a.pk).update(starts_at=at(0, 8), ends_at=at(0, 11))
    a = services.activity_transition(actor=teacher, activity=Activity.objects.get(pk=a.pk), action="start")
    with pytest.raises(ValidationError) as exc:
        services.activity_transition(actor=teacher, activity=a, action="summarise", summary="", participants=-1)
    assert set(exc.value.message_dict) == {"summary", "participants"}
    assert Activity.objects.get(pk=a.pk).status == S.RUNNING


def test_an_approved_application_can_no_longer_be_changed(world):
    a = apply(world)
    services.activity_transition(actor=world.actor("leader"), activity=a, action="approve")
    with pytest.raises(ValidationError):
        services.activity_update(actor=world.actor("head_teacher_a"), activity=a, title="改名", kind="lecture",
                                 starts_at=at(0, 8), ends_at=at(0, 11))
    assert Activity.objects.get(pk=a.pk).title == "清明祭英烈"
