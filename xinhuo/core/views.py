"""Thin views: get through a selector, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import registry, selectors, services, tokens
from .access import role_labels, schools_of
from .auth import looks_like_mobile
from .forms import (
    AccountEditForm,
    AccountForm,
    ClassForm,
    CommitteeMemberForm,
    DepartmentForm,
    GradeForm,
    HeadTeacherForm,
    LoginForm,
    MembershipForm,
    NoticeForm,
    PasswordChangeForm,
    SchoolYearForm,
    TermForm,
)
from .masking import mask_phone
from .middleware import SCHOOL_SESSION_KEY
from .models import CommitteeMember, Role, SchoolClass
from .params import parse_id
from .web import act, actor_view, form_errors_from, form_status, paginate, query_without_page, submit


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if user.language:
            self.request.session["xinhuo_language"] = user.language
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response

    def get_success_url(self):
        messages.success(self.request, _("Your password has been changed."))
        return reverse("dashboard")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _panels(actor, place: str, computed: dict) -> list[dict]:
    """The apps' panels for one place on the home page; a context shared by two panels is computed once."""
    out = []
    for panel in registry.panels(place):
        if panel.context not in computed:
            computed[panel.context] = import_string(panel.context)(actor)
        if computed[panel.context] is not None:
            out.append({"template": panel.template, "data": computed[panel.context]})
    return out


@actor_view(landing=True)
def dashboard(request):
    actor = request.actor
    computed: dict = {}
    ctx: dict[str, Any] = {
        "role_labels": role_labels(actor.roles),
        "latest": selectors.inbox(actor)[:5],
        "schools": schools_of(request.user),
        **{f"{place}_panels": _panels(actor, place, computed) for place in ("top", "figure", "chart", "list")},
    }
    return render(request, "core/dashboard.html", ctx)


@require_POST
@actor_view()
def switch_school(request):
    school_id = request.POST.get("school")
    if parse_id(school_id) not in {s.pk for s in schools_of(request.user)}:
        raise Http404
    request.session[SCHOOL_SESSION_KEY] = int(school_id)
    return redirect("dashboard")


def _safe_next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nxt
    return reverse("dashboard")


@require_POST
@actor_view()
def elder_mode(request):
    services.user_set_elder_mode(actor=request.actor, on=request.POST.get("on") == "1")
    return redirect(_safe_next(request))


@require_POST
def set_language(request):
    """Django's set_language, and remember the choice on the account."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and lang in {code for code, _name in settings.LANGUAGES}:
        services.user_set_language(user=request.user, language=lang)
        request.session["xinhuo_language"] = lang
    return response


# --- structure -------------------------------------------------------------------------------


# The structure page's forms by prefix, with the choices each takes from the actor's school.
STRUCTURE_FORMS: dict[str, tuple[type, Callable[[Any], dict]]] = {
    "year": (SchoolYearForm, lambda actor: {}),
    "term": (TermForm, lambda actor: {"years": selectors.years(actor)}),
    "grade": (GradeForm, lambda actor: {}),
    "class": (ClassForm, lambda actor: {"grades": selectors.grades(actor)}),
    "department": (DepartmentForm, lambda actor: {}),
}


def _structure_form(actor, prefix: str, data=None):
    form_class, choices = STRUCTURE_FORMS[prefix]
    return form_class(data, prefix=prefix, **choices(actor))


def _structure_context(actor, **forms) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "years": selectors.years(actor),
        "grades": selectors.grades(actor),
        "classes": selectors.classes_with_counts(actor),
        "departments": selectors.departments(actor),
        "can_manage": actor.can("structure.manage"),
    }
    if ctx["can_manage"]:  # graduated classes: offered nowhere, still found here (read-only)
        ctx["graduated"] = (selectors.structure_classes(actor).filter(graduated_in__isnull=False)
                            .prefetch_related(None).order_by("-graduated_in__start", "grade__level", "number"))
    if ctx["can_manage"]:
        ctx.update({f"{prefix}_form": _structure_form(actor, prefix) for prefix in STRUCTURE_FORMS})
        ctx.update(forms)  # a bound form with its errors replaces the blank one
    return ctx


@actor_view("structure.view")
def structure(request):
    return render(request, "core/structure.html", _structure_context(request.actor))


def _structure_post(request, prefix: str, service):
    """Save one of the structure page's forms; on a refusal show the page again with that form open."""
    form = _structure_form(request.actor, prefix, request.POST)
    if submit(request, form, lambda: service(actor=request.actor, **form.cleaned_data), _("Saved.")):
        return redirect("structure")
    ctx = _structure_context(request.actor, **{f"{prefix}_form": form})
    ctx["open_form"] = f"{prefix}_form"
    return render(request, "core/structure.html", ctx, status=400)


