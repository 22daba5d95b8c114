"""The committee's roster workbook: its columns, a streaming reader, row validation and the plan of an import.

Nothing here writes to the database: services.py calls `read_workbook` (pass 1: the file, cell by
cell, in openpyxl's read-only mode so memory stays flat), then `plan_import` (pass 2: the rows
against the school's data), and applies the plan itself.

Validation messages are Chinese on purpose, not translated: they talk about the Chinese
workbook's own columns and values (学号, 男/女, 2013年9月1日) to the teacher who fixes the file,
and each one names the row, the column and what to do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from xinhuo.core import excel, idcard
from xinhuo.core.chinese import chinese_date
from xinhuo.core.crypto import id_card_index, phone_index
from xinhuo.core.excel import (
    MAX_BYTES,
    UPLOAD_DIR,
    Column,
    HeaderScan,
    RowError,
    Source,
    as_text,
    check_workbook,
    date_cell,
    delete_upload,
    error,
    is_masked,
    nfkc,
    number_shown,
    stored_as_number,
)
from xinhuo.core.masking import mask_address, mask_id_card, mask_phone
from xinhuo.core.models import Grade, School, SchoolClass, User
from xinhuo.core.validators import clean_mobile

from .models import Guardian, Student, StudentGuardian

MAX_ROWS = 10_000
MIN_AGE, MAX_AGE = 5, 20
TEMPLATE_GUARDIANS = 3
EXAMPLE_STUDENT_NO = "示例0001"

Progress = Callable[[str, int, int], None]  # (phase "read" | "write", done, total)


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# --- the columns ------------------------------------------------------------------------------


STUDENT_COLUMNS = (
    Column("学号", "student_no", True, _max_length(Student, "student_no")),
    Column("姓名", "name", True, _max_length(Student, "name")),
    Column("性别", "gender", True),
    Column("出生日期", "birth_date"),
    Column("身份证号", "id_card"),
    Column("年级", "grade", True, _max_length(Grade, "name")),
    Column("班级", "class", True, _max_length(SchoolClass, "name")),
    Column("入学日期", "enrolment_date"),
    Column("家庭住址", "address", False, _max_length(Student, "address")),
)
BY_HEADER = {c.header: c for c in STUDENT_COLUMNS}
BY_KEY = {c.key: c for c in STUDENT_COLUMNS}
GUARDIAN_PARTS = {"姓名": "name", "关系": "relation", "手机": "phone"}
GUARDIAN_HEADER = re.compile(r"^监护人(\d{1,2})(姓名|关系|手机)$")
GUARDIAN_NAME_MAX = _max_length(Guardian, "name")
# Other spellings schools use for the same columns.
ALIASES = {
    "身份证号码": "身份证号", "身份证": "身份证号", "出生年月日": "出生日期", "家庭地址": "家庭住址",
    "住址": "家庭住址", "入学时间": "入学日期", "学生姓名": "姓名",
}
GUARDIAN_ALIASES = {"电话": "手机", "手机号": "手机", "手机号码": "手机", "联系电话": "手机", "与学生关系": "关系"}
# row numbers people add, and the error report's own column (a corrected report can be uploaded again)
IGNORED_HEADERS = {"序号", "编号", excel.ERROR_COLUMN}
TEXT_COLUMNS = {"学号", "身份证号"}  # formatted as text (@) in the template and exports

GENDERS = {"男": "M", "女": "F"}
GENDER_LABELS = {v: k for k, v in GENDERS.items()}
R = StudentGuardian.Relation
RELATIONS = {
    "父亲": R.FATHER, "母亲": R.MOTHER, "爷爷": R.GRANDFATHER, "奶奶": R.GRANDMOTHER,
    "外公": R.MATERNAL_GRANDFATHER, "外婆": R.MATERNAL_GRANDMOTHER, "其他亲属": R.OTHER_RELATIVE,
    "其他监护人": R.OTHER,
}
RELATION_LABELS = {v: k for k, v in RELATIONS.items()}
RELATION_SYNONYMS = {
    "父": R.FATHER, "爸爸": R.FATHER, "母": R.MOTHER, "妈妈": R.MOTHER, "祖父": R.GRANDFATHER,
    "祖母": R.GRANDMOTHER, "外祖父": R.MATERNAL_GRANDFATHER, "外祖母": R.MATERNAL_GRANDMOTHER,
}
RELATION_CHOICES = "、".join(RELATIONS)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
GRADE_LEVELS: dict[str, int] = {
    **{f"{cn}年级": n for cn, n in _CN_DIGITS.items()},
    **{f"{n}年级": n for n in range(1, 10)},
    "初一": 7, "初二": 8, "初三": 9, "高一": 10, "高二": 11, "高三": 12,
}
KNOWN_GRADES = "一年级…六年级、初一…初三（或七年级…九年级）、高一…高三"


def guardian_headers(n: int) -> list[str]:
    return [f"监护人{n}{part}" for part in GUARDIAN_PARTS]


def headers(guardians: int = TEMPLATE_GUARDIANS) -> list[str]:
    out = [c.header for c in STUDENT_COLUMNS]
    for n in range(1, guardians + 1):
        out += guardian_headers(n)
    return out


def is_text_column(header: str) -> bool:
    return header in TEXT_COLUMNS or header.endswith("手机")


# --- the plan and the report -----------------------------------------------------------------


@dataclass
class Plan:
    """What an import will do; every row ends in exactly one of create / update / unchanged."""

    grades: dict[int, str] = field(default_factory=dict)  # level -> name, to create
    grade_names: dict[int, str] = field(default_factory=dict)  # level -> name, of each class to create
    classes: dict[tuple[int, int], str] = field(default_factory=dict)  # (level, number) -> name, to create
    new_students: list[NewStudent] = field(default_factory=list)
    updates: list[tuple[Student, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    new_guardians: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (name, phone)
    guardian_updates: dict[int, tuple[Guardian, str]] = field(default_factory=dict)  # pk -> (guardian, new phone)
    new_links: list[NewLink] = field(default_factory=list)
    link_updates: list[tuple[StudentGuardian, str]] = field(default_factory=list)  # (link, new relation)

    def class_labels(self) -> list[str]:
        return [f"{self.grade_names.get(level, '')}{name}" for (level, _n), name in sorted(self.classes.items())]

    def counts(self) -> dict[str, int]:
        return {
            "students_create": len(self.new_students), "students_update": len(self.updates),
            "students_unchanged": self.unchanged, "guardians_create": len(self.new_guardians),
            "guardians_update": len(self.guardian_updates), "links_add": len(self.new_links),
            "links_update": len(self.link_updates), "grades_create": len(self.grades),
            "classes_create": len(self.classes),
        }


@dataclass
class Report:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        out: dict[str, Any] = {"rows": self.rows, "errors": len(self.errors)}
        if self.plan is not None:
            out.update(self.plan.counts())
            out["classes_to_create"] = self.plan.class_labels()
        return out

    def errors_as_dicts(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]


class RosterInvalid(ValidationError):
    """Raised by the import service when the workbook has errors; nothing was written."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__([e.message for e in report.errors[:20]] or ["invalid roster"], code="roster_invalid")


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- the header -------------------------------------------------------------------------------


