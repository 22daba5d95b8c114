"""Access-matrix cases of the school history (RES-5).

Everyone of a school reads the published items (the timeline, an item, its file); a draft is seen by the committee
and its contributors. The committee adds and edits; an elder curator edits the items they contribute to (the
matrix's elder is made a curator and a contributor of the draft). The outsider (another school's director) opens
their own school's pages; this school's items are 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

COMMITTEE = {"director", "leader"}
OWN_SCHOOL = {"outsider"}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def _item(w, key: str, **fields):
    from django.core.files.base import ContentFile

    from xinhuo.library.models import HistoryItem

    found = HistoryItem.objects.filter(school=w.school, title=key).first()
    if found:
        return found
    item = HistoryItem.objects.create(school=w.school, title=key, theme="founding", **fields)
    if fields.get("kind") == "photo":
        item.file.save("first.png", ContentFile(PNG), save=True)
    return item


def published(w, e=None) -> int:
    return _item(w, "1958年第一届毕业生合影", kind="photo", year=1958, status="published").pk


def draft(w, e=None) -> int:
    """A draft the elder (made a curator here) contributes to."""
    from django.utils import timezone

    from xinhuo.elders.models import Assignment

    item = _item(w, "老校门的故事", kind="object", year=1965, status="draft")
    Assignment.objects.get_or_create(school=w.school, elder=w.elder, role="school_history", need="校史整理",
                                     defaults={"start_on": timezone.localdate()})
    item.contributors.add(w.users["elder"])
    return item.pk


P = k(pk=published)
D = k(pk=draft)

CASES: list = [
    Case("library:history-timeline", EVERYONE),
    Case("library:history-create", COMMITTEE | OWN_SCHOOL),
    Case("library:history-create", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("library:history-detail", EVERYONE - OWN_SCHOOL, kwargs=P),
    Case("library:history-detail", COMMITTEE | {"elder"}, kwargs=D),
    Case("library:history-file", EVERYONE - OWN_SCHOOL, kwargs=P),
    Case("library:history-edit", COMMITTEE, kwargs=P),
    Case("library:history-edit", COMMITTEE | {"elder"}, kwargs=D),
    Case("api:library-history-list", EVERYONE, api=True),
    Case("api:library-history-list", COMMITTEE | OWN_SCHOOL, ok=400, method="post", api=True, data={"title": ""}),
    Case("api:library-history-detail", EVERYONE - OWN_SCHOOL, kwargs=P, api=True),
    Case("api:library-history-detail", COMMITTEE | {"elder"}, kwargs=D, api=True),
]
