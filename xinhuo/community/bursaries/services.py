"""Writes of the bursaries part: donors, funds, donations, and grants through core.workflow (applied → approved /
returned / rejected → paid). Every refusal says why in Chinese and writes nothing: a grant beyond the fund's
balance, outside its restrictions (special groups, grades) or over its yearly maximum per student is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import SchoolYear
from xinhuo.core.uploads import check_file, process_later
from xinhuo.core.validators import choose_one_of, clean_decimal, clean_mobile, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from . import signals
from .models import COMMITTED, Donation, Donor, DonorKind, Fund, FundStatus, Grant, GrantStatus, GrantStep
from .rules import can, proposes_for

AMOUNT_MAX = Decimal("1000000")
REASON_MAX = 1000
COMMENT_MAX = 1000
NOTE_MAX = 1000
RECEIPT_MAX_BYTES = 10 * 1024 * 1024

TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({GrantStatus.APPLIED}), GrantStatus.APPROVED, rule="approve_grant"),
    "return": Transition(frozenset({GrantStatus.APPLIED}), GrantStatus.RETURNED, rule="approve_grant",
                         comment_required=True,
                         why=gettext_lazy("Say what to change, so that the proposer can correct it.")),
    "reject": Transition(frozenset({GrantStatus.APPLIED}), GrantStatus.REJECTED, rule="approve_grant",
                         comment_required=True, why=gettext_lazy("Say why the grant is rejected.")),
    "resubmit": Transition(frozenset({GrantStatus.RETURNED}), GrantStatus.APPLIED, rule="resubmit_grant"),
    "pay": Transition(frozenset({GrantStatus.APPROVED}), GrantStatus.PAID, rule="pay_grant"),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=GrantStep, subject="grant", signal=signals.grant_changed, can=can,
    rule="approve_grant", refused=gettext_lazy("The grant is %(status)s: this step is not possible now."),
    why=gettext_lazy("Add a comment."), comment_max=COMMENT_MAX)


def yuan(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):.2f}"


# --- donors and funds ------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def donor_save(*, actor: Actor, donor: Donor | None = None, kind: str, name: str, contact_person: str = "",
               phone: str = "", named_publicly: bool = False, note: str = "") -> Donor:
    """Add a donor, or change one (the committee)."""
    actor.require("community.bursaries.manage")
    if donor is not None:
        same_school(actor, donor)
        donor = lock(Donor, donor.pk)
    errors: dict[str, Any] = {}
    if kind not in DonorKind.values:
        errors["kind"] = choose_one_of(DonorKind)
    name = clean_text(name, 100, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Enter the donor's name (a person or an organisation).")
    contact_person = clean_text(contact_person, 50, "contact_person", errors)
    note = clean_text(note, NOTE_MAX, "note", errors)
    try:
        phone = clean_mobile(phone or "")
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    donor = donor or Donor(school=actor.school, created_by=actor.user)
    donor.kind, donor.name, donor.contact_person, donor.phone = kind, name, contact_person, phone
    donor.named_publicly, donor.note = bool(named_publicly), note
    donor.save()
    return donor


def _restrictions(actor: Actor, *, group_codes, grade_min, grade_max, max_per_student_year,
                  errors: dict) -> dict:
    from xinhuo.care.groups.services import special_groups_for

    known = set(special_groups_for(actor.school).values_list("code", flat=True))
    codes = sorted({str(c) for c in (group_codes or [])})
    if any(c not in known for c in codes):
        errors["group_codes"] = _("Choose special groups of this school.")
    for key, value in (("grade_min", grade_min), ("grade_max", grade_max)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12):
            errors[key] = _("Enter a grade from 1 to 12 (初一 is 7, 初三 is 9).")
    if ("grade_min" not in errors and "grade_max" not in errors and grade_min is not None and grade_max is not None
            and grade_min > grade_max):
        errors["grade_max"] = _("The last grade cannot come before the first.")
    limit = clean_decimal(max_per_student_year, "0.01", "max_per_student_year", _("Enter an amount in yuan."),
                          errors)
    if limit is not None and not Decimal("0") < limit <= AMOUNT_MAX:
        errors["max_per_student_year"] = _("Enter an amount above 0 and at most %(max)s yuan.") % {
            "max": yuan(AMOUNT_MAX)}
    return {"group_codes": codes, "grade_min": grade_min, "grade_max": grade_max, "max_per_student_year": limit}


@audited
@transaction.atomic
def fund_save(*, actor: Actor, fund: Fund | None = None, donor: Donor, name: str, purpose: str = "",
              group_codes=(), grade_min: int | None = None, grade_max: int | None = None,
              max_per_student_year=None, status: str = FundStatus.OPEN) -> Fund:
    """Create a fund of a donor, or change one (the committee): its name, purpose and restrictions; closing it
    stops new grants (those approved can still be paid)."""
    actor.require("community.bursaries.manage")
    same_school(actor, donor)
    if fund is not None:
        same_school(actor, fund)
        fund = lock(Fund, fund.pk)
    errors: dict[str, Any] = {}
    name = clean_text(name, 60, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the fund a name, such as 王氏爱心助学金.")
    purpose = clean_text(purpose, 1000, "purpose", errors)
    if status not in FundStatus.values:
        errors["status"] = choose_one_of(FundStatus)
    rules = _restrictions(actor, group_codes=group_codes, grade_min=grade_min, grade_max=grade_max,
                          max_per_student_year=max_per_student_year, errors=errors)
    same = Fund.objects.filter(school=actor.school, name=name)
    if fund is not None:
        same = same.exclude(pk=fund.pk)
    if name and same.exists():
        errors["name"] = _("The school already has a fund called %(name)s.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    fund = fund or Fund(school=actor.school, created_by=actor.user)
    fund.donor, fund.name, fund.purpose, fund.status = donor, name, purpose, status
    for key, value in rules.items():
        setattr(fund, key, value)
    try:
        with transaction.atomic():
            fund.save()
    except IntegrityError:
        raise ValidationError({"name": _("The school already has a fund called %(name)s.") % {"name": name}}) from None
    return fund


@audited
@transaction.atomic
def donation_add(*, actor: Actor, fund: Fund, received_on: dt.date | None, amount, reference: str = "",
                 receipt=None) -> Donation:
    """A donation received into a fund (the committee), with its receipt when there is one (a PDF or a photo)."""
    actor.require("community.bursaries.manage")
    same_school(actor, fund)
    fund = lock(Fund, fund.pk)
    errors: dict[str, Any] = {}
    value = clean_decimal(amount, "0.01", "amount", _("Enter an amount in yuan."), errors)
    if value is None and "amount" not in errors:
        errors["amount"] = _("Enter an amount in yuan.")
    elif value is not None and not Decimal("0") < value <= AMOUNT_MAX:
        errors["amount"] = _("Enter an amount above 0 and at most %(max)s yuan.") % {"max": yuan(AMOUNT_MAX)}
    if not isinstance(received_on, dt.date):
        errors["received_on"] = _("Enter the date the money was received.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("A donation cannot be received in the future.")
    reference = clean_text(reference, 100, "reference", errors)
    checked = None
    if receipt:
        try:
            checked = check_file(receipt, max_bytes=RECEIPT_MAX_BYTES)
        except ValidationError as exc:
            errors["receipt"] = exc.messages
    if errors or value is None or not isinstance(received_on, dt.date):
        raise ValidationError(errors)
    donation = Donation(fund=fund, received_on=received_on, amount=value, reference=reference,
                        recorded_by=actor.user)
    if checked is not None:
        donation.receipt = checked.content
        donation.receipt_name = checked.original_name[:150]
    donation.save()
    if checked is not None:
        process_later(donation, "receipt")
    return donation


# --- balances and restrictions ---------------------------------------------------------------------------------


def fund_received(fund: Fund) -> Decimal:
    return Donation.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or Decimal("0")


def fund_committed(fund: Fund, exclude: Grant | None = None) -> Decimal:
    qs = Grant.objects.filter(fund=fund, status__in=COMMITTED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def school_year_of(school_id: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The school year a day falls in (its first and last day); the calendar year when none is set up."""
    year = SchoolYear.objects.filter(school_id=school_id, start__lte=day, end__gte=day).first()
    if year is not None:
        return year.start, year.end
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def open_groups(actor: Actor, student) -> list[tuple[str, str]]:
    """The student's open special-group tags as (code, name), read through care's selectors (scoped to the actor:
    the committee and the student's head teacher see them; a tag from screening only the counsellors, PSY-5)."""
    from xinhuo.care.groups import selectors as care
    from xinhuo.care.models import TagStatus

    if not actor.can("special_groups.view"):
        return []
    rows = (care.tags_in_detail(actor).filter(student=student).exclude(status=TagStatus.CLOSED)
            .order_by("group__order", "group__pk").values_list("group__code", "group__name"))
    return list(dict.fromkeys(rows))


