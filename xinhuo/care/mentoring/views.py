"""Pages of the mentoring part (MEN-1..4): the growth mentors' registry, mentoring pairs with matching suggestions,
contacts in a few taps, the end of a pair with its summary, and a mentor's own mentees (phone-first, only what
mentoring needs). Thin: a scoped selector reads, one service writes, the template shows."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.masking import mask_phone
from xinhuo.core.services import access_log_record
from xinhuo.core.web import actor_view, form_status, log_list, log_view, paginate, query_without_page, submit
from xinhuo.elders import selectors as elders_selectors
from xinhuo.elders.models import Specialty
from xinhuo.people import selectors as people_selectors

from ..common import my_mentor_ids, students_in_care
from ..models import ContactWay, MentorKind, Need
from ..rules import can
from . import matching, selectors, services
from .forms import (
    ContactForm,
    MatchForm,
    MentorEditForm,
    MentorFilterForm,
    MentorForm,
    PairEndForm,
    PairFilterForm,
    PairForm,
    PairSummaryForm,
)


def _labels(codes, choices) -> str:
    """The labels of stored codes, in the choices' order (e.g. a pair's needs, a mentor's specialties)."""
    return "、".join(str(label) for value, label in choices.choices if value in codes)


def _show_pair(pair, today) -> None:
    """What a pair's list row and page show beside its fields: the needs' labels, the days its contact is overdue."""
    pair.need_text = _labels(pair.needs, Need)
    pair.overdue_days = 0 if pair.ended_on else selectors.pair_overdue_days(
        pair.started_on, pair.last_contact, pair.contact_every_days, today)


# --- growth mentors (MEN-1) ----------------------------------------------------------------------------------------


@actor_view("mentoring.manage")
def mentors(request):
    actor = request.actor
    form = MentorFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.mentors(actor, **filters))
    access_log_record(actor, "search" if filters.get("q") else "list", "mentor",
                      detail={"filters": {k: v for k, v in filters.items() if v not in ("", None)},
                              "count": page.paginator.count}, request=request)
    for m in page:
        m.specialty_text = _labels(m.specialties, Specialty)  # type: ignore[attr-defined]
        m.phone_reveal = {  # type: ignore[attr-defined]
            "has_value": bool(m.phone), "masked": mask_phone(m.phone),
            "allowed": bool(m.phone) and can(actor, "reveal_mentor_phone", m),
            "url": reverse("care:mentor-reveal", args=[m.pk])}
    return render(request, "care/mentoring_mentor_list.html", {
        "form": form, "page": page, "query": query_without_page(request)})


def _mentor_form(actor, data=None) -> MentorForm:
    school = actor.school
    return MentorForm(
        data,
        elders=elders_selectors.elders_in_team(school).order_by("name", "pk"),
        staff=people_selectors.staff_in_post(school).order_by("name", "pk"),
        students=students_in_care(actor).order_by("school_class__grade__level", "school_class__number",
                                                  "student_no"),
        initial={"kind": MentorKind.ELDER, "max_mentees": 3, "active": True})


@actor_view("mentoring.manage")
def mentor_new(request):
    actor = request.actor
    form = _mentor_form(actor, request.POST or None)
    if submit(request, form, lambda: services.mentor_create(actor=actor, **form.service_kwargs()),
              lambda mentor: _("%(name)s is now a growth mentor.") % {"name": mentor.name}):
        return redirect("care:mentors")
    return render(request, "care/mentoring_mentor_form.html", {"form": form, "mentor": None},
                  status=form_status(request))


@actor_view("mentoring.manage")
def mentor_edit(request, pk: int):
    actor = request.actor
    mentor = get_object_or_404(selectors.mentors(actor), pk=pk)
    form = MentorEditForm(request.POST or None, mentor=mentor, masked_phone=mask_phone(mentor.phone))
    if submit(request, form, lambda: services.mentor_update(actor=actor, mentor=mentor, **form.service_kwargs()),
              _("Saved.")):
        return redirect("care:mentors")
    return render(request, "care/mentoring_mentor_form.html", {"form": form, "mentor": mentor},
                  status=form_status(request))


