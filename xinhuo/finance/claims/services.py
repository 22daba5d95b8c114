"""Writes of the claims part: a claim made and edited by its claimant, its receipts, and every step through
core.workflow (draft → submitted → checked → [first approved →] approved → paid; returned → resubmitted; rejected;
withdrawn). Every refusal says why and writes nothing: a claim that would overspend its line or break an earmark
(budgets' check_claim, on the locked line), a step one may not take on one's own claim, a second approval by the
first approver."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.uploads import CheckedFile, check_file, check_image, process_later
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from ..budgets.models import BudgetLine, ExpenseKind
from . import selectors, signals
from .models import ClaimReceipt, ClaimStatus, ClaimStep, ExpenseClaim
from .rules import SUBMIT, can

S = ClaimStatus
AMOUNT_MAX = Decimal("1000000")
TITLE_MAX = 150
DETAILS_MAX = 2000
COMMENT_MAX = 1000
REFERENCE_MAX = 60
RECEIPTS_MAX = 10
RECEIPT_MAX_BYTES = 10 * 1024 * 1024
PDF_ONLY = {"pdf": "application/pdf"}
EDITABLE = (S.DRAFT, S.RETURNED)
OPEN = (S.DRAFT, S.SUBMITTED, S.CHECKED, S.FIRST_APPROVED, S.RETURNED)  # withdrawable: before the final approval
DECIDING = frozenset({S.SUBMITTED, S.CHECKED, S.FIRST_APPROVED})

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset(EDITABLE), S.SUBMITTED, rule="own_claim"),
    "withdraw": Transition(frozenset(OPEN), S.WITHDRAWN, rule="own_claim"),
    "check": Transition(frozenset({S.SUBMITTED}), S.CHECKED, rule="check_claim"),
    "approve": Transition(frozenset({S.CHECKED}), S.APPROVED, rule="approve_claim"),
    "approve_first": Transition(frozenset({S.CHECKED}), S.FIRST_APPROVED, rule="approve_claim"),
    "approve_second": Transition(frozenset({S.FIRST_APPROVED}), S.APPROVED, rule="second_claim"),
    "return": Transition(DECIDING, S.RETURNED, rule="decide_claim", comment_required=True,
                         why=gettext_lazy("Say what to change, so that the claimant can correct the claim.")),
    "reject": Transition(DECIDING, S.REJECTED, rule="decide_claim", comment_required=True,
                         why=gettext_lazy("Say why the claim is rejected.")),
    "pay": Transition(frozenset({S.APPROVED}), S.PAID, rule="pay_claim"),
}
# the steps a page or the API names; "approve" becomes approve_first or approve_second as the claim needs
ACTIONS = ("submit", "withdraw", "check", "approve", "return", "reject", "pay")
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=ClaimStep, subject="claim", signal=signals.claim_changed, can=can,
    rule="own_claim", refused=gettext_lazy("The claim is “%(status)s”: this step is not possible now."),
    why=gettext_lazy("Add a comment."), comment_max=COMMENT_MAX)


def yuan(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):.2f}"


# --- checks of the input ---------------------------------------------------------------------------------------


def clean_amount(value, errors: dict, key: str = "amount") -> Decimal | None:
    """An amount in yuan: a number above 0, at most AMOUNT_MAX, with at most two decimals (fen); never rounded."""
    if value in (None, ""):
        errors[key] = _("Enter the amount in yuan, such as 268.50.")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        errors[key] = _("“%(value)s” is not an amount: enter yuan in figures, such as 268.50.") % {
            "value": str(value)[:20]}
        return None
    if not number.is_finite():
        errors[key] = _("“%(value)s” is not an amount: enter yuan in figures, such as 268.50.") % {
            "value": str(value)[:20]}
        return None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and number != number.quantize(Decimal("0.01")):
        errors[key] = _("An amount has at most two decimals (fen).")
        return None
    if number <= 0:
        errors[key] = _("The amount must be above 0.")
        return None
    if number > AMOUNT_MAX:
        errors[key] = _("A claim can be at most %(max)s yuan.") % {"max": yuan(AMOUNT_MAX)}
        return None
    return number.quantize(Decimal("0.01"))


def check_receipt(upload) -> CheckedFile:
    """A receipt: a PDF (by its name and its content) or a photo (by its content, whatever its name says),
    at most RECEIPT_MAX_BYTES; a photo is re-encoded without its metadata by the task worker."""
    name = str(getattr(upload, "name", "") or "").lower()
    if name.endswith(".pdf"):
        return check_file(upload, allowed=PDF_ONLY, max_bytes=RECEIPT_MAX_BYTES)
    return check_image(upload, max_bytes=RECEIPT_MAX_BYTES)


def check_receipts(uploads, *, kept: int, errors: dict) -> list[CheckedFile]:
    uploads = [u for u in uploads or [] if u]
    if kept + len(uploads) > RECEIPTS_MAX:
        errors["receipts"] = _("A claim keeps at most %(n)d receipts (%(kept)d already).") % {
            "n": RECEIPTS_MAX, "kept": kept}
        return []
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(check_receipt(upload))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        errors["receipts"] = problems
    return checked


def _store_receipts(actor: Actor, claim: ExpenseClaim, checked: list[CheckedFile], saved: list[str]) -> None:
    for c in checked:
        receipt = ClaimReceipt(claim=claim, name=c.original_name[:150], size=c.size, uploaded_by=actor.user)
        receipt.file.save(c.content.name, c.content, save=False)
        saved.append(receipt.file.name)
        with acting(actor.user):
            receipt.save()
        process_later(receipt, "file", size_field="size")


def _forget_files(names: list[str]) -> None:
    storage = ClaimReceipt._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in names:  # the database rolled back: the files go too
        try:
            storage.delete(name)
        except OSError:
            continue


# --- the claim -------------------------------------------------------------------------------------------------


@audited
def claim_save(*, actor: Actor, claim: ExpenseClaim | None = None, title: str, kind: str, amount,
               spent_on: dt.date | None, line: BudgetLine | None, activity=None, plan_task=None,
               description: str = "", receipts=(), submit: bool = False) -> ExpenseClaim:
    """A claim made (a draft) or changed while a draft or returned, by its claimant; `receipts` are added to it.
    With submit, it is submitted at once (see claim_step): a refusal then writes nothing, the draft included."""
    actor.require(SUBMIT)
    if claim is not None and not can(actor, "own_claim", claim):
        raise Http404
    saved: list[str] = []
    try:
        with transaction.atomic():
            if claim is not None:
                claim = lock(ExpenseClaim, claim.pk)
                if claim.status not in EDITABLE:
                    raise ValidationError(_("The claim is “%(status)s”: it can be changed only as a draft or when "
                                            "returned.") % {"status": claim.get_status_display()})
            errors: dict[str, Any] = {}
            title = clean_text(title, TITLE_MAX, "title", errors)
            if not title and "title" not in errors:
                errors["title"] = _("Say what the money was spent on, such as 研学实践大巴车费.")
            if kind not in ExpenseKind.values:
                errors["kind"] = choose_one_of(ExpenseKind)
            value = clean_amount(amount, errors)
            description = clean_text(description, DETAILS_MAX, "description", errors)
            if line is None or not selectors.claim_lines(actor).filter(pk=line.pk).exists():
                errors["line"] = _("Choose a line of this school year's approved budget.")
            if not isinstance(spent_on, dt.date):
                errors["spent_on"] = _("Enter the day the money was spent.")
            elif spent_on > timezone.localdate():
                errors["spent_on"] = _("The money cannot be spent in the future.")
            elif line is not None and "line" not in errors and not (
                    line.budget.year.start <= spent_on <= line.budget.year.end):
                errors["spent_on"] = _("The budget %(budget)s is for %(start)s to %(end)s: a claim on it is for "
                                       "money spent then.") % {
                    "budget": line.budget.title, "start": line.budget.year.start, "end": line.budget.year.end}
            if (activity is not None and (claim is None or claim.activity_id != activity.pk)
                    and not selectors.linkable_activities(actor).filter(pk=activity.pk).exists()):
                errors["activity"] = _("Choose an activity you organise or can see.")
            if (plan_task is not None and (claim is None or claim.plan_task_id != plan_task.pk)
                    and not selectors.linkable_tasks(actor).filter(pk=plan_task.pk).exists()):
                errors["plan_task"] = _("Choose a task of this school's work plan.")
            kept = claim.receipts.count() if claim is not None else 0
            checked = check_receipts(receipts, kept=kept, errors=errors)
            if errors or value is None or not isinstance(spent_on, dt.date) or line is None:
                raise ValidationError(errors)
            created = claim is None
            claim = claim or ExpenseClaim(school=actor.school, claimant=actor.user)
            claim.title, claim.kind, claim.amount, claim.spent_on = title, kind, value, spent_on
            claim.line, claim.activity, claim.plan_task, claim.description = line, activity, plan_task, description
            with acting(actor.user):
                claim.save()
            if created:
                record_step(WORKFLOW, actor=actor, obj=claim, from_status="")
            _store_receipts(actor, claim, checked, saved)
            if submit:
                claim = claim_step(actor=actor, claim=claim, action="submit")
    except BaseException:
        _forget_files(saved)
        raise
    return claim


@audited
def receipts_add(*, actor: Actor, claim: ExpenseClaim, receipts) -> list[ClaimReceipt]:
    """Receipts added to one's own claim while a draft or returned."""
    actor.require(SUBMIT)
    if not can(actor, "own_claim", claim):
        raise Http404
    saved: list[str] = []
    try:
        with transaction.atomic():
            claim = lock(ExpenseClaim, claim.pk)
            if claim.status not in EDITABLE:
                raise ValidationError(_("The claim is “%(status)s”: receipts can be added only as a draft or when "
                                        "returned.") % {"status": claim.get_status_display()})
            errors: dict[str, Any] = {}
            if not [u for u in receipts or [] if u]:
                errors["receipts"] = _("Choose a photo or a PDF of the receipt.")
            checked = check_receipts(receipts, kept=claim.receipts.count(), errors=errors)
            if errors:
                raise ValidationError(errors)
            _store_receipts(actor, claim, checked, saved)
    except BaseException:
        _forget_files(saved)
        raise
    return list(claim.receipts.order_by("-pk")[:len(saved)])


