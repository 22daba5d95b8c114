"""Reads of the claims part, already scoped to the actor (rules.py holds the matching predicates): one's own
claims, finance's queues (to check, to pay), the approvers' queue, a claim with its history and receipts, and
what a claim may be put on and linked to (this year's approved budget's lines, activities, plan tasks)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Role

from ..budgets.models import BudgetLine
from .models import ClaimReceipt, ClaimStatus, ClaimStep, ExpenseClaim
from .rules import APPROVE, CHECK, SUBMIT, can

S = ClaimStatus
BOXES = ("mine", "check", "pay", "approve", "all")


def _rows(qs: QuerySet[ExpenseClaim]) -> QuerySet[ExpenseClaim]:
    # a correlated count (not a join and GROUP BY): only the page's rows are counted, and the paginator's COUNT
    # stays a plain one
    receipts_of = (ClaimReceipt.objects.filter(claim=OuterRef("pk")).order_by().values("claim")
                   .annotate(n=Count("pk")).values("n"))
    return (qs.select_related("claimant", "line", "activity", "plan_task")
            .annotate(receipt_count=Coalesce(Subquery(receipts_of), 0)).order_by("-created_at", "-pk"))


def claims(actor: Actor) -> QuerySet[ExpenseClaim]:
    """Every claim the actor may see (rules.view_claim): their own; finance and the approvers every claim past the
    draft."""
    if not any(actor.can(c) for c in (SUBMIT, CHECK, APPROVE)):
        raise Http404
    base = ExpenseClaim.objects.filter(school=actor.school)
    cond = Q(claimant=actor.user)
    if actor.can(CHECK) or actor.can(APPROVE):
        cond |= ~Q(status=S.DRAFT)
    return base.filter(cond)


def _director_ids(actor: Actor):
    from xinhuo.core.models import Membership

    return Membership.objects.filter(school=actor.school, role=Role.DIRECTOR).values("user_id")


def box(actor: Actor, name: str) -> QuerySet[ExpenseClaim]:
    """A list: "mine" (one's own), "check" and "pay" (finance's), "approve" (the approver's: checked claims they
    approve first, claims first-approved by someone else), "all" (every claim the actor sees). A box the actor
    lacks is a 404."""
    if name == "mine":
        actor.require(SUBMIT)
        return _rows(ExpenseClaim.objects.filter(school=actor.school, claimant=actor.user))
    if name == "check":
        actor.require(CHECK)
        return _rows(ExpenseClaim.objects.filter(school=actor.school, status=S.SUBMITTED)
                     .exclude(claimant=actor.user))
    if name == "pay":
        actor.require(CHECK)
        return _rows(ExpenseClaim.objects.filter(school=actor.school, status=S.APPROVED))
    if name == "approve":
        actor.require(APPROVE)
        base = ExpenseClaim.objects.filter(school=actor.school).exclude(claimant=actor.user)
        first = Q(status=S.CHECKED)
        if not actor.has_role(Role.DIRECTOR):  # a leader approves first only a director's own claim
            first &= Q(claimant_id__in=_director_ids(actor))
        second = Q(status=S.FIRST_APPROVED) & ~Q(approved_by=actor.user)
        return _rows(base.filter(first | second))
    if name == "all":
        return _rows(claims(actor))
    raise Http404


def boxes_for(actor: Actor) -> list[str]:
    out = []
    if actor.can(CHECK):
        out += ["check", "pay"]
    if actor.can(APPROVE):
        out.append("approve")
    if actor.can(CHECK) or actor.can(APPROVE):
        out.append("all")
    return out


def claim_list(actor: Actor, name: str, *, status: str = "") -> QuerySet[ExpenseClaim]:
    qs = box(actor, name)
    if status in S.values:
        qs = qs.filter(status=status)
    return qs


def claim_detail(actor: Actor, pk: int) -> ExpenseClaim:
    claim = (claims(actor).select_related("claimant", "line__budget__year", "activity", "plan_task", "checked_by",
                                          "approved_by", "second_by", "paid_by")
             .filter(pk=pk).first())
    if claim is None or not can(actor, "view_claim", claim):
        raise Http404
    return claim


def claim_steps(claim: ExpenseClaim) -> QuerySet[ClaimStep]:
    return claim.steps.select_related("by").order_by("at", "pk")


def receipts(claim: ExpenseClaim) -> QuerySet[ClaimReceipt]:
    return claim.receipts.order_by("pk")


def receipt_detail(actor: Actor, pk: int) -> ClaimReceipt:
    receipt = ClaimReceipt.objects.filter(pk=pk, claim__school=actor.school).select_related("claim").first()
    if receipt is None or not can(actor, "view_claim", receipt.claim):
        raise Http404
    return receipt


def counts(actor: Actor) -> dict[str, int]:
    """How many claims wait in each of the actor's queues (one query)."""
    names = boxes_for(actor)
    if not names:
        return {}
    wanted = {n: box(actor, n).order_by().values("pk") for n in names if n != "all"}
    return {n: qs.count() for n, qs in wanted.items()}


# --- what a claim goes on and links to -------------------------------------------------------------------------


def claim_lines(actor: Actor) -> QuerySet[BudgetLine]:
    """The lines of this school year's approved budget (budgets' selectors find it): where a claim may go."""
    from django.utils import timezone

    from ..budgets import selectors as budgets

    budget = budgets.approved_budget_on(actor.school, timezone.localdate())
    if budget is None:
        return BudgetLine.objects.none()
    return BudgetLine.objects.filter(budget=budget).select_related("budget__year").order_by("order", "pk")


def lines_with_balance(actor: Actor) -> list[BudgetLine]:
    """The claimable lines, each with its position (budget, committed, waiting, spent, balance) as `position`."""
    from ..budgets.money import positions

    lines = list(claim_lines(actor))
    found = positions(lines)
    for line in lines:
        line.position = found[line.pk]  # type: ignore[attr-defined]
    return lines


def linkable_activities(actor: Actor):
    """The activities a claim may name: those the claimant may see (their own applications included), not
    rejected."""
    from xinhuo.activities import selectors as activities
    from xinhuo.activities.models import ActivityStatus

    return activities.activities(actor).exclude(status=ActivityStatus.REJECTED).order_by("-starts_at", "-pk")


def activity_choices(actor: Actor):
    """The form's activities: linkable ones of this school year (a school has hundreds over the years)."""
    import datetime as dt

    from xinhuo.core.selectors import school_year_bounds

    start, end = school_year_bounds(actor.school)
    return linkable_activities(actor).filter(starts_at__date__gte=start,
                                             starts_at__date__lt=end + dt.timedelta(days=1))


def task_choices(actor: Actor):
    """The form's plan tasks: those of the plans the claimant sees, this school year's first."""
    return linkable_tasks(actor).order_by("-plan__year", "plan_id", "order", "pk")


def linkable_tasks(actor: Actor):
    """The plan tasks a claim may name: those of the plans the claimant sees."""
    from xinhuo.plans import selectors as plans

    return plans.api_tasks(actor)


def home_panel(actor: Actor) -> dict | None:
    """The home page's card: the claims waiting for this actor (to check, to pay, to approve), and their own
    claims returned to them for changes. None when nothing waits: the card is for work, not for zeros."""
    boxes = {n: c for n, c in counts(actor).items() if c}
    returned = (box(actor, "mine").filter(status=S.RETURNED).count() if actor.can(SUBMIT) else 0)
    if not boxes and not returned:
        return None
    return {"boxes": boxes, "returned": returned}
