"""Idle sessions (core/sessions.py): no session write on an unchanged request, yet the idle timeout holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD
from xinhuo.core.sessions import refresh_seconds

AGE = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    from axes.utils import reset

    reset()
    yield
    reset()


def logged_in(username: str = "teacher") -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def session_writes(client: Client, path: str = "/") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    table = Session._meta.db_table
    return status, [q["sql"] for q in ctx.captured_queries
                    if table in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def set_last_push(client: Client, seconds_ago: float) -> dt.datetime:
    """Pretend the session's expiry was last pushed back `seconds_ago` seconds ago."""
    expiry = timezone.now() - dt.timedelta(seconds=seconds_ago) + AGE
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=expiry)
    return expiry


def expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_not_written_by_a_request_that_changes_nothing(world):
    client = logged_in()
    for _ in range(3):
        status, writes = session_writes(client)
        assert status == 200
        assert writes == []


def test_a_stale_expiry_is_pushed_back_once(world):
    client = logged_in()
    before = set_last_push(client, refresh_seconds() + 5)
    status, writes = session_writes(client)
    assert status == 200 and len(writes) == 1, writes
    pushed = expiry(client)
    assert pushed > before + dt.timedelta(seconds=refresh_seconds())
    assert pushed <= timezone.now() + AGE
    assert session_writes(client) == (200, [])  # fresh again: the next request writes nothing


def test_an_idle_session_ends_after_the_idle_period(world):
    client = logged_in()
    set_last_push(client, AGE.total_seconds() + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_activity_keeps_a_session_alive_past_the_idle_period(world):
    """A user active every few minutes for longer than the idle period stays logged in: each request after the
    refresh window pushes the expiry back; without activity the same session would have ended."""
    client = logged_in()
    step = 7 * 60
    elapsed = 0
    while elapsed <= AGE.total_seconds() + step:
        # the clock moves on `step` seconds since the last push: seen from the row, its expiry comes `step` closer
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=expiry(client) - dt.timedelta(seconds=step))
        assert client.get("/").status_code == 200, f"logged out after {elapsed} s of activity"
        elapsed += step
    assert expiry(client) > timezone.now() + AGE - dt.timedelta(seconds=refresh_seconds())


def test_a_change_to_the_session_is_saved_at_once(world):
    """The language switch stores the choice in the session: saved although the expiry is fresh."""
    client = logged_in()
    response = client.post("/language/", {"language": "en"})
    assert response.status_code in (200, 302)
    assert client.session.get("xinhuo_language") == "en"


def test_requests_without_a_session_create_none(db):
    before = Session.objects.count()
    assert Client().get("/login/").status_code == 200
    assert Session.objects.count() == before
