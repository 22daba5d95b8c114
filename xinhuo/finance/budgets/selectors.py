"""Reads of the budgets part, scoped to the actor's school and role (finance and the committee), and the execution
report (执行情况): per line, per earmark and per activity, from money.positions — the one computation, so the
report, the exports, the API and the home panel never disagree with the claims' refusals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from xinhuo.core import charts
from xinhuo.core.access import Actor
from xinhuo.core.models import SchoolYear
from xinhuo.core.selectors import current_school_year

from ..claims.models import SPENT, WAITING, ExpenseClaim
from .models import Budget, BudgetLine, BudgetStatus, Commitment, CommitmentStatus, ExpenseKind, FinanceSettings
from .money import ZERO, Position, positions, total


def budgets(actor: Actor) -> QuerySet[Budget]:
    actor.require("finance.budgets.view")
    return (Budget.objects.filter(school=actor.school).select_related("year", "approved_by")
            .annotate(total=Sum("lines__amount"), line_count=Count("lines")).order_by("-year__start", "pk"))


def budget_detail(actor: Actor, pk: int) -> Budget:
    actor.require("finance.budgets.view")
    budget = Budget.objects.filter(school=actor.school, pk=pk).select_related("year", "approved_by").first()
    if budget is None:
        raise Http404
    return budget


def lines(budget: Budget) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(budget=budget).select_related("fund").order_by("order", "pk"))


def line_detail(actor: Actor, pk: int) -> BudgetLine:
    actor.require("finance.budgets.view")
    line = BudgetLine.objects.filter(school=actor.school, pk=pk).select_related("budget", "fund").first()
    if line is None:
        raise Http404
    return line


def all_lines(actor: Actor) -> QuerySet[BudgetLine]:
    actor.require("finance.budgets.view")
    return (BudgetLine.objects.filter(school=actor.school).select_related("budget", "budget__year", "fund")
            .order_by("-budget__year__start", "order", "pk"))


def commitment_detail(actor: Actor, pk: int) -> Commitment:
    actor.require("finance.budgets.view")
    found = (Commitment.objects.filter(school=actor.school, pk=pk).select_related("line", "line__budget", "activity")
             .first())
    if found is None:
        raise Http404
    return found


def years(actor: Actor) -> QuerySet[SchoolYear]:
    return SchoolYear.objects.filter(school=actor.school).order_by("-start")


def year_of(actor: Actor, year_id: int | None) -> SchoolYear | None:
    """The school year asked for (None: the current one); Http404 for another school's."""
    if year_id is None:
        return current_school_year(actor.school)
    year = SchoolYear.objects.filter(school=actor.school, pk=year_id).first()
    if year is None:
        raise Http404
    return year


def budget_of_year(school, year: SchoolYear | None) -> Budget | None:
    if year is None:
        return None
    return Budget.objects.filter(school=school, year=year).select_related("year", "approved_by").first()


def approved_budget_on(school, day) -> Budget | None:
    """The approved budget of the school year `day` falls in (the current year's when none holds it)."""
    year = (SchoolYear.objects.filter(school=school, start__lte=day, end__gte=day).first()
            or current_school_year(school))
    if year is None:
        return None
    return Budget.objects.filter(school=school, year=year, status=BudgetStatus.APPROVED).first()


def finance_settings(school) -> FinanceSettings:
    """The school's finance rules (the defaults, unsaved, until someone changes them)."""
    return FinanceSettings.objects.filter(school=school).first() or FinanceSettings(school=school)


def fund_choices(actor: Actor) -> list:
    """The donors' open funds a line may be funded by, through the community app's selectors."""
    from xinhuo.community.bursaries import selectors as bursaries

    if not actor.can("community.bursaries.view"):
        return []
    return list(bursaries.open_funds(actor))


def kind_labels(kinds) -> list[str]:
    labels = dict(ExpenseKind.choices)
    return [str(labels.get(k, k)) for k in kinds]


# --- the execution report (执行情况) ----------------------------------------------------------------------------


def _line_chart(rows: list[dict], title: str) -> dict:
    names = [r["line"].name for r in rows]

    def values(key: str) -> list[float]:
        return [float(max(getattr(r["pos"], key), ZERO)) for r in rows]

    pos = total(r["pos"] for r in rows)
    return charts.chart(
        "finance-execution", "stacked", names,
        [(_("Spent"), values("spent")), (_("Awaiting approval"), values("waiting")),
         (_("Committed"), values("committed")), (_("Balance"), values("balance"))],
        title=title, unit=_("yuan"),
        summary=_("Budget ¥%(budget)s: spent ¥%(spent)s, waiting ¥%(waiting)s, committed ¥%(committed)s, balance "
                  "¥%(balance)s.") % {k: f"{getattr(pos, k):,.2f}"
                                       for k in ("budget", "spent", "waiting", "committed", "balance")})


