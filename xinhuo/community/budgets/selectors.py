"""The finance officer's view of the activities' budget requests (issue 20), read through the activities app's
selectors as the finance officer may see them: the activities published this school year (approved and later; an
application still waiting for approval is the committee's, not yet money to plan for)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.activities import selectors as activity_selectors
from xinhuo.activities.models import ActivityStatus
from xinhuo.core import charts
from xinhuo.core.access import Actor
from xinhuo.core.selectors import school_year_bounds

HELD = (ActivityStatus.SUMMARISED, ActivityStatus.ARCHIVED)
COMING = (ActivityStatus.APPROVED, ActivityStatus.RUNNING)
NEXT = 5


def months_of(start, end) -> list[str]:
    """"YYYY-MM" of every month from `start` to `end` (dates)."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def budget_panel(actor: Actor) -> dict | None:
    """This school year's budget requests per month, of the activities held (summarised) and of those approved and
    not yet held (a stacked chart over the whole year: the coming months are planned already), the year's totals,
    and the next activities with a budget. None but for finance. Three queries."""
    if not actor.can("community.budgets.view"):
        return None
    start, end = school_year_bounds(actor.school)
    year = (activity_selectors.activities(actor)
            .filter(starts_at__date__gte=start, starts_at__date__lte=end, budget_request__isnull=False,
                    status__in=HELD + COMING))
    months = months_of(start, end)
    held = dict.fromkeys(months, Decimal(0))
    coming = dict.fromkeys(months, Decimal(0))
    for month, status, total in (year.order_by().annotate(m=TruncMonth("starts_at")).values_list("m", "status")
                                 .annotate(total=Sum("budget_request"))):
        key = timezone.localtime(month).strftime("%Y-%m") if timezone.is_aware(month) else month.strftime("%Y-%m")
        target = held if status in HELD else coming
        if key in target:
            target[key] += total
    total_held, total_coming = sum(held.values(), Decimal(0)), sum(coming.values(), Decimal(0))
    spec = charts.chart(
        "budgets-per-month", "stacked", months,
        [(_("Held"), [round(v) for v in held.values()]), (_("Approved"), [round(v) for v in coming.values()])],
        title=_("Activity budget requests per month"), unit=_("yuan"),
        summary=_("This school year: ¥%(held)s for activities held, ¥%(coming)s approved and not yet held.")
        % {"held": f"{total_held:,.0f}", "coming": f"{total_coming:,.0f}"})
    nxt = list(year.filter(status__in=COMING, ends_at__gte=timezone.now(), budget_request__gt=0)
               .order_by("starts_at", "pk")[:NEXT])
    return {"chart": spec, "held": total_held, "coming": total_coming, "next": nxt}
