"""The partners part holds nothing about a student or a family: a student's summary has no partners line and
erasing a student leaves the school's partners, agreements and directory as they were."""

from __future__ import annotations

import pytest

from xinhuo.community.partners import privacy
from xinhuo.community.partners.models import Partner, PartnerContact, Resource

from .partners_support import agreement, partner, resource

pytestmark = pytest.mark.django_db


def test_nothing_about_a_student_is_held_or_erased(world):
    p = partner(world)
    agreement(world, p)
    resource(world, "县心理咨询中心")
    assert privacy.summary(world.student_x) == []

    class Subject:
        student_ids = [world.student_x.pk]
        guardian_ids = [world.guardian_x.pk]
        user_ids = [world.users["student_x"].pk, world.users["parent_x"].pk]

    assert privacy.erase(Subject()) == {}
    assert Partner.objects.get().name == "县革命纪念馆" and PartnerContact.objects.get().name == "陈丽"
    assert Resource.objects.get().name == "县心理咨询中心"