@dataclass
class Layout:
    header_row: int
    columns: dict[int, str | tuple[int, str]]  # cell index -> student key, or (guardian number, part)
    headers: dict[int, str]  # cell index -> the header as written (canonical form)
    guardians: list[int]  # guardian numbers present
    present: set[str]  # student keys present
    width: int  # cells up to the last non-blank header


def _clean_header(value: Any) -> str:
    text = nfkc(as_text(value))
    text = re.sub(r"\s+", "", text).strip("*＊")
    if text in ALIASES:
        return ALIASES[text]
    m = re.match(r"^监护人(\d{1,2})(.+)$", text)
    if m and m[2] in GUARDIAN_ALIASES:
        return f"监护人{m[1]}{GUARDIAN_ALIASES[m[2]]}"
    return text


def _looks_like_header(row: tuple) -> bool:
    cleaned = {_clean_header(v) for v in row if v is not None}
    return "学号" in cleaned and "姓名" in cleaned


def parse_header(row_no: int, row: tuple) -> tuple[Layout, list[RowError]]:
    errors: list[RowError] = []
    cells = [_clean_header(v) for v in row]
    layout = Layout(row_no, {}, {}, [], set(), excel.header_width(cells))
    parts: dict[int, set[str]] = {}
    for i, h in excel.named_columns(row_no, cells, IGNORED_HEADERS, errors):
        layout.headers[i] = h
        if h in BY_HEADER:
            layout.columns[i] = BY_HEADER[h].key
            layout.present.add(BY_HEADER[h].key)
            continue
        m = GUARDIAN_HEADER.match(h)
        if m and int(m[1]) >= 1:
            n = int(m[1])
            layout.columns[i] = (n, GUARDIAN_PARTS[m[2]])
            parts.setdefault(n, set()).add(m[2])
            continue
        errors.append(excel.unknown_column(row_no, i, h, f"{'、'.join(headers(1))}、监护人2姓名……"))
    excel.missing_columns(row_no, STUDENT_COLUMNS, layout.present, errors)
    for n in sorted(parts):
        missing = [p for p in GUARDIAN_PARTS if p not in parts[n]]
        if missing:
            errors.append(error(row_no, f"监护人{n}{missing[0]}", "missing_column",
                                f"有「监护人{n}」的其他列，但缺少"
                                f"{'、'.join(f'「监护人{n}{p}」' for p in missing)}列，请按模板补齐。"))
        else:
            layout.guardians.append(n)
    return layout, errors


# --- rows -------------------------------------------------------------------------------------


@dataclass
class GuardianIn:
    n: int
    name: str
    relation: str
    phone: str = ""  # normalised mobile number
    masked_phone: str = ""  # a masked cell (from a masked export)

    @property
    def column(self) -> str:
        return f"监护人{self.n}"


@dataclass
class RowIn:
    row: int
    student_no: str = ""
    name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    birth_from_id: bool = False
    id_card: str = ""
    masked_id_card: str = ""
    grade: str = ""
    class_text: str = ""
    enrolment_date: dt.date | None = None
    address: str = ""
    masked_address: str = ""
    guardians: list[GuardianIn] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)  # keys whose cell failed; pass 2 skips checks that need them


def _required_message(column: Column) -> str:
    hint = "（如果这一列用了合并单元格，请取消合并，在每一行都填写）" if column.key in ("grade", "class") else ""
    return f"不能为空，请填写{column.header}{hint}。"


def _text_cell(r: RowIn, column: Column, value: Any, layout: Layout, errors: list[RowError]) -> str:
    text = as_text(value)
    if column.key in ("student_no", "class", "grade"):
        text = nfkc(text).strip()
    if not text:
        if column.required and column.key not in layout.present:
            r.bad.add(column.key)  # the whole column is missing: said once, at the header
        elif column.required:
            errors.append(error(r.row, column.header, "required", _required_message(column)))
            r.bad.add(column.key)
        return ""
    if excel.over_length(r.row, column.header, text, column.max_length, errors):
        r.bad.add(column.key)
    return text


