"""The elder registry's workbook (ELD-1): its columns, reading and row validation, the plan of an import,
and writing the template, the export and the error report.

Nothing here writes to the database: services.elder_import reads the file (`read_workbook`), checks the
rows against the school's elders (`plan_import`) and applies the plan itself, all or nothing.

As in the roster import (people/roster.py; both build on core/excel.py), validation
messages are Chinese literals on purpose: they talk about the Chinese workbook's own columns and values
(老教师, 在岗, 2024年9月1日) to the person who fixes the file, and each names the row, the column and what to do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from xinhuo.core import excel
from xinhuo.core.chinese import chinese_date
from xinhuo.core.crypto import phone_index
from xinhuo.core.excel import (
    UPLOAD_DIR,
    Column,
    RowError,
    Source,
    as_text,
    check_workbook,
    date_cell,
    error,
    is_masked,
    keep_upload,
    nfkc,
    read_upload,
)
from xinhuo.core.masking import mask_phone
from xinhuo.core.validators import clean_mobile

from ..models import Elder, ElderRole, Specialty

MAX_ROWS = 2000  # a school has about 150 elders
SHEET_TITLE = "五老人员信息"
EXAMPLE_MARK = "（示例）"
MIN_AGE, MAX_AGE = 40, 110


def _max_length(name: str) -> int | None:
    return getattr(Elder._meta.get_field(name), "max_length", None)


COLUMNS = (
    Column("姓名", "name", True, _max_length("name")),
    Column("性别", "gender", True),
    Column("出生日期", "birth_date"),
    Column("类别", "category", True),
    Column("原工作单位及职务", "former_work", False, _max_length("former_work")),
    Column("政治面貌", "political_status"),
    Column("特长", "specialties"),
    Column("意愿", "willingness"),
    Column("手机", "phone"),
    Column("加入日期", "joined_on"),
    Column("状态", "status"),
)
BY_HEADER = {c.header: c for c in COLUMNS}
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]
ALIASES = {
    "手机号": "手机", "手机号码": "手机", "联系电话": "手机", "电话": "手机", "出生年月日": "出生日期",
    "原工作单位": "原工作单位及职务", "原单位及职务": "原工作单位及职务", "原工作单位职务": "原工作单位及职务",
    "专长": "特长", "服务意愿": "意愿", "加入时间": "加入日期", "人员类别": "类别", "五老类别": "类别",
}
IGNORED_HEADERS = {"序号", "编号", excel.ERROR_COLUMN}

GENDERS = {"男": "M", "女": "F"}
GENDER_LABELS = {v: k for k, v in GENDERS.items()}
CATEGORY_LABELS: dict[str, str] = {
    Elder.Category.CADRE: "老干部", Elder.Category.VETERAN: "老战士", Elder.Category.EXPERT: "老专家",
    Elder.Category.TEACHER: "老教师", Elder.Category.MODEL_WORKER: "老模范",
}
POLITICAL_LABELS: dict[str, str] = {
    Elder.Political.PARTY_MEMBER: "中共党员", Elder.Political.DEMOCRATIC_PARTY: "民主党派",
    Elder.Political.MASSES: "群众",
}
STATUS_LABELS: dict[str, str] = {Elder.Status.ACTIVE: "在岗", Elder.Status.PAUSED: "暂停", Elder.Status.LEFT: "退出"}
SPECIALTY_LABELS: dict[str, str] = {
    Specialty.PARTY_HISTORY: "党史宣讲", Specialty.COUNSELLING: "心理辅导", Specialty.TUTORING: "学业辅导",
    Specialty.CALLIGRAPHY: "书画", Specialty.SCIENCE: "科技", Specialty.LAW: "法治", Specialty.ARTS: "文体",
    Specialty.SCHOOL_HISTORY: "校史", Specialty.FAMILY_EDUCATION: "家庭教育", Specialty.HEALTH: "健康保健",
    Specialty.CAREER: "生涯指导",
}
ROLE_LABELS: dict[str, str] = {
    ElderRole.OUTSIDE_COUNSELLOR: "校外辅导员", ElderRole.HISTORY_SPEAKER: "党史宣讲员",
    ElderRole.MORAL_MENTOR: "德育导师", ElderRole.HEART_MENTOR: "心灵导师", ElderRole.INSPECTOR: "义务监督员",
    ElderRole.CLUB_ADVISOR: "社团指导", ElderRole.SCHOOL_HISTORY: "校史整理",
}


def _reverse(labels: dict, synonyms: dict | None = None) -> dict[str, str]:
    """Label (as written in the workbook) -> code, with the other spellings people use."""
    out = {label: str(code) for code, label in labels.items()}
    out.update({label: str(code) for label, code in (synonyms or {}).items()})
    return out


CATEGORIES = _reverse(CATEGORY_LABELS)
POLITICAL = _reverse(POLITICAL_LABELS, {"党员": Elder.Political.PARTY_MEMBER, "共产党员": Elder.Political.PARTY_MEMBER,
                                        "中共预备党员": Elder.Political.PARTY_MEMBER})
STATUSES = _reverse(STATUS_LABELS, {"已退出": Elder.Status.LEFT, "正常": Elder.Status.ACTIVE})
SPECIALTIES = _reverse(SPECIALTY_LABELS)
ROLES = _reverse(ROLE_LABELS)
LIST_SEPARATORS = re.compile(r"[、，,；;/\s]+")


def _choices(labels: dict) -> str:
    return "、".join(labels.values())


# --- reading ----------------------------------------------------------------------------------


@dataclass
class ElderRow:
    row: int
    name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    category: str = ""
    former_work: str = ""
    political_status: str = ""
    specialties: list[str] | None = None  # None: the cell was empty (an existing elder keeps theirs)
    willingness: list[str] | None = None
    phone: str = ""  # normalised mobile number
    masked_phone: str = ""  # a masked cell, from a masked export
    joined_on: dt.date | None = None
    status: str = ""
    bad: set[str] = field(default_factory=set)


@dataclass
class Layout:
    header_row: int
    columns: dict[int, str]  # cell index -> key
    present: set[str]
    width: int


@dataclass
class Parsed:
    layout: Layout | None = None
    rows: list[ElderRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def clean_header(value: Any) -> str:
    """姓名*, 性别（男/女）, 手机号 → 姓名, 性别, 手机."""
    text = re.sub(r"\s+", "", nfkc(as_text(value)))
    text = re.sub(r"\(.*\)$", "", text).strip("*＊")
    return ALIASES.get(text, text)


def _looks_like_header(row: tuple) -> bool:
    cleaned = {clean_header(v) for v in row if v is not None}
    return "姓名" in cleaned and "类别" in cleaned


def _parse_header(row_no: int, row: tuple) -> tuple[Layout, list[RowError]]:
    errors: list[RowError] = []
    cells = [clean_header(v) for v in row]
    layout = Layout(row_no, {}, set(), excel.header_width(cells))
    for i, h in excel.named_columns(row_no, cells, IGNORED_HEADERS, errors):
        if h not in BY_HEADER:
            errors.append(excel.unknown_column(row_no, i, h, f"{'、'.join(HEADERS)}。"))
            continue
        layout.columns[i] = BY_HEADER[h].key
        layout.present.add(BY_HEADER[h].key)
    excel.missing_columns(row_no, COLUMNS, layout.present, errors)
    return layout, errors


def _text(r: ElderRow, column: Column, value: Any, errors: list[RowError]) -> str:
    text = as_text(value)
    if not text:
        if column.required:
            errors.append(error(r.row, column.header, "required", f"不能为空，请填写{column.header}。"))
            r.bad.add(column.key)
        return ""
    if excel.over_length(r.row, column.header, text, column.max_length, errors):
        r.bad.add(column.key)
    return text


def _choice(r: ElderRow, column: Column, value: Any, options: dict[str, str], labels: dict,
            errors: list[RowError]) -> str:
    text = re.sub(r"\s+", "", nfkc(_text(r, column, value, errors)))
    if not text or column.key in r.bad:
        return ""
    if text in options:
        return options[text]
    errors.append(error(r.row, column.header, f"invalid_{column.key}",
                        f"“{text}”不是可选的值，请填写：{_choices(labels)}。"))
    r.bad.add(column.key)
    return ""


def _code_list(r: ElderRow, column: Column, value: Any, options: dict[str, str], labels: dict,
               errors: list[RowError]) -> list[str] | None:
    text = nfkc(as_text(value)).strip()
    if not text:
        return None
    codes: list[str] = []
    unknown: list[str] = []
    for part in LIST_SEPARATORS.split(text):
        if not part:
            continue
        if part in options:
            if options[part] not in codes:
                codes.append(options[part])
        else:
            unknown.append(part)
    if unknown:
        errors.append(error(r.row, column.header, f"invalid_{column.key}",
                            f"“{'、'.join(unknown)}”不是可选的{column.header}，可选：{_choices(labels)}"
                            "（多项用顿号“、”或逗号分隔）。"))
        r.bad.add(column.key)
        return None
    return codes


def _date(r: ElderRow, column: Column, value: Any, errors: list[RowError]) -> dt.date | None:
    day, bad = date_cell(r.row, column.header, value, errors, example=dt.date(1955, 3, 8))
    if bad:
        r.bad.add(column.key)
    return day


def _phone(r: ElderRow, value: Any, errors: list[RowError]) -> None:
    column = BY_KEY["phone"]
    if value is None or as_text(value) == "":
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        errors.append(error(r.row, column.header, "excel_number",
                            f"手机号被 Excel 存成了数字（{as_text(value)}），请把这一列的单元格格式设置为“文本”，"
                            "再重新输入手机号。"))
        r.bad.add("phone")
        return
    text = nfkc(str(value)).strip()
    if is_masked(text):
        r.masked_phone = text.replace(" ", "")
        return
    try:
        r.phone = clean_mobile(text)
    except ValidationError:
        errors.append(error(r.row, column.header, "invalid_mobile",
                            f"“{text}”不是有效的手机号，请填写以1开头的11位手机号（可带空格、短横线或 +86）。"))
        r.bad.add("phone")


def parse_row(row_no: int, cells: tuple, layout: Layout, errors: list[RowError]) -> ElderRow:
    r = ElderRow(row_no)
    values = {key: (cells[i] if i < len(cells) else None) for i, key in layout.columns.items()}
    r.name = _text(r, BY_KEY["name"], values.get("name"), errors)
    if r.name.startswith((EXAMPLE_MARK, "(示例)")):
        errors.append(error(row_no, "姓名", "example_row", "这是导入模板中的示例行，请删除这一行后再导入。"))
        r.bad.add("name")
    r.gender = _choice(r, BY_KEY["gender"], values.get("gender"), GENDERS, GENDER_LABELS, errors)
    if "birth_date" in layout.present:
        r.birth_date = _date(r, BY_KEY["birth_date"], values.get("birth_date"), errors)
    r.category = _choice(r, BY_KEY["category"], values.get("category"), CATEGORIES, CATEGORY_LABELS, errors)
    if "former_work" in layout.present:
        r.former_work = _text(r, BY_KEY["former_work"], values.get("former_work"), errors)
    if "political_status" in layout.present:
        r.political_status = _choice(r, BY_KEY["political_status"], values.get("political_status"), POLITICAL,
                                     POLITICAL_LABELS, errors)
    if "specialties" in layout.present:
        r.specialties = _code_list(r, BY_KEY["specialties"], values.get("specialties"), SPECIALTIES,
                                   SPECIALTY_LABELS, errors)
    if "willingness" in layout.present:
        r.willingness = _code_list(r, BY_KEY["willingness"], values.get("willingness"), ROLES, ROLE_LABELS, errors)
    if "phone" in layout.present:
        _phone(r, values.get("phone"), errors)
    if "joined_on" in layout.present:
        r.joined_on = _date(r, BY_KEY["joined_on"], values.get("joined_on"), errors)
    if "status" in layout.present:
        r.status = _choice(r, BY_KEY["status"], values.get("status"), STATUSES, STATUS_LABELS, errors)
    _check_dates(r, errors)
    return r


def _check_dates(r: ElderRow, errors: list[RowError]) -> None:
    if r.birth_date:
        today = timezone.localdate()
        age = today.year - r.birth_date.year - ((today.month, today.day) < (r.birth_date.month, r.birth_date.day))
        if not MIN_AGE <= age <= MAX_AGE:
            errors.append(error(r.row, "出生日期", "implausible_age",
                                f"按出生日期{chinese_date(r.birth_date)}，现在{age}岁，不在{MIN_AGE}–{MAX_AGE}岁之间，请核对。"))
            r.bad.add("birth_date")
    if r.birth_date and r.joined_on and r.joined_on <= r.birth_date:
        errors.append(error(r.row, "加入日期", "joined_before_birth",
                            f"{chinese_date(r.joined_on)}早于出生日期{chinese_date(r.birth_date)}，请核对。"))
        r.bad.add("joined_on")


def read_workbook(source: Source) -> Parsed:
    """The file, the header, every cell, and duplicates within the file."""
    out = Parsed()
    problem = check_workbook(source)
    if problem:
        out.errors.append(problem)
        return out
    first_phone: dict[str, int] = {}
    first_person: dict[tuple[str, dt.date], int] = {}
    scan = excel.HeaderScan(_looks_like_header, _parse_header, out.errors)
    for row_no, row in scan.rows(source):
        out.layout = scan.layout
        if len(out.rows) >= MAX_ROWS:
            out.errors.append(error(None, "", "too_many_rows",
                                    f"数据超过 {MAX_ROWS} 行的上限，请分成几个文件分别导入。"))
            return out
        r = parse_row(row_no, row, out.layout, out.errors)
        if r.phone:
            first = first_phone.setdefault(r.phone, r.row)
            if first != r.row:
                out.errors.append(error(r.row, "手机", "duplicate_phone",
                                        f"手机号 {r.phone} 与第{first}行重复；一位老同志只占一行，"
                                        "请删除或改正其中一行。"))
                r.bad.add("phone")
        if r.name and r.birth_date:
            first = first_person.setdefault((r.name, r.birth_date), r.row)
            if first != r.row:
                out.errors.append(error(r.row, "姓名", "duplicate_person",
                                        f"{r.name}（出生日期{chinese_date(r.birth_date)}）与第{first}行重复；"
                                        "一位老同志只占一行，请删除其中一行。"))
                r.bad.add("name")
        out.rows.append(r)
    out.layout = scan.layout
    saw_value = scan.saw_value
    if out.layout is None:
        text = (f"在第一个工作表的前 {excel.HEADER_SCAN_ROWS} 行中没有找到表头（至少要有「姓名」和「类别」两列），"
                "请使用导入模板。" if saw_value else "第一个工作表是空的，请在导入模板的表头下方逐行填写。")
        out.errors.append(error(None, "", "no_header" if saw_value else "empty_sheet", text))
    elif not out.rows and not out.errors:
        out.errors.append(error(None, "", "empty_sheet", "表头下方没有数据，请在表头下方逐行填写老同志后再导入。"))
    return out


# --- the plan ---------------------------------------------------------------------------------

@dataclass
class Plan:
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Elder, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {"created": len(self.creates), "updated": len(self.updates), "unchanged": self.unchanged}


def _row_values(r: ElderRow) -> dict[str, Any]:
    """The values a row gives; an empty optional cell gives nothing (an existing elder keeps the value)."""
    values: dict[str, Any] = {"name": r.name, "gender": r.gender, "category": r.category}
    for key in ("birth_date", "former_work", "political_status", "phone", "joined_on", "status"):
        if getattr(r, key):
            values[key] = getattr(r, key)
    for key in ("specialties", "willingness"):
        if getattr(r, key) is not None:
            values[key] = getattr(r, key)
    return values


def plan_import(rows: list[ElderRow], elders: Iterable[Elder]) -> tuple[Plan, list[RowError]]:
    """Match each row to an elder of the school, by mobile number or by name and birth date, and plan
    what to create and change. Rows with errors of their own are checked no further."""
    plan, errors = Plan(), []
    by_phone: dict[str, Elder] = {}
    by_person: dict[tuple[str, dt.date], Elder] = {}
    by_name: dict[str, list[Elder]] = {}
    for e in elders:
        if e.phone_index:
            by_phone[e.phone_index] = e
        if e.birth_date:
            by_person[(e.name, e.birth_date)] = e
        by_name.setdefault(e.name, []).append(e)
    matched: dict[int, int] = {}  # elder pk -> the row that matched it
    for r in rows:
        if r.bad:
            continue
        from_phone = by_phone.get(phone_index(r.phone)) if r.phone else None
        from_person = by_person.get((r.name, r.birth_date)) if r.birth_date else None
        if from_phone is not None and from_phone.name != r.name:
            errors.append(error(r.row, "手机", "phone_name_conflict",
                                f"手机号 {r.phone} 已登记在本校老同志“{from_phone.name}”名下，与这里的“{r.name}”不同，"
                                "请核对姓名或手机号。"))
            continue
        if from_phone is not None and from_person is not None and from_phone.pk != from_person.pk:
            errors.append(error(r.row, "手机", "ambiguous_match",
                                f"手机号属于一位“{r.name}”，姓名和出生日期却对应另一位同名的老同志，请核对手机号或出生日期。"))
            continue
        target = from_phone or from_person
        if target is None and r.masked_phone:  # a row of a masked export: its name and masked number say who
            same = [e for e in by_name.get(r.name, []) if mask_phone(e.phone) == r.masked_phone]
            target = same[0] if len(same) == 1 else None
        if target is None and not r.phone and not r.birth_date and by_name.get(r.name):
            errors.append(error(r.row, "姓名", "ambiguous_name",
                                f"本校已有名为“{r.name}”的老同志；请填写手机号或出生日期，以便确认是更新这位老同志还是新增一位。"))
            continue
        if r.masked_phone and (target is None or mask_phone(target.phone) != r.masked_phone):
            errors.append(error(r.row, "手机", "masked_value",
                                "是打码的手机号（含 *），与系统中的记录对不上，请填写完整的手机号，或留空表示不修改。"))
            continue
        values = _row_values(r)
        if target is None:
            plan.creates.append({"row": r.row, **values})
            continue
        if target.pk in matched:
            errors.append(error(r.row, "姓名", "duplicate_person",
                                f"与第{matched[target.pk]}行是同一位老同志（{target.name}）；一位老同志只占一行，请删除其中一行。"))
            continue
        matched[target.pk] = r.row
        changes = {k: v for k, v in values.items() if _differs(target, k, v)}
        if changes:
            plan.updates.append((target, changes))
        else:
            plan.unchanged += 1
    return plan, errors


def _differs(elder: Elder, key: str, value: Any) -> bool:
    current = getattr(elder, key)
    if key == "phone":
        return phone_index(value) != elder.phone_index
    if key in ("specialties", "willingness"):
        return list(current or []) != list(value)
    return (current or "") != value if isinstance(value, str) else current != value


# --- writing ----------------------------------------------------------------------------------

TEXT_HEADERS = {"手机"}
WIDTHS = {"原工作单位及职务": 24, "特长": 22, "意愿": 22, "手机": 14, "出生日期": 12, "加入日期": 12}


def display_header(column: Column) -> str:
    return f"{column.header}*" if column.required else column.header


def _layout_sheet(ws, headers: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    for i, h in enumerate(headers, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(clean_header(h), 10 if h != excel.ERROR_COLUMN else 60)
        if clean_header(h) in TEXT_HEADERS:
            ws.column_dimensions[letter].number_format = "@"


def _cell(ws, header: str, value: Any):
    return excel.cell(ws, value, text=clean_header(header) in TEXT_HEADERS)


INSTRUCTIONS = [
    "五老人员信息导入说明",
    f"1. 在“{SHEET_TITLE}”工作表的表头下方逐行填写，一位老同志一行；第2行是示例，导入前请删除。",
    "2. 必填：姓名、性别（男/女）、类别。其余列可留空；已有老同志的空白单元格表示不修改。",
    f"3. 类别可选：{_choices(CATEGORY_LABELS)}；政治面貌可选：{_choices(POLITICAL_LABELS)}；"
    f"状态可选：{_choices(STATUS_LABELS)}（留空的新老同志为“在岗”）。",
    f"4. 特长可选（多项用顿号“、”或逗号分隔）：{_choices(SPECIALTY_LABELS)}。",
    f"5. 意愿可选（多项用顿号“、”或逗号分隔）：{_choices(ROLE_LABELS)}。",
    "6. 日期写成 1955-03-08、1955/3/8 或 1955年3月8日，或使用日期格式的单元格。",
    "7. 手机列已设为“文本”格式，请不要改成数字格式；同一手机号只能属于一位老同志。",
    "8. 已有的老同志按手机号或“姓名+出生日期”找到并更新，其余的新增。",
    f"9. 不超过 {MAX_ROWS} 行；有任何一处错误时整份文件都不会导入，请按错误报告改正后重新上传"
    "（错误报告可以直接改好后上传）。",
]


def write_template(out: str | os.PathLike | IO[bytes]) -> None:
    """The import template: the headers, one example row, drop-down lists, and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    headers = [display_header(c) for c in COLUMNS]
    ws.append(headers)
    excel.style_header_row(ws)
    example = {
        "姓名": f"{EXAMPLE_MARK}张建国", "性别": "男", "出生日期": dt.date(1955, 3, 8), "类别": "老教师",
        "原工作单位及职务": "本校退休语文教师", "政治面貌": "中共党员", "特长": "党史宣讲、书画",
        "意愿": "党史宣讲员、德育导师", "手机": "13800000000", "加入日期": dt.date(timezone.localdate().year, 1, 1),
        "状态": "在岗",
    }
    ws.append([example.get(c.header) for c in COLUMNS])
    excel.format_row(ws, 2, (c.header in TEXT_HEADERS for c in COLUMNS))
    _layout_sheet(ws, headers)
    ws.freeze_panes = "B2"
    last = MAX_ROWS + 1
    for header, labels in (("性别", GENDERS), ("类别", CATEGORIES), ("政治面貌", POLITICAL_LABELS.values()),
                           ("状态", STATUS_LABELS.values())):
        rule = DataValidation(type="list", formula1=f'"{",".join(labels)}"', allow_blank=True)
        ws.add_data_validation(rule)
        letter = get_column_letter(HEADERS.index(header) + 1)
        rule.add(f"{letter}2:{letter}{last}")
    excel.add_instructions(wb, INSTRUCTIONS)
    wb.save(out)