@audited
@transaction.atomic
def receipt_remove(*, actor: Actor, receipt: ClaimReceipt) -> None:
    """A receipt taken off one's own claim while a draft or returned; the file goes after the commit."""
    actor.require(SUBMIT)
    claim = receipt.claim
    if not can(actor, "own_claim", claim):
        raise Http404
    claim = lock(ExpenseClaim, claim.pk)
    if claim.status not in EDITABLE:
        raise ValidationError(_("The claim is “%(status)s”: its receipts can no longer be changed.") % {
            "status": claim.get_status_display()})
    storage, name = receipt.file.storage, receipt.file.name
    with acting(actor.user):
        receipt.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- steps -----------------------------------------------------------------------------------------------------


def second_approval_over(school) -> Decimal:
    """The school's threshold above which a claim needs a second approver (budgets' FinanceSettings: 2000 yuan
    unless the director set another)."""
    from ..budgets.selectors import finance_settings

    return finance_settings(school).second_approval_over


def _own_refusal(action: str) -> str:
    if action == "check":
        return _("You made this claim: another finance officer checks it.")
    if action in ("return", "reject"):
        return _("You made this claim: someone else decides on it.")
    return _("You made this claim: nobody approves their own claim; another approver does.")


@audited
def claim_step(*, actor: Actor, claim: ExpenseClaim, action: str, comment: str = "",
               paid_on: dt.date | None = None, payment_reference: str = "") -> ExpenseClaim:
    """One step of a claim (ACTIONS). Submitting wants a receipt and is checked against the line's balance and
    earmark (budgets' check_claim, on the locked line); approving above the school's threshold is the first of two
    approvals; nobody checks, approves or decides on their own claim, and the second approver is not the first;
    paying records the day and the payment's reference."""
    if action not in ACTIONS:
        raise ValidationError(_("Unknown step."))
    name = action
    if action == "approve":
        if claim.status == S.FIRST_APPROVED:
            name = "approve_second"
        elif claim.amount > second_approval_over(claim.school):
            name = "approve_first"
    changes: dict[str, Any] = {}

    def check(current: ExpenseClaim, errors: dict[str, Any]) -> None:
        mine = current.claimant_id == actor.user.pk
        if action in ("check", "approve", "return", "reject") and mine:
            errors["__all__"] = _own_refusal(action)
            return
        if name == "approve_second" and current.approved_by_id == actor.user.pk:
            errors["__all__"] = _("You gave the first approval: the second approval is another approver's.")
            return
        if name == "approve":
            changes["approved_by_id"] = actor.user.pk
        elif name == "approve_first":
            changes.update(approved_by_id=actor.user.pk, needs_second=True)
        elif name == "approve_second":
            changes["second_by_id"] = actor.user.pk
        elif action == "check":
            changes["checked_by_id"] = actor.user.pk
        elif action == "submit":
            _check_submission(actor, current, errors)
            changes.update(submitted_at=timezone.now(), checked_by_id=None, approved_by_id=None, second_by_id=None,
                           needs_second=current.amount > second_approval_over(current.school))
        elif action == "pay":
            day = paid_on or timezone.localdate()
            if not isinstance(day, dt.date) or day > timezone.localdate():
                errors["paid_on"] = _("Enter the day it was paid (not in the future).")
            reference = clean_text(payment_reference, REFERENCE_MAX, "payment_reference", errors)
            changes.update(paid_on=day, paid_by_id=actor.user.pk, payment_reference=reference)

    def apply(current: ExpenseClaim) -> None:
        for key, value in changes.items():
            setattr(current, key, value)

    return apply_transition(WORKFLOW, actor=actor, obj=claim, action=name, comment=comment, check=check,
                            apply=apply)


def _check_submission(actor: Actor, claim: ExpenseClaim, errors: dict[str, Any]) -> None:
    """A receipt at least; the line still in this year's approved budget; then budgets' check_claim on the locked
    line row, so that two claims cannot overspend it together (the returned claim is not counted: it reserves
    nothing until it is submitted again)."""
    from ..budgets.services import check_claim

    if not claim.receipts.exists():
        errors["receipts"] = _("Add a photo or a PDF of the receipt before submitting the claim.")
    if not selectors.claim_lines(actor).filter(pk=claim.line_id).exists():
        errors["line"] = _("The line %(line)s is not in this school year's approved budget: choose another line.") % {
            "line": claim.line.name}
    if errors:
        return
    line = lock(BudgetLine, claim.line_id)
    try:
        check_claim(line, claim.kind, claim.amount, activity_id=claim.activity_id, claim_id=claim.pk)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors.update(exc.message_dict)
        else:
            errors["amount"] = exc.messages
