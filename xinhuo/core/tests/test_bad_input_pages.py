"""Pages read ids from the query string and forms the same way as the API (core.params): a digit Python's
str.isdigit() accepts but int() refuses ("²"), or a number past the database's range, is ignored or refused,
never a 500 (issue 21, finding 4, the same pattern in every app)."""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"


@pytest.mark.parametrize("bad", ["²", HUGE])
def test_the_care_overview_lists_ignore_a_bad_class_or_group(world, bad):
    r = world.client("director").get("/care/overview/tagged/", {"class": bad, "group": bad})
    assert r.status_code == 200


@pytest.mark.parametrize("bad", ["²", HUGE])
def test_a_new_case_ignores_a_bad_student(world, bad):
    r = world.client("counsellor").get("/wellbeing/cases/new/", {"student": bad})
    assert r.status_code == 200


@pytest.mark.parametrize("bad", ["²", HUGE])
def test_a_new_home_visit_ignores_a_bad_student(world, bad):
    r = world.client("director").get("/care/visits/new/", {"student": bad})
    assert r.status_code in (200, 404)


@pytest.mark.parametrize("bad", ["²", HUGE])
def test_an_elder_care_visit_form_ignores_a_bad_elder(world, bad):
    r = world.client("director").get("/elders/care/visits/new/", {"elder": bad})
    assert r.status_code == 200


@pytest.mark.parametrize("bad", ["²", HUGE, "abc"])
def test_switching_to_a_school_that_is_no_id_is_not_found(world, bad):
    r = world.client("director").post("/switch-school/", {"school": bad})
    assert r.status_code == 404
