"""Roster pages: template download, upload → preview with every problem by row and column → error report →
confirm (inline, or as a background task with a progress bar), and the export download."""

from __future__ import annotations

import io
import os
import stat

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from xinhuo.core import excel
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import stored_files
from xinhuo.people import roster, services
from xinhuo.people.models import RosterImport, Student
from xinhuo.people.tests.rosterbook import as_bytes, read_rows, student_row, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, wb, name="名册.xlsx"):
    data = wb if isinstance(wb, bytes) else as_bytes(wb)
    return client.post("/people/roster/upload/", {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def good_rows():
    return [student_row("2026601", "黄一", seq=1, guardians=[("黄父", "父亲", "13700006011")]),
            student_row("2026602", "黄二", seq=2, klass="3班", guardians=[("黄父", "父亲", "13700006011")])]


def bad_book():
    return workbook([*good_rows(), student_row("2026603", "黄三", seq=3, 性别="男孩")])


# --- the page and the template ------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "can_import"), [("director", True), ("head_teacher_a", True), ("leader", False)])
def test_the_roster_page_shows_what_the_role_may_use(world, persona, can_import):
    body = world.client(persona).get("/people/roster/").content.decode()
    assert ('id="roster-upload-form"' in body) is can_import
    assert ('href="/people/roster/template/"' in body) is can_import
    assert 'id="roster-export-form"' in body


@pytest.mark.parametrize(("persona", "shown"), [
    ("admin", True), ("director", True), ("leader", True), ("head_teacher_a", True), ("counsellor", False),
    ("parent_x", False), ("elder", False),
])
def test_the_navigation_has_the_roster_for_roles_that_use_it(world, persona, shown):
    assert ('href="/people/roster/"' in world.client(persona).get("/").content.decode()) is shown


def test_the_template_download(world):
    response = world.client("director").get("/people/roster/template/")
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["学生名册", "填写说明"]
    ws = wb["学生名册"]
    assert [c.value for c in ws[1]] == roster.headers()
    assert ws["A2"].value == roster.EXAMPLE_STUDENT_NO and ws["J2"].value == "张大明"
    for letter in ("A", "E", "L", "O", "R"):  # 学号, 身份证号 and the phones: text, for typed values too
        assert ws.column_dimensions[letter].number_format == "@" and ws[f"{letter}2"].number_format == "@"
    ranges = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert ranges == {"C2:C10001", "K2:K10001 N2:N10001 Q2:Q10001"}


# --- upload and preview -------------------------------------------------------------------------


def test_an_upload_with_problems_lists_each_by_row_and_column(world, media):
    client = world.client("director")
    response = upload(client, bad_book())
    assert response.status_code == 302
    imp = RosterImport.objects.get()
    assert response["Location"] == f"/people/roster/imports/{imp.pk}/"
    assert (imp.status, imp.total_rows, imp.user, imp.file_name) == ("invalid", 3, world.users["director"], "名册.xlsx")
    assert default_storage.exists(imp.stored_path)
    if isinstance(default_storage, FileSystemStorage):  # on this server's disk: the service account's only
        assert stat.S_IMODE(os.stat(default_storage.path(imp.stored_path)).st_mode) == 0o600
    body = client.get(response["Location"]).content.decode()
    assert 'data-row="4" data-column="性别" data-code="invalid_gender"' in body
    assert "第4行「性别」：现在是“男孩”，请填写“男”或“女”。" in body
    assert 'id="roster-confirm"' not in body and 'id="roster-error-report"' in body
    assert not Student.objects.filter(student_no__startswith="202660").exists()


def test_the_error_report_is_the_workbook_with_an_error_column(world):
    client = world.client("director")
    upload(client, bad_book())
    imp = RosterImport.objects.get()
    response = client.get(f"/people/roster/imports/{imp.pk}/errors/")
    data = b"".join(response.streaming_content)
    rows = read_rows(data)
    assert rows[0] == [*roster.headers(), "错误原因"]
    assert [r[0] for r in rows[1:]] == ["2026601", "2026602", "2026603"], "the original rows"
    assert rows[1][-1] is None and rows[2][-1] is None
    assert rows[3][-1] == "第4行「性别」：现在是“男孩”，请填写“男”或“女”。"
    problems = [list(r) for r in load_workbook(io.BytesIO(data))["全部问题"].iter_rows(values_only=True)]
    assert problems[1] == [4, "性别", rows[3][-1]]
    # corrected in place (the error column stays), the report uploads again as it is
    wb = load_workbook(io.BytesIO(data))
    wb.active["C4"] = "男"
    buf = io.BytesIO()
    wb.save(buf)
    upload(client, buf.getvalue(), "改好的.xlsx")
    assert RosterImport.objects.latest("created_at").status == "valid"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("roster.csv", b"a,b\n", "Upload an Excel workbook"),
    ("roster.xlsx", b"", "The submitted file is empty"),
])
def test_the_upload_form_refuses_other_files(world, name, content, message):
    client = world.client("director")
    client.cookies["django_language"] = "en"
    response = client.post("/people/roster/upload/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(excel, "MAX_BYTES", 1000)
    client = world.client("director")
    client.cookies["django_language"] = "en"
    response = upload(client, bad_book())
    assert response.status_code == 400 and "larger than" in response.content.decode()


def test_a_file_that_is_no_workbook_is_recorded_with_the_reason_and_not_kept(world, media):
    response = upload(world.client("director"), b"PK\x03\x04 not really a zip", "x.xlsx")
    imp = RosterImport.objects.get()
    assert response.status_code == 302 and imp.status == "invalid" and imp.stored_path == ""
    assert imp.errors[0]["code"] == "not_xlsx"
    assert not stored_files(media)


# --- confirm --------------------------------------------------------------------------------------


def test_preview_then_confirm_imports_a_small_file_at_once(world, media):
    client = world.client("director")
    location = upload(client, workbook(good_rows()))["Location"]
    imp = RosterImport.objects.get()
    body = client.get(location).content.decode()
    assert imp.status == "valid" and 'id="roster-confirm"' in body
    assert 'data-count="students_create">2<' in body and "初一3班" in body
    response = client.post(f"{location}confirm/")
    assert response.status_code == 302 and response["Location"] == location
    imp.refresh_from_db()
    assert imp.status == "done" and imp.processed_rows == 2 and imp.finished_at
    assert Student.objects.filter(student_no__in=["2026601", "2026602"]).count() == 2
    assert not default_storage.exists(imp.stored_path), "the upload is deleted once imported"
    assert 'id="roster-done"' in client.get(location).content.decode()
    again = client.post(f"{location}confirm/", follow=True)
    assert Student.objects.filter(student_no__startswith="202660").count() == 2
    assert "alert-danger" in again.content.decode()


def test_a_large_file_runs_as_a_task_with_progress(world, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "ROSTER_INLINE_ROWS", 1)
    monkeypatch.setattr(services, "ROSTER_CHUNK", 1)
    seen: list[int] = []
    write = roster.write_progress

    def record(import_id, percent):
        seen.append(percent)
        write(import_id, percent)

    monkeypatch.setattr(roster, "write_progress", record)
    client = world.client("director")
    location = upload(client, workbook(good_rows()))["Location"]
    imp = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"{location}confirm/")
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == "queued" and len(callbacks) == 1
    page = client.get(location).content.decode()
    assert 'id="roster-progress"' in page and 'hx-trigger="every 1s"' in page and "0%" in page
    partial = client.get(f"{location}progress/", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and 'id="roster-progress"' in partial.content.decode()
    callbacks[0]()  # the worker picks the task up (the immediate backend runs it now)
    imp.refresh_from_db()
    assert imp.status == "done" and Student.objects.filter(student_no__startswith="202660").count() == 2
    assert seen[0] == 0 and seen == sorted(seen) and 50 <= seen[-1] <= 99 and len(set(seen)) > 3
    done = client.get(f"{location}progress/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true", "the page reloads to show the outcome"
    assert not default_storage.exists(roster.progress_name(imp.pk))


def test_a_task_that_fails_records_it_and_writes_nothing(world, monkeypatch):
    client = world.client("director")
    location = upload(client, workbook(good_rows()))["Location"]

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_roster_apply", broken)
    client.post(f"{location}confirm/")
    imp = RosterImport.objects.get()
    assert imp.status == "failed" and imp.errors[0]["code"] == "internal"
    assert not Student.objects.filter(student_no__startswith="202660").exists()
    assert "数据库没有任何改动" in client.get(location).content.decode()


def test_data_changed_since_the_preview_is_caught_at_confirm(world):
    client = world.client("director")
    location = upload(client, workbook(good_rows()))["Location"]
    Student.objects.create(school=world.school, school_class=world.class_a, student_no="2026699", name="后来者",
                           gender="M", id_card=good_rows()[0]["身份证号"])
    client.post(f"{location}confirm/")
    imp = RosterImport.objects.get()
    assert imp.status == "invalid" and [e["code"] for e in imp.errors] == ["id_card_taken"]
    assert not Student.objects.filter(student_no="2026601").exists()


def test_an_import_belongs_to_its_uploader(world):
    upload(world.client("director"), bad_book())
    imp = RosterImport.objects.get()
    for persona in ("admin", "head_teacher_a", "outsider"):
        client = world.client(persona)
        assert client.get(f"/people/roster/imports/{imp.pk}/").status_code == 404
        assert client.get(f"/people/roster/imports/{imp.pk}/errors/").status_code == 404
        assert client.post(f"/people/roster/imports/{imp.pk}/confirm/").status_code == 404


# --- export ---------------------------------------------------------------------------------------


def test_the_export_download_by_class_and_its_log(world):
    client = world.client("head_teacher_a")
    response = client.get("/people/roster/export/", {"school_class": world.class_a.pk})
    assert response["Content-Type"] == XLSX and "attachment" in response["Content-Disposition"]
    rows = read_rows(b"".join(response.streaming_content))
    assert sorted(r[0] for r in rows[1:]) == [world.student_x.student_no, world.student_y.student_no]
    log = AccessLog.objects.latest("pk")
    assert (log.action, log.detail["count"], log.detail["filters"]) == ("export", 2, {"class": world.class_a.pk})
    assert client.get("/people/roster/export/", {"school_class": world.class_b.pk}).status_code == 404
    assert world.client("leader").get("/people/roster/export/", {"school_class": world.class_b.pk}).status_code == 200


def test_an_import_whose_worker_died_is_marked_failed_after_30_minutes(world, django_capture_on_commit_callbacks,
                                                                       monkeypatch):
    import time

    monkeypatch.setattr(services, "ROSTER_INLINE_ROWS", 1)
    client = world.client("director")
    location = upload(client, workbook(good_rows()))["Location"]
    with django_capture_on_commit_callbacks(execute=False):  # the worker never picks it up
        client.post(f"{location}confirm/")
    imp = RosterImport.objects.get()
    assert imp.status == "queued"
    assert 'id="roster-progress"' in client.get(location).content.decode(), "still waiting: not yet stale"
    old = time.time() - services.ROSTER_STALE_AFTER_SECONDS - 5
    roster.write_progress(imp.pk, 0, at=old)
    response = client.get(f"{location}progress/", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    imp.refresh_from_db()
    assert imp.status == "failed" and imp.errors[0]["code"] == "stalled"
    assert "后台任务" in client.get(location).content.decode()
    assert not Student.objects.filter(student_no__startswith="202660").exists()
