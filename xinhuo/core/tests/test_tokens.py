"""API tokens expire, go idle, are revoked when they should be, and are listed and revoked on request
(issue 21, finding 2). The key is shown once and kept hashed; authenticating reads one row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from xinhuo.core.models import User
from xinhuo.core.services import account_reset_password, account_set_active


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    from axes.utils import reset

    reset()
    yield
    reset()


def obtain(username: str = "parent", password: str = PASSWORD, **data) -> str:
    response = Client().post("/api/v1/token/", {"username": username, "password": password, **data},
                             content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api(key: str, path: str = "/api/v1/me/", method: str = "get"):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Token {key}")


def works(key: str) -> bool:
    status = api(key).status_code
    assert status in (200, 401, 403), status
    return status == 200


@pytest.fixture
def travel(monkeypatch):
    """Move the clock the code reads (django.utils.timezone.now) forward."""
    real = timezone.now
    offset = [dt.timedelta(0)]

    def now():
        return real() + offset[0]

    monkeypatch.setattr(timezone, "now", now)

    def to(days: float = 0, hours: float = 0):
        offset[0] = dt.timedelta(days=days, hours=hours)

    return to


# --- expiry and idle timeout ------------------------------------------------------------------------------------


def test_a_token_expires_after_the_set_number_of_days_even_when_used(world, travel, settings):
    settings.XINHUO_API_TOKEN_DAYS = 30
    settings.XINHUO_API_TOKEN_IDLE_DAYS = 7
    key = obtain()
    for day in (0, 6, 12, 18, 24, 29.9):  # used every six days: never idle
        travel(days=day)
        assert works(key), day
    travel(days=30.1)
    response = api(key)
    assert response.status_code in (401, 403) and "过期" in response.json()["detail"]


def test_a_token_unused_for_the_idle_days_stops_working(world, travel, settings):
    settings.XINHUO_API_TOKEN_IDLE_DAYS = 7
    key = obtain()
    travel(days=6.9)
    assert works(key)
    travel(days=6.9 + 7.1)
    assert not works(key)


def test_the_expiry_days_are_settings(world, travel, settings):
    settings.XINHUO_API_TOKEN_DAYS = 2
    settings.XINHUO_API_TOKEN_IDLE_DAYS = 1
    key, other = obtain(), obtain()
    travel(hours=20)
    assert works(key) and works(other)
    travel(hours=40)
    assert works(other)
    travel(hours=45)
    assert not works(key)  # unused for a day
    travel(hours=49)
    assert not works(other)  # used nine hours ago, but two days old


# --- revocation -------------------------------------------------------------------------------------------------


def test_changing_ones_own_password_revokes_ones_tokens(world):
    key = obtain()
    client = world.client("parent_x")
    response = client.post(reverse("password-change"), {
        "old_password": PASSWORD, "new_password1": "My-Own-Secret-88", "new_password2": "My-Own-Secret-88"})
    assert response.status_code == 302
    assert not works(key)


def test_a_password_reset_by_the_administrator_revokes_the_tokens(world):
    key, others = obtain(), obtain("director")
    account_reset_password(actor=world.actor("admin"), user=world.users["parent_x"])
    assert not works(key)
    assert works(others)


def test_deactivation_revokes_the_tokens_so_reactivation_does_not_bring_them_back(world):
    key = obtain()
    admin = world.actor("admin")
    account_set_active(actor=admin, user=world.users["parent_x"], active=False)
    assert not works(key)
    account_set_active(actor=admin, user=world.users["parent_x"], active=True)
    assert not works(key)


def test_logging_out_of_the_site_revokes_the_tokens(world):
    key = obtain()
    client = world.client("parent_x")
    assert client.post(reverse("logout")).status_code == 302
    assert not works(key)


def test_delete_on_the_token_endpoint_revokes_the_callers_token_only(world):
    phone, laptop = obtain(), obtain()
    assert phone != laptop
    response = api(phone, "/api/v1/token/", "delete")
    assert response.status_code == 204
    assert not works(phone)
    assert works(laptop)


def test_delete_on_the_token_endpoint_without_a_token_says_so(world):
    response = world.client("parent_x").delete("/api/v1/token/")
    assert response.status_code == 400 and "令牌" in response.json()["detail"]


def test_a_user_lists_their_own_tokens_and_revokes_one(world):
    named = obtain(name="微信小程序")
    other = obtain()
    obtain("director")
    listed = api(named, "/api/v1/tokens/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert len(rows) == 2
    assert {r["name"] for r in rows} == {"微信小程序", ""}
    assert all({"created", "last_used", "expires"} <= r.keys() for r in rows)
    assert named not in str(listed) and other not in str(listed)  # keys are never shown again
    target = next(r for r in rows if r["name"] == "")
    assert api(named, f"/api/v1/tokens/{target['id']}/", "delete").status_code == 204
    assert not works(other) and works(named)


def test_a_user_cannot_see_or_revoke_someone_elses_token(world):
    mine, theirs = obtain(), obtain("director")
    [row] = api(theirs, "/api/v1/tokens/").json()["results"]
    assert api(mine, f"/api/v1/tokens/{row['id']}/", "delete").status_code == 404
    assert works(theirs)


def test_the_account_page_lists_ones_tokens_with_a_button_to_revoke_them(world):
    key = obtain(name="微信小程序")
    client = world.client("parent_x")
    page = client.get(reverse("my-account")).content.decode()
    assert "微信小程序" in page and key not in page
    assert reverse("my-tokens-revoke") in page
    assert client.post(reverse("my-tokens-revoke")).status_code == 302
    assert not works(key)


def test_the_administrator_sees_a_users_tokens_and_revokes_them(world):
    key = obtain(name="微信小程序")
    api(key)
    admin = world.client("admin")
    page = admin.get(reverse("account-detail", args=[world.users["parent_x"].pk])).content.decode()
    assert "微信小程序" in page and key not in page
    assert "最近使用" in page and "过期" in page
    response = admin.post(reverse("account-tokens-revoke", args=[world.users["parent_x"].pk]))
    assert response.status_code == 302
    assert not works(key)


def test_a_user_without_accounts_manage_cannot_revoke_anothers_tokens(world):
    key = obtain()
    response = world.client("director").post(reverse("account-tokens-revoke", args=[world.users["parent_x"].pk]))
    assert response.status_code == 404
    assert works(key)


# --- storage and cost -------------------------------------------------------------------------------------------


def test_the_key_is_not_stored(world):
    key = obtain()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for column in columns:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s',  # noqa: S608
                               [f"%{key}%"])
                assert cursor.fetchone()[0] == 0, (table, column)


def test_authenticating_reads_one_row_and_writes_last_use_at_most_hourly(world, travel, django_assert_num_queries):
    from xinhuo.core.auth import TokenAuthentication

    key = obtain()
    auth = TokenAuthentication()
    auth.authenticate_credentials(key)  # compiles the prepared query
    with django_assert_num_queries(1):
        user, token = auth.authenticate_credentials(key)
    assert user == world.users["parent_x"]
    travel(hours=0.5)
    with django_assert_num_queries(1):
        auth.authenticate_credentials(key)
    travel(hours=2)
    with django_assert_num_queries(2):  # the row, then last use moved on
        auth.authenticate_credentials(key)
    with django_assert_num_queries(1):
        auth.authenticate_credentials(key)


def test_an_unknown_key_is_refused(world):
    assert api("0" * 40).status_code in (401, 403)
    assert api("").status_code in (401, 403)
    assert User.objects.filter(api_tokens__isnull=False).count() == 0


def test_the_upgrade_moves_drf_tokens_in_as_hashes_and_empties_drf_table(world):
    """Migration 0005: a key the mini-program got from DRF's authtoken keeps working after the upgrade (for one token
    lifetime), and the plaintext keys are gone from the old table."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    move = importlib.import_module("xinhuo.core.migrations.0005_api_tokens").move_drf_tokens
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, created timestamp)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)",
                       [key, world.users["parent_x"].pk, timezone.now() - dt.timedelta(days=400)])
    move(apps, SimpleNamespace(connection=connection))
    assert works(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    [row] = api(key, "/api/v1/tokens/").json()["results"]
    assert row["prefix"] == key[:6] and row["created"] < row["expires"]


def test_a_token_that_went_idle_is_no_longer_listed(world, travel):
    obtain(name="旧手机")
    travel(days=settings_idle_days() + 1)
    admin_page = world.client("admin").get(reverse("account-detail", args=[world.users["parent_x"].pk]))
    own_page = world.client("parent_x").get(reverse("my-account"))
    assert admin_page.status_code == own_page.status_code == 200
    assert "旧手机" not in admin_page.content.decode() and "旧手机" not in own_page.content.decode()


def settings_idle_days() -> int:
    from django.conf import settings

    return settings.XINHUO_API_TOKEN_IDLE_DAYS


def test_the_daily_job_deletes_dead_tokens_and_keeps_live_ones(world, travel):
    from xinhuo.core import registry
    from xinhuo.core.models import ApiToken

    assert "xinhuo.core.tokens.purge_task" in registry.daily_jobs()
    obtain(name="旧手机")
    travel(days=8)
    live = obtain("director")
    from xinhuo.core.tokens import purge_task

    purge_task.enqueue()  # the immediate backend in tests
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["director"]
    assert works(live)
