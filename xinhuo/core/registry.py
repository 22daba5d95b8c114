"""Each app declares itself; core builds its lists from the declarations and imports no domain app.

An app under `xinhuo/` that has a `manifest.py` defining `MANIFEST = AppManifest(...)` takes part: its
capabilities and their roles, navigation entries, URL and API prefixes, dashboard panels, daily jobs,
demo builder, API enum names, access-matrix cases and the hooks it provides to core. Adding an app is
its own folder plus one line in INSTALLED_APPS (docs/architecture.md).

Heavy things (URL modules, views, selectors, test cases) are named by dotted path and loaded when used,
so reading the manifests at start-up imports nothing but the manifests.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string

Label = str | Promise


@dataclass(frozen=True)
class NavEntry:
    label: Label
    url_name: str
    capability: str
    prefix: str  # path prefix that marks the entry active ("/$" for the home page only)
    group: str = ""  # entries of one group form one section of the menu (a key of some manifest's nav_groups)
    order: int = 500  # place in the menu; ties keep the order of INSTALLED_APPS, then of the manifest
    # dotted path of a callable(actor) -> bool in the owning app (its selectors): whether the entry is worth showing
    # to this actor, asked only when the capability already allows it ("My mentees" only to who has a mentee).
    # The menu is on every page: a query or two at most, and it must not raise for any role holding the capability.
    shown: str = ""


@dataclass(frozen=True)
class Panel:
    """A dashboard panel: `context(actor)` returns the template's context, or None when the panel is not shown.

    A panel may also go on another app's detail page (OBJECT_PLACES): then `context(actor, obj)` gets the object
    the page shows, and that page renders `object_panels(place, actor, obj)` without importing the panel's app."""

    key: str
    template: str
    context: str  # dotted path of a callable(actor) -> dict | None (an object place: callable(actor, obj))
    order: int = 500
    # the dashboard's "top": above the figures; "figure": a card in the row of figures; "chart": a card in the grid
    # of charts below them (the template is a `col-lg-6` holding one `{% chart %}`); "list": a block below;
    # or one of OBJECT_PLACES
    place: str = "figure"


# The detail pages that show other apps' panels about their object: place -> what the context callable receives.
OBJECT_PLACES = {
    "activity": "callable(actor, activity) -> dict | None: a block on the activity's detail page",
    "selection": "callable(actor, selection) -> dict | None: a block on an honour selection's page (evidence)",
    "student": "callable(actor, student) -> dict | None: a block on a student's page (the family's view of a child)",
    "my_tasks": "callable(actor, user) -> dict | None: a block on the plans' My tasks page (the actor's other tasks)",
}


@dataclass(frozen=True)
class ApiRoute:
    prefix: str
    viewset: str  # dotted path
    basename: str


@dataclass(frozen=True)
class DemoStep:
    """A demo builder `build(ctx)`, run after the apps named in `after` (their labels)."""

    build: str  # dotted path of a callable(DemoContext) -> None
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class ErasureSubject:
    """Whose personal data an erasure removes (ORG-9): the students, the guardians who have no other child still
    kept, their login accounts, and the name each student is given instead ("已离校学生#<id>")."""

    student_ids: frozenset[int]
    guardian_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()
    pseudonyms: dict[int, str] = field(default_factory=dict)  # student id -> the name it is given


@dataclass(frozen=True)
class PersonalData:
    """What an app holds about a student and how it erases it (ORG-9, PIPL), without the privacy app knowing its
    models. `summary(student) -> list of (title, [lines])`: the printable summary's sections, masked as a parent
    may read them. `erase(subject: ErasureSubject) -> {"app.Model": [pks]}`: anonymise in place (names replaced,
    identifiers, contacts and free text cleared; rows that make counts stay) and name the rows changed, whose
    change history the privacy app then scrubs. `order`: erasure order, lower first (people's own rows last)."""

    summary: str  # dotted path
    erase: str  # dotted path
    order: int = 500


def clear_rows(out: dict[str, list[int]], qs: Any, **values) -> None:
    """An erase hook's step: overwrite the fields of the rows of `qs` and name them in `out` (PersonalData.erase's
    result). update(): no signals, so no new history holding the old values."""
    pks = list(qs.values_list("pk", flat=True))
    if pks:
        qs.model._default_manager.filter(pk__in=pks).update(**values)
        out.setdefault(qs.model._meta.label, []).extend(pks)


