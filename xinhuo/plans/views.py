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

from xinhuo.core import registry
from xinhuo.core.selectors import school_year_bounds
from xinhuo.core.uploads import content_type_for
from xinhuo.core.web import act, actor_view, form_status, paginate, query_without_page, stream_file, submit

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
from .models import PlanStatus, TaskEvidence, TaskStatus, WorkPlan
from .rules import can


def _managed(request, detail, pk: int):
    """A plan, section or task, read by its selector, for its plan's managers only: others get a 404."""
    obj = detail(request.actor, pk)
    if not can(request.actor, "manage_plan", obj if isinstance(obj, WorkPlan) else obj.plan):
        raise Http404
    return obj


def _in_plan(plan_id: int, anchor: str) -> str:
    """The plan's page, scrolled to a section or a task."""
    return f"{reverse('plans:detail', args=[plan_id])}#{anchor}"


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

    def create():
        data = form.cleaned_data
        kind, _sep, value = data["source"].partition(":")
        if kind == "copy":
            source = selectors.plan_detail(actor, int(value))
            return services.plan_copy(actor=actor, source=source, year=data["year"], title=data["title"])
        return services.plan_create_from_template(actor=actor, key=value, year=data["year"], title=data["title"])

    if plan := submit(request, form, create, _("Draft plan created: check its sections and tasks, then adopt it.")):
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
    plan = _managed(request, selectors.plan_detail, pk)
    fields = ("title", "subtitle", "intro", "guiding_ideas", "principles", "goals")
    form = PlanForm(request.POST or None, initial={f: getattr(plan, f) for f in fields})
    if submit(request, form, lambda: services.plan_update(actor=request.actor, plan=plan, **form.cleaned_data),
              _("Plan saved.")):
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan}, status=form_status(request))


@require_POST
@actor_view("plans.manage")
def plan_status(request, pk: int):
    plan = _managed(request, selectors.plan_detail, pk)
    form = PlanStatusForm(request.POST)

    def set_status():
        # an unknown status names the allowed ones, rather than the form's generic error
        if not form.is_valid():
            raise ValidationError(_("Choose one of: %(allowed)s.") % {
                "allowed": "、".join(str(label) for label in PlanStatus.labels)})
        services.plan_set_status(actor=request.actor, plan=plan, status=form.cleaned_data["status"])

    def said(_result) -> str:
        if form.cleaned_data["status"] == PlanStatus.ADOPTED:
            return _("The plan is adopted: every staff member sees it, and the owners and "
                     "department heads have been told of their tasks.")
        return _("The plan is a draft again: only the committee sees it.")

    act(request, set_status, said)
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@actor_view("plans.manage")
def plan_delete(request, pk: int):
    plan = _managed(request, selectors.plan_detail, pk)
    if act(request, lambda: services.plan_delete(actor=request.actor, plan=plan), _("Draft plan deleted.")):
        return redirect("plans:list")
    return redirect("plans:detail", pk=plan.pk)


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
    plan = _managed(request, selectors.plan_detail, pk)
    form = SectionForm(request.POST or None)
    if section := submit(request, form, lambda: services.section_create(
            actor=request.actor, plan=plan, title=form.cleaned_data["title"]), _("Section added.")):
        return redirect(_in_plan(plan.pk, f"section-{section.pk}"))
    return render(request, "plans/section_form.html", {"form": form, "plan": plan}, status=form_status(request))


@actor_view("plans.manage")
def section_edit(request, pk: int):
    section = _managed(request, selectors.section_detail, pk)
    form = SectionForm(request.POST or None, initial={"title": section.title})
    if submit(request, form, lambda: services.section_update(
            actor=request.actor, section=section, title=form.cleaned_data["title"]), _("Section saved.")):
        return redirect(_in_plan(section.plan_id, f"section-{section.pk}"))
    return render(request, "plans/section_form.html", {"form": form, "plan": section.plan, "section": section},
                  status=form_status(request))


