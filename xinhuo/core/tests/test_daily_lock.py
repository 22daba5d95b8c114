"""Several app servers, one database: each daily job is queued and run once a day between them (issue 21).

Two real processes, each doing what `serve` does each morning, start at the same instant against one database
(the test database itself on PostgreSQL; a file copy of it on SQLite, whose test database lives in memory); then
two task workers drain the queue at once. Every daily job must have been queued once and run once, and the daily
backup (a side effect anyone can count) written one archive.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[3]

SERVER = """
import datetime as dt, json, sys, time
import django
django.setup()
from xinhuo.core import registry
from xinhuo.core.management.commands.serve import queue_daily
start, day = float(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
queued, failed = queue_daily(registry.daily_jobs(), day, report=print)
print(json.dumps({"jobs": registry.daily_jobs(), "queued": queued, "failed": failed}))
"""


def database_url(tmp_path: Path) -> str:
    """A URL the subprocesses reach the test's data at."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def results(url: str) -> list[tuple[str, str]]:
    query = "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return list(db.execute(query))
    with connection.cursor() as cursor:
        cursor.execute(query)
        return list(cursor.fetchall())


def runs(url: str) -> list[tuple[str, str]]:
    query = "SELECT job, day FROM core_dailyjobrun"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return [(job, str(day)) for job, day in db.execute(query)]
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [(job, str(day)) for job, day in cursor.fetchall()]


def start_together(args_list: list[list[str]], env: dict) -> list[str]:
    procs = [subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for args in args_list]
    outs = []
    for p in procs:
        out, _ = p.communicate(timeout=240)
        assert p.returncode == 0, out
        outs.append(out)
    return outs


@pytest.mark.django_db(transaction=True)
def test_two_servers_queue_and_run_each_daily_job_once(tmp_path):
    url = database_url(tmp_path)
    backups = tmp_path / "backups"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "xinhuo.settings",
           "XINHUO_VAR_DIR": str(tmp_path), "XINHUO_BACKUP_DIR": str(backups), "XINHUO_BACKUP_KEEP": "7",
           "XINHUO_TASK_BACKEND": "django_tasks_db.DatabaseBackend", "XINHUO_STORAGE": "local",
           "XINHUO_SECRET_KEY": settings.SECRET_KEY, "XINHUO_FIELD_SALT": settings.SALT_KEY,
           "XINHUO_INDEX_KEY": settings.XINHUO_INDEX_KEY}
    day = timezone.localdate().isoformat()
    start = time.time() + 4  # both are running by then (importing Django takes a second or two)
    outs = [json.loads(out.splitlines()[-1]) for out in
            start_together([[sys.executable, "-c", SERVER, str(start), day]] * 2, env)]
    jobs = outs[0]["jobs"]
    assert jobs and not outs[0]["failed"] and not outs[1]["failed"], outs
    assert sorted(runs(url)) == sorted((job, day) for job in jobs), outs
    assert sorted(outs[0]["queued"] + outs[1]["queued"]) == sorted(jobs), f"each job by one server: {outs}"
    queued = results(url)
    assert sorted(path for path, _status in queued) == sorted(jobs), "each job queued once"

    # a restart of one server the same day queues nothing again
    again = json.loads(start_together([[sys.executable, "-c", SERVER, str(time.time()), day]], env)[0].splitlines()[-1])
    assert again["queued"] == [] and len(results(url)) == len(jobs)

    worker = [sys.executable, "-m", "xinhuo", "db_worker", "--batch", "--no-reload", "--no-startup-delay"]
    start_together([worker, worker], env)
    done = results(url)
    assert len(done) == len(jobs) and {status for _path, status in done} == {"SUCCESSFUL"}, done
    archives = [p.name for p in backups.iterdir()] if backups.exists() else []
    assert len(archives) == 1, f"one daily backup, not one per server: {archives}"


@pytest.mark.django_db
def test_a_job_that_cannot_be_queued_leaves_no_lock_and_is_queued_at_the_next_pass(monkeypatch):
    from xinhuo.core.management.commands import serve
    from xinhuo.core.models import DailyJobRun

    day, job, real = dt.date(2026, 12, 7), "xinhuo.core.tokens.purge_task", serve.import_string

    def away(path):
        raise ConnectionError("database away")

    monkeypatch.setattr(serve, "import_string", away)
    reported: list[str] = []
    assert serve.queue_daily([job], day, report=reported.append) == ([], [job]) and "database away" in reported[0]
    assert not DailyJobRun.objects.exists(), "no lock is left for a job that was not queued"
    monkeypatch.setattr(serve, "import_string", real)
    assert serve.queue_daily([job], day) == ([job], [])
    assert serve.queue_daily([job], day) == ([], []), "queued once that day"
    assert serve.queue_daily([job], day + dt.timedelta(days=1)) == ([job], []), "and again the next day"
