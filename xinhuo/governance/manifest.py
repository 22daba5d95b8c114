"""Governance (GOV-1, GOV-2, PLAN-4, ORG-2): meetings and minutes, the charter and duties, the archive, supervision
and rectification.

Each part declares what it adds in its own declare.py; this file only joins them."""

from xinhuo.core import parts
from xinhuo.core.registry import AppManifest, DemoStep, Handover

from .apps import PARTS

MANIFEST = AppManifest(
    label="governance",
    **parts.declared("xinhuo.governance", PARTS),
    access_kinds="xinhuo.governance.access_kinds.KINDS",
    urls="xinhuo.governance.urls",
    url_prefix="governance/",
    api_paths="xinhuo.governance.api_paths.PATHS",
    demo=DemoStep("xinhuo.governance.demo.build",
                  after=("people", "elders", "care", "activities", "plans", "selections", "family", "community")),
    matrix="xinhuo.governance.tests.matrix.CASES",
    # the action and rectification items a leaving staff member owns (issue 19)
    handover=Handover("xinhuo.governance.handover.items", "xinhuo.governance.handover.reassign"),
)
