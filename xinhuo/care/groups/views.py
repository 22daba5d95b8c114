"""Pages of the groups part: special-group tags (STU-2), the groups' settings, support measures (帮扶, STU-3) and the
emotional-support reminders. Thin: a selector reads, one service writes, the template shows. Every view of a tag
(list or record) writes an access-log row; so does the detail of a support measure."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import actor_view, form_status, log_list, log_view, paginate, query_without_page, submit
from xinhuo.people.models import ConsentPurpose
from xinhuo.wellbeing import selectors as wellbeing_selectors

from ..common import students_in_care
from ..models import SupportKind
from ..overview.selectors import groups_chart
from ..rules import can
from . import selectors, services
from .forms import (
    SpecialGroupForm,
    SupportFilterForm,
    SupportForm,
    TagFilterForm,
    TagIdentifyForm,
    TagRenewForm,
    TagStatusForm,
)

TAG = "special_group_tag"
SUPPORT = "support_measure"


# --- special-group tags --------------------------------------------------------------------------------------------


@actor_view("special_groups.view")
def tags(request):
    actor = request.actor
    form = TagFilterForm(request.GET or None, groups=selectors.special_groups(actor),
                         classes=selectors.tag_classes(actor))
    filters = form.filters()
    page = paginate(request, selectors.tag_list(actor, **filters))
    log_list(request, TAG, page, filters, as_text=True)
    # PSY-5: the students the counsellors follow carry a need-attention flag, never why
    attention = wellbeing_selectors.needs_attention_ids(actor.school.pk, {t.student_id for t in page})
    return render(request, "care/groups_tag_list.html", {
        "form": form, "page": page, "query": query_without_page(request), "today": timezone.localdate(),
        "attention": attention,
        "can_identify": actor.can("special_groups.manage"), "can_configure": actor.can("special_groups.configure"),
        "chart": groups_chart(actor),  # the students of each class in each group now: the overview's count
    })


@actor_view("special_groups.manage")
def tag_new(request):
    actor = request.actor
    students = selectors.taggable_students(actor)
    initial = {"identified_on": timezone.localdate()}
    if request.GET.get("student", "").isdigit():
        initial["student"] = request.GET["student"]
    form = TagIdentifyForm(request.POST or None, students=students, groups=selectors.special_groups(actor),
                           initial=initial, screening=actor.can("special_groups.screening"))
    consent_student = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if tag := submit(request, form, lambda: services.tag_identify(actor=actor, **kwargs), _("Tag recorded.")):
            return redirect("care:tag-detail", pk=tag.pk)
        if "student" in form.errors:  # the form was valid: the service refused the student, whose consent is missing
            consent_student = kwargs["student"]
    consent_link = ""
    if consent_student is not None and actor.can("consent.record"):
        consent_link = reverse("people:consent-record", args=[consent_student.pk]) + "?" + urlencode(
            {"purpose": ConsentPurpose.SPECIAL_GROUP})
    return render(request, "care/groups_tag_form.html", {
        "form": form, "consent_student": consent_student, "consent_link": consent_link,
    }, status=form_status(request))


def _tag_page(request, tag, status_form=None, renew_form=None, status: int = 200):
    actor = request.actor
    if not can(actor, "view_tag_detail", tag):
        # a tag from screening: the counsellors follow the student; others see that much and nothing of the tag
        log_view(request, TAG, tag, withheld=True)
        return render(request, "care/groups_tag_withheld.html", {
            "tag": tag, "can_support": actor.can("support.record") and can(actor, "care_for_student", tag.student),
        }, status=status)
    log_view(request, TAG, tag)
    manages = actor.can("special_groups.manage") and can(actor, "manage_tag", tag)
    next_statuses = services.NEXT_STATUSES[tag.status]
    if manages and next_statuses and status_form is None:
        status_form = TagStatusForm(next_statuses=next_statuses)
    if manages and tag.is_open and renew_form is None:
        renew_form = TagRenewForm(initial={"review_on": services.add_months(
            max(tag.review_on, timezone.localdate()), tag.group.review_months)})
    return render(request, "care/groups_tag_detail.html", {
        "tag": tag, "history": selectors.tag_history(tag), "manages": manages,
        "expired": tag.is_expired(), "status_form": status_form if manages and next_statuses else None,
        "renew_form": renew_form if manages and tag.is_open else None,
        "can_support": actor.can("support.record") and can(actor, "care_for_student", tag.student),
    }, status=status)


@actor_view("special_groups.view")
def tag_detail(request, pk: int):
    return _tag_page(request, selectors.tag_detail(request.actor, pk))


@require_POST
@actor_view("special_groups.manage")
def tag_status(request, pk: int):
    actor = request.actor
    tag = get_object_or_404(selectors.manageable_tags(actor), pk=pk)
    form = TagStatusForm(request.POST, next_statuses=services.NEXT_STATUSES[tag.status])
    if submit(request, form, lambda: services.tag_set_status(actor=actor, tag=tag, **form.cleaned_data),
              _("Status recorded.")):
        return redirect("care:tag-detail", pk=tag.pk)
    return _tag_page(request, selectors.tag_detail(actor, pk), status_form=form, status=400)


@require_POST
@actor_view("special_groups.manage")
def tag_renew(request, pk: int):
    actor = request.actor
    tag = get_object_or_404(selectors.manageable_tags(actor), pk=pk)
    form = TagRenewForm(request.POST)
    if submit(request, form, lambda: services.tag_renew(actor=actor, tag=tag, **form.cleaned_data), _("Tag renewed.")):
        return redirect("care:tag-detail", pk=tag.pk)
    return _tag_page(request, selectors.tag_detail(actor, pk), renew_form=form, status=400)


# --- the groups' settings (the director) ---------------------------------------------------------------------------


@actor_view("special_groups.configure")
def groups(request):
    return render(request, "care/groups_group_list.html", {"groups": selectors.special_groups_all(request.actor)})


def _group_form_page(request, group):
    actor = request.actor
    if group is None:
        initial = {"review_months": 6, "visit_every_days": 30, "active": True}
    else:
        initial = {f: getattr(group, f) for f in ("name", "review_months", "visit_every_days", "order", "active")}
    form = SpecialGroupForm(request.POST or None, initial=initial, editing=group is not None)

    def save():
        if group is None:
            return services.special_group_create(actor=actor, **form.service_kwargs())
        return services.special_group_update(actor=actor, group=group, **form.service_kwargs())

    if submit(request, form, save, _("Special group saved.")):
        return redirect("care:groups")
    return render(request, "care/groups_group_form.html", {"form": form, "group": group}, status=form_status(request))


@actor_view("special_groups.configure")
def group_new(request):
    return _group_form_page(request, None)


@actor_view("special_groups.configure")
def group_edit(request, pk: int):
    return _group_form_page(request, get_object_or_404(selectors.special_groups_all(request.actor), pk=pk))


# --- support measures ----------------------------------------------------------------------------------------------


@actor_view("support.view")
def support(request):
    actor = request.actor
    form = SupportFilterForm(request.GET or None, classes=selectors.tag_classes(actor))
    filters = form.filters()
    page = paginate(request, selectors.support_list(actor, **filters))
    log_list(request, SUPPORT, page, filters, as_text=True)
    return render(request, "care/support_list.html", {
        "form": form, "page": page, "query": query_without_page(request), "can_record": actor.can("support.record"),
    })


@actor_view("support.record")
def support_new(request):
    actor = request.actor
    students = students_in_care(actor)
    initial: dict = {"given_on": timezone.localdate()}
    if request.GET.get("student", "").isdigit():
        initial["student"] = request.GET["student"]
    if request.GET.get("kind") in SupportKind.values:
        initial["kind"] = request.GET["kind"]
    if request.GET.get("what"):
        initial["what"] = request.GET["what"][:200]
    form = SupportForm(request.POST or None, students=students, initial=initial)
    if measure := submit(request, form, lambda: services.support_record(
            actor=actor, student=form.cleaned_data["student"], **form.service_kwargs()),
            _("Support measure recorded.")):
        return redirect("care:support-detail", pk=measure.pk)
    return render(request, "care/support_form.html", {"form": form, "measure": None}, status=form_status(request))


@actor_view("support.record")
def support_edit(request, pk: int):
    actor = request.actor
    measure = get_object_or_404(selectors.editable_support(actor), pk=pk)
    initial = {f: getattr(measure, f) for f in ("kind", "given_on", "provider", "what", "amount", "outcome",
                                                 "internal_note")}
    form = SupportForm(request.POST or None, initial=initial)
    if submit(request, form, lambda: services.support_update(actor=actor, measure=measure, **form.service_kwargs()),
              _("Support measure corrected.")):
        return redirect("care:support-detail", pk=measure.pk)
    return render(request, "care/support_form.html", {"form": form, "measure": measure}, status=form_status(request))


@actor_view("support.view")
def support_detail(request, pk: int):
    actor = request.actor
    measure = selectors.support_detail(actor, pk)
    # the internal note is for staff who follow the student (rules.view_support); the family never reaches this
    show_note = can(actor, "view_support", measure)
    log_view(request, SUPPORT, measure, field="internal_note" if measure.internal_note else "")
    return render(request, "care/support_detail.html", {
        "measure": measure, "show_note": show_note, "can_edit": can(actor, "edit_support", measure),
    })


# --- emotional support reminders -----------------------------------------------------------------------------------


@actor_view("support.view")
def reminders(request):
    actor = request.actor
    today = timezone.localdate()
    new = reverse("care:support-new")
    birthdays = [{"student": s, "greet_url": new + "?" + urlencode(
        {"student": str(s.pk), "kind": SupportKind.EMOTIONAL.value, "what": _("Birthday wishes")})}
        for s in selectors.upcoming_birthdays(actor, today)]
    festivals = [{"day": day, "name": name, "in_days": (day - today).days,
                  "greet_url": new + "?" + urlencode({"kind": SupportKind.EMOTIONAL.value,
                                                      "what": _("%(festival)s greetings") % {"festival": name}})}
                 for day, name in selectors.upcoming_festivals(today)]
    return render(request, "care/support_reminders.html", {
        "birthdays": birthdays, "festivals": festivals, "today": today, "days": selectors.BIRTHDAY_DAYS,
        "festival_days": selectors.FESTIVAL_DAYS, "can_record": actor.can("support.record"),
    })
