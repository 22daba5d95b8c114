"""What the parent school holds about a student's family (ORG-9): the sessions registered for the child's family
and the guardians' certificates; erasure replaces the copied name on the honour list and keeps the rows counted."""

from __future__ import annotations

import pytest

from xinhuo.core.registry import ErasureSubject
from xinhuo.family.models import ExcellentParent, SessionRegistration
from xinhuo.family.school import privacy

from .test_school_support import make_course, make_session, register

pytestmark = pytest.mark.django_db


def test_summary_and_erase(world):
    register(world, make_session(world, make_course(world), topic="依法带娃"))
    row = ExcellentParent.objects.create(school=world.school, term=world.year.terms.get(), guardian=world.guardian_x,
                                         name="张大明", sessions=3, certificate_no="JZXX202609-001")
    (_title, lines), (_title2, honours) = privacy.summary(world.student_x)
    assert len(lines) == 1 and "依法带娃" in lines[0] and "张大明" in lines[0]
    assert len(honours) == 1 and "张大明" in honours[0] and "JZXX202609-001" in honours[0]
    assert privacy.summary(world.student_z)[0][1] == []
    out = privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}),
                                       guardian_ids=frozenset({world.guardian_x.pk})))
    assert out == {"family.ExcellentParent": [row.pk]}
    row.refresh_from_db()
    assert row.name == privacy.ERASED_NAME
    assert SessionRegistration.objects.count() == 1  # the attendance figures keep their count