@require_POST
@actor_view("plans.manage")
def section_delete(request, pk: int):
    section = _managed(request, selectors.section_detail, pk)
    act(request, lambda: services.section_delete(actor=request.actor, section=section), _("Section deleted."))
    return redirect("plans:detail", pk=section.plan_id)


def _move(request, detail, pk: int, move, kind: str):
    """A section or task (kind: the service's argument and the page's anchor) up or down by one place;
    a malformed direction moves nothing."""
    obj = _managed(request, detail, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        move(actor=request.actor, direction=form.cleaned_data["direction"], **{kind: obj})
    return redirect(_in_plan(obj.plan_id, f"{kind}-{obj.pk}"))


@require_POST
@actor_view("plans.manage")
def section_move(request, pk: int):
    return _move(request, selectors.section_detail, pk, services.section_move, "section")


# --- tasks ----------------------------------------------------------------------------------------------------


def _task_form(request, plan, initial=None):
    return TaskForm(request.POST or None, initial=initial, sections=plan.sections.order_by("order", "pk"),
                    owners=selectors.owner_choices(plan.school), departments=selectors.department_choices(plan.school),
                    school=plan.school)


@actor_view("plans.manage")
def task_create(request, pk: int):
    section = _managed(request, selectors.section_detail, pk)
    plan = section.plan
    form = _task_form(request, plan, initial={"section": section.pk})
    # the form's section (which may differ from the page's) is the service's section argument
    if task := submit(request, form, lambda: services.task_create(actor=request.actor, **form.cleaned_data),
                      _("Task added.")):
        return redirect(_in_plan(plan.pk, f"task-{task.pk}"))
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "section": section},
                  status=form_status(request))


@actor_view("plans.manage")
def task_edit(request, pk: int):
    task = _managed(request, selectors.task_detail, pk)
    plan = task.plan
    form = _task_form(request, plan, initial={
        "title": task.title, "section": task.section_id, "measures": task.measures, "owner": task.owner_id,
        "departments": [d.pk for d in task.departments.all()], "deadline": task.deadline,
        "expected_evidence": task.expected_evidence})
    if submit(request, form, lambda: services.task_update(actor=request.actor, task=task, **form.cleaned_data),
              _("Task saved.")):
        return redirect("plans:task-detail", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task},
                  status=form_status(request))


@require_POST
@actor_view("plans.manage")
def task_delete(request, pk: int):
    task = _managed(request, selectors.task_detail, pk)
    services.task_delete(actor=request.actor, task=task)
    messages.success(request, _("Task deleted."))
    return redirect(_in_plan(task.plan_id, f"section-{task.section_id}"))


@require_POST
@actor_view("plans.manage")
def task_move(request, pk: int):
    return _move(request, selectors.task_detail, pk, services.task_move, "task")


def _updatable_task(request, pk: int):
    """A task, for those who may report its progress only: others get a 404."""
    task = selectors.task_detail(request.actor, pk)
    if not can(request.actor, "update_task", task):
        raise Http404
    return task


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
    task = _updatable_task(request, pk)
    if request.method != "POST":
        return _task_page(request, task)
    form = ProgressForm(request.POST, activities=selectors.activity_choices(task.plan))
    if submit(request, form, lambda: services.task_progress(actor=request.actor, task=task, **form.cleaned_data),
              lambda update: _("Progress recorded: %(status)s, %(percent)d%%.") % {
                  "status": TaskStatus(update.status).label, "percent": update.percent}):
        return redirect("plans:task-detail", pk=task.pk)
    return _task_page(request, task, progress_form=form, status=400)


@require_POST
@actor_view("plans.view")
def evidence_add(request, pk: int):
    task = _updatable_task(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if submit(request, form, lambda: services.evidence_add(actor=request.actor, task=task,
                                                           photos=request.FILES.getlist("photos"),
                                                           documents=request.FILES.getlist("documents")),
              lambda added: _("%(n)d item(s) of evidence added.") % {"n": len(added)}):
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
        # other apps' tasks of mine (a meeting's action items), through the registry
        "panels": registry.object_panels("my_tasks", actor, actor.user) if scope == "mine" else [],
    })