def elder_values(e: Elder, *, masked: bool) -> dict[str, Any]:
    """One elder as a row of the workbook (keyed by the plain header)."""
    return {
        "姓名": e.name, "性别": GENDER_LABELS.get(e.gender, ""), "出生日期": e.birth_date,
        "类别": CATEGORY_LABELS.get(e.category, ""), "原工作单位及职务": e.former_work,
        "政治面貌": POLITICAL_LABELS.get(e.political_status, ""),
        "特长": "、".join(SPECIALTY_LABELS[c] for c in e.specialties if c in SPECIALTY_LABELS),
        "意愿": "、".join(ROLE_LABELS[c] for c in e.willingness if c in ROLE_LABELS),
        "手机": (mask_phone(e.phone) if masked else e.phone) or "", "加入日期": e.joined_on,
        "状态": STATUS_LABELS.get(e.status, ""),
    }


def write_elders(out: str | os.PathLike | IO[bytes], rows: Iterable[dict[str, Any]]) -> None:
    """The registry in the template's format; it imports back unchanged (a masked phone is left as it is)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    headers = [display_header(c) for c in COLUMNS]
    _layout_sheet(ws, headers)
    ws.freeze_panes = "B2"
    ws.append(excel.header_cells(ws, headers))
    for values in rows:
        ws.append([_cell(ws, c.header, values.get(c.header)) for c in COLUMNS])
    wb.save(out)


def write_error_report(source: Source | None, errors: list[dict], out: str | os.PathLike | IO[bytes]) -> None:
    """The rows as uploaded plus a 错误原因 column, and every problem listed (core.excel.write_error_report),
    with this workbook's sheet, header test and cells."""
    excel.write_error_report(source, errors, out, sheet_title=SHEET_TITLE, looks_like_header=_looks_like_header,
                             clean_header=as_text, layout=_layout_sheet, typed_cell=_cell)


