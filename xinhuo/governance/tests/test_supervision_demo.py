"""The demo school's supervision: this year's self-check, scored and done, with rectification items in every state
(one overdue, one not rectified with an accountability record), last year's county spot check closed, both reports
in the archive; the director (in the demo's leading group) sees the accountability record, the README's head
teacher their own items."""

from __future__ import annotations

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.governance.models import (
    Accountability,
    ArchiveRecord,
    Inspection,
    InspectionKind,
    Rectification,
    RectificationStatus,
)
from xinhuo.governance.supervision import selectors

S = RectificationStatus


@pytest.mark.django_db
def test_the_demo_supervision():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    this, last = Inspection.objects.filter(school=school).order_by("-held_on")
    assert this.kind == InspectionKind.SELF and last.kind == InspectionKind.SPOT and last.inspectors == "县关工委督导组"
    for inspection in (this, last):
        assert inspection.status == "done"
        assert not inspection.items.filter(score=None).exists()
        assert ArchiveRecord.objects.filter(source=f"governance.inspection:{inspection.pk}").exists()
    items = Rectification.objects.filter(inspection=this)
    assert 5 <= items.count() <= 6
    assert set(items.values_list("status", flat=True)) == set(S.values)
    overdue = list(selectors.rectification_list(director, overdue=True))
    assert len(overdue) == 1 and overdue[0].inspection_id == this.pk
    assert all(r.steps.exists() for r in Rectification.objects.filter(school=school))
    assert not Rectification.objects.filter(inspection=last).exclude(status=S.CLOSED).exists()
    record = Accountability.objects.get(school=school)
    assert record.rectification.status == S.FAILED
    assert list(selectors.accountabilities(director)) == [record]
    teacher = build_actor(User.objects.get(username="teacher"))
    assert teacher is not None
    mine = selectors.rectification_list(teacher)
    assert mine.exists() and all(r.owner_id == teacher.user.pk for r in mine)
    assert selectors.dashboard_panel(teacher) is not None
    panel = selectors.dashboard_panel(director)
    assert panel is not None and panel["overdue"] == 1 and panel["submitted"] >= 1
