"""Guardian pages through the year (issue 19): a student's guardians (add, primary contact, unlink), a guardian's
contact, linking a guardian to a further child. Thin: a selector, one service, a page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.masking import mask_phone
from xinhuo.core.web import act, actor_view, form_errors_from, form_status, log_view, submit

from .. import selectors as people_selectors
from ..models import StudentGuardian
from ..rules import reveal_url
from . import selectors, services
from .forms import GuardianAddForm, GuardianEditForm, GuardianLinkForm, GuardianshipForm, UnlinkForm


def _back_to(student_pk: int):
    return redirect("people:student-guardians", pk=student_pk)


@actor_view("guardians.edit")
def student_guardians(request, pk: int):
    """The student's guardians with what the actor may do to each: edit the contact, the relation, make primary,
    unlink; add a guardian."""
    actor = request.actor
    student = selectors.student_with_guardians(actor, pk)
    log_view(request, "student", student, field="guardians")
    links = list(student.guardian_links.all())
    for link in links:
        # whoever may change this student's guardians may also reveal their numbers (rule reveal_guardian_phone: the
        # administrator, the director, the head teacher of a child's class), so it is not asked guardian by guardian
        link.phone_masked = mask_phone(link.guardian.phone)  # type: ignore[attr-defined]
        link.phone_reveal = reveal_url(link.guardian, "phone")  # type: ignore[attr-defined]
    return render(request, "people/guardians/student_guardians.html", {"student": student, "links": links})


@actor_view("guardians.edit")
def guardian_add(request, pk: int):
    """A new guardian of the student; a number on record for a guardian of the same name offers to link them."""
    actor = request.actor
    student = selectors.student_with_guardians(actor, pk)
    form = GuardianAddForm(request.POST or None, initial={"lives_with": True,
                                                          "is_primary": not student.guardian_links.all()})
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            link = services.guardian_add(actor=actor, student=student, link_existing=request.POST.get(
                "link_existing") == "1", **form.service_kwargs())
        except services.ExistingGuardian as exc:
            existing = exc.guardian
            form_errors_from(form, exc)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(name)s is now a guardian of %(student)s.")
                             % {"name": link.guardian.name, "student": student.name})
            return _back_to(student.pk)
    return render(request, "people/guardians/guardian_add.html", {
        "student": student, "form": form, "existing": existing,
    }, status=form_status(request))


@actor_view("guardians.edit")
def guardian_edit(request, pk: int):
    """The guardian's name, mobile number (masked; left as shown it is kept) and work unit."""
    actor = request.actor
    guardian = selectors.editable_guardian(actor, pk)
    form = GuardianEditForm(request.POST or None, guardian=guardian)
    if submit(request, form, lambda: services.guardian_update(actor=actor, guardian=guardian, **form.cleaned_data),
              _("Changes saved.")):
        return redirect("people:guardian-detail", pk=guardian.pk)
    if request.method != "POST":
        log_view(request, "guardian", guardian, form=True)
    return render(request, "people/guardians/guardian_edit.html", {"guardian": guardian, "form": form},
                  status=form_status(request))


@actor_view("guardians.edit")
def guardian_link(request, pk: int):
    """Link the guardian to a further child: search, choose, the relation to that child."""
    actor = request.actor
    guardian = people_selectors.guardian_detail(actor, pk)
    q = request.GET.get("q", "")[:50]
    form = GuardianLinkForm(request.POST or None, initial={"lives_with": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        student = selectors.manageable_students(actor).filter(pk=d["student"]).first()
        if student is None:
            form.add_error("student", _("Choose one of the students found by the search."))
        else:
            try:
                services.guardian_link(actor=actor, guardian=guardian, student=student, relation=d["relation"],
                                       lives_with=d["lives_with"], is_primary=d["is_primary"])
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("%(name)s is now a guardian of %(student)s too.")
                                 % {"name": guardian.name, "student": student.name})
                return redirect("people:guardian-detail", pk=guardian.pk)
    candidates = selectors.link_candidates(actor, guardian, q)
    return render(request, "people/guardians/guardian_link.html", {
        "guardian": guardian, "form": form, "q": q, "candidates": candidates,
        "children": selectors.guardian_children(actor, guardian),
        "more": len(candidates) >= selectors.CANDIDATES_SHOWN,
    }, status=form_status(request))


def _link(actor, guardian_pk: int, student_pk: int) -> StudentGuardian:
    """The link of a student the actor may change to one of the student's guardians; else a 404."""
    student = selectors.student_with_guardians(actor, student_pk)
    for link in student.guardian_links.all():
        if link.guardian_id == guardian_pk:
            link.student = student
            return link
    raise Http404


@actor_view("guardians.edit")
def guardian_unlink(request, pk: int, student_pk: int):
    """What unlinking leaves behind, said first; then unlink (confirmed when it leaves anything behind)."""
    actor = request.actor
    link = _link(actor, pk, student_pk)
    guardian, student = link.guardian, link.student
    warnings = services.unlink_warnings(guardian, student)
    if request.method == "POST":
        form = UnlinkForm(request.POST)
        confirm = form.is_valid() and form.cleaned_data["confirm"]
        try:
            result = services.guardian_unlink(actor=actor, guardian=guardian, student=student, confirm=confirm)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, " ".join([_("%(name)s is no longer a guardian of %(student)s.")
                                                % {"name": guardian.name, "student": student.name},
                                                *result.notes]))
            return _back_to(student.pk)
    return render(request, "people/guardians/guardian_unlink.html", {
        "guardian": guardian, "student": student, "link": link, "warnings": warnings,
    }, status=form_status(request))


@require_POST
@actor_view("guardians.edit")
def guardian_primary(request, pk: int, student_pk: int):
    actor = request.actor
    link = _link(actor, pk, student_pk)
    act(request, lambda: services.guardian_set_primary(actor=actor, guardian=link.guardian, student=link.student),
        _("%(name)s is now the primary contact of %(student)s.") % {"name": link.guardian.name,
                                                                    "student": link.student.name})
    return _back_to(link.student.pk)


@actor_view("guardians.edit")
def guardianship_edit(request, pk: int, student_pk: int):
    """The guardian's relation to this child, and whether the child lives with them."""
    actor = request.actor
    link = _link(actor, pk, student_pk)
    form = GuardianshipForm(request.POST or None, initial={"relation": link.relation, "lives_with": link.lives_with})
    if submit(request, form, lambda: services.guardianship_update(
            actor=actor, guardian=link.guardian, student=link.student, **form.cleaned_data), _("Changes saved.")):
        return _back_to(link.student.pk)
    return render(request, "people/guardians/guardianship_edit.html", {"link": link, "form": form},
                  status=form_status(request))

