"""The login lockout (django-axes, xinhuo/core/lockout.py): an attacker can neither keep an account locked forever
nor, behind a proxy, lock out everyone else's logins; an unset proxy count behind a proxy is warned about."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PASSWORD
from xinhuo.core import lockout

LOGIN = "/login/"


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    from axes.utils import reset

    reset()
    yield
    reset()


def login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def lock(client: Client, username: str = "director", **extra) -> None:
    codes = [login(client, username, "wrong-password", **extra).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def age_attempts(minutes: int) -> None:
    """Move every recorded failure `minutes` into the past, as if that time had gone by."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - dt.timedelta(minutes=minutes))


def test_attempts_during_the_lockout_do_not_extend_it(world):
    """Before: each attempt while locked restarted the 15 minutes, so trying once every 14 minutes (even with the
    right password, as the owner would) kept the account locked forever."""
    client = Client()
    lock(client)
    age_attempts(10)
    assert login(client, "director").status_code == 429, "the right password is still refused while locked"
    assert login(client, "director", "wrong-password").status_code == 429
    age_attempts(6)  # 16 minutes since the fifth failure, 6 since the attempts during the lock
    response = login(client, "director")
    assert response.status_code == 302
    assert client.session.get(SESSION_KEY) == str(world.users["director"].pk)


def test_the_lockout_still_lasts_its_full_cool_off(world):
    client = Client()
    lock(client)
    age_attempts(int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) - 1)
    assert login(client, "director").status_code == 429


@override_settings(XINHUO_PROXY_COUNT=1)
def test_behind_a_proxy_the_lock_is_per_client_address_not_the_proxys(world):
    """Every request comes from the proxy's address (REMOTE_ADDR); with the proxy count set, one client's
    failures lock that account from that client only (before: from the proxy, i.e. for everyone)."""
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    lock(attacker)
    assert login(attacker, "director").status_code == 429
    assert login(owner, "director").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@override_settings(XINHUO_PROXY_COUNT=1)
def test_a_forged_forwarded_for_does_not_escape_the_lock(world):
    """The client may prepend any address it likes; only the hop our proxy appended is trusted."""
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    lock(attacker, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.66")
    assert login(attacker, "director", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.66").status_code == 429


def test_without_a_proxy_count_the_lock_is_per_connecting_address(world):
    """With XINHUO_PROXY_COUNT=0 the header is not trusted at all: a client cannot pick its address."""
    attacker = Client(REMOTE_ADDR="192.0.2.5")
    lock(attacker, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert login(attacker, "director", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.6"), "director").status_code == 302


def test_requests_through_a_proxy_without_a_proxy_count_are_warned_about_once(world, caplog, monkeypatch):
    monkeypatch.setattr(lockout, "_warned", False)
    client = Client(HTTP_X_FORWARDED_FOR="203.0.113.66")
    with caplog.at_level(logging.WARNING, logger="xinhuo.core.lockout"):
        client.get(LOGIN)
        client.get(LOGIN)
        login(client, "director", "wrong-password")
    warnings = [r for r in caplog.records if r.name == "xinhuo.core.lockout"]
    assert len(warnings) == 1
    assert "XINHUO_PROXY_COUNT" in warnings[0].getMessage()


def test_no_warning_without_the_header_or_with_a_proxy_count(world, caplog, monkeypatch):
    monkeypatch.setattr(lockout, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="xinhuo.core.lockout"):
        Client().get(LOGIN)
        with override_settings(XINHUO_PROXY_COUNT=1):
            Client(HTTP_X_FORWARDED_FOR="203.0.113.66").get(LOGIN)
    assert not [r for r in caplog.records if r.name == "xinhuo.core.lockout"]


def test_the_lockout_expires_by_the_recorded_time(world):
    """The lock's start is the fifth failure's time, recorded once."""
    client = Client()
    lock(client)
    first = AccessAttempt.objects.get().attempt_time
    login(client, "director")
    assert AccessAttempt.objects.get().attempt_time == first
    assert first <= timezone.now()


def test_axes_is_configured_as_it_expects():
    """axes' own system checks pass (its middleware in place, the settings it knows)."""
    from django.core.checks import run_checks

    assert [m.id for m in run_checks() if m.id.startswith("axes.")] == []