def check_grant(actor: Actor, *, fund: Fund, student, amount: Decimal, granted_on: dt.date, errors: dict,
                exclude: Grant | None = None) -> list[tuple[str, str]]:
    """The fund's refusals of a grant (put in `errors`); the student's open groups for the snapshot."""
    from xinhuo.care.groups import selectors as care

    if fund.status != FundStatus.OPEN:
        errors["fund"] = _("The fund %(fund)s is closed: no new grants are made from it.") % {"fund": fund.name}
        return []
    groups = open_groups(actor, student)
    if errors:
        return groups
    available = fund_received(fund) - fund_committed(fund, exclude)
    if amount > available:
        errors["amount"] = _("The fund %(fund)s has %(left)s yuan left; a grant of %(amount)s yuan would exceed its "
                             "balance.") % {"fund": fund.name, "left": yuan(available), "amount": yuan(amount)}
    level = student.school_class.grade.level if student.school_class_id else None
    if fund.grade_min is not None or fund.grade_max is not None:
        low, high = fund.grade_min or 1, fund.grade_max or 12
        if level is None or not low <= level <= high:
            errors["student"] = _("The fund %(fund)s is only for grades %(low)d to %(high)d; %(name)s is not in "
                                  "them.") % {"fund": fund.name, "low": low, "high": high, "name": student.name}
    if fund.group_codes and not {code for code, _name in groups} & set(fund.group_codes):
        names = care.special_groups_of_school(actor.school).filter(code__in=fund.group_codes).order_by("order")
        errors["student"] = _("The fund %(fund)s is only for students of the special groups %(groups)s; %(name)s is "
                              "in none of them.") % {"fund": fund.name, "name": student.name,
                                                      "groups": "、".join(g.name for g in names)}
    if fund.max_per_student_year is not None:
        start, end = school_year_of(fund.school_id, granted_on)
        had = Grant.objects.filter(fund=fund, student=student, status__in=COMMITTED,
                                   granted_on__range=(start, end))
        if exclude is not None:
            had = had.exclude(pk=exclude.pk)
        before = had.aggregate(s=Sum("amount"))["s"] or Decimal("0")
        if before + amount > fund.max_per_student_year:
            errors["amount"] = _("The fund %(fund)s gives at most %(max)s yuan per student and school year; %(name)s "
                                 "has %(had)s yuan from it this year already.") % {
                "fund": fund.name, "max": yuan(fund.max_per_student_year), "name": student.name, "had": yuan(before)}
    return groups


