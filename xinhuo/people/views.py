"""Lists and detail pages of students, guardians and staff. Every list, search and detail
view of these records writes an access-log row; sensitive fields are masked until revealed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core import selectors as core_selectors
from xinhuo.core.forms import PersonLoginForm
from xinhuo.core.services import account_create_for_person
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from . import consent as consent_rules
from . import selectors, services
from .forms import (
    ConsentGiveForm,
    ConsentNoticeForm,
    ConsentRecordForm,
    ConsentRegisterFilterForm,
    SearchForm,
    StaffFilterForm,
    StudentFilterForm,
)
from .models import Consent, ConsentNotice, Guardian, Staff, Student
from .rules import can as can_rule
from .services import sensitive_reveal
from .students import selectors as student_parts


def _list_page(request, template: str, object_type: str, form, filters: dict, queryset):
    """Paginate, write the list/search row of the access log, render."""
    page = paginate(request, queryset)
    log_list(request, object_type, page, filters, search=bool(filters.get("q")), page=page.number)
    return render(request, template, {"form": form, "page": page, "query": query_without_page(request)})


@actor_view("students.view")
def student_list(request):
    actor = request.actor
    form = StudentFilterForm(request.GET or None, grades=core_selectors.grade_choices(actor),
                             classes=core_selectors.class_choices(actor))
    filters = form.filters()
    return _list_page(request, "people/student_list.html", "student", form, filters,
                      selectors.student_list(actor, **filters))


@actor_view("students.view")
def student_detail(request, pk: int):
    student = selectors.student_detail(request.actor, pk)
    log_view(request, "student", student)
    consent_statuses = None
    if can_rule(request.actor, "view_consents", student):
        consent_statuses = list(consent_rules.consent_statuses(student).values())
    return render(request, "people/student_detail.html", {"student": student, "consent_statuses": consent_statuses,
                                                           "care": _care_links(request.actor, student),
                                                           **student_parts.detail_parts(request.actor, student)})


def _care_links(actor, student) -> dict:
    """Which of the student's care pages the actor may open from here (the care app's rules decide)."""
    from xinhuo.care.rules import can as care_can

    return {
        "growth": actor.can("growth.view") and care_can(actor, "view_growth", student),
        "visit": (actor.can("home_visits.record") and student.status == student.Status.ENROLLED
                  and care_can(actor, "care_for_student", student)),
    }


@actor_view("guardians.view")
def guardian_list(request):
    form = SearchForm(request.GET or None)
    filters = {"q": form.cleaned_data["q"]} if form.is_valid() else {}
    return _list_page(request, "people/guardian_list.html", "guardian", form, filters,
                      selectors.guardian_list(request.actor, **filters))


@actor_view("guardians.view")
def guardian_detail(request, pk: int):
    guardian = selectors.guardian_detail(request.actor, pk)
    log_view(request, "guardian", guardian)
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
    log_view(request, "staff", member)
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


# --- consent register -------------------------------------------------------------------------


def _back(request, default: str) -> str:
    """Where a form posted from several pages returns to: its `next` field when safe."""
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return default


def _refusal(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@actor_view("consent.view")
def consent_student(request, pk: int):
    """One student's consents: status per purpose with what is missing, the history, record and withdraw."""
    actor = request.actor
    student = selectors.consent_student(actor, pk)
    log_view(request, "consent", student)
    history = selectors.student_consent_history(actor, student)
    return render(request, "people/consent_student.html", {
        "student": student,
        "statuses": list(consent_rules.consent_statuses(student).values()),
        "history": history,
        "withdrawable": {c.pk for c in history if c.active and can_rule(actor, "withdraw_consent", c)},
        "can_record": can_rule(actor, "record_consent", student),
    })


@actor_view("consent.record")
def consent_record(request, pk: int):
    """A head teacher (own class) or administrator writes down a consent given on paper or in person."""
    actor = request.actor
    student = selectors.consent_student(actor, pk)
    if not can_rule(actor, "record_consent", student):
        raise Http404
    purpose = request.GET.get("purpose", "")
    form = ConsentRecordForm(request.POST or None, student=student,
                             initial={"date": timezone.localdate(), "purpose": purpose})
    if submit(request, form, lambda: services.consent_record(actor=actor, student=student, **form.service_kwargs()),
              _("Consent recorded.")):
        return redirect("people:consent-student", pk=student.pk)
    notices = consent_rules.notices_in_effect(actor.school)
    return render(request, "people/consent_record.html", {
        "student": student, "form": form, "notices": [notices[p] for p in consent_rules.PURPOSES if p in notices],
    }, status=form_status(request))


@require_POST
@actor_view("consent.view")
def consent_withdraw(request, pk: int):
    """Withdraw a consent now: its giver (own account) or a recorder writing down a paper withdrawal."""
    actor = request.actor
    consent = get_object_or_404(selectors.consents(actor), pk=pk)
    if not can_rule(actor, "withdraw_consent", consent):
        raise Http404
    act(request, lambda: services.consent_withdraw(actor=actor, consent=consent),
        _("Consent withdrawn: it no longer counts, from now on."))
    return redirect(_back(request, reverse("people:consent-student", args=[consent.student_id])))