@dataclass(frozen=True)
class YearTurn:
    """The move to the next school year (issue 19), as each app's rollover hook receives it. Student ids are the
    enrolled students of the old year by what happens to them; in a preview nothing is written yet and
    `new_year_id` is None. `run` is the rollover run's id (a uuid string), stored by an app that needs its undo."""

    school_id: int
    old_year_id: int
    new_year_id: int | None
    old_end: Any  # datetime.date: the last day of the old year (graduates leave on it)
    new_start: Any  # datetime.date
    new_end: Any  # datetime.date
    graduating: frozenset[int]  # leave the school at old_end
    promoted: frozenset[int]  # move up a grade with their class
    repeating: frozenset[int]  # stay in their grade (moved to a class of that grade)
    actor_user_id: int | None = None
    run: str = ""


@dataclass(frozen=True)
class RolloverLine:
    """One line of a rollover's preview and of its record: what an app does (or asks someone to do)."""

    app: str  # the app label
    title: Label  # "Mentoring pairs of graduates end"
    count: int
    details: tuple[str, ...] = ()  # a few names or items, for the preview's "show"
    action: bool = True  # False: listed for someone to act on (consents to renew), nothing written


@dataclass(frozen=True)
class Rollover:
    """What an app does when the school year turns (issue 19). `preview(turn) -> list[RolloverLine]` writes
    nothing; `apply(turn) -> dict` makes exactly those changes inside the rollover's transaction and returns what
    its `undo(turn, data)` needs (JSON-serialisable) to restore them exactly; `order`: lower first."""

    preview: str  # dotted path
    apply: str  # dotted path
    undo: str  # dotted path
    order: int = 500


@dataclass(frozen=True)
class OpenItem:
    """A piece of open work a leaving staff member holds (a task they own, a pair they mentor, a follow-up)."""

    key: str  # "<app label>.<model>:<pk>", handed back to the app's reassign
    kind: Label  # "Plan task", "Mentoring pair"
    title: str
    url: str = ""


@dataclass(frozen=True)
class Handover:
    """An app's part of a staff member leaving (issue 19). `items(school_id, staff_id, user_id) -> list[OpenItem]`:
    the open work the staff member (and their account, when they have one) holds there;
    `reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int`: give the named items (keys of that
    app's OpenItems) to another staff member in post, in one step, audited, and say how many moved (a
    ValidationError with a message when the target cannot take one, e.g. has no account)."""

    items: str  # dotted path
    reassign: str  # dotted path


@dataclass(frozen=True)
class AccessKind:
    """One kind of access-log row, in the words of the log's page (issue 20). `label`: what was looked at
    ("Home visit record"). When the row's object id is a record's pk, `model` ("app_label.Model") and `name` (a
    lookup path from that model to a name: "student__name") say whose it was: the page names the person (or the
    club, the activity) and finds the rows by that name. An app's kinds are a dict keyed by the rows'
    object_type, or "object_type:field" for a field with its own words (a revealed phone: "guardian:phone"); such a
    key without a model takes the object_type's."""

    label: Label
    model: str = ""
    name: str = "name"


