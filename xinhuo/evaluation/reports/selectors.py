"""Reads of the year-end reports, scoped to the actor (the committee of the school), and the submitted reports the
county part lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor
from xinhuo.core.models import SchoolYear

from .models import ReportStatus, YearReport
from .rules import CAPABILITY


def reports(actor: Actor) -> QuerySet[YearReport]:
    """The school's reports for the committee; 404 for anyone else."""
    if not actor.can(CAPABILITY):
        raise Http404
    return YearReport.objects.filter(school=actor.school).select_related("school_year", "created_by")


def report_detail(actor: Actor, pk: int) -> YearReport:
    return get_object_or_404(reports(actor).select_related("school", "finalised_by", "submitted_by"), pk=pk)


def year_choices(actor: Actor) -> QuerySet[SchoolYear]:
    """The school's years, newest first: a report is generated for one of them."""
    return SchoolYear.objects.filter(school=actor.school).order_by("-start")


def section_of(report: YearReport, key: str) -> tuple[dict | None, dict | None]:
    """The section `key` as edited and as generated (either None when the report has no such section)."""
    edited = next((s for s in report.sections if s.get("key") == key), None)
    generated = next((s for s in report.generated if s.get("key") == key), None)
    return edited, generated


def edited_keys(report: YearReport) -> set[str]:
    """The sections whose text differs from what was generated."""
    made = {s.get("key"): s.get("text", "") for s in report.generated}
    return {s.get("key") for s in report.sections if s.get("text", "") != made.get(s.get("key"), "")}


def submitted_reports(school_ids: Iterable[int]) -> list[dict]:
    """The reports submitted to the county by the given schools, newest year first: for the county part, which
    checks the county account's schools itself. Values only (id, school_id, school, year, title, submitted_at)."""
    rows = (YearReport.objects.filter(school_id__in=list(school_ids), status=ReportStatus.SUBMITTED)
            .order_by("-school_year__start", "school__name", "pk")
            .values("id", "school_id", "title", "submitted_at", school_name=F("school__name"),
                    year=F("school_year__name")))
    return [dict(r) for r in rows]
