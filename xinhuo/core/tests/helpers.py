"""Small helpers shared by the apps' tests (the personas themselves are conftest.World)."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[3]


def days(n: int) -> dt.date:
    """Today in the school's time zone, moved by `n` days (negative: in the past)."""
    return timezone.localdate() + dt.timedelta(days=n)


def when_run(value):
    """A parametrized value that depends on today is written as a callable and made here, when the test runs:
    parameters are made once at collection, and a run that crosses midnight would otherwise test yesterday's
    "tomorrow" (a CI run did)."""
    return value() if callable(value) else value


def born_in(days_ahead: int, age: int) -> dt.date:
    """A birth date whose birthday is `days_ahead` days from today, turning `age` then."""
    on = days(days_ahead)
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # 29 February
        return dt.date(on.year - age, 2, 28)


def stored_files(media: Path) -> list[str]:
    """Every uploaded file (none when nothing was stored), through the storage API: under the media folder of a
    local storage, or in the in-memory storage when the suite runs with XINHUO_STORAGE=memory."""
    from django.core.files.storage import FileSystemStorage, default_storage

    from xinhuo.core.backup import storage_names

    if isinstance(default_storage, FileSystemStorage):
        return [str(p) for p in media.rglob("*") if p.is_file()] if media.exists() else []
    return list(storage_names())


def page_queries(client, url: str, params: dict | None = None) -> int:
    """The queries of a page's second load (the first warms what is read once per process); the page must load."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@contextmanager
def refused_unchanged(snapshot: Callable[[], object], *phrases: str,
                      exc: type[Exception] = ValidationError) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise `exc` (a ValidationError: with each phrase in its messages) and leave `snapshot()` as
    it was. A test module binds its own snapshot: `refused = partial(refused_unchanged, snapshot)`."""
    before = snapshot()
    with pytest.raises(exc) as info:
        yield info
    assert snapshot() == before, "a refused call wrote something"
    if exc is ValidationError:
        text = " ".join(info.value.messages)  # type: ignore[attr-defined]
        for phrase in phrases:
            assert phrase in text, f"{phrase!r} not in {text!r}"


# --- the API tests' shorthands ----------------------------------------------------------------------------------


def msg(msgid: str, **values) -> str:
    """A message as the server words it in the active language, with its values."""
    text = gettext(msgid)
    return text % values if values else text


def post(world, persona: str, url: str, data: dict | None = None):
    """A JSON POST as the persona."""
    return world.client(persona).post(url, data or {}, content_type="application/json")


def patch(world, persona: str, url: str, data: dict):
    """A JSON PATCH as the persona (only the fields given)."""
    return world.client(persona).patch(url, data, content_type="application/json")


# --- migrations, in a database of their own -------------------------------------------------------------------

@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a child process whose database is empty and of the same kind as this run's (a SQLite
    file, or a PostgreSQL database made for it and dropped after): the test database is made from the models, so a
    migration's data step is tested where only the migrations it needs run."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xinhuo.settings_test", "XINHUO_VAR_DIR": str(tmp_path)}
    if connection.vendor != "postgresql":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        yield env
        return
    import psycopg  # only on the PostgreSQL run

    params = connection.settings_dict
    name = f"xinhuo_fresh_{uuid.uuid4().hex[:12]}"
    server = {"host": params["HOST"] or "127.0.0.1", "port": params["PORT"] or 5432, "user": params["USER"],
              "password": params["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_in_fresh_database(tmp_path: Path, scenario: str) -> None:
    """Run `scenario` ("module:function", a function of no arguments that asserts) in a child process against an
    empty database (fresh_database); its traceback is the failure's message."""
    module, function = scenario.split(":")
    code = f"import django; django.setup(); from {module} import {function}; {function}()"
    with fresh_database(tmp_path) as env:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]


def migrate_to(targets: list[tuple[str, str]]):
    """Migrate this process's database to `targets` (forwards or backwards); the apps of that state, whose models
    a data migration's test writes and reads through."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrated_sqlite(dest: Path) -> Path:
    """Put at `dest` an SQLite database migrated by `python -m xinhuo migrate`, for a child process that is tested
    on something else than migrating (serve, the roster commands). Migrating takes over a minute, so it is done
    once per machine and set of migrations, under a lock the test processes share, and copied."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("xinhuo/*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    cache = Path(tempfile.gettempdir()) / f"xinhuo-migrated-{digest.hexdigest()[:16]}.sqlite3"
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            building = cache.with_suffix(f".{os.getpid()}.tmp")
            env = {k: v for k, v in os.environ.items() if not k.startswith("XINHUO_")}
            env.update(DJANGO_SETTINGS_MODULE="xinhuo.settings", DATABASE_URL=f"sqlite:///{building}",
                       XINHUO_VAR_DIR=str(building.parent / f"{building.name}.var"))
            done = subprocess.run([sys.executable, "-m", "xinhuo", "migrate", "--no-input", "-v0"], cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr[-3000:]
            building.replace(cache)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache, dest)
    return dest


def record_migrations_applied() -> None:
    """Record every migration as applied, as an installation's database has them: the test database is made from
    the models, and what reads django_migrations (a backup's manifest, restore's migrate) needs the record."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    loader = MigrationLoader(connection)
    recorder = MigrationRecorder(connection)
    for app, name in sorted(set(loader.graph.nodes) - set(loader.applied_migrations)):
        recorder.record_applied(app, name)
