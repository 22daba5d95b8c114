"""The object predicate (rules.py) and the queryset scope (selectors.py) of each people capability
agree for every persona and every object: a page that lists a record lets it be opened, and a
record that may be opened is found by the list. A persona without the capability gets Http404
from the selector, which counts as seeing nothing."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import PERSONAS, make_guardian, make_student, make_user
from xinhuo.core.access import build_actor
from xinhuo.core.models import Department, Membership, Role
from xinhuo.people import rules, selectors
from xinhuo.people.models import Guardian, Staff, Student, StudentGuardian

SCOPES = [
    ("view_student", Student, selectors.students),
    ("view_guardian", Guardian, selectors.guardians),
    ("view_staff", Staff, selectors.staff),
]


@pytest.fixture
def edge_world(world):
    """The personas' world plus the objects and personas where a predicate and a scope could drift apart."""
    # a guardian of children in both classes, one with no child, a child with no guardian
    both = make_guardian(world.school, "周家长", "13600000001", world.student_y)
    StudentGuardian.objects.create(student=world.student_z, guardian=both, relation="mother")
    make_guardian(world.school, "无子女", "13600000002")
    orphan = make_student(world.school, world.class_b, "2026010", "孤单", seq=10)
    left = make_student(world.school, world.class_a, "2026011", "转走", seq=11)
    Student.objects.filter(pk=left.pk).update(status=Student.Status.TRANSFERRED)
    Staff.objects.create(school=world.school, staff_no="T0009", name="无部门", gender="M")
    dept = Department.objects.create(school=world.other, name="德育处")
    Staff.objects.create(school=world.other, staff_no="T0002", name="外校主任", gender="F", department=dept)

    extra = {}
    # a head teacher of class B who is also a parent of a class A student
    tp = make_user("teacher_parent", world.school, Role.HEAD_TEACHER, classes=[world.class_b])
    Membership.objects.create(user=tp, school=world.school, role=Role.PARENT)
    g = make_guardian(world.school, "李爸爸", "13600000003", world.student_y)
    Guardian.objects.filter(pk=g.pk).update(user=tp)
    extra["teacher_parent"] = tp
    extra["department_head"] = make_user("dept_head", world.school, Role.DEPARTMENT_HEAD)
    extra["young_teacher"] = make_user("young", world.school, Role.YOUNG_TEACHER)
    # a head teacher with no class yet, a parent with no guardian record, a student with no student record
    extra["head_teacher_no_class"] = make_user("new_teacher", world.school, Role.HEAD_TEACHER)
    extra["parent_unlinked"] = make_user("parent2", world.school, Role.PARENT)
    extra["student_unlinked"] = make_user("student3", world.school, Role.STUDENT)
    # an account in both schools: head teacher of class A here, director there
    both_schools = make_user("two_schools", world.school, Role.HEAD_TEACHER, classes=[world.class_a])
    Membership.objects.create(user=both_schools, school=world.other, role=Role.DIRECTOR)
    extra["two_schools"] = both_schools
    return world, extra, orphan


def actors(world, extra):
    out = [(p, world.actor(p)) for p in PERSONAS]
    out += [(name, build_actor(user)) for name, user in extra.items()]
    two = extra["two_schools"]
    out.append(("two_schools@other", build_actor(two, world.other.pk)))
    out.append(("teacher_a@other(not a member there)", build_actor(world.users["head_teacher_a"], world.other.pk)))
    return out


def scope_ids(selector, actor) -> set[int] | None:
    try:
        return set(selector(actor).values_list("pk", flat=True))
    except Http404:
        return None


def test_predicates_and_scopes_agree(edge_world):
    world, extra, _orphan = edge_world
    disagreements = []
    checked = 0
    for name, actor in actors(world, extra):
        assert actor is not None, name
        for rule, model, selector in SCOPES:
            visible = scope_ids(selector, actor)
            for obj in model.objects.all():
                by_rule = rules.can(actor, rule, obj)
                by_scope = visible is not None and obj.pk in visible
                checked += 1
                if by_rule != by_scope:
                    disagreements.append(f"{name} {rule} {obj} (pk {obj.pk}): rule={by_rule} scope={by_scope}")
    assert not disagreements, "\n".join(disagreements)
    assert checked == 21 * 17  # 21 actors, 6 students + 7 guardians + 4 staff in both schools


def test_the_scopes_are_not_trivially_all_or_nothing(edge_world):
    """Guard against a vacuous agreement: the scopes really differ between personas."""
    world, extra, orphan = edge_world
    sizes = {}
    for name, actor in actors(world, extra):
        sizes[name] = tuple(len(scope_ids(sel, actor) or ()) for _rule, _model, sel in SCOPES)
    assert sizes["director"] == (5, 6, 2)
    assert sizes["head_teacher_a"] == (3, 4, 2)  # x, y and the transferred student; the guardians of x and y
    assert sizes["parent_x"] == (1, 1, 0)
    assert sizes["student_x"] == (1, 0, 0)
    assert sizes["elder"] == (0, 0, 0)
    assert sizes["outsider"] == (1, 1, 2)
    assert sizes["teacher_parent"][0] == 3  # class B (z, orphan) and their own child y
    assert sizes["head_teacher_no_class"] == (0, 0, 2)
    assert sizes["two_schools@other"] == (1, 1, 2)


def test_revealing_a_field_implies_seeing_the_record(edge_world):
    world, extra, _orphan = edge_world
    wrong = []
    for name, actor in actors(world, extra):
        for (model_name, field), rule in rules.REVEAL_RULES.items():
            view_rule = f"view_{model_name}"
            model = {"student": Student, "guardian": Guardian, "staff": Staff}[model_name]
            for obj in model.objects.all():
                if rules.can(actor, rule, obj) and not rules.can(actor, view_rule, obj):
                    wrong.append(f"{name} may reveal {field} of {obj} without seeing it")
    assert not wrong, "\n".join(wrong)


def test_nobody_reaches_across_schools(edge_world):
    world, extra, _orphan = edge_world
    for name, actor in actors(world, extra):
        for rule, model, selector in SCOPES:
            for obj in model.objects.exclude(school=actor.school):
                assert not rules.can(actor, rule, obj), f"{name} {rule} {obj}"
            visible = scope_ids(selector, actor) or set()
            assert not model.objects.filter(pk__in=visible).exclude(school=actor.school).exists(), (name, rule)
