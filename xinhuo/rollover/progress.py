"""A running rollover's percent, in a small file: the run's own row is inside the task's transaction, which
another request cannot see until it ends (as the roster import does, people/roster.py)."""

from __future__ import annotations

import contextlib
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def _name(run_id: object) -> str:
    return f"rollover/{run_id}.progress.json"


def write(run_id: object, percent: int) -> None:
    delete(run_id)
    default_storage.save(_name(run_id), ContentFile(json.dumps({"percent": max(0, min(100, percent))}).encode()))


def read(run_id: object) -> int | None:
    try:
        with default_storage.open(_name(run_id), "rb") as fh:
            return int(json.loads(fh.read())["percent"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def seconds_since(run_id: object) -> float | None:
    """How long ago the run last reported progress, or None without a report."""
    import time

    try:
        return time.time() - default_storage.get_modified_time(_name(run_id)).timestamp()
    except (OSError, NotImplementedError):
        return None


def delete(run_id: object) -> None:
    with contextlib.suppress(FileNotFoundError, OSError):
        default_storage.delete(_name(run_id))
