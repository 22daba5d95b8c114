"""The library (RES-1 to RES-5): resources and collections, and the one search box across the apps.

Each part declares what it adds in its own declare.py; this file only joins them."""

from xinhuo.core import parts
from xinhuo.core.registry import AppManifest, DemoStep

from .apps import PARTS

MANIFEST = AppManifest(
    label="library",
    **parts.declared("xinhuo.library", PARTS),
    access_kinds="xinhuo.library.access_kinds.KINDS",
    urls="xinhuo.library.urls",
    url_prefix="library/",
    api_paths="xinhuo.library.api_paths.PATHS",
    matrix="xinhuo.library.tests.matrix.CASES",
    demo=DemoStep("xinhuo.library.demo.build", after=("people", "elders", "activities", "plans", "family",
                                                      "governance")),
)
