"""Where a budget line stands: the one computation of budget, committed, waiting, spent and balance, used by the
claims' refusals, the execution report and the home panels alike (so they never disagree).

- waiting: claims submitted, checked or half-approved (their amount is reserved);
- spent: claims approved or paid, and what closed activities cost beyond their claims;
- committed: approved activities not yet summarised, less what their claims already take (a claim linked to the
  activity draws its commitment down, on whichever line the claim is made: the activity's money is counted once);
- balance = budget − committed − waiting − spent. A claim that would take it below zero is refused
  (services.check_claim); a commitment is recorded anyway and flagged (the activity was approved).
Amounts are Decimals in yuan throughout; nothing is rounded on the way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from ..claims.models import SPENT, WAITING, ExpenseClaim
from .models import BudgetLine, Commitment, CommitmentStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Position:
    budget: Decimal
    committed: Decimal
    waiting: Decimal
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.budget - self.committed - self.waiting - self.spent

    @property
    def used(self) -> Decimal:
        """Committed, waiting and spent: what the line holds for someone."""
        return self.committed + self.waiting + self.spent

    @property
    def used_share(self) -> Decimal:
        """Spent and waiting as a share of the budget (0–1+)."""
        return (self.spent + self.waiting) / self.budget if self.budget else ZERO

    @property
    def rate(self) -> Decimal:
        """The execution rate (执行率): spent as a share of the budget, 0–1 (more when overspent)."""
        return self.spent / self.budget if self.budget else ZERO


def positions(lines: Iterable[BudgetLine], *, exclude_claim: int | None = None) -> dict[int, Position]:
    """Each line's position, in two queries whatever the number of lines. `exclude_claim` leaves one claim out
    (a claim checked again while it already reserves its amount)."""
    lines = list(lines)
    ids = [line.pk for line in lines]
    if not ids:
        return {}
    commitments = list(Commitment.objects.filter(line_id__in=ids).exclude(status=CommitmentStatus.RELEASED)
                       .values_list("line_id", "activity_id", "status", "amount", "actual"))
    activities = {c[1] for c in commitments}
    waiting: dict[int, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_activity: dict[int, Decimal] = defaultdict(lambda: ZERO)  # activity -> its claims, on any line
    where = Q(line_id__in=ids)
    if activities:
        where |= Q(activity_id__in=activities)
    claims = ExpenseClaim.objects.filter(where, status__in=WAITING + SPENT)
    if exclude_claim is not None:
        claims = claims.exclude(pk=exclude_claim)
    for row in claims.values("line_id", "status", "activity_id").annotate(total=Sum("amount")).order_by():
        if row["line_id"] in ids:
            (spent if row["status"] in SPENT else waiting)[row["line_id"]] += row["total"]
        if row["activity_id"] in activities:
            by_activity[row["activity_id"]] += row["total"]
    committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line_id, activity_id, status, amount, actual in commitments:
        claimed = by_activity[activity_id]
        if status == CommitmentStatus.PENDING:
            committed[line_id] += max(amount - claimed, ZERO)
        else:  # closed: the cost paid outside its claims is spent too
            spent[line_id] += max((actual or ZERO) - claimed, ZERO)
    return {line.pk: Position(line.amount, committed[line.pk], waiting[line.pk], spent[line.pk]) for line in lines}


def position(line: BudgetLine, *, exclude_claim: int | None = None) -> Position:
    return positions([line], exclude_claim=exclude_claim)[line.pk]


def total(found: Iterable[Position]) -> Position:
    """The sum of positions (a budget's, or an earmark's)."""
    found = list(found)
    return Position(sum((p.budget for p in found), ZERO), sum((p.committed for p in found), ZERO),
                    sum((p.waiting for p in found), ZERO), sum((p.spent for p in found), ZERO))
