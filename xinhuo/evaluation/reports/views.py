"""Pages of the year-end report (PLAN-5): the reports with the form that generates one, a report with its progress
(htmx polls it; without JavaScript the page says to reload), its sections with their edit and reset, finalising,
submitting and the downloads. Thin: a scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, stream_file, submit

from . import selectors, services
from .forms import RegenerateForm, SectionForm, StartForm
from .models import ReportStatus
from .rules import CAPABILITY, can

S = ReportStatus


@actor_view(CAPABILITY)
def home(request):
    actor = request.actor
    form = StartForm(request.POST or None, years=selectors.year_choices(actor))
    saved = submit(request, form, lambda: services.report_start(actor=actor, **form.cleaned_data),
                   _("The report is being generated."))
    if saved:
        return redirect("evaluation:reports-detail", saved.pk)
    return render(request, "evaluation/reports/home.html", {"reports": list(selectors.reports(actor)), "form": form},
                  status=form_status(request))


@actor_view(CAPABILITY)
def detail(request, pk: int):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    return render(request, "evaluation/reports/detail.html", {
        "report": report, "edits": can(actor, "edit_report", report), "edited": selectors.edited_keys(report)})


@actor_view(CAPABILITY)
def progress(request, pk: int):
    """The generation's progress bar, polled by htmx; once generated the whole page reloads."""
    report = selectors.report_detail(request.actor, pk)
    if report.status != S.GENERATING and request.htmx:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "evaluation/reports/_progress.html", {"report": report})


@require_POST
@actor_view(CAPABILITY)
def regenerate(request, pk: int):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    form = RegenerateForm(request.POST)
    act(request, lambda: services.report_start(actor=actor, school_year=report.school_year,
                                               overwrite=form.cleaned_data["overwrite"]),
        _("The report is being generated again."), form=form)
    return redirect("evaluation:reports-detail", report.pk)


@actor_view(CAPABILITY)
def section(request, pk: int, key: str):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    edited, generated = selectors.section_of(report, key)
    if edited is None or not can(actor, "edit_report", report):
        raise Http404
    form = SectionForm(request.POST or None, initial={"text": edited.get("text", "")})
    saved = submit(request, form, lambda: services.section_edit(actor=actor, report=report, key=key,
                                                                text=form.cleaned_data["text"]),
                   _("The section is saved."))
    if saved:
        return redirect(f"{report_url(report)}#section-{key}")
    return render(request, "evaluation/reports/section_form.html", {
        "report": report, "section": edited, "generated": generated, "form": form,
        "changed": generated is not None and generated.get("text") != edited.get("text")},
        status=form_status(request))


def report_url(report) -> str:
    from django.urls import reverse

    return reverse("evaluation:reports-detail", args=[report.pk])


@require_POST
@actor_view(CAPABILITY)
def section_reset(request, pk: int, key: str):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    act(request, lambda: services.section_reset(actor=actor, report=report, key=key),
        _("The section is back to the generated text."))
    return redirect(f"{report_url(report)}#section-{key}")


@require_POST
@actor_view(CAPABILITY)
def finalise(request, pk: int):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    act(request, lambda: services.report_finalise(actor=actor, report=report),
        _("The report is finalised: the Word and PDF files are ready and filed in the archive."))
    return redirect("evaluation:reports-detail", report.pk)


@require_POST
@actor_view(CAPABILITY)
def submit_to_county(request, pk: int):
    actor = request.actor
    report = selectors.report_detail(actor, pk)
    act(request, lambda: services.report_submit(actor=actor, report=report),
        _("The report is submitted to the county committee."))
    return redirect("evaluation:reports-detail", report.pk)


@actor_view(CAPABILITY)
def download(request, pk: int, kind: str):
    report = selectors.report_detail(request.actor, pk)
    field, name = (report.docx, report.docx_name) if kind == "docx" else (report.pdf, report.pdf_name)
    if not field:
        raise Http404
    return stream_file(field, download_name=name)
