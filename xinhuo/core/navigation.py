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
    group: str = ""  # items of one group show as one dropdown (a key of GROUPS)


# A role with many pages sees related ones folded into a dropdown; a group with one visible item
# shows as that item.
GROUPS = {
    "consent": _("Consents"),
    "elders": _("Elders' work"),
    "care": _("Care for students"),
    "activities": _("Activities"),
    "plans": _("Work plan"),
}


ITEMS = [
    NavItem(_("Home"), "dashboard", "dashboard", "/$"),
    NavItem(_("Students"), "people:student-list", "students.view", "/people/students/"),
    NavItem(_("Guardians"), "people:guardian-list", "guardians.view", "/people/guardians/"),
    NavItem(_("Staff"), "people:staff-list", "staff.view", "/people/staff/"),
    NavItem(_("Elders"), "elders:list", "elders.view", "/elders/", "elders"),
    # every role with roster.import also has roster.export; the page shows each part to whom may use it
    NavItem(_("Roster import and export"), "people:roster", "roster.export", "/people/roster/"),
    NavItem(_("Committee"), "committee", "committee.view", "/committee/"),
    NavItem(_("School structure"), "structure", "structure.view", "/structure/"),
    NavItem(_("Inbox"), "inbox", "dashboard", "/inbox/"),
    NavItem(_("Send notice"), "notification-send", "notifications.send", "/notices/"),
    NavItem(_("Accounts"), "accounts", "accounts.manage", "/accounts/"),
    NavItem(_("Logs"), "access-log", "logs.view", "/logs/"),
    NavItem(_("My consents"), "people:consent-mine", "consent.give", "/people/consents/mine/"),
    NavItem(_("Consent register"), "people:consent-register", "consent.record", "/people/consents/register/",
            "consent"),
    NavItem(_("Consent coverage"), "people:consent-coverage", "consent.coverage", "/people/consents/coverage/",
            "consent"),
    NavItem(_("Consent notices"), "people:consent-notices", "consent.notices.manage", "/people/consents/notices/",
            "consent"),
    # elders' work (matching, assignments, hours, mentor contacts); an elder's own page stands alone
    NavItem(_("My service"), "elders:home", "elders.home", "/elders/home/"),
    NavItem(_("Find elders for a need"), "elders:match", "elders.manage", "/elders/match/", "elders"),
    NavItem(_("Assignments"), "elders:assignments", "elders.manage", "/elders/assignments/", "elders"),
    # the committee's team (pairs, projects and awards are reached from these pages' own tabs)
    NavItem(_("Young teachers"), "elders:young-teachers", "young_teachers.view", "/elders/young-teachers/", "elders"),
    NavItem(_("Honour wall"), "elders:honour-wall", "honours.view", "/elders/honours/", "elders"),
    # care: inspection reports, training and study, care for the elders
    NavItem(_("Inspection reports"), "elders:inspections", "inspections.view", "/elders/inspections/", "elders"),
    NavItem(_("Training and study"), "elders:training", "training.view", "/elders/training/", "elders"),
    NavItem(_("Care for the elders"), "elders:care", "elder_care.view", "/elders/care/", "elders"),
    # care for students: each part adds its items in its block (group "care")
    # --- care nav (the committee's daily work first: overview, visits and their follow-ups, groups, support)
    NavItem(_("Care overview"), "care:overview", "care.overview", "/care/", "care"),
    NavItem(_("Home visits"), "care:visits", "home_visits.view", "/care/visits/", "care"),
    NavItem(_("Follow-up items"), "care:follow-ups", "staff.view", "/care/follow-ups/", "care"),
    NavItem(_("Special groups"), "care:tags", "special_groups.view", "/care/tags/", "care"),
    NavItem(_("Support measures"), "care:support", "support.view", "/care/support/", "care"),
    NavItem(_("Mentoring pairs"), "care:pairs", "mentoring.manage", "/care/pairs/", "care"),
    NavItem(_("My mentees"), "care:mentees", "mentoring.view", "/care/mentees/", "care"),
    NavItem(_("Growth records"), "care:growth", "growth.view", "/care/growth/", "care"),
    NavItem(_("Study help desk"), "care:study", "study.view", "/care/study/", "care"),
    NavItem(_("Forums"), "care:forums", "forums.view", "/care/forums/", "care"),
    # --- end care nav
    # --- activities nav (group "activities")
    NavItem(_("Activities"), "activities:list", "activities.view", "/activities/", "activities"),
    # --- end activities nav
    # --- calendar nav (group "activities")
    NavItem(_("Calendar"), "activities:calendar", "activities.view", "/activities/calendar/", "activities"),
    # --- end calendar nav
    # --- plans nav (group "plans")
    NavItem(_("Work plans"), "plans:list", "plans.view", "/plans/", "plans"),
    NavItem(_("My tasks"), "plans:tasks", "plans.view", "/plans/tasks/", "plans"),
    # --- end plans nav
    # --- news nav
    NavItem(_("News"), "news:list", "news.view", "/news/", "activities"),
    # --- end news nav
    # --- selections nav (group "activities")
    NavItem(_("Honour selections"), "selections:list", "selections.view", "/selections/", "activities"),
    # --- end selections nav
    # --- clubs nav (group "activities")
    NavItem(_("Clubs"), "clubs:list", "clubs.view", "/clubs/", "activities"),
    # --- end clubs nav
]


def navigation_for(actor: Actor, path: str) -> list[dict]:
    """Entries in order: an item {label, url, active}, or a group {label, active, key, children: [...]}."""
    out: list[dict] = []
    groups: dict[str, dict] = {}
    visible = [item for item in ITEMS if actor.can(item.capability)]
    # the one item marked active is the most specific: /elders/home/ is "My service", not "Elders"
    matching = [i for i in visible if (path == "/" if i.prefix == "/$" else path.startswith(i.prefix))]
    current = max(matching, key=lambda i: len(i.prefix), default=None)
    for item in visible:
        active = item is current
        entry = {"label": item.label, "url": reverse(item.url_name), "active": active}
        if not item.group:
            out.append(entry)
            continue
        if item.group not in groups:
            groups[item.group] = {"label": GROUPS[item.group], "active": False, "children": [], "key": item.group}
            out.append(groups[item.group])
        group = groups[item.group]
        group["children"].append(entry)
        group["active"] = group["active"] or active
    return [e["children"][0] if "children" in e and len(e["children"]) == 1 else e for e in out]
