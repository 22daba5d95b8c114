"""Pages of the charter part (ORG-2): the documents in force, a document with its versions, a version with its
steps, the new document and draft forms, and the diff of two versions. Thin: a scoped selector, one service, a
response; denied objects are 404."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, submit

from . import selectors, services
from .forms import DiffForm, DocumentForm, DraftForm, StepForm
from .models import VersionStatus
from .rules import can, sees_drafts

STEP_DONE = {
    "submit": gettext_lazy("The version is submitted to the leading group."),
    "approve": gettext_lazy("The version is approved; the director can publish it."),
    "return": gettext_lazy("The version is returned to the director as a draft."),
    "publish": gettext_lazy("The version is published: it is now in force."),
    "withdraw": gettext_lazy("The version is withdrawn."),
}


@actor_view("governance.charter.read")
def home(request):
    actor = request.actor
    return render(request, "governance/charter/home.html", {
        "documents": list(selectors.documents(actor)), "edits": actor.can("governance.charter.edit"),
        "sees_drafts": sees_drafts(actor)})


@actor_view("governance.charter.edit")
def document_new(request):
    actor = request.actor
    form = DocumentForm(request.POST or None)
    saved = submit(request, form, lambda: services.document_create(actor=actor, **form.cleaned_data),
                   _("The document is created as a draft."))
    if saved:
        return redirect("governance:charter-document", saved.pk)
    return render(request, "governance/charter/document_form.html", {"form": form}, status=form_status(request))


@actor_view("governance.charter.read")
def document_detail(request, pk: int):
    actor = request.actor
    doc = selectors.document_detail(actor, pk)
    rows = list(selectors.versions(actor, doc))
    current = next((v for v in rows if v.status == VersionStatus.PUBLISHED), None)
    return render(request, "governance/charter/document.html", {
        "doc": doc, "versions": rows, "current": current, "edits": can(actor, "edit_version", doc),
        "working": selectors.open_version(doc) if sees_drafts(actor) else None})


@require_POST
@actor_view("governance.charter.edit")
def draft_new(request, pk: int):
    actor = request.actor
    doc = selectors.document_detail(actor, pk)
    made: dict = {}

    def call():
        made["version"] = services.draft_start(actor=actor, document=doc)

    if act(request, call, _("A new draft is started from the version in force.")):
        return redirect("governance:charter-version-edit", made["version"].pk)
    return redirect("governance:charter-document", doc.pk)


@actor_view("governance.charter.read")
def version_detail(request, pk: int):
    actor = request.actor
    version = selectors.version_detail(actor, pk)
    status = version.status
    edits = can(actor, "edit_version", version)
    leads = can(actor, "approve_version", version)
    steps = {
        "edit": edits and status == VersionStatus.DRAFT,
        "submit": edits and status == VersionStatus.DRAFT,
        "approve": leads and status == VersionStatus.SUBMITTED,
        "publish": edits and status == VersionStatus.APPROVED,
        "withdraw": edits and status in selectors.OPEN,
    }
    previous = (selectors.versions(actor, version.document).filter(number__lt=version.number).first())
    return render(request, "governance/charter/version.html", {
        "version": version, "doc": version.document, "steps": steps, "history": selectors.version_steps(version),
        "own": version.created_by_id == actor.user.pk, "previous": previous})


@actor_view("governance.charter.edit")
def version_edit(request, pk: int):
    actor = request.actor
    version = selectors.version_detail(actor, pk)
    form = DraftForm(request.POST or None, initial={"body": version.body, "change_note": version.change_note})
    saved = submit(request, form, lambda: services.draft_edit(actor=actor, version=version, **form.cleaned_data),
                   _("The draft is saved."))
    if saved:
        return redirect("governance:charter-version", version.pk)
    return render(request, "governance/charter/version_form.html", {"form": form, "version": version},
                  status=form_status(request))


@require_POST
@actor_view("governance.charter.read")
def version_step(request, pk: int):
    actor = request.actor
    version = selectors.version_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")
    act(request, lambda: services.version_step(actor=actor, version=version, action=form.cleaned_data["action"],
                                               comment=form.cleaned_data["comment"]),
        lambda _v: str(STEP_DONE.get(action, "")), form=form)
    return redirect("governance:charter-version", version.pk)


@actor_view("governance.charter.read")
def diff(request, pk: int):
    """Two versions of a document compared (?old=<number>&new=<number>; by default the one before the newest
    visible version and that version)."""
    actor = request.actor
    doc = selectors.document_detail(actor, pk)
    rows = list(selectors.versions(actor, doc))
    by_number = {v.number: v for v in rows}
    form = DiffForm(request.GET)
    if form.is_valid():
        old, new = by_number.get(form.cleaned_data["old"]), by_number.get(form.cleaned_data["new"])
    else:
        new = rows[0] if rows else None
        old = rows[1] if len(rows) > 1 else None
    lines = selectors.diff(old.body, new.body) if old is not None and new is not None else []
    return render(request, "governance/charter/diff.html", {
        "doc": doc, "versions": rows, "old": old, "new": new, "lines": lines,
        "counts": selectors.diff_counts(lines)})
