"""Clubs' part of a staff member leaving (issue 19): the live clubs they advise, given to another teacher."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from xinhuo.clubs import handover
from xinhuo.clubs.models import Club
from xinhuo.people.tests import staffwork


def test_items_are_the_live_clubs_they_advise(world):
    w = staffwork.build(world)
    user = world.users["head_teacher_a"]
    Club.objects.create(school=world.school, name="旧社团", advisor_user=user, status="closed", requested_by=user)
    found = handover.items(world.school.pk, world.staff_a.pk, user.pk)
    assert [i.key for i in found] == [f"clubs.club:{w.club.pk}"]
    assert found[0].url == f"/clubs/{w.club.pk}/" and "书法社" in found[0].title


def test_reassign_moves_the_advisor(world):
    w = staffwork.build(world)
    assert handover.reassign(world.school.pk, [f"clubs.club:{w.club.pk}"], w.colleague.pk, w.colleague.user_id,
                             world.users["director"].pk) == 1
    assert Club.objects.get(pk=w.club.pk).advisor_user == world.users["head_teacher_b"]
    assert LogEntry.objects.get_for_object(w.club).latest("pk").actor == world.users["director"]


@pytest.mark.parametrize("persona", [None, "finance", "parent_x", "outsider"])
def test_the_new_advisor_must_be_able_to_advise(world, persona):
    w = staffwork.build(world)
    user = world.users[persona].pk if persona else None
    with pytest.raises(ValidationError):
        handover.reassign(world.school.pk, [f"clubs.club:{w.club.pk}"], w.colleague.pk, user,
                          world.users["director"].pk)
    assert Club.objects.get(pk=w.club.pk).advisor_user == world.users["head_teacher_a"]
