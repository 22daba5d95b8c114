"""Pages of the exchange with peer committees (COM-5): the year's timeline (filters, Excel), the peers and each
one's log, an entry with its document and photos, the committee's forms, and marking a document done.
Thin: a selector reads, one service writes, the template shows."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.excel import xlsx_response
from xinhuo.core.models import User
from xinhuo.core.web import act, actor_view, form_status, log_view, paginate, query_without_page, stream_file, submit

from . import export, selectors, services
from .forms import DoneForm, EntryForm, PeerForm, TimelineFilterForm
from .models import EntryKind, PeerKind
from .rules import can

VIEW, MANAGE = "community.exchange.view", "community.exchange.manage"


def _filters(request) -> dict:
    """The timeline's filters: peer, kind, year (this year unless asked; "" for every year), documents open."""
    form = TimelineFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") if "year" in request.GET else timezone.localdate().year
    return {"peer": data.get("peer"), "kind": data.get("kind") or "", "year": year, "open_only": bool(data.get("open"))}


@actor_view(VIEW)
def timeline(request):
    actor = request.actor
    f = _filters(request)
    page = paginate(request, selectors.entry_list(actor, **f))
    return render(request, "community/exchange/timeline.html", {
        "page": page, "query": query_without_page(request), "filters": f, "manages": actor.can(MANAGE),
        "peers": list(selectors.peers(actor).order_by("kind", "name")), "kinds": EntryKind.choices,
        "years": selectors.years(actor), "export_query": request.GET.urlencode(), "today": timezone.localdate()})


@actor_view(VIEW)
def timeline_export(request):
    actor = request.actor
    f = _filters(request)
    rows = selectors.entry_list(actor, **f)
    title = f"交流记录-{f['year']}" if f["year"] else "交流记录"
    return xlsx_response(export.workbook(rows.iterator(chunk_size=500), title), f"{title}.xlsx")


# --- peers ------------------------------------------------------------------------------------------------------


@actor_view(VIEW)
def peer_list(request):
    actor = request.actor
    kind = request.GET.get("kind", "")
    show_inactive = request.GET.get("inactive") == "1"
    page = paginate(request, selectors.peer_list(actor, kind=kind, show_inactive=show_inactive))
    return render(request, "community/exchange/peer_list.html", {
        "page": page, "query": query_without_page(request), "manages": actor.can(MANAGE),
        "kinds": PeerKind.choices, "kind": kind, "show_inactive": show_inactive})


@actor_view(MANAGE)
def peer_create(request):
    form = PeerForm(request.POST or None, initial={"active": True})
    if peer := submit(request, form, lambda: services.peer_create(actor=request.actor, **{
            k: v for k, v in form.cleaned_data.items() if k != "active"}), _("Peer committee added.")):
        return redirect("community:exchange-peer-detail", pk=peer.pk)
    return render(request, "community/exchange/peer_form.html", {"form": form}, status=form_status(request))


@actor_view(VIEW)
def peer_detail(request, pk: int):
    actor = request.actor
    peer = selectors.peer_detail(actor, pk)
    page = paginate(request, selectors.entry_list(actor, peer=peer.pk))
    full = can(actor, "see_phone", peer)
    if full and peer.contact_phone:
        log_view(request, "exchange.peer", peer, field="contact_phone")
    return render(request, "community/exchange/peer_detail.html", {
        "peer": peer, "page": page, "query": query_without_page(request), "manages": can(actor, "manage", peer),
        "phone": selectors.phone_shown(actor, peer), "today": timezone.localdate()})


@actor_view(MANAGE)
def peer_edit(request, pk: int):
    actor = request.actor
    peer = selectors.peer_detail(actor, pk)
    if not can(actor, "manage", peer):
        raise Http404
    fields = ("name", "kind", "contact_name", "contact_phone", "since", "note", "active")
    form = PeerForm(request.POST or None, initial={f: getattr(peer, f) for f in fields})
    if submit(request, form, lambda: services.peer_update(actor=actor, peer=peer, **form.cleaned_data),
              _("Peer committee saved.")):
        return redirect("community:exchange-peer-detail", pk=peer.pk)
    return render(request, "community/exchange/peer_form.html", {"form": form, "peer": peer},
                  status=form_status(request))


@require_POST
@actor_view(MANAGE)
def peer_delete(request, pk: int):
    peer = selectors.peer_detail(request.actor, pk)
    if act(request, lambda: services.peer_delete(actor=request.actor, peer=peer), _("Peer committee deleted.")):
        return redirect("community:exchange-peers")
    return redirect("community:exchange-peer-detail", pk=peer.pk)


