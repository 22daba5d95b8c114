"""Pages of the visits part: the tiered home-visit plan (FAM-2), home visits, follow-up items, student forums
(STU-5). Thin: a scoped selector reads, one service writes, the template shows. Denied = 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.models import SchoolClass
from xinhuo.core.params import parse_id
from xinhuo.core.web import actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from ..common import students_in_care
from ..models import VisitorKind
from ..rules import can
from . import selectors, services
from .forms import FollowUpAddForm, FollowUpCloseForm, FollowUpFilterForm, ForumForm, HomeVisitForm, PlanFilterForm
from .plan import plan_rows, visits_by_month


def _int(value) -> int | None:
    return parse_id(value)


# --- the plan ------------------------------------------------------------------------------------------------


@actor_view("home_visits.view")
def plan(request):
    """Who is due or overdue for a home visit, overdue first; the committee filters by class and status."""
    actor = request.actor
    classes = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related(
        "grade").order_by("grade__level", "number")
    if not actor.can("care.school_wide"):
        classes = classes.filter(pk__in=actor.class_ids)
    form = PlanFilterForm(request.GET or None, classes=classes)
    filters = form.filters()
    rows = plan_rows(actor, class_id=filters["class_id"], status=filters["status"])
    counts = rows.counts()  # one query: every status, and how many of the rows name a group
    page = paginate(request, rows, per_page=50)
    # the plan names each student's special group: a list of tags, logged like one
    log_list(request, "home_visit_plan", len(rows), filters, search=False, tagged=counts["tagged"])
    return render(request, "care/visits_plan.html", {
        "form": form, "page": page, "query": query_without_page(request), "counts": counts,
        "can_record": actor.can("home_visits.record"), "many_classes": len(classes) > 1,
        "chart": visits_by_month(actor, class_id=filters["class_id"]),
    })


# --- home visits ---------------------------------------------------------------------------------------------


@actor_view("home_visits.record")
def visit_new(request):
    actor = request.actor
    if not request.GET.get("student"):  # the plan lists the students, each with its "record" button
        messages.info(request, _("Choose the student in the plan, then record the visit."))
        return redirect("care:visits")
    student = get_object_or_404(students_in_care(actor), pk=_int(request.GET.get("student")) or 0)
    owners = selectors.follow_up_owners(actor)
    form = HomeVisitForm(request.POST or None, owners=owners,
                         initial={"visited_on": timezone.localdate(), "way": "home",
                                  "visitors": actor.user.display_name})
    # a refusal of the follow-up items (not fields of the form) goes above the form, once
    if visit := submit(request, form, lambda: services.home_visit_record(actor=actor, student=student,
                                                                         **form.service_kwargs()),
                       _("Home visit recorded.")):
        return redirect("care:visit-detail", pk=visit.pk)
    return render(request, "care/visits_form.html", {"form": form, "student": student}, status=form_status(request))


@actor_view("home_visits.view")
def visit_history(request):
    """Home visits in scope, newest first (all, or one student's); never their notes."""
    actor = request.actor
    student = None
    student_id = _int(request.GET.get("student"))
    if request.GET.get("student"):
        student = get_object_or_404(students_in_care(actor), pk=student_id or 0)
    page = paginate(request, selectors.home_visit_list(actor, student_id=student.pk if student else None))
    log_list(request, "home_visit", page, student=student.pk if student else None)
    return render(request, "care/visits_history.html", {
        "page": page, "student": student, "query": query_without_page(request),
        "can_record": actor.can("home_visits.record"),
    })


def _follow_up_items(actor, source, may_add: bool, add_form) -> dict:
    """The context of a visit's or a forum's follow-up items (care/visits_follow_up_items.html) and of the form that
    adds one: the refused form again, else a new one, for those who may add."""
    items = list(source.follow_ups.all())
    if may_add and add_form is None:
        add_form = FollowUpAddForm(owners=selectors.follow_up_owners(actor))
    return {"items": items, "closable": _closable(actor, items), "add_form": add_form if may_add else None,
            "close_form": FollowUpCloseForm(), "today": timezone.localdate()}


def _visit_page(request, visit, add_form=None, status: int = 200):
    actor = request.actor
    may_add = actor.can("home_visits.record") and can(actor, "view_home_visit", visit)
    # the notes are shown on this page: each showing is logged
    log_view(request, "home_visit", visit, field="notes")
    return render(request, "care/visits_detail.html", {
        "visit": visit, "kinds": [VisitorKind(k).label for k in visit.visitor_kinds if k in VisitorKind.values],
        **_follow_up_items(actor, visit, may_add, add_form),
    }, status=status)


@actor_view("home_visits.view")
def visit_detail(request, pk: int):
    return _visit_page(request, selectors.home_visit_detail(request.actor, pk))


@require_POST
@actor_view("home_visits.record")
def visit_follow_up_add(request, pk: int):
    visit = selectors.home_visit_detail(request.actor, pk)
    return _follow_up_add(request, visit, "care:visit-detail", _visit_page)


def _follow_up_add(request, source, detail_url: str, page):
    """Add a follow-up item to a home visit or a forum; on a refusal, its page again with the form's errors."""
    actor = request.actor
    form = FollowUpAddForm(request.POST, owners=selectors.follow_up_owners(actor))
    if submit(request, form, lambda: services.follow_up_add(actor=actor, source=source, **form.cleaned_data),
              _("Follow-up item added.")):
        return redirect(detail_url, pk=source.pk)
    return page(request, source, form, status=400)


# --- follow-up items -----------------------------------------------------------------------------------------


@actor_view("follow_ups.view")
def follow_ups(request):
    """Follow-up items in scope, open first: the actor's own, by source, the overdue ones."""
    actor = request.actor
    form = FollowUpFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.follow_up_list(actor, **filters))
    closable = _closable(actor, page)
    # an owner outside the care staff sees their item, not the visit behind it: link only what opens
    visit_ids = {i.home_visit_id for i in page if i.home_visit_id}
    visible_visits = (set(selectors.home_visits(actor).filter(pk__in=visit_ids).values_list("pk", flat=True))
                      if visit_ids and actor.can("home_visits.view") else set())
    return render(request, "care/visits_follow_ups.html", {
        "form": form, "page": page, "query": query_without_page(request), "closable": closable,
        "visible_visits": visible_visits, "sees_forums": actor.can("forums.view"),
        "close_form": FollowUpCloseForm(), "today": timezone.localdate(),
    })


