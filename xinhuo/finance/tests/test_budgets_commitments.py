"""An activity's budget request becomes money held on the budget (ACT-1 ↔ GOV-3), through the activities' own
services: approved → a pending commitment on the first plain activity line; summarised with its actual cost →
closed (the cost counts as spent); released by finance → back in the balance. An approval beyond the line's
balance is recorded all the same, flagged in the report, and finance is told. Finance may move a commitment to
another line, which must hold it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from xinhuo.activities import services as activities
from xinhuo.activities.models import Activity
from xinhuo.core.models import Notification
from xinhuo.finance.budgets import selectors, services
from xinhuo.finance.budgets.money import position
from xinhuo.finance.models import ClaimStatus, Commitment, CommitmentStatus, ExpenseClaim

from .finance_support import finance_budget

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def apply(world, budget="1200", title="清明祭英烈") -> Activity:
    return activities.activity_apply(
        actor=world.actor("head_teacher_a"), title=title, kind="study_trip", starts_at=at(0, 8), ends_at=at(0, 11),
        objectives="缅怀先烈", place="烈士陵园", budget_request=budget, route="学校—烈士陵园", off_day_confirmed=True)


def step(world, activity, action, persona="director", **kw) -> Activity:
    return activities.activity_transition(actor=world.actor(persona), activity=activity, action=action, **kw)


def summarise(world, activity, **kw) -> Activity:
    step(world, activity, "start", "head_teacher_a")
    return step(world, activity, "summarise", "head_teacher_a", summary="同学们参观了纪念馆。", participants=40, **kw)


def test_approval_commits_the_request_and_the_summary_closes_it_with_the_actual_cost(world):
    fb = finance_budget(world)
    activity = apply(world)
    assert not Commitment.objects.exists()  # an application is not money yet
    step(world, activity, "approve")
    c = Commitment.objects.get(activity=activity)
    assert (c.line, c.amount, c.status) == (fb.activity, Decimal("1200"), CommitmentStatus.PENDING)
    assert position(fb.activity).committed == Decimal("1200")
    assert position(fb.activity).balance == Decimal("18800")

    summarise(world, activity, actual_cost="1050.40")
    c.refresh_from_db()
    assert (c.status, c.actual) == (CommitmentStatus.CLOSED, Decimal("1050.40"))
    assert c.closed_at is not None
    pos = position(fb.activity)
    assert (pos.committed, pos.spent, pos.balance) == (Decimal(0), Decimal("1050.40"), Decimal("18949.60"))
    assert Activity.objects.get(pk=activity.pk).actual_cost == Decimal("1050.40")


def test_a_claim_for_the_activity_is_not_counted_twice_after_the_summary(world):
    fb = finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="门票",
                                kind="materials", amount=Decimal("800"), spent_on=timezone.localdate(),
                                line=fb.activity, activity=activity, status=ClaimStatus.PAID)
    assert position(fb.activity).balance == Decimal("18800")  # the claim uses the commitment
    summarise(world, activity, actual_cost="1000")
    pos = position(fb.activity)
    assert (pos.committed, pos.spent, pos.balance) == (Decimal(0), Decimal("1000"), Decimal("19000"))


def test_the_actual_cost_is_checked_like_any_amount(world):
    finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    step(world, activity, "start", "head_teacher_a")
    for bad in ("abc", "-1", "100000000"):
        with pytest.raises(ValidationError) as exc:
            step(world, activity, "summarise", "head_teacher_a", summary="总结", participants=3, actual_cost=bad)
        assert "actual_cost" in exc.value.message_dict
    assert Commitment.objects.get(activity=activity).status == CommitmentStatus.PENDING


def test_a_summary_without_an_actual_cost_closes_it_on_its_claims(world):
    fb = finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    summarise(world, activity)
    assert Commitment.objects.get(activity=activity).status == CommitmentStatus.CLOSED
    assert position(fb.activity).balance == Decimal("20000")


def test_finance_releases_a_commitment_and_the_money_is_back(world):
    fb = finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    c = Commitment.objects.get(activity=activity)
    with pytest.raises(Exception):  # noqa: B017,PT011 - the director does not hold finance's commitments: 404
        services.commitment_release(actor=world.actor("director"), commitment=c)
    services.commitment_release(actor=world.actor("finance"), commitment=c)
    c.refresh_from_db()
    assert c.status == CommitmentStatus.RELEASED and position(fb.activity).balance == Decimal("20000")
    with pytest.raises(ValidationError):
        services.commitment_release(actor=world.actor("finance"), commitment=c)
    summarise(world, activity, actual_cost="99")  # a released commitment stays released
    c.refresh_from_db()
    assert c.status == CommitmentStatus.RELEASED and c.actual is None


def test_a_rejection_releases_what_was_held(world):
    fb = finance_budget(world)
    activity = apply(world)
    c = Commitment.objects.create(school=world.school, line=fb.activity, activity=activity, amount=Decimal("1200"))
    step(world, activity, "reject", comment="经费不足")
    c.refresh_from_db()
    assert c.status == CommitmentStatus.RELEASED


def test_an_approval_beyond_the_balance_is_recorded_flagged_and_finance_is_told(world):
    fb = finance_budget(world)
    activity = apply(world, budget="25000", title="大型研学")
    step(world, activity, "approve")
    c = Commitment.objects.get(activity=activity)
    assert c.amount == Decimal("25000") and position(fb.activity).balance == Decimal("-5000")
    told = Notification.objects.filter(recipient=world.users["finance"])
    assert told.count() == 1 and "大型研学" in told.get().body
    report = selectors.report(world.actor("finance"))
    assert report["over"] == [fb.activity]
    assert [r["over"] for r in report["activities"]] == [True]


def test_no_approved_budget_means_no_commitment_and_finance_is_told(world):
    activity = apply(world)
    step(world, activity, "approve")
    assert not Commitment.objects.exists()
    assert Notification.objects.filter(recipient=world.users["finance"]).count() == 1


def test_no_request_no_commitment(world):
    finance_budget(world)
    step(world, apply(world, budget=""), "approve")
    step(world, apply(world, budget="0", title="零预算"), "approve")
    assert not Commitment.objects.exists()


def test_finance_moves_a_commitment_to_a_line_that_can_hold_it(world):
    fb = finance_budget(world)
    activity = apply(world, budget="4000")
    step(world, activity, "approve")
    c = Commitment.objects.get(activity=activity)
    finance = world.actor("finance")
    with override("en"), pytest.raises(ValidationError) as exc:
        services.commitment_move(actor=finance, commitment=c, line=fb.line("办公"))  # ¥3,000
    assert "balance is ¥3,000.00" in exc.value.message_dict["line"][0]
    assert Commitment.objects.get(pk=c.pk).line == fb.activity
    services.commitment_move(actor=finance, commitment=c, line=fb.line("培训"))
    assert position(fb.line("培训")).committed == Decimal("4000")
    assert position(fb.activity).committed == Decimal(0)


def test_the_summary_page_and_api_take_the_actual_cost(world):
    finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    step(world, activity, "start", "head_teacher_a")
    client = world.client("head_teacher_a")
    response = client.post(f"/activities/{activity.pk}/summary/", {"summary": "很好", "participants": "3",
                                                                     "actual_cost": "980.5"})
    assert response.status_code == 302
    assert Commitment.objects.get(activity=activity).actual == Decimal("980.50")
    detail = client.get(f"/api/v1/activities/{activity.pk}/").json()
    assert detail["actual_cost"] == "980.50"


def test_the_summary_api_takes_the_actual_cost(world):
    finance_budget(world)
    activity = apply(world)
    step(world, activity, "approve")
    step(world, activity, "start", "head_teacher_a")
    response = world.client("head_teacher_a").post(
        f"/api/v1/activities/{activity.pk}/summary/", {"summary": "很好", "participants": 3, "actual_cost": "1500"},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["actual_cost"] == "1500.00"
    assert Commitment.objects.get(activity=activity).actual == Decimal("1500")
