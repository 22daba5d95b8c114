"""What other apps may read of psychological health (the growth record, special groups, the mailbox): a
need-attention flag for anyone with a care role, the screening history for the counsellors, who the school's
safeguarding lead is. Never item answers."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Alert, AlertStatus, Case, CaseStatus, Response, ScaleResult
from .rules import safeguarding_lead_id
from .scales import Risk


def needs_attention_ids(school_id: int, student_ids: Iterable[int]) -> set[int]:
    """Of `student_ids`, those the counsellors follow: an open case, an alert not yet acknowledged, or a latest
    submitted screening at 关注 or worse (three queries)."""
    ids = set(student_ids)
    if not ids:
        return set()
    flagged = set(Case.objects.filter(school_id=school_id, student_id__in=ids).exclude(status=CaseStatus.CLOSED)
                  .values_list("student_id", flat=True))
    flagged |= set(Alert.objects.filter(school_id=school_id, student_id__in=ids, status=AlertStatus.OPEN)
                   .values_list("student_id", flat=True))
    latest: dict[int, int | None] = {}
    for student_id, risk in (Response.objects.filter(school_id=school_id, student_id__in=ids - flagged,
                                                     submitted_at__isnull=False)
                             .order_by("student_id", "submitted_at", "pk").values_list("student_id", "risk")):
        latest[student_id] = risk  # ordered by time: the last one stays
    flagged |= {s for s, risk in latest.items() if risk is not None and risk >= Risk.ATTENTION}
    return flagged


def screening_history(school_id: int, student_id: int) -> list[dict]:
    """A student's submitted screenings, newest first: campaign, date, per scale the band and risk level. For the
    counsellors only (the caller checks)."""
    rows: dict[int, dict] = {}
    for r in (ScaleResult.objects.filter(response__school_id=school_id, response__student_id=student_id,
                                         response__submitted_at__isnull=False)
              .select_related("response__campaign", "scale").order_by("-response__submitted_at", "scale__name")):
        row = rows.setdefault(r.response_id, {"campaign": r.response.campaign.title, "on": r.response.submitted_at,
                                              "risk": Risk(r.response.risk or 0).label, "results": []})
        row["results"].append({"scale": r.scale.name, "total": r.total, "band": r.band})
    return list(rows.values())


__all__ = ["needs_attention_ids", "safeguarding_lead_id", "screening_history"]


def latest_risk_levels(school_id: int, student_ids: Iterable[int], since=None) -> dict[int, int]:
    """Of `student_ids`, the risk level (scales.Risk) of each one's latest submitted screening, submitted on or
    after `since` when given; students never screened are left out. One query. For the counsellors only (the
    caller checks): evaluation's student profiles count them by special group."""
    ids = set(student_ids)
    if not ids:
        return {}
    qs = Response.objects.filter(school_id=school_id, student_id__in=ids, submitted_at__isnull=False)
    if since is not None:
        qs = qs.filter(submitted_at__gte=since)
    latest: dict[int, int] = {}
    for student_id, risk in qs.order_by("student_id", "submitted_at", "pk").values_list("student_id", "risk"):
        latest[student_id] = risk or 0  # ordered by time: the last one stays
    return latest


def responses_of_school(school):  # -> QuerySet[Response]
    """Every screening response of the school, unscoped: for the evaluation's coverage (counts only)."""
    return Response.objects.filter(school=school)


def alerts_of_school(school):  # -> QuerySet[Alert]
    """Every alert of the school, unscoped: for the evaluation's "closed in time" (counts only)."""
    return Alert.objects.filter(school=school)


__all__ += ["alerts_of_school", "latest_risk_levels", "responses_of_school"]
