"""Upgrades: the database of the previous release (fixtures/previous-release.sql.gz, rebuilt by
scripts/build-upgrade-fixture.sh from commit b01f9b3 with the demo school) migrates to this version's schema with
every row of every table intact: each column it had holds the same value after (the same text once decrypted, for a
column encrypted since), the demo accounts still log in, a guardian is still found by mobile number.

Migrating runs in a child process with the fixture's own keys, on a copy of the fixture in a temporary folder, so
the test database and this process's cached column keys are left alone; it is SQLite, the embedded default."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

FIXTURE = Path(__file__).parent / "fixtures" / "previous-release.sql.gz"
# the keys scripts/build-upgrade-fixture.sh builds the fixture with (test data only)
UPGRADE_KEYS = {
    "XINHUO_SECRET_KEY": "upgrade-fixture-secret-key-test-data-only-0123456789abcdef",
    "XINHUO_FIELD_SALT": "upgrade-fixture-field-salt",
    "XINHUO_INDEX_KEY": "upgrade-fixture-index-key",
}
PASSWORD = "Upgrade-Fixture-2026"  # noqa: S105 - the fixture's demo accounts

# Run in the child, after `migrate`: compare every table of the previous release (argv[1], untouched copy) with the
# migrated database, column by column, through the current models' fields; print a JSON report.
CHECK = r"""
import json, sqlite3, sys
import django
django.setup()
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import connection
from encrypted_fields.fields import EncryptedFieldMixin

old = sqlite3.connect(sys.argv[1])
new = sqlite3.connect(connection.settings_dict["NAME"])

def plain(field, raw):
    if raw is None or not isinstance(field, EncryptedFieldMixin):
        return raw
    try:
        return field.f.decrypt(raw.encode()).decode()
    except InvalidToken:
        return raw  # stored in plaintext by the previous release, encrypted since

def columns(db, table):
    return [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]

models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
old_tables = [r[0] for r in old.execute(
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
report = {"tables": 0, "rows": 0, "values": 0, "differences": [], "missing_tables": [], "missing_rows": []}
for table in old_tables:
    if not new.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone():
        if old.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]:  # an empty table may be dropped
            report["missing_tables"].append(table)
        continue
    report["tables"] += 1
    model = models.get(table)
    fields = {f.column: f for f in model._meta.concrete_fields} if model else {}
    shared = [c for c in columns(old, table) if c in set(columns(new, table))]
    cols = ", ".join(f'"{c}"' for c in shared)
    before = old.execute(f'SELECT {cols} FROM "{table}"').fetchall()
    report["rows"] += len(before)
    if model is None:  # a table of no model (django_migrations): its rows are kept
        after = set(new.execute(f'SELECT {cols} FROM "{table}"').fetchall())
        report["missing_rows"] += [f"{table}: {r}" for r in before if r not in after][:5]
        continue
    pk = model._meta.pk.column
    key = shared.index(pk)
    after = {r[key]: r for r in new.execute(f'SELECT {cols} FROM "{table}"')}
    for row in before:
        now = after.get(row[key])
        if now is None:
            report["missing_rows"].append(f"{table} #{row[key]}")
            continue
        for i, c in enumerate(shared):
            report["values"] += 1
            field = fields.get(c)
            if plain(field, row[i]) != plain(field, now[i]):
                report["differences"].append(f"{table}.{c} #{row[key]}")

from xinhuo.core.auth import resolve_username
from xinhuo.core.demo import DEMO_USERNAMES
from xinhuo.people.models import Guardian
User = apps.get_model("core", "User")
report["logins"] = sorted(u.username for u in User.objects.filter(username__in=DEMO_USERNAMES)
                          if u.check_password(sys.argv[2]))
# the demo accounts the old release had (one added since, the county's, is not in its database): all still log in
report["demo_usernames"] = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
g = Guardian.objects.exclude(phone="").exclude(user=None).select_related("user").first()
report["phone_login"] = g is not None and resolve_username(g.phone) == g.user.username
report["students_readable"] = all(s.id_card for s in apps.get_model("people", "Student").objects.all())
print("REPORT " + json.dumps(report))
"""


def child_env(tmp_path: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XINHUO_", "DJANGO_", "DATABASE_URL"))}
    env.update(UPGRADE_KEYS, DJANGO_SETTINGS_MODULE="xinhuo.settings", DATABASE_URL=f"sqlite:///{db}",
               XINHUO_VAR_DIR=str(tmp_path / "var"), PYTHONDONTWRITEBYTECODE="1", XINHUO_LOG_LEVEL="ERROR")
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def load_fixture(path: Path) -> None:
    con = sqlite3.connect(path)
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as fh:
        con.executescript(fh.read())
    con.close()


def test_the_fixture_is_small_and_from_an_earlier_schema(tmp_path):
    assert FIXTURE.stat().st_size < 1024 * 1024
    db = tmp_path / "old.sqlite3"
    load_fixture(db)
    con = sqlite3.connect(db)
    applied = {(a, n) for a, n in con.execute("SELECT app, name FROM django_migrations")}
    assert ("people", "0001_initial") in applied
    assert not any(app in ("wellbeing", "surveys") for app, _n in applied), "the previous release had neither"
    assert con.execute("SELECT COUNT(*) FROM people_student").fetchone()[0] == 400


@pytest.mark.own_sqlite
def test_a_database_of_the_previous_release_migrates_with_its_data_intact(tmp_path):
    old, db = tmp_path / "old.sqlite3", tmp_path / "xinhuo.sqlite3"
    load_fixture(old)
    load_fixture(db)
    env = child_env(tmp_path, db)
    run(["-m", "xinhuo", "migrate", "--no-input", "--verbosity", "0"], env)
    run(["-m", "xinhuo", "migrate", "--check"], env)  # nothing left unapplied
    out = run(["-c", CHECK, str(old), PASSWORD], env)
    report = json.loads(out.split("REPORT ", 1)[1])
    assert report["missing_tables"] == [] and report["missing_rows"] == []
    assert report["differences"] == []
    assert report["tables"] > 80 and report["rows"] > 2000, report
    assert report["logins"] == report["demo_usernames"]
    assert report["phone_login"] and report["students_readable"]