@require_POST
@actor_view("mentoring.manage")
def mentor_reveal(request, pk: int):
    """A volunteer's full mobile number, logged; an htmx request gets just the value back."""
    mentor = get_object_or_404(selectors.mentors(request.actor), pk=pk)
    value = services.mentor_phone_reveal(actor=request.actor, mentor=mentor, request=request)
    return render(request, "people/_revealed.html", {"value": value})


# --- mentoring pairs (MEN-2, MEN-4) --------------------------------------------------------------------------------


@actor_view("mentoring.view")
def pairs(request):
    actor = request.actor
    form = PairFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    page = paginate(request, selectors.pair_list(actor, today=today, **filters))
    for p in page:
        _show_pair(p, today)
    log_list(request, "mentoring_pair", page, filters, search=bool(filters.get("q")))
    return render(request, "care/mentoring_pair_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "manages": actor.can("mentoring.manage"), "is_mentor": bool(my_mentor_ids(actor))})


def _suggestions(actor, form: MatchForm) -> list[matching.Suggestion] | None:
    """The ranked suggestions for the student and needs of a valid matching request (None before that)."""
    if not all(form.cleaned_data.get(k) for k in ("student", "needs")):
        return None
    student = form.cleaned_data["student"]
    request = matching.Request(needs=tuple(form.cleaned_data["needs"]), weekday=form.cleaned_data.get("weekday"),
                               student_id=student.pk)
    paired = selectors.pairs(actor).filter(student=student, ended_on__isnull=True).values_list("mentor_id", flat=True)
    return matching.rank(request, selectors.mentor_candidates(actor), exclude_mentor_ids=list(paired))


@actor_view("mentoring.manage")
def pair_new(request):
    """The student and needs first (GET, or htmx while choosing): the ranked mentors with their reasons; then the
    chosen mentor and the contact plan (POST)."""
    actor = request.actor
    students = students_in_care(actor)
    mentor_qs = selectors.mentors(actor)
    today = timezone.localdate()
    if request.method == "POST":
        form = PairForm(request.POST, students=students, mentors=mentor_qs)
        if pair := submit(request, form, lambda: services.pair_create(actor=actor, **form.service_kwargs()),
                          lambda pair: _("%(student)s is paired with %(mentor)s.") % {
                              "student": pair.student.name, "mentor": pair.mentor.name}):
            return redirect("care:pair-detail", pk=pair.pk)
    else:
        data = request.GET.copy() if request.GET else None
        if data is not None:
            data.setdefault("contact_every_days", "14")
            data.setdefault("started_on", today.isoformat())
        form = PairForm(data, students=students, mentors=mentor_qs,
                        initial={"contact_every_days": 14, "started_on": today})
        if data is not None and not form.is_valid():
            form.errors.pop("mentor", None)  # not chosen yet: the suggestions are shown to choose from
    suggestions = _suggestions(actor, form) if form.is_bound else None
    chosen = request.POST.get("mentor") or request.GET.get("mentor") or ""
    context = {"form": form, "suggestions": suggestions, "chosen": chosen}
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "care/mentoring_suggestions.html", context)
    return render(request, "care/mentoring_pair_form.html", context, status=form_status(request))


@actor_view("mentoring.view")
def pair_detail(request, pk: int):
    actor = request.actor
    pair = selectors.pair_detail(actor, pk)
    _show_pair(pair, timezone.localdate())
    log_view(request, "mentoring_pair", pair, student=pair.student_id)
    return render(request, "care/mentoring_pair_detail.html", {
        "pair": pair, "contacts": list(selectors.pair_contacts(pair)[:50]),
        "can_log": pair.ended_on is None and can(actor, "log_contact", pair),
        "can_end": pair.ended_on is None and can(actor, "manage_pair", pair),
        "can_summarise": pair.ended_on is not None and not pair.summary and can(actor, "log_contact", pair),
        "manages": actor.can("mentoring.manage")})


