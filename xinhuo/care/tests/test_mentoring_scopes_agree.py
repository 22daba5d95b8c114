"""For mentoring pairs and growth mentors, the object-level rules and the selectors agree, for every persona, across
two schools: the mentoring managers see every pair of their school, a head teacher their classes', a mentor (an
elder, a teacher, a peer student) their own; only the mentor of a pair and the managers log contacts; only an elder
or teacher mentor of an open pair may call the guardian."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.mentoring import selectors
from xinhuo.care.models import Mentor, MentoringPair, MentorKind
from xinhuo.care.tests.helpers import visible

from .mentoring_helpers import elder_mentor, pair, peer_mentor, teacher_mentor, volunteer

PAIR_SCOPES: list[tuple[str, Callable]] = [
    ("view_pair", selectors.pairs),
    ("log_contact", selectors.contact_pairs),
    ("manage_pair", selectors.managed_pairs),
    ("reveal_mentee_guardian_phone", selectors.guardian_phone_pairs),
]
MENTOR_SCOPES: list[tuple[str, Callable]] = [
    ("manage_mentor", selectors.mentors),
    ("reveal_mentor_phone", selectors.mentors),
]


@pytest.fixture
def paired(world):
    elder = elder_mentor(world)  # 周老, the elder persona
    teacher = teacher_mentor(world, world.staff_a)  # head_teacher_a is also a teacher mentor
    peer = peer_mentor(world, world.student_y)  # student_y mentors a schoolmate
    vol = volunteer(world)
    pair(world, elder, world.student_x)
    pair(world, elder, world.student_z, ended=True)
    pair(world, teacher, world.student_z)  # a class_b student: head_teacher_a sees it as the mentor only
    pair(world, peer, world.student_x)
    pair(world, vol, world.student_z)
    other = Mentor.objects.create(school=world.other, kind=MentorKind.VOLUNTEER, name="外校志愿", phone="13600002222")
    pair(world, other, world.other_student)
    return world


def test_rules_and_selectors_agree(paired):
    world = paired
    disagreements = []
    seen: dict[tuple[str, str], set[int]] = {}
    pairs = list(MentoringPair.objects.select_related("mentor__elder", "mentor__staff", "mentor__peer", "student"))
    mentors = list(Mentor.objects.all())
    for persona in PERSONAS:
        actor = world.actor(persona)
        for rule, selector in PAIR_SCOPES:
            shown = seen[persona, rule] = visible(selector, actor)
            for p in pairs:
                if rules.can(actor, rule, p) != (p.pk in shown):
                    disagreements.append(f"{persona} {rule} {p} (pk {p.pk}): selector={p.pk in shown}")
        for rule, selector in MENTOR_SCOPES:
            shown = seen[persona, rule] = visible(selector, actor)
            for m in mentors:
                if rules.can(actor, rule, m) != (m.pk in shown):
                    disagreements.append(f"{persona} {rule} {m} (pk {m.pk}): selector={m.pk in shown}")
    assert not disagreements, "\n".join(disagreements)

    def ids(**kw) -> set[int]:
        return set(MentoringPair.objects.filter(**kw).values_list("pk", flat=True))

    here = ids(school=world.school)
    for persona in ("director", "leader", "counsellor"):
        assert seen[persona, "view_pair"] == here == seen[persona, "log_contact"] == seen[persona, "manage_pair"]
        assert seen[persona, "reveal_mentee_guardian_phone"] == set()
    assert seen["elder", "view_pair"] == ids(mentor__elder=world.elder) == seen["elder", "log_contact"]
    assert seen["elder", "reveal_mentee_guardian_phone"] == ids(mentor__elder=world.elder, ended_on__isnull=True)
    assert seen["head_teacher_a", "view_pair"] == ids(student__school_class=world.class_a) | ids(
        mentor__staff=world.staff_a)
    assert seen["head_teacher_a", "log_contact"] == ids(mentor__staff=world.staff_a)
    assert seen["head_teacher_b", "view_pair"] == ids(student__school_class=world.class_b)
    assert seen["head_teacher_b", "log_contact"] == set()
    assert seen["student_y", "view_pair"] == ids(mentor__peer=world.student_y) == seen["student_y", "log_contact"]
    assert seen["student_y", "reveal_mentee_guardian_phone"] == set()  # a peer student never calls the family
    for persona in ("admin", "parent_x", "student_x", "finance"):
        assert seen[persona, "view_pair"] == set(), persona
    assert seen["outsider", "view_pair"] == ids(school=world.other)
    assert seen["director", "manage_mentor"] == set(Mentor.objects.filter(school=world.school).values_list(
        "pk", flat=True))
    assert seen["elder", "manage_mentor"] == set()
