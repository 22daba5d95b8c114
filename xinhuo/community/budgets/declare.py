"""What the budgets part adds to community's manifest (manifest.py joins the parts): the finance officer's view of
the money the committee's activities ask for (issue 20). No model imports here; no page of its own — the activities
are read through the activities app's selectors, as the finance officer may see them (published ones).

- finance: this school year's activity budget requests per month (held and coming, a chart) and the coming
  activities with a budget, soonest first; the bursaries panel beside it says what waits to be paid;
- everyone else: nothing (the committee approves the budgets on the activities themselves)."""

from xinhuo.core.models import Role as R
from xinhuo.core.registry import Panel

CAPABILITIES: dict = {
    "community.budgets.view": frozenset({R.FINANCE}),
}
NAV_GROUPS: dict = {}
NAV: tuple = ()
API_ROUTES: tuple = ()
PANELS: tuple = (
    Panel("budgets-chart", "community/budgets/panels/chart.html", "xinhuo.community.budgets.selectors.budget_panel",
          order=40, place="chart"),
    Panel("budgets-coming", "community/budgets/panels/coming.html",
          "xinhuo.community.budgets.selectors.budget_panel", order=559, place="list"),
)
API_ENUMS: dict = {}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
