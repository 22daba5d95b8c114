"""What the bench measures: request CASES (timed many times) and JOBS (timed once).

To add a page: call `page(...)` (or `api(...)`, `search(...)`) below with its path and the
demo usernames of the roles that use it; one case is made per role. A path that depends on
the data is a function of the Context (see `student_detail_path`).

To add a timed job (an import, a report): decorate a function `fn(ctx) -> dict | None` with
`@job("name", budget_s=...)`. It runs once, inside a transaction that is rolled back
afterwards (pass rollback=False for work that must commit, and clean up yourself), so the
cached dataset stays as built. What it returns is kept in the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model

# Budgets of DESIGN.md "Performance".
PAGE_BUDGET_MS = 150.0
SEARCH_BUDGET_MS = 50.0


class Context:
    """Lookups into the demo school that cases and jobs need; cached per run."""

    def __init__(self) -> None:
        self._users: dict = {}

    def user(self, username: str):
        if username not in self._users:
            self._users[username] = get_user_model().objects.get(username=username)
        return self._users[username]

    @cached_property
    def school(self):
        from xinhuo.core.demo import DEMO_CODE
        from xinhuo.core.models import School

        return School.objects.get(code=DEMO_CODE)

    def class_of(self, username: str):
        from xinhuo.core.models import Membership, Role

        m = Membership.objects.get(user=self.user(username), school=self.school, role=Role.HEAD_TEACHER)
        return m.classes.order_by("pk").first()

    @cached_property
    def search_student(self):
        """A student with a three-character name, the usual case, halfway down the school."""
        from xinhuo.people.models import Student

        qs = Student.objects.filter(school=self.school).order_by("pk")
        candidates = [s for s in qs[qs.count() // 2:][:50] if len(s.name) == 3] or list(qs[:1])
        return candidates[0]


Path = str | Callable[[Context], str]


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    role: str  # a demo username
    kind: str = "page"  # page | search | api | baseline
    budget_ms: float | None = PAGE_BUDGET_MS

    @property
    def key(self) -> str:
        return f"{self.name} @{self.role}"

    def resolve(self, ctx: Context) -> str:
        return self.path(ctx) if callable(self.path) else self.path


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Context], dict | None]
    budget_s: float | None = None
    rollback: bool = True


CASES: list[Case] = []
JOBS: list[Job] = []

# The floor every case is compared with: the full middleware stack, a logged-in user, no work.
BASELINE = Case("baseline", "/__bench__/baseline/", "director", kind="baseline", budget_ms=None)


def add(name: str, path: Path, roles: list[str] | tuple[str, ...], *, kind: str = "page",
        budget_ms: float | None = PAGE_BUDGET_MS) -> list[Case]:
    made = [Case(name, path, role, kind, budget_ms) for role in roles]
    keys = {c.key for c in CASES}
    for c in made:
        if c.key in keys:
            raise ValueError(f"bench case {c.key!r} registered twice")
    CASES.extend(made)
    return made


def page(name: str, path: Path, *roles: str, budget_ms: float = PAGE_BUDGET_MS) -> list[Case]:
    return add(name, path, roles, kind="page", budget_ms=budget_ms)


def search(name: str, path: Path, *roles: str, budget_ms: float = SEARCH_BUDGET_MS) -> list[Case]:
    return add(name, path, roles, kind="search", budget_ms=budget_ms)


def api(name: str, path: Path, *roles: str, budget_ms: float = PAGE_BUDGET_MS) -> list[Case]:
    return add(name, path, roles, kind="api", budget_ms=budget_ms)


def job(name: str, *, budget_s: float | None = None, rollback: bool = True) -> Callable:
    def register(fn: Callable[[Context], dict | None]) -> Callable[[Context], dict | None]:
        if any(j.name == name for j in JOBS):
            raise ValueError(f"bench job {name!r} registered twice")
        JOBS.append(Job(name, fn, budget_s, rollback))
        return fn

    return register


# --- paths that depend on the data ------------------------------------------------------------


def student_search_path(ctx: Context) -> str:
    return f"/people/students/?q={ctx.search_student.name_initials}"


def student_detail_path(ctx: Context) -> str:
    """A student of the teacher's own class (a head teacher sees only theirs)."""
    from xinhuo.people.models import Student

    student = Student.objects.filter(school_class=ctx.class_of("teacher")).order_by("pk")[5:6].get()
    return f"/people/students/{student.pk}/"


# --- the cases --------------------------------------------------------------------------------

page("dashboard", "/", "director", "teacher", "parent", "student", "elder")
page("students", "/people/students/", "director", "teacher")
search("student search", student_search_path, "director")
page("student detail", student_detail_path, "teacher")
page("guardians", "/people/guardians/", "director")
page("staff", "/people/staff/", "director")
page("structure", "/structure/", "director")
page("committee", "/committee/", "director")
page("inbox", "/inbox/", "director")
page("access log", "/logs/access/", "director")
api("api students", "/api/v1/students/", "director")
api("api guardians", "/api/v1/guardians/", "director")
api("api staff", "/api/v1/staff/", "director")
api("api classes", "/api/v1/classes/", "director")
api("api me", "/api/v1/me/", "director")


def student_consents_path(ctx: Context) -> str:
    return student_detail_path(ctx) + "consents/"


page("consent coverage", "/people/consents/coverage/", "director")
page("consent register", "/people/consents/register/", "director", "teacher")
page("consent register filtered", "/people/consents/register/?purpose=screening&state=missing", "director")
page("student consents", student_consents_path, "teacher")
page("my consents", "/people/consents/mine/", "parent")
api("api consent register", "/api/v1/consents/register/", "director")
api("api consent coverage", "/api/v1/consents/coverage/", "director")

# --- the jobs ---------------------------------------------------------------------------------
# None yet besides the demo build, which bench/dataset.py times when it runs. For example:
#
# @job("roster import 5,000 rows", budget_s=15)
# def roster_import(ctx):
#     rows = make_roster(ctx.school, 5000)
#     result = import_roster(actor=..., rows=rows)
#     return {"created": result.created}
