"""Pages of the clubs (ACT-7). Thin: a scoped selector reads, one service writes, the template shows. Denied = 404.
Member lists are minors' data: each full list shown is written to the access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_list,
    log_view,
    paginate,
    query_without_page,
    stream_file,
    submit,
)

from . import selectors, services
from .forms import (
    ClubFilterForm,
    ClubForm,
    CommentForm,
    MeetingForm,
    MemberAddForm,
    MemberSearchForm,
    ReviewForm,
    ShowcaseForm,
    meeting_defaults,
)
from .models import Club, ClubStatus, MeetingKind, MemberRole, MembershipStatus
from .rules import advises, can

SEARCH_ROWS = 30  # students found at once on the members page


def _places_left(club, members: int) -> int | None:
    return None if club.capacity is None else max(club.capacity - members, 0)


# --- list, detail, founding request, review ----------------------------------------------------------------------


@actor_view("clubs.view")
def club_list(request):
    actor = request.actor
    form = ClubFilterForm(request.GET or None)
    mine = request.GET.get("mine") == "1"
    page = paginate(request, selectors.club_list(actor, mine=mine, **form.filters()))
    for club in page:
        club.places_left = _places_left(club, club.member_count)
        club.advised = advises(actor, club)
    return render(request, "clubs/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "mine": mine,
        "can_request": actor.can("clubs.request"), "waiting": selectors.waiting_count(actor),
        "staff": actor.can("clubs.request") or actor.can("clubs.review"),
        "may_advise": actor.can("clubs.request"),
    })


@actor_view("clubs.view")
def club_detail(request, pk: int):
    actor = request.actor
    club = selectors.club_detail(actor, pk)
    full = can(actor, "view_members", club)
    manages = can(actor, "manage_club", club)
    members = list(selectors.members(actor, club, full=full))
    if members:
        log_list(request, "club_member", len(members), object_id=club.pk, full=full)
    meetings = list(selectors.meetings(club))
    see_steps = actor.can("clubs.review") or manages or club.requested_by_id == actor.user.pk
    now = timezone.now()
    member_count = selectors.members(actor, club, full=True).count()
    return render(request, "clubs/detail.html", {
        "club": club, "members": members, "full": full, "member_count": member_count,
        "places_left": _places_left(club, member_count),
        "manages": manages, "reviews": club.status == ClubStatus.REQUESTED and can(actor, "review_club", club),
        "edits": _may_edit(actor, club),
        "resubmits": club.status == ClubStatus.RETURNED and can(actor, "edit_club", club),
        "steps": list(selectors.club_steps(club)) if see_steps else [],
        "coming": [m for m in meetings if m.ends_at >= now], "past": [m for m in meetings if m.ends_at < now][::-1],
        "showcases": [m for m in meetings if m.kind == MeetingKind.SHOWCASE and m.summary],
        "family": selectors.family_memberships(actor, club) if actor.can("clubs.join") else [],
        "requests": list(selectors.join_requests(club)) if manages else [],
        "active": club.status == ClubStatus.ACTIVE,
    })


def _may_edit(actor, club) -> bool:
    """A request by its requester (and the managers) while it waits or was returned; an active club by those who
    manage it (services.club_update)."""
    if club.status in (ClubStatus.REQUESTED, ClubStatus.RETURNED):
        return can(actor, "edit_club", club)
    return club.status == ClubStatus.ACTIVE and can(actor, "manage_club", club)


def _club_form_page(request, club=None):
    actor = request.actor
    if club is not None:
        initial = ClubForm.initial_for(club)
    else:
        initial = {"advisor_kind": "elder" if actor.elder_id else "teacher"}
        if actor.elder_id:
            initial["advisor_elder"] = actor.elder_id
        else:
            initial["advisor_user"] = actor.user.pk
    form = ClubForm(request.POST or None, initial=initial, elders=selectors.advisor_elders(actor),
                    teachers=selectors.advisor_users(actor))

    def save() -> Club:
        try:
            if club is None:
                return services.club_request(actor=actor, **form.service_kwargs())
            return services.club_update(actor=actor, club=club, **form.service_kwargs())
        except ValidationError as exc:  # the form chooses the advisor with advisor_kind: show the refusal there
            if hasattr(exc, "error_dict") and "advisor" in exc.error_dict:
                exc.error_dict["advisor_kind"] = exc.error_dict.pop("advisor")
            raise

    if saved := submit(request, form, save, _("Founding request sent: a leader will review it.") if club is None
                       else _("Club saved.")):
        return redirect("clubs:detail", pk=saved.pk)
    return render(request, "clubs/form.html", {"form": form, "club": club}, status=form_status(request))


@actor_view("clubs.request")
def club_new(request):
    return _club_form_page(request)


@actor_view("clubs.view")
def club_edit(request, pk: int):
    actor = request.actor
    club = selectors.club_detail(actor, pk)
    if not _may_edit(actor, club):
        raise Http404
    return _club_form_page(request, club)


@actor_view("clubs.review")
def club_review(request, pk: int):
    actor = request.actor
    club = selectors.club_detail(actor, pk)
    if not can(actor, "review_club", club):
        raise Http404
    form = ReviewForm(request.POST or None)
    if submit(request, form, lambda: services.club_review(actor=actor, club=club, **form.cleaned_data),
              lambda saved: _("Decision saved: the club is %(status)s.") % {"status": saved.get_status_display()}):
        return redirect("clubs:detail", pk=club.pk)
    return render(request, "clubs/review.html", {
        "form": form, "club": club, "steps": list(selectors.club_steps(club)),
        "own": club.requested_by_id == actor.user.pk,
    }, status=form_status(request))


@require_POST
@actor_view("clubs.view")
def club_resubmit(request, pk: int):
    actor = request.actor
    club = selectors.club_detail(actor, pk)
    if not can(actor, "edit_club", club):
        raise Http404
    act(request, lambda: services.club_resubmit(actor=actor, club=club, comment=request.POST.get("comment", "")),
        _("Request sent again for review."))
    return redirect("clubs:detail", pk=club.pk)


@actor_view("clubs.view")
def club_close(request, pk: int):
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    form = CommentForm(request.POST or None)
    form.fields["comment"].label = _("Why does the club close?")
    if submit(request, form, lambda: services.club_close(actor=actor, club=club, comment=form.cleaned_data["comment"]),
              _("The club is closed.")):
        return redirect("clubs:detail", pk=club.pk)
    return render(request, "clubs/close.html", {"form": form, "club": club}, status=form_status(request))


# --- members --------------------------------------------------------------------------------------------------------


@actor_view("clubs.view")
def club_members(request, pk: int):
    """The advisor's page: find a student and add them, accept or decline requests, set roles, remove members."""
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    form = MemberAddForm(request.POST or None, students=selectors.member_candidates(club),
                         initial={"role": MemberRole.MEMBER})
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            student = form.cleaned_data["student"]
            try:
                services.member_add(actor=actor, club=club, student=student, role=form.cleaned_data["role"])
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("%(name)s has joined %(club)s.") % {
                    "name": student.name, "club": club.name})
                return redirect("clubs:members", pk=club.pk)
        else:
            errors = [_("Choose a student of this school.")]
    search = MemberSearchForm(request.GET or None)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    found = list(selectors.member_candidates(club, q=q)[:SEARCH_ROWS]) if q else []
    members = list(selectors.members(actor, club, full=True))
    log_list(request, "club_member", len(members), object_id=club.pk, page="members", q=q)
    return render(request, "clubs/members.html", {
        "club": club, "search": search, "q": q, "found": found, "errors": errors, "members": members,
        "requests": list(selectors.join_requests(club)),
        "places_left": _places_left(club, len(members)),
        "active": club.status == ClubStatus.ACTIVE,
    }, status=form_status(request))


