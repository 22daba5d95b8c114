"""The roster endpoints: the pages' services and rules over the API (session or token)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xinhuo.core import tokens
from xinhuo.core.masking import mask_id_card
from xinhuo.core.models import AccessLog
from xinhuo.people.models import Student
from xinhuo.people.tests.rosterbook import as_bytes, read_sheet_dicts, student_row, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def book(*extra):
    return workbook([student_row("2026711", "吴一", seq=1, guardians=[("吴父", "父亲", "13700007111")]), *extra])


def post(client, url, wb):
    return client.post(url, {"file": SimpleUploadedFile("r.xlsx", as_bytes(wb), content_type=XLSX)})


def test_validate_reports_and_writes_nothing(world):
    client = world.client("director")
    ok = post(client, "/api/v1/roster/validate/", book())
    assert ok.status_code == 200
    assert ok.json()["ok"] is True and ok.json()["summary"]["students_create"] == 1 and ok.json()["errors"] == []
    bad = post(client, "/api/v1/roster/validate/", book(student_row("2026712", seq=2, 身份证号="123")))
    assert bad.status_code == 200 and bad.json()["ok"] is False
    assert bad.json()["errors"] == [{"row": 3, "column": "身份证号", "code": "id_card_length",
                                     "message": "第3行「身份证号」：应为18位，现在是3位，请核对。"}]
    assert not Student.objects.filter(student_no__startswith="20267").exists()


def test_import_is_all_or_nothing(world):
    client = world.client("director")
    bad = post(client, "/api/v1/roster/import/", book(student_row("2026712", seq=2, 性别="?")))
    assert bad.status_code == 400 and bad.json()["ok"] is False
    assert [(e["row"], e["code"]) for e in bad.json()["errors"]] == [(3, "invalid_gender")]
    assert not Student.objects.filter(student_no__startswith="20267").exists()
    ok = post(client, "/api/v1/roster/import/", book())
    assert ok.status_code == 200 and ok.json()["summary"]["students_create"] == 1
    assert Student.objects.get(student_no="2026711").guardians.get().phone == "13700007111"


def test_a_file_is_required(world):
    response = world.client("director").post("/api/v1/roster/import/", {}, content_type="application/json")
    assert response.status_code == 400 and "file" in response.json()


def test_a_head_teacher_with_a_token_imports_the_own_class_only(world):
    _token, key = tokens.issue(world.users["head_teacher_b"])
    client = Client(headers={"authorization": f"Token {key}"})
    response = post(client, "/api/v1/roster/import/", book())  # 1班 is head_teacher_a's
    assert response.status_code == 400
    assert [(e["row"], e["column"], e["code"]) for e in response.json()["errors"]] == [(2, "班级", "out_of_scope")]
    response = post(client, "/api/v1/roster/import/", workbook([student_row("2026713", seq=3, klass="2班")]))
    assert response.status_code == 200 and Student.objects.get(student_no="2026713").school_class == world.class_b


@pytest.mark.parametrize(("persona", "masked"), [("director", False), ("leader", True)])
def test_export_masks_by_role_and_is_logged(world, persona, masked):
    response = world.client(persona).get("/api/v1/roster/export/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = {r["学号"]: r for r in read_sheet_dicts(b"".join(response.streaming_content))}
    x = world.student_x
    assert rows[x.student_no]["身份证号"] == (mask_id_card(x.id_card) if masked else x.id_card)
    log = AccessLog.objects.latest("pk")
    assert (log.user, log.action, log.detail["count"], log.detail["masked"]) == (
        world.users[persona], "export", 3, masked)


def test_export_of_one_class(world):
    client = world.client("head_teacher_a")
    response = client.get("/api/v1/roster/export/", {"class": world.class_a.pk})
    assert len(read_sheet_dicts(b"".join(response.streaming_content))) == 2
    assert client.get("/api/v1/roster/export/", {"class": world.class_b.pk}).status_code == 404
    assert client.get("/api/v1/roster/export/", {"class": "1班"}).status_code == 400


def test_the_endpoints_are_in_the_schema(world):
    schema = world.client("director").get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/roster/validate/", "/api/v1/roster/import/", "/api/v1/roster/export/"} <= set(schema["paths"])
