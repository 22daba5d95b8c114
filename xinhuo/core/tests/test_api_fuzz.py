"""Schemathesis against the API's own OpenAPI schema (issue 21), as a director, a head teacher and a parent: no
answer is a server error, every answer matches the schema, and no operation that needs a login accepts a missing or
invalid token (schemathesis' ignored_auth check sends each operation without the token and with a made-up one).

Every operation is fuzzed with valid (positive) requests as each persona and invalid (negative) ones as the director,
XINHUO_FUZZ_EXAMPLES of each (default 2, about two minutes of CPU in all; set it higher for a deeper run). Generation is
derandomised, so a run is repeatable. Requests go through Django's WSGI handler in this process, inside the test's
transaction: every write stays in the test database and is rolled back.

Select with `pytest -m fuzz` (or leave out with `-m "not fuzz"`). The pytest plugin's lazy schema loader
(schemathesis.pytest.from_fixture) does not run under pytest 9, hence the loop over operations below."""

from __future__ import annotations

import copy
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth, response_schema_conformance

from conftest import PASSWORD

pytestmark = pytest.mark.fuzz

PERSONAS = ["director", "head_teacher_a", "parent_x"]
EXAMPLES = int(os.environ.get("XINHUO_FUZZ_EXAMPLES", "2"))
CHECKS = [not_a_server_error, response_schema_conformance, ignored_auth]


@pytest.fixture(scope="session")
def raw_schema() -> dict:
    """The schema /api/schema/ serves, generated once per session."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, which (unlike the test client) closes the database connection after each request: on
    PostgreSQL that would end the test's transaction. As django.test.Client does, not while the test runs."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=PERSONAS)
def api_token(request, world) -> str:
    """The persona's token, obtained the way a client obtains it."""
    answer = world.client(None).post("/api/v1/token/", {"username": world.users[request.param].username,
                                                       "password": PASSWORD})
    assert answer.status_code == 200, answer.content
    return answer.json()["token"]


def run_operation(operation, mode: GenerationMode) -> str | None:
    """Up to EXAMPLES generated requests to one operation; the report of what failed, or None."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # negative mode of an operation with nothing to make invalid (no parameters, no body)
        return None
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together below
        return f"{operation.label} ({mode.value}): {exc}"
    return None


def test_the_api_holds_under_generated_requests(raw_schema, api_token, wsgi_app, request):
    persona = request.node.callspec.params["api_token"]
    # the token as configured auth: schemathesis then knows it is real and also tries without it / with a bad one
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"tokenAuth": {"api_key": f"Token {api_token}"}}}})
    schema = schemathesis.openapi.from_dict(copy.deepcopy(raw_schema), config=config)
    schema.app = wsgi_app
    failures = []
    # invalid requests are refused before whose they are matters: the director's run sends them for everyone
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if persona == "director" else [])
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes:
            failure = run_operation(operation, mode)
            if failure:
                failures.append(failure)
    assert not failures, f"{len(failures)} failing operations:\n\n" + "\n\n".join(failures)
