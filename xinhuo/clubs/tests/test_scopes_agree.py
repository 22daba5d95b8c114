"""rules.view_club and selectors.clubs agree for every persona, on clubs of every status and both schools; the
photo rule and the photo selector too."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import PERSONAS
from xinhuo.clubs import selectors
from xinhuo.clubs.models import ClubStatus, MembershipStatus
from xinhuo.clubs.rules import can

from .helpers import a_club, a_member


@pytest.fixture
def clubs(world):
    active = a_club(world, "书法社")
    a_member(active, world.student_x)
    asked = a_club(world, "科技社", status=ClubStatus.REQUESTED, elder=False, user=world.users["head_teacher_a"])
    by_elder = a_club(world, "红色宣讲团", status=ClubStatus.RETURNED, requested_by="elder")
    closed = a_club(world, "摄影社", status=ClubStatus.CLOSED, elder=False, user=world.users["head_teacher_b"])
    a_member(closed, world.student_x, status=MembershipStatus.LEFT)
    closed_other = a_club(world, "环保社", status=ClubStatus.CLOSED, elder=False, user=world.users["head_teacher_b"])
    pending = a_club(world, "文学社", status=ClubStatus.CLOSED, elder=False, user=world.users["head_teacher_b"])
    a_member(pending, world.student_y, status=MembershipStatus.REQUESTED)
    other = a_club(world, "外校社", school=world.other, elder=False, user=world.users["outsider"])
    return [active, asked, by_elder, closed, closed_other, pending, other]


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_rule_and_scope_agree(world, clubs, persona):
    a = world.actor(persona)
    try:
        seen = set(selectors.clubs(a).values_list("pk", flat=True))
    except Http404:
        seen = set()
    assert {c.pk for c in clubs if can(a, "view_club", c)} == seen


def test_who_sees_what(world, clubs):
    names = {p: set(selectors.clubs(world.actor(p)).values_list("name", flat=True)) for p in PERSONAS}
    assert names["director"] == names["finance"] == {"书法社", "科技社", "红色宣讲团", "摄影社", "环保社", "文学社"}
    assert names["elder"] == {"书法社", "红色宣讲团"}
    assert names["parent_x"] == names["student_x"] == {"书法社", "摄影社"}
    assert names["student_y"] == {"书法社", "文学社"}
    assert names["outsider"] == {"外校社"}
