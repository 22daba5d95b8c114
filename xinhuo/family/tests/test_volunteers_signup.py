"""Parent meetings and open days as activities of their kinds, and sign-up buttons that say whom they sign up
(issue 15 FAM-3; issue 20's fault: "报名" beside the child and a separate "我要报名" with no explanation, and an open
day that offered parents no sign-up)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from xinhuo.activities import services
from xinhuo.activities.models import ActivityKind, SignUp, SignUpKind
from xinhuo.family.tests.matrix_volunteers import activity, at

pytestmark = pytest.mark.django_db


def _page(w, persona, act) -> str:
    response = w.client(persona).get(reverse("activities:detail", args=[act.pk]))
    assert response.status_code == 200
    return response.content.decode()


def child(w) -> str:
    return escape(_("Sign up my child (%(name)s)") % {"name": w.student_x.name})


PARENT = _("Sign myself up (parent)")


def test_a_parent_meeting_is_a_kind_beside_the_open_day():
    assert {ActivityKind.PARENT_MEETING, ActivityKind.PARENT_DAY} <= set(ActivityKind.values)
    assert ActivityKind.PARENT_MEETING.label != ActivityKind.PARENT_DAY.label


def test_a_general_activity_names_the_child_and_the_parent_on_its_buttons(world):
    act = activity(world, "学雷锋志愿服务", kind="volunteer", audience_parents=True, signup_open=True)
    body = _page(world, "parent_x", act)
    assert child(world) in body
    assert escape(PARENT) in body
    assert f">{_('Sign up')}</button>" not in body and escape(_("Sign me up")) not in body


def test_the_student_signs_themself_up_with_their_own_words(world):
    act = activity(world, "学雷锋志愿服务", kind="volunteer", signup_open=True)
    body = _page(world, "student_x", act)
    assert escape(_("Sign me up")) in body and child(world) not in body


def test_an_open_day_for_a_class_offers_its_parents_their_own_sign_up_and_no_child_sign_up(world):
    act = activity(world, "家长开放日", kind=ActivityKind.PARENT_DAY, signup_open=True)  # class A, not all parents
    body = _page(world, "parent_x", act)
    assert escape(PARENT) in body
    assert child(world) not in body
    response = world.client("parent_x").post(reverse("activities:signup", args=[act.pk]))
    assert response.status_code == 302
    signup = SignUp.objects.get(activity=act)
    assert signup.kind == SignUpKind.PARENT and signup.user == world.users["parent_x"] and signup.student is None
    assert f"（{SignUpKind.PARENT.label}）" in _page(world, "parent_x", act)  # the place says whose it is


def test_a_parent_meeting_refuses_a_child_sign_up_with_a_message(world):
    act = activity(world, "初一家长会", kind=ActivityKind.PARENT_MEETING, signup_open=True)
    with pytest.raises(ValidationError) as refused:
        services.signup_add(actor=world.actor("parent_x"), activity=act, student=world.student_x)
    assert refused.value.messages == [_("%(title)s is for parents: a parent signs up themself, not the child.") % {
        "title": act.title}]
    assert not SignUp.objects.filter(activity=act).exists()


def test_a_parent_meeting_of_another_class_is_not_open_to_the_parent(world):
    act = activity(world, "2班家长会", kind=ActivityKind.PARENT_MEETING, signup_open=True, classes=[world.class_b])
    assert services.self_signup_kind(world.actor("parent_x"), act) is None
    assert services.self_signup_kind(world.actor("parent_x"), activity(
        world, "全校家长会", kind=ActivityKind.PARENT_MEETING, signup_open=True, classes=[],
        audience_parents=True)) == SignUpKind.PARENT


def test_a_parent_meeting_must_invite_parents(world):
    with pytest.raises(ValidationError) as refused:
        services.activity_apply(actor=world.actor("head_teacher_a"), title="家长会", kind=ActivityKind.PARENT_MEETING,
                                starts_at=at(10, 14), ends_at=at(10, 16), off_day_confirmed=True)
    assert "audience_parents" in refused.value.message_dict
    made = services.activity_apply(actor=world.actor("head_teacher_a"), title="家长会",
                                   kind=ActivityKind.PARENT_MEETING, starts_at=at(10, 14), ends_at=at(10, 16),
                                   off_day_confirmed=True, audience_classes=[world.class_a], signup_open=True)
    assert made.kind == ActivityKind.PARENT_MEETING


def test_the_api_lists_whom_one_may_sign_up_in_the_same_words(world):
    act = activity(world, "学雷锋志愿服务", kind="volunteer", audience_parents=True, signup_open=True)
    data = world.client("parent_x").get(f"/api/v1/activities/{act.pk}/").json()
    options = {(o["student"], o["kind"]): o["button"] for o in data["signup_options"]}
    assert options == {(world.student_x.pk, "student"): _("Sign up my child (%(name)s)") % {
        "name": world.student_x.name}, (None, "parent"): PARENT}
    world.client("parent_x").post(f"/api/v1/activities/{act.pk}/signup/", {}, content_type="application/json")
    data = world.client("parent_x").get(f"/api/v1/activities/{act.pk}/").json()
    assert [o["kind"] for o in data["signup_options"]] == ["student"]  # signed up: only the child is left
