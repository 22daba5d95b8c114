"""Logging in and out (xinhuo/core/auth.py, the login view, django-axes and the password rules).

Login goes through the real /login/ form, so the authentication backends, axes and the
translation of the form's messages all take part.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from xinhuo.core.auth import looks_like_mobile, resolve_username
from xinhuo.core.models import User

LOGIN = "/login/"
WRONG_LOGIN_ZH = "请输入一个正确的"  # Django's zh_Hans AuthenticationForm "invalid_login" message
LOCKED_ZH = "登录失败次数过多"


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    """Each test starts with no recorded failures, whichever axes handler (database or cache) is set."""
    from axes.utils import reset

    reset()
    yield
    reset()


def login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in_as(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


# --- identifiers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["13900000001", "139 0000 0001", "+8613900000001", "+86 139-0000-0001"])
def test_mobile_numbers_resolve_to_their_account(world, identifier):
    assert looks_like_mobile(identifier)
    assert resolve_username(identifier) == "director"


@pytest.mark.parametrize("identifier", ["director", "1390000000", "139000000012", "23900000001", ""])
def test_other_identifiers_are_left_alone(world, identifier):
    assert resolve_username(identifier) == identifier


def test_a_number_shared_by_two_accounts_logs_in_neither(world):
    """Ambiguous mobile numbers are not guessed: the user must use their username."""
    User.objects.create_user(username="director2", password=PASSWORD, phone="139-0000-0001")
    assert resolve_username("13900000001") == "13900000001"
    response = login(Client(), "13900000001")
    assert response.status_code == 200 and WRONG_LOGIN_ZH in response.content.decode()


# --- login ------------------------------------------------------------------------------------------


def test_login_page_is_chinese_and_has_the_form(db):
    response = Client().get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in body
    assert 'name="username"' in body and 'name="password"' in body


def test_login_by_username(world):
    client = Client()
    response = login(client, "teacher")
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_as(client) == world.users["head_teacher_a"]
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("identifier", ["13900000001", "139 0000 0001", "+8613900000001"])
def test_login_by_mobile_number(world, identifier):
    client = Client()
    response = login(client, identifier)
    assert response.status_code == 302
    assert logged_in_as(client) == world.users["director"]


def test_login_follows_a_safe_next_and_ignores_an_outside_one(world):
    response = Client().post(f"{LOGIN}?next=/inbox/", {"username": "teacher", "password": PASSWORD})
    assert response["Location"] == "/inbox/"
    response = Client().post(f"{LOGIN}?next=https://evil.example/", {"username": "teacher", "password": PASSWORD})
    assert response["Location"] == "/"


def test_wrong_password_shows_the_chinese_error_and_stays_on_the_page(world):
    client = Client()
    response = login(client, "teacher", "not-the-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert WRONG_LOGIN_ZH in body
    assert 'name="password"' in body  # the form again
    assert logged_in_as(client) is None


def test_unknown_user_gets_the_same_message_as_a_wrong_password(world):
    """No way to probe which usernames or mobile numbers exist."""
    wrong_password = login(Client(), "teacher", "not-the-password").content.decode()
    unknown = login(Client(), "nobody-here", "not-the-password").content.decode()
    unknown_mobile = login(Client(), "13000000000", "not-the-password").content.decode()
    for body in (wrong_password, unknown, unknown_mobile):
        assert WRONG_LOGIN_ZH in body


def test_inactive_user_cannot_log_in(world):
    User.objects.filter(username="teacher").update(is_active=False)
    client = Client()
    response = login(client, "teacher")
    assert response.status_code == 200 and logged_in_as(client) is None


def test_logged_in_user_visiting_login_goes_to_the_dashboard(world):
    response = world.client("director").get(LOGIN)
    assert response.status_code == 302 and response["Location"] == "/"


# --- lockout (django-axes) --------------------------------------------------------------------------


def fail(client: Client, identifier: str, times: int):
    return [login(client, identifier, "wrong-password").status_code for _ in range(times)]


def test_five_failures_lock_the_account_from_that_address(world):
    client = Client()
    assert fail(client, "director", 4) == [200, 200, 200, 200]
    response = login(client, "director", "wrong-password")
    assert response.status_code == 429
    assert LOCKED_ZH in response.content.decode()
    assert re.search(r"15\s*分钟", response.content.decode())
    # the right password is refused while locked
    response = login(client, "director")
    assert response.status_code == 429
    assert logged_in_as(client) is None


def test_lockout_counts_username_and_mobile_number_as_one_account(world):
    client = Client()
    for i in range(4):
        identifier = "director" if i % 2 else "+86 139 0000 0001"
        assert login(client, identifier, "wrong-password").status_code == 200
    assert login(client, "139-0000-0001", "wrong-password").status_code == 429
    assert login(client, "director").status_code == 429
    assert login(client, "13900000001").status_code == 429
    assert AccessAttempt.objects.filter(username="director").count() == 1
    assert AccessAttempt.objects.get(username="director").failures_since_start >= 5


def test_the_lockout_is_per_account_and_per_address(world):
    client = Client()
    fail(client, "director", 5)
    # another account from the same address is not locked
    assert login(Client(), "teacher").status_code == 302
    # the same account from another address is not locked
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert login(other, "director").status_code == 302


def test_a_success_before_the_limit_resets_the_count(world):
    client = Client()
    fail(client, "director", 4)
    assert login(client, "director").status_code == 302
    client = Client()
    assert fail(client, "director", 4) == [200, 200, 200, 200]


def test_the_lock_ends_after_the_cool_off(world):
    client = Client()
    fail(client, "director", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    assert login(client, "director").status_code == 302


def test_the_token_endpoint_is_locked_too(world):
    """The API's token endpoint is no way around a lockout earned on the login page."""
    client = Client()
    fail(client, "director", 5)
    response = client.post("/api/v1/token/", {"username": "director", "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code in (400, 429)
    assert "token" not in response.json()


def test_failures_on_the_token_endpoint_count_for_the_login_page(world):
    client = Client()
    for _ in range(5):
        response = client.post("/api/v1/token/", {"username": "director", "password": "wrong-password"},
                               content_type="application/json")
        assert response.status_code in (400, 429) and "token" not in response.json()
    assert login(client, "director").status_code == 429


def test_the_token_endpoint_says_the_account_is_locked(world):
    client = Client()
    fail(client, "director", 5)
    response = client.post("/api/v1/token/", {"username": "director", "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 429
    assert LOCKED_ZH in response.json()["detail"]


# --- logout -----------------------------------------------------------------------------------------


def test_logout_by_post(world):
    client = Client()
    login(client, "teacher")
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert logged_in_as(client) is None
    assert client.get("/").status_code == 302


def test_logout_by_get_is_refused(world):
    """A link or image elsewhere cannot log the user out."""
    client = Client()
    login(client, "teacher")
    assert client.get("/logout/").status_code == 405
    assert logged_in_as(client) == world.users["head_teacher_a"]


def test_logout_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["director"], backend="xinhuo.core.auth.UsernameOrMobileBackend")
    assert client.post("/logout/").status_code == 403
    assert logged_in_as(client) == world.users["director"]


# --- password change --------------------------------------------------------------------------------


def change_password(client: Client, new: str, old: str = PASSWORD):
    return client.post("/password/", {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Abc-12345", "至少 10 个字符"),  # nine characters
        ("3141592653589", "密码只包含数字"),
        ("qwertyuiop", "这个密码太常见了"),
        ("password123", "这个密码太常见了"),
    ],
)
def test_weak_new_passwords_are_refused_with_a_message(world, new, message):
    client = world.client("director")
    response = change_password(client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    user = User.objects.get(username="director")
    assert user.check_password(PASSWORD) and not user.check_password(new)


def test_a_password_like_the_username_is_refused(world):
    User.objects.filter(username="counsellor").update(full_name="counsellor-wang")
    response = change_password(world.client("counsellor"), "counsellor-wang1")
    assert response.status_code == 200
    assert User.objects.get(username="counsellor").check_password(PASSWORD)


def test_wrong_old_password_is_refused(world):
    response = change_password(world.client("director"), "Plum-Blossom-2027", old="not-my-password")
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    assert User.objects.get(username="director").check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused(world):
    client = world.client("director")
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": "Plum-Blossom-2027",
                                          "new_password2": "Plum-Blossom-2028"})
    assert response.status_code == 200
    assert "两个密码不一致" in response.content.decode()


def test_a_good_password_is_changed_and_the_session_kept(world):
    client = world.client("director")
    response = change_password(client, "Plum-Blossom-2027")
    assert response.status_code == 302
    assert User.objects.get(username="director").check_password("Plum-Blossom-2027")
    assert client.get("/").status_code == 200  # still logged in here
    assert login(Client(), "director").status_code == 200  # the old password no longer works
    assert login(Client(), "director", "Plum-Blossom-2027").status_code == 302


def test_password_change_needs_login(db):
    response = Client().get("/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- sessions ---------------------------------------------------------------------------------------


def test_idle_session_settings():
    minutes = int(os.environ.get("XINHUO_SESSION_IDLE_MINUTES", "30"))
    assert minutes * 60 == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_ENGINE == "xinhuo.core.sessions"  # pushes the expiry back (core/tests/test_sessions.py)
    assert settings.SESSION_COOKIE_HTTPONLY is True


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_pushes_the_idle_expiry_back(world):
    client = Client()
    login(client, "teacher")
    soon = timezone.now() + dt.timedelta(minutes=1)  # last pushed back AGE - 1 min ago: past the refresh window
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    assert client.get("/").status_code == 200
    expiry = session_row(client).expire_date
    assert expiry > soon + dt.timedelta(minutes=5)
    assert expiry <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)


def test_an_idle_session_expires(world):
    client = Client()
    login(client, "teacher")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_rotates_the_session_key(world):
    """Session fixation: a key planted before login is not the key after it."""
    client = Client()
    client.get(LOGIN)
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    login(client, "teacher")
    assert client.session.session_key != before


# --- CSRF -------------------------------------------------------------------------------------------


def test_login_form_enforces_csrf(world):
    client = Client(enforce_csrf_checks=True)
    response = login(client, "teacher")
    assert response.status_code == 403
    assert logged_in_as(client) is None


def test_login_form_with_its_csrf_token_works(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(LOGIN, {"username": "teacher", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert logged_in_as(client) == world.users["head_teacher_a"]


def test_a_token_from_another_page_load_of_another_client_is_refused(world):
    other = Client(enforce_csrf_checks=True)
    page = other.get(LOGIN).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "teacher", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 403
