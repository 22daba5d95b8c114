"""Reads of alerts: the counsellors and the safeguarding lead see every alert of the school, the director the
escalated ones; nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Membership, Role, User

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
