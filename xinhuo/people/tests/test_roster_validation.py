"""Roster validation (roster.py through roster_validate): a fixture workbook with every kind of bad row,
each reported at its Excel row and column with a Chinese message saying what to do; the file-level
problems; the cell formats that are accepted. Nothing here writes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinhuo.core import excel, idcard
from xinhuo.people import roster
from xinhuo.people.models import Guardian, Student, StudentGuardian
from xinhuo.people.services import roster_validate
from xinhuo.people.tests.rosterbook import HEADERS, as_bytes, born, save, student_row, workbook

GOOD_PHONE = "13600000001"


def validate(world, wb, persona: str = "director", tmp_path=None):
    actor = world.actor(persona)
    return roster_validate(actor=actor, path_or_file=io.BytesIO(as_bytes(wb)))


def bad_rows(world) -> list[tuple[dict | list, str, str, str]]:
    """(row, column, code, a fragment of the message). Each row has exactly this one problem."""
    x = world.student_x
    b13 = born(13, 3, 9)
    with_guardian = {"guardians": [("孙大", "父亲", GOOD_PHONE)]}

    def row(no: str, **kw) -> dict:
        return student_row(no, seq=10 + int(no[-2:]), **{**with_guardian, **kw})

    future = dt.date.today() + dt.timedelta(days=30)
    female_id = idcard.make("320102", b13, 61, male=False)
    id_no_checksum = idcard.make("320102", b13, 63, True)
    wrong_check = id_no_checksum[:17] + ("0" if id_no_checksum[17] != "0" else "1")
    old = born(30, 3, 9)
    return [
        (row("2027201", 姓名=""), "姓名", "required", "不能为空，请填写姓名"),
        (row("2027202", 姓名="张" * 51), "姓名", "too_long", "最多 50 个字"),
        (row("2027203", 性别="男生"), "性别", "invalid_gender", "请填写“男”或“女”"),
        (row("2027204", 出生日期="去年五月"), "出生日期", "invalid_date", "2013-09-01、2013/9/1 或 2013年9月1日"),
        (row("2027205", 入学日期=41518), "入学日期", "number_as_date", "是数字 41518 而不是日期"),
        (row("2027206", 入学日期=future), "入学日期", "future_date", "在今天之后"),
        (row("2027207", 身份证号=1.10101201305011e17), "身份证号", "excel_number", "设置为“文本”"),
        (row("2027208", 身份证号="1.10101E+17"), "身份证号", "excel_number", "被 Excel 存成了数字"),
        (row("2027209", 身份证号="32010220130309123"), "身份证号", "id_card_length", "应为18位，现在是17位"),
        (row("2027210", 身份证号="32010220130309123Y"), "身份证号", "id_card_format", "最后一位为数字或 X"),
        (row("2027211", 身份证号="320102201313451234"), "身份证号", "id_card_date", "不是有效的出生日期"),
        (row("2027212", 身份证号=wrong_check), "身份证号", "id_card_checksum",
         f"最后一位应为 {id_no_checksum[17]}"),
        (row("2027213", 出生日期=b13 + dt.timedelta(days=1)), "身份证号", "id_card_birth_mismatch",
         "与「出生日期」列的"),
        (row("2027214", 身份证号=female_id), "身份证号", "id_card_gender_mismatch", "号码第17位表示女性"),
        (row("2027215", 出生日期=old, 身份证号=idcard.make("320102", old, 65, True)), "出生日期", "implausible_age",
         "不在5–20岁之间"),
        (row("2027216", 入学日期=b13 - dt.timedelta(days=3)), "入学日期", "enrolment_before_birth", "早于出生日期"),
        (row("2027217", guardians=[("孙大", "父亲", "1234567")]), "监护人1手机", "invalid_mobile",
         "以1开头的11位手机号"),
        (row("2027218", guardians=[("孙大", "父亲", 13600000001)]), "监护人1手机", "excel_number",
         "手机号被 Excel 存成了数字"),
        (row("2027219", guardians=[("孙大", "舅舅", GOOD_PHONE)]), "监护人1关系", "invalid_relation",
         "不是可选的关系"),
        (row("2027220", guardians=[("", "母亲", "13600000002")]), "监护人1姓名", "required", "请同时填写监护人1的姓名"),
        (row("2027221", guardians=[("孙大", "", GOOD_PHONE)]), "监护人1关系", "required", "与学生的关系"),
        (row("2027222", guardians=[("孙大", "父亲", GOOD_PHONE), ("孙大", "其他监护人", "136-0000-0001")]),
         "监护人2手机", "duplicate_guardian", "与监护人1的手机号相同"),
        (row("2027223", guardians=[("钱多", "父亲", GOOD_PHONE)]), "监护人1手机", "phone_name_conflict",
         "在第2行属于“孙大”"),
        (row("2027224", guardians=[("李四", "父亲", world.guardian_x.phone)]), "监护人1手机", "phone_name_conflict",
         f"已登记在本校“{world.guardian_x.name}”名下"),
        (row("2027225", 出生日期=x.birth_date, 身份证号=x.id_card), "身份证号", "id_card_taken",
         f"已属于本校学号为 {x.student_no} 的学生"),
        (row("2027226", 年级="初四"), "年级", "unknown_grade", "不是可识别的年级"),
        (row("2027227", 班级="火箭班"), "班级", "invalid_class", "请写班号"),
        (row("2027228", 年级=""), "年级", "required", "取消合并"),
        (row("2027229", 学号="2026201"), "学号", "duplicate_student_no", "与第2行重复"),
        (row("2027230", 身份证号=None, **{"学号": "示例0001"}), "学号", "example_row", "示例行"),
        (row("2027231", 学号="9" * 31), "学号", "too_long", "最多 30 个字"),
        (student_row(x.student_no, x.name, age=13, 出生日期=x.birth_date, 身份证号="110101********9999",
                     家庭住址=x.address, guardians=[]), "身份证号", "masked_value", "打码"),
        ([*[student_row("2027232", seq=72).get(h) for h in HEADERS], None, "多出来的"], "T列",
         "data_without_header", "没有表头"),
    ]


@pytest.fixture
def fixture_book(world):
    good = [
        student_row("2026201", "孙小一", seq=1, guardians=[("孙大", "父亲", GOOD_PHONE)]),  # row 2
        student_row("2026202", "孙小二", seq=2, klass="3班", guardians=[("周红", "母亲", "+86 136 0000 0009")]),
    ]
    cases = bad_rows(world)
    # the duplicate-ID row copies row 2's number: same person twice under two student numbers
    dup_id = student_row("2026299", "孙小一", seq=1, guardians=[])
    cases.append((dup_id, "身份证号", "duplicate_id_card", "与第2行的身份证号相同"))
    return workbook(good + [c[0] for c in cases]), cases


def test_every_bad_row_is_reported_at_its_row_and_column(world, fixture_book):
    wb, cases = fixture_book
    assert len({code for _r, _c, code, _m in cases}) >= 20
    report = validate(world, wb)
    by_row: dict[int, list] = {}
    for e in report.errors:
        by_row.setdefault(e.row, []).append(e)
    for i, (_row, column, code, fragment) in enumerate(cases):
        row_no = i + 4  # header on row 1, two good rows
        got = by_row.get(row_no, [])
        assert [(e.column, e.code) for e in got] == [(column, code)], f"row {row_no}: {[e.message for e in got]}"
        message = got[0].message
        assert message.startswith(f"第{row_no}行「{column}」："), message
        assert fragment in message, message
        assert "请" in message, f"row {row_no} does not say what to do: {message}"
    assert not by_row.get(2) and not by_row.get(3), "the good rows have no problem"
    assert set(by_row) == {i + 4 for i in range(len(cases))}
    # every problem has the four keys the CLI's --json and the API print
    assert all(set(e) == {"row", "column", "code", "message"} for e in report.errors_as_dicts())


def test_the_fixture_workbook_writes_nothing_and_plans_the_missing_class(world, fixture_book):
    wb, _cases = fixture_book
    before = (Student.objects.count(), Guardian.objects.count(), StudentGuardian.objects.count())
    report = validate(world, wb)
    assert not report.ok
    assert report.summary()["classes_to_create"] == ["初一3班"]
    assert (Student.objects.count(), Guardian.objects.count(), StudentGuardian.objects.count()) == before


def test_a_head_teacher_gets_errors_for_other_classes_and_missing_classes(world):
    wb = workbook([
        student_row("2026301", seq=1, klass="1班"),
        student_row("2026302", seq=2, klass="2班"),
        student_row("2026303", seq=3, klass="3班"),
        student_row(world.student_z.student_no, world.student_z.name, seq=4, klass="1班"),
    ])
    report = validate(world, wb, "head_teacher_a")
    got = [(e.row, e.column, e.code) for e in report.errors]
    assert got == [(3, "班级", "out_of_scope"), (4, "班级", "class_missing"), (5, "学号", "out_of_scope")]
    assert "不是您担任班主任的班级" in report.errors[0].message
    assert "请先请管理员在“学校结构”中创建" in report.errors[1].message
    # the same file is fine for the director, who may create 3班
    assert validate(world, wb).ok


def test_messages_for_a_head_teacher_do_not_name_other_peoples_records(world):
    wb = workbook([
        student_row("2026301", seq=1, 出生日期=world.student_z.birth_date, 身份证号=world.student_z.id_card,
                    guardians=[("李四", "父亲", world.guardian_z.phone)]),
    ])
    report = validate(world, wb, "head_teacher_a")
    text = " ".join(e.message for e in report.errors)
    assert {e.code for e in report.errors} == {"id_card_taken", "phone_name_conflict"}
    assert world.student_z.student_no not in text and world.guardian_z.name not in text


# --- the file as a whole ------------------------------------------------------------------------


def codes(report) -> list[tuple]:
    return [(e.row, e.column, e.code) for e in report.errors]


def test_not_a_workbook(world):
    actor = world.actor("director")
    report = roster_validate(actor=actor, path_or_file=io.BytesIO("学号,姓名\n1,张三\n".encode()))
    assert codes(report) == [(None, "", "not_xlsx")]
    assert "另存为" in report.errors[0].message
    xls = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    report = roster_validate(actor=actor, path_or_file=xls)
    assert codes(report) == [(None, "", "xls_format")] and ".xls" in report.errors[0].message
    broken = io.BytesIO(b"PK\x03\x04 this is no zip")
    assert codes(roster_validate(actor=actor, path_or_file=broken)) == [(None, "", "not_xlsx")]


def test_file_and_row_limits(world, monkeypatch):
    rows = [student_row(f"20264{i:02d}", seq=i) for i in range(1, 6)]
    monkeypatch.setattr(excel, "MAX_BYTES", 2000)
    report = validate(world, workbook(rows))
    assert codes(report) == [(None, "", "too_large")] and "上限" in report.errors[0].message
    monkeypatch.setattr(excel, "MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setattr(roster, "MAX_ROWS", 4)
    report = validate(world, workbook(rows))
    assert codes(report) == [(None, "", "too_many_rows")] and "分成几个文件" in report.errors[0].message


def test_empty_sheet_and_header_without_rows(world):
    from openpyxl import Workbook

    assert codes(validate(world, Workbook())) == [(None, "", "empty_sheet")]
    assert codes(validate(world, workbook([]))) == [(None, "", "empty_sheet")]
    no_header = workbook([], header=["名字", "班"])
    no_header.active.append(["张三", "1班"])
    assert codes(validate(world, no_header)) == [(None, "", "no_header")]


def test_blank_merged_duplicate_unknown_and_missing_columns(world):
    header = ["学号", "姓名", None, "性别", "年级", "姓名", "爱好", "监护人4姓名"]
    wb = workbook([["2026401", "张三", None, "男", "初一", "张三", "足球", "王五"]], header=header)
    wb.active.merge_cells("B1:C1")  # a merged header cell reads as a blank one
    report = validate(world, wb)
    assert codes(report) == [
        (1, "C列", "blank_header"), (1, "姓名", "duplicate_header"), (1, "爱好", "unknown_column"),
        (1, "班级", "missing_column"), (1, "监护人4关系", "missing_column"),
    ], "a missing column is reported once, at the header, not again on every row"
    messages = [e.message for e in report.errors]
    assert "合并单元格" in messages[0]
    assert "B 列和 F 列" in messages[1]
    assert "不是模板中的列" in messages[2]
    assert messages[3] == "第1行「班级」：缺少这一必填列，请按导入模板添加该列。"
    assert messages[4] == ("第1行「监护人4关系」：有「监护人4」的其他列，但缺少「监护人4关系」、「监护人4手机」列，"
                           "请按模板补齐。")


def test_title_rows_aliases_ignored_columns_and_the_error_report_column(world):
    header = ["序号", "学号", "学生姓名", "性别", "身份证号码", "年级", "班级", "监护人1姓名", "监护人1关系",
              "监护人1电话", "错误原因"]
    b = born(12, 3, 9)
    wb = workbook([[1, "2026501", "王小五", "女", idcard.make("320102", b, 8, False).lower(), "七年级", "（1）班",
                    "王爸", "爸爸", "+86 139-0000-0005", "以前的问题"]],
                  header=header, title_rows=[["薪火实验中学 2026 级学生名册"], []])
    report = validate(world, wb)
    assert report.ok, [e.message for e in report.errors]
    plan = report.plan
    [new] = plan.new_students
    assert new.row.row == 4 and new.class_ref == world.class_a.pk  # 七年级 is level 7: the school's 初一
    assert new.row.id_card.endswith(new.row.id_card[-1].upper()) and new.row.birth_date == b
    assert plan.new_guardians == {next(iter(plan.new_guardians)): ("王爸", "13900000005")}
    assert plan.new_links[0].relation == StudentGuardian.Relation.FATHER and plan.new_links[0].is_primary


@pytest.mark.parametrize(("cell", "expected"), [
    ("2013-09-01", dt.date(2013, 9, 1)),
    ("2013/9/1", dt.date(2013, 9, 1)),
    ("2013年9月1日", dt.date(2013, 9, 1)),
    ("2013.9.1", dt.date(2013, 9, 1)),
    ("２０１３－０９－０１", dt.date(2013, 9, 1)),  # full-width, as some input methods type
    ("20130901", dt.date(2013, 9, 1)),
    (dt.datetime(2013, 9, 1, 0, 0), dt.date(2013, 9, 1)),  # an Excel date cell
    (dt.date(2013, 9, 1), dt.date(2013, 9, 1)),
])
def test_date_spellings(cell, expected):
    assert excel.parse_date(cell) == (expected, "")


@pytest.mark.parametrize(("cell", "code"), [("2013-02-30", "invalid_date"), ("九月一日", "invalid_date"),
                                             (41518, "number_as_date"), (41518.0, "number_as_date")])
def test_bad_dates(cell, code):
    assert excel.parse_date(cell) == (None, code)


@pytest.mark.parametrize(("cell", "number"), [
    ("1班", 1), ("1", 1), ("01", 1), ("（2）班", 2), ("(12)班", 12), ("初一3班", 3), ("十二班", 12), ("三班", 3),
    ("十班", 10), ("火箭班", None), ("0", None), ("", None),
])
def test_class_spellings(cell, number):
    assert roster.class_number(cell, "初一") == number


# --- the ID-card check, as the roster applies it -----------------------------------------------------


def reference_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 by its own formula (weights 2^(17-i) mod 11), not idcard.py's tables."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@st.composite
def student_numbers(draw) -> tuple[str, dt.date, str]:
    """A valid number of a student aged 6 to 19, with the gender its 17th digit says."""
    today = dt.date.today()
    b = draw(st.dates(min_value=dt.date(today.year - 19, 1, 1), max_value=dt.date(today.year - 7, 12, 31)))
    region = draw(st.from_regex(r"[1-6][0-9]{5}", fullmatch=True))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{b:%Y%m%d}{seq:03d}"
    return first17 + reference_check(first17), b, "男" if seq % 2 else "女"


def id_row(number, b, gender) -> tuple[roster.RowIn, list[excel.RowError]]:
    layout, errors = roster.parse_header(1, tuple(HEADERS))
    assert not errors
    cells = {"学号": "1", "姓名": "张三", "性别": gender, "出生日期": b, "身份证号": number, "年级": "初一",
             "班级": "1班"}
    errors = []
    r = roster.parse_row(2, tuple(cells.get(h) for h in HEADERS), layout, errors)
    return r, errors


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(student_numbers(), st.booleans())
def test_any_valid_student_number_is_accepted_and_stored_upper_case(case, lower):
    number, b, gender = case
    r, errors = id_row(number.lower() if lower else number, b, gender)
    assert errors == [] and r.id_card == number.upper()


@settings(max_examples=150)
@given(student_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_is_refused_with_a_reason(case, position, char):
    number, b, gender = case
    changed = number[:position] + char + number[position + 1:]
    if changed == number:
        return
    r, errors = id_row(changed, b, gender)
    assert r.id_card == "" and errors, changed
    assert errors[0].code in {"id_card_format", "id_card_date", "id_card_checksum", "id_card_birth_mismatch",
                              "id_card_gender_mismatch", "implausible_age"}, errors[0]
    assert errors[0].row == 2 and errors[0].column in ("身份证号", "出生日期")


def test_a_masked_id_matching_the_record_means_unchanged(world, tmp_path):
    from xinhuo.core.masking import mask_address, mask_id_card

    x = world.student_x
    wb = workbook([student_row(x.student_no, x.name, 出生日期=x.birth_date, 身份证号=mask_id_card(x.id_card),
                               家庭住址=mask_address(x.address), 入学日期=None,
                               guardians=[(world.guardian_x.name, "父亲", "138****5678")])])
    report = roster_validate(actor=world.actor("head_teacher_a"),
                             path_or_file=save(wb, tmp_path / "m.xlsx"))
    assert report.ok, [e.message for e in report.errors]
    assert report.summary()["students_unchanged"] == 1
