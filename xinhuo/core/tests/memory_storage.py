"""pytest plugin for the suite's run with uploads in memory (core/tests/test_storage_memory.py): each test starts
with an empty in-memory file storage, as it starts with its own temporary MEDIA_ROOT on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings


@pytest.fixture(autouse=True)
def fresh_file_storage():
    """A changed STORAGES setting makes Django build the storages again (django.test.signals): a new, empty one."""
    assert settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage"), "run with XINHUO_STORAGE=memory"
    with override_settings(STORAGES={**settings.STORAGES}):
        yield


@pytest.fixture(autouse=True)
def nothing_on_disk(fresh_file_storage):
    """The proof that the code reaches uploads only through the storage API: with the files in memory, nothing
    is written under MEDIA_ROOT (the local folder a path in the code would have used)."""
    yield
    media = Path(settings.MEDIA_ROOT)
    written = [str(p) for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert not written, f"written outside the storage API: {written}"
