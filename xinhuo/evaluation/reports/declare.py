"""What the year-end report part adds to evaluation's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs/evaluation-reports.md, rules.py): the committee (director, leader) generates the year's report,
edits its sections, finalises it into Word and PDF (filed in the governance archive) and submits it to the county
committee. Nobody else sees it here: every other role gets 404."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry

CAPABILITIES: dict = {
    "evaluation.reports.manage": frozenset({R.DIRECTOR, R.LEADER}),
}
# the menu group `evaluation` is declared by the indicators part
NAV: tuple = (
    NavEntry(_("Year-end report"), "evaluation:reports-home", "evaluation.reports.manage", "/evaluation/reports/",
             group="evaluation", order=844),
)
API_ROUTES: tuple = (
    ApiRoute("evaluation/reports", "xinhuo.evaluation.reports.api.YearReportViewSet", "evaluation-report"),
)
API_ENUMS: dict = {"YearReportStatusEnum": "xinhuo.evaluation.reports.models.ReportStatus"}
