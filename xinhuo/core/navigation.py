"""The navigation a role sees: only what it may use, from the entries the apps declare (registry).

The base template draws it as a sidebar on a desktop and an off-canvas menu on a phone: the entries without a group
on top (home, inbox), then one collapsible section per group, in the order of each group's first entry."""

from __future__ import annotations

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string

from . import registry
from .access import Actor


def _shown(actor: Actor, item: registry.NavEntry) -> bool:
    """The entry's own `shown` test, asked once per request (the answers are kept on the actor, which lives as long
    as the request)."""
    if not item.shown:
        return True
    answers: dict[str, bool] = actor.__dict__.setdefault("_nav_shown", {})
    if item.shown not in answers:
        answers[item.shown] = bool(import_string(item.shown)(actor))
    return answers[item.shown]


@cache
def _url(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


def url_of(name: str) -> str:
    """An entry's URL, reversed once per process: the menu has some 90 entries and is drawn on every page."""
    return _url(name, get_script_prefix(), get_urlconf())


def visible_entries(actor: Actor) -> list[registry.NavEntry]:
    """The declared entries this actor may use and would use: the capability first, then the entry's `shown`."""
    return [item for item in registry.nav_entries() if actor.can(item.capability) and _shown(actor, item)]


def navigation_for(actor: Actor, path: str) -> list[dict]:
    """Entries in order: an item {label, url, active}, or a group {label, active, key, children: [...]}; a group
    with a single entry for this actor is that entry alone."""
    cached: dict[str, list[dict]] = actor.__dict__.setdefault("_nav", {})
    if path in cached:
        return cached[path]
    out: list[dict] = []
    groups: dict[str, dict] = {}
    visible = visible_entries(actor)
    # the one item marked active is the most specific: /elders/home/ is "My service", not "Elders"
    matching = [i for i in visible if (path == "/" if i.prefix == "/$" else path.startswith(i.prefix))]
    current = max(matching, key=lambda i: len(i.prefix), default=None)
    for item in visible:
        active = item is current
        entry = {"label": item.label, "url": url_of(item.url_name), "active": active}
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
    cached[path] = [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in out]
    return cached[path]
