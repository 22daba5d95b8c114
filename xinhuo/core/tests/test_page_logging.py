"""The pages' declarative access-log rows: log_list and log_view."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.test import RequestFactory

from xinhuo.core.models import AccessLog
from xinhuo.core.web import log_list, log_view


def _request(world):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    request.actor = world.actor("director")
    return request


def _last() -> AccessLog:
    return AccessLog.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_a_list_without_filters_is_a_list_with_the_count(world):
    request = _request(world)
    page = Paginator(list(range(30)), 25).get_page(2)
    log_list(request, "student", page, {"q": "", "grade": None, "flag": False}, page=page.number)
    row = _last()
    assert (row.action, row.object_type, row.object_id, row.field) == ("list", "student", "", "")
    assert row.detail == {"filters": {}, "count": 30, "page": 2}
    assert row.user == request.actor.user and row.school == request.actor.school and row.ip == "10.0.0.7"


def test_a_list_with_filters_is_a_search_with_the_used_filters(world):
    request = _request(world)
    log_list(request, "tag", 3, {"q": "", "group": 4, "due": dt.date(2026, 1, 2)}, as_text=True)
    row = _last()
    assert row.action == "search"
    assert row.detail == {"filters": {"group": "4", "due": "2026-01-02"}, "count": 3}


def test_search_is_what_the_caller_says_and_no_filters_means_no_filters_key(world):
    request = _request(world)
    log_list(request, "inspection", 5, {"status": "open"}, search=False)
    assert (_last().action, _last().detail) == ("list", {"filters": {"status": "open"}, "count": 5})
    log_list(request, "club_member", 2, object_id=9, field="roster", full=True)
    row = _last()
    assert (row.action, row.object_id, row.field, row.detail) == ("list", "9", "roster", {"count": 2, "full": True})


def test_a_view_logs_the_object_its_field_and_detail(world):
    request = _request(world)
    obj = request.actor.school
    log_view(request, "school", obj)
    row = _last()
    assert (row.action, row.object_type, row.object_id, row.field, row.detail) == ("view", "school", str(obj.pk), "",
                                                                                   {})
    log_view(request, "home_visit", 12, field="notes", health=True)
    row = _last()
    assert (row.action, row.object_id, row.field, row.detail) == ("view", "12", "notes", {"health": True})
