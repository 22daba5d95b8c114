"""Pages of the work plan (PLAN-1, PLAN-2, GOV-4): the plans, a plan with its completion per section, editing,
printing and the Word file, task progress with evidence, and the task lists (mine, my departments', all).
Thin: a selector reads, one service writes, the template shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.selectors import school_year_bounds
from xinhuo.core.uploads import content_type_for
from xinhuo.core.web import actor_view, form_errors_from, form_status, paginate, query_without_page, stream_file

from . import export, selectors, services
from .forms import (
    EvidenceForm,
    MoveForm,
    PlanCreateForm,
    PlanForm,
    PlanStatusForm,
    ProgressForm,
    SectionForm,
    TaskFilterForm,
    TaskForm,
)
from .models import PlanStatus, TaskEvidence, TaskStatus
from .rules import can


def _manage(actor, plan) -> None:
    if not can(actor, "manage_plan", plan):
        raise Http404


# --- plans ----------------------------------------------------------------------------------------------------


@actor_view("plans.view")
def plan_list(request):
    actor = request.actor
    page = paginate(request, selectors.plan_list(actor))
    return render(request, "plans/plan_list.html", {
        "page": page, "query": query_without_page(request), "manages": actor.can("plans.manage")})


@actor_view("plans.manage")
def plan_create(request):
    """From one of the five templates, or a copy of an earlier plan (last year's first)."""
    actor = request.actor
    earlier = list(selectors.plans(actor).order_by("-year", "pk")[:20])
    year = school_year_bounds(actor.school)[0].year
    form = PlanCreateForm(request.POST or None, plans=earlier,
                          initial={"year": year, "source": f"copy:{earlier[0].pk}" if earlier else "template:general"})
    if request.method == "POST" and form.is_valid():
        kind, _sep, value = form.cleaned_data["source"].partition(":")
        try:
            if kind == "copy":
                source = selectors.plan_detail(actor, int(value))
                plan = services.plan_copy(actor=actor, source=source, year=form.cleaned_data["year"],
                                          title=form.cleaned_data["title"])
            else:
                plan = services.plan_create_from_template(actor=actor, key=value, year=form.cleaned_data["year"],
                                                          title=form.cleaned_data["title"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Draft plan created: check its sections and tasks, then adopt it."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form}, status=form_status(request))


@actor_view("plans.view")
def plan_detail(request, pk: int):
    actor = request.actor
    plan = selectors.plan_detail(actor, pk)
    data = selectors.plan_page(plan)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "data": data, "manages": can(actor, "manage_plan", plan),
        "ideas": export.outline(plan, [])[1:],
    })


@actor_view("plans.manage")
def plan_edit(request, pk: int):
    actor = request.actor
    plan = selectors.plan_detail(actor, pk)
    _manage(actor, plan)
    fields = ("title", "subtitle", "intro", "guiding_ideas", "principles", "goals")
    form = PlanForm(request.POST or None, initial={f: getattr(plan, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=actor, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan}, status=form_status(request))


@require_POST
@actor_view("plans.manage")
def plan_status(request, pk: int):
    actor = request.actor
    plan = selectors.plan_detail(actor, pk)
    _manage(actor, plan)
    form = PlanStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose one of: %(allowed)s.") % {
                "allowed": "、".join(str(label) for label in PlanStatus.labels)})
        services.plan_set_status(actor=actor, plan=plan, status=form.cleaned_data["status"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The plan is adopted: every staff member sees it, and the owners and "
                                    "department heads have been told of their tasks.")
                         if form.cleaned_data["status"] == PlanStatus.ADOPTED
                         else _("The plan is a draft again: only the committee sees it."))
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@actor_view("plans.manage")
def plan_delete(request, pk: int):
    actor = request.actor
    plan = selectors.plan_detail(actor, pk)
    _manage(actor, plan)
    try:
        services.plan_delete(actor=actor, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, _("Draft plan deleted."))
    return redirect("plans:list")


@actor_view("plans.view")
def plan_print(request, pk: int):
    """The plan as a clean page to print (or save as PDF from the browser); ?progress=1 adds each task's progress."""
    plan = selectors.plan_detail(request.actor, pk)
    blocks = export.outline(plan, selectors.plan_sections(plan), progress=request.GET.get("progress") == "1")
    return render(request, "plans/plan_print.html", {"plan": plan, "blocks": blocks})