def _id_card_cell(r: RowIn, value: Any, errors: list[RowError]) -> None:
    col = "身份证号"
    if value is None or as_text(value) == "":
        return
    if stored_as_number(value):
        errors.append(error(r.row, col, "excel_number",
                            f"被 Excel 存成了数字（显示为 {number_shown(value)}，末几位可能已变成 0），"
                            "请把这一列的单元格格式设置为“文本”，再重新输入完整的18位号码。"))
        r.bad.add("id_card")
        return
    text = re.sub(r"[\s-]", "", nfkc(str(value))).upper()
    if is_masked(text):
        r.masked_id_card = text
        return
    born = idcard.birth_date(text) if len(text) == 18 else None
    if len(text) != 18:
        errors.append(error(r.row, col, "id_card_length", f"应为18位，现在是{len(text)}位，请核对。"))
    elif not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        errors.append(error(r.row, col, "id_card_format", "前17位应为数字，最后一位为数字或 X，请核对。"))
    elif born is None or born > timezone.localdate():
        errors.append(error(r.row, col, "id_card_date", f"第7–14位（{text[6:14]}）不是有效的出生日期，请核对号码。"))
    elif idcard.check_char(text[:17]) != text[17]:
        errors.append(error(r.row, col, "id_card_checksum",
                            f"校验位不对：按 GB 11643 计算最后一位应为 {idcard.check_char(text[:17])}，"
                            f"现在是 {text[17]}，请核对是否抄错。"))
    else:
        r.id_card = text
        return
    r.bad.add("id_card")


def _date_cell(r: RowIn, column: Column, value: Any, errors: list[RowError]) -> dt.date | None:
    day, bad = date_cell(r.row, column.header, value, errors)
    if bad:
        r.bad.add(column.key)
    return day


def _phone_cell(r: RowIn, g: GuardianIn, value: Any, errors: list[RowError]) -> None:
    col = f"{g.column}手机"
    if value is None or as_text(value) == "":
        return
    if stored_as_number(value):
        errors.append(error(r.row, col, "excel_number",
                            f"手机号被 Excel 存成了数字（{number_shown(value)}），请把这一列的单元格格式设置为“文本”，"
                            "再重新输入手机号。"))
        r.bad.add(col)
        return
    text = nfkc(str(value)).strip()
    if is_masked(text):
        g.masked_phone = text.replace(" ", "")
        return
    try:
        g.phone = clean_mobile(text)
    except ValidationError:
        errors.append(error(r.row, col, "invalid_mobile",
                            f"“{text}”不是有效的手机号，请填写以1开头的11位手机号（可带空格、短横线或 +86）。"))
        r.bad.add(col)


def parse_row(row_no: int, cells: tuple, layout: Layout, errors: list[RowError]) -> RowIn:
    r = RowIn(row_no)
    values: dict[str, Any] = {}
    guardian_cells: dict[int, dict[str, Any]] = {n: {} for n in layout.guardians}
    for i, key in layout.columns.items():
        value = cells[i] if i < len(cells) else None
        if isinstance(key, tuple):
            if key[0] in guardian_cells:
                guardian_cells[key[0]][key[1]] = value
        else:
            values[key] = value

    def col(key: str) -> Column:
        return BY_KEY[key]

    r.student_no = _text_cell(r, col("student_no"), values.get("student_no"), layout, errors)
    if r.student_no == EXAMPLE_STUDENT_NO:
        errors.append(error(row_no, "学号", "example_row", "这是导入模板中的示例行，请删除这一行后再导入。"))
        r.bad.add("student_no")
    r.name = _text_cell(r, col("name"), values.get("name"), layout, errors)
    gender_text = _text_cell(r, col("gender"), values.get("gender"), layout, errors)
    if gender_text:
        if gender_text in GENDERS:
            r.gender = GENDERS[gender_text]
        else:
            errors.append(error(row_no, "性别", "invalid_gender", f"现在是“{gender_text}”，请填写“男”或“女”。"))
            r.bad.add("gender")
    if "birth_date" in layout.present:
        r.birth_date = _date_cell(r, col("birth_date"), values.get("birth_date"), errors)
    if "id_card" in layout.present:
        _id_card_cell(r, values.get("id_card"), errors)
    r.grade = _text_cell(r, col("grade"), values.get("grade"), layout, errors)
    r.class_text = _text_cell(r, col("class"), values.get("class"), layout, errors)
    if "enrolment_date" in layout.present:
        r.enrolment_date = _date_cell(r, col("enrolment_date"), values.get("enrolment_date"), errors)
    if "address" in layout.present:
        address = _text_cell(r, col("address"), values.get("address"), layout, errors)
        if is_masked(address):
            r.masked_address = address
        else:
            r.address = address
    _check_id_card_against_columns(r, errors)
    _check_dates(r, errors)
    for n in layout.guardians:
        _parse_guardian(r, n, guardian_cells[n], errors)
    return r


def _check_id_card_against_columns(r: RowIn, errors: list[RowError]) -> None:
    if not r.id_card:
        return
    from_id = idcard.birth_date(r.id_card)
    assert from_id is not None
    if r.birth_date and r.birth_date != from_id:
        errors.append(error(r.row, "身份证号", "id_card_birth_mismatch",
                            f"号码中的出生日期是{chinese_date(from_id)}，与「出生日期」列的{chinese_date(r.birth_date)}不一致，"
                            "请核对其中之一。"))
        r.bad.add("id_card")
    elif r.birth_date is None and "birth_date" not in r.bad:
        r.birth_date = from_id  # the number says it; fill the column
        r.birth_from_id = True
    if r.gender and idcard.gender(r.id_card) != r.gender:
        errors.append(error(r.row, "身份证号", "id_card_gender_mismatch",
                            f"号码第17位表示{GENDER_LABELS[idcard.gender(r.id_card)]}性，与「性别」列的"
                            f"“{GENDER_LABELS[r.gender]}”不一致，请核对。"))
        r.bad.add("id_card")


