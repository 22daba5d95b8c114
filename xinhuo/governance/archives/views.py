"""Pages of the archive (GOV-2): the catalogue by year and category with a search, a record with its log and its
file, the upload and edit forms, the records past their retention (到期待鉴定) with destruction and extension, and
the year's catalogue as a workbook. Thin: a scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.excel import xlsx_response
from xinhuo.core.params import parse_id
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_view,
    paginate,
    query_without_page,
    stream_file,
    submit,
)

from . import exports, selectors, services
from .forms import CatalogueFilterForm, DestroyForm, ExtendForm, RecordForm, UploadForm
from .rules import PERSONAL_CATEGORIES, can


@actor_view("governance.archives.view")
def home(request):
    actor = request.actor
    years = selectors.years(actor)
    form = CatalogueFilterForm(request.GET or None, years=years)
    filters = form.filters()
    page = paginate(request, selectors.catalogue(actor, **filters))
    manages = actor.can("governance.archives.manage")
    return render(request, "governance/archives/home.html", {
        "form": form, "page": page, "query": query_without_page(request), "manages": manages,
        "years": years, "year": filters.get("year") or (years[0] if years else None),
        "due_count": selectors.due(actor).count() if manages else 0, "today": timezone.localdate()})


@actor_view("governance.archives.view")
def record_detail(request, pk: int):
    actor = request.actor
    record = selectors.record_detail(actor, pk)
    if record.category in PERSONAL_CATEGORIES:
        log_view(request, "archive_record", record)
    manages = can(actor, "manage_record", record)
    return render(request, "governance/archives/record.html", {
        "record": record, "events": selectors.events(record), "manages": manages,
        "due": selectors.is_due(record), "today": timezone.localdate(),
        "extend_form": ExtendForm(prefix="extend") if manages else None,
        "destroy_form": DestroyForm(prefix="destroy") if manages else None})


@actor_view("governance.archives.view")
def record_file(request, pk: int):
    """The record's file, to whoever may see the record; a personal record's download is in the access log."""
    record = selectors.record_detail(request.actor, pk)
    if not record.file:
        raise Http404
    if record.category in PERSONAL_CATEGORIES:
        log_view(request, "archive_record", record, field="file")
    return stream_file(record.file, download_name=record.file_name or None)


@actor_view("governance.archives.manage")
def upload(request):
    actor = request.actor
    form = UploadForm(request.POST or None, request.FILES or None, initial={"dated": timezone.localdate()})
    saved = submit(request, form, lambda: services.record_upload(actor=actor, **form.cleaned_data),
                   lambda r: _("The record is filed as %(number)s.") % {"number": r.number})
    if saved:
        return redirect("governance:archives-record", saved.pk)
    return render(request, "governance/archives/record_form.html", {"form": form, "record": None},
                  status=form_status(request))


@actor_view("governance.archives.manage")
def record_edit(request, pk: int):
    actor = request.actor
    record = selectors.record_detail(actor, pk)
    form = RecordForm(request.POST or None, initial=RecordForm.initial_for(record))
    saved = submit(request, form, lambda: services.record_edit(actor=actor, record=record, **form.cleaned_data),
                   _("The record is saved."))
    if saved:
        return redirect("governance:archives-record", record.pk)
    return render(request, "governance/archives/record_form.html", {"form": form, "record": record},
                  status=form_status(request))


@actor_view("governance.archives.manage")
def due(request):
    actor = request.actor
    page = paginate(request, selectors.due(actor))
    return render(request, "governance/archives/due.html", {"page": page, "query": query_without_page(request),
                                                            "today": timezone.localdate()})


@require_POST
@actor_view("governance.archives.manage")
def record_extend(request, pk: int):
    actor = request.actor
    record = selectors.record_detail(actor, pk)
    form = ExtendForm(request.POST, prefix="extend")
    act(request, lambda: services.record_extend(actor=actor, record=record, **form.cleaned_data),
        lambda r: _("The record is kept until %(date)s.") % {"date": r.keep_until.isoformat()}, form=form)
    return redirect("governance:archives-record", record.pk)


@require_POST
@actor_view("governance.archives.manage")
def record_destroy(request, pk: int):
    actor = request.actor
    record = selectors.record_detail(actor, pk)
    form = DestroyForm(request.POST, prefix="destroy")
    if act(request, lambda: services.record_destroy(actor=actor, record=record, **form.cleaned_data),
           _("The destruction is confirmed and logged; the catalogue entry stays."), form=form):
        return redirect("governance:archives-due")
    return redirect("governance:archives-record", record.pk)


@actor_view("governance.archives.view")
def export(request):
    """The catalogue of one year (?year=, default the newest) as a workbook, the records the actor sees."""
    actor = request.actor
    year = parse_id(request.GET.get("year") or "")
    if year is None:
        years = selectors.years(actor)
        year = years[0] if years else timezone.localdate().year
    rows = selectors.catalogue(actor, year=year).iterator(chunk_size=1000)
    return xlsx_response(exports.catalogue_workbook(rows), f"档案目录-{year}.xlsx")