# --- entries ----------------------------------------------------------------------------------------------------


def _entry_form(request, entry=None):
    actor = request.actor
    initial: dict = {}
    if entry is not None:
        initial = {f: getattr(entry, f) for f in ("kind", "direction", "date", "title", "participants", "summary",
                                                  "to_handle", "due")}
        initial |= {"peer": entry.peer_id, "activity": entry.activity_id, "owner": entry.owner_id}
    else:
        initial = {"date": timezone.localdate(), "kind": request.GET.get("kind") or EntryKind.VISIT}
        if request.GET.get("peer", "").isdigit():
            initial["peer"] = int(request.GET["peer"])
    return EntryForm(request.POST or None, request.FILES or None, initial=initial,
                     peers=selectors.peer_choices(actor, include=entry.peer if entry else None),
                     activities=selectors.activity_choices(actor), owners=selectors.owner_choices(actor))


def _entry_args(request, form) -> dict:
    actor, data = request.actor, form.cleaned_data
    owner = None
    if data.get("owner"):
        owner = User.objects.filter(pk=data["owner"]).first()
    return {"peer": selectors.peers(actor).filter(pk=data["peer"]).first(), "kind": data["kind"],
            "date": data["date"], "title": data["title"], "direction": data.get("direction") or "",
            "participants": data.get("participants") or "", "summary": data.get("summary") or "",
            "activity": selectors.activity_for(actor, data.get("activity")), "upload": data.get("file"),
            "photos": data.get("photos") or [], "to_handle": data.get("to_handle") or False, "due": data.get("due"),
            "owner": owner}


@actor_view(MANAGE)
def entry_create(request):
    form = _entry_form(request)
    if entry := submit(request, form, lambda: services.entry_create(actor=request.actor, **_entry_args(request, form)),
                       _("Exchange logged.")):
        return redirect("community:exchange-entry-detail", pk=entry.pk)
    return render(request, "community/exchange/entry_form.html", {"form": form}, status=form_status(request))


@actor_view(VIEW)
def entry_detail(request, pk: int):
    actor = request.actor
    entry = selectors.entry_detail(actor, pk)
    return render(request, "community/exchange/entry_detail.html", {
        "entry": entry, "manages": can(actor, "manage", entry), "handles": can(actor, "handle", entry),
        "done_form": DoneForm(), "overdue": entry.is_overdue(), "today": timezone.localdate()})


@actor_view(MANAGE)
def entry_edit(request, pk: int):
    actor = request.actor
    entry = selectors.entry_detail(actor, pk)
    if not can(actor, "manage", entry):
        raise Http404
    form = _entry_form(request, entry)
    if submit(request, form, lambda: services.entry_update(actor=actor, entry=entry, **_entry_args(request, form)),
              _("Exchange saved.")):
        return redirect("community:exchange-entry-detail", pk=entry.pk)
    return render(request, "community/exchange/entry_form.html", {"form": form, "entry": entry},
                  status=form_status(request))


@require_POST
@actor_view(MANAGE)
def entry_delete(request, pk: int):
    entry = selectors.entry_detail(request.actor, pk)
    if act(request, lambda: services.entry_delete(actor=request.actor, entry=entry), _("Exchange deleted.")):
        return redirect("community:exchange-timeline")
    return redirect("community:exchange-entry-detail", pk=entry.pk)


@require_POST
@actor_view(VIEW)
def entry_done(request, pk: int):
    entry = selectors.entry_detail(request.actor, pk)
    form = DoneForm(request.POST)
    note = request.POST.get("note", "")
    act(request, lambda: services.entry_done(actor=request.actor, entry=entry, note=note),
        _("Marked done."), form=form)
    return redirect("community:exchange-entry-detail", pk=entry.pk)


@actor_view(VIEW)
def entry_file(request, pk: int):
    entry = selectors.entry_detail(request.actor, pk)
    if not entry.file:
        raise Http404
    return stream_file(entry.file, download_name=entry.file_name or None)


@actor_view(VIEW)
def photo(request, pk: int):
    return stream_file(selectors.photo_detail(request.actor, pk).image)


@require_POST
@actor_view(MANAGE)
def photo_delete(request, pk: int):
    item = selectors.photo_detail(request.actor, pk)
    act(request, lambda: services.photo_delete(actor=request.actor, photo=item), _("Photo removed."))
    return redirect("community:exchange-entry-detail", pk=item.entry_id)