def _check_dates(r: RowIn, errors: list[RowError]) -> None:
    today = timezone.localdate()
    if r.birth_date:
        age = age_on(r.birth_date, today)
        if not MIN_AGE <= age <= MAX_AGE:
            column = "身份证号" if r.birth_from_id else "出生日期"
            errors.append(error(r.row, column, "implausible_age",
                                f"按出生日期{chinese_date(r.birth_date)}，学生现在{age}岁，不在{MIN_AGE}–{MAX_AGE}岁之间，"
                                "请核对出生日期或身份证号。"))
            r.bad.add("id_card" if r.birth_from_id else "birth_date")
    if r.birth_date and r.enrolment_date and r.enrolment_date <= r.birth_date:
        errors.append(error(r.row, "入学日期", "enrolment_before_birth",
                            f"{chinese_date(r.enrolment_date)}早于出生日期{chinese_date(r.birth_date)}，请核对。"))
        r.bad.add("enrolment_date")


def _parse_guardian(r: RowIn, n: int, cells: dict[str, Any], errors: list[RowError]) -> None:
    name = as_text(cells.get("name"))
    relation_text = re.sub(r"\s+", "", as_text(cells.get("relation")))
    phone_raw = cells.get("phone")
    if not name and not relation_text and as_text(phone_raw) == "":
        return
    g = GuardianIn(n, name, "")
    ok = True
    if not name:
        errors.append(error(r.row, f"监护人{n}姓名", "required",
                            f"填写了监护人{n}的其他信息，请同时填写监护人{n}的姓名。"))
        ok = False
    elif excel.over_length(r.row, f"监护人{n}姓名", name, GUARDIAN_NAME_MAX, errors):
        ok = False
    if not relation_text:
        errors.append(error(r.row, f"监护人{n}关系", "required",
                            f"请填写监护人{n}与学生的关系：{RELATION_CHOICES}。"))
        ok = False
    elif relation_text in RELATIONS or relation_text in RELATION_SYNONYMS:
        g.relation = RELATIONS.get(relation_text) or RELATION_SYNONYMS[relation_text]
    else:
        errors.append(error(r.row, f"监护人{n}关系", "invalid_relation",
                            f"“{relation_text}”不是可选的关系，请填写：{RELATION_CHOICES}。"))
        ok = False
    before = len(errors)
    _phone_cell(r, g, phone_raw, errors)
    if ok and len(errors) == before:
        r.guardians.append(g)
    else:
        r.bad.add(g.column)


# --- pass 1: the file -------------------------------------------------------------------------


@dataclass
class Parsed:
    layout: Layout | None = None
    rows: list[RowIn] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # first row of each student number / ID-card index / phone, to name it in duplicate messages
    first_no: dict[str, int] = field(default_factory=dict)
    first_id: dict[str, int] = field(default_factory=dict)


def read_workbook(source: Source, progress: Progress | None = None) -> Parsed:
    """Pass 1: file checks, the header, every cell, duplicates within the file."""
    out = Parsed()
    problem = check_workbook(source)
    if problem:
        out.errors.append(problem)
        return out
    scan = HeaderScan(_looks_like_header, parse_header, out.errors)
    for data_rows, (row_no, row) in enumerate(scan.rows(source), start=1):
        out.layout = scan.layout
        if data_rows > MAX_ROWS:
            out.errors.append(error(None, "", "too_many_rows",
                                    f"数据超过 {MAX_ROWS} 行的上限，请分成几个文件分别导入（例如按年级）。"))
            return out
        _data_outside_header(row_no, row, out.layout, out.errors)
        r = parse_row(row_no, row, out.layout, out.errors)
        _duplicates_in_file(r, out)
        out.rows.append(r)
        if progress and data_rows % 250 == 0:
            progress("read", data_rows, 0)
    out.layout = scan.layout
    if out.layout is None and scan.saw_value:
        out.errors.append(error(None, "", "no_header",
                                f"在第一个工作表的前 {excel.HEADER_SCAN_ROWS} 行中没有找到表头"
                                "（至少要有「学号」和「姓名」两列），请使用导入模板。"))
    elif out.layout is None:
        out.errors.append(error(None, "", "empty_sheet", "第一个工作表是空的，请在导入模板的表头下方逐行填写学生。"))
    elif not out.rows:
        out.errors.append(error(None, "", "empty_sheet", "表头下方没有学生数据，请在表头下方逐行填写学生后再导入。"))
    return out


def _data_outside_header(row_no: int, row: tuple, layout: Layout, errors: list[RowError]) -> None:
    from openpyxl.utils import get_column_letter

    for i in range(layout.width, len(row)):
        if row[i] is not None and as_text(row[i]):
            errors.append(error(row_no, f"{get_column_letter(i + 1)}列", "data_without_header",
                                "这一列有内容但没有表头，请补上模板中的列名，或删除这些内容。"))
            return