def _mine_context(actor) -> dict:
    """Each child (or the student themself) with, per purpose, the notice to read and the actor's own consent."""
    today = timezone.localdate()
    people = selectors.my_consent_students(actor)
    statuses = consent_rules.statuses_for(people, today)
    cards = []
    for s in people:
        party = Consent.Party.STUDENT if s.pk == actor.student_id else Consent.Party.GUARDIAN

        def mine(c: Consent, party=party) -> bool:
            return c.party == party and (party == Consent.Party.STUDENT or c.guardian_id == actor.guardian_id)

        requirement = consent_rules.requirement(s.birth_date, today)
        rows = []
        for st in statuses[s.pk].values():
            counting = st.guardian_consents + ([st.student_consent] if st.student_consent else [])
            rows.append({
                "status": st,
                "mine": next((c for c in counting if mine(c)), None),
                "mine_outdated": next((c for c in st.outdated if mine(c)), None),
                "others": [c for c in counting if not mine(c)],
            })
        cards.append({"student": s, "party": party, "requirement": requirement, "rows": rows,
                      "can_give": party == Consent.Party.GUARDIAN or requirement.student})
    return {"cards": cards}


@actor_view("consent.give")
def consent_mine(request):
    """Parents: their children's consents; students: their own. Read the notice, agree or withdraw."""
    return render(request, "people/consent_mine.html", _mine_context(request.actor))


@require_POST
@actor_view("consent.give")
def consent_give(request):
    actor = request.actor
    form = ConsentGiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; please try again from this page."))
        return render(request, "people/consent_mine.html", _mine_context(actor), status=400)
    student_pk, purpose = form.cleaned_data["student"], form.cleaned_data["purpose"]
    if student_pk not in {s.pk for s in selectors.my_consent_students(actor)}:
        raise Http404
    student = selectors.consent_student(actor, student_pk)
    notice = ConsentNotice.objects.filter(school=actor.school, purpose=purpose,
                                          version=form.cleaned_data["version"]).first()
    try:
        services.consent_give(actor=actor, student=student, purpose=purpose, notice=notice)
    except ValidationError as exc:
        _refusal(request, exc)
        return render(request, "people/consent_mine.html", _mine_context(actor), status=400)
    messages.success(request, _("Thank you: your consent is recorded. You can withdraw it here at any time."))
    return redirect(reverse("people:consent-mine") + f"#consent-{student.pk}-{purpose}")


@actor_view("consent.view")
def consent_register(request):
    """Students with their consent per purpose; the coverage page's figures link here with their filters."""
    actor = request.actor
    form = ConsentRegisterFilterForm(request.GET or None, classes=core_selectors.class_choices(actor))
    filters = form.filters()
    today = timezone.localdate()
    notices = consent_rules.notices_in_effect(actor.school, today)
    # the flags of this page's students only (flag_consent), not annotations over the whole school's consents;
    # without the encrypted columns the page does not show (each row would decrypt them)
    page = paginate(request, selectors.consent_register(actor, **filters, annotate=False, notices=notices)
                    .defer("id_card", "address"))
    log_list(request, "consent", page, filters, search=bool(filters.get("q")), page=page.number)
    consent_rules.flag_consent(page, actor.school, today, notices)
    purposes = [(p, str(consent_rules.ConsentPurpose(p).label), notices.get(p)) for p in consent_rules.PURPOSES]
    for s in page:
        s.consent_cells = [(label, consent_rules.row_status(s, p, today, p in notices)) for p, label, _n in purposes]
    return render(request, "people/consent_register.html", {
        "form": form, "page": page, "query": query_without_page(request), "purposes": purposes,
    })


@actor_view("consent.coverage")
def consent_coverage(request):
    """Committee: per class and purpose, how many students have complete consent, each figure a link."""
    data = selectors.consent_coverage(request.actor)
    # Made once per cell here rather than by template tags: the page has some 250 cells.
    missing = _("%(n)s missing")  # the msgid {% blocktranslate %} gave it
    for row in data["rows"]:
        row["class_id"] = row["school_class"].pk
        for cell in row["cells"]:
            cell["query"] = f"school_class={row['class_id']}&purpose={cell['purpose']}"
            cell["missing_text"] = missing % {"n": cell["missing"]}
    for cell in data["total_cells"]:
        cell["query"] = f"school_class=&purpose={cell['purpose']}"
        cell["missing_text"] = missing % {"n": cell["missing"]}
    return render(request, "people/consent_coverage.html", data)


@actor_view("consent.notices.manage")
def consent_notices(request):
    """The notices people agree to, every version; publish a new version."""
    actor = request.actor
    form = ConsentNoticeForm(request.POST or None, initial={"purpose": request.GET.get("purpose", "")})
    if submit(request, form, lambda: services.consent_notice_publish(actor=actor, **form.cleaned_data),
              lambda notice: _("Version %(version)d published.") % {"version": notice.version}):
        return redirect("people:consent-notices")
    current = {n.pk for n in consent_rules.notices_in_effect(actor.school).values()}
    return render(request, "people/consent_notices.html", {
        "form": form, "notices": selectors.consent_notices(actor), "current": current,
        "today": timezone.localdate(),
    }, status=form_status(request))
