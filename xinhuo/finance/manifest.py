"""Finance (GOV-3, 经费专款专用): the annual budget with lines and earmarks, commitments of approved activities,
expense claims through the workflow, and the execution report.

Each part declares what it adds in its own declare.py; this file only joins them."""

from xinhuo.core import parts
from xinhuo.core.registry import AppManifest, DemoStep

from .apps import PARTS

MANIFEST = AppManifest(
    label="finance",
    **parts.declared("xinhuo.finance", PARTS),
    access_kinds="xinhuo.finance.access_kinds.KINDS",
    urls="xinhuo.finance.urls",
    url_prefix="finance/",
    api_paths="xinhuo.finance.api_paths.PATHS",
    demo=DemoStep("xinhuo.finance.demo.build", after=("people", "activities", "plans", "community", "governance")),
    matrix="xinhuo.finance.tests.matrix.CASES",
)
