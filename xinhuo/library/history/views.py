"""Pages of the school history (RES-5): the timeline (by decade and year, filtered by theme, kind and decade), an
item with its file (a photo inline, a document as a download, a recording streamed with ranges so a phone seeks),
and the form of the committee and the curators. Thin: a scoped selector, one service, a response; denied objects
are 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xinhuo.core.web import actor_view, form_status, stream_file, stream_ranged, submit

from . import selectors, services
from .forms import HistoryItemForm, TimelineFilterForm
from .models import HistoryKind
from .rules import can


@actor_view("library.history.view")
def timeline(request):
    actor = request.actor
    form = TimelineFilterForm(request.GET or None, decades=selectors.decades(actor))
    rows = selectors.item_list(actor, **form.filters())[:500]  # a school's history: a few hundred items at most
    return render(request, "library/history/timeline.html", {
        "form": form, "decades": selectors.timeline(rows), "creates": can(actor, "create_item")})


@actor_view("library.history.view")
def item_detail(request, pk: int):
    actor = request.actor
    item = selectors.item_detail(actor, pk)
    return render(request, "library/history/detail.html", {
        "item": item, "edits": can(actor, "edit_item", item),
        "media_type": services.content_type(item) if item.kind == HistoryKind.ORAL_HISTORY and item.file else ""})


@actor_view("library.history.view")
def item_file(request, pk: int):
    item = selectors.item_detail(request.actor, pk)
    if not item.file:
        raise Http404
    if item.kind == HistoryKind.ORAL_HISTORY:
        return stream_ranged(request, item.file, services.content_type(item))
    if item.kind in services.IMAGE_KINDS:
        return stream_file(item.file)
    return stream_file(item.file, download_name=item.file_name or None)


def _save_form(request, item=None):
    actor = request.actor
    form = HistoryItemForm(request.POST or None, request.FILES or None,
                           initial=HistoryItemForm.initial_for(item) if item else None,
                           people=selectors.contributor_choices(actor.school))
    saved = submit(request, form, lambda: services.item_save(actor=actor, item=item, **form.cleaned_data),
                   _("The school-history item is saved."))
    if saved:
        return redirect("library:history-detail", saved.pk)
    return render(request, "library/history/form.html", {"form": form, "item": item}, status=form_status(request))


@actor_view("library.history.contribute")
def item_create(request):
    if not can(request.actor, "create_item"):
        raise Http404
    return _save_form(request)


@actor_view("library.history.contribute")
def item_edit(request, pk: int):
    return _save_form(request, selectors.editable(request.actor, pk))
