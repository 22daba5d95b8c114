"""The county committee's pages (ORG-8): thin, every read through selectors scoped to the asking account's county.
Anyone who is not a county member gets 404; a county member reaches no school page (core's actor_view)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from xinhuo.core.web import stream_file

from ..indicators.models import Period
from . import selectors


def county_view(view):
    """Login required; then the account's county (404 without one), passed to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, selectors.county_of(request.user), *args, **kwargs)

    return wrapper


def _asked(request) -> tuple[str | None, str | None]:
    return request.GET.get("year") or None, request.GET.get("period") or None


@county_view
def home(request, county):
    b = selectors.board(county, *_asked(request))
    return render(request, "evaluation/county/home.html", {
        "board": b, "charts": selectors.board_charts(b), "periods": Period.choices,
        "ranking_height": max(260, 22 * len(b.ranked) + 60),  # a bar per school stays readable with 60 of them
    })


@county_view
def school(request, county, pk: int):
    v = selectors.school_view(county, pk, *_asked(request))
    return render(request, "evaluation/county/school.html", {
        "county": county, "view": v, "charts": selectors.school_charts(v), "periods": Period.choices,
    })


@county_view
def reports(request, county):
    year = request.GET.get("year") or None
    return render(request, "evaluation/county/reports.html", {
        "county": county, "reports": selectors.submitted_reports(county, year), "years": selectors.years(county),
        "year": year,
    })


FORMATS = {"docx": ("docx", "docx_name"), "pdf": ("pdf", "pdf_name")}


@county_view
def report_file(request, county, pk: int, fmt: str):
    """A submitted report's Word or PDF file, through the storage API, as an attachment named after the report
    (FileResponse encodes the Chinese name, RFC 6266 / 5987)."""
    if fmt not in FORMATS:
        raise Http404
    report = selectors.submitted_report(county, pk)
    file_field, name_field = FORMATS[fmt]
    stored = getattr(report, file_field)
    if not stored:
        raise Http404
    name = getattr(report, name_field) or f"{report.title}.{fmt}"
    return stream_file(stored, download_name=name.replace("/", "_").replace("\\", "_"))
