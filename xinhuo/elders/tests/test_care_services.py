"""Care for the elders (ELD-4), the rules behind the page: the birthday list (month and year boundaries,
29 February), when a yearly health check is due, care visits and recreation events with their refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from xinhuo.elders.models import CareVisit, Elder, RecreationEvent
from xinhuo.elders.welfare import selectors, services

D = dt.date


def elder(world, name, born=None, checked=None, status=Elder.Status.ACTIVE, school=None):
    return Elder.objects.create(school=school or world.school, name=name, gender="F", category=Elder.Category.EXPERT,
                                birth_date=born, last_health_check=checked, status=status)


# --- birthdays ------------------------------------------------------------------------------------------


def names(birthdays) -> list[tuple[str, dt.date, int, int]]:
    return [(b.elder.name, b.on, b.turns, b.in_days) for b in birthdays]


def test_birthdays_across_the_month_and_year_boundary_with_the_age_they_turn(world):
    people = [
        elder(world, "今天", D(1950, 12, 20)),
        elder(world, "月底", D(1946, 12, 31)),
        elder(world, "元旦", D(1944, 1, 1)),
        elder(world, "一月中", D(1951, 1, 19)),
        elder(world, "刚过", D(1950, 12, 19)),  # yesterday: next year's is too far
        elder(world, "太远", D(1950, 1, 20)),  # 31 days ahead
        elder(world, "不详", None),
    ]
    got = names(selectors.upcoming_birthdays(people, D(2026, 12, 20), 30))
    assert got == [("今天", D(2026, 12, 20), 76, 0), ("月底", D(2026, 12, 31), 80, 11),
                   ("元旦", D(2027, 1, 1), 83, 12), ("一月中", D(2027, 1, 19), 76, 30)]


def test_a_29_february_birthday_is_kept_on_28_february_in_a_common_year(world):
    leap = elder(world, "闰日", D(1948, 2, 29))
    assert names(selectors.upcoming_birthdays([leap], D(2027, 2, 10), 30)) == [("闰日", D(2027, 2, 28), 79, 18)]
    assert names(selectors.upcoming_birthdays([leap], D(2028, 2, 10), 30)) == [("闰日", D(2028, 2, 29), 80, 19)]
    # on 28 February of a common year it is today; on 1 March it has passed
    assert names(selectors.upcoming_birthdays([leap], D(2027, 2, 28), 0)) == [("闰日", D(2027, 2, 28), 79, 0)]
    assert selectors.upcoming_birthdays([leap], D(2027, 3, 1), 30) == []
    assert selectors.next_birthday(D(1948, 2, 29), D(2027, 3, 1)) == D(2028, 2, 29)


# --- health checks --------------------------------------------------------------------------------------


def test_a_health_check_is_due_when_never_recorded_or_older_than_365_days(world):
    today = D(2026, 12, 1)
    people = [
        elder(world, "从未", checked=None),
        elder(world, "一年零一天", checked=today - dt.timedelta(days=366)),
        elder(world, "整一年", checked=today - dt.timedelta(days=365)),
        elder(world, "快到了", checked=today - dt.timedelta(days=340)),
        elder(world, "刚查过", checked=today - dt.timedelta(days=30)),
    ]
    due = selectors.health_checks_due(people, today)
    # exactly a year ago is due today, not yet overdue
    assert [(h.elder.name, h.overdue, h.never) for h in due] == [
        ("从未", True, True), ("一年零一天", True, False), ("整一年", False, False)]
    soon = selectors.health_checks_due(people, today, within=30)
    assert [(h.elder.name, h.overdue, h.due_on) for h in soon] == [
        ("从未", True, None), ("一年零一天", True, D(2026, 11, 30)), ("整一年", False, D(2026, 12, 1)),
        ("快到了", False, D(2026, 12, 26))]


def test_the_committee_records_a_health_check_and_a_future_date_is_refused(world):
    e = elder(world, "钱老", born=D(1950, 3, 3))
    with pytest.raises(ValidationError) as exc:
        services.elder_health_check_record(actor=world.actor("director"), elder=e,
                                           date=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.message_dict["date"] == ["体检日期不能晚于今天。"]
    with pytest.raises(ValidationError) as exc:
        services.elder_health_check_record(actor=world.actor("director"), elder=e, date=D(1940, 1, 1))
    assert exc.value.message_dict["date"] == ["该日期早于老同志的出生日期。"]
    e.refresh_from_db()
    assert e.last_health_check is None
    for persona in ("elder", "outsider", "counsellor"):
        with pytest.raises(Http404):
            services.elder_health_check_record(actor=world.actor(persona), elder=e, date=timezone.localdate())
    services.elder_health_check_record(actor=world.actor("leader"), elder=e, date=timezone.localdate())
    e.refresh_from_db()
    assert e.last_health_check == timezone.localdate()


# --- care visits ----------------------------------------------------------------------------------------


def test_a_visit_is_planned_then_done_and_a_future_done_date_is_refused(world):
    today = timezone.localdate()
    v = services.care_visit_create(actor=world.actor("director"), elder=world.elder, planned_on=today,
                                   kind=CareVisit.Kind.HOLIDAY, visitors="赵书记")
    assert v.done_on is None and v.created_by == world.users["director"]
    with pytest.raises(ValidationError) as exc:
        services.care_visit_done(actor=world.actor("director"), visit=v, done_on=today + dt.timedelta(days=1),
                                 notes="很好")
    assert exc.value.message_dict["done_on"] == ["走访日期不能晚于今天。"]
    with pytest.raises(ValidationError) as exc:
        services.care_visit_done(actor=world.actor("director"), visit=v, done_on=None)
    assert exc.value.message_dict["done_on"] == ["请填写走访日期。"]
    v.refresh_from_db()
    assert v.done_on is None and v.notes == ""
    services.care_visit_done(actor=world.actor("leader"), visit=v, done_on=today, visitors="赵书记、李校长",
                             notes="身体硬朗，关心宣讲安排。")
    v.refresh_from_db()
    assert (v.done_on, v.visitors, v.notes) == (today, "赵书记、李校长", "身体硬朗，关心宣讲安排。")


def test_visit_refusals_change_nothing(world):
    today = timezone.localdate()
    foreign = elder(world, "外校老", school=world.other)
    with pytest.raises(ValidationError) as exc:
        services.care_visit_create(actor=world.actor("director"), elder=foreign, planned_on=today)
    assert exc.value.message_dict["elder"] == ["请选择本校五老队伍中的一位老同志。"]
    with pytest.raises(ValidationError) as exc:
        services.care_visit_create(actor=world.actor("director"), elder=world.elder,
                                   planned_on=today + dt.timedelta(days=400), kind="party")
    assert exc.value.message_dict == {"planned_on": ["日期在一年以后，请检查。"], "kind": ["请选择走访类型。"]}
    with pytest.raises(ValidationError) as exc:
        services.care_visit_create(actor=world.actor("director"), elder=world.elder,
                                   planned_on=today - dt.timedelta(days=2), done_on=today + dt.timedelta(days=1))
    assert exc.value.message_dict["done_on"] == ["走访日期不能晚于今天。"]
    for persona in ("elder", "counsellor"):
        with pytest.raises(Http404):
            services.care_visit_create(actor=world.actor(persona), elder=world.elder, planned_on=today)
    assert not CareVisit.objects.exists()
    v = services.care_visit_create(actor=world.actor("director"), elder=world.elder, planned_on=today)
    with pytest.raises(Http404):
        services.care_visit_done(actor=world.actor("outsider"), visit=v, done_on=today)
    with pytest.raises(Http404):
        services.care_visit_update(actor=world.actor("outsider"), visit=v, elder=world.elder, planned_on=today,
                                   kind=CareVisit.Kind.VISIT)


def test_a_visit_already_made_is_recorded_in_one_go(world):
    today = timezone.localdate()
    v = services.care_visit_create(actor=world.actor("director"), elder=world.elder,
                                   planned_on=today - dt.timedelta(days=3),
                                   done_on=today - dt.timedelta(days=2), notes="住院探望")
    assert v.done_on == today - dt.timedelta(days=2)
    assert list(selectors.planned_visits(world.school, today)) == []


def test_planned_visits_are_those_due_today_or_overdue_and_not_done(world):
    today = timezone.localdate()
    mk = CareVisit.objects.create
    due = mk(school=world.school, elder=world.elder, planned_on=today)
    late = mk(school=world.school, elder=world.elder, planned_on=today - dt.timedelta(days=5))
    mk(school=world.school, elder=world.elder, planned_on=today + dt.timedelta(days=1))
    mk(school=world.school, elder=world.elder, planned_on=today - dt.timedelta(days=5), done_on=today)
    mk(school=world.other, elder=elder(world, "外校老", school=world.other), planned_on=today)
    assert list(selectors.planned_visits(world.school, today)) == [late, due]


# --- recreation -----------------------------------------------------------------------------------------


def test_a_recreation_event_with_participants_of_the_school_only(world):
    today = timezone.localdate()
    a = elder(world, "甲老")
    event = services.recreation_event_create(actor=world.actor("director"), title="“金秋”书画展", date=today,
                                             place="图书馆", participants=[a, world.elder])
    assert set(event.participants.values_list("name", flat=True)) == {"甲老", "周老"}
    foreign = elder(world, "外校老", school=world.other)
    with pytest.raises(ValidationError) as exc:
        services.recreation_event_update(actor=world.actor("director"), event=event, title="", date=today,
                                         participants=[a, foreign])
    assert exc.value.message_dict == {"title": ["请填写活动名称。"],
                                      "participants": ["所选人员中有不属于本校五老队伍的。"]}
    event.refresh_from_db()
    assert event.title == "“金秋”书画展" and event.participants.count() == 2
    services.recreation_event_update(actor=world.actor("director"), event=event, title="书画展", date=today,
                                     participants=[a])
    assert list(event.participants.values_list("name", flat=True)) == ["甲老"]
    with pytest.raises(Http404):
        services.recreation_event_create(actor=world.actor("elder"), title="象棋", date=today)
    assert RecreationEvent.objects.count() == 1