def report(actor: Actor, year_id: int | None = None, *, details: bool = True) -> dict[str, Any]:
    """The execution report of a school year's budget (the current year's by default): per line its position and
    rate, per earmark what it was for and what it was spent on (by kind), per activity its request, commitment,
    actual cost and claims. A fixed number of queries whatever the number of lines and activities."""
    actor.require("finance.report.view")
    year = year_of(actor, year_id)
    budget = budget_of_year(actor.school, year)
    out: dict[str, Any] = {"year": year, "budget": budget, "lines": [], "earmarks": [], "activities": [],
                           "total": Position(ZERO, ZERO, ZERO, ZERO), "chart": None, "over": []}
    if budget is None:
        return out
    found = lines(budget)
    pos = positions(found)
    rows: list[dict[str, Any]] = [{"line": x, "pos": pos[x.pk], "over": pos[x.pk].balance < 0} for x in found]
    out["lines"] = rows
    out["total"] = total(pos.values())
    out["over"] = [r["line"] for r in rows if r["over"]]
    out["chart"] = _line_chart(rows, _("Budget execution per line")) if rows else None
    if not details:
        return out
    earmarked = [r for r in rows if r["line"].earmarked or r["line"].fund_id]
    by_kind: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    if earmarked:
        labels = dict(ExpenseKind.choices)
        for line_id, kind, amount in (ExpenseClaim.objects
                                      .filter(line_id__in=[r["line"].pk for r in earmarked], status__in=SPENT)
                                      .values_list("line_id", "kind").annotate(s=Sum("amount"))
                                      .order_by("line_id", "kind")):
            by_kind[line_id].append((str(labels.get(kind, kind)), amount))
    out["earmarks"] = [{**r, "purpose": r["line"].earmark_purpose or (r["line"].fund.purpose if r["line"].fund else ""),
                        "kinds": kind_labels(r["line"].allowed_kinds), "spent_on": by_kind[r["line"].pk]}
                       for r in earmarked]
    # Plain rows, not model instances: a large school's year has hundreds of commitments, and building a
    # Commitment, its Activity and its line for each was most of the page's time.
    commitments = list(Commitment.objects.filter(line__budget=budget).order_by("activity__starts_at", "pk")
                       .values("status", "amount", "actual", "line_id", "activity_id", line_name=F("line__name"),
                               title=F("activity__title"), request=F("activity__budget_request")))
    claimed: dict[int, tuple[Decimal, int]] = {}
    if commitments:
        for activity_id, s, n in (ExpenseClaim.objects
                                  .filter(activity_id__in=[c["activity_id"] for c in commitments],
                                          status__in=WAITING + SPENT)
                                  .values_list("activity_id").annotate(s=Sum("amount"), n=Count("pk"))
                                  .order_by()):
            claimed[activity_id] = (s, n)
    over = {x.pk for x in out["over"]}
    statuses = dict(CommitmentStatus.choices)
    out["activities"] = [{"activity_id": c["activity_id"], "title": c["title"], "line": c["line_name"],
                          "status": c["status"], "status_label": str(statuses.get(c["status"], c["status"])),
                          "request": c["request"],
                          "committed": c["amount"] if c["status"] != CommitmentStatus.RELEASED else ZERO,
                          "actual": c["actual"], "claims": claimed.get(c["activity_id"], (ZERO, 0))[0],
                          "claim_count": claimed.get(c["activity_id"], (ZERO, 0))[1],
                          "over": c["status"] == CommitmentStatus.PENDING and c["line_id"] in over}
                         for c in commitments]
    return out


def report_json(data: dict[str, Any]) -> dict[str, Any]:
    """The report as plain JSON (amounts as strings, exact)."""
    def money(p: Position) -> dict[str, str]:
        return {"budget": str(p.budget), "committed": str(p.committed), "waiting": str(p.waiting),
                "spent": str(p.spent), "balance": str(p.balance), "rate": f"{p.rate:.4f}"}

    budget = data["budget"]
    return {
        "year": {"id": data["year"].pk, "name": data["year"].name} if data["year"] else None,
        "budget": {"id": budget.pk, "title": budget.title, "status": budget.status} if budget else None,
        "total": money(data["total"]),
        "lines": [{"id": r["line"].pk, "name": r["line"].name, "category": r["line"].category,
                   "earmarked": r["line"].earmarked, "overspent": r["over"], **money(r["pos"])} for r in data["lines"]],
        "earmarks": [{"line": r["line"].pk, "name": r["line"].name, "purpose": r["purpose"],
                      "fund": r["line"].fund.name if r["line"].fund else None, "kinds": r["kinds"],
                      "spent_on": [{"kind": k, "amount": str(a)} for k, a in r["spent_on"]], **money(r["pos"])}
                     for r in data["earmarks"]],
        "activities": [{"activity": r["activity_id"], "title": r["title"], "line": r["line"], "status": r["status"],
                        "request": None if r["request"] is None else str(r["request"]),
                        "committed": str(r["committed"]), "actual": None if r["actual"] is None else str(r["actual"]),
                        "claims": str(r["claims"]), "claim_count": r["claim_count"], "over": r["over"]}
                       for r in data["activities"]],
    }


def home_panel(actor: Actor) -> dict | None:
    """Finance's, the director's and the leader's home page: the current year's execution per line (a chart) and
    its balance. None for everyone else, and where the year has no budget."""
    if not actor.can("finance.report.view"):
        return None
    data = report(actor, details=False)
    if data["budget"] is None or not data["lines"]:
        return None
    return {"chart": data["chart"], "total": data["total"], "budget": data["budget"], "over": data["over"]}
