"""Growth-record entries: who records them, the checks (no future date, hours for service only and above 0,
moral-education notes internal by default), and entries from other modules deduplicated by their source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.care.growth import services
from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.core.tests.helpers import when_run

TODAY = timezone.localdate


def test_staff_record_entries_and_moral_notes_are_internal_by_default(world):
    teacher = world.actor("head_teacher_a")
    note = services.growth_entry_add(actor=teacher, student=world.student_x, kind=GrowthKind.MORAL_NOTE,
                                     on=TODAY(), title="与同学发生争执", detail="已谈话")
    award = services.growth_entry_add(actor=teacher, student=world.student_x, kind=GrowthKind.AWARD,
                                      on=TODAY() - dt.timedelta(days=3), title="区数学竞赛二等奖")
    service = services.growth_entry_add(actor=world.actor("counsellor"), student=world.student_x,
                                        kind=GrowthKind.SERVICE, on=TODAY(), title="社区敬老", hours="2.5")
    public_note = services.growth_entry_add(actor=teacher, student=world.student_x, kind=GrowthKind.MORAL_NOTE,
                                            on=TODAY(), title="主动帮助同学", internal=False)
    assert (note.internal, award.internal, service.internal, public_note.internal) == (True, False, False, False)
    assert service.hours == Decimal("2.5") and note.recorded_by == world.users["head_teacher_a"]


@pytest.mark.parametrize("persona", ["head_teacher_b", "parent_x", "student_x", "elder", "admin", "finance",
                                     "outsider"])
def test_others_cannot_record(world, persona):
    with pytest.raises(Http404):
        services.growth_entry_add(actor=world.actor(persona), student=world.student_x, kind=GrowthKind.AWARD,
                                  on=TODAY(), title="x")
    assert not GrowthEntry.objects.exists()


@pytest.mark.parametrize("kwargs, field, message", [
    (lambda: {"kind": GrowthKind.AWARD, "on": TODAY() + dt.timedelta(days=1)}, "on", "不能晚于今天"),
    ({"kind": GrowthKind.SERVICE, "hours": None}, "hours", "大于 0"),
    ({"kind": GrowthKind.SERVICE, "hours": "0"}, "hours", "大于 0"),
    ({"kind": GrowthKind.SERVICE, "hours": "-2"}, "hours", "大于 0"),
    ({"kind": GrowthKind.SERVICE, "hours": "abc"}, "hours", "请用数字"),
    ({"kind": GrowthKind.SERVICE, "hours": "1001"}, "hours", "最多 1000 小时"),
    ({"kind": GrowthKind.CLUB, "hours": "2"}, "hours", "只有志愿服务"),
    ({"kind": GrowthKind.AWARD, "title": "  "}, "title", "请填写标题"),
    ({"kind": "secret"}, "kind", "请从"),
])
def test_bad_entries_are_refused_with_nothing_written(world, kwargs, field, message):
    args = {"on": TODAY(), "title": "记录", **when_run(kwargs)}
    with pytest.raises(ValidationError) as exc:
        services.growth_entry_add(actor=world.actor("director"), student=world.student_x, **args)
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert not GrowthEntry.objects.exists()


def test_entries_from_a_source_are_added_once(world):
    first = services.growth_entry_add_from_source(student=world.student_x, kind=GrowthKind.SERVICE,
                                                  on=TODAY(), title="植树节志愿服务", hours=3,
                                                  source_ref="activity:7:attendance:21")
    again = services.growth_entry_add_from_source(student=world.student_x, kind=GrowthKind.SERVICE,
                                                  on=TODAY(), title="植树节志愿服务（改名）", hours=4,
                                                  source_ref="activity:7:attendance:21")
    assert again.pk == first.pk and GrowthEntry.objects.count() == 1
    assert (again.title, again.hours, again.internal) == ("植树节志愿服务", Decimal("3.0"), False)
    # the same source for another student is another entry
    other = services.growth_entry_add_from_source(student=world.student_y, kind=GrowthKind.SERVICE, on=TODAY(),
                                                  title="植树节志愿服务", hours=3,
                                                  source_ref="activity:7:attendance:21")
    assert other.pk != first.pk and other.school_id == world.school.pk


def test_entries_from_a_source_are_checked_too(world):
    with pytest.raises(ValidationError) as exc:
        services.growth_entry_add_from_source(student=world.student_x, kind=GrowthKind.ACTIVITY, on=TODAY(),
                                              title="运动会", hours=2, source_ref="")
    assert set(exc.value.message_dict) == {"hours", "source_ref"}
    assert not GrowthEntry.objects.exists()