@dataclass(frozen=True)
class AppManifest:
    label: str  # the Django app label
    capabilities: dict[str, frozenset[str]] = field(default_factory=dict)
    nav: tuple[NavEntry, ...] = ()
    nav_groups: dict[str, Label] = field(default_factory=dict)
    urls: str = ""  # dotted URLconf mounted at `url_prefix`
    url_prefix: str = ""
    api_routes: tuple[ApiRoute, ...] = ()
    api_paths: str = ""  # dotted path of a list of path()s under /api/v1/ (plain views, not viewsets)
    panels: tuple[Panel, ...] = ()
    daily_jobs: tuple[str, ...] = ()  # dotted paths of django-tasks tasks, each safe to run twice a day
    # dotted paths of django-tasks tasks queued every few minutes (serve: XINHUO_FREQUENT_MINUTES), for what cannot
    # wait for the morning (an alert's escalation); each must be cheap when there is nothing to do
    frequent_jobs: tuple[str, ...] = ()
    demo: DemoStep | None = None
    api_enums: dict[str, str] = field(default_factory=dict)  # drf-spectacular ENUM_NAME_OVERRIDES
    matrix: str = ""  # dotted path of the app's access-matrix cases (a list of core.tests.matrix.Case)
    provides: dict[str, str] = field(default_factory=dict)  # hook name -> dotted path (see HOOKS)
    personal_data: PersonalData | None = None  # what the app holds about a student (ORG-9), for every app that does
    rollover: Rollover | None = None  # what the app does when the school year turns (issue 19)
    # dotted path of callable(school_id, student_ids, on, note, actor_user_id) -> list[RolloverLine]: close what
    # the app keeps open for students who leave (a transfer out, graduation): pairs end, tags close, with the note
    student_left: str = ""
    handover: Handover | None = None  # the open work a leaving staff member holds in the app (issue 19)
    # dotted path of a dict object_type (or "object_type:field") -> AccessKind or a label: every kind of access-log
    # row the app writes, as the access log's page names it (core.tests.test_access_kinds scans the writers)
    access_kinds: str = ""
    # dotted paths of the app's search indexers (xinhuo.library.search.indexing.Indexer): what of the app the one
    # search box finds, and which of it an actor may see (read through the app's own selectors)
    search: tuple[str, ...] = ()


# The hooks core calls without knowing which app answers them; each is provided by exactly one app.
HOOKS = {
    "actor.student_id": "callable(actor) -> the student record id of a student user",
    "actor.guardian_id": "callable(actor) -> the guardian record id of a parent user",
    "actor.child_ids": "callable(actor) -> ids of a parent's children",
    "actor.elder_id": "callable(actor) -> the elder record id of an elder user",
    "actor.young_teacher_id": "callable(actor) -> the young-teacher record id",
    "reveal.allowed": "callable(actor, obj, field) -> may the actor reveal this sensitive field",
    "reveal.url": "callable(obj, field) -> URL of the logged reveal",
    "directory.agencies": "callable(school, kind) -> [(name, detail)]: the resource directory's agencies of an "
                          "agency kind, offered where a referral names one",
    "account.home": "callable(user) -> the URL of the home of an account that holds no school role but belongs "
                    "elsewhere (a county committee's account), or '': its school pages are then 404, not 'no role'",
}


def search_indexers() -> tuple[str, ...]:
    """Every app's search indexers, in INSTALLED_APPS order."""
    return tuple(x for m in manifests() for x in m.search)


def _domain_configs() -> Iterable[Any]:
    return [c for c in apps.get_app_configs() if c.name.startswith("xinhuo.")]


_override: tuple[AppManifest, ...] | None = None


def manifests() -> tuple[AppManifest, ...]:
    """The manifests of the installed apps, in INSTALLED_APPS order."""
    return _discovered() if _override is None else _override


@cache
def _discovered() -> tuple[AppManifest, ...]:
    found = []
    for config in _domain_configs():
        try:
            module = importlib.import_module(f"{config.name}.manifest")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.manifest":
                raise
            continue
        manifest = module.MANIFEST
        if manifest.label != config.label:
            raise ValueError(f"{config.name}.manifest declares label {manifest.label!r}, not {config.label!r}")
        found.append(manifest)
    return tuple(found)


@cache
def capabilities() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for m in manifests():
        for name, roles in m.capabilities.items():
            if name in out:
                raise ValueError(f"capability {name!r} declared twice ({m.label})")
            out[name] = frozenset(roles)
    return out


@cache
def nav_entries() -> tuple[NavEntry, ...]:
    entries = [(e.order, i, e) for i, e in enumerate(e for m in manifests() for e in m.nav)]
    return tuple(e for _o, _i, e in sorted(entries, key=lambda t: (t[0], t[1])))


@cache
def nav_groups() -> dict[str, Label]:
    return {k: v for m in manifests() for k, v in m.nav_groups.items()}


def panels(place: str) -> list[Panel]:
    return sorted((p for m in manifests() for p in m.panels if p.place == place), key=lambda p: p.order)


