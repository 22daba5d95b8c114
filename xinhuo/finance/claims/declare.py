"""What the claims part adds to finance's manifest (manifest.py joins the parts). No model imports here.

Who does what (rules.py says it per claim; docs: /tmp/docs/claims.md):
- staff who spend the committee's money claim it back (报销): the director, leaders, department heads, head
  teachers, counsellors, young teachers and finance; each sees only their own claims;
- finance checks claims (or returns them with a comment, or rejects them) and records them as paid;
- the director approves; above the school's threshold (FinanceSettings.second_approval_over, 2000 yuan unless set)
  a second approver — a leader, or another director — approves too;
- nobody checks or approves their own claim, and the second approver is not the first; a director's own claim is
  approved first by a leader;
- the administrator, elders, parents and students see nothing of it (404)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

SUBMITTERS = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER, R.COUNSELLOR, R.YOUNG_TEACHER,
                        R.FINANCE})
FINANCE = frozenset({R.FINANCE})
APPROVERS = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    # claiming one's own expenses and following them
    "finance.claims.submit": SUBMITTERS,
    # finance's queue: check, return, reject
    "finance.claims.check": FINANCE,
    # recording a claim as paid
    "finance.claims.pay": FINANCE,
    # approving: the director first (a leader first only on a director's own claim), a leader or another director
    # second (rules.py)
    "finance.claims.approve": APPROVERS,
    # the queue page: finance and the approvers
    "finance.claims.handle": FINANCE | APPROVERS,
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Expense claims"), "finance:claims-mine", "finance.claims.submit", "/finance/claims/",
             group="governance", order=720),
    NavEntry(_("Claims to handle"), "finance:claims-queue", "finance.claims.handle", "/finance/claims/queue/",
             group="governance", order=721),
)
API_ROUTES: tuple = (
    ApiRoute("finance/claims", "xinhuo.finance.claims.api.ClaimViewSet", "finance-claim"),
)
PANELS: tuple = (
    # what waits for the actor: finance's checks and payments, the approvers' approvals, one's own returned claims
    Panel("claims-waiting", "finance/claims/panels/waiting.html", "xinhuo.finance.claims.selectors.home_panel",
          order=36, place="figure"),
)
API_ENUMS: dict = {
    "ExpenseClaimStatusEnum": "xinhuo.finance.claims.models.ClaimStatus",
    "ExpenseKindEnum": "xinhuo.finance.budgets.models.ExpenseKind",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
