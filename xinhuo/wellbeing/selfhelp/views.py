"""Pages of the self-help corner (PSY-4). Thin: a scoped selector reads, one service writes, the template shows.
Denied = 404. A talk request's message is the counsellors' alone: each reading is logged."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.models import Grade
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

from ..models import SelfHelpItem, TalkRequest
from . import selectors, services
from .forms import AnswerForm, ItemFilterForm, ItemForm, SupporterEditForm, SupporterForm, TalkForm

TALK = "wellbeing_talk_request"
SUPPORTER = "wellbeing_peer_supporter"


def _url_or_none(name: str) -> str | None:
    """A page another part builds (the appointments, the mentoring pairs): its address when it is there yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _help(actor) -> dict:
    """What the corner always shows: the first-aid guides, the help lines, booking a counselling session."""
    return {"first_aid": selectors.first_aid(actor), "hotlines": settings.XINHUO_WELLBEING_HOTLINES,
            "appointments_url": _url_or_none("wellbeing:appointments")}


@actor_view("selfhelp.view")
def item_list(request):
    actor = request.actor
    form = ItemFilterForm(request.GET or None, topics=selectors.topics(actor))
    filters = form.filters()
    page = paginate(request, selectors.item_list(actor, **filters))
    return render(request, "wellbeing/selfhelp_list.html", {
        "form": form, "page": page, "query": query_without_page(request), **_help(actor),
        "manages": selectors.manages(actor), "sees_supporters": selectors.sees_supporters(actor),
        "asks": actor.can("talk.request") and actor.student_id is not None,
    })


@actor_view("selfhelp.view")
def item_detail(request, pk: int):
    actor = request.actor
    item = selectors.item_detail(actor, pk)
    return render(request, "wellbeing/selfhelp_item.html", {
        "item": item, "manages": selectors.manages(actor), **_help(actor),
    })


@actor_view("selfhelp.view")
def item_audio(request, pk: int):
    item = selectors.item_detail(request.actor, pk)
    if item.kind != SelfHelpItem.Kind.AUDIO or not item.audio:
        raise Http404
    return stream_file(item.audio)  # its content type from core.uploads.AUDIO_TYPES


def _item_form(request, item: SelfHelpItem | None):
    actor = request.actor
    grades = Grade.objects.filter(school=actor.school).order_by("level", "pk")
    form = ItemForm(request.POST or None, request.FILES or None, grades=grades,
                    initial=ItemForm.initial_for(item) if item else None)
    saved = submit(request, form, lambda: services.item_save(actor=actor, item=item, **form.cleaned_data),
                   _("Item saved."))
    if saved:
        return redirect("wellbeing:selfhelp-item", pk=saved.pk)
    return render(request, "wellbeing/selfhelp_form.html", {"form": form, "item": item},
                  status=form_status(request))


@actor_view("selfhelp.manage")
def item_create(request):
    return _item_form(request, None)


@actor_view("selfhelp.manage")
def item_edit(request, pk: int):
    return _item_form(request, selectors.item_detail(request.actor, pk))


@require_POST
@actor_view("selfhelp.manage")
def item_publish(request, pk: int):
    actor = request.actor
    item = selectors.item_detail(actor, pk)
    published = request.POST.get("published") == "1"
    act(request, lambda: services.item_set_published(actor=actor, item=item, published=published),
        _("Item published.") if published else _("Item unpublished: only the counsellors see it now."))
    return redirect("wellbeing:selfhelp-item", pk=item.pk)


# --- peer supporters -----------------------------------------------------------------------------------------------


@actor_view("selfhelp.view")
def supporter_list(request):
    actor = request.actor
    if not selectors.sees_supporters(actor):
        raise Http404
    rows = list(selectors.supporters(actor))
    manages = selectors.manages(actor)
    if manages:
        log_list(request, SUPPORTER, len(rows))
    return render(request, "wellbeing/selfhelp_supporters.html", {
        "supporters": rows, "manages": manages,
        "asks": actor.can("talk.request") and actor.student_id is not None,
    })


@actor_view("selfhelp.manage")
def supporter_create(request):
    actor = request.actor
    form = SupporterForm(request.POST or None, students=selectors.supporter_candidates(actor))
    if submit(request, form, lambda: services.supporter_save(actor=actor, **form.cleaned_data),
              _("Peer supporter added.")):
        return redirect("wellbeing:selfhelp-supporters")
    return render(request, "wellbeing/selfhelp_supporter_form.html", {"form": form, "supporter": None},
                  status=form_status(request))


@actor_view("selfhelp.manage")
def supporter_edit(request, pk: int):
    actor = request.actor
    supporter = selectors.supporter_detail(actor, pk)
    form = SupporterEditForm(request.POST or None, initial={
        "training": supporter.training, "trained_on": supporter.trained_on, "active": supporter.active})
    if submit(request, form, lambda: services.supporter_save(actor=actor, supporter=supporter, student=None,
                                                              **form.cleaned_data),
              _("Peer supporter saved.")):
        return redirect("wellbeing:selfhelp-supporters")
    return render(request, "wellbeing/selfhelp_supporter_form.html", {"form": form, "supporter": supporter},
                  status=form_status(request))


# --- talk requests -------------------------------------------------------------------------------------------------


@actor_view("talk.request")
def talk_mine(request):
    """A student's own requests (status and the counsellor's answer) and the form to ask."""
    actor = request.actor
    if actor.student_id is None:
        raise Http404
    form = TalkForm(request.POST or None)
    if submit(request, form, lambda: services.talk_request(actor=actor, **form.cleaned_data),
              _("Your request has gone to the counsellors. They will answer here soon.")):
        return redirect("wellbeing:talk-mine")
    return render(request, "wellbeing/selfhelp_talk_mine.html", {
        "form": form, "requests": selectors.my_talk_requests(actor), **_help(actor),
    }, status=form_status(request))


@actor_view("selfhelp.manage")
def talk_list(request):
    actor = request.actor
    status = request.GET.get("status", "")
    if status not in TalkRequest.Status.values:
        status = ""
    page = paginate(request, selectors.talk_list(actor, status=status))
    log_list(request, TALK, page, {"status": status})
    return render(request, "wellbeing/selfhelp_talk_list.html", {
        "page": page, "status": status, "statuses": TalkRequest.Status.choices, "query": query_without_page(request),
    })


def _talk_page(request, talk: TalkRequest):
    log_view(request, TALK, talk, field="message")
    return render(request, "wellbeing/selfhelp_talk_detail.html", {
        "talk": talk, "form": AnswerForm() if talk.status == TalkRequest.Status.WAITING else None,
        "pairs_url": _url_or_none("care:pairs") if talk.with_whom == TalkRequest.With.HEART_MENTOR else None,
    })


@actor_view("selfhelp.manage")
def talk_detail(request, pk: int):
    return _talk_page(request, selectors.talk_detail(request.actor, pk))


@require_POST
@actor_view("selfhelp.manage")
def talk_answer(request, pk: int):
    actor = request.actor
    talk = selectors.talk_detail(actor, pk)
    form = AnswerForm(request.POST)
    act(request, lambda: services.talk_answer(actor=actor, request=talk, **form.cleaned_data),
        _("Answer saved: the student sees it."), form=form)
    return redirect("wellbeing:talk-request", pk=talk.pk)