def _duplicates_in_file(r: RowIn, out: Parsed) -> None:
    if r.student_no and "student_no" not in r.bad:
        first = out.first_no.setdefault(r.student_no, r.row)
        if first != r.row:
            out.errors.append(error(r.row, "学号", "duplicate_student_no",
                                    f"学号 {r.student_no} 与第{first}行重复；一名学生只占一行，请删除或改正其中一行。"))
            r.bad.add("student_no")
    if r.id_card:
        first = out.first_id.setdefault(r.id_card, r.row)
        if first != r.row:
            out.errors.append(error(r.row, "身份证号", "duplicate_id_card",
                                    f"与第{first}行的身份证号相同，请核对。"))
            r.bad.add("id_card")
    phones: dict[str, int] = {}
    for g in r.guardians:
        if g.phone:
            if g.phone in phones:
                out.errors.append(error(r.row, f"{g.column}手机", "duplicate_guardian",
                                        f"与监护人{phones[g.phone]}的手机号相同，同一位家长只需填写一次，请删除重复的监护人。"))
                r.bad.add(g.column)
            phones.setdefault(g.phone, g.n)
    r.guardians = [g for g in r.guardians if g.column not in r.bad]


# --- pass 2: against the school's data --------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Who imports: the school, and what they may touch."""

    school: School
    user: User | None
    class_ids: frozenset[int] | None  # None: every class of the school
    may_create_classes: bool
    detailed: bool  # may name other students and guardians in messages (school-wide roles, the CLI)


@dataclass
class NewStudent:
    row: RowIn
    class_ref: int | tuple[int, int]  # an existing class id, or (level, number) to create


@dataclass
class NewLink:
    student: int | str  # existing student id, or the new student's number
    guardian: int | str  # existing guardian id, or the key of a new guardian
    relation: str
    is_primary: bool
    row: int
    student_name: str  # for the audit entry's description
    guardian_name: str


_CLASS = re.compile(r"^[(（]?(\d{1,2})[)）]?班?$")
_CN_CLASS = re.compile(r"^[(（]?(十?[一二三四五六七八九]?|十)[)）]?班$")


def class_number(text: str, grade: str) -> int | None:
    t = nfkc(text).replace(" ", "")
    if grade and t.startswith(grade):
        t = t[len(grade):]
    m = _CLASS.match(t)
    if m:
        n = int(m[1])
        return n if 1 <= n <= 99 else None
    m = _CN_CLASS.match(t)
    if m and m[1]:
        s = m[1]
        if s == "十":
            return 10
        if s.startswith("十"):
            return 10 + _CN_DIGITS[s[1]]
        return _CN_DIGITS[s]
    return None


class _School:
    """The school's grades and classes, and what the plan adds to them."""

    def __init__(self, school: School):
        self.grades = {g.name: g for g in Grade.objects.filter(school=school)}
        self.by_level = {g.level: g for g in self.grades.values()}
        self.classes: dict[tuple[int, int], SchoolClass] = {}
        self.class_names: dict[tuple[int, str], SchoolClass] = {}
        for c in SchoolClass.objects.filter(school=school).select_related("grade"):
            self.classes[(c.grade_id, c.number)] = c
            self.class_names[(c.grade_id, c.name)] = c


def plan_import(parsed: Parsed, scope: Scope) -> tuple[Plan, list[RowError]]:
    """Pass 2: classes, permissions, existing students and guardians, duplicates against the database."""
    errors: list[RowError] = []
    plan = Plan()
    school = _School(scope.school)
    rows = parsed.rows
    existing = _existing_students(scope.school, [r.student_no for r in rows if r.student_no])
    id_owner = _id_card_owners(scope.school, [r.id_card for r in rows if r.id_card])
    phone_owner = _phone_owners(scope.school, [g.phone for r in rows for g in r.guardians if g.phone])
    links = _links_of([s.pk for s in existing.values()])
    phone_refs: dict[str, tuple[int | str, str, int]] = {}  # phone index -> (guardian ref, name, first row)
    for r in rows:
        errors_before = len(errors)
        student = existing.get(r.student_no) if r.student_no and "student_no" not in r.bad else None
        if student is not None and scope.class_ids is not None and student.school_class_id not in scope.class_ids:
            errors.append(error(r.row, "学号", "out_of_scope",
                                f"学号 {r.student_no} 是其他班级的学生，您只能导入本班学生；请删除这一行，"
                                "或请该班班主任导入。"))
            continue
        class_ref = _resolve_class(r, scope, school, plan, errors)
        if r.id_card and "id_card" not in r.bad:
            owner = id_owner.get(id_card_index(r.id_card))
            if owner is not None and owner[1] != r.student_no:
                who = f"学号为 {owner[1]} 的学生" if scope.detailed else "另一名学生"
                errors.append(error(r.row, "身份证号", "id_card_taken", f"这个号码已属于本校{who}，请核对。"))
                r.bad.add("id_card")
        if student is not None:
            _check_masked(r, student, errors)
        valid = class_ref is not None and not r.bad & STUDENT_KEYS
        _plan_guardians(r, student, links, phone_owner, phone_refs, scope, plan, errors, dry=not valid)
        if not valid or class_ref is None:
            continue
        if student is None:
            plan.new_students.append(NewStudent(r, class_ref))
            continue
        changes = _student_changes(r, student, class_ref)
        if changes:
            plan.updates.append((student, changes))
        elif len(errors) == errors_before:
            plan.unchanged += 1  # the student's record; changes to guardians are counted on their own
    return plan, errors


STUDENT_KEYS = {c.key for c in STUDENT_COLUMNS}


def _existing_students(school: School, numbers: list[str]) -> dict[str, Student]:
    out: dict[str, Student] = {}
    unique = sorted(set(numbers))
    for i in range(0, len(unique), 2000):
        for s in Student.objects.filter(school=school, student_no__in=unique[i:i + 2000]).select_related(
                "school_class__grade"):
            out[s.student_no] = s
    return out


def _id_card_owners(school: School, numbers: list[str]) -> dict[str, tuple[int, str]]:
    indexes = sorted({id_card_index(n) for n in numbers})
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(indexes), 2000):
        qs = Student.objects.filter(school=school, id_card_index__in=indexes[i:i + 2000])
        for pk, no, index in qs.values_list("pk", "student_no", "id_card_index"):
            out[index] = (pk, no)
    return out


