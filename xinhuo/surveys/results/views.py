"""A survey's results (SRV-2): the overview with charts, the text answers, a named survey's responses, the Excel
export and the PDF summary. Thin: results/selectors.py computes, the templates show. Seen by the survey's owner
and the committee; anyone else gets 404.

Charts are drawn by static/surveys/charts.js from data the page embeds with json_script (no inline script); each
chart has its table beside it (shown without JavaScript and read by screen readers) and a sentence saying what it
shows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from xinhuo.core.web import actor_view, log_list, query_without_page

from ..questions import Kind
from . import export, selectors
from .selectors import Filters

PAGE_SIZE = 25


def _base(request, pk: int):
    survey = selectors.results_survey(request.actor, pk)
    return survey, Filters.from_query(survey, request.GET)


def chart_of(q: dict) -> dict | None:
    """What charts.js needs to draw one question's chart (None: nothing to draw)."""
    if q["hidden"] or not q["n"]:
        return None
    chart_id = f"chart-{q['key']}"
    if q["kind"] in (Kind.SINGLE, Kind.MULTIPLE):
        return {"id": chart_id, "type": "bar", "pie": q["kind"] == Kind.SINGLE,
                "categories": [o["label"] for o in q["options"]], "values": [o["count"] for o in q["options"]],
                "pcts": [o["pct"] for o in q["options"]]}
    if q["kind"] == Kind.LIKERT:
        return {"id": chart_id, "type": "stacked", "categories": [q["text"]],
                "series": [{"name": s["label"], "values": [s["pct"]]} for s in q["scale"]]}
    if q["kind"] == Kind.RATING:
        return {"id": chart_id, "type": "bar", "pie": False, "categories": [s["label"] for s in q["scale"]],
                "values": [s["count"] for s in q["scale"]], "pcts": [s["pct"] for s in q["scale"]]}
    if q["kind"] == Kind.MATRIX:
        return {"id": chart_id, "type": "heatmap", "x": q["labels"], "y": [r["label"] for r in q["rows"]],
                "cells": [[x, y, pct] for y, r in enumerate(q["rows"]) for x, pct in enumerate(r["pcts"])]}
    if q["kind"] == Kind.RANKING:
        ranked = [o for o in q["options"] if o["mean_place"] is not None]
        return {"id": chart_id, "type": "hbar", "categories": [o["label"] for o in ranked],
                "values": [o["mean_place"] for o in ranked]}
    if q["kind"] == Kind.DATE and q["months"]:
        return {"id": chart_id, "type": "bar", "pie": False, "categories": [m["month"] for m in q["months"]],
                "values": [m["count"] for m in q["months"]], "pcts": []}
    return None


def sentence(q: dict) -> str:
    """A chart's text alternative: what most answered, or the mean."""
    if q["hidden"]:
        return selectors.too_few_text()
    if not q["n"]:
        return _("Nobody has answered this question yet.")
    if q["kind"] in (Kind.SINGLE, Kind.MULTIPLE):
        top = max(q["options"], key=lambda o: o["count"])
        return _("%(n)d answered; most chose “%(label)s” (%(pct)s%%).") % {"n": q["n"], "label": top["label"],
                                                                           "pct": top["pct"]}
    if q["kind"] in (Kind.LIKERT, Kind.RATING):
        top = max(q["scale"], key=lambda o: o["count"])
        return _("%(n)d answered; mean %(mean)s of %(points)s; most chose “%(label)s” (%(pct)s%%).") % {
            "n": q["n"], "mean": q["mean"], "points": q["points"], "label": top["label"], "pct": top["pct"]}
    if q["kind"] == Kind.MATRIX:
        rated = [r for r in q["rows"] if r["mean"] is not None]
        if not rated:
            return _("Nobody has answered this question yet.")
        best, worst = max(rated, key=lambda r: r["mean"]), min(rated, key=lambda r: r["mean"])
        return _("%(n)d answered; highest mean “%(best)s” (%(b)s), lowest “%(worst)s” (%(w)s).") % {
            "n": q["n"], "best": best["label"], "b": best["mean"], "worst": worst["label"], "w": worst["mean"]}
    if q["kind"] == Kind.RANKING and q["options"] and q["options"][0]["mean_place"] is not None:
        return _("%(n)d answered; ranked first on average: “%(label)s” (mean place %(place)s).") % {
            "n": q["n"], "label": q["options"][0]["label"], "place": q["options"][0]["mean_place"]}
    if q["kind"] == Kind.NUMBER:
        return _("%(n)d answered; mean %(mean)s, median %(median)s, from %(min)s to %(max)s.") % {
            "n": q["n"], "mean": q["mean"], "median": q["median"], "min": q["min"], "max": q["max"]}
    return _("%(n)d answered.") % {"n": q["n"]}


@actor_view("surveys.create")
def results(request, pk: int):
    survey, filters = _base(request, pk)
    stats = selectors.statistics(survey, filters)
    items = [{**q, "chart": chart_of(q), "sentence": sentence(q)} for q in stats.questions]
    choices = selectors.filter_choices(survey)
    crosstab_qs = selectors.crosstab_questions(survey)
    by_choices = [("audience", _("Audience")), ("grade", _("Grade"))]
    if not survey.anonymous:
        by_choices.append(("class", _("Class")))
    xkey, by = request.GET.get("xq", ""), request.GET.get("by", "")
    table = selectors.crosstab(survey, xkey, by, filters) if xkey and by and not stats.hidden else None
    if table is not None:
        table["by_label"] = dict(by_choices).get(by, "")
    return render(request, "surveys/results_overview.html", {
        "survey": survey, "stats": stats, "items": items, "filters": filters, "choices": choices,
        "rates": selectors.response_rates(survey), "crosstab_questions": crosstab_qs, "by_choices": by_choices,
        "xkey": xkey, "by": by, "crosstab": table,
        "charts": [i["chart"] for i in items if i["chart"]],
        "query": request.GET.urlencode(),
    })


@actor_view("surveys.create")
def texts(request, pk: int, key: str):
    survey, filters = _base(request, pk)
    question = selectors.text_question(survey, key)
    search = request.GET.get("q", "")[:100]
    answers, why = selectors.text_answers(survey, key, search=search, filters=filters)
    page = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/results_texts.html", {
        "survey": survey, "question": question, "page": page, "why": why, "search": search, "filters": filters,
        "choices": selectors.filter_choices(survey), "query": query_without_page(request)})


@actor_view("surveys.create")
def responses(request, pk: int):
    """A named survey's answers person by person (an anonymous survey has none: 404); each page is logged."""
    survey, filters = _base(request, pk)
    if survey.anonymous:
        raise Http404
    search = request.GET.get("q", "")[:50]
    page = Paginator(selectors.named_responses(survey, search=search, filters=filters), 10).get_page(
        request.GET.get("page"))
    log_list(request, "survey_response", page, {"q": search, "filters": filters.key() if filters.active else ""},
             object_id=survey.pk)
    return render(request, "surveys/results_responses.html", {
        "survey": survey, "page": page, "rows": selectors.in_words(survey, page), "search": search,
        "filters": filters, "choices": selectors.filter_choices(survey), "query": query_without_page(request)})


@actor_view("surveys.create")
def export_xlsx(request, pk: int):
    survey, filters = _base(request, pk)
    return export.xlsx_export(request, survey, filters)


@actor_view("surveys.create")
def summary_pdf(request, pk: int):
    survey, filters = _base(request, pk)
    return export.pdf_summary(request, survey, filters)
