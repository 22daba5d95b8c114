"""A published version goes into the archive (category 章程、制度, kept permanently) as a Word file: the one door
is archives.filing.file_record; the source "governance.charterversion:<pk>" makes refiling update, not duplicate."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone

from xinhuo.governance.archives.filing import file_record
from xinhuo.governance.archives.models import ArchiveCategory

from .models import CharterVersion

# the catalogue's keywords are the archive's data, in the committee's words whatever the filer's language
KIND_WORDS = {"charter": "章程", "duties": "职责分工", "rules": "制度"}


def version_docx(version: CharterVersion) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(version.document.title, level=1)
    meta = f"第{version.number}版"
    if version.effective_on:
        meta += f"，自{version.effective_on.year}年{version.effective_on.month}月{version.effective_on.day}日起施行"
    doc.add_paragraph(meta)
    if version.change_note:
        doc.add_paragraph(f"修订说明：{version.change_note}")
    for line in version.body.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def file_version(version: CharterVersion, *, by_user=None):
    doc = version.document
    dated = version.effective_on or timezone.localdate()
    return file_record(
        school_id=version.school_id, category=ArchiveCategory.CHARTER, title=f"{doc.title}（第{version.number}版）",
        dated=dated, source=f"governance.charterversion:{version.pk}",
        link=reverse("governance:charter-version", args=[version.pk]),
        keywords=f"{KIND_WORDS.get(doc.kind, '')} {doc.title}".strip(), content=version_docx(version),
        file_name=f"{doc.title}-第{version.number}版.docx", by_user=by_user)
