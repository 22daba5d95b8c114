"""Parent volunteers and ORG-9: the summary lists what is held about a student's guardians (the offer, the duties
and hours); erasure clears the offer's skills and times and pauses it, and keeps the hours served (counts)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinhuo.core.registry import ErasureSubject
from xinhuo.family.models import VolunteerOffer, VolunteerResponse
from xinhuo.family.tests.matrix_volunteers import activity, invite, offer, request
from xinhuo.family.volunteers import privacy, selectors

pytestmark = pytest.mark.django_db


def test_summary_and_erasure(world):
    offer(world, skills="医生，持急救证")
    other = offer(world, world.guardian_z, skills="交警")
    req = request(world, activity(world, "秋季运动会", days=-5, status="summarised"))
    row = invite(world, req, status="accepted")
    VolunteerResponse.objects.filter(pk=row.pk).update(served=True, hours=Decimal("3"))
    [(title, lines)] = privacy.summary(world.student_x)
    text = "\n".join(lines)
    assert "医生，持急救证" in text and "秋季运动会" in text and world.guardian_x.name in text
    assert privacy.summary(world.student_y) == []

    out = privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}),
                                       guardian_ids=frozenset({world.guardian_x.pk})))
    erased = VolunteerOffer.objects.get(guardian=world.guardian_x)
    assert out == {"family.VolunteerOffer": [erased.pk]}
    assert (erased.skills, erased.times, erased.weekdays, erased.active) == ("", "", "", False)
    assert VolunteerOffer.objects.get(pk=other.pk).skills == "交警"  # another family untouched
    assert selectors.hours_of(world.guardian_x.pk) == Decimal("3")  # the school's record of hours stays