@require_POST
@actor_view("clubs.view")
def member_remove(request, pk: int, membership_pk: int):
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    membership = selectors.membership_of(club, membership_pk)
    act(request, lambda: services.member_remove(actor=actor, membership=membership),
        _("%(name)s has left the club.") % {"name": membership.student.name})
    return redirect("clubs:members", pk=club.pk)


@require_POST
@actor_view("clubs.view")
def member_role(request, pk: int, membership_pk: int):
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    membership = selectors.membership_of(club, membership_pk)
    role = request.POST.get("role", "")
    act(request, lambda: services.member_role_set(actor=actor, membership=membership, role=role), _("Role saved."))
    return redirect("clubs:members", pk=club.pk)


@require_POST
@actor_view("clubs.join")
def club_join(request, pk: int):
    """A student asks to join; a parent for their child (the only one, or the one chosen)."""
    actor = request.actor
    club = selectors.club_detail(actor, pk)
    candidates = list(selectors.family_students(actor))
    wanted = request.POST.get("student", "")
    if wanted:
        student = next((s for s in candidates if str(s.pk) == wanted), None)
        if student is None:
            raise Http404
    elif len(candidates) == 1:
        student = candidates[0]
    else:
        messages.error(request, _("Choose which child asks to join."))
        return redirect("clubs:detail", pk=club.pk)
    act(request, lambda: services.join_request(actor=actor, club=club, student=student),
        _("%(name)s has asked to join %(club)s: the advisor will decide.") % {"name": student.name, "club": club.name})
    return redirect("clubs:detail", pk=club.pk)


@require_POST
@actor_view("clubs.view")
def join_decide(request, pk: int, membership_pk: int):
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    membership = selectors.membership_of(club, membership_pk, MembershipStatus.REQUESTED)
    accept = request.POST.get("accept") == "1"
    act(request, lambda: services.join_decide(actor=actor, membership=membership, accept=accept),
        (_("%(name)s has joined %(club)s.") if accept else _("Request of %(name)s declined.")) % {
            "name": membership.student.name, "club": club.name})
    return redirect("clubs:members", pk=club.pk)


# --- meetings, attendance, showcase -------------------------------------------------------------------------------


