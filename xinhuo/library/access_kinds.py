"""The kinds of access-log rows the library's parts write (core.registry.AccessKind): each part's
access_kinds.KINDS, joined."""

from xinhuo.core import parts

from .apps import PARTS

KINDS: dict = parts.merged(parts.modules("xinhuo.library", PARTS, module="access_kinds"), "KINDS")
