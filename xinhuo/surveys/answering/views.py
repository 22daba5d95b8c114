"""Answering a survey on a phone (SRV-2): "my surveys", a start page saying what is kept, then one page at a time
(skip logic read again at every step), then the thank-you page. Thin: selectors read, services.response_save
writes, paging.py decides the pages. Everything works without JavaScript.

A named survey keeps a draft at every Next and resumes at the first page still to answer. An anonymous survey
keeps nothing on the server before it is submitted: the answers of earlier pages travel in the form's hidden
`carry` field and are checked again, all of them, when it is submitted. Outside the audience: 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.params import parse_id
from xinhuo.core.web import actor_view

from .. import questions as qs
from .. import services
from ..models import Survey
from ..questions import QSpec
from ..selectors import Seat
from . import selectors
from .paging import first_open, keys_of, numbers, page_holding, pages_of, read_carry, shown, write_carry


@actor_view("surveys.answer")
def mine(request):
    return render(request, "surveys/answer_mine.html", {"rows": selectors.my_surveys(request.actor)})


def _count(items: list[QSpec]) -> int:
    return sum(q.answerable for q in items)


def _page(request, survey: Survey, items: list[QSpec], answers: dict[str, Any], n: int, *,
          errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, posted=None,
          note: str = "", status: int = 200):
    """Page n (1-based, kept within the pages) after these answers; `values` are the page's answers as posted
    (shown back when refused), `errors` the messages by key."""
    errors, values = errors or {}, values or {}
    visible = qs.visible(items, answers)
    pages = qs.pages(visible)
    n = max(1, min(n, len(pages)))
    numbered = numbers(visible)
    page = [shown(q, values[q.key] if q.key in values else answers.get(q.key), errors.get(q.key, ""),
                  numbered.get(q.key), posted if q.key in errors else None) for q in pages[n - 1]]
    return render(request, "surveys/answer_page.html", {
        "survey": survey, "items": page, "n": n, "total": len(pages), "last": n == len(pages),
        "carry": write_carry(answers) if survey.anonymous else None, "errors": errors, "note": note,
        "questions": _count(items)}, status=status)


@actor_view("surveys.answer")
def answer(request, pk: int):
    """GET: the start page, or page ?page=N (a named survey resumes at its first page still to answer). POST: one
    page's answers with action back, next or submit."""
    actor = request.actor
    survey, who = selectors.answer_survey(actor, pk)
    status = 400 if request.method == "POST" else 200
    if selectors.answered(actor, survey):
        return render(request, "surveys/answer_done.html", {"survey": survey}, status=status)
    why = services.refusal(actor, survey)
    if why:
        return render(request, "surveys/answer_refused.html", {"survey": survey, "why": why}, status=status)
    items = survey.specs()
    if request.method == "POST":
        try:
            return _post(request, survey, who, items)
        except ValidationError as exc:  # a draft refused: the survey closed meanwhile
            return render(request, "surveys/answer_refused.html", {"survey": survey, "why": " ".join(exc.messages)},
                          status=400)
    answers = services.draft_of(actor, survey)  # {} for an anonymous survey: it keeps no draft
    wanted = request.GET.get("page")
    if wanted is None and not answers:
        return render(request, "surveys/answer_start.html", {"survey": survey, "questions": _count(items)})
    limit = 1 if survey.anonymous else first_open(items, answers, pages_of(items, answers))
    n = parse_id(wanted) or limit
    return _page(request, survey, items, answers, min(n, limit))


def _post(request, survey: Survey, who: Seat, items: list[QSpec]):
    actor = request.actor
    action = request.POST.get("action", "next")
    page_no = parse_id(request.POST.get("page")) or 1
    if survey.anonymous:
        carry = read_carry(request.POST.get("carry", ""))
        if carry is None:
            return _page(request, survey, items, {}, 1, status=400,
                         note=_("Your earlier answers could not be read: please answer again from the start."))
    else:
        carry = services.draft_of(actor, survey)
    before = pages_of(items, carry)
    page_no = max(1, min(page_no, len(before)))
    page = before[page_no - 1]
    keys = keys_of(page)
    posted = {q.key: qs.from_form(q, request.POST) for q in page if q.answerable}
    merged = {**carry, **posted}
    here = reverse("surveys:answer", args=[survey.pk])

    if action == "back":  # keep what is valid on this page, go back without asking for the rest
        answers, errors = qs.clean_answers(items, merged, only=keys, require=False)
        back = max(1, page_holding(pages_of(items, answers), keys, page_no) - 1)
        if survey.anonymous:
            return _page(request, survey, items, answers, back)
        _save_draft(actor, survey, who, {k: v for k, v in posted.items() if k not in errors})
        return redirect(f"{here}?page={back}")

    answers, errors = qs.clean_answers(items, merged, only=keys)
    after = pages_of(items, answers)
    at = page_holding(after, keys, page_no)
    if errors:
        return _page(request, survey, items, answers, at, errors=errors, values=posted, posted=request.POST,
                     status=400)
    if not survey.anonymous:
        _save_draft(actor, survey, who, posted)
    # an answer on this page showed a further question on it: the page again, with that question
    appeared = [k for k in keys_of(after[at - 1]) if k not in keys and k not in answers]
    if appeared:
        note = _("Your answer opened a further question on this page.")
        if survey.anonymous:
            return _page(request, survey, items, answers, at, note=note)
        messages.info(request, note)
        return redirect(f"{here}?page={at}")
    if action != "submit" and at < len(after):
        if survey.anonymous:
            return _page(request, survey, items, answers, at + 1)
        return redirect(f"{here}?page={at + 1}")
    try:
        services.response_save(actor=actor, survey=survey, raw=merged if survey.anonymous else posted,
                               submit=True, who=who)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            if selectors.answered(actor, survey):  # a second tab or device was quicker
                return render(request, "surveys/answer_done.html", {"survey": survey}, status=400)
            return render(request, "surveys/answer_refused.html", {"survey": survey, "why": " ".join(exc.messages)},
                          status=400)
        refused = {k: " ".join(v) for k, v in exc.message_dict.items()}
        where = page_holding(after, list(refused), at)
        return _page(request, survey, items, answers, where, errors=refused, values=posted if where == at else None,
                     posted=request.POST if where == at else None, status=400,
                     note=_("Some answers need another look before the survey can be submitted."))
    return redirect("surveys:thanks", pk=survey.pk)


def _save_draft(actor, survey: Survey, who: Seat, raw: dict[str, Any]) -> None:
    """A named survey's page kept as a draft (its answers were checked just now)."""
    if raw:
        services.response_save(actor=actor, survey=survey, raw=raw, submit=False, page=list(raw), who=who)


@actor_view("surveys.answer")
def thanks(request, pk: int):
    actor = request.actor
    survey, _who = selectors.answer_survey(actor, pk)
    if not selectors.answered(actor, survey):
        return redirect("surveys:answer", pk=survey.pk)
    return render(request, "surveys/answer_thanks.html", {"survey": survey})
