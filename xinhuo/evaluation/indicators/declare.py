"""What the indicators part (PLAN-3, 评估指标) adds to evaluation's manifest (manifest.py joins the parts). No model
imports here.

Who does what (rules.py; docs: docs/evaluation-indicators.md):
- the committee (director, leader) reads the indicators, their trends and the records behind them, edits the
  system (names, targets, weights, score bands, in use) and fixes an ended period's figures (a snapshot);
- only the director takes a fixed period's figures again (a retake);
- everybody else sees nothing of it (404). The county view reads snapshots through the selectors, not these pages."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    "evaluation.indicators.view": COMMITTEE,
    "evaluation.indicators.manage": COMMITTEE,
    "evaluation.indicators.retake": frozenset({R.DIRECTOR}),
}
NAV_GROUPS: dict = {"evaluation": _("Evaluation")}
NAV: tuple = (
    NavEntry(_("Indicators"), "evaluation:indicators-home", "evaluation.indicators.view", "/evaluation/indicators/",
             group="evaluation", order=842),
)
API_ROUTES: tuple = (
    ApiRoute("evaluation/indicators", "xinhuo.evaluation.indicators.api.IndicatorViewSet", "evaluation-indicator"),
    ApiRoute("evaluation/dimensions", "xinhuo.evaluation.indicators.api.DimensionViewSet", "evaluation-dimension"),
    ApiRoute("evaluation/snapshots", "xinhuo.evaluation.indicators.api.SnapshotViewSet", "evaluation-snapshot"),
)
PANELS: tuple = (
    Panel("evaluation-dimensions", "evaluation/indicators/panels/chart.html",
          "xinhuo.evaluation.indicators.selectors.home_panel", order=900, place="chart"),
)
API_ENUMS: dict = {"EvaluationPeriodEnum": "xinhuo.evaluation.indicators.models.Period"}
DAILY_JOBS: tuple = ("xinhuo.evaluation.indicators.tasks.indicator_snapshots_task",)
FREQUENT_JOBS: tuple = ("xinhuo.evaluation.indicators.tasks.live_figures_warm_task",)
