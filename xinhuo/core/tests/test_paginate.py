"""core.web.paginate: a short first page is read without a COUNT; longer lists and later pages page as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from xinhuo.core.models import Department, School
from xinhuo.core.web import paginate

pytestmark = pytest.mark.django_db


def _page(n_rows: int, page: str | None = None, per_page: int = 5):
    school = School.objects.create(name="分页学校", code="paging")
    Department.objects.bulk_create([Department(school=school, name=f"部门{i:02d}") for i in range(n_rows)])
    request = RequestFactory().get("/", {"page": page} if page else {})
    with CaptureQueriesContext(connection) as ctx:
        result = paginate(request, Department.objects.filter(school=school).order_by("name"), per_page=per_page)
        names = [d.name for d in result]
        shown = (result.paginator.count, result.paginator.num_pages, result.has_next())
    counts = sum(q["sql"].startswith("SELECT COUNT(*)") for q in ctx.captured_queries)
    return names, shown, len(ctx), counts


def test_a_short_first_page_is_its_own_count():
    names, shown, queries, counts = _page(3)
    assert names == ["部门00", "部门01", "部门02"] and shown == (3, 1, False)
    assert (queries, counts) == (1, 0)


@pytest.mark.parametrize("n_rows", [5, 6, 12])
def test_a_first_page_that_is_full_is_counted_as_before(n_rows):
    names, shown, queries, counts = _page(n_rows)
    assert names == [f"部门{i:02d}" for i in range(5)]
    assert shown == (n_rows, -(-n_rows // 5), n_rows > 5)
    # exactly full: one more row was asked for and was not there, so no COUNT either
    assert (queries, counts) == ((1, 0) if n_rows == 5 else (2, 1))


@pytest.mark.parametrize(("page", "first"), [("2", "部门05"), ("3", "部门10"), ("99", "部门10"), ("x", "部门00")])
def test_later_and_bad_page_numbers_page_as_before(page, first):
    names, shown, _queries, _counts = _page(12, page)
    assert names[0] == first and shown[0] == 12
