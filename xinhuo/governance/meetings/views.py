"""Pages of the meetings part (GOV-1): the list of one's meetings, a meeting with its agenda, invitations, replies,
attendance (a phone list), minutes and action items, the Word minutes, one's action items, and the series. Thin: a
scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import act, actor_view, form_status, paginate, query_without_page, submit

from . import recurrence, selectors, services
from .forms import (
    ActionFilterForm,
    ActionForm,
    AttendanceForm,
    CloseForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    ReplyForm,
    SeriesForm,
    StepForm,
)
from .models import ActionStatus, Attendance, MeetingKind, MeetingStatus
from .rules import MANAGE, VIEW, can
from .word import file_name
from .word import minutes_docx as build_docx

S = MeetingStatus
STEP_DONE = {
    "circulate": gettext_lazy("The agenda is circulated; the invitees are told."),
    "hold": gettext_lazy("The meeting is marked as held; write the minutes."),
    "submit": gettext_lazy("The minutes are submitted for approval."),
    "return": gettext_lazy("The minutes are returned for changes."),
    "approve": gettext_lazy("The minutes are approved and filed in the archive."),
    "cancel": gettext_lazy("The meeting is cancelled."),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@actor_view(VIEW)
def meeting_list(request):
    actor = request.actor
    form = MeetingFilterForm(request.GET or None)
    page = paginate(request, selectors.meeting_list(actor, **form.filters()))
    return render(request, "governance/meetings/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "manages": selectors.manages(actor)})


@actor_view(MANAGE)
def meeting_form(request, pk: int | None = None):
    actor = request.actor
    meeting = selectors.managed_meeting(actor, pk) if pk is not None else None
    kind = request.POST.get("kind") or request.GET.get("kind") or (meeting.kind if meeting else "")
    initial = MeetingForm.initial_for(meeting) if meeting else {"kind": kind if kind in MeetingKind.values else ""}
    forums = selectors.forum_choices(actor)
    form = MeetingForm(request.POST or None, initial=initial, people=selectors.staff_choices(actor.school),
                       invitable=selectors.invitee_choices(actor.school, kind), forums=forums,
                       joints=selectors.joint_meeting_choices(actor) if actor.can("community.partners.manage")
                       else None)

    def save():
        data = dict(form.cleaned_data)
        data.setdefault("forum", None)
        data.setdefault("joint_meeting", None)
        return services.meeting_save(actor=actor, meeting=meeting, **data)

    saved = submit(request, form, save, _("The meeting is saved."))
    if saved:
        return redirect("governance:meeting-detail", saved.pk)
    return render(request, "governance/meetings/form.html", {"form": form, "meeting": meeting},
                  status=form_status(request))


def _detail_context(request, meeting) -> dict:
    actor = request.actor
    invitations = list(selectors.invitations(meeting))
    mine = next((i for i in invitations if i.user_id == actor.user.pk), None)
    records = can(actor, "record_meeting", meeting)
    manages = can(actor, "manage_meeting", meeting)
    approves = can(actor, "approve_minutes", meeting)
    sees_replies = records or manages
    status = meeting.status
    series_note = ""
    if meeting.series_id:
        start = timezone.localtime(meeting.starts_at).date()
        nominal, held = recurrence.occurrence(start.year, start.month, meeting.series.weekday, meeting.series.nth)
        if held == start and nominal != start:
            series_note = services.moved_note(nominal, held)
    counts = {r: sum(1 for i in invitations if i.reply == r) for r in ("yes", "no", "maybe", "pending")}
    return {
        "meeting": meeting, "invitations": invitations if sees_replies else [], "mine": mine,
        "counts": counts, "n_invited": len(invitations),
        "records": records, "manages": manages, "approves": approves, "series_note": series_note,
        "can_edit": manages and status in (S.PLANNED, S.CIRCULATED),
        "can_reply": mine is not None and status == S.CIRCULATED and meeting.starts_at > timezone.now(),
        "can_attend": records and status in (S.CIRCULATED, S.HELD)
        and timezone.localtime(meeting.starts_at).date() <= timezone.localdate(),
        "steps": {
            "circulate": manages and status == S.PLANNED,
            "hold": records and status == S.CIRCULATED and meeting.starts_at <= timezone.now(),
            "submit": records and status == S.HELD,
            "approve": approves and status == S.MINUTES_SUBMITTED,
            "cancel": manages and status in (S.PLANNED, S.CIRCULATED),
        },
        "writes_minutes": records and status == S.HELD,
        "docx": status == S.CLOSED or (records and status in (S.HELD, S.MINUTES_SUBMITTED)),
        "actions": list(meeting.actions.select_related("owner", "plan_task").order_by("due_on", "pk")),
        "history": selectors.meeting_steps(meeting), "links": selectors.linked_records(actor, meeting),
        "reply_form": ReplyForm(initial={"reply": mine.reply if mine and mine.reply != "pending" else "",
                                         "note": mine.reply_note if mine else ""}),
        "today": timezone.localdate(),
    }


@actor_view(VIEW)
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_detail(request.actor, pk)
    return render(request, "governance/meetings/detail.html", _detail_context(request, meeting))


@require_POST
@actor_view(VIEW)
def meeting_step(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")
    act(request, lambda: services.meeting_step(actor=actor, meeting=meeting, action=form.cleaned_data["action"],
                                               comment=form.cleaned_data["comment"]),
        lambda _m: str(STEP_DONE.get(action, "")), form=form)
    return redirect("governance:meeting-detail", meeting.pk)


@require_POST
@actor_view(VIEW)
def reply(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    form = ReplyForm(request.POST)
    act(request, lambda: services.invitation_reply(actor=actor, meeting=meeting, **form.cleaned_data),
        _("Your reply is sent."), form=form)
    return redirect("governance:meeting-detail", meeting.pk)


@actor_view(VIEW)
def attendance(request, pk: int):
    """The phone list of the day: one tap per person (present, late, absent, excused)."""
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    if not can(actor, "record_meeting", meeting):
        raise Http404
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        act(request, lambda: services.attendance_mark(actor=actor, meeting=meeting, **{
            "invitation_id": form.cleaned_data["invitation"], "attendance": form.cleaned_data["attendance"]}),
            _("Attendance saved."), form=form)
        anchor = f"#inv-{parse_id(request.POST.get('invitation')) or ''}"
        return redirect(reverse("governance:meeting-attendance", args=[meeting.pk]) + anchor)
    invitations = list(selectors.invitations(meeting))
    marked = sum(1 for i in invitations if i.attendance)
    return render(request, "governance/meetings/attendance.html", {
        "meeting": meeting, "invitations": invitations, "marked": marked,
        "choices": [c for c in Attendance.choices if c[0]],
        "open": meeting.status in (S.CIRCULATED, S.HELD)
        and timezone.localtime(meeting.starts_at).date() <= timezone.localdate()})


@actor_view(VIEW)
def minutes(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    if not can(actor, "record_meeting", meeting):
        raise Http404
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes, "resolutions": meeting.resolutions,
                                                      "absent_note": meeting.absent_note})
    saved = submit(request, form, lambda: services.minutes_save(actor=actor, meeting=meeting, **form.cleaned_data),
                   _("The minutes are saved."))
    if saved:
        return redirect("governance:meeting-minutes", meeting.pk)
    return render(request, "governance/meetings/minutes.html", {
        "meeting": meeting, "form": form, "editable": meeting.status == S.HELD,
        "action_form": ActionForm(people=selectors.invitee_choices(actor.school, meeting.kind),
                                  tasks=selectors.plan_task_choices(actor)),
        "actions": meeting.actions.select_related("owner", "plan_task").order_by("due_on", "pk"),
    }, status=form_status(request))


@require_POST
@actor_view(VIEW)
def action_add(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    if not can(actor, "record_meeting", meeting):
        raise Http404
    form = ActionForm(request.POST, people=selectors.invitee_choices(actor.school, meeting.kind),
                      tasks=selectors.plan_task_choices(actor))
    act(request, lambda: services.action_add(actor=actor, meeting=meeting, **{
        "plan_task": None, **form.cleaned_data}), _("The action item is added."), form=form)
    return redirect("governance:meeting-minutes", meeting.pk)


@require_POST
@actor_view(VIEW)
def action_remove(request, pk: int):
    actor = request.actor
    item = selectors.action_detail(actor, pk)
    if not can(actor, "record_meeting", item.meeting):
        raise Http404
    act(request, lambda: services.action_remove(actor=actor, item=item), _("The action item is removed."))
    return redirect("governance:meeting-minutes", item.meeting_id)


@actor_view(VIEW)
def minutes_docx(request, pk: int):
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    if not (meeting.status == S.CLOSED or (can(actor, "record_meeting", meeting)
                                           and meeting.status in (S.HELD, S.MINUTES_SUBMITTED))):
        raise Http404
    content = build_docx(meeting, selectors.invitations(meeting), meeting.actions.select_related("owner"))
    response = HttpResponse(content, content_type=DOCX)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(meeting))}"
    return response


@actor_view(VIEW)
def action_list(request):
    actor = request.actor
    manages = selectors.manages(actor)
    scope = request.GET.get("scope", "mine")
    scope = scope if scope in ("mine", "all") and (manages or scope == "mine") else "mine"
    form = ActionFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = paginate(request, selectors.action_list(actor, scope=scope, status=status))
    today = timezone.localdate()
    for item in page:
        item.overdue = item.status == ActionStatus.OPEN and item.due_on < today
        item.closable = item.status == ActionStatus.OPEN and can(actor, "close_action", item)
    return render(request, "governance/meetings/actions.html", {
        "page": page, "form": form, "scope": scope, "manages": manages, "query": query_without_page(request)})


@require_POST
@actor_view(VIEW)
def action_close(request, pk: int):
    actor = request.actor
    item = selectors.action_detail(actor, pk)
    form = CloseForm(request.POST)
    drop = request.POST.get("drop") == "1"
    act(request, lambda: services.action_close(actor=actor, item=item, note=form.cleaned_data["note"], drop=drop),
        _("The action item is dropped.") if drop else _("The action item is closed."), form=form)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/governance/") else reverse("governance:meeting-actions"))


@actor_view(MANAGE)
def series_list(request):
    rows = list(selectors.series_list(request.actor))
    return render(request, "governance/meetings/series_list.html", {"rows": rows})


@actor_view(MANAGE)
def series_form(request, pk: int | None = None):
    actor = request.actor
    series = selectors.series_detail(actor, pk) if pk is not None else None
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_for(series) if series else
                      {"nth": 1, "weekday": 2, "duration_minutes": 90, "active": True},
                      people=selectors.staff_choices(actor.school))
    saved = submit(request, form, lambda: services.series_save(actor=actor, series=series, **form.cleaned_data),
                   _("The series is saved; its next meeting is planned."))
    if saved:
        return redirect("governance:meeting-series")
    return render(request, "governance/meetings/series_form.html", {"form": form, "series": series},
                  status=form_status(request))
