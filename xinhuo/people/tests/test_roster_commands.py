"""`python -m xinhuo import-roster` and `export-roster`: exit codes, --json, --dry-run, --template, --school."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xinhuo.core.models import AccessLog, School
from xinhuo.core.tests.helpers import migrated_sqlite
from xinhuo.people.models import Student
from xinhuo.people.tests.rosterbook import read_rows, save, student_row, workbook

REPO = Path(__file__).resolve().parents[3]


def good(tmp_path) -> Path:
    return save(workbook([student_row("2026801", "郑一", seq=1, guardians=[("郑父", "父亲", "13700008011")])]),
                tmp_path / "good.xlsx")


def bad(tmp_path) -> Path:
    return save(workbook([student_row("2026801", "郑一", seq=1), student_row("2026802", seq=2, 年级="大一")]),
                tmp_path / "bad.xlsx")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_errors_are_printed_and_the_exit_code_is_1(world, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import-roster", str(bad(tmp_path)), "--school", "demo", stdout=out)
    assert caught.value.returncode == 1 and "没有导入任何数据" in str(caught.value)
    assert out.getvalue().strip().splitlines() == [
        "第3行「年级」：“大一”不是可识别的年级，请填写本校的年级（初一）。"]
    assert not Student.objects.filter(student_no__startswith="20268").exists()


def test_json_lists_the_problems(world, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-roster", str(bad(tmp_path)), "--school", "demo", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{
        "row": 3, "column": "年级", "code": "unknown_grade",
        "message": "第3行「年级」：“大一”不是可识别的年级，请填写本校的年级（初一）。"}]


def test_dry_run_writes_nothing_then_the_import_does(world, tmp_path):
    out, err = run(str(good(tmp_path)), "--school", "demo", "--dry-run", "--json")
    assert json.loads(out) == [] and "试运行" in err and "新增学生 1" in err
    assert not Student.objects.filter(student_no="2026801").exists()
    out, err = run(str(good(tmp_path)), "--school", "demo")
    assert out == "" and "导入完成" in err
    assert Student.objects.get(student_no="2026801").school == world.school
    out, err = run(str(good(tmp_path)), "--school", "demo")
    assert "未变学生 1" in err


def test_the_school_is_required_when_there_are_several(world, tmp_path):
    with pytest.raises(CommandError, match="--school"):
        run(str(good(tmp_path)))
    with pytest.raises(CommandError, match="没有代码为 nope 的学校"):
        run(str(good(tmp_path)), "--school", "nope")


def test_with_one_school_no_code_is_needed(db, tmp_path):
    school = School.objects.create(name="松林中学", code="songlin")
    run(str(good(tmp_path)))
    student = Student.objects.get(student_no="2026801")
    assert student.school == school and str(student.school_class) == "初一1班", "grade and class created"


def test_template_and_export(world, tmp_path):
    template = tmp_path / "template.xlsx"
    run("--template", str(template))
    assert read_rows(template)[0][:3] == ["学号", "姓名", "性别"]
    exported = tmp_path / "export.xlsx"
    call_command("export-roster", str(exported), "--school", "demo", stderr=io.StringIO())
    rows = read_rows(exported)
    assert len(rows) == 4 and rows[1][4] == world.student_x.id_card
    assert AccessLog.objects.latest("pk").detail["count"] == 3
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "missing.xlsx"), "--school", "demo")


@pytest.mark.own_sqlite
def test_python_m_xinhuo_end_to_end(tmp_path):
    """The real entry point in a fresh var directory: exit codes and --json on stdout."""
    env = {**os.environ, "XINHUO_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "xinhuo.settings"}
    env.pop("DATABASE_URL", None)
    migrated_sqlite(tmp_path / "var" / "xinhuo.sqlite3")  # migrating is tested elsewhere, and takes a minute

    def xinhuo(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "xinhuo", *args], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=120)

    assert xinhuo("migrate", "-v0").returncode == 0
    assert xinhuo("create_school", "--name", "松林中学", "--code", "songlin", "--admin", "boss",
                  "--password", "Pine-Forest-2026").returncode == 0
    template = tmp_path / "t.xlsx"
    assert xinhuo("import-roster", "--template", str(template)).returncode == 0
    failed = xinhuo("import-roster", str(template), "--json")  # the example row is still in it
    assert failed.returncode == 1
    assert [e["code"] for e in json.loads(failed.stdout)] == ["example_row"]
    done = xinhuo("import-roster", str(save(workbook([student_row("S001", "林一", seq=1)]), tmp_path / "g.xlsx")))
    assert done.returncode == 0, done.stderr
    assert "新增学生 1" in done.stderr and "新建班级：初一1班" in done.stderr
    exported = tmp_path / "e.xlsx"
    assert xinhuo("export-roster", str(exported)).returncode == 0
    assert read_rows(exported)[1][:2] == ["S001", "林一"]