@require_POST
@actor_view("structure.manage")
def year_create(request):
    return _structure_post(request, "year", services.school_year_create)


@require_POST
@actor_view("structure.manage")
def term_create(request):
    return _structure_post(request, "term", services.term_create)


@require_POST
@actor_view("structure.manage")
def grade_create(request):
    return _structure_post(request, "grade", services.grade_create)


@require_POST
@actor_view("structure.manage")
def class_create(request):
    return _structure_post(request, "class", services.class_create)


@require_POST
@actor_view("structure.manage")
def department_create(request):
    return _structure_post(request, "department", services.department_create)


def _structure_edit(request, prefix: str, obj, initial: dict, update: Callable[..., Any], *, title: str,
                    delete_url: str, success: str | Callable[[Any], str] | None = None, confirm: str = "",
                    readonly: str = "", **form_kwargs):
    """A structure record's edit page: its form filled in, saved through the service (which checks every rule), and
    a button to delete it (the service refuses while anything refers to it)."""
    actor = request.actor
    form_class, choices = STRUCTURE_FORMS[prefix]
    form = form_class(request.POST or None, initial=initial, **choices(actor), **form_kwargs)
    if submit(request, form, lambda: update(actor=actor, **form.cleaned_data), success or _("Saved.")):
        return redirect("structure")
    return render(request, "core/structure_edit.html", {
        "form": form, "title": title, "delete_url": delete_url, "confirm": confirm,
        "readonly": readonly, "record": obj,
        "delete_confirm": _("Delete %(record)s? This cannot be undone.") % {"record": obj},
    }, status=form_status(request))


def _structure_delete(request, call: Callable[[], Any], back: str):
    """Delete, then the structure page; a refusal (something still refers to the record) back on its page."""
    if act(request, call, _("Deleted.")):
        return redirect("structure")
    return redirect(back)


@actor_view("structure.manage")
def year_edit(request, pk: int):
    year = get_object_or_404(selectors.years(request.actor), pk=pk)
    initial = {"name": year.name, "start": year.start, "end": year.end, "is_current": year.is_current}
    return _structure_edit(request, "year", year, initial,
                           lambda **kw: services.school_year_update(year=year, **kw),
                           title=_("Edit the school year %(name)s") % {"name": year.name},
                           delete_url=reverse("year-delete", args=[year.pk]))


@require_POST
@actor_view("structure.manage")
def year_delete(request, pk: int):
    year = get_object_or_404(selectors.years(request.actor), pk=pk)
    return _structure_delete(request, lambda: services.school_year_delete(actor=request.actor, year=year),
                             reverse("year-edit", args=[year.pk]))


@actor_view("structure.manage")
def term_edit(request, pk: int):
    term = get_object_or_404(selectors.terms(request.actor), pk=pk)
    initial = {"school_year": term.school_year_id, "name": term.name, "start": term.start, "end": term.end}
    return _structure_edit(request, "term", term, initial, lambda **kw: services.term_update(term=term, **kw),
                           title=_("Edit the term %(name)s") % {"name": term},
                           delete_url=reverse("term-delete", args=[term.pk]))


@require_POST
@actor_view("structure.manage")
def term_delete(request, pk: int):
    term = get_object_or_404(selectors.terms(request.actor), pk=pk)
    return _structure_delete(request, lambda: services.term_delete(actor=request.actor, term=term),
                             reverse("term-edit", args=[term.pk]))


@actor_view("structure.manage")
def grade_edit(request, pk: int):
    grade = get_object_or_404(selectors.grades(request.actor), pk=pk)
    return _structure_edit(request, "grade", grade, {"name": grade.name, "level": grade.level},
                           lambda **kw: services.grade_update(grade=grade, **kw),
                           title=_("Edit the grade %(name)s") % {"name": grade.name},
                           delete_url=reverse("grade-delete", args=[grade.pk]))


@require_POST
@actor_view("structure.manage")
def grade_delete(request, pk: int):
    grade = get_object_or_404(selectors.grades(request.actor), pk=pk)
    return _structure_delete(request, lambda: services.grade_delete(actor=request.actor, grade=grade),
                             reverse("grade-edit", args=[grade.pk]))


