"""Pages of the honour selections (ACT-6): the list, the call (create, edit), the selection's page with its
nominations, review, vote, objections and stage steps, the publicity notice, the certificates and the honour wall.

Thin: a scoped selector, one service, a response. Denied objects are 404 (the selectors and rules raise it)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core import pdf, registry
from xinhuo.core.models import Term
from xinhuo.core.params import parse_id
from xinhuo.core.services import access_log_record
from xinhuo.core.web import act, actor_view, form_status, log_view, paginate, query_without_page, submit

from . import certificate, selectors, services
from .forms import (
    FilterForm,
    NominateForm,
    ObjectionForm,
    ObjectionHandleForm,
    ReviewForm,
    SelectionForm,
    StepForm,
)
from .models import Nomination, Review, Selection, Stage
from .rules import RESULTS_STAGES, can, manages, may_vote, sees_candidates
from .services import REVIEWABLE, TRANSITIONS

PUBLICITY_DAYS = 5  # the usual 公示 period: five working days
STEP_LABELS = {
    "close_nominations": gettext_lazy("Close nominations"),
    "open_voting": gettext_lazy("Open the vote"),
    "publish": gettext_lazy("Publish for publicity"),
    "award": gettext_lazy("Award the honours"),
    "cancel": gettext_lazy("Cancel the selection"),
}
STEP_DONE = {
    "close_nominations": gettext_lazy("Nominations are closed; the review can finish."),
    "open_voting": gettext_lazy("The vote is open."),
    "publish": gettext_lazy("The proposed winners are published for publicity."),
    "award": gettext_lazy("Awarded: the certificates can be printed."),
    "cancel": gettext_lazy("The selection is cancelled."),
}


def _terms(actor):
    return Term.objects.filter(school_year__school=actor.school).select_related("school_year").order_by(
        "-start")


def _managed(request, pk: int) -> Selection:
    selection = selectors.selection_detail(request.actor, pk)
    if not can(request.actor, "manage_selection", selection):
        raise Http404
    return selection


@actor_view("selections.view")
def selection_list(request):
    actor = request.actor
    form = FilterForm(request.GET or None)
    qs = selectors.selection_list(actor, **form.filters()).annotate(nomination_count=Count("nominations"))
    return render(request, "selections/selection_list.html", {
        "form": form, "page": paginate(request, qs), "query": query_without_page(request),
        "manages": actor.can("selections.manage"),
    })


@actor_view("selections.manage")
def selection_new(request):
    actor = request.actor
    form = SelectionForm(request.POST or None, terms=_terms(actor),
                         initial={"quota": 10, "issuer": services.default_issuer(actor)})
    if selection := submit(request, form, lambda: services.selection_create(actor=actor, **form.cleaned_data),
                           lambda new: _("“%(title)s” is open for nominations.") % {"title": new.title}):
        return redirect("selections:detail", pk=selection.pk)
    return render(request, "selections/selection_form.html", {"form": form, "selection": None},
                  status=form_status(request))


@actor_view("selections.manage")
def selection_edit(request, pk: int):
    actor = request.actor
    selection = _managed(request, pk)
    if selection.stage not in services.EDITABLE:
        messages.info(request, _("The selection is %(stage)s: it can no longer be changed.") % {
            "stage": selection.get_stage_display()})
        return redirect("selections:detail", pk=selection.pk)
    form = SelectionForm(request.POST or None, terms=_terms(actor), editing=True,
                         initial=SelectionForm.initial_for(selection))
    if submit(request, form, lambda: services.selection_update(actor=actor, selection=selection, **form.cleaned_data),
              _("Selection saved.")):
        return redirect("selections:detail", pk=selection.pk)
    return render(request, "selections/selection_form.html", {"form": form, "selection": selection},
                  status=form_status(request))


def _steps_for(selection: Selection) -> list[dict]:
    """The steps a manager can take now, each with its form (publish asks for the publicity's last day)."""
    out = []
    for action, transition in TRANSITIONS.items():
        if selection.stage not in transition.sources:
            continue
        if action == "open_voting" and not selection.voting:
            continue
        if action == "publish" and selection.voting and selection.stage == Stage.REVIEWING:
            continue
        initial: dict[str, object] = {"action": action}
        if action == "publish":
            initial["publicity_ends"] = timezone.localdate() + dt.timedelta(days=PUBLICITY_DAYS)
        out.append({"action": action, "label": STEP_LABELS[action], "form": StepForm(initial=initial),
                    "danger": action == "cancel", "needs_comment": transition.comment_required})
    return out


@actor_view("selections.view")
def selection_detail(request, pk: int):
    actor = request.actor
    selection = selectors.selection_detail(actor, pk)
    manager = can(actor, "manage_selection", selection)
    rows = list(selectors.nominations(actor, selection).select_related("student"))
    voter = may_vote(actor, selection)
    mine = selectors.my_vote(actor, selection) if voter and selection.stage == Stage.VOTING else None
    counts = selectors.counts(actor, selection)
    log_view(request, "selection", selection, nominations=len(rows))
    reviewable = manager and selection.stage in REVIEWABLE
    for n in rows:
        n.selection = selection  # the rules read the stage: no query per row
        n.can_review = reviewable and n.nominated_by_id != actor.user.pk  # type: ignore[attr-defined]
        n.shows_review = manager or n.nominated_by_id == actor.user.pk  # type: ignore[attr-defined]
        n.can_certificate = can(actor, "view_certificate", n)  # type: ignore[attr-defined]
    return render(request, "selections/selection_detail.html", {
        "selection": selection, "nominations": rows, "manager": manager, "counts": counts,
        "steps": list(selection.steps.select_related("by")) if manager else [],
        "step_actions": _steps_for(selection) if manager else [],
        "can_nominate": selection.stage == Stage.NOMINATING and can(actor, "nominate", selection),
        "can_vote": voter and selection.stage == Stage.VOTING and mine is None,
        "my_vote": mine, "voter": voter,
        "public": sees_candidates(actor, selection),
        "objections": list(selectors.objections(actor, selection)),
        "results": selection.stage in RESULTS_STAGES,
        "Review": Review, "Stage": Stage,
        "panels": registry.object_panels("selection", actor, selection),  # other apps' evidence on the nominees
    })


@require_POST
@actor_view("selections.manage")
def selection_step(request, pk: int):
    actor = request.actor
    selection = _managed(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect("selections:detail", pk=selection.pk)
    action = form.cleaned_data["action"]
    act(request, lambda: services.selection_step(actor=actor, selection=selection, action=action,
                                                 comment=form.cleaned_data["comment"],
                                                 publicity_ends=form.cleaned_data["publicity_ends"]),
        str(STEP_DONE.get(action, "")))
    return redirect("selections:detail", pk=selection.pk)


@actor_view("selections.nominate")
def nominate(request, pk: int):
    actor = request.actor
    selection = selectors.selection_detail(actor, pk)
    if not can(actor, "nominate", selection):
        raise Http404
    if selection.stage != Stage.NOMINATING:
        messages.info(request, _("Nominations are closed: the selection is %(stage)s.") % {
            "stage": selection.get_stage_display()})
        return redirect("selections:detail", pk=selection.pk)
    form = NominateForm(request.POST or None, nominees=selectors.nominee_choices(actor, selection))
    if submit(request, form, lambda: services.nomination_add(actor=actor, selection=selection, **form.cleaned_data),
              lambda n: _("%(name)s is nominated; the committee reviews the nomination.") % {"name": n.name}):
        return redirect("selections:detail", pk=selection.pk)
    return render(request, "selections/nominate.html", {"form": form, "selection": selection},
                  status=form_status(request))


@actor_view("selections.manage")
def review(request, pk: int):
    actor = request.actor
    nomination = selectors.nomination_detail(actor, pk)
    if not can(actor, "review_nomination", nomination):
        raise Http404
    selection = nomination.selection
    initial = {"decision": nomination.review if nomination.review != Review.PENDING else "",
               "comment": nomination.review_comment}
    form = ReviewForm(request.POST or None, initial=initial)
    if submit(request, form, lambda: services.nomination_review(actor=actor, nomination=nomination,
                                                                **form.cleaned_data),
              _("Review of %(name)s saved.") % {"name": nomination.name}):
        return redirect(reverse("selections:detail", args=[selection.pk]) + f"#nomination-{nomination.pk}")
    return render(request, "selections/review.html", {"form": form, "nomination": nomination,
                                                      "selection": selection}, status=form_status(request))


@require_POST
@actor_view("selections.vote")
def vote(request, pk: int):
    actor = request.actor
    selection = selectors.selection_detail(actor, pk)
    if not can(actor, "vote", selection):
        raise Http404
    nomination_pk = parse_id(request.POST.get("nomination"))
    nomination = (Nomination.objects.filter(selection=selection, pk=nomination_pk).first()
                  if nomination_pk else None)
    if nomination is None:
        messages.error(request, _("Choose one of the candidates."))
        return redirect("selections:detail", pk=selection.pk)
    act(request, lambda: services.vote_cast(actor=actor, selection=selection, nomination=nomination),
        _("Your vote for %(name)s is counted.") % {"name": nomination.name})
    return redirect("selections:detail", pk=selection.pk)


@actor_view("selections.view")
def objection_new(request, pk: int):
    actor = request.actor
    nomination = selectors.nomination_detail(actor, pk)
    if not can(actor, "raise_objection", nomination):
        raise Http404
    selection = nomination.selection
    if selection.stage != Stage.PUBLICITY or not nomination.proposed:
        messages.info(request, _("Objections are taken during the publicity, for those on its list."))
        return redirect("selections:detail", pk=selection.pk)
    form = ObjectionForm(request.POST or None)
    if submit(request, form, lambda: services.objection_raise(actor=actor, nomination=nomination, **form.cleaned_data),
              _("Your objection is with the committee; you will be told the outcome.")):
        return redirect("selections:detail", pk=selection.pk)
    return render(request, "selections/objection_form.html", {"form": form, "nomination": nomination,
                                                              "selection": selection}, status=form_status(request))


@actor_view("selections.manage")
def objection_handle(request, pk: int):
    actor = request.actor
    objection = selectors.objection_detail(actor, pk)
    selection = objection.nomination.selection
    if objection.outcome:
        messages.info(request, _("This objection was already answered."))
        return redirect(reverse("selections:detail", args=[selection.pk]) + "#objections")
    form = ObjectionHandleForm(request.POST or None)
    if submit(request, form, lambda: services.objection_handle(actor=actor, objection=objection, **form.cleaned_data),
              _("The objection is answered.")):
        return redirect(reverse("selections:detail", args=[selection.pk]) + "#objections")
    return render(request, "selections/objection_handle.html", {
        "form": form, "objection": objection, "selection": selection}, status=form_status(request))


@actor_view("selections.view")
def publicity(request, pk: int):
    """The publicity notice (公示), printable: the proposed winners during the publicity, the winners after."""
    actor = request.actor
    selection = selectors.selection_detail(actor, pk)
    if selection.stage not in RESULTS_STAGES:
        raise Http404
    rows = [n for n in selectors.nominations(actor, selection) if n.proposed or n.awarded_at]
    return render(request, "selections/publicity.html", {
        "selection": selection, "nominations": rows, "counts": selectors.counts(actor, selection),
        "school": actor.school, "manager": manages(actor),
        "published_at": selection.steps.filter(to_status=Stage.PUBLICITY).order_by("-at").values_list(
            "at", flat=True).first(),
    })


@actor_view("selections.view")
def certificate_download(request, pk: int):
    actor = request.actor
    nomination = selectors.nomination_detail(actor, pk)
    if not can(actor, "view_certificate", nomination):
        raise Http404
    buf = io.BytesIO()
    try:
        certificate.render_certificate(nomination, buf, school_name=actor.school.name)
    except pdf.PdfFontError as exc:
        return render(request, "selections/certificate_error.html", {"nomination": nomination, "error": str(exc)},
                      status=503)
    access_log_record(actor, "export", "selection_certificate", nomination.pk, request=request,
                      detail={"certificate": nomination.certificate_no})
    buf.seek(0)
    return FileResponse(buf, content_type="application/pdf",
                        filename=certificate.certificate_filename(nomination))


@actor_view("selections.view")
def honours(request):
    """The selections' honour wall: every winner of the school, newest first, for everyone."""
    page = paginate(request, selectors.winners(request.actor), 24)
    return render(request, "selections/honours.html", {"page": page, "query": query_without_page(request)})
