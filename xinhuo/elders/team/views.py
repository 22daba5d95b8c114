"""Pages of the committee's team: apprenticeship pairs (传帮带, 青年导师制), the young teacher reserve with its roadmap,
participation and research projects (ELD-6), awards with their certificates and the honour wall (ELD-5).

Thin: a scoped selector, one service, a response. Denied objects are 404 (the selectors and rules raise it)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core import pdf
from xinhuo.core import selectors as core_selectors
from xinhuo.core.excel import xlsx_response
from xinhuo.core.services import access_log_record
from xinhuo.core.web import act, actor_view, form_status, log_view, paginate, query_without_page, submit

from ..common import allowed, list_context
from ..models import ApprenticeshipPair, YoungTeacher
from ..rules import can
from . import appraisal, certificate, selectors, services
from .forms import (
    AwardFilterForm,
    AwardForm,
    ExportForm,
    OutcomesForm,
    PairEndForm,
    PairFilterForm,
    PairForm,
    ParticipationForm,
    ProjectFilterForm,
    ProjectForm,
    StageForm,
    YoungTeacherFilterForm,
    YoungTeacherForm,
)


def _list(request, form, selector, object_type: str, per_page: int = 25) -> dict:
    """A list page's context; its access-log row has the filters as text and the page's number."""
    return list_context(request, form, selector, object_type, per_page=per_page, as_text=True, numbered=True)


# --- apprenticeship pairs ---------------------------------------------------------------------------------------


def _contact_url(pair: ApprenticeshipPair) -> str:
    """The page where a contact is recorded (another part of the app), if it is installed."""
    try:
        return reverse("elders:contact-new", kwargs={"pk": pair.pk})
    except NoReverseMatch:
        return ""


@actor_view("young_teachers.view")
def pair_list(request):
    """Managers: every pair; an elder: their pairs as mentor or mentee; a young teacher: their own."""
    actor = request.actor
    return render(request, "elders/pair_list.html", {
        **_list(request, PairFilterForm(request.GET or None), selectors.apprenticeship_list, "apprenticeship"),
        "overdue": selectors.overdue_apprenticeship_ids(actor), "can_create": can(actor, "create_apprenticeship"),
    })


@actor_view("elders.manage")
def pair_new(request):
    actor = request.actor
    form = PairForm(request.POST or None, elders=selectors.team_elders(actor),
                    teachers=selectors.reserve_choices(actor))
    if pair := submit(request, form, lambda: services.apprenticeship_create(actor=actor, **form.cleaned_data),
                      lambda pair: _("Pair created: %(pair)s.") % {"pair": str(pair)}):
        return redirect("elders:pair-detail", pk=pair.pk)
    return render(request, "elders/pair_form.html", {"form": form}, status=form_status(request))


@actor_view("young_teachers.view")
def pair_detail(request, pk: int):
    actor = request.actor
    pair = allowed(actor, "view_apprenticeship", selectors.apprenticeship_detail(actor, pk))
    log_view(request, "apprenticeship", pair)
    overdue = selectors.overdue_apprenticeship_ids(actor)
    contacts = list(pair.contacts.all())
    active = pair.ended_on is None
    return render(request, "elders/pair_detail.html", {
        "pair": pair, "contacts": contacts, "overdue_days": overdue.get(pair.pk),
        "last_contact": contacts[0].date if contacts else None,
        "contact_url": _contact_url(pair) if active and can(actor, "record_apprenticeship_contact", pair) else "",
        "can_end": active and can(actor, "end_apprenticeship", pair),
    })


@actor_view("elders.manage")
def pair_end(request, pk: int):
    actor = request.actor
    pair = allowed(actor, "end_apprenticeship", selectors.apprenticeship_detail(actor, pk))
    if pair.ended_on is not None:
        messages.info(request, _("This pair already ended on %(date)s.") % {"date": pair.ended_on.isoformat()})
        return redirect("elders:pair-detail", pk=pair.pk)
    form = PairEndForm(request.POST or None)
    if submit(request, form, lambda: services.apprenticeship_end(actor=actor, apprenticeship=pair, **form.cleaned_data),
              _("The pair has ended; its summary is kept on the record.")):
        return redirect("elders:pair-detail", pk=pair.pk)
    return render(request, "elders/pair_end.html", {"pair": pair, "form": form}, status=form_status(request))


# --- young teacher reserve ------------------------------------------------------------------------------


def _default_range(actor) -> tuple[dt.date, dt.date]:
    """The current school year."""
    return core_selectors.school_year_bounds(actor.school)


@actor_view("young_teachers.view")
def young_teacher_list(request):
    """Managers: the whole reserve; a young teacher: their own record; an elder: the young teachers they mentor."""
    actor = request.actor
    form = YoungTeacherFilterForm(request.GET or None, initial={"active": "1"})
    manages = actor.can("elders.manage")
    start, end = _default_range(actor)
    return render(request, "elders/young_teacher_list.html", {
        **_list(request, form, selectors.young_teacher_list, "young_teacher"), "manages": manages,
        "export_form": ExportForm(initial={"start": start, "end": end}) if manages else None,
        "stages": YoungTeacher.Stage.choices,
    })


@actor_view("elders.manage")
def young_teacher_new(request):
    actor = request.actor
    form = YoungTeacherForm(request.POST or None, staff=selectors.staff_for_reserve(actor))
    if yt := submit(request, form, lambda: services.young_teacher_add(actor=actor, **form.cleaned_data),
                    lambda yt: _("%(name)s joined the young teacher reserve.") % {"name": yt.staff.name}):
        return redirect("elders:young-teacher-detail", pk=yt.pk)
    return render(request, "elders/young_teacher_form.html", {"form": form}, status=form_status(request))


def _young_teacher_page(request, yt: YoungTeacher, *, stage_form=None, participation_form=None, status=200):
    actor = request.actor
    steps = list(yt.stage_steps.all())
    reached: dict[str, dt.date] = {}
    for s in steps:
        reached.setdefault(s.stage, s.reached_on)  # the first time each stage was reached
    order = list(YoungTeacher.Stage.values)
    current = order.index(yt.stage)
    roadmap = [{"value": v, "label": label, "reached_on": reached.get(v), "current": v == yt.stage,
                "done": i < current} for i, (v, label) in enumerate(YoungTeacher.Stage.choices)]
    participations = paginate(request, selectors.young_teacher_participations(yt), 20)
    start, end = _default_range(actor)
    can_stage = can(actor, "set_young_teacher_stage", yt) and yt.active
    can_record = can(actor, "record_participation", yt) and yt.active
    return render(request, "elders/young_teacher_detail.html", {
        "yt": yt, "steps": steps, "roadmap": roadmap, "page": participations, "query": query_without_page(request),
        "pairs": list(selectors.young_teacher_pairs(yt)), "projects": list(selectors.young_teacher_projects(yt)),
        "can_stage": can_stage, "can_record": can_record,
        "stage_form": stage_form or (StageForm(initial={"reached_on": timezone.localdate(),
                                                        "stage": _next_stage(yt)}) if can_stage else None),
        "participation_form": participation_form or (ParticipationForm() if can_record else None),
        "can_export": can(actor, "export_participation", yt),
        "export_start": start, "export_end": end,
    }, status=status)


def _next_stage(yt: YoungTeacher) -> str:
    order = list(YoungTeacher.Stage.values)
    i = order.index(yt.stage)
    return order[min(i + 1, len(order) - 1)]


def _young_teacher(request, pk: int) -> YoungTeacher:
    return allowed(request.actor, "view_young_teacher", selectors.young_teacher_detail(request.actor, pk))


@actor_view("young_teachers.view")
def young_teacher_detail(request, pk: int):
    yt = _young_teacher(request, pk)
    log_view(request, "young_teacher", yt)
    return _young_teacher_page(request, yt)


@require_POST
@actor_view("elders.manage")
def young_teacher_stage(request, pk: int):
    actor = request.actor
    yt = allowed(actor, "set_young_teacher_stage", _young_teacher(request, pk))
    form = StageForm(request.POST)
    if submit(request, form,
              lambda: services.young_teacher_set_stage(actor=actor, young_teacher=yt, **form.cleaned_data),
              lambda step: _("%(name)s is now at the stage “%(stage)s”.")
              % {"name": yt.staff.name, "stage": step.get_stage_display()}):
        return redirect("elders:young-teacher-detail", pk=yt.pk)
    return _young_teacher_page(request, yt, stage_form=form, status=400)


@require_POST
@actor_view("young_teachers.view")
def young_teacher_active(request, pk: int):
    """The committee takes a young teacher out of the reserve, or brings them back."""
    actor = request.actor
    yt = allowed(actor, "set_young_teacher_stage", _young_teacher(request, pk))
    active = request.POST.get("active") == "1"
    act(request, lambda: services.young_teacher_set_active(actor=actor, young_teacher=yt, active=active),
        (_("%(name)s is back in the reserve.") if active
         else _("%(name)s has left the reserve; the record is kept.")) % {"name": yt.staff.name})
    return redirect("elders:young-teacher-detail", pk=yt.pk)


@require_POST
@actor_view("young_teachers.view")
def participation_new(request, pk: int):
    actor = request.actor
    yt = allowed(actor, "record_participation", _young_teacher(request, pk))
    form = ParticipationForm(request.POST)
    if submit(request, form, lambda: services.participation_record(actor=actor, young_teacher=yt, **form.cleaned_data),
              _("Participation recorded.")):
        return redirect(reverse("elders:young-teacher-detail", args=[yt.pk]) + "#participation")
    return _young_teacher_page(request, yt, participation_form=form, status=400)


@actor_view("young_teachers.view")
def young_teacher_export(request):
    """The participation workbook for the appraisal: one teacher (the committee, or the teacher themself), or the
    whole reserve over a date range (the committee)."""
    actor = request.actor
    form = ExportForm(request.GET or None)
    if request.GET and not form.is_valid():
        if form.errors.get("teacher"):
            raise Http404
        return render(request, "elders/young_teacher_export.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    teacher_pk = data.get("teacher")
    if teacher_pk is None and not actor.can("elders.manage"):
        teacher_pk = actor.young_teacher_id  # a young teacher exports their own record
        if teacher_pk is None:
            raise Http404
    yt = None
    if teacher_pk is not None:
        yt = selectors.young_teacher_detail(actor, teacher_pk)
        if not can(actor, "export_participation", yt):
            raise Http404
    start, end = _default_range(actor)
    start, end = data.get("start") or start, data.get("end") or end
    if end < start:
        form.add_error("end", _("The end date cannot be before the start date."))
        return render(request, "elders/young_teacher_export.html", {"form": form}, status=400)
    buf = io.BytesIO()
    appraisal.participation_export(actor=actor, out=buf, young_teacher=yt, start=start, end=end, request=request)
    who = yt.staff.name if yt else "青年教师"
    return xlsx_response(buf, f"参与记录-{who}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


# --- research projects ----------------------------------------------------------------------------------


@actor_view("young_teachers.view")
def project_list(request):
    """Managers: every project; a young teacher: those they lead or belong to; an elder: those they advise."""
    actor = request.actor
    context = _list(request, ProjectFilterForm(request.GET or None), selectors.research_project_list,
                    "research_project", 20)
    editable = {p.pk for p in context["page"]
                if can(actor, "edit_project", p) or can(actor, "edit_project_outcomes", p)}
    return render(request, "elders/project_list.html", {
        **context, "editable": editable, "can_create": actor.can("elders.manage"),
    })


@actor_view("elders.manage")
def project_new(request):
    actor = request.actor
    form = ProjectForm(request.POST or None, teachers=selectors.reserve_choices(actor),
                       elders=selectors.team_elders(actor), initial={"started_on": timezone.localdate()})
    if project := submit(request, form, lambda: services.research_project_create(actor=actor, **form.cleaned_data),
                         lambda project: _("Research project “%(title)s” created.") % {"title": project.title}):
        return redirect(reverse("elders:projects") + f"#project-{project.pk}")
    return render(request, "elders/project_form.html", {"form": form, "project": None}, status=form_status(request))


@actor_view("young_teachers.view")
def project_edit(request, pk: int):
    """The committee edits the whole project; its leader the outcomes."""
    actor = request.actor
    project = selectors.research_project_detail(actor, pk)
    full = can(actor, "edit_project", project)
    if not full and not can(actor, "edit_project_outcomes", project):
        raise Http404
    form: ProjectForm | OutcomesForm
    if full:
        form = ProjectForm(request.POST or None, teachers=selectors.reserve_choices(actor),
                           elders=selectors.team_elders(actor), initial=ProjectForm.initial_for(project))
    else:
        form = OutcomesForm(request.POST or None, initial={"outcomes": project.outcomes})
    save = services.research_project_update if full else services.research_project_record_outcomes
    if submit(request, form, lambda: save(actor=actor, project=project, **form.cleaned_data),
              _("Research project saved.")):
        return redirect(reverse("elders:projects") + f"#project-{project.pk}")
    return render(request, "elders/project_form.html", {"form": form, "project": project, "full": full},
                  status=form_status(request))


# --- awards, certificates and the honour wall ------------------------------------------------------------


@actor_view("honours.view")
def award_list(request):
    """The committee: every award; an elder: their own, with the certificates to print."""
    actor = request.actor
    return render(request, "elders/award_list.html", {
        **_list(request, AwardFilterForm(request.GET or None), selectors.award_list, "award"),
        "manages": can(actor, "create_award"),
    })


@actor_view("elders.manage")
def award_new(request):
    actor = request.actor
    form = AwardForm(request.POST or None, elders=selectors.team_elders(actor))
    if submit(request, form, lambda: services.award_create(actor=actor, **form.cleaned_data),
              lambda award: _("Award recorded for %(name)s, certificate %(number)s.")
              % {"name": award.elder.name, "number": award.certificate_no}):
        return redirect("elders:awards")
    return render(request, "elders/award_form.html", {"form": form}, status=form_status(request))


@require_POST
@actor_view("elders.manage")
def award_wall(request, pk: int):
    actor = request.actor
    award = selectors.award_detail(actor, pk)
    on_wall = request.POST.get("on_wall") == "1"
    services.award_set_on_wall(actor=actor, award=award, on_wall=on_wall)
    text = (_("“%(title)s” of %(name)s is now on the honour wall.") if on_wall
            else _("“%(title)s” of %(name)s is no longer on the honour wall."))
    messages.success(request, text % {"title": award.title, "name": award.elder.name})
    return redirect(reverse("elders:awards") + (f"?{request.POST['query']}" if request.POST.get("query") else ""))


@actor_view("honours.view")
def award_certificate(request, pk: int):
    """The certificate as a PDF to print: the committee and the awarded elder themself; others 404."""
    actor = request.actor
    award = allowed(actor, "view_award_certificate", selectors.award_detail(actor, pk))
    buf = io.BytesIO()
    try:
        certificate.render_certificate(award, buf, school_name=actor.school.name)
    except pdf.PdfFontError as exc:
        return render(request, "elders/award_certificate_error.html", {"award": award, "error": str(exc)},
                      status=503)
    access_log_record(actor, "export", "award", award.pk, request=request, detail={"certificate": award.certificate_no})
    buf.seek(0)
    return FileResponse(buf, content_type="application/pdf", filename=certificate.certificate_filename(award))


@actor_view("honours.view")
def honour_wall(request):
    """The elders' awards chosen for the wall, for everyone: name, category, award, level, date, citation."""
    page = paginate(request, selectors.honour_wall(request.actor), 24)
    return render(request, "elders/honour_wall.html", {"page": page, "query": query_without_page(request)})