# --- a failed upload, kept for its error report ------------------------------------------------
# The rows of a refused upload are kept (a week at most, like the roster's uploads: excel.remove_old_uploads
# clears the folder) so that the error report can show them with their problems; only their uploader, in
# the same school, can download it.

UPLOAD_PREFIX = "elders-"


def _upload_names(token: uuid.UUID) -> tuple[str, str]:
    """The workbook's and its problems' names under imports/ (core.excel.keep_upload)."""
    return f"{UPLOAD_PREFIX}{token}.xlsx", f"{UPLOAD_PREFIX}{token}.json"


def keep_refused_upload(uploaded: IO[bytes], *, school_id: int, user_id: int, file_name: str,
                        errors: list[dict]) -> uuid.UUID:
    """The upload and its problems kept in the file storage (shared by every app server), for its error report."""
    token = uuid.uuid4()
    xlsx, meta = _upload_names(token)
    keep_upload(xlsx, uploaded)
    body = json.dumps({"school": school_id, "user": user_id, "file_name": file_name, "errors": errors},
                      ensure_ascii=False).encode()
    keep_upload(meta, ContentFile(body))
    return token


def refused_upload(token: uuid.UUID, *, school_id: int, user_id: int) -> tuple[IO[bytes], str, list[dict]] | None:
    """(the workbook, its file name, its problems) of the actor's own refused upload, or None."""
    xlsx, meta = _upload_names(token)
    meta_file, workbook = read_upload(f"{UPLOAD_DIR}/{meta}"), read_upload(f"{UPLOAD_DIR}/{xlsx}")
    try:
        data = json.loads(meta_file.read().decode("utf-8")) if meta_file is not None else None
    except ValueError:
        return None
    if not isinstance(data, dict) or workbook is None:
        return None
    if data.get("school") != school_id or data.get("user") != user_id:
        return None
    return workbook, str(data.get("file_name") or "elders.xlsx"), list(data.get("errors") or [])
