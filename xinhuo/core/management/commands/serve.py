"""Serve the platform: gunicorn (web, with WhiteNoise) and the django-tasks worker together."""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from xinhuo.core import registry

DAILY_HOUR = int(os.environ.get("XINHUO_DAILY_HOUR", "7"))
FREQUENT_MINUTES = int(os.environ.get("XINHUO_FREQUENT_MINUTES", "5"))


def queue_daily(paths: list[str], day: dt.date, *, report=None) -> tuple[list[str], list[str]]:
    """Queue each daily job for `day` unless another app server (or this one, before a restart) queued it already:
    a DailyJobRun row per job and day is the lock, its unique constraint decides who was first, and it commits
    with the task's row (the database task backend), so a job that could not be queued is tried again at the next
    pass. Returns the jobs this call queued and those it failed to. `report(text)` is told of a failure, which is
    never fatal."""
    from xinhuo.core.models import DailyJobRun

    queued: list[str] = []
    failed: list[str] = []
    for path in paths:
        try:
            with transaction.atomic():
                DailyJobRun.objects.create(job=path, day=day, host=f"{socket.gethostname()}:{os.getpid()}"[:100])
                import_string(path).enqueue()
        except IntegrityError:  # queued today already, here or on another server
            continue
        except Exception as exc:  # noqa: BLE001 - the web server must go on serving
            if report:
                report(f"daily job {path} not queued: {exc}")
            failed.append(path)
            continue
        queued.append(path)
    return queued, failed


class Command(BaseCommand):
    help = "Migrate, optionally create the demo school, then run the web server and the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("XINHUO_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("XINHUO_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("XINHUO_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("XINHUO_WEB_THREADS", "1")))
        parser.add_argument("--demo", action="store_true", help="create the demo school on first start")
        parser.add_argument("--no-worker", action="store_true", help="run the web server only")

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        if opts["demo"]:
            call_command("demo", if_empty=True, stdout=self.stdout)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        python = sys.executable
        web = [
            python, "-m", "gunicorn", "xinhuo.wsgi:application",
            "--bind", f"{opts['host']}:{opts['port']}", "--workers", str(opts["workers"]),
            # gthread keeps connections alive and reads a slow phone's request before a worker takes it: with one
            # thread a worker still serves one request at a time (bench/load_surveys.py: 2 workers answered 328
            # submissions/s this way, 246/s as sync workers that close every connection)
            "--worker-class", "gthread", "--threads", str(max(1, opts["threads"])),
            "--access-logfile", "-", "--graceful-timeout", "10",
        ]
        procs = [subprocess.Popen(web)]
        if not opts["no_worker"]:
            # no autoreload: a reload could stop a running import or report half-way
            procs.append(subprocess.Popen([python, "-m", "xinhuo", "db_worker", "--no-reload"]))
        self.stdout.write(self.style.SUCCESS(f"薪火 Xinhuo: http://{opts['host']}:{opts['port']}/  (Ctrl+C 停止)"))

        def stop(signum, frame):
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_daily = None
        daily_retry_at = 0.0
        last_frequent = 0.0
        try:
            while all(p.poll() is None for p in procs):
                now = timezone.localtime()
                if (not opts["no_worker"] and now.date() != last_daily and now.hour >= DAILY_HOUR
                        and time.monotonic() >= daily_retry_at):
                    _queued, failed = queue_daily(registry.daily_jobs(), now.date(), report=self.stderr.write)
                    if failed:  # the database was away, say: again in a minute
                        daily_retry_at = time.monotonic() + 60
                    else:
                        last_daily = now.date()
                if not opts["no_worker"] and time.monotonic() - last_frequent >= FREQUENT_MINUTES * 60:
                    last_frequent = time.monotonic()
                    self.enqueue(registry.frequent_jobs(), "frequent")
                time.sleep(0.5)
        finally:
            stop(None, None)
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        codes = [p.returncode for p in procs]
        if any(c not in (0, -signal.SIGTERM, None) for c in codes):
            raise SystemExit(1)

    def enqueue(self, paths: list[str], kind: str) -> None:
        """Queue the apps' frequent jobs (their manifests) for the worker; a failure is reported and tried again
        next time, never fatal. Daily jobs go through queue_daily, once a day across every app server."""
        for path in paths:
            try:
                import_string(path).enqueue()
            except Exception as exc:  # noqa: BLE001 - the web server must go on serving
                self.stderr.write(f"{kind} job {path} not queued: {exc}")
