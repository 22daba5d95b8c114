"""Pages of the work part: matching elders to a need, assignments, service hours, mentor contacts,
and the elder's own home page (phone first)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.care.models import Need
from xinhuo.core.masking import mask_phone
from xinhuo.core.params import parse_id
from xinhuo.core.web import act, actor_view, log_list, log_view, paginate, query_without_page, submit

from ..common import list_context, safe_next
from ..models import ApprenticeshipContact, Elder
from ..rules import can
from . import matching, selectors, services
from .forms import AssignForm, AssignmentFilterForm, ContactForm, MatchForm, ServiceRecordForm

MATCH_SHOWN = 20  # suggestions on the page before "show all"


def _school_elders(actor):
    """Every elder of the school, paused and left ones too: assigning them gets the service's clear refusal."""
    return Elder.objects.filter(school=actor.school).order_by("name", "pk")


# --- matching and assigning ---------------------------------------------------------------------


@actor_view("elders.manage")
def match(request):
    """The need → elders ranked with the reasons → an assign button per elder."""
    actor = request.actor
    form = MatchForm(request.GET or None)
    suggestions = None
    if request.GET and form.is_valid():
        need = form.need_obj()
        suggestions = matching.rank(need, selectors.match_candidates(actor, need.weekday))
        log_list(request, "elder", len(suggestions), search=True,
                 match={k: v for k, v in request.GET.items() if k != "all"})
    show_all = request.GET.get("all") == "1"
    shown = suggestions if suggestions is None or show_all else suggestions[:MATCH_SHOWN]
    return render(request, "elders/work_match.html", {
        "form": form, "suggestions": shown, "total": len(suggestions or []),
        "more": suggestions is not None and len(suggestions) > len(shown or []),
        "need": form.cleaned_data if form.is_bound and form.is_valid() else None,
        "here": request.get_full_path(),
    })


@actor_view("elders.manage")
def assign(request):
    """Record an assignment: posted from the match page's buttons, or filled in here (GET prefills from the query)."""
    actor = request.actor
    elders = _school_elders(actor)
    if request.method == "POST":
        raw = parse_id(request.POST.get("elder"))
        if raw and not elders.filter(pk=raw).exists():
            raise Http404  # an elder of another school, or none at all
        form = AssignForm(request.POST, elders=elders)
        if submit(request, form, lambda: services.assignment_create(actor=actor, **form.service_kwargs()),
                  lambda a: _("%(name)s is assigned: %(role)s · %(need)s") % {
                      "name": a.elder.name, "role": a.get_role_display(), "need": a.need}):
            return redirect(safe_next(request, reverse("elders:assignments")))
        status = 400
    else:
        form = AssignForm(initial={k: v for k, v in request.GET.items() if k in AssignForm.base_fields},
                          elders=elders)
        status = 200
    form.fields["elder"].label_from_instance = (  # type: ignore[attr-defined]
        lambda e: e.name if e.status == Elder.Status.ACTIVE else f"{e.name}（{e.get_status_display()}）")
    return render(request, "elders/work_assign.html", {"form": form}, status=status)


@actor_view("elders.view")
def assignment_list(request):
    """Managers: every assignment, filtered by role, status, elder; an elder: their own; others: 404."""
    actor = request.actor
    manages = actor.can("elders.manage")
    if not manages and actor.elder_id is None:
        raise Http404
    choices = list(_school_elders(actor).values_list("pk", "name")) if manages else None
    return render(request, "elders/work_assignments.html", {
        **list_context(request, AssignmentFilterForm(request.GET or None, elders=choices), selectors.assignments,
                       "elder_assignment", search=False, numbered=True),
        "manages": manages, "here": request.get_full_path(),
    })


@require_POST
@actor_view("elders.view")
def assignment_end(request, pk: int):
    """Managers end an assignment; an elder steps down from their own, saying why."""
    assignment = selectors.assignment_detail(request.actor, pk)
    act(request, lambda: services.assignment_end(actor=request.actor, assignment=assignment,
                                                 reason=request.POST.get("reason", "")[:500]),
        lambda _ended: _("Assignment ended: %(elder)s · %(need)s") % {
            "elder": assignment.elder.name, "need": assignment.need})
    return redirect(safe_next(request, reverse("elders:assignments")))


