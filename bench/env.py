"""Where the benchmark's database lives, decided before Django's settings are loaded.

The bench never touches the developer's var/xinhuo.sqlite3: everything it keeps is under
var/bench/ (its own keys.json, so the encrypted columns of the cached database stay
readable across runs), and the database is either

* SQLite: var/bench/<size>.sqlite3, prepared once and reused (see bench/dataset.py), or
* PostgreSQL: whatever DATABASE_URL names when it is a postgres URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BENCH_VAR = REPO / "var" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgresql": also the suffix of the report's file name
    url: str
    sqlite_path: Path | None = None  # the prepared file, for SQLite
    note: str = ""

    @property
    def label(self) -> str:
        if self.sqlite_path is not None:
            return str(self.sqlite_path.relative_to(REPO)) if self.sqlite_path.is_relative_to(REPO) else str(
                self.sqlite_path)
        parts = urlsplit(self.url)
        return f"{parts.hostname or 'localhost'}:{parts.port or 5432}/{parts.path.lstrip('/')}"


def choose_target(size: str, environ: os._Environ[str] | dict[str, str] | None = None) -> Target:
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "")
    if url.split(":", 1)[0].lower() in POSTGRES_SCHEMES:
        return Target("postgresql", url)
    path = BENCH_VAR / f"{size}.sqlite3"
    note = f"DATABASE_URL={url!r} is not PostgreSQL: using the bench's own SQLite file" if url else ""
    return Target("sqlite", f"sqlite:///{path}", sqlite_path=path, note=note)


def configure(size: str) -> Target:
    """Point Django at the bench's database and var dir. Call before django.setup()."""
    target = choose_target(size)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = target.url
    os.environ["XINHUO_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "xinhuo.settings"
    # Production-like request handling: no DEBUG query log, no debug templates.
    os.environ["XINHUO_DEBUG"] = "0"
    return target
