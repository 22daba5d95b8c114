"""The access matrix's vocabulary, shared by the apps' case lists (xinhuo/<app>/tests/matrix_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from conftest import PERSONAS

ANON = "anon"
EVERYONE = set(PERSONAS)
STAFF = {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance", "outsider"}
MANAGERS = {"admin", "director", "outsider"}  # outsider manages their own school
SCHOOL_WIDE = {"admin", "director", "leader", "counsellor"}


@dataclass
class Case:
    name: str
    allowed: set[str]
    ok: int = 200
    method: str = "get"
    kwargs: Callable | None = None
    data: dict = field(default_factory=dict)
    denied: int = 404
    anon: int = 302
    api: bool = False


def k(**fn):
    return lambda w, extra: {key: f(w, extra) for key, f in fn.items()}


def sx(w, e):
    return w.student_x.pk


def gx(w, e):
    return w.guardian_x.pk


def sa(w, e):
    return w.staff_a.pk


# core's own pages and endpoints (declared in core/manifest.py; the apps declare theirs)
CORE_CASES = [
    # -- core pages
    Case("dashboard", EVERYONE),
    Case("healthz", EVERYONE, anon=200),
    Case("login", set(), denied=302, anon=200),  # logged-in users are sent to the dashboard
    Case("logout", EVERYONE, ok=302, method="post", anon=302),
    Case("password-change", EVERYONE),
    Case("my-account", EVERYONE),
    Case("my-tokens-revoke", EVERYONE, ok=302, method="post"),
    Case("switch-school", EVERYONE, ok=302, method="post", data={"school": "own"}),
    Case("elder-mode", EVERYONE, ok=302, method="post", data={"on": "1"}),
    Case("set-language", EVERYONE, ok=302, method="post", data={"language": "zh-hans"}, anon=302),
    Case("structure", STAFF | {"elder"}),
    Case("year-create", MANAGERS, ok=400, method="post"),
    Case("term-create", MANAGERS, ok=400, method="post"),
    Case("grade-create", MANAGERS, ok=400, method="post"),
    Case("class-create", MANAGERS, ok=400, method="post"),
    Case("class-head-teacher", {"admin", "director"}, kwargs=k(pk=lambda w, e: w.class_a.pk)),
    Case("department-create", MANAGERS, ok=400, method="post"),
    Case("committee", STAFF | {"elder"}),
    Case("committee-create", MANAGERS),
    Case("committee-edit", {"admin", "director"}, kwargs=k(pk=lambda w, e: w.committee_member.pk)),
    Case("committee-remove", {"admin", "director"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: w.committee_member.pk)),
    Case("inbox", EVERYONE),
    Case("inbox-detail", {"director"}, kwargs=k(pk=lambda w, e: e["notification"].pk)),
    Case("inbox-read-all", EVERYONE, ok=302, method="post"),
    Case("notification-send", {"admin", "director", "leader", "outsider"}),
    Case("notification-receipts", {"director"}, kwargs=k(batch=lambda w, e: e["notification"].batch)),
    Case("accounts", {"admin"}),
    Case("account-create", {"admin"}),
    Case("account-detail", {"admin"}, kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("account-reset-password", {"admin"}, method="post", kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("account-set-active", {"admin"}, ok=302, method="post", data={"active": "1"},
         kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("account-reveal", {"admin"}, method="post",
         kwargs=k(pk=lambda w, e: w.users["director"].pk, field=lambda w, e: "phone")),
    Case("account-tokens-revoke", {"admin"}, ok=302, method="post", kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("membership-remove", {"admin"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: w.users["elder"].pk,
                  membership_pk=lambda w, e: w.users["elder"].memberships.get().pk)),
    Case("access-log", MANAGERS),
    Case("audit-log", MANAGERS),
    # -- core API: one's own tokens (POST api:token, the login, is in people's cases)
    Case("api:token", EVERYONE, ok=400, method="delete", api=True),  # a session has no token to revoke
    Case("api:token-list", EVERYONE, api=True),
    Case("api:token-detail", {"director"}, ok=204, method="delete", api=True,
         kwargs=k(pk=lambda w, e: _token_of(w.users["director"]))),
]


def _token_of(user) -> int:
    from xinhuo.core.tokens import issue

    return issue(user)[0].pk

