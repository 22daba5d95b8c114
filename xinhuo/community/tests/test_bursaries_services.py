"""Bursaries' services: balances, restrictions and yearly limits refuse a grant with a Chinese message and write
nothing; the workflow's steps and who may take them; donors and funds are the committee's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from xinhuo.community.bursaries import selectors, services
from xinhuo.community.models import Donation, Grant, GrantStatus, GrantStep

from .bursaries_support import DAY, make_fund, propose, tag

pytestmark = pytest.mark.django_db


def refused(call) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.messages)


def test_a_head_teacher_proposes_for_their_class_and_the_snapshot_keeps_the_groups(world):
    fund = make_fund(world)
    tag(world, world.student_x, "left_behind")
    tag(world, world.student_x, "low_income")
    grant = propose(world, fund, world.student_x)
    assert grant.status == GrantStatus.APPLIED and grant.grade_level == 7
    assert grant.groups_snapshot == "留守儿童、贫困"
    assert [s.to_status for s in grant.steps.all()] == [GrantStatus.APPLIED]
    # student_z is in class B: not head teacher A's
    with pytest.raises(Http404):
        propose(world, fund, world.student_z)
    assert Grant.objects.count() == 1


def test_a_grant_beyond_the_balance_is_refused_and_a_pending_one_reserves_money(world):
    fund = make_fund(world, received="1000")
    propose(world, fund, world.student_x, amount="700")
    message = refused(lambda: propose(world, fund, world.student_y, amount="400"))
    assert "300.00" in message and "400.00" in message and fund.name in message
    assert Grant.objects.count() == 1
    fund = selectors.fund_detail(world.actor("director"), fund.pk)
    assert selectors.balance(fund) == Decimal("300.00") and fund.pending == Decimal("700.00")


def test_group_and_grade_restrictions(world):
    fund = make_fund(world, group_codes=["left_behind"], grade_min=8, grade_max=9)
    tag(world, world.student_x, "single_parent")
    message = refused(lambda: propose(world, fund, world.student_x))
    assert "留守儿童" in message and "张小明" in message
    fund2 = make_fund(world, name="只限留守", group_codes=["left_behind"], received="")
    services.donation_add(actor=world.actor("director"), fund=fund2, received_on=DAY, amount="900")
    tag(world, world.student_y, "left_behind")
    assert propose(world, fund2, world.student_y).pk
    assert Grant.objects.count() == 1


def test_the_yearly_maximum_per_student(world):
    fund = make_fund(world, max_per_student_year="800")
    propose(world, fund, world.student_x, amount="500")
    message = refused(lambda: propose(world, fund, world.student_x, amount="400"))
    assert "800.00" in message and "500.00" in message
    assert propose(world, fund, world.student_x, amount="300").amount == Decimal("300.00")
    # another school year starts afresh
    services.grant_propose(actor=world.actor("director"), fund=fund, student=world.student_x, amount="800",
                           granted_on=dt.date(2027, 9, 10), reason="新学年")


def test_bad_input_is_refused_in_chinese(world):
    fund = make_fund(world)
    with pytest.raises(ValidationError) as exc:
        propose(world, fund, world.student_x, amount="-5")
    assert set(exc.value.message_dict) == {"amount"}
    with pytest.raises(ValidationError) as exc:
        propose(world, fund, world.student_x, amount="abc", reason="")
    assert set(exc.value.message_dict) == {"amount", "reason"}
    services.fund_save(actor=world.actor("director"), fund=fund, donor=fund.donor, name=fund.name, status="closed")
    with pytest.raises(ValidationError) as exc:
        propose(world, fund, world.student_x)
    assert fund.name in exc.value.message_dict["fund"][0]
    assert Grant.objects.count() == 0


def test_the_workflow_and_who_takes_each_step(world):
    fund = make_fund(world)
    grant = propose(world, fund, world.student_x)
    for persona in ("head_teacher_a", "finance"):
        with pytest.raises(Http404):
            services.grant_step(actor=world.actor(persona), grant=grant, action="approve")
    with pytest.raises(Http404):  # finance pays, the director does not
        services.grant_step(actor=world.actor("director"), grant=grant, action="pay")
    with pytest.raises(ValidationError) as exc:
        services.grant_step(actor=world.actor("director"), grant=grant, action="return")
    assert "comment" in exc.value.message_dict
    grant = services.grant_step(actor=world.actor("director"), grant=grant, action="return", comment="请补充家访情况")
    assert grant.status == GrantStatus.RETURNED
    grant = services.grant_step(actor=world.actor("head_teacher_a"), grant=grant, action="resubmit", amount="600",
                                reason="已补充：父母在外务工，祖父母年迈")
    assert grant.status == GrantStatus.APPLIED and grant.amount == Decimal("600.00")
    grant = services.grant_step(actor=world.actor("leader"), grant=grant, action="approve")
    assert grant.status == GrantStatus.APPROVED
    refused(lambda: services.grant_step(actor=world.actor("director"), grant=grant, action="approve"))
    grant = services.grant_step(actor=world.actor("finance"), grant=grant, action="pay", paid_on=DAY)
    assert grant.status == GrantStatus.PAID and grant.paid_on == DAY
    assert [s.to_status for s in GrantStep.objects.filter(grant=grant).order_by("at", "pk")] == [
        "applied", "returned", "applied", "approved", "paid"]


def test_nobody_approves_their_own_proposal(world):
    fund = make_fund(world)
    grant = propose(world, fund, world.student_x, persona="director")
    with pytest.raises(ValidationError) as exc:
        services.grant_step(actor=world.actor("director"), grant=grant, action="approve")
    assert "__all__" in exc.value.message_dict
    assert Grant.objects.get().status == GrantStatus.APPLIED


def test_approval_rechecks_the_balance(world):
    fund = make_fund(world, received="1000")
    first = propose(world, fund, world.student_x, amount="600")
    services.grant_step(actor=world.actor("director"), grant=first, action="return", comment="金额偏高")
    propose(world, fund, world.student_y, amount="700")  # the returned one no longer reserves money
    message = refused(lambda: services.grant_step(actor=world.actor("head_teacher_a"), grant=first,
                                                  action="resubmit"))
    assert "300.00" in message
    assert Grant.objects.get(pk=first.pk).status == GrantStatus.RETURNED


def test_rejecting_needs_a_reason(world):
    fund = make_fund(world)
    grant = propose(world, fund, world.student_x)
    with pytest.raises(ValidationError) as exc:
        services.grant_step(actor=world.actor("director"), grant=grant, action="reject")
    assert "comment" in exc.value.message_dict
    grant = services.grant_step(actor=world.actor("director"), grant=grant, action="reject", comment="已享受其他资助")
    assert grant.status == GrantStatus.REJECTED
    refused(lambda: services.grant_step(actor=world.actor("finance"), grant=grant, action="pay"))


def test_donors_and_funds_are_the_committees(world):
    for persona in ("head_teacher_a", "finance", "parent_x"):
        with pytest.raises(Http404):
            services.donor_save(actor=world.actor(persona), kind="person", name="某人")
    with pytest.raises(ValidationError) as exc:
        services.donor_save(actor=world.actor("director"), kind="person", name="", phone="123")
    assert set(exc.value.message_dict) == {"name", "phone"}
    fund = make_fund(world)
    with pytest.raises(ValidationError):
        make_fund(world)  # the same name twice
    with pytest.raises(ValidationError) as exc:
        services.fund_save(actor=world.actor("director"), donor=fund.donor, name="新基金", group_codes=["nope"],
                           grade_min=9, grade_max=7, max_per_student_year="-1")
    assert set(exc.value.message_dict) == {"group_codes", "grade_max", "max_per_student_year"}


def test_a_donation_with_a_receipt_and_without(world):
    fund = make_fund(world, received="")
    director = world.actor("director")
    pdf = SimpleUploadedFile("回执.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    donation = services.donation_add(actor=director, fund=fund, received_on=DAY, amount="1000",
                                     reference="HK001", receipt=pdf)
    assert donation.receipt_name == "回执.pdf" and donation.receipt.name.endswith(".pdf")
    bad = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        services.donation_add(actor=director, fund=fund, received_on=DAY, amount="10", receipt=bad)
    assert "receipt" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.donation_add(actor=director, fund=fund, received_on=dt.date(2099, 1, 1), amount="0")
    assert set(exc.value.message_dict) == {"amount", "received_on"}
    assert Donation.objects.count() == 1


def test_the_steps_are_announced_without_the_childs_name(world):
    from xinhuo.core.models import Notification

    fund = make_fund(world)
    grant = propose(world, fund, world.student_x)
    to_director = Notification.objects.filter(recipient=world.users["director"])
    assert to_director.count() == 1 and fund.name in to_director.get().title
    assert "张小明" not in to_director.get().title + to_director.get().body
    services.grant_step(actor=world.actor("director"), grant=grant, action="approve")
    assert Notification.objects.filter(recipient=world.users["finance"]).count() == 1
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 1
    assert not Notification.objects.filter(recipient=world.users["parent_x"]).exists()
