"""Writes of the budgets part, and the checks the claims part relies on.

check_claim(line, kind, amount, activity_id) is the one refusal of a claim that would overspend its line or break
its earmark (专款专用); the claims' services call it with the line locked."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import SchoolYear
from xinhuo.core.validators import clean_text

from .models import (
    Budget,
    BudgetLine,
    BudgetStatus,
    Commitment,
    CommitmentStatus,
    ExpenseKind,
    FinanceSettings,
    LineCategory,
)
from .money import ZERO, position
from .rules import can

AMOUNT_MAX = Decimal("100000000")  # ¥100 million: anything above is a typing slip


def yuan(value: Decimal | None) -> str:
    """¥ figures as the messages show them: 12,345.60."""
    return f"{(value or ZERO):,.2f}"


def kind_labels(kinds) -> str:
    labels = dict(ExpenseKind.choices)
    return "、".join(str(labels.get(k, k)) for k in kinds)


def check_claim(line: BudgetLine, kind: str, amount: Decimal, activity_id: int | None = None, *,
                claim_id: int | None = None) -> None:
    """Refuse a claim of `amount` yuan of `kind` on `line` (linked to the activity `activity_id`, if any) that
    breaks the line's earmark or would overspend it; return None when it may be made.

    Call it inside the transaction that saves the claim, with the line's row locked
    (`xinhuo.core.db.lock(BudgetLine, pk)`, select_for_update), so two claims cannot both take the last yuan.
    `claim_id`: the claim being checked again (resubmitted, or moved on at approval) whose own reservation is left
    out of the balance, so it is not counted twice.

    Raises ValidationError with a dict:
    - {"line": ...} when the line's budget is not approved yet;
    - {"kind": ...} when the line is earmarked (专款专用) and takes other kinds of expense — the message names the
      earmark's purpose and the kinds it takes;
    - {"amount": ...} when the amount is not positive, or the claim would take the line's balance below zero — the
      message gives the balance and what makes it up. A claim linked to an activity first draws down what is
      committed for that activity (the money is held for it already): only what goes beyond counts."""
    if not connection.in_atomic_block:  # pragma: no cover - a programming error, caught by the claims' tests
        raise RuntimeError("check_claim needs the transaction that locks the line and saves the claim")
    if line.budget.status != BudgetStatus.APPROVED:
        raise ValidationError({"line": _("The budget of the line %(line)s is not approved yet: no claim can be "
                                         "made on it.") % {"line": line.name}})
    if line.earmarked and line.allowed_kinds and kind not in line.allowed_kinds:
        raise ValidationError({"kind": _("The line %(line)s is earmarked (专款专用) for %(purpose)s: it takes only "
                                         "%(kinds)s.") % {"line": line.name,
                                                          "purpose": line.earmark_purpose or line.name,
                                                          "kinds": kind_labels(line.allowed_kinds)}})
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    pos = position(line, exclude_claim=claim_id)
    drawn = ZERO  # what the claim takes out of its activity's commitment on this line
    if activity_id is not None:
        held = (Commitment.objects.filter(activity_id=activity_id, line_id=line.pk, status=CommitmentStatus.PENDING)
                .values_list("amount", flat=True).first())
        if held is not None:
            # what is still committed for the activity on this line (the position counts it in `committed`)
            remaining = _remaining(line, activity_id, held, claim_id)
            drawn = min(remaining, amount)
    after = pos.balance - amount + drawn
    if after < 0:
        figures = {"amount": yuan(amount), "line": line.name, "balance": yuan(pos.balance), "budget": yuan(pos.budget),
                   "committed": yuan(pos.committed), "waiting": yuan(pos.waiting), "spent": yuan(pos.spent),
                   "held": yuan(drawn)}
        if drawn:
            message = _("A claim of ¥%(amount)s would overspend the line %(line)s: its balance is ¥%(balance)s "
                        "(budget ¥%(budget)s, committed ¥%(committed)s, waiting ¥%(waiting)s, spent ¥%(spent)s), "
                        "and ¥%(held)s of what is committed is this activity's.") % figures
        else:
            message = _("A claim of ¥%(amount)s would overspend the line %(line)s: its balance is ¥%(balance)s "
                        "(budget ¥%(budget)s, committed ¥%(committed)s, waiting ¥%(waiting)s, spent ¥%(spent)s).") \
                % figures
        raise ValidationError({"amount": message})


def _remaining(line: BudgetLine, activity_id: int, held: Decimal, claim_id: int | None) -> Decimal:
    """What the pending commitment of `activity_id` still holds: its amount less the activity's claims."""
    from django.db.models import Sum

    from ..claims.models import SPENT, WAITING, ExpenseClaim

    claims = ExpenseClaim.objects.filter(activity_id=activity_id, status__in=WAITING + SPENT)
    if claim_id is not None:
        claims = claims.exclude(pk=claim_id)
    claimed = claims.aggregate(s=Sum("amount"))["s"] or ZERO
    return max(held - claimed, ZERO)


