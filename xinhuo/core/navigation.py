"""The navigation a role sees: only what it may use, from the entries the apps declare (registry)."""

from __future__ import annotations

from django.urls import reverse

from . import registry
from .access import Actor


def navigation_for(actor: Actor, path: str) -> list[dict]:
    """Entries in order: an item {label, url, active}, or a group {label, active, key, children: [...]}."""
    out: list[dict] = []
    groups: dict[str, dict] = {}
    visible = [item for item in registry.nav_entries() if actor.can(item.capability)]
    # the one item marked active is the most specific: /elders/home/ is "My service", not "Elders"
    matching = [i for i in visible if (path == "/" if i.prefix == "/$" else path.startswith(i.prefix))]
    current = max(matching, key=lambda i: len(i.prefix), default=None)
    for item in visible:
        active = item is current
        entry = {"label": item.label, "url": reverse(item.url_name), "active": active}
        if not item.group:
            out.append(entry)
            continue
        if item.group not in groups:
            label = registry.nav_groups()[item.group]
            groups[item.group] = {"label": label, "active": False, "children": [], "key": item.group}
            out.append(groups[item.group])
        group = groups[item.group]
        group["children"].append(entry)
        group["active"] = group["active"] or active
    return [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in out]