@actor_view("structure.manage")
def class_edit(request, pk: int):
    actor = request.actor
    school_class = get_object_or_404(selectors.structure_classes(actor), pk=pk)
    students = school_class.students.count()
    old_grade, label = school_class.grade_id, str(school_class)

    def saved(cls) -> str:
        if cls.grade_id == old_grade:
            return _("Saved.")
        return _("%(old)s is now %(new)s, with its %(n)d students.") % {"old": label, "new": cls, "n": students}

    readonly = services.graduated_note(school_class)
    initial = {"grade": school_class.grade_id, "number": school_class.number, "name": school_class.name}
    return _structure_edit(
        request, "class", school_class, initial,
        lambda **kw: services.class_update(school_class=school_class, **kw),
        title=_("Edit the class %(name)s") % {"name": label}, success=saved, readonly=readonly,
        delete_url=reverse("class-delete", args=[school_class.pk]), students=students,
        confirm=_("If you moved the class to another grade, its %(n)d students move with it. Save?") % {"n": students},
    )


@require_POST
@actor_view("structure.manage")
def class_delete(request, pk: int):
    school_class = get_object_or_404(selectors.structure_classes(request.actor), pk=pk)
    return _structure_delete(request, lambda: services.class_delete(actor=request.actor, school_class=school_class),
                             reverse("class-edit", args=[school_class.pk]))


@actor_view("structure.manage")
def department_edit(request, pk: int):
    department = get_object_or_404(selectors.departments(request.actor), pk=pk)
    initial = {"name": department.name, "kind": department.kind, "duties": department.duties}
    return _structure_edit(request, "department", department, initial,
                           lambda **kw: services.department_update(department=department, **kw),
                           title=_("Edit the department %(name)s") % {"name": department.name},
                           delete_url=reverse("department-delete", args=[department.pk]))


@require_POST
@actor_view("structure.manage")
def department_delete(request, pk: int):
    department = get_object_or_404(selectors.departments(request.actor), pk=pk)
    return _structure_delete(request, lambda: services.department_delete(actor=request.actor, department=department),
                             reverse("department-edit", args=[department.pk]))


@actor_view("structure.manage")
def class_head_teacher(request, pk: int):
    actor = request.actor
    school_class = get_object_or_404(SchoolClass.objects.filter(school=actor.school).select_related("grade"), pk=pk)
    users = selectors.staff_users(actor)
    current = next(
        (m.user for m in school_class.memberships.filter(role=Role.HEAD_TEACHER).select_related("user")), None
    )
    form = HeadTeacherForm(request.POST or None, users=users, initial={"user": current})
    if submit(request, form, lambda: services.class_set_head_teacher(
            actor=actor, school_class=school_class, user=form.cleaned_data["user"]), _("Saved.")):
        return redirect("structure")
    status = form_status(request)
    return render(request, "core/class_head_teacher.html", {"form": form, "school_class": school_class}, status=status)


# --- committee -------------------------------------------------------------------------------


@actor_view("committee.view")
def committee(request):
    members = selectors.committee(request.actor)
    return render(
        request,
        "core/committee.html",
        {
            "leading_group": [m for m in members if m.in_leading_group],
            "members": [m for m in members if not m.in_leading_group],
            "can_manage": request.actor.can("committee.manage"),
        },
    )


@actor_view("committee.manage")
def committee_edit(request, pk: int | None = None):
    actor = request.actor
    member = get_object_or_404(selectors.committee(actor), pk=pk) if pk else CommitteeMember(school=actor.school)
    form = CommitteeMemberForm(request.POST or None, instance=member, users=selectors.school_users(actor))
    if submit(request, form, lambda: services.committee_member_save(actor=actor, member=form.save(commit=False)),
              _("Saved.")):
        return redirect("committee")
    status = form_status(request)
    return render(request, "core/committee_edit.html", {"form": form, "member": member}, status=status)


@require_POST
@actor_view("committee.manage")
def committee_remove(request, pk: int):
    member = get_object_or_404(selectors.committee(request.actor), pk=pk)
    services.committee_member_remove(actor=request.actor, member=member)
    messages.success(request, _("Removed."))
    return redirect("committee")


# --- notifications ---------------------------------------------------------------------------


@actor_view()
def inbox(request):
    page = paginate(request, selectors.inbox(request.actor))
    return render(request, "core/inbox.html", {"page": page, "query": query_without_page(request)})


@actor_view()
def inbox_detail(request, pk: int):
    notification = selectors.notification(request.actor, pk)
    services.notification_mark_read(actor=request.actor, notification=notification)
    return render(request, "core/inbox_detail.html", {"notification": notification})