# --- amounts ---------------------------------------------------------------------------------------------------


def clean_amount(value, key: str, errors: dict, *, required: bool = True, positive: bool = False) -> Decimal | None:
    """An amount in yuan, exact: a number with at most two decimals, from 0 (above 0 when `positive`) to below
    ¥100,000,000. Anything else puts a message under `key` in `errors` and gives None."""
    if value in (None, ""):
        if required:
            errors[key] = _("Enter the amount in yuan, such as 5000 or 1234.50.")
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        errors[key] = _("Enter the amount as a number in yuan, such as 5000 or 1234.50.")
        return None
    if not amount.is_finite():
        errors[key] = _("Enter the amount as a number in yuan, such as 5000 or 1234.50.")
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        errors[key] = _("An amount has at most two decimals (fen).")
        return None
    if amount < 0 or (positive and amount == 0):
        errors[key] = _("Enter an amount above zero.") if positive else _("An amount cannot be negative.")
        return None
    if amount >= AMOUNT_MAX:
        errors[key] = _("An amount must be below ¥100,000,000: check the figure.")
        return None
    return amount.quantize(Decimal("0.01"))


# --- budgets and lines -----------------------------------------------------------------------------------------

NOTE_MAX = 2000
LINE_NOTE_MAX = 500


def _require(actor: Actor, rule: str, obj=None) -> None:
    if obj is not None and obj.school_id != actor.school.pk:
        raise Http404
    if not can(actor, rule, obj):
        raise Http404


