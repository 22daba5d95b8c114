"""Pages of the committee part: parent committees and their members, their meetings and minutes, mutual-help groups.
Thin: a selector reads (scoped), one service writes, the template shows. What another may not manage is a 404.
Seeing members' full phones, minutes, and a mutual-help group's member list writes an access-log row."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.models import SchoolYear
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from . import selectors, services
from .forms import (
    ClassPickForm,
    CommitteeFilterForm,
    CommitteeForm,
    GroupForm,
    GroupMeetingForm,
    GroupMemberForm,
    MeetingForm,
    SeatEndForm,
    SeatForm,
    int_or_none,
)
from .models import CommitteeLevel, CommitteeMeetingStatus, CommitteeSeat, MutualHelpMember
from .rules import manages_committee, manages_group

SEATS = "family_committee_seat"
MINUTES = "family_committee_meeting"
GROUP_MEMBERS = "family_mutual_help_member"


# --- committees ----------------------------------------------------------------------------------------------------


@actor_view("family.committee.view")
def committee_list(request):
    actor = request.actor
    years = list(SchoolYear.objects.filter(school=actor.school).order_by("-start"))
    current = selectors.current_year(actor)
    data = request.GET.copy()
    if not data.get("year") and current is not None:
        data["year"] = str(current.pk)
    form = CommitteeFilterForm(data, years=years)
    filters = form.filters()
    page = paginate(request, selectors.committee_list(actor, **filters))
    selectors.with_counts(page.object_list)
    return render(request, "family/committee/list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "can_create": actor.can("family.committee.manage") or bool(actor.class_ids and actor.can(
            "family.committee.manage_class")),
        "my_seats": selectors.my_seats(actor),
    })


@actor_view("family.committee.manage_class")
def committee_new(request):
    actor = request.actor
    class_only = not actor.can("family.committee.manage")
    initial = {"level": CommitteeLevel.CLASS} if class_only else {}
    form = CommitteeForm(request.POST or None, initial=initial, grades=selectors.grades(actor),
                         classes=selectors.creatable_classes(actor), class_only=class_only)
    if committee := submit(request, form, lambda: services.committee_create(actor=actor, **form.service_kwargs()),
                           _("Committee created.")):
        return redirect("family:committee-detail", pk=committee.pk)
    return render(request, "family/committee/form.html", {"form": form}, status=form_status(request))


def _committee_page(request, committee, end_form=None, status: int = 200):
    actor = request.actor
    manages = manages_committee(actor, committee)
    rows = selectors.seats(actor, committee, with_ended=manages)
    if any(r.phone_shown and r.phone for r in rows):
        log_view(request, SEATS, committee, field="phone", count=sum(1 for r in rows if r.phone_shown))
    return render(request, "family/committee/detail.html", {
        "committee": committee, "rows": rows, "manages": manages,
        "meetings": selectors.committee_meetings(actor, committee),
        "is_member": selectors.is_member(actor, committee),
        "end_form": end_form or SeatEndForm(initial={"ended_on": timezone.localdate()}),
    }, status=status)


@actor_view("family.committee.view")
def committee_detail(request, pk: int):
    return _committee_page(request, selectors.committee_detail(request.actor, pk))


def _managed_committee(actor, pk: int):
    return get_object_or_404(selectors.manageable_committees(actor), pk=pk)


@actor_view("family.committee.manage_class")
def seat_add(request, pk: int):
    actor = request.actor
    committee = _managed_committee(actor, pk)
    if committee.level == CommitteeLevel.CLASS:
        class_id, picker = committee.school_class_id, None
    else:
        picker = ClassPickForm(request.GET or None, classes=selectors.picker_classes(actor, committee))
        class_id = picker.class_id()
        if request.method == "POST":
            class_id = int_or_none(request.POST.get("school_class"))
    choices = selectors.guardian_choices(selectors.eligible_guardians(committee), class_id)
    if request.method == "POST" and committee.level != CommitteeLevel.CLASS and not choices:
        # the class was not kept: any eligible parent the form names is still checked by the service
        choices = [(g.pk, g.name) for g in selectors.eligible_guardians(committee).filter(
            pk=int_or_none(request.POST.get("guardian")) or 0)]
    form = SeatForm(request.POST or None, guardians=choices, initial={"term_from": timezone.localdate()})

    def save():
        d = form.cleaned_data
        guardian = get_object_or_404(selectors.people.guardians_of_school(actor.school), pk=d["guardian"])
        return services.committee_seat_add(actor=actor, committee=committee, guardian=guardian,
                                           position=d["position"], duties=d["duties"], term_from=d["term_from"],
                                           term_to=d["term_to"])

    if submit(request, form, save, _("Member added.")):
        return redirect("family:committee-detail", pk=committee.pk)
    return render(request, "family/committee/seat_form.html", {
        "committee": committee, "form": form, "picker": picker, "class_id": class_id,
    }, status=form_status(request))


@require_POST
@actor_view("family.committee.manage_class")
def seat_end(request, pk: int):
    actor = request.actor
    seat = get_object_or_404(CommitteeSeat.objects.filter(
        committee__in=selectors.manageable_committees(actor)).select_related("committee", "guardian"), pk=pk)
    form = SeatEndForm(request.POST)
    act(request, lambda: services.committee_seat_end(actor=actor, seat=seat, ended_on=form.cleaned_data["ended_on"],
                                                     note=form.cleaned_data["note"]),
        _("The member's term has ended."), form=form)
    return redirect("family:committee-detail", pk=seat.committee_id)


# --- meetings ------------------------------------------------------------------------------------------------------


def _meeting_kwargs(form) -> dict:
    d = form.cleaned_data
    return {k: d[k] for k in ("title", "held_on", "place", "topics", "minutes", "resolutions", "attendees")}


@actor_view("family.committee.manage_class")
def meeting_new(request, pk: int):
    actor = request.actor
    committee = _managed_committee(actor, pk)
    seats = committee.seats.filter(ended_on__isnull=True).select_related("guardian").order_by("position", "pk")
    form = MeetingForm(request.POST or None, seats=seats, initial={"held_on": timezone.localdate()})
    if meeting := submit(request, form, lambda: services.committee_meeting_create(
            actor=actor, committee=committee, **_meeting_kwargs(form)), _("Meeting recorded as a draft.")):
        return redirect("family:committee-meeting-detail", pk=meeting.pk)
    return render(request, "family/committee/meeting_form.html", {"committee": committee, "form": form},
                  status=form_status(request))


@actor_view("family.committee.view")
def meeting_detail(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    log_view(request, MINUTES, meeting, field="minutes")
    return render(request, "family/committee/meeting_detail.html", {
        "meeting": meeting, "committee": meeting.committee,
        "manages": manages_committee(actor, meeting.committee),
        "draft": meeting.status == CommitteeMeetingStatus.DRAFT,
    })


@actor_view("family.committee.manage_class")
def meeting_edit(request, pk: int):
    actor = request.actor
    meeting = selectors.manageable_meeting(actor, pk)
    if meeting.status != CommitteeMeetingStatus.DRAFT:
        return redirect("family:committee-meeting-detail", pk=meeting.pk)
    seats = meeting.committee.seats.select_related("guardian").order_by("ended_on", "position", "pk")
    initial = {k: getattr(meeting, k) for k in ("title", "held_on", "place", "topics", "minutes", "resolutions")}
    initial["attendees"] = [s.pk for s in meeting.attendees.all()]
    form = MeetingForm(request.POST or None, seats=seats, initial=initial)
    if submit(request, form, lambda: services.committee_meeting_update(
            actor=actor, meeting=meeting, **_meeting_kwargs(form)), _("Meeting saved.")):
        return redirect("family:committee-meeting-detail", pk=meeting.pk)
    return render(request, "family/committee/meeting_form.html", {
        "committee": meeting.committee, "meeting": meeting, "form": form}, status=form_status(request))


@require_POST
@actor_view("family.committee.manage_class")
def meeting_approve(request, pk: int):
    actor = request.actor
    meeting = selectors.manageable_meeting(actor, pk)
    act(request, lambda: services.committee_meeting_approve(actor=actor, meeting=meeting),
        _("Minutes approved; the members can read them."))
    return redirect("family:committee-meeting-detail", pk=meeting.pk)


# --- mutual-help groups --------------------------------------------------------------------------------------------


@actor_view("family.mutual_help.view")
def group_list(request):
    actor = request.actor
    page = paginate(request, selectors.groups(actor).order_by("name", "pk"))
    selectors.with_member_counts(page.object_list)
    log_list(request, "family_mutual_help_group", page)
    return render(request, "family/committee/group_list.html", {
        "page": page, "query": query_without_page(request), "can_create": actor.can("family.mutual_help.manage"),
    })


@actor_view("family.mutual_help.manage")
def group_new(request):
    actor = request.actor
    picker = ClassPickForm(request.GET or None, classes=selectors.picker_classes(actor))
    class_id = picker.class_id()
    if request.method == "POST":
        class_id = int_or_none(request.POST.get("school_class"))
    candidates = selectors.member_candidates(actor)
    choices = selectors.guardian_choices(candidates, class_id)
    form = GroupForm(request.POST or None, staff=selectors.coordinator_staff(actor), guardians=choices)

    def save():
        d = form.cleaned_data
        staff = form.staff.get(d["coordinator_staff"] or 0)
        guardian = candidates.filter(pk=d["coordinator_guardian"]).first() if d["coordinator_guardian"] else None
        return services.mutual_help_group_create(actor=actor, name=d["name"], purpose=d["purpose"],
                                                 coordinator_staff=staff, coordinator_guardian=guardian)

    if group := submit(request, form, save, _("Group created.")):
        return redirect("family:mutual-help-detail", pk=group.pk)
    return render(request, "family/committee/group_form.html", {"form": form, "picker": picker,
                                                                  "class_id": class_id}, status=form_status(request))


def _group_page(request, group, member_form=None, meeting_form=None, status: int = 200):
    actor = request.actor
    manages = manages_group(actor, group)
    members = selectors.group_members(actor, group)
    if members:
        log_view(request, GROUP_MEMBERS, group, field="members", count=len(members))
    picker, choices, class_id = None, [], None
    if manages:
        picker = ClassPickForm(request.GET or None, classes=selectors.picker_classes(actor))
        class_id = picker.class_id()
        choices = selectors.guardian_choices(selectors.member_candidates(actor), class_id)
    return render(request, "family/committee/group_detail.html", {
        "group": group, "manages": manages, "members": members,
        "member_list": selectors.sees_members(actor, group), "meetings": selectors.group_meetings(group),
        "picker": picker, "class_id": class_id,
        "member_form": member_form or (GroupMemberForm(guardians=choices) if manages else None),
        "meeting_form": meeting_form or (GroupMeetingForm(initial={"held_on": timezone.localdate()})
                                         if manages else None),
    }, status=status)


@actor_view("family.mutual_help.view")
def group_detail(request, pk: int):
    return _group_page(request, selectors.group_detail(request.actor, pk))


@require_POST
@actor_view("family.mutual_help.view")
def group_member_add(request, pk: int):
    actor = request.actor
    group = selectors.manageable_group(actor, pk)
    candidates = selectors.member_candidates(actor)
    wanted = int_or_none(request.POST.get("guardian")) or 0
    form = GroupMemberForm(request.POST, guardians=[(g.pk, g.name) for g in candidates.filter(pk=wanted)])

    def save():
        return services.mutual_help_member_add(actor=actor, group=group, guardian=candidates.get(pk=wanted),
                                               joined_on=form.cleaned_data["joined_on"])

    if submit(request, form, save, _("Family added to the group.")):
        return redirect("family:mutual-help-detail", pk=group.pk)
    return _group_page(request, group, member_form=form, status=400)


@require_POST
@actor_view("family.mutual_help.view")
def group_member_end(request, pk: int):
    actor = request.actor
    member = get_object_or_404(MutualHelpMember.objects.filter(group__in=selectors.groups(actor)).select_related(
        "group__coordinator_staff", "group__coordinator_guardian"), pk=pk)
    if not manages_group(actor, member.group):
        from django.http import Http404

        raise Http404
    act(request, lambda: services.mutual_help_member_end(actor=actor, member=member,
                                                         left_on=timezone.localdate()),
        _("The family has left the group."))
    return redirect("family:mutual-help-detail", pk=member.group_id)


@require_POST
@actor_view("family.mutual_help.view")
def group_meeting_add(request, pk: int):
    actor = request.actor
    group = selectors.manageable_group(actor, pk)
    form = GroupMeetingForm(request.POST)
    if submit(request, form, lambda: services.mutual_help_meeting_add(actor=actor, group=group, **form.cleaned_data),
              _("Meeting recorded.")):
        return redirect("family:mutual-help-detail", pk=group.pk)
    return _group_page(request, group, meeting_form=form, status=400)