def object_panels(place: str, actor, obj) -> list[dict]:
    """The panels of an object place (OBJECT_PLACES) for this actor and object, in order: each as {"template",
    "data"} for `{% include p.template with panel=p.data %}`; a panel whose context is None is left out."""
    if place not in OBJECT_PLACES:
        raise KeyError(f"unknown panel place {place!r}")
    out = []
    for panel in panels(place):
        data = import_string(panel.context)(actor, obj)
        if data is not None:
            out.append({"template": panel.template, "data": data})
    return out


def daily_jobs() -> list[str]:
    return [j for m in manifests() for j in m.daily_jobs]


def frequent_jobs() -> list[str]:
    return [j for m in manifests() for j in m.frequent_jobs]


def api_enums() -> dict[str, str]:
    return {k: v for m in manifests() for k, v in m.api_enums.items()}


def api_routes() -> list[ApiRoute]:
    """Routes with the longer prefix first, so that `elders/<id>/` never reads `elders/match` as an id."""
    routes = [r for m in manifests() for r in m.api_routes]
    return sorted(routes, key=lambda r: -r.prefix.count("/"))


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The demo builders in an order that respects each one's `after` (a cycle or unknown name is an error)."""
    steps = {m.label: m.demo for m in manifests() if m.demo}
    done: list[tuple[str, DemoStep]] = []
    seen: set[str] = set()

    def visit(label: str, path: tuple[str, ...]) -> None:
        if label in seen:
            return
        if label in path:
            raise ValueError(f"demo builders depend on each other in a cycle: {' -> '.join((*path, label))}")
        step = steps[label]
        for dep in step.after:
            if dep not in steps:
                raise ValueError(f"demo builder {label!r} runs after {dep!r}, which has none")
            visit(dep, (*path, label))
        seen.add(label)
        done.append((label, step))

    for label in steps:
        visit(label, ())
    return done


def personal_data() -> list[tuple[str, PersonalData]]:
    """(app label, declaration) of every app holding students' personal data, in erasure order."""
    found = [(m.label, m.personal_data) for m in manifests() if m.personal_data is not None]
    return sorted(found, key=lambda t: t[1].order)


def rollovers() -> list[tuple[str, Rollover]]:
    """(app label, declaration) of every app with a rollover rule, in order."""
    found = [(m.label, m.rollover) for m in manifests() if m.rollover is not None]
    return sorted(found, key=lambda t: t[1].order)


def student_left_hooks() -> list[tuple[str, Callable[..., Any]]]:
    return [(m.label, import_string(m.student_left)) for m in manifests() if m.student_left]


def handovers() -> list[tuple[str, Handover]]:
    return [(m.label, m.handover) for m in manifests() if m.handover is not None]


@cache
def access_kinds() -> dict[str, AccessKind]:
    """Every app's access-log kinds (AccessKind.label, model, name) by object_type or "object_type:field"."""
    out: dict[str, AccessKind] = {}
    for m in manifests():
        if not m.access_kinds:
            continue
        for key, kind in import_string(m.access_kinds).items():
            if key in out:
                raise ValueError(f"access-log kind {key!r} declared twice ({m.label})")
            out[key] = kind if isinstance(kind, AccessKind) else AccessKind(kind)
    return out


def matrix_cases() -> list[Any]:
    return [c for m in manifests() if m.matrix for c in import_string(m.matrix)]


@cache
def hook(name: str) -> Callable[..., Any]:
    """The one callable an app provides for a core hook (HOOKS)."""
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}")
    providers = [m.provides[name] for m in manifests() if name in m.provides]
    if len(providers) != 1:
        raise LookupError(f"hook {name!r} needs exactly one provider, found {len(providers)}")
    return import_string(providers[0])


def optional_hook(name: str) -> Callable[..., Any] | None:
    """The hook's provider, or None when no installed app provides it (a hook core can do without)."""
    try:
        return hook(name)
    except LookupError:
        return None


@contextmanager
def override(*installed: AppManifest) -> Iterator[None]:
    """Serve these manifests instead of the installed apps' (tests of the registry itself)."""
    global _override
    _override = installed
    _clear()
    try:
        yield
    finally:
        _override = None
        _clear()


def _clear() -> None:
    for f in (capabilities, nav_entries, nav_groups, hook, access_kinds):
        f.cache_clear()
