"""Pages of the alerts (PSY-2) and the school's safeguarding settings. Thin: a scoped selector reads, one service
writes, the template shows. Denied = 404. An alert names a student at risk: every list and view is logged. The
pages show which items raised an alert ("PHQ-A 9"), never the answers or the scores."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from . import selectors, services
from .forms import AcknowledgeForm, AlertFilterForm, SettingsForm

ALERT = "wellbeing_alert"


@actor_view("alerts.view")
def alert_list(request):
    actor = request.actor
    form = AlertFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.alert_list(actor, **filters))
    log_list(request, ALERT, page, filters)
    return render(request, "wellbeing/alert_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "can_settings": actor.can("wellbeing.settings"),
    })


def _alert_page(request, alert, form=None, status: int = 200):
    actor = request.actor
    log_view(request, ALERT, alert)
    acknowledges = selectors.may_acknowledge(actor, alert)
    return render(request, "wellbeing/alert_detail.html", {
        "alert": alert, "head_teachers": selectors.head_teachers(alert),
        "form": (form or AcknowledgeForm()) if acknowledges else None,
    }, status=status)


@actor_view("alerts.view")
def alert_detail(request, pk: int):
    return _alert_page(request, selectors.alert_detail(request.actor, pk))


@require_POST
@actor_view("alerts.view")
def alert_acknowledge(request, pk: int):
    actor = request.actor
    alert = selectors.alert_detail(actor, pk)
    form = AcknowledgeForm(request.POST)
    act(request, lambda: services.alert_acknowledge(actor=actor, alert=alert, note=form.cleaned_data["note"]),
        _("Alert acknowledged: it no longer escalates."), form=form)
    return redirect("wellbeing:alert-detail", pk=alert.pk)


@actor_view("wellbeing.settings")
def settings(request):
    actor = request.actor
    current = services.settings_for(actor.school)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(current),
                        leads=services.lead_candidates(actor.school))
    if submit(request, form, lambda: services.settings_save(actor=actor, **form.cleaned_data),
              _("Safeguarding settings saved.")):
        return redirect("wellbeing:settings")
    return render(request, "wellbeing/settings.html", {"form": form, "current": current},
                  status=form_status(request))