def _phone_owners(school: School, phones: list[str]) -> dict[str, tuple[int, str]]:
    indexes = sorted({phone_index(p) for p in phones})
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(indexes), 2000):
        qs = Guardian.objects.filter(school=school, phone_index__in=indexes[i:i + 2000]).order_by("pk")
        for pk, name, index in qs.values_list("pk", "name", "phone_index"):
            out.setdefault(index, (pk, name))
    return out


def _links_of(student_ids: list[int]) -> dict[int, list[StudentGuardian]]:
    out: dict[int, list[StudentGuardian]] = {}
    for i in range(0, len(student_ids), 2000):
        qs = StudentGuardian.objects.filter(student_id__in=student_ids[i:i + 2000]).select_related(
            "guardian", "student")
        for link in qs.order_by("-is_primary", "pk"):
            out.setdefault(link.student_id, []).append(link)
    return out


def _resolve_class(r: RowIn, scope: Scope, school: _School, plan: Plan,
                   errors: list[RowError]) -> int | tuple[int, int] | None:
    if "grade" in r.bad or "class" in r.bad or not r.grade or not r.class_text:
        return None
    grade = school.grades.get(r.grade)
    level = grade.level if grade else GRADE_LEVELS.get(r.grade)
    if grade is None and level is not None:
        grade = school.by_level.get(level)
    if level is None:
        known = "、".join(school.grades) or KNOWN_GRADES
        errors.append(error(r.row, "年级", "unknown_grade",
                            f"“{r.grade}”不是可识别的年级，请填写本校的年级（{known}）。"))
        r.bad.add("grade")
        return None
    if grade is not None:
        found = school.class_names.get((grade.pk, r.class_text))
        number = found.number if found else class_number(r.class_text, grade.name)
    else:
        found, number = None, class_number(r.class_text, r.grade)
    if number is None:
        errors.append(error(r.row, "班级", "invalid_class",
                            f"“{r.class_text}”不是可识别的班级，请写班号，例如 1班 或 1。"))
        r.bad.add("class")
        return None
    if found is None and grade is not None:
        found = school.classes.get((grade.pk, number))
    grade_label = grade.name if grade else r.grade
    if found is not None:
        if scope.class_ids is not None and found.pk not in scope.class_ids:
            errors.append(error(r.row, "班级", "out_of_scope",
                                f"{grade_label}{found.name}不是您担任班主任的班级，您只能导入本班学生；"
                                "请删除这一行，或请该班班主任导入。"))
            r.bad.add("class")
            return None
        return found.pk
    if not scope.may_create_classes:
        errors.append(error(r.row, "班级", "class_missing",
                            f"本校还没有{grade_label}{number}班，请先请管理员在“学校结构”中创建，或改正班级。"))
        r.bad.add("class")
        return None
    if grade is None:
        plan.grades.setdefault(level, r.grade)
    plan.grade_names.setdefault(level, grade_label)
    plan.classes.setdefault((level, number), f"{number}班")
    return (level, number)


def _check_masked(r: RowIn, student: Student, errors: list[RowError]) -> None:
    if r.masked_id_card and r.masked_id_card != mask_id_card(student.id_card):
        errors.append(error(r.row, "身份证号", "masked_value",
                            "是打码的号码（含 *），与系统中的记录对不上，请填写完整的18位身份证号，或留空表示不修改。"))
        r.bad.add("id_card")
    if r.masked_address and r.masked_address != mask_address(student.address):
        errors.append(error(r.row, "家庭住址", "masked_value",
                            "是打码的地址（含 *），与系统中的记录对不上，请填写完整地址，或留空表示不修改。"))
        r.bad.add("address")


def _student_changes(r: RowIn, s: Student, class_ref: int | tuple[int, int]) -> dict[str, Any]:
    """Changed fields; an empty optional cell (or a masked one that matches) leaves the value as it is."""
    changes: dict[str, Any] = {}
    if r.name != s.name:
        changes["name"] = r.name
    if r.gender != s.gender:
        changes["gender"] = r.gender
    if class_ref != s.school_class_id:
        changes["school_class"] = class_ref
    if r.birth_date and r.birth_date != s.birth_date:
        changes["birth_date"] = r.birth_date
    if r.id_card and r.id_card != (s.id_card or ""):
        changes["id_card"] = r.id_card
    if r.enrolment_date and r.enrolment_date != s.enrolment_date:
        changes["enrolment_date"] = r.enrolment_date
    if r.address and r.address != (s.address or ""):
        changes["address"] = r.address
    return changes


