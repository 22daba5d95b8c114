"""The actor (core/access.py) as each role gets it, asserted directly (issue 21, `make mutate`): the roles and scopes
every selector and rule starts from, which school a user acts in, and who a capability lets in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conftest import make_user
from xinhuo.core.access import SCHOOL_WIDE, build_actor, role_labels, roles_with, schools_of
from xinhuo.core.models import Role
from xinhuo.core.registry import capabilities
from xinhuo.core.services import membership_grant
from xinhuo.elders.tests.matrix_team import young_teacher_login

pytestmark = pytest.mark.django_db


def test_roles_are_the_memberships_of_the_school_acted_in(world):
    assert world.actor("head_teacher_a").roles == frozenset({Role.HEAD_TEACHER})
    user = world.users["counsellor"]
    membership_grant(user=user, school=world.school, role=Role.PARENT)
    membership_grant(user=user, school=world.other, role=Role.DIRECTOR)
    assert build_actor(user).roles == frozenset({Role.COUNSELLOR, Role.PARENT})


def test_has_role_is_any_of_the_roles_named(world):
    teacher = world.actor("head_teacher_a")
    assert teacher.has_role(Role.HEAD_TEACHER)
    assert teacher.has_role(Role.PARENT, Role.HEAD_TEACHER)
    assert not teacher.has_role(Role.PARENT, Role.DIRECTOR)
    assert not teacher.has_role()


def test_a_head_teacher_scope_is_their_classes_and_no_other_role_gives_one(world):
    assert world.actor("head_teacher_a").class_ids == frozenset({world.class_a.pk})
    assert world.actor("head_teacher_b").class_ids == frozenset({world.class_b.pk})
    user = world.users["head_teacher_a"]
    # a class set on another role's membership is no head teacher's class
    counsellor = membership_grant(user=world.users["counsellor"], school=world.school, role=Role.COUNSELLOR)
    counsellor.classes.add(world.class_b)
    assert world.actor("counsellor").class_ids == frozenset()
    membership_grant(user=user, school=world.school, role=Role.HEAD_TEACHER, classes=[world.class_b])
    assert build_actor(user).class_ids == frozenset({world.class_a.pk, world.class_b.pk})


def test_a_department_head_scope_is_the_department_they_head(world):
    user = world.users["leader"]
    assert world.actor("leader").department_ids == frozenset()
    membership_grant(user=user, school=world.school, role=Role.DEPARTMENT_HEAD, department=world.department)
    assert build_actor(user).department_ids == frozenset({world.department.pk})
    other = make_user("dept_less", world.school, Role.DEPARTMENT_HEAD)  # a head of no department yet
    assert build_actor(other).department_ids == frozenset()
    finance = world.users["finance"]
    # a department on a membership of another role heads nothing
    finance.memberships.update(department=world.department)
    assert build_actor(finance).department_ids == frozenset()


def test_the_personal_records_go_with_their_role_only(world):
    student = world.actor("student_x")
    assert student.student_id == world.student_x.pk
    assert student.guardian_id is None and student.elder_id is None and student.young_teacher_id is None
    parent = world.actor("parent_x")
    assert parent.guardian_id == world.guardian_x.pk
    assert parent.child_ids == frozenset({world.student_x.pk})
    assert parent.student_id is None
    elder = world.actor("elder")
    assert elder.elder_id == world.elder.pk
    assert elder.child_ids == frozenset()
    young, _client = young_teacher_login(world)
    assert build_actor(young.staff.user).young_teacher_id == young.pk


def test_a_record_without_the_role_does_not_make_the_actor_that_person(world):
    """The student record of student_x is linked to this user, but without the student role they do not act as
    that student (a role taken away ends the access at once)."""
    user = world.users["student_x"]
    user.memberships.all().delete()
    membership_grant(user=user, school=world.school, role=Role.COUNSELLOR)
    assert build_actor(user).student_id is None
    parent = world.users["parent_x"]
    parent.memberships.all().delete()
    membership_grant(user=parent, school=world.school, role=Role.FINANCE)
    actor = build_actor(parent)
    assert actor.guardian_id is None and actor.child_ids == frozenset()
    elder = world.users["elder"]
    elder.memberships.all().delete()
    membership_grant(user=elder, school=world.school, role=Role.FINANCE)
    assert build_actor(elder).elder_id is None
    young, _client = young_teacher_login(world)
    young.staff.user.memberships.update(role=Role.FINANCE)
    assert build_actor(young.staff.user).young_teacher_id is None


def test_a_capability_admits_exactly_the_roles_it_names(world):
    signup = capabilities()["activities.signup"]
    assert roles_with("activities.signup") == signup
    for persona in ("parent_x", "student_x", "head_teacher_a", "admin", "finance"):
        actor = world.actor(persona)
        allowed = bool(actor.roles & signup)
        assert actor.can("activities.signup") is allowed, persona
        if allowed:
            assert actor.require("activities.signup") is None
        else:
            with pytest.raises(Http404):
                actor.require("activities.signup")
    assert world.actor("admin").can("activities.signup") is False  # the administrator runs the system only


def test_school_wide_roles_see_the_whole_school(world):
    for persona in ("admin", "director", "leader", "counsellor"):
        assert world.actor(persona).school_wide, persona
    for persona in ("head_teacher_a", "finance", "elder", "parent_x", "student_x"):
        assert not world.actor(persona).school_wide, persona
    assert Role.DEPARTMENT_HEAD in SCHOOL_WIDE


def test_schools_of_a_user_once_each_in_order(world):
    user = world.users["director"]
    assert schools_of(user) == [world.school]
    membership_grant(user=user, school=world.other, role=Role.LEADER)
    membership_grant(user=user, school=world.school, role=Role.COUNSELLOR)
    assert schools_of(user) == sorted([world.school, world.other], key=lambda s: s.pk)


def test_build_actor_acts_in_the_school_asked_for_or_the_first(world):
    user = world.users["director"]
    membership_grant(user=user, school=world.other, role=Role.LEADER)
    first = build_actor(user)
    assert first.school == world.school and first.roles == frozenset({Role.DIRECTOR})
    other = build_actor(user, world.other.pk)
    assert other.school == world.other and other.roles == frozenset({Role.LEADER})
    assert [m.school_id for m in other.memberships] == [world.other.pk]
    # a school the user has no role in is not theirs to act in: their first school instead
    outsider_school = world.users["outsider"].memberships.get().school_id
    assert outsider_school == world.other.pk
    stranger = world.users["head_teacher_a"]
    assert build_actor(stranger, world.other.pk).school == world.school


def test_build_actor_refuses_anonymous_inactive_and_roleless_users(world):
    assert build_actor(AnonymousUser()) is None
    user = world.users["director"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert build_actor(user) is None
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.memberships.all().delete()
    assert build_actor(user) is None


def test_build_actor_loads_a_head_teachers_classes_with_the_memberships(world, django_assert_num_queries):
    user = world.users["head_teacher_a"]
    with django_assert_num_queries(2):  # the memberships with their schools, the classes
        actor = build_actor(user)
    with django_assert_num_queries(0):
        assert actor.class_ids == frozenset({world.class_a.pk})
    with django_assert_num_queries(1):  # nobody else's request pays for the classes
        build_actor(world.users["parent_x"])


def test_role_labels_in_the_order_of_the_roles(world):
    assert role_labels([Role.PARENT, Role.DIRECTOR, "director"]) == [str(Role.DIRECTOR.label), str(Role.PARENT.label)]
    assert role_labels([]) == []
