"""Small helpers shared by the apps' tests (the personas themselves are conftest.World)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def days(n: int) -> dt.date:
    """Today in the school's time zone, moved by `n` days (negative: in the past)."""
    return timezone.localdate() + dt.timedelta(days=n)


def born_in(days_ahead: int, age: int) -> dt.date:
    """A birth date whose birthday is `days_ahead` days from today, turning `age` then."""
    on = days(days_ahead)
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # 29 February
        return dt.date(on.year - age, 2, 28)


def stored_files(media: Path) -> list[str]:
    """Every uploaded file (none when nothing was stored), through the storage API: under the media folder of a
    local storage, or in the in-memory storage when the suite runs with XINHUO_STORAGE=memory."""
    from django.core.files.storage import FileSystemStorage, default_storage

    from xinhuo.core.backup import storage_names

    if isinstance(default_storage, FileSystemStorage):
        return [str(p) for p in media.rglob("*") if p.is_file()] if media.exists() else []
    return list(storage_names())


def page_queries(client, url: str, params: dict | None = None) -> int:
    """The queries of a page's second load (the first warms what is read once per process); the page must load."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@contextmanager
def refused_unchanged(snapshot: Callable[[], object], *phrases: str,
                      exc: type[Exception] = ValidationError) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise `exc` (a ValidationError: with each phrase in its messages) and leave `snapshot()` as
    it was. A test module binds its own snapshot: `refused = partial(refused_unchanged, snapshot)`."""
    before = snapshot()
    with pytest.raises(exc) as info:
        yield info
    assert snapshot() == before, "a refused call wrote something"
    if exc is ValidationError:
        text = " ".join(info.value.messages)  # type: ignore[attr-defined]
        for phrase in phrases:
            assert phrase in text, f"{phrase!r} not in {text!r}"
