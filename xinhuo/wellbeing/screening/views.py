"""Pages of screening (PSY-1). Thin: a scoped selector reads, one service writes, the template shows. Denied = 404.

A student answers one question per screen (or all on one page), resumes at the first unanswered question and
submits once; what they answered is never shown back as a score, band or risk. The counsellors see results and
item answers (each reading access-logged); the committee sees the summary with groups under 5 hidden; a head
teacher sees who of their classes has not yet answered, never what anyone answered."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, submit

from ..models import CampaignStatus
from ..rules import can
from . import selectors, services
from .forms import AnswerForm, CampaignForm, answers_posted

# --- the student's pages ---------------------------------------------------------------------------------------------


@actor_view("screening.answer")
def mine(request):
    return render(request, "wellbeing/screening_mine.html", {"screenings": selectors.my_screenings(request.actor)})


def _step(request, total: int, first_open: int | None) -> int | None:
    """The question to show (1-based): ?q= for an answered one or the first unanswered; none = the confirm step."""
    try:
        wanted = int(request.GET.get("q", ""))
    except ValueError:
        wanted = 0
    limit = first_open or total
    if 1 <= wanted <= limit:
        return wanted
    return first_open


def _answer_page(request, campaign, *, error: str = "", status: int = 200):
    actor = request.actor
    response = selectors.my_response(actor, campaign)
    if response is not None and response.submitted_at is not None:
        return render(request, "wellbeing/screening_thanks.html", {
            "campaign": campaign, "alert": response.alerts.exists(), "error": error,
            "hotlines": settings.XINHUO_WELLBEING_HOTLINES}, status=status)
    why = services.refusal(actor, campaign)
    if why:
        return render(request, "wellbeing/screening_refused.html", {"campaign": campaign, "why": error or why},
                      status=status)
    questions = selectors.questions(campaign, selectors.answers_of(response) if response else {})
    total = len(questions)
    first_open = next((q.index for q in questions if q.answer is None), None)
    context = {"campaign": campaign, "total": total, "answered": total - sum(q.answer is None for q in questions),
               "error": error}
    if not campaign.one_per_screen:
        editing = request.GET.get("q") is not None or first_open is not None
        if editing:
            return render(request, "wellbeing/screening_page.html", {**context, "questions": questions},
                          status=status)
        return render(request, "wellbeing/screening_confirm.html", context, status=status)
    step = _step(request, total, first_open)
    if step is None:
        return render(request, "wellbeing/screening_confirm.html", context, status=status)
    question = questions[step - 1]
    return render(request, "wellbeing/screening_answer.html", {
        **context, "question": question, "previous": step - 1 if step > 1 else None,
        "instructions_changed": step == 1 or questions[step - 2].scale.pk != question.scale.pk}, status=status)


@actor_view("screening.answer")
def answer(request, pk: int):
    """GET: the next question (or the confirm step, or the thank-you page). POST: one answer, every answer of the
    one-page form, or the submission (action=submit). A refusal changes nothing and answers 400."""
    actor = request.actor
    campaign = selectors.answer_campaign(actor, pk)
    if request.method != "POST":
        return _answer_page(request, campaign)
    try:
        if request.POST.get("action") == "submit":
            response = selectors.my_response(actor, campaign)
            if response is None:
                raise ValidationError(services.refusal(actor, campaign)
                                      or _("Please answer every question before you submit."))
            services.response_submit(actor=actor, response=response)
            return redirect("wellbeing:answer", pk=campaign.pk)
        with transaction.atomic():
            if campaign.one_per_screen:
                form = AnswerForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose one of the answers."))
                given = [(form.cleaned_data["scale"], form.cleaned_data["item"], form.cleaned_data["value"])]
            else:
                given = answers_posted(request.POST)
            response = services.response_start(actor=actor, campaign=campaign)
            scales = selectors.scales_of(campaign)  # read once for every answer of the form
            by_pk = {s.pk: s for s in scales}
            for scale_pk, item, value in given:
                scale = by_pk.get(scale_pk)
                if scale is None:
                    raise ValidationError(_("This question is not part of the screening."))
                response = services.answer_save(actor=actor, response=response, scale=scale, item=item, value=value,
                                                scales=scales)
    except ValidationError as exc:
        return _answer_page(request, campaign, error=" ".join(exc.messages), status=400)
    return redirect("wellbeing:answer", pk=campaign.pk)


# --- the staff's pages -----------------------------------------------------------------------------------------------


@actor_view("screening.list")
def campaign_list(request):
    actor = request.actor
    page = paginate(request, selectors.campaigns(actor).prefetch_related("scales"))
    return render(request, "wellbeing/screening_list.html", {"page": page, "manages": actor.can("screening.manage")})


def _form_page(request, campaign=None):
    actor = request.actor
    initial = CampaignForm.initial_for(campaign) if campaign else {"one_per_screen": True}
    form = CampaignForm(request.POST or None, initial=initial, **selectors.campaign_form_choices(actor))
    if campaign is None:
        saved = submit(request, form, lambda: services.campaign_create(actor=actor, **form.service_kwargs()),
                       _("Screening saved as a draft: publish it when it is ready."))
    else:
        saved = submit(request, form, lambda: services.campaign_update(actor=actor, campaign=campaign,
                                                                       **form.service_kwargs()),
                       _("Screening saved."))
    if saved:
        return redirect("wellbeing:campaign-detail", pk=saved.pk)
    return render(request, "wellbeing/screening_form.html", {"form": form, "campaign": campaign},
                  status=form_status(request))


@actor_view("screening.manage")
def campaign_new(request):
    return _form_page(request)


@actor_view("screening.manage")
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_detail(request.actor, pk)
    if not can(request.actor, "manage_campaign", campaign) or campaign.status == CampaignStatus.CANCELLED:
        raise Http404
    return _form_page(request, campaign)


@require_POST
@actor_view("screening.manage")
def campaign_publish(request, pk: int):
    actor = request.actor
    campaign = selectors.campaign_detail(actor, pk)
    act(request, lambda: services.campaign_publish(actor=actor, campaign=campaign),
        _("Screening published: its students can answer while it is open."))
    return redirect("wellbeing:campaign-detail", pk=campaign.pk)


@require_POST
@actor_view("screening.manage")
def campaign_cancel(request, pk: int):
    actor = request.actor
    campaign = selectors.campaign_detail(actor, pk)
    act(request, lambda: services.campaign_cancel(actor=actor, campaign=campaign),
        _("Screening cancelled; the answers already given are kept."))
    return redirect("wellbeing:campaign-detail", pk=campaign.pk)


@actor_view("screening.list")
def campaign_detail(request, pk: int):
    """The summary for the counsellors and the committee; for a head teacher, their classes' progress only."""
    actor = request.actor
    campaign = selectors.campaign_detail(actor, pk)
    scales = selectors.scales_of(campaign)
    context = {"campaign": campaign, "scales": scales, "manages": can(actor, "manage_campaign", campaign)}
    if actor.can("screening.summary"):
        summary = selectors.campaign_summary(actor, campaign, scales)
        context.update(summary=summary, progress=summary.progress,
                       respondents=sum(p.submitted for p in summary.progress))
    else:
        progress = selectors.campaign_progress(actor, campaign)
        waiting = sum(len(p.waiting) for p in progress)
        if waiting:
            log_list(request, "screening_progress", waiting, object_id=campaign.pk)
        context.update(progress=progress, names=True)
    return render(request, "wellbeing/screening_detail.html", context)


@actor_view("screening.manage")
def results(request, pk: int):
    actor = request.actor
    campaign = selectors.campaign_detail(actor, pk)
    page = paginate(request, selectors.results(actor, campaign))
    log_list(request, "screening_result", page, object_id=campaign.pk)
    return render(request, "wellbeing/screening_results.html", {"campaign": campaign, "page": page})


@actor_view("screening.manage")
def response_detail(request, pk: int):
    actor = request.actor
    response = selectors.response_detail(actor, pk)
    log_view(request, "screening_response", response, field="answers")
    return render(request, "wellbeing/screening_response.html", {
        "response": response, "items": selectors.response_items(response),
        "back": reverse("wellbeing:results", args=[response.campaign_id])})
