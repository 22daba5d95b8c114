"""The selections' section of the school's honour wall (elders/honour_wall.html includes it): the latest winners,
one query, for whoever sees the wall."""

from __future__ import annotations

from django import template

from xinhuo.selections import selectors

register = template.Library()

WALL_SIZE = 6


@register.inclusion_tag("selections/_honours_section.html", takes_context=True)
def selection_honours(context):
    actor = getattr(context.get("request"), "actor", None)
    if not actor or not actor.can("selections.view"):
        return {"winners": []}
    return {"winners": list(selectors.winners(actor)[:WALL_SIZE])}
