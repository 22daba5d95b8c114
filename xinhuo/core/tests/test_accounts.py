"""Accounts by the administrator: create, link to a roster record, roles, reset, deactivate."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from xinhuo.core.access import build_actor
from xinhuo.core.models import Membership, Role, User
from xinhuo.core.services import (
    account_create,
    account_create_for_person,
    account_reset_password,
    account_set_active,
    account_update,
    membership_add,
    membership_remove,
)


def admin(world):
    return world.actor("admin")


def test_create_account_with_role_and_temporary_password(world):
    user, password = account_create(actor=admin(world), username="laoli", full_name="李老师", role=Role.COUNSELLOR,
                                    phone="139-1111-2222")
    assert user.check_password(password) and user.must_change_password
    assert Membership.objects.filter(user=user, school=world.school, role=Role.COUNSELLOR).exists()


def test_create_account_through_the_page_normalises_the_phone_and_shows_the_password_once(world):
    client = world.client("admin")
    response = client.post(reverse("account-create"), {
        "username": "laoli", "full_name": "李老师", "phone": "+86 139 1111 2222", "role": "head_teacher",
        "classes": [world.class_b.pk],
    })
    assert response.status_code == 200
    html = response.content.decode()
    user = User.objects.get(username="laoli")
    assert user.phone == "13911112222"
    assert 'id="new-password"' in html
    assert world.class_b in Membership.objects.get(user=user, role=Role.HEAD_TEACHER).classes.all()
    assert "new-password" not in client.get(reverse("account-detail", args=[user.pk])).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"username": "teacher", "full_name": "x", "role": "finance"}, "用户名已被使用"),
    ({"username": "new1", "full_name": "x", "role": "finance", "phone": "13900000001"}, "已有其他账号使用该手机号"),
    ({"username": "new2", "full_name": "x", "role": "finance", "phone": "12345"}, "11 位手机号"),
    ({"username": "new5", "full_name": "x", "role": "finance", "email": "not-an-email"}, "合法的邮件地址"),
    ({"username": "new3", "full_name": "x", "role": "head_teacher"}, "请选择班主任所带班级"),
    ({"username": "有 空格", "full_name": "x", "role": "finance"}, "只能使用字母"),
    ({"username": "new4", "full_name": "x" * 51, "role": "finance"}, "50"),
])
def test_bad_account_input_is_refused_with_a_message_and_nothing_written(world, data, message):
    before = User.objects.count()
    response = world.client("admin").post(reverse("account-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_temporary_password_must_be_changed_before_anything_else(world):
    user, password = account_create(actor=admin(world), username="newbie", full_name="新人", role=Role.FINANCE)
    client = Client()
    assert client.post(reverse("login"), {"username": "newbie", "password": password}).status_code == 302
    response = client.get("/people/staff/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("password-change"))
    response = client.post(reverse("password-change"), {
        "old_password": password, "new_password1": "My-Own-Secret-88", "new_password2": "My-Own-Secret-88",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/people/staff/").status_code == 200


def test_parent_login_from_the_guardian_record_sees_exactly_their_child(world):
    user, password = account_create_for_person(actor=admin(world), person=world.guardian_z)
    assert user.username == world.guardian_z.phone
    world.guardian_z.refresh_from_db()
    assert world.guardian_z.user == user
    assert build_actor(user).child_ids == {world.student_z.pk}
    with pytest.raises(ValidationError, match="已有登录账号|already has a login"):
        account_create_for_person(actor=admin(world), person=world.guardian_z)


def test_staff_login_needs_a_role_and_other_school_records_are_refused(world):
    from xinhuo.people.models import Staff

    staff = Staff.objects.create(school=world.school, staff_no="T0099", name="孙老师", gender="M")
    with pytest.raises(ValidationError):
        account_create_for_person(actor=admin(world), person=staff)
    user, _pw = account_create_for_person(actor=admin(world), person=staff, role=Role.YOUNG_TEACHER)
    assert Membership.objects.filter(user=user, role=Role.YOUNG_TEACHER).exists()
    with pytest.raises(ValidationError):
        account_create_for_person(actor=admin(world), person=world.other_guardian)


def test_person_login_page_flow(world):
    client = world.client("admin")
    response = client.post(reverse("people:person-login", args=["student", world.student_z.pk]))
    assert response.status_code == 200 and 'id="new-password"' in response.content.decode()
    world.student_z.refresh_from_db()
    assert world.student_z.user.username == f"{world.school.code}-{world.student_z.student_no}"
    again = client.post(reverse("people:person-login", args=["student", world.student_z.pk]))
    assert again.status_code == 302


def test_roles_are_added_and_removed_but_never_the_last_admin(world):
    actor = admin(world)
    elder = world.users["elder"]
    membership_add(actor=actor, user=elder, role=Role.YOUNG_TEACHER)
    with pytest.raises(ValidationError):
        membership_add(actor=actor, user=elder, role=Role.YOUNG_TEACHER)
    own = Membership.objects.get(user=world.users["admin"], role=Role.ADMIN)
    with pytest.raises(ValidationError):
        membership_remove(actor=actor, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()
    other = Membership.objects.get(user=world.users["outsider"])
    with pytest.raises(ValidationError):
        membership_remove(actor=actor, membership=other)


def test_deactivate_and_reset(world):
    actor = admin(world)
    account_set_active(actor=actor, user=world.users["finance"], active=False)
    response = Client().post(reverse("login"), {"username": "finance", "password": PASSWORD})
    assert response.status_code == 200, "a deactivated account cannot log in"
    with pytest.raises(ValidationError):
        account_set_active(actor=actor, user=world.users["admin"], active=False)
    password = account_reset_password(actor=actor, user=world.users["leader"])
    world.users["leader"].refresh_from_db()
    assert world.users["leader"].check_password(password) and world.users["leader"].must_change_password


def test_accounts_of_two_schools_are_changed_only_by_adding_or_removing_roles(world):
    from xinhuo.core.services import membership_grant

    membership_grant(user=world.users["leader"], school=world.other, role=Role.LEADER)
    actor = admin(world)
    for change in (
        lambda: account_set_active(actor=actor, user=world.users["leader"], active=False),
        lambda: account_reset_password(actor=actor, user=world.users["leader"]),
        lambda: account_update(actor=actor, user=world.users["leader"], full_name="x", phone="", email=""),
    ):
        with pytest.raises(ValidationError):
            change()
    world.users["leader"].refresh_from_db()
    assert world.users["leader"].is_active and world.users["leader"].check_password(PASSWORD)


def test_account_list_searches_and_filters_by_role(world):
    rows = world.client("admin").get(reverse("accounts"), {"role": "head_teacher"}).content.decode().split("<tbody>")[1]
    assert "teacher2" in rows and "counsellor" not in rows
    html = world.client("admin").get(reverse("accounts"), {"q": "outsider"}).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "outsider" not in rows, "accounts of another school are not listed"
