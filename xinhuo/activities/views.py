"""Pages of the activities: the list, the calendar, the application form, the detail page with its workflow, the
sign-up and the organiser's check-in list, the evidence. Thin: a scoped selector reads, one service writes.
Denied = 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core import registry
from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.web import act, actor_view, form_status, log_list, paginate, query_without_page, stream_file, submit
from xinhuo.elders import selectors as elders_selectors
from xinhuo.news import selectors as news_selectors
from xinhuo.people import selectors as people_selectors

from . import calendar, selectors, services
from .forms import (
    ActivityForm,
    FieldTaskForm,
    FieldWorkForm,
    FileForm,
    FilterForm,
    PhotoForm,
    SignupSettingsForm,
    SummaryForm,
    TransitionForm,
)
from .models import Activity, ActivityFile, ActivityKind, ActivityPhoto, FieldTask, FieldWork, SignUp, SignUpStatus
from .models import ActivityStatus as S
from .rules import can


def _managed_activity(request, pk: int) -> Activity:
    """The activity for its organisers and managers; 404 for anyone else."""
    activity = selectors.activity_detail(request.actor, pk)
    if not can(request.actor, "manage_activity", activity):
        raise Http404
    return activity


def _by_status(signups: list[SignUp]) -> dict[str, list[SignUp]]:
    """The sign-ups split as the detail and check-in pages show them: those with a place, those waiting."""
    return {"signed": [s for s in signups if s.status == SignUpStatus.SIGNED_UP],
            "waiting": [s for s in signups if s.status == SignUpStatus.WAITING]}


# --- list and calendar -----------------------------------------------------------------------------------------


@actor_view("activities.view")
def activity_list(request):
    actor = request.actor
    form = FilterForm(request.GET or None)
    page = paginate(request, selectors.activity_list(actor, **form.filters()))
    return render(request, "activities/list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "awaiting": list(selectors.awaiting_approval(actor)[:20]),
        "applies": actor.can("activities.apply"),
        # staff: the school year's activities per month and kind, below the list
        "chart": (selectors.activity_chart(selectors.activities(actor), actor.school)
                  if actor.has_role(*STAFF_ROLES) else None),
    })


@actor_view("activities.view")
def activity_calendar(request):
    """A month as a grid (on a phone: the list of its days), or the list of the month's activities and
    commemoration days; the weekends and holidays marked. A month that is not YYYY-MM shows this month."""
    actor = request.actor
    today = timezone.localdate()
    year, month = calendar.parse_month(request.GET.get("month", "")) or (today.year, today.month)
    view = "list" if request.GET.get("view") == "list" else "month"
    weeks = selectors.calendar_month(actor, year, month)
    days = [d for week in weeks for d in week
            if d.in_month and (d.activities or d.commemorations or view == "list" and d.holiday)]
    first = dt.date(year, month, 1)
    before = (first - dt.timedelta(days=1)).replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return render(request, "activities/calendar.html", {
        "weeks": weeks, "days": days, "view": view, "first": first,
        "previous": f"{before.year}-{before.month:02d}", "next": f"{after.year}-{after.month:02d}",
        "this_month": f"{year}-{month:02d}", "estimated": not calendar.is_known_year(year),
        "today": today, "applies": actor.can("activities.apply"),
        "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
    })


# --- application and edit ----------------------------------------------------------------------------------------


def _choices(actor):
    return {
        "elders": elders_selectors.active_elders_of_school(actor.school).order_by("name"),
        "classes": SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade"),
        "grades": Grade.objects.filter(school=actor.school),
    }


def _form_page(request, activity: Activity | None):
    actor = request.actor
    initial: dict = {}
    if activity is not None:
        initial = {f: getattr(activity, f) for f in (
            "title", "kind", "theme", "objectives", "off_day_confirmed", "place", "organisers", "audience",
            "safety_plan", "budget_request", "speaker", "route", "handbook", "sharing_place", "scenario",
            "audience_parents", "audience_elders", "audience_teachers", "signup_open", "capacity", "service_hours")}
        for f in ("starts_at", "ends_at", "sharing_at"):
            value = getattr(activity, f)
            initial[f] = timezone.localtime(value).replace(tzinfo=None) if value else None
        initial["elders"] = list(activity.elders.values_list("pk", flat=True))
        initial["audience_classes"] = list(activity.audience_classes.values_list("pk", flat=True))
    else:
        for key in ("kind", "theme"):
            if request.GET.get(key):
                initial[key] = request.GET[key][:100]
        day = request.GET.get("date", "")
        try:
            on = dt.date.fromisoformat(day)
        except ValueError:
            on = None
        if on is not None:
            initial["starts_at"] = dt.datetime.combine(on, dt.time(14, 0))
            initial["ends_at"] = dt.datetime.combine(on, dt.time(16, 0))
    form = ActivityForm(request.POST or None, initial=initial, **_choices(actor))

    def save() -> Activity:
        if activity is None:
            return services.activity_apply(actor=actor, **form.service_kwargs())
        return services.activity_update(actor=actor, activity=activity, **form.service_kwargs())

    if saved := submit(request, form, save, _("Application saved: the leaders are told.")):
        return redirect("activities:detail", pk=saved.pk)
    return render(request, "activities/form.html", {"form": form, "activity": activity}, status=form_status(request))


@actor_view("activities.apply")
def activity_new(request):
    return _form_page(request, None)


@actor_view("activities.apply")
def activity_edit(request, pk: int):
    activity = selectors.activity_detail(request.actor, pk)
    if not can(request.actor, "manage_activity", activity) or activity.status not in services.EDITABLE:
        raise Http404
    return _form_page(request, activity)


# --- the detail page and the workflow ----------------------------------------------------------------------------


# each step of the workflow in words: what was done (the statuses it went from and to)
STEP_WORDS: dict[tuple[str, str], object] = {
    ("", S.APPLIED): gettext_lazy("Application submitted"),
    (S.RETURNED, S.APPLIED): gettext_lazy("Submitted again after changes"),
    (S.APPLIED, S.APPROVED): gettext_lazy("Approved"),
    (S.APPLIED, S.RETURNED): gettext_lazy("Returned for changes"),
    (S.APPLIED, S.REJECTED): gettext_lazy("Rejected"),
    (S.APPROVED, S.RUNNING): gettext_lazy("Started"),
    (S.RUNNING, S.SUMMARISED): gettext_lazy("Summary written"),
    (S.SUMMARISED, S.ARCHIVED): gettext_lazy("Archived"),
}
REASONED = frozenset({S.RETURNED, S.REJECTED})  # a step whose comment is its reason


def _history(activity) -> dict:
    """Every step of the activity's workflow, in words, with who took it, when and their comment (the reason of a
    return or a rejection); `gap` when the activity's state is not the last step's (a record made outside the
    services): the page says so rather than showing a history that stops short."""
    steps = list(selectors.activity_steps(activity))
    rows = [{"step": s, "action": f"{s.from_status or 'new'}-{s.to_status}",
             "words": STEP_WORDS.get((s.from_status, s.to_status), s.get_to_status_display()),
             "reason": s.to_status in REASONED} for s in steps]
    last = steps[-1].to_status if steps else ""
    return {"rows": rows, "gap": last != activity.status}


@actor_view("activities.view")
def activity_detail(request, pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    manages = can(actor, "manage_activity", activity)
    approves = (can(actor, "approve_activity", activity) and activity.status == S.APPLIED
                and activity.organiser_id != actor.user.pk)
    signups = list(selectors.signups(activity)) if manages else []
    if signups:
        log_list(request, "activity_signup", len(signups), object_id=activity.pk)
    own = selectors.own_signups(actor, activity)
    own_students = {s.student_id for s in own if s.student_id}
    candidates = [s for s in selectors.signup_candidates(actor, activity) if s.pk not in own_students]
    self_kind = services.self_signup_kind(actor, activity) if actor.can("activities.signup") else None
    signed_self = any(s.student_id is None for s in own)
    tasks = list(selectors.field_tasks(activity)) if activity.kind == ActivityKind.STUDY_TRIP else []
    works = selectors.own_field_works(actor, activity) if tasks else []
    family_on_trip = [s for s in own if s.student_id and s.status == SignUpStatus.SIGNED_UP]
    return render(request, "activities/detail.html", {
        "activity": activity, "history": _history(activity) if can(actor, "view_history", activity) else None,
        "manages": manages, "approves": approves,
        "archives": can(actor, "archive_activity", activity) and activity.status == S.SUMMARISED,
        "editable": manages and activity.status in services.EDITABLE,
        "signups": signups, **_by_status(signups),
        "own": own, "candidates": candidates, "me_student": actor.student_id,
        "for_parents": activity.kind in services.PARENT_KINDS,
        "self_kind": None if signed_self else self_kind,
        "can_sign_up": activity.signup_open and activity.status in services.SIGNUP_STATUSES
        and timezone.now() < activity.ends_at,
        "photos": list(selectors.photos(activity)), "files": list(selectors.files(activity)),
        "evidence_open": manages and activity.status in services.EVIDENCE_STATUSES,
        "tasks": tasks, "works": works, "family_on_trip": family_on_trip,
        "all_works": list(selectors.field_works(activity)) if manages and tasks else [],
        "settings_form": SignupSettingsForm(initial={"signup_open": activity.signup_open,
                                                     "capacity": activity.capacity,
                                                     "service_hours": activity.service_hours}),
        "task_form": FieldTaskForm(), "photo_form": PhotoForm(), "file_form": FileForm(),
        "news": list(news_selectors.news_of_activity(activity)) if manages else [],
        # other apps' blocks about this activity (the effect survey: surveys), declared in their manifests
        "panels": registry.object_panels("activity", actor, activity),
    })


@require_POST
@actor_view("activities.view")
def activity_transition(request, pk: int, action: str):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    if action not in services.TRANSITIONS or action == "summarise":
        raise Http404
    form = TransitionForm(request.POST)
    act(request, lambda: services.activity_transition(actor=actor, activity=activity, action=action,
                                                      comment=form.cleaned_data.get("comment", "")),
        lambda done: _("Done: %(title)s is now %(status)s.") % {"title": done.title,
                                                                "status": done.get_status_display()}, form=form)
    return redirect("activities:detail", pk=activity.pk)


@actor_view("activities.apply")
def activity_summarise(request, pk: int):
    actor = request.actor
    activity = _managed_activity(request, pk)
    attended = SignUp.objects.filter(activity=activity, checked_in_at__isnull=False).count()
    initial = {"participants": attended or None, "speaker": activity.speaker, "theme": activity.theme,
               "evacuation_seconds": activity.evacuation_seconds}
    form = SummaryForm(request.POST or None, kind=activity.kind, initial=initial)
    fields = ("summary", "participants", "effect", "speaker", "theme", "evacuation_seconds",  # some, by kind
              "actual_cost")
    if submit(request, form, lambda: services.activity_transition(
            actor=actor, activity=activity, action="summarise",
            **{k: v for k, v in form.cleaned_data.items() if k in fields}),
              _("Summary saved; the service hours of the %(n)d people checked in are credited.") % {"n": attended}):
        return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/summarise.html", {"form": form, "activity": activity, "attended": attended},
                  status=form_status(request))


# --- sign-up and check-in ----------------------------------------------------------------------------------------


@require_POST
@actor_view("activities.signup")
def signup_add(request, pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    student = None
    if request.POST.get("student"):
        student = people_selectors.students_of_school(actor.school).filter(pk=request.POST["student"]).first()
        if student is None:
            raise Http404
    try:
        signup = services.signup_add(actor=actor, activity=activity, student=student)
    except ValidationError as exc:  # not act(): a place on the waiting list is said as a warning
        messages.error(request, " ".join(exc.messages))
    else:
        if signup.status == SignUpStatus.WAITING:
            messages.warning(request, _("The places are taken: %(name)s is on the waiting list and moves up when "
                                        "a place is freed.") % {"name": signup.name})
        else:
            messages.success(request, _("%(name)s is signed up.") % {"name": signup.name})
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.view")
def signup_cancel(request, pk: int, signup_pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    signup = get_object_or_404(SignUp, activity=activity, pk=signup_pk)
    act(request, lambda: services.signup_cancel(actor=actor, signup=signup),
        _("The sign-up of %(name)s is cancelled.") % {"name": signup.name})
    return redirect(request.POST.get("next") == "checkin" and "activities:checkin" or "activities:detail",
                    pk=activity.pk)


@require_POST
@actor_view("activities.apply")
def signup_settings(request, pk: int):
    activity = _managed_activity(request, pk)
    form = SignupSettingsForm(request.POST)
    act(request, lambda: services.signup_settings_update(actor=request.actor, activity=activity, **form.cleaned_data),
        _("Sign-up settings saved."), form=form)
    return redirect("activities:detail", pk=activity.pk)


@actor_view("activities.apply")
def checkin(request, pk: int):
    """The organiser's list on a phone: one tap per person."""
    activity = _managed_activity(request, pk)
    signups = list(selectors.signups(activity))
    log_list(request, "activity_signup", len(signups), object_id=activity.pk)
    lists = _by_status(signups)
    return render(request, "activities/checkin.html", {
        "activity": activity, **lists, "present": sum(1 for s in lists["signed"] if s.checked_in_at),
    })