def _amount_and_date(amount, granted_on, errors: dict) -> tuple[Decimal | None, dt.date | None]:
    value = clean_decimal(amount, "0.01", "amount", _("Enter an amount in yuan."), errors)
    if value is None and "amount" not in errors:
        errors["amount"] = _("Enter an amount in yuan.")
    elif value is not None and not Decimal("0") < value <= AMOUNT_MAX:
        errors["amount"] = _("Enter an amount above 0 and at most %(max)s yuan.") % {"max": yuan(AMOUNT_MAX)}
    if not isinstance(granted_on, dt.date):
        errors["granted_on"] = _("Enter the date of the grant.")
        granted_on = None
    return value, granted_on


# --- grants ----------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def grant_propose(*, actor: Actor, fund: Fund, student, amount, reason: str,
                  granted_on: dt.date | None = None) -> Grant:
    """申请: a grant from a fund to a student, waiting for the committee's approval. The committee proposes for any
    student, a head teacher for their classes' students; the student's special groups are kept as its evidence."""
    actor.require("community.bursaries.propose")
    same_school(actor, fund)
    if not proposes_for(actor, student):
        raise Http404
    fund = lock(Fund, fund.pk)  # one grant at a time against a fund's balance
    errors: dict[str, Any] = {}
    value, granted_on = _amount_and_date(amount, granted_on or timezone.localdate(), errors)
    reason = clean_text(reason, REASON_MAX, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Say why the student needs the grant.")
    groups: list[tuple[str, str]] = []
    if value is not None and granted_on is not None:
        groups = check_grant(actor, fund=fund, student=student, amount=value, granted_on=granted_on, errors=errors)
    if errors or value is None or granted_on is None:
        raise ValidationError(errors)
    level = student.school_class.grade.level if student.school_class_id else None
    grant = Grant(school=actor.school, fund=fund, student=student, grade_level=level, amount=value,
                  granted_on=granted_on, reason=reason, groups_snapshot="、".join(n for _c, n in groups)[:200],
                  status=GrantStatus.APPLIED, proposed_by=actor.user)
    with acting(actor.user):
        grant.save()
    record_step(WORKFLOW, actor=actor, obj=grant, from_status="")
    return grant


@audited
def grant_step(*, actor: Actor, grant: Grant, action: str, comment: str = "", amount=None, reason: str | None = None,
               paid_on: dt.date | None = None) -> Grant:
    """One step of a grant (TRANSITIONS). Approving re-checks the fund's balance and restrictions and is refused on
    a grant one proposed oneself; resubmitting may change the amount and the reason; paying records the day."""
    if action in ("approve", "return", "reject"):
        actor.require("community.bursaries.approve")
    elif action == "pay":
        actor.require("community.bursaries.pay")
    elif action == "resubmit":
        actor.require("community.bursaries.propose")
    changes: dict[str, Any] = {}

    def check(current: Grant, errors: dict[str, Any]) -> None:
        fund = lock(Fund, current.fund_id)
        if action == "approve" and current.proposed_by_id == actor.user.pk:
            errors["__all__"] = _("You proposed this grant: another member of the committee approves it.")
            return
        if action == "pay":
            day = paid_on or timezone.localdate()
            if not isinstance(day, dt.date) or day > timezone.localdate():
                errors["paid_on"] = _("Enter the day it was paid (not in the future).")
            changes["paid_on"] = day
            return
        if action not in ("approve", "resubmit"):
            return
        value: Decimal | None = current.amount
        if action == "resubmit":
            if amount not in (None, ""):
                value, _day = _amount_and_date(amount, current.granted_on, errors)
                changes["amount"] = value
            if reason is not None:
                text = clean_text(reason, REASON_MAX, "reason", errors)
                if not text and "reason" not in errors:
                    errors["reason"] = _("Say why the student needs the grant.")
                changes["reason"] = text
        if current.student is None:
            errors["__all__"] = _("The student's record was erased: this grant cannot go on.")
            return
        if value is not None and not errors:
            groups = check_grant(actor, fund=fund, student=current.student, amount=value,
                                 granted_on=current.granted_on, errors=errors, exclude=current)
            if action == "resubmit":
                changes["groups_snapshot"] = "、".join(n for _c, n in groups)[:200]

    def apply(current: Grant) -> None:
        for key, value in changes.items():
            setattr(current, key, value)

    return apply_transition(WORKFLOW, actor=actor, obj=grant, action=action, comment=comment, check=check,
                            apply=apply)
