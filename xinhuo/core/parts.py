"""An app made of parts (community, governance, finance): each part is a package with its own declare.py, urls.py,
api.py, access_kinds.py, setup.py, demo.py and tests/matrix_<part>.py, any of which it may lack. These helpers
find the ones a part has, so the app's manifest, URLconf, API paths, access kinds, demo and matrix only join them.
Core imports no domain app here: the app passes its own package name."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType


def modules(package: str, parts: Iterable[str], pattern: str = "{package}.{part}.{module}",
            module: str = "") -> list[ModuleType]:
    """The parts' modules that exist, in the parts' order. A missing module is skipped; an import error inside an
    existing one is raised (a broken part must not silently vanish)."""
    found = []
    for part in parts:
        name = pattern.format(package=package, part=part, module=module)
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def joined(found: Iterable[ModuleType], name: str) -> tuple:
    return tuple(x for m in found for x in getattr(m, name, ()))


def merged(found: Iterable[ModuleType], name: str) -> dict:
    return {k: v for m in found for k, v in getattr(m, name, {}).items()}


def declared(package: str, parts: Iterable[str]) -> dict:
    """The manifest fields the parts' declare.py modules give (AppManifest's keyword arguments)."""
    found = modules(package, parts, module="declare")
    return {
        "capabilities": merged(found, "CAPABILITIES"), "nav_groups": merged(found, "NAV_GROUPS"),
        "nav": joined(found, "NAV"), "api_routes": joined(found, "API_ROUTES"), "panels": joined(found, "PANELS"),
        "api_enums": merged(found, "API_ENUMS"), "daily_jobs": joined(found, "DAILY_JOBS"),
        "frequent_jobs": joined(found, "FREQUENT_JOBS"), "search": joined(found, "SEARCH"),
        "provides": merged(found, "PROVIDES"),
    }


def url_modules(package: str, parts: Iterable[str]) -> list[str]:
    """The dotted names of the parts' URLconfs, for include()."""
    return [m.__name__ for m in modules(package, parts, module="urls")]
