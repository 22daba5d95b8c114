"""The demo school's evaluation: each part's demo builder, in the order of the parts (apps.PARTS)."""

from __future__ import annotations

from xinhuo.core import parts

from .apps import PARTS


def build(ctx) -> None:
    for module in parts.modules("xinhuo.evaluation", PARTS, module="demo"):
        module.build(ctx)
