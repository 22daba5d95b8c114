"""ORG-9: what the committee part holds about a student's family (seats, mutual-help groups) in the printable
summary, and its erasure for the guardians of an erased student."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.registry import ErasureSubject
from xinhuo.family.committee import privacy
from xinhuo.family.committee.models import CommitteeSeat, MutualHelpGroup, MutualHelpMember

from .matrix_committee import make_committee, make_group, make_member, make_seat


def test_the_summary_names_the_familys_seats_and_groups(world):
    make_seat(make_committee(world), world.guardian_x, "chair")
    make_member(make_group(world), world.guardian_x2)
    make_seat(make_committee(world, school_class=world.class_b), world.guardian_z)  # another family
    sections = dict(privacy.summary(world.student_x))
    assert len(sections[_("Parent committee seats")]) == 1
    assert sections[_("Parent committee seats")][0].startswith("张大明：")
    assert sections[_("Mutual-help groups")] == ["刘芳：留守儿童家庭互助组（2026-10-09 — ）"]
    assert privacy.summary(world.student_y) == []


def test_erasure_ends_and_clears_the_guardians_rows(world):
    seat = make_seat(make_committee(world), world.guardian_x, "chair", duties="家校沟通")
    ended = make_seat(make_committee(world, level="school"), world.guardian_x, end_note="家庭搬迁",
                      ended_on=dt.date(2026, 10, 1))
    other = make_seat(make_committee(world, school_class=world.class_b), world.guardian_z, duties="护导")
    member = make_member(make_group(world), world.guardian_x)
    led = make_group(world, name="单亲家庭互助组", coordinator_guardian=world.guardian_x)
    out = privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}),
                                       guardian_ids=frozenset({world.guardian_x.pk})))
    assert sorted(out["family.CommitteeSeat"]) == sorted([seat.pk, ended.pk])
    assert out["family.MutualHelpMember"] == [member.pk]
    assert out["family.MutualHelpGroup"] == [led.pk]
    seat.refresh_from_db()
    assert (seat.duties, seat.ended_on) == ("", timezone.localdate())
    ended.refresh_from_db()
    assert (ended.end_note, ended.ended_on) == ("", dt.date(2026, 10, 1))
    assert CommitteeSeat.objects.get(pk=other.pk).duties == "护导"
    assert MutualHelpMember.objects.get(pk=member.pk).left_on == timezone.localdate()
    assert MutualHelpGroup.objects.get(pk=led.pk).coordinator_guardian is None
    assert privacy.erase(ErasureSubject(student_ids=frozenset())) == {}
