"""The committee's overview of care for students: how many students in each group and class, who has a mentor,
who has had no contact or visit for too long, open follow-ups — each figure a link to the list behind it, within
what the viewer may see (a head teacher: their classes)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from xinhuo.core.params import parse_id
from xinhuo.core.services import access_log_record
from xinhuo.core.web import actor_view, log_view, paginate, query_without_page

from . import selectors


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # a part not installed: the figure shows without its link
        return ""


@actor_view("care.overview")
def overview(request):
    actor = request.actor
    data = selectors.care_overview(actor)
    # aggregated counts of special-group membership are still a view of sensitive records
    log_view(request, "care_overview", tagged=data["tagged"])
    return render(request, "care/overview.html", {
        "o": data, "follow_ups_url": _url("care:follow-ups"), "visits_url": _url("care:visits"),
    })


def _int(value: str | None) -> int | None:
    return parse_id(value)


@actor_view("care.overview")
def overview_list(request, figure: str):
    actor = request.actor
    if figure not in selectors.OVERVIEW_FIGURES:
        raise Http404
    group_id, class_id = _int(request.GET.get("group")), _int(request.GET.get("class"))
    rows = selectors.overview_students(actor, figure, group_id=group_id, class_id=class_id)
    access_log_record(actor, "list", "care_overview", field=figure,
                      detail={"group": group_id, "class": class_id, "count": len(rows)}, request=request)
    return render(request, "care/overview_list.html", {
        "figure": figure, "page": paginate(request, rows, per_page=50), "query": query_without_page(request)})