@audited
@transaction.atomic
def budget_save(*, actor: Actor, budget: Budget | None = None, year: SchoolYear | None = None, title: str,
                note: str = "") -> Budget:
    """Start a school year's budget (a draft), or change its title and note (finance)."""
    actor.require("finance.budgets.manage")
    errors: dict[str, Any] = {}
    title = clean_text(title, 100, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the budget a title, such as 2026-2027学年关工委经费预算.")
    note = clean_text(note, NOTE_MAX, "note", errors)
    if budget is None:
        if year is None or year.school_id != actor.school.pk:
            errors["year"] = _("Choose the school year.")
        elif Budget.objects.filter(school=actor.school, year=year).exists():
            errors["year"] = _("The school year %(year)s has a budget already: change its lines.") % {
                "year": year.name}
    if errors:
        raise ValidationError(errors)
    if budget is None:
        assert year is not None
        return Budget.objects.create(school=actor.school, year=year, title=title, note=note, created_by=actor.user)
    _require(actor, "edit_budget", budget)
    budget = lock(Budget, budget.pk)
    budget.title, budget.note = title, note
    budget.save(update_fields=["title", "note"])
    return budget


@audited
@transaction.atomic
def budget_approve(*, actor: Actor, budget: Budget) -> Budget:
    """The director approves a draft budget: claims and commitments may then be made on its lines."""
    if budget.school_id != actor.school.pk or not actor.can("finance.budgets.approve"):
        raise Http404  # only the committee's director approves a budget; nobody else has the step
    budget = lock(Budget, budget.pk)
    if budget.status != BudgetStatus.DRAFT:
        raise ValidationError(_("This budget is approved already."))
    amounts = list(BudgetLine.objects.filter(budget=budget).values_list("amount", flat=True))
    if not amounts or sum(amounts, ZERO) <= 0:
        raise ValidationError(_("Add the budget's lines (with their amounts) before it is approved."))
    budget.status, budget.approved_by, budget.approved_at = BudgetStatus.APPROVED, actor.user, timezone.now()
    budget.save(update_fields=["status", "approved_by", "approved_at"])
    return budget


def _earmark(actor: Actor, errors: dict, *, earmarked: bool, earmark_purpose: str, allowed_kinds, fund_id):
    purpose = clean_text(earmark_purpose, 200, "earmark_purpose", errors)
    kinds = [str(k) for k in (allowed_kinds or [])]
    if any(k not in ExpenseKind.values for k in kinds):
        errors["allowed_kinds"] = _("Choose the kinds of expense from the list.")
    fund = None
    if fund_id not in (None, ""):
        from .selectors import fund_choices

        fund = next((f for f in fund_choices(actor) if str(f.pk) == str(fund_id)), None)
        if fund is None:
            errors["fund"] = _("Choose one of the donors' open funds.")
    if fund is not None:
        earmarked = True  # a donor's money is spent on what the donor gave it for
        purpose = purpose or (fund.purpose or fund.name)[:200]
    if earmarked and not purpose and "earmark_purpose" not in errors:
        errors["earmark_purpose"] = _("An earmarked line says what it is for (专款专用).")
    if not earmarked:
        purpose, kinds = "", []
    return bool(earmarked), purpose, sorted(set(kinds)), fund


@audited
@transaction.atomic
def line_save(*, actor: Actor, budget: Budget, line: BudgetLine | None = None, category: str, name: str,
              amount, order: int | None = None, earmarked: bool = False, earmark_purpose: str = "",
              allowed_kinds=(), fund=None, note: str = "") -> BudgetLine:
    """Add a line to a budget or change one (finance). A draft's lines change freely. An approved budget's lines
    may be raised and lines added, with a note saying why (kept in the change history); a line is never lowered
    below what it holds (committed + waiting + spent), and its category and earmark stay as approved."""
    _require(actor, "edit_budget", budget)
    budget = lock(Budget, budget.pk)
    if line is not None:
        if line.budget_id != budget.pk:
            raise Http404
        line = lock(BudgetLine, line.pk)
    approved = budget.status == BudgetStatus.APPROVED
    errors: dict[str, Any] = {}
    if category not in LineCategory.values:
        errors["category"] = _("Choose the line's category from the list.")
    name = clean_text(name, 60, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the line a name, such as 宣传 or 慰问.")
    elif BudgetLine.objects.filter(budget=budget, name=name).exclude(pk=line.pk if line else 0).exists():
        errors["name"] = _("The budget has a line of that name already.")
    value = clean_amount(amount, "amount", errors)
    if order is not None and (not isinstance(order, int) or not 0 <= order <= 32767):
        errors["order"] = _("Enter the line's place as a whole number from 0 to 32767.")
    note = clean_text(note, LINE_NOTE_MAX, "note", errors)
    fund_id = getattr(fund, "pk", fund)
    earmarked, purpose, kinds, fund_row = _earmark(actor, errors, earmarked=earmarked,
                                                    earmark_purpose=earmark_purpose, allowed_kinds=allowed_kinds,
                                                    fund_id=fund_id)
    if approved:
        if not note and "note" not in errors:
            errors["note"] = _("The budget is approved: say why the line is added or changed.")
        if line is not None and (category != line.category or earmarked != line.earmarked
                                 or purpose != line.earmark_purpose or kinds != sorted(line.allowed_kinds)
                                 or (fund_row.pk if fund_row else None) != line.fund_id):
            errors["category"] = _("The budget is approved: a line's category and earmark stay as approved. Add a "
                                   "new line instead.")
        if line is not None and value is not None and value < line.amount:
            pos = position(line)
            if value < pos.used:
                errors["amount"] = _(
                    "The line %(line)s cannot go below what it holds: ¥%(used)s (committed ¥%(committed)s, waiting "
                    "¥%(waiting)s, spent ¥%(spent)s); you asked for ¥%(amount)s.") % {
                    "line": line.name, "used": yuan(pos.used), "committed": yuan(pos.committed),
                    "waiting": yuan(pos.waiting), "spent": yuan(pos.spent), "amount": yuan(value)}
    if errors:
        raise ValidationError(errors)
    assert value is not None
    fields = {"category": category, "name": name, "amount": value, "earmarked": earmarked,
              "earmark_purpose": purpose, "allowed_kinds": kinds, "fund": fund_row}
    if line is None:
        if order is None:
            last = BudgetLine.objects.filter(budget=budget).order_by("-order").values_list("order", flat=True).first()
            order = min((last or 0) + 10, 32767)
        line = BudgetLine.objects.create(school=budget.school, budget=budget, order=order, **fields)
    else:
        for key, val in fields.items():
            setattr(line, key, val)
        if order is not None:
            line.order = order
        line.save()
    if approved:
        _note_change(line, note)
    return line


def _note_change(line: BudgetLine, note: str) -> None:
    """The reason for a change after approval, on the change's entry in the audit log (the budget page lists them)."""
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(line).order_by("-pk").first()
    if entry is not None:
        entry.additional_data = {"note": note}
        entry.save(update_fields=["additional_data"])


def line_changes(budget: Budget, found: list[BudgetLine]) -> list[dict]:
    """The changes of an approved budget's lines, with who made them, when, and the note saying why."""
    from auditlog.models import LogEntry

    by_pk = {str(x.pk): x for x in found}
    entries = (LogEntry.objects.get_for_objects(BudgetLine.objects.filter(budget=budget))
               .filter(additional_data__has_key="note").select_related("actor").order_by("-timestamp", "-pk")[:50])
    out = []
    for e in entries:
        amount = (e.changes_dict or {}).get("amount")
        out.append({"when": e.timestamp, "who": e.actor, "line": by_pk.get(str(e.object_pk)),
                    "before": amount[0] if amount and e.action == LogEntry.Action.UPDATE else None,
                    "after": amount[1] if amount else None, "note": (e.additional_data or {}).get("note", "")})
    return out


@audited
@transaction.atomic
def line_delete(*, actor: Actor, line: BudgetLine) -> None:
    """Take a line off a draft budget (finance); an approved budget's lines stay."""
    _require(actor, "edit_budget", line.budget)
    line = lock(BudgetLine, line.pk)
    if line.budget.status != BudgetStatus.DRAFT:
        raise ValidationError(_("The budget is approved: its lines stay (raise one or add one instead)."))
    if Commitment.objects.filter(line=line).exists():
        raise ValidationError(_("Activities' commitments are on this line: move them first."))
    line.delete()


@audited
@transaction.atomic
def settings_save(*, actor: Actor, second_approval_over) -> FinanceSettings:
    """The amount above which a claim needs a second approver (the director)."""
    if not actor.can("finance.budgets.view"):
        raise Http404
    if not can(actor, "set_threshold"):
        raise ValidationError(_("Only the committee's director sets the finance rules."))
    errors: dict[str, Any] = {}
    value = clean_amount(second_approval_over, "second_approval_over", errors)
    if errors or value is None:
        raise ValidationError(errors)
    found, _created = FinanceSettings.objects.select_for_update().get_or_create(school=actor.school)
    found.second_approval_over, found.updated_by, found.updated_at = value, actor.user, timezone.now()
    found.save()
    return found


# --- commitments of approved activities ------------------------------------------------------------------------


def _commitment_line(budget: Budget) -> BudgetLine | None:
    """Where an activity's money goes first: the first line of category activity that is not earmarked."""
    return (BudgetLine.objects.filter(budget=budget, category=LineCategory.ACTIVITY, earmarked=False,
                                      fund__isnull=True).order_by("order", "pk").first())


@transaction.atomic
def commitment_open(*, activity) -> Commitment | None:
    """An approved activity's budget request becomes a pending commitment on the first plain activity line of the
    approved budget of its school year. When it would overspend the line it is recorded all the same (the activity
    is approved) and finance is told; the report flags it. None when there is no request, no approved budget or no
    such line (finance is told of the last two), or a commitment exists already."""
    from .selectors import approved_budget_on

    request = activity.budget_request
    if not request or request <= 0 or Commitment.objects.filter(activity_id=activity.pk).exists():
        return None
    day = timezone.localtime(activity.starts_at).date()
    budget = approved_budget_on(activity.school, day)
    line = _commitment_line(budget) if budget is not None else None
    if line is None:
        _tell_finance(activity.school, _("No budget line for an approved activity"),
                      _("%(activity)s asks for ¥%(amount)s, but this year has no approved budget with a line for "
                        "activities: nothing is committed.") % {"activity": activity.title, "amount": yuan(request)})
        return None
    line = lock(BudgetLine, line.pk)
    before = position(line)
    commitment = Commitment.objects.create(school=activity.school, line=line, activity_id=activity.pk,
                                           amount=request)
    if before.balance < request:
        _tell_finance(activity.school, _("An approved activity overspends its budget line"),
                      _("%(activity)s is approved with ¥%(amount)s; the line %(line)s had ¥%(balance)s left. The "
                        "commitment is recorded and flagged: move it to another line or raise the line.") % {
                          "activity": activity.title, "amount": yuan(request), "line": line.name,
                          "balance": yuan(before.balance)}, link=_report_link())
    return commitment


def _report_link() -> str:
    from django.urls import reverse

    return reverse("finance:budgets-report")


def _tell_finance(school, title: str, body: str, link: str = "") -> None:
    from xinhuo.core.access import roles_with
    from xinhuo.core.notifications import notify
    from xinhuo.core.services import recipients_for_roles

    notify(school, recipients_for_roles(school, roles_with("finance.budgets.manage")), title, body,
           link or _report_link())


@transaction.atomic
def commitment_close(*, activity) -> Commitment | None:
    """The summary's actual cost closes the activity's pending commitment (the cost beyond the activity's claims
    counts as spent); without an actual cost, only its claims count."""
    found = Commitment.objects.select_for_update().filter(activity_id=activity.pk,
                                                          status=CommitmentStatus.PENDING).first()
    if found is None:
        return None
    found.status, found.actual, found.closed_at = CommitmentStatus.CLOSED, activity.actual_cost, timezone.now()
    found.save(update_fields=["status", "actual", "closed_at"])
    return found


@transaction.atomic
def commitment_release_for(*, activity) -> Commitment | None:
    """An activity rejected (or otherwise called off) releases its pending commitment."""
    found = Commitment.objects.select_for_update().filter(activity_id=activity.pk,
                                                          status=CommitmentStatus.PENDING).first()
    if found is None:
        return None
    found.status, found.closed_at = CommitmentStatus.RELEASED, timezone.now()
    found.save(update_fields=["status", "closed_at"])
    return found


@audited
@transaction.atomic
def commitment_release(*, actor: Actor, commitment: Commitment) -> Commitment:
    """Finance releases a pending commitment (the activity will not spend it: called off, paid otherwise)."""
    _require(actor, "manage_commitment", commitment)
    found = lock(Commitment, commitment.pk)
    if found.status != CommitmentStatus.PENDING:
        raise ValidationError(_("Only a pending commitment can be released."))
    found.status, found.closed_at = CommitmentStatus.RELEASED, timezone.now()
    found.save(update_fields=["status", "closed_at"])
    return found


@audited
@transaction.atomic
def commitment_move(*, actor: Actor, commitment: Commitment, line) -> Commitment:
    """Finance moves a pending commitment to another line of the same approved budget, if that line can hold it."""
    _require(actor, "manage_commitment", commitment)
    found = lock(Commitment, commitment.pk)
    line_id = getattr(line, "pk", line)
    target = BudgetLine.objects.filter(school=actor.school, pk=line_id).select_related("budget").first()
    if found.status != CommitmentStatus.PENDING:
        raise ValidationError(_("Only a pending commitment can be moved."))
    if target is None or target.budget_id != found.line.budget_id:
        raise ValidationError({"line": _("Choose a line of the same budget.")})
    if target.pk == found.line_id:
        return found
    target = lock(BudgetLine.objects.select_related("budget"), target.pk)
    # what the commitment would hold on the target line: its amount less the activity's claims (money.positions)
    held = _remaining(target, found.activity_id, found.amount, None)
    pos = position(target)
    if pos.balance < held:
        raise ValidationError({"line": _(
            "The line %(line)s cannot hold ¥%(amount)s: its balance is ¥%(balance)s (budget ¥%(budget)s, committed "
            "¥%(committed)s, waiting ¥%(waiting)s, spent ¥%(spent)s).") % {
            "line": target.name, "amount": yuan(held), "balance": yuan(pos.balance), "budget": yuan(pos.budget),
            "committed": yuan(pos.committed), "waiting": yuan(pos.waiting), "spent": yuan(pos.spent)}})
    found.line = target
    found.save(update_fields=["line"])
    return found
