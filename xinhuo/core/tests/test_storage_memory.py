"""Uploads only through Django's storage API (issue 21): the apps' upload tests run again with the files in
memory (XINHUO_STORAGE=memory, Django's InMemoryStorage) instead of a folder, as a county's object storage would
hold them. Any code that opens, lists or deletes an upload by a local path fails here: the file is not on disk
(and core/tests/memory_storage.py fails a test that writes anything under MEDIA_ROOT).

One test of each way a file is stored, read, served, replaced or deleted: pictures processed by the worker,
documents, audio, a workbook kept for its preview, error report and import (inline and as a task, with its
progress), a refused upload kept for its report, and the backup that walks the storage and restores into it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

TESTS = [
    "xinhuo/activities/tests/test_uploads_processing.py::test_the_worker_strips_the_gps_and_updates_the_size_of_a_file",
    "xinhuo/activities/tests/test_uploads_processing.py::test_a_picture_the_worker_cannot_decode_is_kept_and_never_served",
    "xinhuo/activities/tests/test_uploads_processing.py::test_a_photo_deleted_before_the_worker_came_leaves_no_file",
    "xinhuo/activities/tests/test_uploads_processing.py::test_a_picture_whose_processing_was_lost_is_queued_again",
    "xinhuo/activities/tests/test_activity_pages.py::test_a_real_photo_is_kept_resized",
    "xinhuo/clubs/tests/test_services.py::test_a_photo_is_removed_with_its_file",
    "xinhuo/elders/tests/test_inspections.py::test_photos_are_resized_to_1600px_and_lose_their_gps",
    "xinhuo/elders/tests/test_inspections.py::test_the_photo_view_checks_who_may_see_the_report",
    "xinhuo/elders/tests/test_inspections.py::test_a_non_image_sent_as_a_photo_is_refused_and_nothing_is_written",
    "xinhuo/elders/tests/test_training.py::test_a_session_keeps_its_files_under_a_random_name_and_the_original_as_title",
    "xinhuo/elders/tests/test_training.py::test_a_file_is_served_only_to_who_may_see_the_session",
    "xinhuo/elders/tests/test_training.py::test_a_file_can_be_removed_by_the_committee",
    "xinhuo/elders/tests/test_registry_import.py::"
    "test_the_error_report_has_the_rows_with_their_problems_and_imports_once_corrected",
    "xinhuo/people/tests/test_roster_views.py::test_an_upload_with_problems_lists_each_by_row_and_column",
    "xinhuo/people/tests/test_roster_views.py::test_the_error_report_is_the_workbook_with_an_error_column",
    "xinhuo/people/tests/test_roster_views.py::test_a_file_that_is_no_workbook_is_recorded_with_the_reason_and_not_kept",
    "xinhuo/people/tests/test_roster_views.py::test_preview_then_confirm_imports_a_small_file_at_once",
    "xinhuo/people/tests/test_roster_views.py::test_a_large_file_runs_as_a_task_with_progress",
    "xinhuo/people/tests/test_roster_views.py::test_an_import_whose_worker_died_is_marked_failed_after_30_minutes",
    "xinhuo/wellbeing/tests/test_selfhelp.py::test_an_audio_item_is_stored_and_streamed_with_its_type",
    "xinhuo/core/tests/test_backup.py::test_a_backup_of_the_demo_school_restores_every_row_and_file",
    "xinhuo/core/tests/test_backup.py::test_a_file_name_climbing_out_of_the_storage_is_refused",
]


@pytest.mark.once
def test_the_upload_tests_pass_with_the_files_in_memory():
    env = {**os.environ, "XINHUO_STORAGE": "memory"}
    env.pop("PYTEST_XDIST_WORKER", None)
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):  # a test database of its own, never this run's (test_<name>)
        base, _sep, query = url.partition("?")
        env["DATABASE_URL"] = f"{base}_memory" + (f"?{query}" if query else "")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-n", "0", "-p", "xinhuo.core.tests.memory_storage",
         "--create-db", *TESTS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:]
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert re.search(rf"\b{len(TESTS)} passed\b", summary), summary
