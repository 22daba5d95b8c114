"""A web worker tunes its garbage collector once the application is loaded (xinhuo/wsgi.py, core/gctune.py): the
start-up objects frozen out of full collections, a larger first generation. Checked in a fresh process, as
gunicorn imports the application."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PROBE = "import gc, json, xinhuo.wsgi; print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))"


def worker_gc(tmp_path, **env) -> tuple[int, list[int]]:
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "xinhuo.settings", "XINHUO_VAR_DIR": str(tmp_path),
               "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=environ, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    frozen, threshold = json.loads(out.stdout.strip().splitlines()[-1])
    return frozen, threshold


@pytest.mark.parametrize(("env", "gen0"), [({}, 10_000), ({"XINHUO_GC_GEN0": "0"}, 700)])
def test_the_wsgi_application_freezes_its_start_up_objects(tmp_path, env, gen0):
    frozen, threshold = worker_gc(tmp_path, **env)
    assert frozen > 100_000  # Django, the apps and every view and serializer of the URLconf
    assert threshold[0] == gen0
