"""Access-matrix cases of the archive (GOV-2).

The committee (director, leader) sees and manages every record; finance reads the receipts and accounts only; every
other role gets 404. The outsider is a director of another school: their own school's catalogue opens, this
school's records are 404."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
VIEW = COMMITTEE | {"finance"}
OWN_SCHOOL = {"outsider"}


def _found_or_filed(w, category: str, title: str, dated: dt.date) -> int:
    from xinhuo.governance.archives.filing import file_record
    from xinhuo.governance.models import ArchiveRecord

    found = ArchiveRecord.objects.filter(school=w.school, source=f"test.{category}:1").first()
    if found:
        return found.pk
    return file_record(school_id=w.school.pk, category=category, title=title, dated=dated,
                       source=f"test.{category}:1", content=b"%PDF-1.4\n1 0 obj\n%%EOF\n",
                       file_name=f"{title}.pdf").pk


def minutes(w, e=None):
    return _found_or_filed(w, "minutes", "2024年3月关工委例会纪要", dt.date(2024, 3, 6))


def receipt(w, e=None):
    return _found_or_filed(w, "receipt", "2024年慰问品发票", dt.date(2024, 3, 6))


def old_photo(w, e=None):
    """A record past its retention date (5 years from 2015)."""
    from xinhuo.governance.archives.filing import file_record
    from xinhuo.governance.models import ArchiveRecord

    found = ArchiveRecord.objects.filter(school=w.school, source="test.photo:old").first()
    if found:
        return found.pk
    return file_record(school_id=w.school.pk, category="photo", title="2015年活动照片", dated=dt.date(2015, 5, 1),
                       retention="5", source="test.photo:old").pk


M = k(pk=minutes)

CASES: list = [
    Case("governance:archives-home", VIEW | OWN_SCHOOL),
    Case("governance:archives-upload", COMMITTEE | OWN_SCHOOL),
    Case("governance:archives-upload", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("governance:archives-due", COMMITTEE | OWN_SCHOOL),
    Case("governance:archives-export", VIEW | OWN_SCHOOL),
    Case("governance:archives-record", COMMITTEE, kwargs=M),
    Case("governance:archives-record", VIEW, kwargs=k(pk=receipt)),
    Case("governance:archives-record-file", COMMITTEE, kwargs=M),
    Case("governance:archives-record-file", VIEW, kwargs=k(pk=receipt)),
    Case("governance:archives-record-edit", COMMITTEE, kwargs=M),
    Case("governance:archives-record-extend", COMMITTEE, ok=302, method="post", kwargs=k(pk=old_photo),
         data={"extend-until": ""}),
    Case("governance:archives-record-destroy", COMMITTEE, ok=302, method="post", kwargs=k(pk=old_photo),
         data={"destroy-note": ""}),
    # -- API
    Case("api:archives-record-list", VIEW | OWN_SCHOOL, api=True),
    Case("api:archives-record-detail", COMMITTEE, kwargs=M, api=True),
    Case("api:archives-record-detail", VIEW, kwargs=k(pk=receipt), api=True),
]
