"""Backups that restore (xinhuo/core/backup.py, `python -m xinhuo backup` / `restore`): the demo school survives a
round trip table by table and file by file; damaged, foreign or newer archives and non-empty installations are
refused before anything changes; the daily job keeps its last N archives."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from xinhuo.core import backup as backups
from xinhuo.core.demo import build_demo
from xinhuo.core.models import School, User
from xinhuo.core.tests.helpers import record_migrations_applied


@pytest.fixture
def storage(tmp_path):
    """A storage of the test's own (its files are the whole installation's)."""
    root = tmp_path / "media"
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                 "OPTIONS": {"location": str(root)}}, "staticfiles": static}):
        yield default_storage


def tables() -> dict[str, Counter]:
    """Every table's rows, as text (the same on SQLite and PostgreSQL)."""
    qn = connection.ops.quote_name
    cast = "::text" if connection.vendor == "postgresql" else ""
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(qn(c) + cast for c in columns)} FROM {qn(table)}")  # noqa: S608
            out[table] = Counter(tuple(r) for r in cursor.fetchall())
    return out


def files() -> dict[str, str]:
    out = {}
    for name in backups.storage_names():
        with default_storage.open(name, "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()
    return out


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_school_restores_every_row_and_file(storage, tmp_path):
    record_migrations_applied()
    build_demo(size="small", password="Demo-Pass-2026")
    storage.save("inspections/2026/12/photo.jpg", ContentFile(b"\xff\xd8 not really a photo \xff\xd9"))
    storage.save("training/讲义.pdf", ContentFile(b"%PDF-1.4 handout"))
    before, before_files = tables(), files()
    assert sum(before["people_student"].values()) > 300 and len(before_files) >= 3
    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    [archive] = (tmp_path / "backups").iterdir()
    assert str(archive) in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data: readable by its owner only"

    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    assert not [n for n in content if "keys" in n] and manifest["keys_included"] is False
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == before_files
    db = manifest["database"]
    assert hashlib.sha256(content[db["name"]]).hexdigest() == db["sha256"]

    # over an installation that holds data it refuses, and changes nothing
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert User.objects.count() == sum(before["core_user"].values())

    # an empty installation: a migrated database with no school, no account, no file
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backups.storage_names()):
        storage.delete(name)
    assert not School.objects.exists() and not files()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    after = tables()
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    assert files() == before_files


def write_archive(path: Path, manifest: dict, extra: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {**extra, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def small_manifest(**over) -> dict:
    db = b"not a database"
    manifest = {"format": 1, "created": "2026-12-06T00:00:00+00:00", "vendor": connection.vendor,
                "migrations": backups.applied_migrations(), "files": [], "keys_included": False,
                "database": {"name": "database.sqlite3", "size": len(db), "sha256": hashlib.sha256(db).hexdigest()}}
    manifest.update(over)
    return manifest


@pytest.mark.django_db(transaction=True)  # a backup is taken outside any transaction
def test_a_damaged_archive_is_refused_before_anything_changes(world, storage, tmp_path):
    path = backups.backup(tmp_path).path
    raw = bytearray(members(path)["database.sqlite3" if connection.vendor == "sqlite" else "database.dump"])
    manifest = json.loads(members(path)["manifest.json"])
    raw[len(raw) // 2] ^= 0xFF
    damaged = write_archive(tmp_path / "damaged.tar.gz", manifest, {manifest["database"]["name"]: bytes(raw)})
    users = User.objects.count()
    with pytest.raises(backups.BackupError, match="checksum"):
        backups.restore(damaged, force=True)
    assert User.objects.count() == users


@pytest.mark.django_db
def test_an_archive_from_a_newer_version_is_refused(world, tmp_path):
    manifest = small_manifest(migrations=[*backups.applied_migrations(), ["core", "9999_from_the_future"]])
    path = write_archive(tmp_path / "newer.tar.gz", manifest, {"database.sqlite3": b"not a database"})
    with pytest.raises(CommandError, match="newer version"):
        call_command("restore", str(path), "--force", stdout=io.StringIO())
    # an app the code no longer has (its migrations were applied by an older version) is no reason to refuse
    backups.check_migrations(small_manifest(migrations=[*backups.applied_migrations(), ["authtoken", "0001_initial"]]))


@pytest.mark.django_db
def test_a_file_name_climbing_out_of_the_storage_is_refused(world, storage, tmp_path):
    evil = b"evil"
    manifest = small_manifest(files=[{"name": "../../keys.json", "size": 4,
                                      "sha256": hashlib.sha256(evil).hexdigest()}])
    path = write_archive(tmp_path / "evil.tar.gz", manifest,
                         {"database.sqlite3": b"not a database", "media/../../keys.json": evil})
    users = User.objects.count()
    with pytest.raises(backups.BackupError, match="Refusing a file name"):
        backups.restore(path, force=True)
    assert User.objects.count() == users and not (tmp_path / "keys.json").exists()


@pytest.mark.django_db
def test_what_is_not_a_backup_gets_a_clear_message(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"PK\x03\x04 a zip, not a tar")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())
    no_manifest = tmp_path / "plain.tar.gz"
    with tarfile.open(no_manifest, "w:gz") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(no_manifest), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)  # a backup is taken outside any transaction
def test_the_daily_job_makes_one_archive_a_day_and_keeps_the_newest(world, storage, tmp_path):
    folder = tmp_path / "daily"
    folder.mkdir()
    for day in ("20261201", "20261202", "20261203"):
        (folder / f"{backups.DAILY_PREFIX}{day}-070000.tar.gz").write_bytes(b"old")
    manual = folder / f"{backups.MANUAL_PREFIX}20261130-120000.tar.gz"
    manual.write_bytes(b"made by hand")
    with override_settings(XINHUO_BACKUP_DIR=folder, XINHUO_BACKUP_KEEP=2):
        made = backups.daily_backup()
        assert made is not None and made.exists()
        assert backups.daily_backup() is None, "a second run the same day (serve restarted) makes none"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [manual.name, f"{backups.DAILY_PREFIX}20261203-070000.tar.gz", made.name]
    assert json.loads(members(made)["manifest.json"])["format"] == backups.FORMAT


@pytest.mark.django_db(transaction=True)  # a backup is taken outside any transaction
def test_serve_queues_the_daily_backup(world, storage, tmp_path):
    from xinhuo.core.management.commands.serve import Command
    from xinhuo.core.registry import daily_jobs

    assert "xinhuo.core.backup.backup_task" in daily_jobs()
    with override_settings(XINHUO_BACKUP_DIR=tmp_path, XINHUO_BACKUP_KEEP=3):
        Command(stdout=io.StringIO(), stderr=io.StringIO()).enqueue(["xinhuo.core.backup.backup_task"], "daily")
    assert [p.name.startswith(backups.DAILY_PREFIX) for p in tmp_path.iterdir()] == [True]
    with override_settings(XINHUO_BACKUP_DIR=tmp_path / "off", XINHUO_BACKUP_KEEP=0):
        assert backups.daily_backup() is None and not (tmp_path / "off").exists()
