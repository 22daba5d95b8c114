"""Pages of the profiles part (STU-4): the special-group population (aggregates, suppressed), its workbook, and a
student's profile. Thin: a scoped selector, an access-log row, a response; denied pages and students are 404."""

from __future__ import annotations

from django.shortcuts import render

from xinhuo.core.excel import xlsx_response
from xinhuo.core.services import access_log_record
from xinhuo.core.web import actor_view, log_view

from . import rules, selectors
from .exports import population_workbook


@actor_view("evaluation.profiles.view")
def population(request):
    actor = request.actor
    p = selectors.population(actor)
    # aggregates of special-group membership are still a read of sensitive records
    log_view(request, "evaluation_population", groups=len(p.groups))
    return render(request, "evaluation/profiles/population.html", {
        "p": p, "charts": selectors.charts(p), "screening": rules.view_screening(actor),
        "grade_rows": list(zip([g["name"] for g in p.groups], p.by_grade.cells, p.by_grade.row_totals,
                               strict=True)),
        "class_rows": list(zip([c["name"] for c in p.classes], p.by_class.cells, p.by_class.row_totals,
                               strict=True)),
        "screening_rows": list(zip([g["name"] for g in p.groups], p.screening.cells, p.screening.row_totals,
                                   strict=True)) if p.screening else [],
    })


@actor_view("evaluation.profiles.view")
def population_export(request):
    actor = request.actor
    p = selectors.population(actor)
    access_log_record(actor, "export", "evaluation_population", field="export",
                      detail={"groups": len(p.groups), "screening": p.screening is not None}, request=request)
    return xlsx_response(population_workbook(p), f"special-groups-{p.on.isoformat()}.xlsx")


@actor_view("evaluation.profiles.student")
def student_profile(request, pk: int):
    actor = request.actor
    student = selectors.profile_student(actor, pk)
    data = selectors.student_profile(actor, student)
    log_view(request, "evaluation_profile", student)
    return render(request, "evaluation/profiles/student.html", {"student": student, **data})