@actor_view("mentoring.manage")
def pair_end(request, pk: int):
    actor = request.actor
    pair = get_object_or_404(selectors.managed_pairs(actor).filter(ended_on__isnull=True), pk=pk)
    form = PairEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if submit(request, form, lambda: services.pair_end(actor=actor, pair=pair, **form.cleaned_data),
              _("The pair has ended.")):
        return redirect("care:pair-detail", pk=pair.pk)
    return render(request, "care/mentoring_pair_end.html", {"form": form, "pair": pair}, status=form_status(request))


@actor_view("mentoring.view")
def pair_summary(request, pk: int):
    """The closing summary of a pair that ended without one: its mentor (from their mentees page) or a manager."""
    actor = request.actor
    pair = get_object_or_404(selectors.summary_pairs(actor).select_related("student__school_class"), pk=pk)
    form = PairSummaryForm(request.POST or None)
    mine = pair.mentor_id in my_mentor_ids(actor)
    if submit(request, form, lambda: services.pair_summary_write(actor=actor, pair=pair, **form.cleaned_data),
              _("Saved.")):
        return redirect(reverse("care:mentees") if mine else reverse("care:pair-detail", args=[pair.pk]))
    return render(request, "care/mentoring_pair_summary.html", {"form": form, "pair": pair, "mine": mine},
                  status=form_status(request))


@actor_view("mentoring.view")
def pair_contact(request, pk: int):
    """Log a contact in a few taps: the way as big buttons, a topic, the next step; the date is today."""
    actor = request.actor
    pair = get_object_or_404(selectors.contact_pairs(actor).filter(ended_on__isnull=True), pk=pk)
    form = ContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    mine = pair.mentor_id in my_mentor_ids(actor)
    if submit(request, form, lambda: services.contact_log(actor=actor, pair=pair, **form.service_kwargs()),
              _("Contact saved.")):
        return redirect(reverse("care:mentees") if mine else reverse("care:pair-detail", args=[pair.pk]))
    return render(request, "care/mentoring_contact_form.html", {
        "form": form, "pair": pair, "ways": ContactWay.choices, "mine": mine}, status=form_status(request))


# --- a mentor's mentees (MEN-3) --------------------------------------------------------------------------------------


@actor_view("mentoring.view")
def mentees(request):
    """My mentees: name, class, the needs, the contact plan, the last contact with an overdue badge, and the primary
    guardian's phone (masked, logged reveal) for elder and teacher mentors. Nothing else about the student."""
    actor = request.actor
    rows = selectors.my_mentees(actor)
    for p in rows:
        p.need_text = _labels(p.needs, Need)  # type: ignore[attr-defined]
        if p.may_call:  # type: ignore[attr-defined]
            guardian = p.student.primary_links[0].guardian  # type: ignore[attr-defined]
            p.guardian_phone = {  # type: ignore[attr-defined]
                "has_value": bool(guardian.phone), "masked": mask_phone(guardian.phone), "allowed": True,
                "url": reverse("care:mentee-guardian-reveal", args=[p.pk])}
            p.guardian_relation = p.student.primary_links[0].get_relation_display()  # type: ignore[attr-defined]
    if rows:
        log_list(request, "mentee", len(rows))
    return render(request, "care/mentoring_mentees.html", {
        "rows": rows, "is_mentor": bool(my_mentor_ids(actor)),
        "to_summarise": list(selectors.summaries_to_write(actor))})


@require_POST
@actor_view("mentoring.view")
def mentee_guardian_reveal(request, pk: int):
    """The primary guardian's full mobile number for the pair's elder or teacher mentor, logged."""
    pair = get_object_or_404(selectors.guardian_phone_pairs(request.actor), pk=pk)
    value = services.mentee_guardian_phone_reveal(actor=request.actor, pair=pair, request=request)
    return render(request, "people/_revealed.html", {"value": value})
