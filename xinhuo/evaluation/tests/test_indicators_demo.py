"""The demo school's indicators: the default system and the first term's figures fixed, so the overview shows
figures from the start."""

from __future__ import annotations

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.evaluation.indicators import selectors
from xinhuo.evaluation.models import Dimension, Snapshot


@pytest.mark.django_db
def test_the_demo_indicators():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    assert sum(d.weight for d in Dimension.objects.filter(school=school)) == 100
    taken = Snapshot.objects.filter(school=school, period="term1")
    assert taken.count() == 18
    assert taken.exclude(value=None).count() >= 10  # the demo's apps give most indicators a figure
    year = taken.first().school_year
    rows = selectors.figures(school, year, "term1")
    assert all(r["from_snapshot"] for r in rows) and selectors.total_score(rows) is not None