@require_POST
@actor_view()
def inbox_read_all(request):
    n = services.notifications_mark_all_read(actor=request.actor)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": n})
    return redirect("inbox")


@actor_view("notifications.send")
def notification_send(request):
    actor = request.actor
    form = NoticeForm(request.POST or None)

    def send():
        data = form.cleaned_data
        recipients = services.recipients_for_roles(actor.school, data["roles"])
        return services.notification_send(actor=actor, school=actor.school, recipients=recipients,
                                          title=data["title"], body=data["body"])

    if submit(request, form, send, lambda rows: _("Sent to %(n)d people.") % {"n": len(rows)}):
        return redirect("notification-send")
    status = form_status(request)
    batches = list(selectors.sent_batches(actor)[:20])
    return render(request, "core/notification_send.html", {"form": form, "batches": batches}, status=status)


@actor_view("notifications.send")
def notification_receipts(request, batch):
    rows = list(selectors.batch_receipts(request.actor, batch))
    if not rows:
        raise Http404
    return render(request, "core/notification_receipts.html", {"rows": rows, "title": rows[0].title})


# --- logs ------------------------------------------------------------------------------------


def _access_log_page(request, form, page=None, status: int = 200, message: str = ""):
    from . import access_log as log

    user = None
    if form.is_valid() and form.cleaned_data.get("user"):
        user = log.viewer(request.actor, form.cleaned_data["user"])
    return render(request, "core/access_log.html", {
        "form": form, "page": page, "rows": log.entries(page) if page is not None else [], "viewer_user": user,
        "query": query_without_page(request), "message": message,
    }, status=status)


@actor_view("logs.view")
def access_log(request):
    """Who looked at which person's what, when and from where, in words; filtered by the person looked at, the
    viewer, the date and the kind; a page of rows in a fixed number of queries (core.access_log)."""
    from . import access_log as log

    form = log.AccessLogFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, log.log_rows(request.actor, **filters))
    return _access_log_page(request, form, page, status=400 if request.GET and not form.is_valid() else 200)


@actor_view("logs.view")
def access_log_export(request):
    """The filtered rows as a workbook for an inspection; the export itself is logged."""
    from . import access_log as log
    from .excel import xlsx_response

    actor = request.actor
    form = log.AccessLogFilterForm(request.GET or None)
    filters = form.filters()
    if request.GET and not form.is_valid():
        return _access_log_page(request, form, status=400)
    rows = log.log_rows(actor, **filters)
    count = rows.count()
    if count > log.EXPORT_MAX:
        return _access_log_page(request, form, status=400, message=_(
            "%(n)d rows match: a workbook holds at most %(max)d. Narrow the dates or choose a person or a viewer.")
            % {"n": count, "max": log.EXPORT_MAX})
    buf = log.workbook(rows, title=_("Access log"))
    used = {k: str(v) for k, v in filters.items() if v}
    services.access_log_record(actor, "export", "access_log", detail={"count": count, "filters": used},
                               request=request)
    return xlsx_response(buf, _("Access log %(day)s.xlsx") % {"day": timezone.localdate().isoformat()})


@actor_view("logs.view")
def audit_log(request):
    page = paginate(request, selectors.audit_log(request.actor))
    return render(request, "core/audit_log.html", {"page": page, "query": query_without_page(request)})


# --- accounts --------------------------------------------------------------------------------


def _account_form_kwargs(actor) -> dict:
    return {"classes": selectors.classes(actor), "departments": selectors.departments(actor)}


@actor_view("accounts.manage")
def accounts(request):
    q, role = request.GET.get("q", "")[:50], request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page = paginate(request, selectors.accounts(request.actor, q=q, role=role))
    for u in page:
        u.shown_username = _masked_username(u)  # type: ignore[attr-defined]
    return render(request, "core/accounts.html", {
        "page": page, "query": query_without_page(request), "q": q, "role": role, "roles": Role.choices,
    })


@actor_view("accounts.manage")
def account_create(request):
    actor = request.actor
    form = AccountForm(request.POST or None, **_account_form_kwargs(actor))
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.account_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return render(request, "core/account_password.html", {"account": user, "password": password})
    status = form_status(request)
    return render(request, "core/account_form.html", {"form": form}, status=status)


def _masked_username(user) -> str:
    """A username that is a mobile number (a parent's) is shown masked like any other number."""
    return mask_phone(user.username) if looks_like_mobile(user.username) else user.username


def _account_reveal_context(user, field: str) -> dict:
    """What core/_sensitive.html needs: the masked value and the logged reveal."""
    value = getattr(user, field) or ""
    return {"has_value": bool(value), "masked": mask_phone(value), "allowed": bool(value),
            "url": reverse("account-reveal", args=[user.pk, field])}


