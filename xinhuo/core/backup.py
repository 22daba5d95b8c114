"""Backups that restore: one archive holding the database, the uploaded files and a manifest of checksums.

An archive is a gzipped tar:
    manifest.json        format, time, database vendor, the migrations applied, each member's size and sha256
    database.sqlite3     SQLite: a consistent copy taken with SQLite's online backup API while the site serves
    database.dump        PostgreSQL: pg_dump's custom format (the pg_dump client must be installed)
    media/<name>         every file of the default storage, read through Django's storage API (local folder or
                         object storage alike)
The keys (var/keys.json or the XINHUO_*_KEY variables) are never in it: without them the encrypted columns of a
stolen backup stay unreadable, and they must be kept apart (docs/运维指南.md).

Restore checks every checksum and that the code knows every migration of the backup before it changes anything,
and refuses to overwrite an installation that holds data unless forced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks import task

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
DAILY_PREFIX = "xinhuo-daily-"
MANUAL_PREFIX = "xinhuo-backup-"
_DAILY_NAME = re.compile(rf"^{DAILY_PREFIX}(\d{{8}})-\d{{6}}\.tar\.gz$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Result:
    path: Path
    database: str
    files: int
    bytes: int
    skipped: list[str] = field(default_factory=list)  # files gone between listing and reading (deleted meanwhile)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def storage_names(storage=None, path: str = "") -> Iterator[str]:
    """Every file of the storage, walked through listdir (works for local folders and object storage)."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a fresh installation has no media folder yet
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for d in sorted(dirs):
        yield from storage_names(storage, f"{path}/{d}" if path else d)


def _safe_name(name: str) -> str:
    """A storage name from an archive: relative, no '..', no backslashes; anything else is refused."""
    p = PurePosixPath(name)
    if not name or p.is_absolute() or ".." in p.parts or "\\" in name or name != str(p):
        raise BackupError(f"Refusing a file name in the archive: {name!r}")
    return name


