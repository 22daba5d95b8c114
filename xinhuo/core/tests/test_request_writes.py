"""What a reading request writes (issue 21): on SQLite every write takes the database's single write lock, and a
transaction opened with BEGIN IMMEDIATE (settings: transaction_mode) holds it until it ends. A list that is
logged writes one INSERT of its access-log row, in autocommit — no transaction (no atomic block: in the test's
own transaction it would show as a SAVEPOINT), no session write — and a page that logs nothing writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xinhuo.core import tokens
from xinhuo.core.models import AccessLog

READS = ("SELECT", "RELEASE")  # RELEASE never appears without a SAVEPOINT, which is counted


def writes(client: Client, path: str, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path, **headers).status_code
    return status, [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith(READS)]


def one_access_log_insert(statements: list[str]) -> bool:
    return len(statements) == 1 and statements[0].startswith(f'INSERT INTO "{AccessLog._meta.db_table}"')


@pytest.mark.parametrize("persona", ["director", "head_teacher_a"])
@pytest.mark.parametrize("path", ["/people/students/", "/people/consents/register/"])
def test_a_logged_list_page_writes_one_insert_outside_a_transaction(world, persona, path):
    client = world.client(persona)
    client.get(path)  # the first request of a session may refresh it (core/sessions.py)
    status, statements = writes(client, path)
    assert status == 200
    assert one_access_log_insert(statements), statements


@pytest.mark.parametrize("path", ["/api/v1/students/", "/api/v1/consents/register/"])
def test_a_logged_api_list_writes_one_insert_outside_a_transaction(world, path):
    _token, key = tokens.issue(world.users["director"])
    status, statements = writes(Client(), path, HTTP_AUTHORIZATION=f"Token {key}")
    assert status == 200
    assert one_access_log_insert(statements), statements


def test_a_page_that_logs_nothing_writes_nothing(world):
    client = world.client("head_teacher_a")
    client.get("/")
    status, statements = writes(client, "/")
    assert status == 200
    assert statements == []