@actor_view("accounts.manage")
def account_detail(request, pk: int):
    actor = request.actor
    user = selectors.account(actor, pk)
    form_is_edit = request.POST.get("form") == "edit"  # the page has two forms: which one was posted
    edit_form = AccountEditForm(request.POST if form_is_edit else None,
                                initial={"full_name": user.full_name, "email": user.email})
    role_form = MembershipForm(request.POST if request.POST.get("form") == "role" else None,
                               **_account_form_kwargs(actor))
    form: AccountEditForm | MembershipForm = edit_form if form_is_edit else role_form

    def save():
        if form_is_edit:
            return services.account_update(actor=actor, user=user, full_name=edit_form.cleaned_data["full_name"],
                                           phone=edit_form.phone_for(user), email=edit_form.cleaned_data["email"])
        return services.membership_add(actor=actor, user=user, **role_form.cleaned_data)

    if submit(request, form, save, _("Saved.")):
        return redirect("account-detail", pk=user.pk)
    username_is_mobile = looks_like_mobile(user.username)
    return render(request, "core/account_detail.html", {
        "account": user, "edit_form": edit_form, "role_form": role_form,
        "shown_username": _masked_username(user),
        "username_reveal": _account_reveal_context(user, "username") if username_is_mobile else None,
        "phone_reveal": _account_reveal_context(user, "phone"),
        "tokens": tokens.account_tokens(actor, user),
    }, status=form_status(request))


@require_POST
@actor_view("accounts.manage")
def account_reveal(request, pk: int, field: str):
    """The account's full mobile number (or mobile-number username), logged; htmx gets just the value back."""
    user = selectors.account(request.actor, pk)
    value = services.account_reveal(actor=request.actor, user=user, field=field, request=request)
    return render(request, "core/_revealed.html", {"value": value})


@require_POST
@actor_view("accounts.manage")
def account_tokens_revoke(request, pk: int):
    """Revoke one API token of the account (`token` posted) or all of them."""
    user = selectors.account(request.actor, pk)
    token_pk = request.POST.get("token") or None
    act(request, lambda: tokens.account_tokens_revoke(actor=request.actor, user=user, token_pk=token_pk),
        _("The API token has been revoked.") if token_pk else _("The account's API tokens have been revoked."))
    return redirect("account-detail", pk=user.pk)


@actor_view()
def my_account(request):
    """The user's own account: their API tokens (never the keys), each with a button to revoke it."""
    user = request.user
    return render(request, "core/my_account.html", {
        "shown_username": _masked_username(user), "tokens": tokens.own_tokens(user),
        "token_days": settings.XINHUO_API_TOKEN_DAYS, "token_idle_days": settings.XINHUO_API_TOKEN_IDLE_DAYS,
    })


@require_POST
@actor_view()
def my_tokens_revoke(request):
    """Revoke one of one's own API tokens (`token` posted) or all of them."""
    token_pk = request.POST.get("token") or None
    if token_pk:
        tokens.own_token_revoke(user=request.user, token_pk=token_pk)
        messages.success(request, _("The API token has been revoked."))
    else:
        tokens.revoke_all(request.user)
        messages.success(request, _("Your API tokens have been revoked."))
    return redirect("my-account")


@require_POST
@actor_view("accounts.manage")
def account_reset_password(request, pk: int):
    user = selectors.account(request.actor, pk)
    try:
        password = services.account_reset_password(actor=request.actor, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("account-detail", pk=user.pk)
    # the new password is shown once, on this page, never in a message or a redirect
    return render(request, "core/account_password.html", {"account": user, "password": password})


@require_POST
@actor_view("accounts.manage")
def account_set_active(request, pk: int):
    user = selectors.account(request.actor, pk)
    active = request.POST.get("active") == "1"
    act(request, lambda: services.account_set_active(actor=request.actor, user=user, active=active), _("Saved."))
    return redirect("account-detail", pk=pk)


@require_POST
@actor_view("accounts.manage")
def membership_remove(request, pk: int, membership_pk: int):
    user = selectors.account(request.actor, pk)
    here = user.school_memberships  # type: ignore[attr-defined]  # set by the selector's Prefetch
    membership = next((m for m in here if m.pk == membership_pk), None)
    if membership is None:
        raise Http404
    act(request, lambda: services.membership_remove(actor=request.actor, membership=membership), _("Removed."))
    return redirect("account-detail", pk=user.pk)
