"""Filing into the archive: the one door every module uses (a published plan, approved minutes, a signed agreement,
an awarded certificate, a finalised year-end report), directly from this app or from a receiver of another app's
signal. Filing the same source again updates its catalogue row (a re-published plan keeps its number)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from xinhuo.core.audit import acting

from .models import ArchiveCategory, ArchiveEvent, ArchiveRecord, EventKind, Retention

C, R = ArchiveCategory, Retention
# the retention each category is given unless the filer says otherwise (会计档案 30 years; minutes and summaries kept)
DEFAULT_RETENTION: dict[str, str] = {
    C.MINUTES: R.PERMANENT, C.PLAN: R.Y30, C.SUMMARY: R.PERMANENT, C.PHOTO: R.Y30, C.CERTIFICATE: R.PERMANENT,
    C.AGREEMENT: R.Y30, C.RECEIPT: R.Y30, C.CHARTER: R.PERMANENT, C.INSPECTION: R.Y10, C.OTHER: R.Y10,
}
# the letters of an archive number (2025-JY-003): the category's pinyin initials
CODES: dict[str, str] = {
    C.MINUTES: "JY", C.PLAN: "JH", C.SUMMARY: "ZJ", C.PHOTO: "ZP", C.CERTIFICATE: "RY", C.AGREEMENT: "XY",
    C.RECEIPT: "PJ", C.CHARTER: "ZD", C.INSPECTION: "DD", C.OTHER: "QT",
}


def school_year_of(day: dt.date) -> int:
    """The archive's year: the calendar year a school year starts in (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def keep_until(dated: dt.date, retention: str) -> dt.date | None:
    if retention == Retention.PERMANENT:
        return None
    years = int(retention)
    try:
        return dated.replace(year=dated.year + years)
    except ValueError:  # 29 February
        return dated.replace(year=dated.year + years, day=28)


def next_number(school_id: int, year: int, category: str) -> str:
    prefix = f"{year}-{CODES[category]}-"
    taken = ArchiveRecord.objects.filter(school_id=school_id, number__startswith=prefix).values_list("number",
                                                                                                     flat=True)
    last = max((int(n.rsplit("-", 1)[1]) for n in taken if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{last + 1:03d}"


def storage_name(file_name: str) -> str:
    """A random name with the file's extension: a file name can hold a person's name, the catalogue shows it but
    storage never does."""
    ext = PurePath(file_name or "").suffix.lower()[:10]
    return f"{uuid.uuid4().hex}{ext}"


def file_record(*, school_id: int, category: str, title: str, dated: dt.date, source: str = "", link: str = "",
                keywords: str = "", retention: str = "", content: bytes | None = None, file_name: str = "",
                by_user=None) -> ArchiveRecord:
    """File a record (or refile the same `source`, "<app>.<model>:<pk>"), returning its catalogue row. `content`
    is the record's file (a Word export of minutes, a certificate's PDF), stored through Django's storage."""
    retention = retention or DEFAULT_RETENTION[category]
    year = school_year_of(dated)
    with transaction.atomic(), acting(by_user):
        found = (ArchiveRecord.objects.select_for_update().filter(school_id=school_id, source=source).first()
                 if source else None)
        created = found is None
        if found is None:
            record = ArchiveRecord(school_id=school_id, source=source, filed_by=by_user, year=year,
                                   number=next_number(school_id, year, category))
        elif found.status != "kept":
            return found  # a destroyed record stays destroyed: its row is the proof
        else:
            record = found
        record.category, record.title, record.dated = category, title[:200], dated
        record.keywords, record.link, record.retention = keywords[:200], link[:200], retention
        record.keep_until = keep_until(dated, retention)
        if content is not None:
            old = record.file.name if record.file else ""
            record.file_name = file_name[:150]
            record.file.save(storage_name(file_name), ContentFile(content), save=False)
            if old:  # the refiled record's earlier file goes once the new one is committed
                storage = record.file.storage
                transaction.on_commit(lambda: storage.delete(old))
        for attempt in range(3):  # two filers of one year and category may pick the same number
            try:
                with transaction.atomic():
                    record.save()
                break
            except IntegrityError:
                if not created or attempt == 2:
                    raise
                record.number = next_number(school_id, year, category)
        if created:
            ArchiveEvent.objects.create(school_id=school_id, record=record, kind=EventKind.FILED, by=by_user)
    return record
