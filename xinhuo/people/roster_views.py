"""Roster pages (ORG-4): the template, upload → preview of every problem → confirm, the progress of a
large import, the error report, and the export. Thin: a selector, one service, a response.

(In their own module so that the people app's views.py stays the students/guardians/staff pages.)"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinhuo.core import excel
from xinhuo.core.excel import xlsx_response
from xinhuo.core.models import Role
from xinhuo.core.web import actor_view

from . import roster, selectors, services
from .forms import RosterExportForm, RosterUploadForm
from .models import RosterImport


def _export_form(actor, data=None) -> RosterExportForm:
    return RosterExportForm(data, classes=selectors.roster_classes(actor), whole_school=actor.school_wide)


def _index(request, upload_form: RosterUploadForm | None = None, status: int = 200):
    actor = request.actor
    can_import, can_export = actor.can("roster.import"), actor.can("roster.export")
    return render(request, "people/roster.html", {
        "can_import": can_import,
        "can_export": can_export,
        "upload_form": upload_form or RosterUploadForm(),
        "export_form": _export_form(actor) if can_export else None,
        "masked": not actor.has_role(Role.ADMIN, Role.DIRECTOR),
        "imports": selectors.roster_imports(actor)[:10] if can_import else [],
        "max_mb": excel.MAX_BYTES // 1024 // 1024,
        "max_rows": roster.MAX_ROWS,
    }, status=status)


@actor_view()
def roster_index(request):
    if not (request.actor.can("roster.import") or request.actor.can("roster.export")):
        raise Http404
    return _index(request)


@actor_view("roster.import")
def roster_template(request):
    buf = io.BytesIO()
    roster.write_template(buf)
    return xlsx_response(buf, "学生名册导入模板.xlsx")


@require_POST
@actor_view("roster.import")
def roster_upload(request):
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    imp = services.roster_upload(actor=request.actor, uploaded=upload, file_name=upload.name)
    return redirect("people:roster-import", pk=imp.pk)


@actor_view("roster.import")
def roster_import(request, pk):
    imp = services.roster_import_expire_if_stale(roster_import=selectors.roster_import_detail(request.actor, pk))
    return render(request, "people/roster_import.html", {
        "imp": imp, "percent": selectors.roster_import_progress(imp), "upload_form": RosterUploadForm(),
        "running": imp.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING),
    })


@actor_view("roster.import")
def roster_import_progress(request, pk):
    """The progress bar, polled by htmx; once the import has ended the whole page reloads to show the outcome."""
    imp = services.roster_import_expire_if_stale(roster_import=selectors.roster_import_detail(request.actor, pk))
    if imp.status not in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING) and request.htmx:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "people/_roster_progress.html", {
        "imp": imp, "percent": selectors.roster_import_progress(imp),
    })


@require_POST
@actor_view("roster.import")
def roster_import_confirm(request, pk):
    imp = selectors.roster_import_detail(request.actor, pk)
    try:
        services.roster_import_confirm(actor=request.actor, roster_import=imp, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:roster-import", pk=imp.pk)


@actor_view("roster.import")
def roster_import_errors(request, pk):
    """The uploaded rows with a 错误原因 column, and every problem on a second sheet."""
    imp = selectors.roster_import_detail(request.actor, pk)
    buf = io.BytesIO()
    source = excel.read_upload(imp.stored_path)
    roster.write_error_report(source, imp.errors, buf)
    stem = imp.file_name.rsplit(".", 1)[0] or "roster"
    return xlsx_response(buf, f"{stem}-错误报告.xlsx")


@actor_view("roster.export")
def roster_export(request):
    actor = request.actor
    form = _export_form(actor, request.GET or None)
    if request.GET and not form.is_valid():
        raise Http404  # a class outside the actor's scope does not exist for them
    chosen = form.cleaned_data.get("school_class") if form.is_bound else None
    buf = io.BytesIO()
    services.roster_export(actor=actor, out=buf, school_class=chosen.pk if chosen else None, request=request)
    label = str(chosen) if chosen else actor.school.name
    return xlsx_response(buf, f"学生名册-{label}-{timezone.localdate():%Y%m%d}.xlsx")
