"""The demo school's charter and archive: the 章程 in two versions (v1 superseded, v2 in force with a change note),
the duties and three rules in force, every published version filed; an archive over five school years with every
category, some records past their retention and one destroyed with its log."""

from __future__ import annotations

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.governance.archives import selectors as archives
from xinhuo.governance.models import ArchiveEvent, ArchiveRecord, CharterDocument, CharterVersion


@pytest.mark.django_db
def test_the_demo_charter_and_archive():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    charter = CharterDocument.objects.get(school=school, title="关工委章程")
    statuses = dict(charter.versions.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "published"}
    assert charter.versions.get(number=2).change_note
    assert CharterDocument.objects.filter(school=school, kind="duties").count() == 1
    assert set(CharterDocument.objects.filter(school=school, kind="rules").values_list("title", flat=True)) == {
        "例会制度", "档案管理制度", "经费管理制度"}
    for v in CharterVersion.objects.filter(school=school):
        assert ArchiveRecord.objects.filter(source=f"governance.charterversion:{v.pk}").exists()
        assert v.steps.exists()
    records = ArchiveRecord.objects.filter(school=school)
    assert {"plan", "summary", "photo", "certificate", "agreement", "receipt", "charter"} <= set(
        records.values_list("category", flat=True))
    assert len(set(records.values_list("year", flat=True))) >= 5
    assert archives.due(director).count() >= 3
    gone = records.get(status="destroyed")
    assert not gone.file and ArchiveEvent.objects.filter(record=gone, kind="destroyed").exclude(note="").exists()
    assert not ArchiveRecord.objects.filter(school__in=list(type(school).objects.exclude(pk=school.pk))).exists()
    assert User.objects.get(username="leader").pk in {v.approved_by_id for v in CharterVersion.objects.all()}