def _closable(actor, items) -> set[int]:
    """The follow-up items of a page that the actor may close."""
    return set(selectors.closable_follow_ups(actor).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/care/") and "//" not in target else default


@require_POST
@actor_view("follow_ups.view")
def follow_up_close(request, pk: int):
    actor = request.actor
    item = get_object_or_404(selectors.follow_ups(actor), pk=pk)
    if not can(actor, "close_follow_up", item):
        raise Http404
    form = FollowUpCloseForm(request.POST)
    back = _safe_next(request, reverse("care:follow-ups"))
    if form.is_valid():
        try:
            services.follow_up_close(actor=actor, item=item, outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            return render(request, "care/visits_follow_up_close.html", {
                "item": item, "form": form, "errors": exc.messages, "back": back}, status=400)
        messages.success(request, _("Follow-up item closed."))
        return redirect(back)
    return render(request, "care/visits_follow_up_close.html", {"item": item, "form": form, "back": back},
                  status=400)


# --- forums --------------------------------------------------------------------------------------------------


@actor_view("forums.view")
def forums(request):
    actor = request.actor
    page = paginate(request, selectors.forum_list(actor))
    return render(request, "care/forums_list.html", {
        "page": page, "query": query_without_page(request), "manages": actor.can("forums.manage"),
    })


def _forum_form_page(request, forum=None):
    actor = request.actor
    initial: dict[str, object]
    if forum is None:
        initial = {"held_on": timezone.localdate()}
        keep: list = []
    else:
        keep = list(forum.participants.all())
        initial = {f: getattr(forum, f) for f in ("held_on", "title", "place", "other_participants", "minutes")}
        initial["participants"] = [s.pk for s in keep]
    form = ForumForm(request.POST or None, students=selectors.forum_students(actor, keep=keep), initial=initial)

    def save():
        if forum is None:
            return services.forum_create(actor=actor, **form.service_kwargs())
        return services.forum_update(actor=actor, forum=forum, **form.service_kwargs())

    if saved := submit(request, form, save, _("Forum saved.")):
        return redirect("care:forum-detail", pk=saved.pk)
    return render(request, "care/forums_form.html", {"form": form, "forum": forum}, status=form_status(request))


@actor_view("forums.manage")
def forum_new(request):
    return _forum_form_page(request)


@actor_view("forums.manage")
def forum_edit(request, pk: int):
    actor = request.actor
    forum = selectors.forum_detail(actor, pk)
    if not can(actor, "manage_forum", forum):
        raise Http404
    return _forum_form_page(request, forum)


def _forum_page(request, forum, add_form=None, status: int = 200):
    actor = request.actor
    manages = actor.can("forums.manage") and can(actor, "manage_forum", forum)
    return render(request, "care/forums_detail.html", {
        "forum": forum, "manages": manages, **_follow_up_items(actor, forum, manages, add_form),
    }, status=status)


@actor_view("forums.view")
def forum_detail(request, pk: int):
    return _forum_page(request, selectors.forum_detail(request.actor, pk))


@require_POST
@actor_view("forums.manage")
def forum_follow_up_add(request, pk: int):
    forum = selectors.forum_detail(request.actor, pk)
    return _follow_up_add(request, forum, "care:forum-detail", _forum_page)
