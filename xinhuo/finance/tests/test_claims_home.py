"""The home page tells each person the claims waiting for them: finance what to check and pay, the director what to
approve, a claimant what came back for changes; nobody else gets the card."""

from __future__ import annotations

import re

import pytest

from .finance_support import finance_budget
from .test_claims_services import make_claim, step


@pytest.fixture
def fb(world):
    return finance_budget(world)


def figure(html: str, name: str) -> str | None:
    found = re.search(rf'data-figure="{name}">\D*(\d+)', html)  # the words around it are the language's
    return found.group(1) if found else None


def test_each_queue_shows_on_its_holders_home_page(world, fb):
    make_claim(world, fb.activity, "100", submit=True)
    make_claim(world, fb.activity, "120", submit=True)
    checked = step(world, make_claim(world, fb.activity, "80", submit=True), "check", "finance")
    returned = step(world, make_claim(world, fb.activity, "60", submit=True), "return", "finance", comment="缺发票")
    assert returned.status == "returned" and checked.status == "checked"
    finance = world.client("finance").get("/").content.decode()
    assert figure(finance, "claims-check") == "2" and figure(finance, "claims-approve") is None
    director = world.client("director").get("/").content.decode()
    assert figure(director, "claims-approve") == "1" and figure(director, "claims-check") is None
    claimant = world.client("head_teacher_a").get("/").content.decode()
    assert figure(claimant, "claims-returned") == "1"
    for persona in ("head_teacher_b", "parent_x", "elder"):
        assert 'id="claims-panel"' not in world.client(persona).get("/").content.decode()


def test_nothing_waiting_no_card(world, fb):
    assert 'id="claims-panel"' not in world.client("finance").get("/").content.decode()
