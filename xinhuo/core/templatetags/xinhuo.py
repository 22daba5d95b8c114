from __future__ import annotations

from django import template

from xinhuo.core.masking import mask
from xinhuo.core.registry import hook

register = template.Library()


@register.inclusion_tag("core/_sensitive.html", takes_context=True)
def sensitive(context, obj, field: str, kind: str = "phone"):
    """A masked value with a reveal button for roles allowed to see it in full (the reveal is logged)."""
    value = getattr(obj, field, None)
    actor = getattr(context["request"], "actor", None)
    allowed = bool(value) and hook("reveal.allowed")(actor, obj, field)
    url = hook("reveal.url")(obj, field) if allowed else ""
    return {"masked": mask(kind, value), "allowed": allowed, "url": url, "has_value": bool(value)}


@register.filter
def can(actor, capability: str) -> bool:
    return bool(actor) and actor.can(capability)


@register.simple_tag(takes_context=True)
def page_url(context, page_number) -> str:
    query = context.get("query", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.inclusion_tag("core/_chart.html")
def chart(spec: dict, height: int = 0):
    """A chart with its table fallback (core/charts.py); core/charts.js draws it and loads ECharts when needed."""
    from xinhuo.core.charts import rows

    return {"spec": spec, "rows": rows(spec), "height": height, "spec_id": f"{spec['id']}-spec"}
