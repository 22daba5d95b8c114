"""The access matrix's vocabulary, shared by the apps' case lists (xinhuo/<app>/tests/matrix_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from conftest import PERSONAS

ANON = "anon"
# the county committee's account (ORG-8, world.users["county"]): no school role; 404 on every school page and API
# unless a case lists it (its own county pages, the pages of any logged-in account)
COUNTY = "county"
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
    also: dict[str, int] = field(default_factory=dict)  # another outcome for a persona (the county's redirect)


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
    Case("dashboard", EVERYONE, also={COUNTY: 302}),  # the county's account lands on its county's pages
    Case("healthz", EVERYONE | {COUNTY}, anon=200),
    Case("login", set(), denied=302, anon=200),  # logged-in users are sent to the dashboard
    Case("logout", EVERYONE | {COUNTY}, ok=302, method="post", anon=302),
    Case("password-change", EVERYONE | {COUNTY}),
    Case("my-account", EVERYONE),
    Case("my-tokens-revoke", EVERYONE, ok=302, method="post"),
    Case("switch-school", EVERYONE, ok=302, method="post", data={"school": "own"}),
    Case("elder-mode", EVERYONE, ok=302, method="post", data={"on": "1"}),
    Case("set-language", EVERYONE | {COUNTY}, ok=302, method="post", data={"language": "zh-hans"}, anon=302),
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
    Case("access-log-export", MANAGERS),
    # the API's documentation is the administrator's page (issue 20); the schema stays open to every API client
    Case("api-docs", {"admin"}),
    Case("audit-log", MANAGERS),
    # -- core API: one's own tokens (POST api:token, the login, is in people's cases)
    Case("api:token", EVERYONE | {COUNTY}, ok=400, method="delete", api=True),  # a session has no token to revoke
    Case("api:token-list", EVERYONE | {COUNTY}, api=True),
    Case("api:token-detail", {"director"}, ok=204, method="delete", api=True,
         kwargs=k(pk=lambda w, e: _token_of(w.users["director"]))),
]


def _token_of(user) -> int:
    from xinhuo.core.tokens import issue

    return issue(user)[0].pk



# -- the school's structure, edited (issue 19): pages and API; the structure managers of this school only
EDITORS = {"admin", "director"}
STRUCTURE_VIEW = STAFF | {"elder"}


def _year(w, e):
    return w.year.pk


def _term(w, e):
    return w.year.terms.get().pk


def _grade(w, e):
    return w.grade.pk


def _class(w, e):
    return w.class_a.pk


def _department(w, e):
    return w.department.pk


# records nothing refers to, made afresh for each persona (each request runs in a rolled-back transaction)
def _spare_year(w, e):
    import datetime as dt

    from xinhuo.core.models import SchoolYear

    return SchoolYear.objects.create(school=w.school, name="2040-2041学年", start=dt.date(2040, 9, 1),
                                     end=dt.date(2041, 7, 15)).pk


def _spare_term(w, e):
    import datetime as dt

    from xinhuo.core.models import Term

    return Term.objects.create(school_year=w.year, name="第二学期", start=dt.date(2027, 2, 20),
                               end=dt.date(2027, 7, 10)).pk


def _spare_grade(w, e):
    from xinhuo.core.models import Grade

    return Grade.objects.create(school=w.school, name="初三", level=9).pk


def _spare_class(w, e):
    from xinhuo.core.models import SchoolClass

    return SchoolClass.objects.create(school=w.school, grade=w.grade, number=9, name="9班").pk


def _spare_department(w, e):
    from xinhuo.core.models import Department

    return Department.objects.create(school=w.school, name="团委", kind="youth_league").pk


_STRUCTURE_PARTS = [
    # name, the world's record, a spare record, a valid whole body (PUT), a valid change (PATCH)
    ("year", _year, _spare_year, {"name": "2026-2027学年", "start": "2026-09-01", "end": "2027-07-15",
                                  "is_current": True}, {"name": "2026—2027学年"}),
    ("term", _term, _spare_term, None, {"name": "上学期"}),
    ("grade", _grade, _spare_grade, {"name": "七年级", "level": 7}, {"name": "七年级"}),
    ("class", _class, _spare_class, None, {"name": "一班"}),
    ("department", _department, _spare_department, {"name": "德育处", "kind": "moral_education", "duties": "德育"},
     {"duties": "德育工作"}),
]
# a POST each manager (the outsider in their own school) can make: 201; otherwise an empty body, refused: 400
_CREATE: dict[str, dict] = {"year": {"name": "2040-2041学年", "start": "2040-09-01", "end": "2041-07-15"},
           "grade": {"name": "初三", "level": 9}, "department": {"name": "团委", "kind": "youth_league"}}

for _part, _own, _spare, _put, _patch in _STRUCTURE_PARTS:
    _pk, _spare_pk = k(pk=_own), k(pk=_spare)
    CORE_CASES += [
        Case(f"{_part}-edit", EDITORS, kwargs=_pk),
        Case(f"{_part}-edit", EDITORS, ok=400, method="post", kwargs=_pk),  # an empty form comes back
        Case(f"{_part}-delete", EDITORS, ok=302, method="post", kwargs=_spare_pk),
    ]
    if _part == "class":
        continue  # the classes' list and detail are read in people's cases (api:class-list, api:class-detail)
    CORE_CASES += [
        Case(f"api:{_part}-list", STRUCTURE_VIEW, api=True),
        Case(f"api:{_part}-detail", STRUCTURE_VIEW - {"outsider"}, kwargs=_pk, api=True),
    ]
for _part, _own, _spare, _put, _patch in _STRUCTURE_PARTS:
    _pk = k(pk=_own)
    CORE_CASES += [
        Case(f"api:{_part}-list", MANAGERS, method="post", api=True, data=_CREATE.get(_part, {}),
             ok=201 if _part in _CREATE else 400),
        Case(f"api:{_part}-detail", EDITORS, method="patch", kwargs=_pk, data=_patch, api=True),
        Case(f"api:{_part}-detail", EDITORS, method="put", kwargs=_pk, data=_put or {}, api=True,
             ok=200 if _put else 400),
        Case(f"api:{_part}-detail", EDITORS, method="delete", kwargs=k(pk=_spare), api=True, ok=204),
    ]
