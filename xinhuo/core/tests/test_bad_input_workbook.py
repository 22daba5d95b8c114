"""A workbook that is a zip but not a readable workbook (bad XML in a part, a part missing, not a zip at all) is
refused with "not a readable Excel workbook" on every import — the roster's API and page, the elders' import —
and never answers 500 (issue 21, finding 5)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xinhuo.core import excel
from xinhuo.elders.models import Elder
from xinhuo.people.models import Student
from xinhuo.people.tests.rosterbook import as_bytes, student_row, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNREADABLE = "不是有效的 Excel 工作簿"


def good_roster() -> bytes:
    return as_bytes(workbook([student_row("2026711", "吴一", seq=1, guardians=[("吴父", "父亲", "13700007111")])]))


def rewritten(data: bytes, change) -> bytes:
    """The workbook with each part passed through change(name, bytes) -> bytes | None (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def broken_sheet(data: bytes) -> bytes:
    return rewritten(data, lambda name, body: body.replace(b"</row>", b"</rw>", 1)
                     if name.startswith("xl/worksheets/") else body)


def broken_workbook_part(data: bytes) -> bytes:
    return rewritten(data, lambda name, body: body[: len(body) // 2] if name == "xl/workbook.xml" else body)


def broken_styles(data: bytes) -> bytes:
    return rewritten(data, lambda name, body: b"<styleSheet><<" if name == "xl/styles.xml" else body)


def no_sheet(data: bytes) -> bytes:
    return rewritten(data, lambda name, body: None if name.startswith("xl/worksheets/") else body)


def a_zip_of_text(_data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "你好")
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


BREAKS = [broken_sheet, broken_workbook_part, broken_styles, no_sheet, a_zip_of_text, truncated]


@pytest.mark.parametrize("breaking", BREAKS)
def test_check_workbook_names_an_unreadable_workbook(breaking):
    problem = excel.check_workbook(io.BytesIO(breaking(good_roster())))
    assert problem is not None and UNREADABLE in problem.message


def test_a_good_workbook_passes_the_check():
    assert excel.check_workbook(io.BytesIO(good_roster())) is None


@pytest.mark.parametrize("breaking", BREAKS)
def test_the_roster_api_refuses_an_unreadable_workbook(world, breaking):
    client = world.client("director")
    for url in ("/api/v1/roster/validate/", "/api/v1/roster/import/"):
        r = client.post(url, {"file": SimpleUploadedFile("r.xlsx", breaking(good_roster()), content_type=XLSX)})
        assert r.status_code in (200, 400), (url, r.status_code)
        body = r.json()
        assert body["ok"] is False and UNREADABLE in body["errors"][0]["message"]
    assert not Student.objects.filter(student_no="2026711").exists()


@pytest.mark.parametrize("breaking", BREAKS)
def test_the_roster_page_refuses_an_unreadable_workbook(world, breaking):
    r = world.client("director").post("/people/roster/upload/", {
        "file": SimpleUploadedFile("r.xlsx", breaking(good_roster()), content_type=XLSX)}, follow=True)
    assert r.status_code in (200, 400)
    assert UNREADABLE in r.content.decode()
    assert not Student.objects.filter(student_no="2026711").exists()


@pytest.mark.parametrize("breaking", BREAKS)
def test_the_elder_import_refuses_an_unreadable_workbook(world, breaking):
    before = Elder.objects.count()
    buf = io.BytesIO(breaking(good_roster()))
    buf.name = "五老.xlsx"
    r = world.client("director").post("/elders/import/", {"file": buf}, follow=True)
    assert r.status_code in (200, 400)
    assert UNREADABLE in r.content.decode()
    assert Elder.objects.count() == before
