"""The benchmark's dataset: the demo school of the requested size, built once and reused.

SQLite: var/bench/<size>.sqlite3 with var/bench/<size>.json beside it (size, fingerprint,
build time). It is reused while the fingerprint (the project's migration files and the
demo builder's source) is unchanged, no migration is pending and the demo school has the
expected number of students; otherwise it is deleted and built again. Each run then works
on a scratch copy, so what requests write (access-log rows, sessions) never accumulates.

PostgreSQL: the database named by DATABASE_URL must exist (we say how to create it). Pending
migrations are applied, and the demo is built once if `demo_exists()` is false; the rows
that a run writes are removed afterwards (see harness.Cleanup).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor

from .env import BENCH_VAR, REPO, Target


class DatasetError(Exception):
    """A problem the user has to fix; the message says how."""


def check_connection(target: Target) -> None:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if target.vendor != "postgresql":
            raise
        db = settings.DATABASES["default"]
        name, user = db.get("NAME"), db.get("USER")
        host, port = db.get("HOST") or "localhost", db.get("PORT") or 5432
        message = str(exc).strip()
        if "does not exist" in message and "database" in message:
            raise DatasetError(
                f"The PostgreSQL database {name!r} does not exist on {host}:{port}.\n"
                f"Create it, then run the bench again:\n"
                f"    createdb -h {host} -p {port}{f' -U {user}' if user else ''} {name}"
            ) from exc
        raise DatasetError(f"Cannot connect to PostgreSQL at {target.label}:\n    {message}") from exc


def fingerprint() -> str:
    """What the cached database was built from: the project's migrations and the demo builders
    (core/demo.py and each app's demo.py that it calls)."""
    h = hashlib.sha256()
    files = []
    for app in apps.get_app_configs():
        if app.name.startswith("xinhuo"):
            files += sorted((Path(app.path) / "migrations").glob("*.py"))
            files += [p for p in [Path(app.path) / "demo.py"] if p.exists()]
    for f in files:
        h.update(str(f.resolve().relative_to(REPO)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def demo_student_count() -> int:
    from xinhuo.core.demo import DEMO_CODE
    from xinhuo.people.models import Student

    return Student.objects.filter(school__code=DEMO_CODE).count()


def expected_students(size: str) -> int:
    from xinhuo.core.demo import SIZES

    return SIZES[size].students


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _job(name: str, seconds: float) -> dict:
    return {"name": name, "seconds": round(seconds, 3), "budget_s": None, "ok": True, "result": None,
            "error": None}


def _migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def _build(size: str) -> None:
    from xinhuo.core.demo import build_demo

    build_demo(size=size, password=os.environ.get("XINHUO_DEMO_PASSWORD") or secrets.token_urlsafe(12))
    _search_corpus(size)


# What the search budget is measured on (DESIGN.md: 5,000 resources, 800 activities; RES-2: 2,000 news items). The
# demo makes the activities; the news and the resources it makes are far fewer, so the bench tops them up here with
# items derived from the demo's own (the activities told as news, resources reissued as further volumes), then
# indexes them. Bench only: the demo a school tries stays small.
SEARCH_CORPUS = {"small": {"news": 200, "resources": 300}, "large": {"news": 2000, "resources": 5000}}
NEWS_TITLES = ("{}圆满举行", "我校开展{}", "{}活动侧记", "{}：师生共同参与", "关工委组织{}")
NEWS_LINES = ("活动由学校关工委牵头，德育处、团委和各年级组密切配合。", "五老代表到场指导，与同学们亲切交流。",
              "同学们纷纷表示收获很大，将把所学所感落实到日常行动中。", "家长志愿者全程参与，保障了活动安全有序。",
              "活动照片和学生感想已整理归档，作为本学期德育工作成果。")


def _search_corpus(size: str) -> None:
    import random

    from django.db import transaction
    from django.utils import timezone

    from xinhuo.activities.models import Activity
    from xinhuo.core.demo import DEMO_CODE
    from xinhuo.core.models import School
    from xinhuo.library.models import Resource
    from xinhuo.library.search.indexing import reindex
    from xinhuo.news.models import NewsItem

    want = SEARCH_CORPUS[size]
    school = School.objects.get(code=DEMO_CODE)
    rng = random.Random(2026)
    with transaction.atomic():
        activities = list(Activity.objects.filter(school=school).order_by("pk")
                          .values_list("title", "objectives", "starts_at", "organiser_id"))
        missing = want["news"] - NewsItem.objects.filter(school=school).count()
        news = []
        for i in range(max(0, missing)):
            title, objectives, starts_at, organiser = activities[i % len(activities)] if activities else (
                "主题教育活动", "", timezone.now(), None)
            body = "".join([objectives or "", *rng.sample(NEWS_LINES, 3)])
            news.append(NewsItem(school=school, title=NEWS_TITLES[(i // max(len(activities), 1)) % len(NEWS_TITLES)]
                                 .format(title)[:100], body=body, status="published", created_by_id=organiser,
                                 published_at=starts_at + dt.timedelta(days=1), created_at=starts_at))
        NewsItem.objects.bulk_create(news, batch_size=500)
        originals = list(Resource.objects.filter(school=school, status="published").order_by("pk")[:500])
        missing = want["resources"] - Resource.objects.filter(school=school).count()
        copies = []
        for i in range(max(0, missing) if originals else 0):
            r = originals[i % len(originals)]
            volume = i // len(originals) + 2
            copies.append(Resource(
                school=school, kind="article", title=f"{r.title}（第{volume}辑）"[:200], summary=r.summary,
                body=r.body or r.summary, tags=r.tags, for_students=r.for_students, for_parents=r.for_parents,
                for_elders=r.for_elders, for_teachers=r.for_teachers, source=r.source, licence=r.licence,
                contributor_id=r.contributor_id, status="published", view_count=rng.randint(0, 300)))
        Resource.objects.bulk_create(copies, batch_size=500)
    reindex(school.pk, ["news", "resource"])


def _read_meta(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_meta(path: Path, meta: dict) -> None:
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def prepare(target: Target, size: str, *, rebuild: bool = False, log: Callable[[str], None] = print) -> dict:
    """Make sure the dataset is there; returns what the report says about it, with the jobs timed."""
    if target.vendor == "sqlite":
        return _prepare_sqlite(target, size, rebuild, log)
    return _prepare_postgres(target, size, rebuild, log)


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _stale_reason(size: str, fp: str, meta: dict) -> str:
    if meta.get("size") != size or meta.get("fingerprint") != fp:
        return "migrations or the demo builder changed since it was built"
    try:
        pending = pending_migrations()
        if pending:
            return f"migrations not applied: {', '.join(pending)}"
        n = demo_student_count()
    except DatabaseError as exc:
        return f"unreadable ({exc})"
    if n != expected_students(size):
        return f"it holds {n} demo students, not {expected_students(size)}"
    return ""


def _prepare_sqlite(target: Target, size: str, rebuild: bool, log: Callable[[str], None]) -> dict:
    assert target.sqlite_path is not None
    path = target.sqlite_path
    meta_path = path.with_suffix(".json")
    fp = fingerprint()
    meta = _read_meta(meta_path)
    if rebuild:
        reason = "--rebuild"
    elif not path.exists() or not meta:  # the meta file is written only after a complete build
        reason = "no prepared database yet"
    else:
        reason = _stale_reason(size, fp, meta)
    jobs: list[dict] = []
    if reason:
        log(f"Building the {size} demo into {target.label} ({reason}) ...")
        connection.close()
        for f in [*_sqlite_files(path), meta_path]:
            f.unlink(missing_ok=True)
        migrate_s = _timed(_migrate)
        build_s = _timed(lambda: _build(size))
        jobs = [_job("migrate (empty database)", migrate_s), _job(f"demo build ({size})", build_s)]
        meta = {"size": size, "fingerprint": fp, "built_at": _now(), "migrate_s": round(migrate_s, 3),
                "build_s": round(build_s, 3), "vendor": "sqlite"}
        _write_meta(meta_path, meta)
        log(f"  built in {build_s:.1f} s (migrate {migrate_s:.1f} s)")
    else:
        log(f"Reusing {target.label} (built {meta.get('built_at')}, in {meta.get('build_s')} s)")
    return {"reused": not reason, "rebuilt_because": reason or None, **meta, "jobs": jobs}


def _prepare_postgres(target: Target, size: str, rebuild: bool, log: Callable[[str], None]) -> dict:
    db = settings.DATABASES["default"]
    host, port = db.get("HOST") or "localhost", db.get("PORT") or 5432
    meta_path = BENCH_VAR / f"postgres-{host}-{port}-{db['NAME']}.json"
    if rebuild:
        raise DatasetError(
            "--rebuild only deletes the bench's own SQLite file. To rebuild in PostgreSQL, drop and create "
            f"the database:\n    dropdb {db['NAME']} && createdb {db['NAME']}   (with your -h/-p/-U options)"
        )
    jobs: list[dict] = []
    pending = pending_migrations()
    if pending:
        log(f"Applying {len(pending)} migration(s) to {target.label} ...")
        jobs.append(_job("migrate", _timed(_migrate)))
    from xinhuo.core.demo import demo_exists

    fp = fingerprint()
    meta = _read_meta(meta_path)
    if demo_exists():
        n, want = demo_student_count(), expected_students(size)
        if n != want:
            raise DatasetError(
                f"{target.label} already holds a demo school with {n} students, not the {size} one "
                f"({want}).\nUse another database, or drop and create this one: "
                f"dropdb {db['NAME']} && createdb {db['NAME']}"
            )
        if meta.get("fingerprint") not in (None, fp):
            log("  note: migrations or the demo builder changed since this database was built; "
                "recreate it for a faithful dataset")
        log(f"Reusing the {size} demo in {target.label} (built {meta.get('built_at', 'earlier')})")
        return {"reused": True, "rebuilt_because": None, **meta, "jobs": jobs}
    log(f"Building the {size} demo into {target.label} ...")
    build_s = _timed(lambda: _build(size))
    # What autovacuum would soon do after a bulk load: give the planner statistics.
    analyze_s = _timed(lambda: connection.cursor().execute("ANALYZE"))
    jobs.append(_job(f"demo build ({size})", build_s))
    meta = {"size": size, "fingerprint": fp, "built_at": _now(), "build_s": round(build_s, 3),
            "analyze_s": round(analyze_s, 3), "vendor": "postgresql"}
    _write_meta(meta_path, meta)
    log(f"  built in {build_s:.1f} s")
    return {"reused": False, "rebuilt_because": "demo school missing", **meta, "jobs": jobs}


def scratch_copy(target: Target) -> Path:
    """Switch the connection to a fresh copy of the prepared SQLite file for this run."""
    assert target.sqlite_path is not None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    run = target.sqlite_path.with_name(target.sqlite_path.stem + ".run.sqlite3")
    for f in _sqlite_files(run):
        f.unlink(missing_ok=True)
    shutil.copyfile(target.sqlite_path, run)
    connection.settings_dict["NAME"] = str(run)
    return run
