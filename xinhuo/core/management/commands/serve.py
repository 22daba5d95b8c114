"""Serve the platform: gunicorn (web, with WhiteNoise) and the django-tasks worker together."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from xinhuo.core import registry

DAILY_HOUR = int(os.environ.get("XINHUO_DAILY_HOUR", "7"))
FREQUENT_MINUTES = int(os.environ.get("XINHUO_FREQUENT_MINUTES", "5"))


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
        last_frequent = 0.0
        try:
            while all(p.poll() is None for p in procs):
                now = timezone.localtime()
                if not opts["no_worker"] and now.date() != last_daily and now.hour >= DAILY_HOUR:
                    last_daily = now.date()
                    self.enqueue(registry.daily_jobs(), "daily")
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
        """Queue the apps' jobs (their manifests) for the worker; a failure is reported and tried again next time,
        never fatal. A daily job is safe to run twice a day, as a restart enqueues it again."""
        for path in paths:
            try:
                import_string(path).enqueue()
            except Exception as exc:  # noqa: BLE001 - the web server must go on serving
                self.stderr.write(f"{kind} job {path} not queued: {exc}")