def _pg_env() -> dict[str, str]:
    """libpq's variables from Django's connection settings: the password never appears on a command line."""
    s = connection.settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _run(cmd: list[str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} is not installed: install the PostgreSQL client tools of the server's version.")
    done = subprocess.run(cmd, env=_pg_env(), capture_output=True, text=True)  # noqa: S603 - fixed argv
    if done.returncode:
        raise BackupError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def dump_database(dest: Path) -> str:
    """Write a consistent copy of the database to dest; returns the archive member's name."""
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:  # the copy would wait for our own write lock for ever
            raise BackupError("A backup cannot be taken inside a database transaction.")
        connection.ensure_connection()
        target = sqlite3.connect(dest)
        try:
            # pages=-1: one step, under one read transaction, so the copy is of one moment even while others write
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dest)])
        return "database.dump"
    raise BackupError(f"Backups of a {connection.vendor} database are not supported.")


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _add(tar: tarfile.TarFile, name: str, fh, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(timezone.now().timestamp())
    tar.addfile(info, fh)


def backup(to: Path | str | None = None, *, prefix: str = MANUAL_PREFIX) -> Result:
    """Write one archive into the folder `to` (default XINHUO_BACKUP_DIR); returns where and what."""
    folder = Path(to or settings.XINHUO_BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{prefix}{stamp}.tar.gz"
    n = 1
    while path.exists():  # two in the same second
        n += 1
        path = folder / f"{prefix}{stamp}-{n}.tar.gz"
    partial = path.with_name(path.name + ".partial")
    manifest: dict = {"format": FORMAT, "created": timezone.now().isoformat(), "vendor": connection.vendor,
                      "migrations": applied_migrations(), "files": [], "keys_included": False}
    skipped: list[str] = []
    total = 0
    with tempfile.TemporaryDirectory(prefix="xinhuo-backup-") as tmp:
        # the database first: a file uploaded after it is harmless extra, one it names is already stored
        db_file = Path(tmp) / "database"
        member = dump_database(db_file)
        manifest["database"] = {"name": member, "size": db_file.stat().st_size, "sha256": _sha256_file(db_file)}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds personal data
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                with open(db_file, "rb") as fh:
                    _add(tar, member, fh, manifest["database"]["size"])
                total += manifest["database"]["size"]
                for name in storage_names():
                    with tempfile.TemporaryFile(dir=tmp) as spool:  # the size must be known before tar writes
                        h = hashlib.sha256()
                        try:
                            with default_storage.open(name, "rb") as src:
                                while chunk := src.read(CHUNK):
                                    h.update(chunk)
                                    spool.write(chunk)
                        except FileNotFoundError:
                            skipped.append(name)
                            continue
                        size = spool.tell()
                        spool.seek(0)
                        _add(tar, f"media/{name}", spool, size)
                    manifest["files"].append({"name": name, "size": size, "sha256": h.hexdigest()})
                    total += size
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, io.BytesIO(data), len(data))
            os.replace(partial, path)
        finally:
            if partial.exists():
                partial.unlink()
    return Result(path, member, len(manifest["files"]), total, skipped)


# --- the daily job ---------------------------------------------------------------------------------------------


def daily_backup(today: dt.date | None = None) -> Path | None:
    """serve's daily job: one archive a day in XINHUO_BACKUP_DIR, the newest XINHUO_BACKUP_KEEP daily ones kept
    (archives made by hand are never removed). None when off (KEEP=0) or when today's exists already."""
    keep = settings.XINHUO_BACKUP_KEEP
    if keep <= 0:
        return None
    folder = Path(settings.XINHUO_BACKUP_DIR)
    today = today or timezone.localdate()
    if folder.exists() and any((m := _DAILY_NAME.match(p.name)) and m.group(1) == today.strftime("%Y%m%d")
                               for p in folder.iterdir()):
        return None  # the job is queued again after a restart: one backup a day
    made = backup(folder, prefix=DAILY_PREFIX).path
    prune(folder, keep)
    return made


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` daily archives (their names sort by time)."""
    daily = sorted(p for p in folder.iterdir() if _DAILY_NAME.match(p.name))
    gone = daily[:-keep] if keep > 0 else []
    for p in gone:
        p.unlink()
    return gone


# --- restore ---------------------------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        fh = tar.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("Not a Xinhuo backup: the archive has no manifest.json.") from exc
    if fh is None:
        raise BackupError("Not a Xinhuo backup: manifest.json is not a file.")
    manifest = json.loads(fh.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    return manifest


def _extract_checked(tar: tarfile.TarFile, member: str, size: int, sha256: str, dest: Path) -> None:
    try:
        src = tar.extractfile(member)
    except KeyError as exc:
        raise BackupError(f"The archive lacks {member}, which its manifest lists.") from exc
    if src is None:
        raise BackupError(f"{member} in the archive is not a regular file.")
    h = hashlib.sha256()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") as out:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            h.update(chunk)
            out.write(chunk)
    if dest.stat().st_size != size or h.hexdigest() != sha256:
        raise BackupError(f"{member} does not match its checksum: the archive is damaged.")


def installation_has_data() -> list[str]:
    """What would be overwritten: schools or accounts in the database, files in the storage."""
    from .models import School, User

    found = []
    tables = set(connection.introspection.table_names())  # a database never migrated is empty too
    if {School._meta.db_table, User._meta.db_table} <= tables and (School.objects.exists() or User.objects.exists()):
        found.append(f"the database holds {School.objects.count()} schools and {User.objects.count()} accounts")
    if next(storage_names(), None) is not None:
        found.append("the file storage holds uploaded files")
    return found


def check_migrations(manifest: dict) -> None:
    disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    known = set(disk) | {r for m in disk.values() for r in m.replaces}  # squashed ones count as known
    apps = {app for app, _name in disk}  # an app since removed (rest_framework.authtoken) left only its tables
    newer = [f"{app}.{name}" for app, name in manifest["migrations"] if app in apps and (app, name) not in known]
    if newer:
        raise BackupError("The backup was made by a newer version of Xinhuo (migrations this code does not have: "
                          f"{', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}). Upgrade the code first.")


def restore_database(path: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this installation uses {connection.vendor}.")
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            # page by page into the live file, under SQLite's own locking (no copying over an open database)
            source.backup(connection.connection, pages=-1)
        finally:
            source.close()
        connection.close()
        return
    connection.close()  # pg_restore drops the tables: no session of ours may hold a lock on them
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "--dbname", str(connection.settings_dict["NAME"]), str(path)])


def restore(archive: Path | str, *, force: bool = False) -> dict:
    """Restore an archive into this installation; returns its manifest. Nothing is changed unless every
    checksum matches, the code knows the backup's migrations, and the installation is empty (or force)."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such backup file: {archive}")
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive ({exc}).") from exc
    with tar, tempfile.TemporaryDirectory(prefix="xinhuo-restore-") as tmp:
        manifest = read_manifest(tar)
        check_migrations(manifest)
        if not force and (found := installation_has_data()):
            raise BackupError("This installation is not empty (" + "; ".join(found) + "). Restore into a fresh "
                              "installation, or pass --force to replace its database and files with the backup's.")
        db = manifest["database"]
        if db["name"] not in ("database.sqlite3", "database.dump"):
            raise BackupError(f"Unknown database member {db['name']!r}.")
        db_path = Path(tmp) / db["name"]
        _extract_checked(tar, db["name"], db["size"], db["sha256"], db_path)
        files = []
        for i, f in enumerate(manifest["files"]):
            name = _safe_name(f["name"])
            dest = Path(tmp) / "media" / str(i)
            _extract_checked(tar, f"media/{name}", f["size"], f["sha256"], dest)
            files.append((name, dest))
        # every check passed: now write
        restore_database(db_path, manifest["vendor"])
        for name, src in files:
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(src, "rb") as fh:
                saved = default_storage.save(name, File(fh, name=name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.")
    return manifest


@task()
def backup_task(day: str = "") -> str:
    """The daily backup (core's manifest.daily_jobs); the archive's path, or "" when none was due."""
    made = daily_backup(dt.date.fromisoformat(day) if day else None)
    return str(made or "")
