"""The navigation a role sees: only what it may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import Actor


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str
    prefix: str  # path prefix that marks the item active


ITEMS = [
    NavItem(_("Home"), "dashboard", "dashboard", "/$"),
    NavItem(_("Students"), "people:student-list", "students.view", "/people/students/"),
    NavItem(_("Guardians"), "people:guardian-list", "guardians.view", "/people/guardians/"),
    NavItem(_("Staff"), "people:staff-list", "staff.view", "/people/staff/"),
    # every role with roster.import also has roster.export; the page shows each part to whom may use it
    NavItem(_("Roster import and export"), "people:roster", "roster.export", "/people/roster/"),
    NavItem(_("Committee"), "committee", "committee.view", "/committee/"),
    NavItem(_("School structure"), "structure", "structure.view", "/structure/"),
    NavItem(_("Inbox"), "inbox", "dashboard", "/inbox/"),
    NavItem(_("Send notice"), "notification-send", "notifications.send", "/notices/"),
    NavItem(_("Accounts"), "accounts", "accounts.manage", "/accounts/"),
    NavItem(_("Logs"), "access-log", "logs.view", "/logs/"),
    NavItem(_("My consents"), "people:consent-mine", "consent.give", "/people/consents/mine/"),
    NavItem(_("Consent register"), "people:consent-register", "consent.record", "/people/consents/register/"),
    NavItem(_("Consent coverage"), "people:consent-coverage", "consent.coverage", "/people/consents/coverage/"),
    NavItem(_("Consent notices"), "people:consent-notices", "consent.notices.manage", "/people/consents/notices/"),
]


def navigation_for(actor: Actor, path: str) -> list[dict]:
    out = []
    for item in ITEMS:
        if not actor.can(item.capability):
            continue
        active = path == "/" if item.prefix == "/$" else path.startswith(item.prefix)
        out.append({"label": item.label, "url": reverse(item.url_name), "active": active})
    return out
