"""The demo county: the demo school joins 薪火县, the `county` account with the demo's password lands on a dashboard
with figures; a second school joins the same county; building twice adds nothing."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import make_password

from xinhuo.core.models import User
from xinhuo.evaluation.county import demo, selectors
from xinhuo.evaluation.models import County, CountyMember, CountySchool, Snapshot

pytestmark = pytest.mark.django_db


def test_the_demo_county(world):
    County.objects.all().delete()  # the world's county: the demo makes its own
    User.objects.filter(username="county").delete()
    builder = SimpleNamespace(password_hash=make_password("Demo-Pass-2026"), rng=random.Random(1))
    demo.build(SimpleNamespace(school=world.school, named=True, builder=builder))
    demo.build(SimpleNamespace(school=world.other, named=False, builder=builder))
    demo.build(SimpleNamespace(school=world.school, named=True, builder=builder))  # again: nothing new
    county = County.objects.get(code=demo.CODE)
    assert set(CountySchool.objects.filter(county=county).values_list("school_id", flat=True)) == {
        world.school.pk, world.other.pk}
    user = User.objects.get(username="county")
    assert user.check_password("Demo-Pass-2026") and not user.memberships.exists()
    assert CountyMember.objects.filter(user=user, county=county).count() == 1
    indicators = sum(len(d[3]) for d in demo.DIMENSIONS)
    assert Snapshot.objects.filter(school=world.school, period="year").count() == indicators == 8
    board = selectors.board(county)
    assert next(s for s in board.schools if s.school_id == world.school.pk).total is not None