@actor_view("plans.view")
def plan_export(request, pk: int):
    plan = selectors.plan_detail(request.actor, pk)
    body = export.plan_docx(plan, selectors.plan_sections(plan))
    response = HttpResponse(body, content_type=content_type_for("plan.docx"))
    response["Content-Disposition"] = content_disposition_header(True, f"{plan.title}.docx") or ""
    return response


# --- sections -------------------------------------------------------------------------------------------------


@actor_view("plans.manage")
def section_create(request, pk: int):
    actor = request.actor
    plan = selectors.plan_detail(actor, pk)
    _manage(actor, plan)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(actor=actor, plan=plan, title=form.cleaned_data["title"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Section added."))
            return redirect(f"{reverse('plans:detail', args=[plan.pk])}#section-{section.pk}")
    return render(request, "plans/section_form.html", {"form": form, "plan": plan}, status=form_status(request))


@actor_view("plans.manage")
def section_edit(request, pk: int):
    actor = request.actor
    section = selectors.section_detail(actor, pk)
    _manage(actor, section.plan)
    form = SectionForm(request.POST or None, initial={"title": section.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=actor, section=section, title=form.cleaned_data["title"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Section saved."))
            return redirect(f"{reverse('plans:detail', args=[section.plan_id])}#section-{section.pk}")
    return render(request, "plans/section_form.html", {"form": form, "plan": section.plan, "section": section},
                  status=form_status(request))


@require_POST
@actor_view("plans.manage")
def section_delete(request, pk: int):
    actor = request.actor
    section = selectors.section_detail(actor, pk)
    _manage(actor, section.plan)
    try:
        services.section_delete(actor=actor, section=section)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Section deleted."))
    return redirect("plans:detail", pk=section.plan_id)


@require_POST
@actor_view("plans.manage")
def section_move(request, pk: int):
    actor = request.actor
    section = selectors.section_detail(actor, pk)
    _manage(actor, section.plan)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.section_move(actor=actor, section=section, direction=form.cleaned_data["direction"])
    return redirect(f"{reverse('plans:detail', args=[section.plan_id])}#section-{section.pk}")


# --- tasks ----------------------------------------------------------------------------------------------------


def _task_form(request, plan, initial=None):
    return TaskForm(request.POST or None, initial=initial, sections=plan.sections.order_by("order", "pk"),
                    owners=selectors.owner_choices(plan.school), departments=selectors.department_choices(plan.school))


@actor_view("plans.manage")
def task_create(request, pk: int):
    actor = request.actor
    section = selectors.section_detail(actor, pk)
    plan = section.plan
    _manage(actor, plan)
    form = _task_form(request, plan, initial={"section": section.pk})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("section")
        try:
            task = services.task_create(actor=actor, section=target, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect(f"{reverse('plans:detail', args=[plan.pk])}#task-{task.pk}")
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "section": section},
                  status=form_status(request))


@actor_view("plans.manage")
def task_edit(request, pk: int):
    actor = request.actor
    task = selectors.task_detail(actor, pk)
    plan = task.plan
    _manage(actor, plan)
    form = _task_form(request, plan, initial={
        "title": task.title, "section": task.section_id, "measures": task.measures, "owner": task.owner_id,
        "departments": [d.pk for d in task.departments.all()], "deadline": task.deadline,
        "expected_evidence": task.expected_evidence})
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=actor, task=task, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect("plans:task-detail", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task},
                  status=form_status(request))


@require_POST
@actor_view("plans.manage")
def task_delete(request, pk: int):
    actor = request.actor
    task = selectors.task_detail(actor, pk)
    _manage(actor, task.plan)
    services.task_delete(actor=actor, task=task)
    messages.success(request, _("Task deleted."))
    return redirect(f"{reverse('plans:detail', args=[task.plan_id])}#section-{task.section_id}")


@require_POST
@actor_view("plans.manage")
def task_move(request, pk: int):
    actor = request.actor
    task = selectors.task_detail(actor, pk)
    _manage(actor, task.plan)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.task_move(actor=actor, task=task, direction=form.cleaned_data["direction"])
    return redirect(f"{reverse('plans:detail', args=[task.plan_id])}#task-{task.pk}")


def _activity_link(pk: int) -> str:
    return reverse("activities:detail", args=[pk])


def _task_page(request, task, *, progress_form=None, evidence_form=None, status: int = 200):
    actor = request.actor
    may_update = can(actor, "update_task", task) and task.plan.status == PlanStatus.ADOPTED
    if may_update and progress_form is None:
        progress_form = ProgressForm(activities=selectors.activity_choices(task.plan), initial={
            "status": task.status, "percent": task.percent, "activities": [a.pk for a in task.activities.all()]})
    if may_update and evidence_form is None:
        evidence_form = EvidenceForm()
    evidence = list(task.evidence.select_related("uploaded_by"))
    activities = [(a, _activity_link(a.pk)) for a in task.activities.order_by("starts_at", "pk")]
    return render(request, "plans/task_detail.html", {
        "task": task, "plan": task.plan, "overdue": task.is_overdue(),
        "measures": task.measure_list, "departments": list(task.departments.all()),
        "activities": activities,
        "photos": [e for e in evidence if e.kind == TaskEvidence.Kind.PHOTO],
        "files": [e for e in evidence if e.kind == TaskEvidence.Kind.FILE],
        "updates": list(task.updates.select_related("by")[:50]),
        "progress_form": progress_form if may_update else None,
        "evidence_form": evidence_form if may_update else None,
        "manages": can(actor, "manage_plan", task.plan),
        "removable": {e.pk for e in evidence if can(actor, "remove_evidence", e)},
    }, status=status)


@actor_view("plans.view")
def task_detail(request, pk: int):
    return _task_page(request, selectors.task_detail(request.actor, pk))


@actor_view("plans.view")
def task_progress(request, pk: int):
    """Report progress (status, percentage, a note, linked activities); GET shows the task page with the form."""
    actor = request.actor
    task = selectors.task_detail(actor, pk)
    if not can(actor, "update_task", task):
        raise Http404
    if request.method != "POST":
        return _task_page(request, task)
    form = ProgressForm(request.POST, activities=selectors.activity_choices(task.plan))
    if form.is_valid():
        try:
            update = services.task_progress(actor=actor, task=task, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Progress recorded: %(status)s, %(percent)d%%.") % {
                "status": TaskStatus(update.status).label, "percent": update.percent})
            return redirect("plans:task-detail", pk=task.pk)
    return _task_page(request, task, progress_form=form, status=400)


@require_POST
@actor_view("plans.view")
def evidence_add(request, pk: int):
    actor = request.actor
    task = selectors.task_detail(actor, pk)
    if not can(actor, "update_task", task):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.evidence_add(actor=actor, task=task, photos=request.FILES.getlist("photos"),
                                          documents=request.FILES.getlist("documents"))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(n)d item(s) of evidence added.") % {"n": len(added)})
            return redirect(f"{reverse('plans:task-detail', args=[task.pk])}#evidence")
    return _task_page(request, task, evidence_form=form, status=400)


@actor_view("plans.view")
def evidence_file(request, pk: int):
    ev = selectors.evidence_detail(request.actor, pk)
    # a photo shows in the page, a file downloads under its own name
    return stream_file(ev.file, download_name=None if ev.kind == TaskEvidence.Kind.PHOTO else ev.name)


@require_POST
@actor_view("plans.view")
def evidence_remove(request, pk: int):
    actor = request.actor
    ev = selectors.evidence_detail(actor, pk)
    services.evidence_remove(actor=actor, evidence=ev)
    messages.success(request, _("Evidence removed: %(name)s") % {"name": ev.name})
    return redirect(f"{reverse('plans:task-detail', args=[ev.task_id])}#evidence")


# --- task lists (GOV-4) ---------------------------------------------------------------------------------------


@actor_view("plans.view")
def task_list(request):
    """My tasks; a department head's default is their departments' tasks; the committee also has every task."""
    actor = request.actor
    scopes = selectors.scopes_for(actor)
    scope = request.GET.get("scope") or selectors.default_scope(actor)
    if scope not in scopes:
        scope = selectors.default_scope(actor)
    form = TaskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    page = paginate(request, selectors.tasks(actor, scope, status=filters.get("status", ""),
                                             overdue=bool(filters.get("overdue")), today=today))
    for t in page:
        t.overdue = t.is_overdue(today)
    labels = {"mine": _("My tasks"), "department": _("My departments' tasks"), "all": _("All tasks")}
    return render(request, "plans/task_list.html", {
        "page": page, "query": query_without_page(request), "form": form, "scope": scope,
        "tabs": [(s, labels[s]) for s in scopes], "scope_label": labels[scope],
    })
