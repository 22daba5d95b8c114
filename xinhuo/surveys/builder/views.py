"""The questionnaire builder's pages (SRV-1, SRV-4): the list of the actor's surveys, the survey form, the build
page (items in order with their conditions in words, each moved, changed or deleted by a small POST form), adding
a question of any kind without JavaScript, publishing, closing, copies and new versions, the templates, a phone-
sized preview, and an activity's effect survey. Thin: a scoped selector reads, one service writes; a refusal is
the service's message. Surveys the actor does not manage answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.models import SchoolClass
from xinhuo.core.web import act, actor_view, form_status, paginate, query_without_page, submit

from .. import questions as qs
from .. import selectors, services
from ..models import Purpose, Question, SurveyStatus
from ..starters import TEMPLATES
from .display import audience_words, items_of
from .forms import MoveForm, QuestionForm, SurveyForm, number_items

CAP = "surveys.create"


def _answered(survey) -> bool:
    return survey.response_count > 0 or survey.participations.exists()


@actor_view(CAP)
def survey_list(request):
    actor = request.actor
    params = {"q": request.GET.get("q", "").strip()[:50], "status": request.GET.get("status", ""),
              "purpose": request.GET.get("purpose", "")}
    page = paginate(request, selectors.survey_list(actor, **params))
    return render(request, "surveys/builder_list.html", {
        "page": page, "filters": params, "statuses": SurveyStatus.choices, "purposes": Purpose.choices,
        "query": query_without_page(request)})


def _survey_form(request, survey=None):
    actor = request.actor
    form = SurveyForm(request.POST or None, initial=SurveyForm.initial_for(survey), actor=actor, survey=survey)
    if survey is None:
        saved = submit(request, form, lambda: services.survey_create(actor=actor, **form.service_kwargs()),
                       _("Survey saved as a draft: add its questions, preview it, then publish it."))
    else:
        saved = submit(request, form, lambda: services.survey_update(actor=actor, survey=survey,
                                                                     **form.service_kwargs()),
                       _("Survey saved."))
    if saved:
        return redirect("surveys:detail", pk=saved.pk)
    return render(request, "surveys/builder_form.html", {"form": form, "survey": survey},
                  status=form_status(request))


@actor_view(CAP)
def survey_create(request):
    return _survey_form(request)


@actor_view(CAP)
def survey_edit(request, pk: int):
    survey = selectors.survey_detail(request.actor, pk)
    if survey.status == SurveyStatus.CLOSED:
        messages.error(request, _("A closed survey cannot change."))
        return redirect("surveys:detail", pk=survey.pk)
    return _survey_form(request, survey)


def _ordered(survey) -> list[Question]:
    return sorted(survey.questions.all(), key=lambda q: (q.order, q.pk))


@actor_view(CAP)
def survey_detail(request, pk: int):
    survey = selectors.survey_detail(request.actor, pk)
    questions = _ordered(survey)
    answered = _answered(survey)
    editable = survey.status == SurveyStatus.DRAFT or (survey.status == SurveyStatus.PUBLISHED and not answered)
    return render(request, "surveys/builder_detail.html", {
        "survey": survey, "items": items_of(questions), "answered": answered, "audience": audience_words(survey),
        "editable": editable,
        "problems": qs.survey_problems(survey.specs()) if survey.status == SurveyStatus.DRAFT else [],
        "form": QuestionForm(earlier=questions) if editable else None})


def _question_form(request, survey, question=None):
    actor = request.actor
    questions = _ordered(survey)
    earlier = questions if question is None else questions[:questions.index(question)]
    initial = QuestionForm.initial_for(question, earlier) if question is not None else {}
    form = QuestionForm(request.POST or None, initial=initial, earlier=earlier)
    saved = submit(request, form, lambda: services.question_save(actor=actor, survey=survey, question=question,
                                                                 **form.service_kwargs()),
                   _("Question saved."))
    if saved:
        return redirect(f"{_detail_url(survey)}#item-{saved.pk}")
    numbers = number_items(questions)
    return render(request, "surveys/builder_question.html", {
        "form": form, "survey": survey, "question": question,
        "number": numbers.get(question.key) if question is not None else None,
        "earlier": [(numbers[q.key], q) for q in earlier if q.kind in qs.CONDITIONAL]},
        status=form_status(request))


def _detail_url(survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def _frozen(request, survey) -> bool:
    """A survey whose questions cannot change any more: say why (and offer the new version on the page)."""
    if survey.status == SurveyStatus.CLOSED:
        messages.error(request, _("A closed survey cannot change: copy it or make a new version."))
        return True
    if _answered(survey):
        messages.error(request, _("People have answered this survey, so its questions cannot change: make a new "
                                  "version instead."))
        return True
    return False


@actor_view(CAP)
def question_add(request, pk: int):
    survey = selectors.survey_detail(request.actor, pk)
    if _frozen(request, survey):
        return redirect("surveys:detail", pk=survey.pk)
    return _question_form(request, survey)


def _question_of(survey, qpk: int) -> Question:
    question = next((q for q in survey.questions.all() if q.pk == qpk), None)
    if question is None:
        raise Http404
    return question


@actor_view(CAP)
def question_edit(request, pk: int, qpk: int):
    survey = selectors.survey_detail(request.actor, pk)
    question = _question_of(survey, qpk)
    if _frozen(request, survey):
        return redirect("surveys:detail", pk=survey.pk)
    return _question_form(request, survey, question)


@require_POST
@actor_view(CAP)
def question_delete(request, pk: int, qpk: int):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    question = _question_of(survey, qpk)
    act(request, lambda: services.question_delete(actor=actor, survey=survey, question=question),
        _("Question deleted."))
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@actor_view(CAP)
def question_move(request, pk: int, qpk: int):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    question = _question_of(survey, qpk)
    form = MoveForm(request.POST)
    if act(request, lambda: services.question_move(actor=actor, survey=survey, question=question,
                                                   by=form.cleaned_data["by"]),
           _("Question moved."), form=form):
        return redirect(f"{_detail_url(survey)}#item-{question.pk}")
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@actor_view(CAP)
def survey_publish(request, pk: int):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    act(request, lambda: services.survey_publish(actor=actor, survey=survey),
        _("Survey published: its audience can answer it while it is open."))
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@actor_view(CAP)
def survey_close(request, pk: int):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    act(request, lambda: services.survey_close(actor=actor, survey=survey),
        _("Survey closed: nobody can answer it any more; its answers are kept."))
    return redirect("surveys:detail", pk=survey.pk)


def _copy(request, pk: int, new_version: bool):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    made: list = []
    message = (_("New version made as a draft: change it, then publish it to replace the old one.") if new_version
               else _("Copy made as a draft: check its audience and window, then publish it."))
    if act(request, lambda: made.append(services.survey_copy(actor=actor, survey=survey, new_version=new_version)),
           message):
        return redirect("surveys:detail", pk=made[0].pk)
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@actor_view(CAP)
def survey_copy(request, pk: int):
    return _copy(request, pk, new_version=False)


@require_POST
@actor_view(CAP)
def survey_new_version(request, pk: int):
    return _copy(request, pk, new_version=True)


@require_POST
@actor_view(CAP)
def survey_delete(request, pk: int):
    actor = request.actor
    survey = selectors.survey_detail(actor, pk)
    if act(request, lambda: services.survey_delete(actor=actor, survey=survey), _("Survey deleted.")):
        return redirect("surveys:list")
    return redirect("surveys:detail", pk=survey.pk)


def template_audience(actor, code: str) -> dict:
    """A template's usual audience, narrowed to a head teacher's own classes (the committee's is the school's)."""
    audience = dict(TEMPLATES[code].get("audience", {}))
    if actor.roles.isdisjoint(services.WIDE_ROLES):
        classes = list(SchoolClass.objects.filter(school=actor.school, pk__in=actor.class_ids))
        if audience.get("for_students"):
            audience["classes"] = classes
        if audience.get("for_parents"):
            audience["parent_classes"] = classes
    return audience


@actor_view(CAP)
def survey_templates(request):
    """GET: the templates with their questions; POST template=code: a draft from it."""
    actor = request.actor
    error = ""
    if request.method == "POST":
        code = request.POST.get("template", "")
        if code not in TEMPLATES:
            error = _("Choose a template from the list.")
        else:
            try:
                survey = services.survey_from_template(actor=actor, template=code,
                                                       **template_audience(actor, code))
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Survey made from the template as a draft: adapt it, preview it, "
                                            "then publish it."))
                return redirect("surveys:detail", pk=survey.pk)
    templates = [{"code": code, "title": t["title"], "intro": t["intro"], "anonymous": t["anonymous"],
                  "questions": [q for q in t["questions"]() if q["kind"] not in qs.LAYOUT]}
                 for code, t in TEMPLATES.items()]
    return render(request, "surveys/builder_templates.html", {"templates": templates, "error": error},
                  status=400 if error else 200)


@actor_view(CAP)
def survey_preview(request, pk: int):
    """The survey's pages as a respondent sees them, in a phone-sized frame; nothing is saved. Every question is
    shown, its condition noted (no answers exist to decide)."""
    survey = selectors.survey_detail(request.actor, pk)
    questions = _ordered(survey)
    items = items_of(questions)
    pages = [[i for i in items if i.page == n and i.question.kind != qs.Kind.PAGE]
             for n in sorted({i.page for i in items})] or [[]]
    pages = [p for p in pages if p] or [[]]
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    number = max(1, min(len(pages), number))
    return render(request, "surveys/builder_preview.html", {
        "survey": survey, "page_items": [(i, i.question.spec()) for i in pages[number - 1]], "number": number,
        "total": len(pages), "percent": round(100 * number / len(pages))})


@require_POST
@actor_view(CAP)
def activity_effect(request, activity_pk: int):
    """The organiser (or the committee) makes the activity's effect survey, its participants the audience."""
    from xinhuo.activities.selectors import activity_detail

    actor = request.actor
    activity = activity_detail(actor, activity_pk)
    existing = selectors.surveys(actor).filter(activity=activity, purpose=Purpose.ACTIVITY_EFFECT).exclude(
        status=SurveyStatus.CLOSED).order_by("-version", "-pk").first()
    if existing is not None:  # a second click, or another organiser: one effect survey at a time
        messages.info(request, _("This activity already has an effect survey."))
        return redirect("surveys:detail", pk=existing.pk)
    made: list = []
    if act(request, lambda: made.append(services.survey_from_template(actor=actor, template="activity_effect",
                                                                      activity=activity)),
           _("The effect survey is made as a draft for the activity's participants: check it and publish it.")):
        return redirect("surveys:detail", pk=made[0].pk)
    return redirect("activities:detail", pk=activity.pk)
