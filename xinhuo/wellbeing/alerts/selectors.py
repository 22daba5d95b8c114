"""Reads of alerts: the counsellors and the safeguarding lead see every alert of the school, the director the
escalated ones; nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.models import Membership, Role, User
from xinhuo.core.selectors import school_year_bounds

from ..models import Alert, AlertStatus
from ..rules import can, safeguarding_lead_id


def alerts(actor: Actor) -> QuerySet[Alert]:
    qs = Alert.objects.filter(school=actor.school).select_related(
        "student__school_class__grade", "acknowledged_by", "response__campaign")
    if actor.has_role(Role.COUNSELLOR) or actor.user.pk == safeguarding_lead_id(actor.school):
        return qs
    if actor.has_role(Role.DIRECTOR):
        return qs.filter(escalated_at__isnull=False)
    return qs.none()


def alert_list(actor: Actor, *, status: str = "") -> QuerySet[Alert]:
    """Open alerts first, then the newest."""
    qs = alerts(actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-status", "-raised_at", "-pk")  # "open" sorts after "acknowledged": descending puts it first


def alert_detail(actor: Actor, pk: int) -> Alert:
    alert = alerts(actor).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


def alert_panel(actor: Actor) -> dict | None:
    """The home page's alert panel: every open alert the actor handles, until acknowledged."""
    if not actor.can("alerts.view"):
        return None
    open_alerts = list(alerts(actor).filter(status=AlertStatus.OPEN).order_by("raised_at", "pk")[:20])
    if not open_alerts:
        return None
    return {"alerts": open_alerts}


def head_teachers(alert: Alert) -> list[User]:
    """The head teachers of the alert's student's class (who the counsellor makes contact with first)."""
    return [m.user for m in Membership.objects.filter(
        school=alert.school_id, role=Role.HEAD_TEACHER, classes=alert.student.school_class_id,
        user__is_active=True).select_related("user").order_by("user__full_name", "pk")]


def may_acknowledge(actor: Actor, alert: Alert) -> bool:
    return alert.status == AlertStatus.OPEN and can(actor, "handle_alert", alert)


def alert_chart_panel(actor: Actor) -> dict | None:
    """The counsellor's chart: the alerts raised each month of this school year, and how many of them escalated
    because nobody acknowledged them in time. The counsellors see every alert and every figure (docs/wellbeing.md:
    counts under 5 are hidden from the committee, not from them); None for anyone else. Two queries."""
    if not actor.has_role(Role.COUNSELLOR):
        return None
    start, end = school_year_bounds(actor.school)
    today = min(timezone.localdate(), end)
    months = []
    y, m = start.year, start.month
    while (y, m) <= (today.year, today.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    raised = dict.fromkeys(months, 0)
    escalated = dict(raised)
    for at, esc in alerts(actor).filter(raised_at__date__gte=start, raised_at__date__lte=end).values_list(
            "raised_at", "escalated_at"):
        key = timezone.localtime(at).strftime("%Y-%m")
        if key in raised:
            raised[key] += 1
            if esc is not None:
                escalated[key] += 1
    total = sum(raised.values())
    spec = chart("wellbeing-alerts", "column", months,
                 [(_("Alerts raised"), list(raised.values())), (_("Escalated"), list(escalated.values()))],
                 title=_("Alerts per month"), unit=pgettext("chart unit", "alerts"),
                 summary=ngettext("%(n)d alert this school year.", "%(n)d alerts this school year.", total)
                 % {"n": total})
    return {"chart": spec}
