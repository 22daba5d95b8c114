"""Pages of the feedback mailbox (SRV-3). Thin: a scoped selector reads, one service writes, the template shows.

Writing leaves no access-log row and puts the tracking code in the session only until the next page shows it
once (surveys:mailbox-sent). The look-up needs no login and is rate-limited (services.message_lookup). The
handlers' pages are the committee's, the assignees' and, for flagged letters, the counsellors' and the
safeguarding lead's; every other letter is a 404. Reading the handlers' list and a letter is access-logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from xinhuo.core.services import client_ip
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from ..models import MessageStatus
from . import selectors, services, words
from .forms import AssignForm, CloseForm, FilterForm, LookupForm, ReplyForm, SettingsForm, WriteForm

MESSAGE = "surveys_mailbox_message"
SENT_KEY = "surveys_mailbox_code"


def _handler(request):
    actor = request.actor
    if not selectors.handles(actor):
        raise Http404
    return actor


# --- writing --------------------------------------------------------------------------------------------------------


@actor_view("mailbox.write")
def write(request):
    actor = request.actor
    roles = services.writer_roles(actor)
    form = WriteForm(request.POST or None, roles=roles)
    saved = submit(request, form, lambda: services.message_write(actor=actor, **form.values()),
                   _("Your letter has been sent."))
    if saved:
        _message, code = saved
        request.session[SENT_KEY] = code  # read once by the next page, then gone
        return redirect("surveys:mailbox-sent")
    return render(request, "surveys/mailbox_write.html", {"form": form}, status=form_status(request))


@never_cache
@actor_view("mailbox.write")
def sent(request):
    """The tracking code, once: taken out of the session as it is shown (a reload shows it no more)."""
    code = request.session.pop(SENT_KEY, None)
    return render(request, "surveys/mailbox_sent.html", {"code": services.show_code(code) if code else None})


@never_cache
def lookup(request):
    """Anyone with a code reads its letter's status and reply; no login."""
    form = LookupForm(request.POST or None)
    found = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            found = services.message_lookup(code=form.cleaned_data.get("code") or "", client=client_ip(request))
        except services.TooManyLookups as exc:
            form.add_error(None, str(exc))
            status = 429
        except ValidationError as exc:
            form.add_error("code", exc.messages)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "surveys/mailbox_lookup.html", {"form": form, "found": found}, status=status)


@actor_view("mailbox.write")
def mine(request):
    """The actor's own named letters with their replies (anonymous ones are read with their codes)."""
    page = paginate(request, selectors.my_messages(request.actor))
    return render(request, "surveys/mailbox_mine.html", {"page": page})


@actor_view("mailbox.write")
def public(request):
    page = paginate(request, selectors.public_replies(request.actor), per_page=10)
    return render(request, "surveys/mailbox_public.html", {"page": page})


# --- handling -------------------------------------------------------------------------------------------------------


@actor_view("mailbox.write")
def message_list(request):
    actor = _handler(request)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.message_list(actor, **filters))
    log_list(request, MESSAGE, page, filters)
    return render(request, "surveys/mailbox_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "committee": selectors.is_committee(actor),
    })


def _detail_context(request, message, **forms) -> dict:
    actor = request.actor
    committee = selectors.is_committee(actor)
    open_ = message.status != MessageStatus.CLOSED
    replies = open_ and (committee or message.assignee_id == actor.user.pk)
    return {
        "message": message, "steps": list(message.steps.all()), "committee": committee,
        "can_assign": committee and message.status in (MessageStatus.RECEIVED, MessageStatus.ASSIGNED),
        "can_reply": replies, "can_close": committee and open_,
        "close_form": forms.get("close_form") or CloseForm(),
    }


@actor_view("mailbox.write")
def message_detail(request, pk: int):
    actor = _handler(request)
    message = selectors.message_detail(actor, pk)
    log_view(request, MESSAGE, message, field="body")
    return render(request, "surveys/mailbox_detail.html", _detail_context(request, message))


@actor_view("mailbox.write")
def assign(request, pk: int):
    actor = _handler(request)
    message = selectors.message_detail(actor, pk)
    if not selectors.is_committee(actor):
        raise Http404
    form = AssignForm(request.POST or None, staff=selectors.assignable(actor), initial={
        "assignee": message.assignee_id, "reply_due": message.reply_due or services.default_due(actor.school)})
    if submit(request, form, lambda: services.message_assign(
            actor=actor, message=message, assignee=form.cleaned_data.get("assignee"),
            reply_due=form.cleaned_data.get("reply_due"), comment=form.cleaned_data.get("comment") or ""),
            _("Letter assigned.")):
        return redirect("surveys:mailbox-message", pk=message.pk)
    return render(request, "surveys/mailbox_assign.html", {"message": message, "form": form},
                  status=form_status(request))


@actor_view("mailbox.write")
def reply(request, pk: int):
    actor = _handler(request)
    message = selectors.message_detail(actor, pk)
    if not (selectors.is_committee(actor) or message.assignee_id == actor.user.pk):
        raise Http404
    form = ReplyForm(request.POST or None, initial={
        "reply": message.reply, "reply_public": message.reply_public, "show_body": message.show_body})
    if submit(request, form, lambda: services.message_reply(actor=actor, message=message, **form.cleaned_data),
              _("Reply saved. The writer can read it with the tracking code.")):
        return redirect("surveys:mailbox-message", pk=message.pk)
    return render(request, "surveys/mailbox_reply.html", {"message": message, "form": form},
                  status=form_status(request))


@require_POST
@actor_view("mailbox.write")
def close(request, pk: int):
    actor = _handler(request)
    message = selectors.message_detail(actor, pk)
    if not selectors.is_committee(actor):
        raise Http404
    form = CloseForm(request.POST)
    act(request, lambda: services.message_close(actor=actor, message=message,
                                                comment=form.cleaned_data.get("comment") or ""),
        _("Letter closed."), form=form)
    return redirect("surveys:mailbox-message", pk=message.pk)


@actor_view("mailbox.manage")
def settings_page(request):
    actor = request.actor
    current = selectors.mailbox_settings(actor.school)
    form = SettingsForm(request.POST or None, initial={"reply_days": current.reply_days,
                                                       "crisis_words": current.crisis_words})
    if submit(request, form, lambda: services.mailbox_settings_save(actor=actor, **form.cleaned_data),
              _("Mailbox settings saved.")):
        return redirect("surveys:mailbox-settings")
    return render(request, "surveys/mailbox_settings.html", {
        "form": form, "defaults": words.DEFAULT_WORDS, "uses_defaults": not words.parse(current.crisis_words),
    }, status=form_status(request))
