"""The demo school's registry: every elder has a full profile to show, slots that never overlap, health
information for some, and the same data every time."""

from __future__ import annotations

import pytest
from django.db import transaction

from xinhuo.core.demo import DEMO_CODE, build_demo
from xinhuo.elders.models import ROLE_SPECIALTIES, Availability, Elder


def snapshot():
    return list(Elder.objects.filter(school__code=DEMO_CODE).order_by("pk").values_list(
        "name", "political_status", "specialties", "willingness", "max_load", "health_notes", "last_health_check"))


@pytest.mark.django_db
def test_the_demo_registry_is_full_consistent_and_the_same_every_time():
    with transaction.atomic():
        build_demo(size="small", password="Demo-Pass-2026")
        first = snapshot()
        transaction.set_rollback(True)
    build_demo(size="small", password="Demo-Pass-2026")
    assert snapshot() == first
    elders = list(Elder.objects.filter(school__code=DEMO_CODE).prefetch_related("availability"))
    assert len(elders) == 12
    for e in elders:
        assert e.political_status in Elder.Political.values and e.willingness and 1 <= e.max_load <= 20
        assert len(e.specialties) == 2
        slots = list(e.availability.all())
        assert slots, e.name
        for a in slots:
            assert a.end > a.start
            assert not [b for b in slots if b.pk != a.pk and b.weekday == a.weekday
                        and b.start < a.end and a.start < b.end]
        # willingness follows the specialties where a role needs them
        assert any(ROLE_SPECIALTIES[r] & set(e.specialties) for r in e.willingness) or len(e.willingness) == 1
    assert any(e.health_notes for e in elders) and any(e.last_health_check for e in elders)
    assert Availability.objects.filter(elder__school__code=DEMO_CODE).count() >= 12