def _plan_guardians(r: RowIn, student: Student | None, links: dict[int, list[StudentGuardian]],
                    phone_owner: dict[str, tuple[int, str]], phone_refs: dict[str, tuple[int | str, str, int]],
                    scope: Scope, plan: Plan, errors: list[RowError], *, dry: bool) -> None:
    """Match each guardian of the row by mobile number within the school (else by name among the student's
    guardians), and plan guardians and links. With dry=True (a row with other errors) only the checks run."""
    current = links.get(student.pk, []) if student is not None else []
    linked = {link.guardian_id: link for link in current}
    student_ref: int | str = student.pk if student is not None else r.student_no
    has_primary = any(link.is_primary for link in current)
    seen: set[int | str] = set()
    for g in r.guardians:
        column = f"{g.column}手机"
        ref: int | str | None = None
        if g.phone:
            index = phone_index(g.phone)
            in_file = phone_refs.get(index)
            in_db = phone_owner.get(index)
            if in_file is not None and in_file[1] != g.name:
                errors.append(error(r.row, column, "phone_name_conflict",
                                    f"手机号 {g.phone} 在第{in_file[2]}行属于“{in_file[1]}”，与这里的“{g.name}”不同；"
                                    "一个手机号只能属于一位家长，请核对。"))
                continue
            if in_file is not None:
                ref = in_file[0]
            elif in_db is not None:
                if in_db[1] != g.name:
                    who = f"“{in_db[1]}”" if scope.detailed else "另一位家长"
                    errors.append(error(r.row, column, "phone_name_conflict",
                                        f"手机号 {g.phone} 已登记在本校{who}名下，与这里的“{g.name}”不同，"
                                        "请核对姓名或手机号。"))
                    continue
                ref = in_db[0]
            else:
                same_name = [link.guardian for link in current if link.guardian.name == g.name]
                if len(same_name) == 1:  # the student's guardian with a new (or a first) number
                    ref = same_name[0].pk
                    if not dry:
                        planned = plan.guardian_updates.get(ref)
                        if planned is not None and planned[1] != g.phone:
                            errors.append(error(r.row, column, "phone_name_conflict",
                                                f"这位家长在前面的行中填了另一个手机号 {planned[1]}，请统一。"))
                            continue
                        if same_name[0].phone != g.phone:
                            plan.guardian_updates[ref] = (same_name[0], g.phone)
                else:
                    ref = f"phone:{index}"
                    if not dry:
                        plan.new_guardians[ref] = (g.name, g.phone)
            phone_refs.setdefault(index, (ref, g.name, r.row))
        elif g.masked_phone:
            match = [link.guardian for link in current
                     if link.guardian.name == g.name and mask_phone(link.guardian.phone) == g.masked_phone]
            if not match:
                errors.append(error(r.row, column, "masked_value",
                                    "是打码的手机号（含 *），与系统中这位学生的家长对不上，请填写完整的手机号。"))
                continue
            ref = match[0].pk
        else:
            match = [link.guardian for link in current if link.guardian.name == g.name]
            if match:
                ref = match[0].pk
            else:
                ref = f"row:{r.row}:{g.n}"
                if not dry:
                    plan.new_guardians[ref] = (g.name, "")
        if ref in seen:
            errors.append(error(r.row, f"{g.column}姓名", "duplicate_guardian",
                                "与本行另一位监护人是同一个人，请删除重复的监护人。"))
            continue
        seen.add(ref)
        if dry:
            continue
        link = linked.get(ref) if isinstance(ref, int) else None
        if link is not None:
            if link.relation != g.relation:
                plan.link_updates.append((link, g.relation))
        else:
            plan.new_links.append(NewLink(student_ref, ref, g.relation, not has_primary, r.row, r.name, g.name))
            has_primary = True



# --- one student at a time (issue 19: a student added or edited on a page or over the API) ----------------------


def check_student(*, id_card: str, birth_date: dt.date | None, gender: str,
                  enrolment_date: dt.date | None) -> tuple[RowIn, list[RowError]]:
    """The roster's checks of one student's values, for the services that add and edit a student outside a
    workbook: the ID card's shape, birth date and checksum (GB 11643), its agreement with the birth date and
    gender, a plausible age, an enrolment after birth. Returns the row read (its `id_card` normalised, its
    `birth_date` taken from the ID card when none was given, `masked_id_card` for a value with *) and the
    problems, by `code` (their messages name the workbook's columns)."""
    r = RowIn(0, gender=gender, birth_date=birth_date, enrolment_date=enrolment_date)
    errors: list[RowError] = []
    _id_card_cell(r, id_card or None, errors)
    _check_id_card_against_columns(r, errors)
    _check_dates(r, errors)
    return r, errors


def id_card_owner(school: School, number: str) -> tuple[int, str] | None:
    """(pk, student number) of the school's student holding this ID-card number (by its blind index), if any."""
    return _id_card_owners(school, [number]).get(id_card_index(number))


def phone_owner(school: School, phone: str) -> tuple[int, str] | None:
    """(pk, name) of the school's first guardian with this mobile number (by its blind index), if any."""
    return _phone_owners(school, [phone]).get(phone_index(phone))

# --- writing workbooks ------------------------------------------------------------------------


