"""Pages of the indicators part (PLAN-3): the overview of a year or term by dimension, an indicator with its trend
and the records behind it, the committee's settings (a level at once) and the snapshots. Thin: a scoped selector,
one service, a response; denied objects are 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import actor_view, form_status, paginate, submit

from . import formulas, periods, scoring, selectors, services
from .forms import DimensionWeightsForm, IndicatorsForm, SnapshotForm
from .models import Period
from .rules import can


def _year_period(request):
    """The year and period asked for (default: the current year, whole), with the year choices."""
    choices = selectors.years(request.actor)
    raw = request.GET.get("year")
    year = selectors.year_of(request.actor, parse_id(raw) if raw else None, choices)
    if raw and parse_id(raw) is None:
        raise Http404
    period = request.GET.get("period") or Period.YEAR
    if period not in Period.values:
        period = Period.YEAR
    return year, period, choices


@actor_view("evaluation.indicators.view")
def home(request):
    actor = request.actor
    services.indicators_ensure_defaults(actor.school)
    year, period, choices = _year_period(request)
    data = selectors.overview(actor, year, period) if year else None
    return render(request, "evaluation/indicators/home.html", {
        "year": year, "period": period, "years": choices, "periods": Period.choices, "data": data,
        "manages": actor.can("evaluation.indicators.manage"),
        "query": f"year={year.pk}&period={period}" if year else ""})


@actor_view("evaluation.indicators.view")
def detail(request, pk: int):
    actor = request.actor
    item = selectors.indicator_detail(actor, pk)
    year, period, choices = _year_period(request)
    if year is None:
        raise Http404
    start, end = periods.bounds(year, period)
    found = formulas.REGISTRY.get(item.formula)
    figure = formulas.kept(item.formula, actor.school, start, end)
    snapshot = selectors.snapshot_of(actor, item, year, period)
    extra = formulas.held_by_kind(actor.school, start, end) if item.formula == "activities_held" else []
    return render(request, "evaluation/indicators/detail.html", {
        "item": item, "formula": found, "figure": figure, "snapshot": snapshot,
        "corrected": snapshot is not None and snapshot.value != figure.value,
        "score": scoring.score(figure.value, item.target, item.bands),
        "trend": selectors.trend(item, actor.school, start, end),
        "page": paginate(request, selectors.records(actor, item, start, end)), "by_kind": extra,
        "year": year, "period": period, "years": choices, "periods": Period.choices, "start": start, "end": end,
        "query": f"year={year.pk}&period={period}"})


@actor_view("evaluation.indicators.manage")
def settings_home(request):
    actor = request.actor
    services.indicators_ensure_defaults(actor.school)
    dims = selectors.dimensions(actor)
    form = DimensionWeightsForm(request.POST or None, dimensions=dims)
    if submit(request, form, lambda: services.dimensions_save(actor=actor, school=actor.school,
                                                              weights=form.weights()),
              _("The dimensions' weights are saved.")):
        return redirect("evaluation:indicators-settings")
    return render(request, "evaluation/indicators/settings.html", {
        "form": form, "total": sum((d.weight for d in dims), 0)},
        status=form_status(request))


@actor_view("evaluation.indicators.manage")
def settings_dimension(request, pk: int):
    actor = request.actor
    dimension = selectors.dimension_detail(actor, pk)
    if not can(actor, "edit_indicator", dimension):
        raise Http404
    items = selectors.indicators_of(dimension)
    form = IndicatorsForm(request.POST or None, indicators=items)
    if submit(request, form, lambda: services.indicators_save(actor=actor, dimension=dimension,
                                                              changes=form.changes()),
              _("The indicators are saved.")):
        return redirect("evaluation:indicators-settings-dimension", dimension.pk)
    return render(request, "evaluation/indicators/settings_dimension.html", {
        "dimension": dimension, "form": form, "total": sum((i.weight for i in items if i.active), 0),
        "explains": {k: f.explains for k, f in formulas.REGISTRY.items()}}, status=form_status(request))


@actor_view("evaluation.indicators.view")
def snapshots(request):
    actor = request.actor
    if request.method == "POST":
        return _take(request)
    return render(request, "evaluation/indicators/snapshots.html", {
        "taken": selectors.taken_periods(actor), "years": selectors.years(actor), "periods": Period.choices,
        "manages": actor.can("evaluation.indicators.manage"),
        "retakes": actor.can("evaluation.indicators.retake")})


@require_POST
def _take(request):
    actor = request.actor
    actor.require("evaluation.indicators.manage")
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a school year and a period."))
        return redirect("evaluation:indicators-snapshots")
    year = next((y for y in selectors.years(actor) if y.pk == form.cleaned_data["year"]), None)
    if year is None:
        raise Http404
    try:
        services.snapshot_take(actor=actor, school_year=year, period=form.cleaned_data["period"],
                               retake=form.cleaned_data["retake"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluation:indicators-snapshots")
    messages.success(request, _("The figures of the period are fixed."))
    return redirect(reverse("evaluation:indicators-home") + f"?year={year.pk}&period={form.cleaned_data['period']}")
