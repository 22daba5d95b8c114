"""The plain API views of every part (under /api/v1/): each part's api.PATHS, when it has one."""

from xinhuo.core import parts

from .apps import PARTS

PATHS: list = [p for m in parts.modules("xinhuo.evaluation", PARTS, module="api") for p in getattr(m, "PATHS", [])]
