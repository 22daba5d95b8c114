"""Pages of the assistant part: the chat page (the session keeps the last few answers, newest first), the
committee's log and the settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xinhuo.core.web import actor_view, form_errors_from, form_status, log_list, paginate, submit

from . import privacy, selectors, services
from .forms import LogFilterForm, QuestionForm, SettingsForm
from .rules import ASK, LOG, MANAGE, require_ask

SESSION_KEY = "library_assistant"
KEEP = 5  # answers kept in the session: a conversation on a phone, not an archive


def _as_turn(question: str, answer: services.Answer) -> dict:
    return {"question": question, "mode": answer.mode, "text": answer.text, "citations": answer.citations}


@actor_view(ASK)
def chat_page(request):
    require_ask(request.actor)
    form = QuestionForm(request.POST or None)
    turns = request.session.get(SESSION_KEY, [])
    if request.method == "POST" and form.is_valid():
        question = form.cleaned_data["question"]
        try:
            answer = services.assistant_ask(actor=request.actor, question=question)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            turns = [_as_turn(privacy.masked(" ".join(question.split())), answer), *turns][:KEEP]
            request.session[SESSION_KEY] = turns
            return redirect("library:assistant")
    return render(request, "library/assistant/chat.html", {"form": form, "turns": turns},
                  status=form_status(request))


@actor_view(LOG)
def log_page(request):
    filters = LogFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.log_entries(request.actor, since=chosen.get("since"), until=chosen.get("until"),
                               crisis=bool(chosen.get("crisis")))
    page = paginate(request, qs, per_page=20)
    log_list(request, "library_assistant_log", page, chosen, as_text=True)
    return render(request, "library/assistant/log.html", {"filters": filters, "page": page})


@actor_view(MANAGE)
def settings_page(request):
    current = selectors.assistant_settings(request.actor.school)
    form = SettingsForm(request.POST or None, initial={"students_allowed": current.students_allowed})
    if submit(request, form, lambda: services.assistant_settings_save(actor=request.actor, **form.cleaned_data),
              _("Settings saved.")):
        return redirect("library:assistant-settings")
    return render(request, "library/assistant/settings.html", {"form": form, "current": current},
                  status=form_status(request))
