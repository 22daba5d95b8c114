"""Roster export: the template's format, the actor's classes, masking unless the role sees full values,
an access-log row per export, and a round trip (export → import) that changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xinhuo.core.masking import mask_address, mask_id_card, mask_phone
from xinhuo.core.models import AccessLog
from xinhuo.people import services
from xinhuo.people.models import Guardian, Student, StudentGuardian
from xinhuo.people.roster import headers
from xinhuo.people.tests.rosterbook import read_sheet_dicts
from xinhuo.people.tests.test_roster_import import snapshot


def export(world, persona: str, **filters) -> tuple[bytes, dict]:
    buf = io.BytesIO()
    detail = services.roster_export(actor=world.actor(persona), out=buf, **filters)
    return buf.getvalue(), detail


def by_no(data: bytes) -> dict[str, dict]:
    return {row["学号"]: row for row in read_sheet_dicts(data)}


def test_the_director_exports_every_class_with_full_values_in_the_template_format(world):
    data, detail = export(world, "director")
    rows = by_no(data)
    assert set(rows) == {world.student_x.student_no, world.student_y.student_no, world.student_z.student_no}
    x = rows[world.student_x.student_no]
    assert (x["姓名"], x["性别"], x["年级"], x["班级"]) == (world.student_x.name, "男", "初一", "1班")
    assert x["身份证号"] == world.student_x.id_card and x["家庭住址"] == world.student_x.address
    assert (x["监护人1姓名"], x["监护人1关系"], x["监护人1手机"]) == ("张大明", "父亲", "13812345678")
    assert (x["监护人2姓名"], x["监护人2关系"], x["监护人2手机"]) == ("刘芳", "母亲", "13912345678")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert [c.value for c in ws[1]] == headers(3)
    assert ws["E2"].number_format == "@" and ws["L2"].number_format == "@", "ID and phone cells are text"
    assert isinstance(ws["D2"].value, dt.datetime) and ws["D2"].number_format == "yyyy-mm-dd"
    assert detail == {"filters": {}, "count": 3, "guardians": 3, "masked": False, "format": "xlsx"}


@pytest.mark.parametrize(("persona", "students"), [
    ("leader", {"student_x", "student_y", "student_z"}),
    ("head_teacher_a", {"student_x", "student_y"}),
    ("head_teacher_b", {"student_z"}),
])
def test_other_roles_get_their_classes_masked(world, persona, students):
    data, detail = export(world, persona)
    rows = by_no(data)
    assert set(rows) == {getattr(world, s).student_no for s in students}
    for s in students:
        student = getattr(world, s)
        row = rows[student.student_no]
        assert row["身份证号"] == mask_id_card(student.id_card) and row["家庭住址"] == mask_address(student.address)
        for n, link in enumerate(student.guardian_links.order_by("-is_primary", "pk"), start=1):
            assert row[f"监护人{n}手机"] == mask_phone(link.guardian.phone)
    assert detail["masked"] is True


def test_every_export_writes_an_access_log_row_with_the_filter_and_count(world):
    before = AccessLog.objects.count()
    export(world, "head_teacher_a")
    export(world, "director", school_class=world.class_b.pk)
    logs = list(AccessLog.objects.order_by("pk")[before:])
    assert [(log.user, log.action, log.object_type) for log in logs] == [
        (world.users["head_teacher_a"], "export", "student"), (world.users["director"], "export", "student")]
    assert logs[0].detail["count"] == 2 and logs[0].detail["filters"] == {} and logs[0].detail["masked"]
    assert logs[1].detail["count"] == 1 and logs[1].detail["filters"] == {"class": world.class_b.pk}
    assert logs[1].school == world.school


def test_more_guardians_get_more_columns_and_only_enrolled_students_are_exported(world):
    for i in range(3):
        g = Guardian.objects.create(school=world.school, name=f"亲属{i}", phone=f"1370000000{i}")
        StudentGuardian.objects.create(student=world.student_x, guardian=g, relation="other_relative")
    Student.objects.filter(pk=world.student_y.pk).update(status=Student.Status.TRANSFERRED)
    data, _detail = export(world, "admin")
    rows = by_no(data)
    assert world.student_y.student_no not in rows
    assert rows[world.student_x.student_no]["监护人5姓名"] == "亲属2"
    assert list(read_sheet_dicts(data)[0])[-3:] == ["监护人5姓名", "监护人5关系", "监护人5手机"]


@pytest.mark.parametrize("persona", ["director", "admin"])
def test_a_full_export_imports_back_unchanged(world, tmp_path, persona):
    data, _detail = export(world, persona)
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    before = snapshot(world.school)
    report = services.roster_import(actor=world.actor(persona), path_or_file=path)
    assert report.summary()["students_unchanged"] == 3 and report.summary()["rows"] == 3
    assert snapshot(world.school) == before, "no change and no audit entry"


def test_a_head_teachers_masked_export_imports_back_unchanged_for_them(world, tmp_path):
    data, _detail = export(world, "head_teacher_a")
    path = tmp_path / "mine.xlsx"
    path.write_bytes(data)
    before = snapshot(world.school)
    report = services.roster_import(actor=world.actor("head_teacher_a"), path_or_file=path)
    assert report.ok and report.summary()["students_unchanged"] == 2
    assert snapshot(world.school) == before


def test_the_command_line_export_has_full_values_and_is_logged(world, tmp_path):
    path = tmp_path / "cli.xlsx"
    with open(path, "wb") as out:
        detail = services.roster_export(actor=None, out=out, school=world.other)
    rows = by_no(path.read_bytes())
    assert list(rows) == [world.other_student.student_no]
    assert rows[world.other_student.student_no]["身份证号"] == world.other_student.id_card
    log = AccessLog.objects.latest("pk")
    assert (log.user, log.school, log.action, log.detail["source"]) == (None, world.other, "export", "command line")
    assert detail["count"] == 1 and not detail["masked"]
