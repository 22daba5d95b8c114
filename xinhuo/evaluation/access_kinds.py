"""The kinds of access-log rows the evaluation app's parts write, in the access log's words
(core.registry.AccessKind): each part's access_kinds.KINDS, joined."""

from xinhuo.core import parts

from .apps import PARTS

KINDS: dict = parts.merged(parts.modules("xinhuo.evaluation", PARTS, module="access_kinds"), "KINDS")
