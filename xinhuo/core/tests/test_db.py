"""core.db: the prepared query and the compiler-free insert the hottest paths use, and the API token that reads its
user with one (xinhuo/core/auth.py)."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from xinhuo.core.db import Prepared, insert
from xinhuo.core.models import Membership, Notification, User
from xinhuo.core.tokens import issue


def test_a_prepared_query_gives_what_the_orm_gives_for_every_argument(world):
    mine = Prepared(lambda user_id, role: Membership.objects.filter(user_id=user_id).filter(role=role).order_by("pk"))
    for persona in ("director", "head_teacher_a", "parent_x"):
        user = world.users[persona]
        for membership in Membership.objects.filter(user=user):
            expected = list(Membership.objects.filter(user=user, role=membership.role).order_by("pk"))
            got = mine(user.pk, membership.role)
            assert got == expected
            assert [m.school_id for m in got] == [m.school_id for m in expected]
    assert mine(world.users["director"].pk, "no-such-role") == []


def test_a_prepared_query_is_compiled_once(world, django_assert_num_queries):
    by_name = Prepared(lambda name: User.objects.filter(username=name))
    by_name("director")  # compiles
    with django_assert_num_queries(1) as ctx:
        assert by_name(world.users["head_teacher_a"].username)[0] == world.users["head_teacher_a"]
    assert "username" in ctx.captured_queries[0]["sql"]


def test_a_prepared_query_whose_parameters_are_not_its_arguments_is_refused(world):
    # kwargs are sorted by name: (pk, username), not the arguments' order
    wrong = Prepared(lambda name, pk: User.objects.filter(username=name, pk=pk))
    with pytest.raises(ImproperlyConfigured):
        wrong("director", world.users["director"].pk)
    # a constant that is a parameter (a boolean is written into the SQL, so it may stay)
    constant = Prepared(lambda name: User.objects.filter(username=name).filter(full_name="某人"))
    with pytest.raises(ImproperlyConfigured):
        constant("director")


def test_insert_writes_the_row_with_its_fields_conversions(world):
    user = world.users["head_teacher_a"]
    batch = uuid.uuid4()
    note = Notification(recipient=user, school=world.school, title="标题", body="正文", link="/x/", batch=batch)
    note.pk = 987654
    insert(note)
    assert not note._state.adding
    stored = Notification.objects.get(pk=987654)
    assert (stored.recipient_id, stored.title, stored.body, stored.link) == (user.pk, "标题", "正文", "/x/")
    assert stored.batch == batch and stored.created_at == note.created_at  # the UUID and the time converted
    with pytest.raises(ValueError):
        insert(Notification(recipient=user, school=world.school, title="无键"))


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_opens_the_api_as_its_user_and_nothing_else_does(world):
    _token, key = issue(world.users["parent_x"])
    me = token_client(key).get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == world.users["parent_x"].username
    wrong = token_client(key[:-1] + ("0" if key[-1] != "0" else "1")).get("/api/v1/me/")
    # 403, not 401: the session is the first way in DRF tries, and it names no WWW-Authenticate challenge
    assert wrong.status_code == 403 and wrong.json()["detail"] == "认证令牌无效。"
    User.objects.filter(pk=world.users["parent_x"].pk).update(is_active=False)
    inactive = token_client(key).get("/api/v1/me/")
    assert inactive.status_code == 403 and inactive.json()["detail"] == "用户未激活或者已删除。"
