"""For special-group tags, the object-level rules and the selectors agree, for every persona, across two
schools; parents, students, elders (and roles without the capability) see no tag at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.groups import selectors, services
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource, TagStatus
from xinhuo.core.access import build_actor

SCOPES = [
    ("view_tag", selectors.tags),
    ("manage_tag", selectors.manageable_tags),
]
NO_TAGS = {"admin", "finance", "elder", "parent_x", "student_x", "student_y"}


@pytest.fixture
def tagged(world):
    today = timezone.localdate()
    for school, student in ((world.school, world.student_x), (world.school, world.student_y),
                            (world.school, world.student_z), (world.other, world.other_student)):
        services.special_groups_for(school)
        for code in ("left_behind", "low_income"):
            StudentTag.objects.create(school=school, student=student, group=SpecialGroup.objects.get(
                school=school, code=code), source=TagSource.HEAD_TEACHER, identified_on=today - dt.timedelta(days=9),
                review_on=today + dt.timedelta(days=20))
    return world


def test_rules_and_selectors_agree(tagged):
    world = tagged
    disagreements = []
    seen: dict[tuple[str, str], set[int]] = {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        for rule, selector in SCOPES:
            try:
                visible = set(selector(actor).values_list("pk", flat=True))
            except Http404:
                visible = set()
            seen[persona, rule] = visible
            for tag in StudentTag.objects.select_related("student"):
                if rules.can(actor, rule, tag) != (tag.pk in visible):
                    disagreements.append(f"{persona} {rule} {tag} (pk {tag.pk}): rule={tag.pk not in visible}")
    assert not disagreements, "\n".join(disagreements)
    here = set(StudentTag.objects.filter(school=world.school).values_list("pk", flat=True))
    class_a = set(StudentTag.objects.filter(student__school_class=world.class_a).values_list("pk", flat=True))
    class_b = set(StudentTag.objects.filter(student__school_class=world.class_b).values_list("pk", flat=True))
    there = set(StudentTag.objects.filter(school=world.other).values_list("pk", flat=True))
    for persona in NO_TAGS:
        assert seen[persona, "view_tag"] == set() == seen[persona, "manage_tag"], persona
    assert seen["director", "view_tag"] == here == seen["director", "manage_tag"]
    assert seen["counsellor", "view_tag"] == here == seen["counsellor", "manage_tag"]
    assert seen["leader", "view_tag"] == here and seen["leader", "manage_tag"] == set()
    assert seen["head_teacher_a", "view_tag"] == class_a == seen["head_teacher_a", "manage_tag"]
    assert seen["head_teacher_b", "view_tag"] == class_b == seen["head_teacher_b", "manage_tag"]
    assert seen["outsider", "view_tag"] == there


@pytest.mark.parametrize("persona", sorted(NO_TAGS))
def test_selectors_404_without_the_capability(tagged, persona):
    actor = build_actor(tagged.users[persona])
    for selector in (selectors.tags, selectors.tags_in_effect, selectors.tags_due_for_review,
                     selectors.tags_expired, selectors.special_groups):
        with pytest.raises(Http404):
            selector(actor)


def test_scoped_lists_keep_their_query_count(tagged, django_assert_num_queries):
    actor = build_actor(tagged.users["director"])
    with django_assert_num_queries(1):
        names = [(t.student.name, t.student.school_class.name, t.group.name) for t in selectors.tags(actor)]
    assert len(names) == 6


# --- a tag from screening (PSY-5): its detail is the counsellors'; the others who see the student's tags know of it
# while it is open, as a need-attention flag, and cannot change it

DETAIL_SCOPES = [*SCOPES, ("view_tag_detail", selectors.tags_in_detail)]


@pytest.fixture
def screened(tagged):
    world, today = tagged, timezone.localdate()
    for school, student, status in ((world.school, world.student_x, TagStatus.SUPPORTED),
                                    (world.school, world.student_y, TagStatus.CLOSED),
                                    (world.school, world.student_z, TagStatus.IDENTIFIED),
                                    (world.other, world.other_student, TagStatus.IDENTIFIED)):
        StudentTag.objects.create(school=school, student=student, group=SpecialGroup.objects.get(
            school=school, code="behaviour_concern"), source=TagSource.SCREENING, status=status,
            identified_on=today - dt.timedelta(days=9), review_on=today + dt.timedelta(days=20), note="PHQ-A 中重度")
    return world


def test_a_tag_from_screening_rules_and_selectors_agree(screened):
    world = screened
    disagreements = []
    seen: dict[tuple[str, str], set[int]] = {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        for rule, selector in DETAIL_SCOPES:
            try:
                visible = set(selector(actor).values_list("pk", flat=True))
            except Http404:
                visible = set()
            seen[persona, rule] = visible
            for tag in StudentTag.objects.select_related("student"):
                if rules.can(actor, rule, tag) != (tag.pk in visible):
                    disagreements.append(f"{persona} {rule} {tag} (pk {tag.pk}): rule={tag.pk not in visible}")
        # the list's flag is the rule's answer, row by row
        try:
            listed = {t.pk: t.withheld for t in selectors.tag_list(actor)}
        except Http404:
            listed = {}
        assert listed.keys() == seen[persona, "view_tag"], persona
        for tag in StudentTag.objects.filter(pk__in=listed).select_related("student"):
            assert listed[tag.pk] == (not rules.can(actor, "view_tag_detail", tag)), (persona, tag.pk)
    assert not disagreements, "\n".join(disagreements)
    here = StudentTag.objects.filter(school=world.school)
    screening = set(here.filter(source=TagSource.SCREENING).values_list("pk", flat=True))
    closed = set(here.filter(source=TagSource.SCREENING, status=TagStatus.CLOSED).values_list("pk", flat=True))
    every = set(here.values_list("pk", flat=True))
    assert seen["counsellor", "view_tag"] == every == seen["counsellor", "view_tag_detail"]
    assert seen["counsellor", "manage_tag"] == every
    for persona in ("director", "leader"):
        # the open ones as a flag; never what they say; the closed one not at all
        assert seen[persona, "view_tag"] == every - closed, persona
        assert seen[persona, "view_tag_detail"] == every - screening, persona
    assert seen["director", "manage_tag"] == every - screening
    class_a = set(here.filter(student__school_class=world.class_a).values_list("pk", flat=True))
    assert seen["head_teacher_a", "view_tag"] == class_a - closed
    assert seen["head_teacher_a", "view_tag_detail"] == class_a - screening == seen["head_teacher_a", "manage_tag"]
    for persona in NO_TAGS:
        assert seen[persona, "view_tag_detail"] == set(), persona

