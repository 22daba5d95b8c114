"""Receivers of the exchange part's signals: the owner of a document to handle is told when it is given to them,
the committee when it is done (connected in setup.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .signals import entry_changed


def on_entry_changed(sender, *, entry, actor, action: str, **kwargs) -> None:
    link = reverse("community:exchange-entry-detail", args=[entry.pk])
    if action == "assigned" and entry.owner is not None:
        notify(entry.school, [entry.owner], _("A document to handle: %(title)s") % {"title": entry.title},
               _("From %(peer)s, due %(due)s.") % {"peer": entry.peer.name,
                                                  "due": entry.due.isoformat() if entry.due else "—"},
               link, exclude=actor.user)
    elif action == "done":
        committee = recipients_for_roles(entry.school, roles_with("community.exchange.manage"))
        notify(entry.school, committee, _("Document handled: %(title)s") % {"title": entry.title},
               entry.done_note, link, exclude=actor.user)


def connect() -> None:
    entry_changed.connect(on_entry_changed, dispatch_uid="exchange.entry_changed")
