"""Pages of the partners part (namespace community:). Thin: a scoped selector reads (a record out of scope is a
404), one service writes, the template shows. Reading a partner (its contacts) and an agreement is access-logged."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, stream_file

from . import selectors, services
from .forms import (
    AgreementFileForm,
    AgreementFilterForm,
    AgreementForm,
    ContactForm,
    FollowUpForm,
    LinkForm,
    MeetingForm,
    MinutesForm,
    PartnerFilterForm,
    PartnerForm,
    ResourceFilterForm,
    ResourceForm,
)
from .models import PartnerContact

VIEW, MANAGE = "community.partners.view", "community.partners.manage"
DIR_VIEW, DIR_MANAGE = "community.directory.view", "community.directory.manage"


def _save(request, form, save, success):
    """A form page's POST: the service's refusal goes back onto the form."""
    from xinhuo.core.web import submit

    return submit(request, form, save, success)


# --- partners ------------------------------------------------------------------------------------------------------


@actor_view(VIEW)
def partner_list(request):
    actor = request.actor
    form = PartnerFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.partner_list(actor, **filters))
    log_list(request, "community.partner", page, filters)
    return render(request, "community/partners/partner_list.html", {
        "form": form, "page": page, "query": query_without_page(request), "manages": actor.can(MANAGE)})


@actor_view(MANAGE)
def partner_create(request):
    actor = request.actor
    form = PartnerForm(request.POST or None)
    saved = _save(request, form, lambda: services.partner_save(actor=actor, **form.cleaned_data),
                  _("The partner has been added."))
    if saved:
        return redirect("community:partners-detail", saved.pk)
    return render(request, "community/partners/partner_form.html", {"form": form, "partner": None},
                  status=form_status(request))


@actor_view(VIEW)
def partner_detail(request, pk: int):
    actor = request.actor
    partner = selectors.partner_detail(actor, pk)
    log_view(request, "community.partner", partner)
    manages = actor.can(MANAGE)
    return render(request, "community/partners/partner_detail.html", {
        "partner": partner, "contacts": selectors.partner_contacts(actor, partner), "manages": manages,
        "agreements": selectors.partner_agreements(actor, partner) if manages else [],
        "activities": selectors.partner_activities(actor, partner),
        "contact_form": ContactForm() if manages else None})


@actor_view(MANAGE)
def partner_edit(request, pk: int):
    actor = request.actor
    partner = selectors.partner_detail(actor, pk)
    initial = {f: getattr(partner, f) for f in ("name", "kind", "is_base", "address", "offers", "status")}
    form = PartnerForm(request.POST or None, initial=initial)
    saved = _save(request, form, lambda: services.partner_save(actor=actor, partner=partner, **form.cleaned_data),
                  _("The partner has been saved."))
    if saved:
        return redirect("community:partners-detail", partner.pk)
    return render(request, "community/partners/partner_form.html", {"form": form, "partner": partner},
                  status=form_status(request))


@require_POST
@actor_view(MANAGE)
def contact_add(request, pk: int):
    actor = request.actor
    partner = selectors.partner_detail(actor, pk)
    form = ContactForm(request.POST)
    act(request, lambda: services.contact_add(actor=actor, partner=partner, **form.cleaned_data),
        _("The contact has been added."), form=form)
    return redirect("community:partners-detail", partner.pk)


@require_POST
@actor_view(MANAGE)
def contact_delete(request, pk: int, contact: int):
    actor = request.actor
    partner = selectors.partner_detail(actor, pk)
    found = get_object_or_404(PartnerContact, partner=partner, pk=contact)
    act(request, lambda: services.contact_delete(actor=actor, contact=found), _("The contact has been removed."))
    return redirect("community:partners-detail", partner.pk)


# --- agreements ----------------------------------------------------------------------------------------------------


@actor_view(MANAGE)
def agreement_list(request):
    actor = request.actor
    form = AgreementFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.agreement_list(actor, **filters))
    log_list(request, "community.agreement", page, filters)
    return render(request, "community/partners/agreement_list.html", {
        "form": form, "page": page, "query": query_without_page(request)})


@actor_view(MANAGE)
def agreement_create(request, pk: int):
    actor = request.actor
    partner = selectors.partner_detail(actor, pk)
    form = AgreementForm(request.POST or None, request.FILES or None)
    saved = _save(request, form, lambda: services.agreement_create(actor=actor, partner=partner,
                                                                   **form.cleaned_data),
                  _("The agreement has been recorded."))
    if saved:
        return redirect("community:partners-agreement-detail", saved.pk)
    return render(request, "community/partners/agreement_form.html", {"form": form, "partner": partner,
                                                                       "renews": None}, status=form_status(request))


@actor_view(MANAGE)
def agreement_detail(request, pk: int):
    actor = request.actor
    agreement = selectors.agreement_detail(actor, pk)
    log_view(request, "community.agreement", agreement)
    return render(request, "community/partners/agreement_detail.html", {
        "agreement": agreement, "renewals": list(agreement.renewals.order_by("starts_on")),
        "file_form": AgreementFileForm()})


@actor_view(MANAGE)
def agreement_renew(request, pk: int):
    actor = request.actor
    old = selectors.agreement_detail(actor, pk)
    import datetime as dt

    length = old.ends_on - old.starts_on
    start = old.ends_on + dt.timedelta(days=1)
    initial = {"title": old.title, "starts_on": start, "ends_on": start + length, "school_duties": old.school_duties,
               "partner_duties": old.partner_duties, "content": old.content}
    form = AgreementForm(request.POST or None, request.FILES or None, initial=initial)
    saved = _save(request, form, lambda: services.agreement_renew(actor=actor, agreement=old, **form.cleaned_data),
                  _("The agreement has been renewed."))
    if saved:
        return redirect("community:partners-agreement-detail", saved.pk)
    return render(request, "community/partners/agreement_form.html", {"form": form, "partner": old.partner,
                                                                       "renews": old}, status=form_status(request))


@require_POST
@actor_view(MANAGE)
def agreement_terminate(request, pk: int):
    actor = request.actor
    agreement = selectors.agreement_detail(actor, pk)
    act(request, lambda: services.agreement_terminate(actor=actor, agreement=agreement),
        _("The agreement has been terminated."))
    return redirect("community:partners-agreement-detail", agreement.pk)


@require_POST
@actor_view(MANAGE)
def agreement_upload(request, pk: int):
    actor = request.actor
    agreement = selectors.agreement_detail(actor, pk)
    form = AgreementFileForm(request.POST, request.FILES)
    act(request, lambda: services.agreement_file_replace(actor=actor, agreement=agreement,
                                                         upload=form.cleaned_data["upload"]),
        _("The signed file has been attached."), form=form)
    return redirect("community:partners-agreement-detail", agreement.pk)


@actor_view(MANAGE)
def agreement_file(request, pk: int):
    actor = request.actor
    agreement = selectors.agreement_detail(actor, pk)
    if not agreement.file:
        raise Http404
    log_view(request, "community.agreement", agreement, field="file")
    return stream_file(agreement.file, download_name=agreement.file_name or None)


# --- joint meetings ------------------------------------------------------------------------------------------------


@actor_view(MANAGE)
def meeting_list(request):
    actor = request.actor
    page = paginate(request, selectors.meeting_list(actor))
    log_list(request, "community.meeting", page)
    return render(request, "community/partners/meeting_list.html", {"page": page})


@actor_view(MANAGE)
def meeting_create(request):
    actor = request.actor
    form = MeetingForm(request.POST or None, partners=selectors.partner_choices(actor))
    saved = _save(request, form, lambda: services.meeting_create(actor=actor, **form.cleaned_data),
                  _("The joint meeting has been recorded."))
    if saved:
        return redirect("community:partners-meeting-detail", saved.pk)
    return render(request, "community/partners/meeting_form.html", {"form": form}, status=form_status(request))


@actor_view(MANAGE)
def meeting_detail(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if _save(request, form, lambda: services.meeting_update(actor=actor, meeting=meeting, **form.cleaned_data),
             _("The minutes have been saved.")):
        return redirect("community:partners-meeting-detail", meeting.pk)
    return render(request, "community/partners/meeting_detail.html", {
        "meeting": meeting, "minutes_form": form, "followup_form": FollowUpForm()}, status=form_status(request))


@require_POST
@actor_view(MANAGE)
def followup_add(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    form = FollowUpForm(request.POST)
    act(request, lambda: services.followup_add(actor=actor, meeting=meeting, **form.cleaned_data),
        _("The follow-up item has been added."), form=form)
    return redirect("community:partners-meeting-detail", meeting.pk)


@require_POST
@actor_view(MANAGE)
def followup_done(request, pk: int):
    actor = request.actor
    item = selectors.followup_detail(actor, pk)
    done = request.POST.get("done") == "1"
    act(request, lambda: services.followup_mark(actor=actor, followup=item, done=done),
        _("Marked as done.") if done else _("Marked as open again."))
    return redirect("community:partners-meeting-detail", item.meeting_id)


# --- activities held at a base -------------------------------------------------------------------------------------


def _activity(actor, pk: int):
    from xinhuo.activities import selectors as activities_selectors

    return activities_selectors.activity_detail(actor, pk)


@require_POST
@actor_view(VIEW)
def activity_link(request, activity: int):
    actor = request.actor
    found = _activity(actor, activity)
    if not selectors.can_link(actor, found):
        raise Http404
    form = LinkForm(request.POST)
    if form.is_valid():
        partner = selectors.partner_detail(actor, form.cleaned_data["partner"])
        act(request, lambda: services.activity_link(actor=actor, activity=found, partner=partner),
            _("The activity is linked to %(name)s.") % {"name": partner.name})
    else:
        from django.contrib import messages

        messages.error(request, _("Choose a partner or base."))
    return redirect("activities:detail", found.pk)


@require_POST
@actor_view(VIEW)
def activity_unlink(request, activity: int):
    actor = request.actor
    found = _activity(actor, activity)
    act(request, lambda: services.activity_unlink(actor=actor, activity=found), _("The link has been removed."))
    return redirect("activities:detail", found.pk)


# --- the directory -------------------------------------------------------------------------------------------------


@actor_view(DIR_VIEW)
def directory(request):
    actor = request.actor
    form = ResourceFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.resource_list(actor, **filters))
    log_list(request, "community.resource", page, filters)
    htmx = getattr(request, "htmx", None)
    rows_only = bool(htmx) and getattr(htmx, "target", None) == "directory-rows"
    template = "community/partners/directory__rows.html" if rows_only else "community/partners/directory.html"
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request),
                                      "manages": actor.can(DIR_MANAGE)})


@actor_view(DIR_VIEW)
def resource_detail(request, pk: int):
    actor = request.actor
    resource = selectors.resource_detail(actor, pk)
    log_view(request, "community.resource", resource)
    return render(request, "community/partners/resource_detail.html", {
        "resource": resource, "manages": actor.can(DIR_MANAGE)})


@actor_view(DIR_MANAGE)
def resource_create(request):
    actor = request.actor
    form = ResourceForm(request.POST or None)
    saved = _save(request, form, lambda: services.resource_save(actor=actor, **form.cleaned_data),
                  _("The entry has been added to the directory."))
    if saved:
        return redirect("community:partners-resource-detail", saved.pk)
    return render(request, "community/partners/resource_form.html", {"form": form, "resource": None},
                  status=form_status(request))


@actor_view(DIR_MANAGE)
def resource_edit(request, pk: int):
    actor = request.actor
    resource = selectors.resource_detail(actor, pk)
    fields = ("name", "kind", "services", "audience", "cooperation", "contact_name", "contact_phone", "location",
              "status", "last_contact_on")
    form = ResourceForm(request.POST or None, initial={f: getattr(resource, f) for f in fields})
    saved = _save(request, form, lambda: services.resource_save(actor=actor, resource=resource, **form.cleaned_data),
                  _("The entry has been saved."))
    if saved:
        return redirect("community:partners-resource-detail", resource.pk)
    return render(request, "community/partners/resource_form.html", {"form": form, "resource": resource},
                  status=form_status(request))
