"""Pages of the supervision part (PLAN-4): the rectification list (overdue first), inspections with their scored
checklist and report, a rectification item with its evidence and verification, and the leading group's
accountability records. Thin: a scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_list,
    log_view,
    paginate,
    query_without_page,
    stream_file,
    submit,
)

from . import selectors, services
from .exports import report_docx
from .forms import (
    AccountabilityForm,
    EvidenceForm,
    InspectionForm,
    ItemForm,
    RectificationFilterForm,
    RectificationForm,
    ScoreSheetForm,
    StepForm,
)
from .models import InspectionKind, InspectionStatus, RectificationStatus
from .rules import can, sees_accountability

S = RectificationStatus
STEP_DONE = {
    "close": gettext_lazy("The item is verified and closed."),
    "return": gettext_lazy("The item is returned to its owner."),
    "fail": gettext_lazy("The item is marked not rectified."),
}


# --- rectification items ---------------------------------------------------------------------------------------


@actor_view("governance.supervision.view")
def home(request):
    actor = request.actor
    form = RectificationFilterForm(request.GET or None)
    filters = form.filters()
    mine = request.GET.get("mine") == "1"
    page = paginate(request, selectors.rectification_list(actor, mine=mine, **filters))
    log_list(request, "supervision_rectification", page, filters)
    return render(request, "governance/supervision/home.html", {
        "form": form, "page": page, "query": query_without_page(request), "mine": mine,
        "manages": actor.can("governance.supervision.manage"), "leading": sees_accountability(actor),
        "today": timezone.localdate()})


@actor_view("governance.supervision.view")
def rectification_detail(request, pk: int):
    actor = request.actor
    item = selectors.rectification_detail(actor, pk)
    log_view(request, "supervision_rectification", item)
    today = timezone.localdate()
    verifies = can(actor, "verify_rectification", item) and item.owner_id != actor.user.pk
    leading = can(actor, "accountability", item)
    records = list(item.accountability.select_related("person").order_by("-decided_on", "-pk")) if leading else []
    return render(request, "governance/supervision/rectification_detail.html", {
        "item": item, "history": selectors.steps(item), "today": today,
        "overdue": item.status == S.OPEN and item.due_on < today,
        "submits": can(actor, "submit_rectification", item) and item.status == S.OPEN,
        "verifies": verifies and item.status == S.SUBMITTED,
        "may_fail": verifies and item.status == S.OPEN,
        "own_item": can(actor, "verify_rectification", item) and item.owner_id == actor.user.pk,
        "evidence_form": EvidenceForm(initial={"evidence": item.evidence}),
        "leading": leading, "records": records,
        "may_record": leading and item.status == S.FAILED,
    })


@require_POST
@actor_view("governance.supervision.view")
def rectification_submit(request, pk: int):
    actor = request.actor
    item = selectors.rectification_detail(actor, pk)
    if not can(actor, "submit_rectification", item):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    act(request, lambda: services.rectification_submit(actor=actor, rectification=item,
                                                       evidence=form.cleaned_data["evidence"],
                                                       file=form.cleaned_data.get("file")),
        _("The evidence is submitted; the committee will verify it."), form=form)
    return redirect("governance:supervision-rectification", item.pk)


@require_POST
@actor_view("governance.supervision.manage")
def rectification_step(request, pk: int):
    actor = request.actor
    item = selectors.rectification_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")
    act(request, lambda: services.rectification_step(actor=actor, rectification=item,
                                                     action=form.cleaned_data["action"],
                                                     comment=form.cleaned_data["comment"]),
        lambda _r: str(STEP_DONE.get(action, "")), form=form)
    return redirect("governance:supervision-rectification", item.pk)


@actor_view("governance.supervision.view")
def evidence_file(request, pk: int):
    item = selectors.rectification_detail(request.actor, pk)
    if not item.evidence_file:
        raise Http404
    log_view(request, "supervision_rectification", item, field="evidence_file")
    return stream_file(item.evidence_file, download_name=item.evidence_name or None)


@actor_view("governance.supervision.manage")
def rectification_new(request, pk: int):
    actor = request.actor
    inspection = selectors.inspection_detail(actor, pk)
    initial: dict = {}
    item_id = parse_id(request.GET.get("item") or "")
    if item_id:
        found = [i for i in selectors.checklist(inspection) if i.pk == item_id]
        if found:
            initial = {"item": found[0].pk, "problem": found[0].finding[:300]}
    form = RectificationForm(request.POST or None, initial=initial, owners=services.owner_choices(actor.school),
                             items=inspection.items.order_by("order", "pk"), school=actor.school)
    saved = submit(request, form, lambda: services.rectification_add(actor=actor, inspection=inspection,
                                                                    **form.cleaned_data),
                   _("The rectification item is added; its owner is told."))
    if saved:
        return redirect("governance:supervision-inspection", inspection.pk)
    return render(request, "governance/supervision/rectification_form.html",
                  {"form": form, "inspection": inspection}, status=form_status(request))


# --- inspections -----------------------------------------------------------------------------------------------


@actor_view("governance.supervision.manage")
def inspection_list(request):
    actor = request.actor
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.inspections(actor, kind=kind if kind in InspectionKind.values else ""))
    for row in page:
        setattr(row, "percent", selectors.percent_of(row))  # noqa: B010 - an attribute for the template
    log_list(request, "supervision_inspection", page)
    return render(request, "governance/supervision/inspection_list.html", {
        "page": page, "query": query_without_page(request), "kinds": InspectionKind.choices, "kind": kind})


@actor_view("governance.supervision.manage")
def inspection_form(request, pk: int | None = None):
    actor = request.actor
    inspection = selectors.inspection_detail(actor, pk) if pk is not None else None
    initial = InspectionForm.initial_for(inspection) if inspection else {
        "kind": InspectionKind.SELF, "held_on": timezone.localdate()}
    form = InspectionForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda: services.inspection_save(actor=actor, inspection=inspection,
                                                                  **form.cleaned_data),
                   _("The inspection is saved."))
    if saved:
        return redirect("governance:supervision-inspection", saved.pk)
    return render(request, "governance/supervision/inspection_form.html", {"form": form, "inspection": inspection},
                  status=form_status(request))


@actor_view("governance.supervision.manage")
def inspection_detail(request, pk: int):
    actor = request.actor
    inspection = selectors.inspection_detail(actor, pk)
    items = selectors.checklist(inspection)
    planned = inspection.status == InspectionStatus.PLANNED
    sheet = ScoreSheetForm(request.POST or None, items=items)
    if request.method == "POST":
        if not planned:
            raise Http404
        saved = submit(request, sheet, lambda: services.scores_save(actor=actor, inspection=inspection,
                                                                    entries=sheet.entries()),
                       _("The scores are saved."))
        if saved:
            return redirect("governance:supervision-inspection", inspection.pk)
    log_view(request, "supervision_inspection", inspection)
    rects = list(selectors.rectifications(actor).filter(inspection=inspection))
    return render(request, "governance/supervision/inspection_detail.html", {
        "inspection": inspection, "sheet": sheet, "totals": selectors.checklist_totals(items), "planned": planned,
        "rectifications": rects, "item_form": ItemForm(), "today": timezone.localdate()},
        status=form_status(request))


@require_POST
@actor_view("governance.supervision.manage")
def item_add(request, pk: int):
    actor = request.actor
    inspection = selectors.inspection_detail(actor, pk)
    form = ItemForm(request.POST)
    act(request, lambda: services.item_save(actor=actor, inspection=inspection, **form.cleaned_data),
        _("The item is added to the checklist."), form=form)
    return redirect("governance:supervision-inspection", inspection.pk)


def _item(request, pk: int, item_pk: int) -> tuple:
    inspection = selectors.inspection_detail(request.actor, pk)
    item = next((i for i in selectors.checklist(inspection) if i.pk == item_pk), None)
    if item is None:
        raise Http404
    return inspection, item


@actor_view("governance.supervision.manage")
def item_edit(request, pk: int, item_pk: int):
    actor = request.actor
    inspection, item = _item(request, pk, item_pk)
    form = ItemForm(request.POST or None, initial={"text": item.text, "max_score": f"{item.max_score.normalize():f}"})
    saved = submit(request, form, lambda: services.item_save(actor=actor, inspection=inspection, item=item,
                                                            **form.cleaned_data), _("The item is saved."))
    if saved:
        return redirect("governance:supervision-inspection", inspection.pk)
    return render(request, "governance/supervision/item_form.html", {"form": form, "inspection": inspection,
                                                                      "item": item}, status=form_status(request))


@require_POST
@actor_view("governance.supervision.manage")
def item_delete(request, pk: int, item_pk: int):
    actor = request.actor
    inspection, item = _item(request, pk, item_pk)
    act(request, lambda: services.item_delete(actor=actor, item=item), _("The item is removed from the checklist."))
    return redirect("governance:supervision-inspection", inspection.pk)


@require_POST
@actor_view("governance.supervision.manage")
def inspection_done(request, pk: int):
    actor = request.actor
    inspection = selectors.inspection_detail(actor, pk)
    act(request, lambda: services.inspection_done(actor=actor, inspection=inspection),
        _("The inspection is done; its report is filed in the archive."))
    return redirect("governance:supervision-inspection", inspection.pk)


@actor_view("governance.supervision.manage")
def inspection_report(request, pk: int):
    inspection = selectors.inspection_detail(request.actor, pk)
    log_view(request, "supervision_inspection", inspection, field="report")
    response = HttpResponse(report_docx(inspection), content_type="application/vnd.openxmlformats-officedocument."
                                                                    "wordprocessingml.document")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(inspection.title + '.docx')}"
    return response


# --- accountability (the leading group only) --------------------------------------------------------------------


@actor_view("governance.supervision.view")
def accountability_list(request):
    actor = request.actor
    page = paginate(request, selectors.accountabilities(actor))
    log_list(request, "supervision_accountability", page)
    return render(request, "governance/supervision/accountability_list.html", {
        "page": page, "query": query_without_page(request),
        "waiting": list(selectors.failed_without_record(actor)[:20])})


@actor_view("governance.supervision.view")
def accountability_new(request, pk: int):
    actor = request.actor
    item = selectors.rectification_detail(actor, pk)
    if not can(actor, "accountability", item):
        raise Http404
    form = AccountabilityForm(request.POST or None, people=services.owner_choices(actor.school), school=actor.school,
                              initial={"person": item.owner_id, "decided_on": timezone.localdate()})
    saved = submit(request, form, lambda: services.accountability_add(actor=actor, rectification=item,
                                                                     **form.cleaned_data),
                   _("The accountability record is saved."))
    if saved:
        return redirect("governance:supervision-rectification", item.pk)
    return render(request, "governance/supervision/accountability_form.html", {"form": form, "item": item},
                  status=form_status(request))