@actor_view("clubs.view")
def meeting_new(request, pk: int):
    actor = request.actor
    club = selectors.managed_club(actor, pk)
    initial = {"place": club.place, **meeting_defaults(timezone.localtime())}
    if request.GET.get("kind") in MeetingKind.values:
        initial["kind"] = request.GET["kind"]
        if request.GET["kind"] == MeetingKind.SHOWCASE:
            initial["title"] = _("End-of-term showcase")
    form = MeetingForm(request.POST or None, initial=initial)
    if meeting := submit(request, form, lambda: services.meeting_add(actor=actor, club=club, **form.service_kwargs()),
                         _("Meeting saved.")):
        return redirect("clubs:meeting-detail", pk=meeting.pk)
    return render(request, "clubs/meeting_form.html", {"form": form, "club": club}, status=form_status(request))


@actor_view("clubs.view")
def meeting_detail(request, pk: int):
    """A meeting, event or showcase: its plan and notes; a showcase's summary and photos for those who may see
    them; the attendance count for those who keep it."""
    actor = request.actor
    meeting = selectors.meeting_detail(actor, pk)
    club = meeting.club
    manages = can(actor, "manage_club", club)
    see_photos = can(actor, "view_photos", club)
    present = []
    if manages:
        present = [r for r in selectors.attendance_checklist(meeting) if r["present"]]
        log_view(request, "club_attendance", meeting)
    return render(request, "clubs/meeting_detail.html", {
        "meeting": meeting, "club": club, "manages": manages and club.status == ClubStatus.ACTIVE,
        "photos": list(selectors.photos(meeting)) if see_photos else [], "see_photos": see_photos,
        "present": present, "started": meeting.starts_at <= timezone.now(),
        "is_showcase": meeting.kind == MeetingKind.SHOWCASE,
    })


@actor_view("clubs.view")
def meeting_edit(request, pk: int):
    actor = request.actor
    meeting = selectors.managed_meeting(actor, pk)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if submit(request, form, lambda: services.meeting_update(actor=actor, meeting=meeting, **form.service_kwargs()),
              _("Meeting saved.")):
        return redirect("clubs:meeting-detail", pk=meeting.pk)
    return render(request, "clubs/meeting_form.html", {"form": form, "club": meeting.club, "meeting": meeting},
                  status=form_status(request))


@actor_view("clubs.view")
def meeting_attendance(request, pk: int):
    """A phone-friendly checklist of the members, saved in one POST."""
    actor = request.actor
    meeting = selectors.managed_meeting(actor, pk)
    rows = selectors.attendance_checklist(meeting)
    errors: list[str] = []
    if request.method == "POST":
        present = [n for v in request.POST.getlist("present") if (n := parse_id(v))]
        try:
            counts = services.attendance_save(actor=actor, meeting=meeting, present=present)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Attendance saved: %(present)d present, %(absent)d absent.") % counts)
            return redirect("clubs:meeting-detail", pk=meeting.pk)
        ticked = set(present)
        for r in rows:  # show what was sent, not what is stored
            r["present"] = r["student"].pk in ticked
    log_view(request, "club_attendance", meeting)
    return render(request, "clubs/attendance.html", {
        "meeting": meeting, "club": meeting.club, "rows": rows, "errors": errors,
        "future": meeting.starts_at > timezone.now(),
    }, status=form_status(request))


@actor_view("clubs.view")
def showcase(request, pk: int):
    """The showcase's summary and photos; saving credits each member present on their growth record."""
    actor = request.actor
    meeting = selectors.managed_meeting(actor, pk)
    if meeting.kind != MeetingKind.SHOWCASE:
        raise Http404
    form = ShowcaseForm(request.POST or None, request.FILES or None, initial={"summary": meeting.summary})

    def saved(credited: int) -> str:
        if credited:
            return _("Showcase saved: %(n)d members present have it on their growth record.") % {"n": credited}
        return _("Showcase saved. Take the attendance: the members present get it on their growth record.")

    # "is not None": a showcase saved before the attendance credits no one and returns 0
    if submit(request, form, lambda: services.showcase_record(actor=actor, meeting=meeting, **form.cleaned_data),
              saved) is not None:
        return redirect("clubs:meeting-detail", pk=meeting.pk)
    return render(request, "clubs/showcase_form.html", {
        "form": form, "meeting": meeting, "club": meeting.club, "photos": list(selectors.photos(meeting)),
        "future": meeting.starts_at > timezone.now(),
    }, status=form_status(request))


@actor_view("clubs.view")
def photo(request, pk: int):
    return stream_file(selectors.photo_detail(request.actor, pk).image)


@require_POST
@actor_view("clubs.view")
def photo_delete(request, pk: int):
    actor = request.actor
    item = selectors.photo_detail(actor, pk)
    if not can(actor, "manage_club", item.meeting.club):
        raise Http404
    meeting_pk = item.meeting_id
    act(request, lambda: services.photo_delete(actor=actor, photo=item), _("Photo removed."))
    return redirect("clubs:showcase", pk=meeting_pk)