# --- service hours -------------------------------------------------------------------------------


@actor_view("elders.view")
def hours(request, pk: int):
    """An elder's hours per term and year, and the records; managers add records here."""
    actor = request.actor
    elder = selectors.hours_elder(actor, pk)
    can_record = can(actor, "record_service_hours", elder)
    form = ServiceRecordForm(request.POST or None) if can_record else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if submit(request, form, lambda: services.service_record_add(actor=actor, elder=elder, **form.cleaned_data),
                  lambda _record: _("%(hours)s hours recorded for %(name)s.") % {
                      "hours": form.cleaned_data["hours"], "name": elder.name}):
            return redirect("elders:hours", pk=elder.pk)
        status = 400
    summary = selectors.service_hours(elder, actor.school)
    records = paginate(request, summary.records)
    log_view(request, "elder_hours", elder)
    return render(request, "elders/work_hours.html", {
        "elder": elder, "summary": summary, "page": records, "query": query_without_page(request), "form": form,
        "own": actor.elder_id == elder.pk,
    }, status=status)


# --- the elder's home page and mentor contacts ---------------------------------------------------


def _certificate_url(pk: int) -> str | None:
    """The award's certificate, once the recognition part's page exists (built in parallel)."""
    try:
        return reverse("elders:award-certificate", args=[pk])
    except NoReverseMatch:
        return None


@actor_view("elders.home")
def home(request):
    """My next tasks, my mentees (record a contact in three taps), my hours, certificates and notices."""
    data = selectors.elder_home(request.actor)
    if data is None:
        return render(request, "elders/home_no_elder.html")
    for award in data.awards:
        award.certificate_url = _certificate_url(award.pk)  # type: ignore[attr-defined]
    return render(request, "elders/home.html", {"home": data, "ways": ApprenticeshipContact.Way.choices})


@actor_view("elders.home")
def my_pairs(request):
    """Every pair the elder is in, each labelled by its kind: the students they mentor (the care app's pairs), the
    new elder or young teacher they mentor, the senior elder who mentors them; when each next contact is due."""
    actor = request.actor
    if actor.elder_id is None:
        return render(request, "elders/home_no_elder.html")
    data = selectors.my_pairs(actor)
    students = 0
    for r in data.rows:
        if r.kind != selectors.STUDENT:
            continue
        students += 1
        p: Any = r.row
        r.needs = "、".join(str(label) for value, label in Need.choices if value in p.needs)  # type: ignore[attr-defined]
        if p.may_call:  # type: ignore[attr-defined]
            link = p.student.primary_links[0]  # type: ignore[attr-defined]
            r.guardian_relation = link.get_relation_display()  # type: ignore[attr-defined]
            r.guardian_phone = {  # type: ignore[attr-defined]
                "has_value": bool(link.guardian.phone), "masked": mask_phone(link.guardian.phone), "allowed": True,
                "url": reverse("care:mentee-guardian-reveal", args=[p.pk])}
    if students:
        log_list(request, "mentee", students)
    return render(request, "elders/my_pairs.html", {"pairs": data, "STUDENT": selectors.STUDENT,
                                                    "here": request.get_full_path()})


@actor_view("elders.view")
def contact_new(request, pk: int):
    """Tap the way (见面/电话/微信/走访): saved at once with today's date; topic and next step optional."""
    actor = request.actor
    pair = selectors.contact_apprenticeship(actor, pk)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if submit(request, form,
                  lambda: services.apprenticeship_contact_record(actor=actor, apprenticeship=pair, **form.cleaned_data),
                  lambda contact: _("Contact with %(name)s recorded: %(way)s, %(date)s.") % {
                      "name": pair.mentee_name, "way": contact.get_way_display(), "date": contact.date.isoformat()}):
            if actor.can("elders.home") and actor.elder_id == pair.mentor_id:
                return redirect(safe_next(request, reverse("elders:home")))
            return redirect("elders:contact-new", pk=pair.pk)
        status = 400
    return render(request, "elders/home_contact.html", {
        "pair": pair, "form": form, "ways": ApprenticeshipContact.Way.choices,
        "recent": list(pair.contacts.order_by("-date", "-pk")[:3]),
    }, status=status)
