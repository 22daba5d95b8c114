"""Lists and detail pages of students, guardians and staff. Every list, search and detail
view of these records writes an access-log row; sensitive fields are masked until revealed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinhuo.core import selectors as core_selectors
from xinhuo.core.forms import PersonLoginForm
from xinhuo.core.services import access_log_record, account_create_for_person
from xinhuo.core.web import actor_view, paginate, query_without_page

from . import selectors
from .forms import SearchForm, StaffFilterForm, StudentFilterForm
from .models import Guardian, Staff, Student
from .services import sensitive_reveal


def _list_page(request, template: str, object_type: str, form, filters: dict, queryset):
    """Paginate, write the list/search row of the access log, render."""
    page = paginate(request, queryset)
    used = {k: v for k, v in filters.items() if v}
    access_log_record(
        request.actor,
        "search" if used.get("q") else "list",
        object_type,
        detail={"filters": used, "count": page.paginator.count, "page": page.number},
        request=request,
    )
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request)})


@actor_view("students.view")
def student_list(request):
    actor = request.actor
    form = StudentFilterForm(
        request.GET or None, grades=core_selectors.grades(actor) if actor.school_wide else None,
        classes=core_selectors.classes(actor) if actor.school_wide or actor.class_ids else None,
    )
    filters = form.filters()
    return _list_page(request, "people/student_list.html", "student", form, filters,
                      selectors.student_list(actor, **filters))


@actor_view("students.view")
def student_detail(request, pk: int):
    student = selectors.student_detail(request.actor, pk)
    access_log_record(request.actor, "view", "student", student.pk, request=request)
    return render(request, "people/student_detail.html", {"student": student})


@actor_view("guardians.view")
def guardian_list(request):
    form = SearchForm(request.GET or None)
    filters = {"q": form.cleaned_data["q"]} if form.is_valid() else {}
    return _list_page(request, "people/guardian_list.html", "guardian", form, filters,
                      selectors.guardian_list(request.actor, **filters))


@actor_view("guardians.view")
def guardian_detail(request, pk: int):
    guardian = selectors.guardian_detail(request.actor, pk)
    access_log_record(request.actor, "view", "guardian", guardian.pk, request=request)
    children = selectors.visible_children(request.actor, guardian)
    return render(request, "people/guardian_detail.html", {"guardian": guardian, "children": children})


@actor_view("staff.view")
def staff_list(request):
    actor = request.actor
    form = StaffFilterForm(request.GET or None, departments=core_selectors.departments(actor))
    filters = {}
    if form.is_valid():
        filters = {"q": form.cleaned_data["q"],
                   "department": form.cleaned_data["department"].pk if form.cleaned_data["department"] else None}
    return _list_page(request, "people/staff_list.html", "staff", form, filters,
                      selectors.staff_list(actor, **filters))


@actor_view("staff.view")
def staff_detail(request, pk: int):
    member = selectors.staff_detail(request.actor, pk)
    access_log_record(request.actor, "view", "staff", member.pk, request=request)
    login_roles = PersonLoginForm.base_fields["role"].choices[1:]  # type: ignore[attr-defined]
    return render(request, "people/staff_detail.html", {"member": member, "login_roles": login_roles})


REVEAL_TARGETS = {
    "student": (Student, selectors.student_detail),
    "guardian": (Guardian, selectors.guardian_detail),
    "staff": (Staff, selectors.staff_detail),
}


@require_POST
@actor_view()
def reveal(request, kind: str, pk: int, field: str):
    """Show one masked value in full, logged; an htmx request gets just the value back."""
    if kind not in REVEAL_TARGETS:
        raise Http404
    _model, detail = REVEAL_TARGETS[kind]
    obj = detail(request.actor, pk)
    value = sensitive_reveal(actor=request.actor, obj=obj, field=field, request=request)
    return render(request, "people/_revealed.html", {"value": value})


@require_POST
@actor_view("accounts.manage")
def person_login(request, kind: str, pk: int):
    """Open a login for a student, guardian or staff record, linked to it."""
    if kind not in REVEAL_TARGETS:
        raise Http404
    _model, detail = REVEAL_TARGETS[kind]
    person = detail(request.actor, pk)
    form = PersonLoginForm(request.POST)
    role = form.cleaned_data["role"] or None if form.is_valid() else None
    try:
        user, password = account_create_for_person(actor=request.actor, person=person, role=role)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"people:{kind}-detail", pk=pk)
    return render(request, "core/account_password.html", {"account": user, "password": password})