@require_POST
@actor_view("activities.apply")
def checkin_set(request, pk: int, signup_pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    signup = get_object_or_404(SignUp, activity=activity, pk=signup_pk)
    try:
        signup = services.checkin_set(actor=actor, signup=signup, present=request.POST.get("present") == "1")
    except ValidationError as exc:  # not act(): a tap that worked says nothing, the row shows it
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        signed = list(selectors.signups(activity, statuses=(SignUpStatus.SIGNED_UP,)))
        return render(request, "activities/_checkin_row.html", {
            "activity": activity, "s": signup, "present": sum(1 for s in signed if s.checked_in_at),
            "total": len(signed)})
    return redirect("activities:checkin", pk=activity.pk)


# --- evidence and field tasks ------------------------------------------------------------------------------------


@require_POST
@actor_view("activities.apply")
def photo_add(request, pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    form = PhotoForm(request.POST)
    act(request, lambda: services.photos_add(actor=actor, activity=activity, images=request.FILES.getlist("images"),
                                             caption=form.cleaned_data.get("caption", "")),
        lambda added: _("%(n)d photos added.") % {"n": len(added)}, form=form)
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.apply")
def file_add(request, pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    act(request, lambda: services.file_add(actor=actor, activity=activity, upload=request.FILES.get("file")),
        lambda added: _("File “%(name)s” added.") % {"name": added.name})
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.apply")
def evidence_delete(request, pk: int, kind: str, item_pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    item: ActivityPhoto | ActivityFile
    if kind == "photo":
        item = get_object_or_404(ActivityPhoto, activity=activity, pk=item_pk)
    elif kind == "file":
        item = get_object_or_404(ActivityFile, activity=activity, pk=item_pk)
    else:
        raise Http404
    act(request, lambda: services.evidence_delete(actor=actor, item=item), _("Removed."))
    return redirect("activities:detail", pk=activity.pk)


@actor_view("activities.view")
def evidence_download(request, pk: int, kind: str, item_pk: int):
    activity = selectors.activity_detail(request.actor, pk)
    if kind == "photo":
        return stream_file(get_object_or_404(ActivityPhoto, activity=activity, pk=item_pk).image)
    if kind == "file":
        item = get_object_or_404(ActivityFile, activity=activity, pk=item_pk)
        return stream_file(item.file, download_name=item.name)
    if kind == "work":
        work = get_object_or_404(FieldWork.objects.select_related("task"), task__activity=activity, pk=item_pk)
        if not (can(request.actor, "manage_activity", activity)
                or work.student_id in selectors.family_student_ids(request.actor)):
            raise Http404
        return stream_file(work.file, download_name=work.file.name.rsplit("/", 1)[-1])
    raise Http404


@require_POST
@actor_view("activities.apply")
def field_task_add(request, pk: int):
    activity = _managed_activity(request, pk)
    form = FieldTaskForm(request.POST)
    act(request, lambda: services.field_task_add(actor=request.actor, activity=activity, **form.cleaned_data),
        _("Field task added."), form=form)
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.view")
def field_work_submit(request, pk: int, task_pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    task = get_object_or_404(FieldTask, activity=activity, pk=task_pk)
    family = selectors.family_student_ids(actor)
    chosen = request.POST.get("student") or (next(iter(family)) if len(family) == 1 else 0)
    student = people_selectors.students_of_school(actor.school).filter(pk=chosen).first()
    if student is None:
        raise Http404
    form = FieldWorkForm(request.POST, request.FILES)
    act(request, lambda: services.field_work_submit(actor=actor, task=task, student=student,
                                                    text=form.cleaned_data.get("text", ""),
                                                    upload=request.FILES.get("file")), _("Handed in."), form=form)
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.apply")
def field_work_feedback(request, pk: int, work_pk: int):
    actor = request.actor
    activity = selectors.activity_detail(actor, pk)
    work = get_object_or_404(FieldWork.objects.select_related("task__activity"), task__activity=activity, pk=work_pk)
    act(request, lambda: services.field_work_feedback(actor=actor, work=work,
                                                      feedback=request.POST.get("feedback", "")), _("Feedback saved."))
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@actor_view("activities.apply")
def publish_news(request, pk: int):
    from xinhuo.news.services import news_draft_from_activity

    actor = request.actor
    activity = _managed_activity(request, pk)
    try:
        item = news_draft_from_activity(actor=actor, activity=activity)
    except ValidationError as exc:  # not act(): the draft it made decides where to go
        messages.error(request, " ".join(exc.messages))
        return redirect("activities:detail", pk=activity.pk)
    messages.success(request, _("A news draft is ready for the committee to edit and publish."))
    if actor.can("news.manage"):
        return redirect("news:edit", pk=item.pk)
    return redirect("activities:detail", pk=activity.pk)
