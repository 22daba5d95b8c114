"""Reads of the archive (GOV-2), scoped to the actor (rules.py holds the matching predicates): the catalogue by
year, category, status and words of the title or keywords; a record with its log; the records past their
retention date (到期待鉴定); the years that have records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor

from .models import ArchiveCategory, ArchiveEvent, ArchiveRecord, RecordStatus
from .rules import can, visible_categories

Q_MAX = 50


def records(actor: Actor) -> QuerySet[ArchiveRecord]:
    actor.require("governance.archives.view")
    qs = ArchiveRecord.objects.filter(school=actor.school).select_related("filed_by")
    categories = visible_categories(actor)
    if categories is not None:
        qs = qs.filter(category__in=categories)
    return qs


def catalogue(actor: Actor, *, year: int | None = None, category: str = "", status: str = "",
              q: str = "") -> QuerySet[ArchiveRecord]:
    """The catalogue (档案目录), newest year first, then by category and number."""
    qs = records(actor)
    if year:
        qs = qs.filter(year=year)
    if category in ArchiveCategory.values:
        qs = qs.filter(category=category)
    if status in RecordStatus.values:
        qs = qs.filter(status=status)
    for word in (q or "").split()[:5]:
        word = word[:Q_MAX]
        qs = qs.filter(Q(title__icontains=word) | Q(keywords__icontains=word) | Q(number__icontains=word))
    return qs.order_by("-year", "category", "number", "pk")


def years(actor: Actor) -> list[int]:
    return list(records(actor).order_by("-year").values_list("year", flat=True).distinct())


def record_detail(actor: Actor, pk: int) -> ArchiveRecord:
    record = ArchiveRecord.objects.filter(school=actor.school, pk=pk).select_related("filed_by").first()
    if record is None or not can(actor, "view_record", record):
        raise Http404
    return record


def events(record: ArchiveRecord) -> QuerySet[ArchiveEvent]:
    return record.events.select_related("by").order_by("at", "pk")


def due_records(school_id: int, today: dt.date | None = None) -> QuerySet[ArchiveRecord]:
    """Kept records whose retention date has passed: waiting for the committee's appraisal (到期待鉴定)."""
    today = today or timezone.localdate()
    return (ArchiveRecord.objects.filter(school_id=school_id, status=RecordStatus.KEPT, keep_until__lt=today)
            .order_by("keep_until", "number", "pk"))


def due(actor: Actor, today: dt.date | None = None) -> QuerySet[ArchiveRecord]:
    actor.require("governance.archives.manage")
    return due_records(actor.school.pk, today).select_related("filed_by")


def is_due(record: ArchiveRecord, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return record.status == RecordStatus.KEPT and record.keep_until is not None and record.keep_until < today
