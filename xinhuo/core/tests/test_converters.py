"""`<int:>` in page URLs is bounded to a row id's range (core/converters.py): past it the page is a 404, never a
database error (PostgreSQL refuses a number past bigint: a 500 before). Run on PostgreSQL with DATABASE_URL too."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from xinhuo.core.params import ID_MAX

PAST = [str(ID_MAX + 1), "99999999999999999999"]  # 19 digits just past bigint; 20 digits


def int_routes() -> list[tuple[str, str]]:
    """(route, view name) of every page URL with an `<int:>`, routes joined through their includes. Routes under
    a regex include (the API's routers) capture ids as text and are checked by core.api.ActorMixin instead."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<int:" in route:
                found.append((route, p.lookup_str))

    walk(get_resolver().url_patterns, "/")
    return found


def fill(route: str, number: str) -> str:
    """A path for the route: `number` in the first `<int:>`, ordinary values elsewhere."""
    path = re.sub(r"<int:\w+>", number, route, count=1)
    path = re.sub(r"<int:\w+>", "1", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", path)
    return re.sub(r"<(?:str|slug|path):\w+>", "x", path)


def test_every_int_route_is_found():
    routes = int_routes()
    assert len(routes) > 100, routes  # the walk reaches the apps' pages
    assert ("/people/students/<int:pk>/", "xinhuo.people.views.student_detail") in routes


@pytest.mark.parametrize("number", PAST)
def test_no_page_route_takes_an_id_past_the_databases_range(number):
    for route, view in int_routes():
        path = fill(route, number)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert match._func_path != view or all(  # another pattern may take it (a slug), never this one
            not isinstance(v, int) or v <= ID_MAX for v in match.kwargs.values()), (route, path, match)


def test_ids_in_range_still_resolve():
    assert resolve("/people/students/1/").kwargs == {"pk": 1}
    assert resolve(f"/people/students/{ID_MAX}/").kwargs == {"pk": ID_MAX}
    assert resolve("/people/students/0042/").kwargs == {"pk": 42}


@pytest.mark.parametrize("number", [*PAST, str(ID_MAX)])
@pytest.mark.parametrize("path", ["/people/students/{}/", "/people/students/{}/consents/",
                                  "/people/guardians/{}/"])
def test_a_page_past_the_range_is_a_404(world, path, number):
    response = world.client("director").get(path.format(number))
    assert response.status_code == 404


@pytest.mark.parametrize("number", PAST)
def test_no_page_fails_on_an_id_past_the_range(world, number):
    """Every page route, as the director, GET and POST, with an id past bigint: a 404 like any missing row, never a
    server error (nor a redirect as if the row were there)."""
    client = world.client("director")
    client.raise_request_exception = False
    failed = []
    for route, view in int_routes():
        path = fill(route, number)
        for method in (client.get, client.post):
            status = method(path).status_code
            if status != 404:
                failed.append((method.__name__, path, view, status))
    assert failed == []