def _sheet_layout(ws, header_list: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    for i, h in enumerate(header_list, start=1):
        letter = get_column_letter(i)
        width = 22 if h in ("身份证号", "家庭住址") else 14 if is_text_column(h) or "日期" in h else 10
        ws.column_dimensions[letter].width = width
        if is_text_column(h):
            ws.column_dimensions[letter].number_format = "@"


def _typed_cell(ws, header: str, value: Any):
    return excel.cell(ws, value, text=is_text_column(header))


INSTRUCTIONS = [
    "学生名册导入说明",
    "1. 在“学生名册”工作表的表头下方逐行填写，一名学生一行；第2行是示例，导入前请删除。",
    "2. 必填：学号、姓名、性别（男/女）、年级、班级。其余列可留空；已有学生的空白单元格表示不修改。",
    "3. 日期写成 2013-09-01、2013/9/1 或 2013年9月1日，或使用日期格式的单元格。",
    "4. 身份证号、手机号这两类列已设为“文本”格式，请不要改成数字格式，否则 Excel 会丢掉末几位。",
    "5. 身份证号须为18位，出生日期与「出生日期」列一致，第17位的奇偶与性别一致。",
    "6. 监护人关系可选：" + RELATION_CHOICES + "。手机号为11位手机号码；同一手机号只能属于一位家长。",
    "7. 监护人更多时，在右侧继续添加“监护人4姓名、监护人4关系、监护人4手机”等列。",
    "8. 年级填写本校的年级名称（如 初一、七年级、三年级），班级填写班号（如 1班 或 1）。",
    f"9. 文件不超过 {MAX_BYTES // 1024 // 1024} MB，不超过 {MAX_ROWS} 行；"
    "有任何一处错误时整份名册都不会导入，请按错误报告改正后重新上传（错误报告可以直接改好后上传）。",
]


def write_template(out: str | os.PathLike | IO[bytes]) -> None:
    """The import template: Chinese headers, one example row, text-formatted ID and phone columns,
    drop-down lists for gender and relation, and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "学生名册"
    header_list = headers()
    ws.append(header_list)
    excel.style_header_row(ws)
    born = dt.date(timezone.localdate().year - 13, 5, 1)
    example = {
        "学号": EXAMPLE_STUDENT_NO, "姓名": "张小明", "性别": "男", "出生日期": born,
        "身份证号": idcard.make("110101", born, 1, True), "年级": "初一", "班级": "1班",
        "入学日期": dt.date(timezone.localdate().year - 1, 9, 1), "家庭住址": "北京市东城区和平街1号3栋201室",
        "监护人1姓名": "张大明", "监护人1关系": "父亲", "监护人1手机": "13800000000",
        "监护人2姓名": "李芳", "监护人2关系": "母亲", "监护人2手机": "13900000000",
    }
    ws.append([example.get(h) for h in header_list])
    _sheet_layout(ws, header_list)
    excel.format_row(ws, 2, (is_text_column(h) for h in header_list))
    ws.freeze_panes = "C2"
    last = MAX_ROWS + 1
    gender = DataValidation(type="list", formula1='"男,女"', allow_blank=True)
    relation = DataValidation(type="list", formula1=f'"{",".join(RELATIONS)}"', allow_blank=True)
    ws.add_data_validation(gender)
    ws.add_data_validation(relation)
    for i, h in enumerate(header_list, start=1):
        letter = get_column_letter(i)
        if h == "性别":
            gender.add(f"{letter}2:{letter}{last}")
        elif h.endswith("关系"):
            relation.add(f"{letter}2:{letter}{last}")
    excel.add_instructions(wb, INSTRUCTIONS)
    wb.save(out)


def student_values(s: Student, guardian_links: Iterable[StudentGuardian], *, masked: bool) -> dict[str, Any]:
    def hide(kind: str, value: str | None) -> str:
        if not value:
            return ""
        return {"id_card": mask_id_card, "phone": mask_phone, "address": mask_address}[kind](value) if masked else value

    c = s.school_class
    values: dict[str, Any] = {
        "学号": s.student_no, "姓名": s.name, "性别": GENDER_LABELS.get(s.gender, ""), "出生日期": s.birth_date,
        "身份证号": hide("id_card", s.id_card), "年级": c.grade.name, "班级": c.name,
        "入学日期": s.enrolment_date, "家庭住址": hide("address", s.address),
    }
    for n, link in enumerate(guardian_links, start=1):
        values[f"监护人{n}姓名"] = link.guardian.name
        values[f"监护人{n}关系"] = RELATION_LABELS.get(StudentGuardian.Relation(link.relation), "其他监护人")
        values[f"监护人{n}手机"] = hide("phone", link.guardian.phone)
    return values


def write_roster(out: str | os.PathLike | IO[bytes], rows: Iterable[dict[str, Any]], guardians: int) -> None:
    """The roster in the template's format (write-only: rows are streamed into the file)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学生名册")
    header_list = headers(max(guardians, TEMPLATE_GUARDIANS))
    _sheet_layout(ws, header_list)
    ws.freeze_panes = "C2"
    ws.append(excel.header_cells(ws, header_list))
    for values in rows:
        ws.append([_typed_cell(ws, h, values.get(h)) for h in header_list])
    wb.save(out)


def write_error_report(source: Source | None, errors: list[dict], out: str | os.PathLike | IO[bytes]) -> None:
    """The roster's error report: the rows as uploaded plus a 错误原因 column, and every problem listed."""
    excel.write_error_report(source, errors, out, sheet_title="学生名册", looks_like_header=_looks_like_header,
                             clean_header=_clean_header, layout=_sheet_layout, typed_cell=_typed_cell)


# --- progress in the file storage -------------------------------------------------------------
# Progress lives in a small file beside the upload (core.excel's imports/ in the file storage, which every app
# server shares), not in the RosterImport row: the import's own transaction holds the database (on SQLite, its
# write lock) until the end, so a row updated inside it could not be read by the page that polls, and one updated
# outside it could not be written. The file also says when it was written, for roster_import_expire_if_stale.


def progress_name(import_id: object) -> str:
    return f"{UPLOAD_DIR}/{import_id}.progress.json"


def write_progress(import_id: object, percent: int, *, at: float | None = None) -> None:
    import json
    import time

    from django.core.files.base import ContentFile

    body = json.dumps({"percent": max(0, min(100, percent)), "at": time.time() if at is None else at})
    delete_progress(import_id)  # the storage API has no atomic replace: a reader in between sees no progress yet
    default_storage.save(progress_name(import_id), ContentFile(body.encode()))


def _progress(import_id: object) -> dict | None:
    import json

    try:
        with default_storage.open(progress_name(import_id), "rb") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_progress(import_id: object) -> int | None:
    try:
        return int((_progress(import_id) or {})["percent"])
    except (ValueError, KeyError, TypeError):
        return None


def progress_time(import_id: object) -> float | None:
    """When the import last reported progress (a Unix time), or None."""
    try:
        return float((_progress(import_id) or {})["at"])
    except (ValueError, KeyError, TypeError):
        return None


def delete_progress(import_id: object) -> None:
    delete_upload(progress_name(import_id))
