"""`python -m xinhuo serve --demo` on a new installation: migrates, builds the demo, serves, stops cleanly. The
database is already migrated (helpers.migrated_sqlite; migrating a fresh one is test_safe_defaults' demo test)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from xinhuo.core.tests.helpers import migrated_sqlite

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.own_sqlite
def test_serve_starts_web_and_worker_and_stops_on_sigterm(tmp_path):
    port = free_port()
    migrated_sqlite(tmp_path / "serve.sqlite3")
    env = {
        **os.environ,
        "XINHUO_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "XINHUO_DEMO_PASSWORD": "Serve-Test-2026",
        "DJANGO_SETTINGS_MODULE": "xinhuo.settings",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "xinhuo", "serve", "--demo", "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).read().decode()  # noqa: S310
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else "serve exited"
                time.sleep(0.5)
        assert "登录薪火平台" in body
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read() == b"ok"  # noqa: S310
        assert (tmp_path / "keys.json").stat().st_mode & 0o077 == 0, "keys readable only by the owner"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "Serve-Test-2026" in out and "director" in out, "prints how to log in"
    assert "db_worker" not in out or "Traceback" not in out
