"""Access-matrix cases of the one search box (RES-2): every persona with a role searches (results scoped per kind,
tested in test_search_scope.py); the dictionary is the committee's (the outsider, a director of another school,
opens their own school's; this school's words are 404 to them)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

COMMITTEE = {"director", "leader"}


def word(w, e=None):
    from xinhuo.library.models import SchoolWord

    return SchoolWord.objects.get_or_create(school=w.school, word="薪火宣讲团")[0].pk


CASES: list = [
    Case("library:search", EVERYONE),
    Case("library:search-words", COMMITTEE | {"outsider"}),
    Case("library:search-words", COMMITTEE | {"outsider"}, ok=400, method="post", data={"word": "  "}),
    Case("library:search-word-remove", COMMITTEE, ok=302, method="post", kwargs=k(pk=word)),
    Case("api:library-search", EVERYONE, api=True),
]
