"""What the budgets part adds to finance's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs: /tmp/docs/budgets.md, rules.py):
- finance drafts the annual budget and its lines (earmarks and donors' funds included), raises or adds lines of an
  approved budget with a note, moves or releases an activity's commitment; it sees the execution report;
- the director approves a budget and sets the amount above which a claim needs a second approver;
- the school leader reads budgets and the execution report (the committee);
- everybody else (teachers who claim, counsellors, elders, parents, students, the technical administrator) sees
  nothing of budgets (404): a claimant sees their own claims in the claims part."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

READERS = frozenset({R.FINANCE, R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    # the budgets' pages and API, read
    "finance.budgets.view": READERS,
    # drafting budgets and lines, raising or adding lines after approval, commitments' lines
    "finance.budgets.manage": frozenset({R.FINANCE}),
    # approving a budget, the second-approval threshold
    "finance.budgets.approve": frozenset({R.DIRECTOR}),
    # the execution report (执行情况), its exports and the home panels
    "finance.report.view": READERS,
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Budgets"), "finance:budgets-home", "finance.budgets.view", "/finance/budgets/", group="governance",
             order=620),
    NavEntry(_("Budget execution"), "finance:budgets-report", "finance.report.view", "/finance/report/",
             group="governance", order=621),
)
API_ROUTES: tuple = (
    ApiRoute("finance/budgets", "xinhuo.finance.budgets.api.BudgetViewSet", "finance-budget"),
    ApiRoute("finance/budget-lines", "xinhuo.finance.budgets.api.BudgetLineViewSet", "finance-budget-line"),
)
PANELS: tuple = (
    Panel("finance-execution-chart", "finance/budgets/panels/chart.html",
          "xinhuo.finance.budgets.selectors.home_panel", order=35, place="chart"),
    Panel("finance-balance", "finance/budgets/panels/balance.html", "xinhuo.finance.budgets.selectors.home_panel",
          order=35, place="figure"),
)
API_ENUMS: dict = {
    "BudgetLineCategoryEnum": "xinhuo.finance.budgets.models.LineCategory",
    "CommitmentStatusEnum": "xinhuo.finance.budgets.models.CommitmentStatus",
    "ExpenseKindEnum": "xinhuo.finance.budgets.models.ExpenseKind",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
