"""Evaluation (PLAN-3, PLAN-5, STU-4, ORG-8): the indicators and their snapshots, student profiles, the year-end
report and the county view. It closes the committee's year and reads every other app through its selectors.

Each part declares what it adds in its own declare.py; this file only joins them."""

from xinhuo.core import parts
from xinhuo.core.registry import AppManifest, DemoStep

from .apps import PARTS

MANIFEST = AppManifest(
    label="evaluation",
    **parts.declared("xinhuo.evaluation", PARTS),
    access_kinds="xinhuo.evaluation.access_kinds.KINDS",
    urls="xinhuo.evaluation.urls",
    url_prefix="evaluation/",
    api_paths="xinhuo.evaluation.api_paths.PATHS",
    demo=DemoStep("xinhuo.evaluation.demo.build",
                  after=("people", "elders", "care", "activities", "plans", "selections", "clubs", "wellbeing",
                         "surveys", "family", "community", "governance", "finance", "library")),
    matrix="xinhuo.evaluation.tests.matrix.CASES",
)
