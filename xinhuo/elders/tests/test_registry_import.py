"""Excel import of the elder registry: a good file creates and updates; a file with any problem writes
nothing and says which row, which column and what to do; the template, the error report, and the export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from xinhuo.core.models import AccessLog
from xinhuo.elders.models import Elder, ElderRole, Specialty
from xinhuo.elders.registry import services, workbook

HEADERS = ["姓名*", "性别*", "出生日期", "类别*", "原工作单位及职务", "政治面貌", "特长", "意愿", "手机", "加入日期",
           "状态"]


def book(rows: list[list], headers: list[str] = HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "五老.xlsx"
    return buf


def row(name="吴建华", gender="男", born=dt.date(1952, 6, 1), category="老专家", work="县农机站站长",
        political="中共党员", specialties="科技、生涯指导", willingness="校外辅导员", phone="13800138000",
        joined=dt.date(2024, 9, 1), status="在岗") -> list:
    return [name, gender, born, category, work, political, specialties, willingness, phone, joined, status]


def upload(client, buf, **extra):
    return client.post("/elders/import/", {"file": buf, **extra})


def problems(response) -> list[tuple[str, str, str]]:
    """(row, column, message) of each problem listed on the page."""
    import re

    body = response.content.decode()
    cells = re.findall(r'<tr data-row="([^"]*)" data-column="([^"]*)" data-code="[^"]*">.*?'
                       r'class="text-break">([^<]*)</td>', body, re.S)
    return cells


def test_a_good_file_creates_and_updates_in_one_go(world):
    qian = Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                                birth_date=dt.date(1948, 2, 3), former_work="原来的单位")
    rows = [
        row(),
        # 周老 found by his mobile number: category and willingness change
        row(name="周老", born=None, category="老干部", work="", political="", specialties="",
            willingness="德育导师、心灵导师", phone="133 0000 1111", joined=None, status=""),
        # 钱老 found by name and birth date: a new number, specialties, status
        row(name="钱老", gender="女", born=dt.date(1948, 2, 3), work="", specialties="书画，校史", willingness="",
            phone="13500001234", status="暂停"),
    ]
    client = world.client("director")
    response = upload(client, book(rows))
    assert response.status_code == 302 and response["Location"] == "/elders/"
    assert "导入完成：新增 1 人，更新 2 人，0 人无变化" in client.get("/elders/").content.decode()
    wu = Elder.objects.get(name="吴建华")
    assert (wu.gender, wu.category, wu.phone, wu.birth_date, wu.political_status) == (
        "M", "expert", "13800138000", dt.date(1952, 6, 1), "party_member")
    assert wu.specialties == [Specialty.SCIENCE, Specialty.CAREER] and wu.willingness == [ElderRole.OUTSIDE_COUNSELLOR]
    assert wu.joined_on == dt.date(2024, 9, 1) and wu.status == "active" and wu.school == world.school
    zhou = Elder.objects.get(pk=world.elder.pk)
    assert zhou.category == "cadre" and zhou.willingness == [ElderRole.MORAL_MENTOR, ElderRole.HEART_MENTOR]
    assert zhou.phone == "13300001111" and zhou.user == world.users["elder"]  # empty cells change nothing
    qian.refresh_from_db()
    assert qian.phone == "13500001234" and qian.status == "paused"
    assert qian.specialties == [Specialty.CALLIGRAPHY, Specialty.SCHOOL_HISTORY]
    assert qian.former_work == "原来的单位"  # an empty cell leaves the value as it is
    assert Elder.objects.filter(school=world.school).count() == 3


def test_importing_the_same_file_again_changes_nothing(world):
    client = world.client("director")
    upload(client, book([row()]))
    actor = world.actor("director")
    outcome = services.elder_import(actor=actor, source=book([row()]))
    assert outcome.counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert Elder.objects.filter(name="吴建华").count() == 1


def test_only_check_says_what_would_happen_and_writes_nothing(world):
    response = upload(world.client("director"), book([row(), row(name="郑老", phone="13800138001")]),
                      check_only="on")
    assert response.status_code == 200
    assert "2 行均未发现问题：导入将新增 2 人" in response.content.decode()
    assert not Elder.objects.filter(name__in=["吴建华", "郑老"]).exists()


BAD_ROWS = [
    (row(gender="男性"), "性别", "“男性”不是可选的值，请填写：男、女。"),
    (row(category="老园丁"), "类别", "“老园丁”不是可选的值，请填写：老干部、老战士、老专家、老教师、老模范。"),
    (row(specialties="科技、跳舞"), "特长", "“跳舞”不是可选的特长，可选：党史宣讲、心理辅导、学业辅导、书画"),
    (row(willingness="校外辅导员，保安"), "意愿", "“保安”不是可选的意愿，可选：校外辅导员、党史宣讲员"),
    (row(phone="1380013"), "手机", "“1380013”不是有效的手机号"),
    (row(political="团员"), "政治面貌", "请填写：中共党员、民主党派、群众"),
    (row(status="休息"), "状态", "请填写：在岗、暂停、退出"),
    (row(born="1952-13-40"), "出生日期", "不是可识别的日期"),
    (row(born=dt.date(2010, 1, 1)), "出生日期", "不在40–110岁之间"),
    (row(joined=dt.date(2099, 1, 1)), "加入日期", "在今天之后"),
    (row(name=""), "姓名", "不能为空，请填写姓名"),
    (row(category=""), "类别", "不能为空，请填写类别"),
    (row(name="吴" * 51), "姓名", "太长（51 个字），最多 50 个字"),
    (row(phone="13500009999"), "手机", "手机号 13500009999 已登记在本校老同志“钱老”名下，与这里的“吴建华”不同"),
    (row(name="（示例）张建国"), "姓名", "这是导入模板中的示例行"),
]


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS, ids=[c for _r, c, _m in BAD_ROWS])
def test_one_bad_row_writes_nothing_and_says_row_column_and_what_to_do(world, bad, column, message):
    Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                         phone="13500009999")
    before = list(Elder.objects.order_by("pk").values_list("pk", "name", "category", "phone_index"))
    good_new = row(name="郑老", phone="13800138009")
    update = row(name="周老", born=None, category="老干部", phone="13300001111", specialties="", willingness="")
    response = upload(world.client("director"), book([good_new, update, bad]))
    assert response.status_code == 400
    found = problems(response)
    assert len(found) == 1, found
    row_no, col, text = found[0]
    assert (row_no, col) == ("4", column)
    assert text.startswith(f"第4行「{column}」：") and message in text
    assert list(Elder.objects.order_by("pk").values_list("pk", "name", "category", "phone_index")) == before
    assert "发现 1 个问题。未导入任何数据" in response.content.decode()


def test_duplicates_within_the_file_are_errors(world):
    response = upload(world.client("director"), book([
        row(), row(name="郑老", phone="13800138000"),
        row(name="王老", phone="13800138002"), row(name="王老", phone="13800138003"),
    ]))
    found = problems(response)
    assert ("3", "手机", "第3行「手机」：手机号 13800138000 与第2行重复；一位老同志只占一行，"
            "请删除或改正其中一行。") in found
    assert any(r == "5" and c == "姓名" and "与第4行重复" in m for r, c, m in found)
    assert not Elder.objects.filter(name__in=["吴建华", "郑老", "王老"]).exists()


def test_a_same_name_without_phone_or_birth_date_is_not_guessed(world):
    response = upload(world.client("director"), book([row(name="周老", born=None, phone="")]))
    [(r, c, m)] = problems(response)
    assert (r, c) == ("2", "姓名") and "本校已有名为“周老”的老同志；请填写手机号或出生日期" in m
    assert Elder.objects.filter(name="周老").count() == 1


def test_header_problems_are_reported(world):
    response = upload(world.client("director"), book([row()[:3]], headers=["姓名", "类别", "职称"]))
    found = problems(response)
    assert any(c == "职称" and "不是模板中的列" in m for _r, c, m in found)
    assert any(c == "性别" and "缺少这一必填列" in m for _r, c, m in found)
    response = upload(world.client("director"), book([["x", "y"]], headers=["甲", "乙"]))
    assert "没有找到表头（至少要有「姓名」和「类别」两列）" in problems(response)[0][2]


def test_not_a_workbook_is_refused_with_a_clear_message(world):
    fake = io.BytesIO(b"name,gender\n")
    fake.name = "五老.xlsx"
    response = upload(world.client("director"), fake)
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()


def test_the_error_report_has_the_rows_with_their_problems_and_imports_once_corrected(world):
    client = world.client("director")
    response = upload(client, book([row(), row(name="郑老", category="老园丁", phone="13800138001")]))
    link = response.context["token"]
    report = client.get(f"/elders/import/errors/{link}/")
    assert report.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    sheet = wb[workbook.SHEET_TITLE]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "错误原因" and header[0] == "姓名*"
    assert sheet.cell(row=3, column=len(header)).value.startswith("第3行「类别」：“老园丁”不是可选的值")
    assert sheet.cell(row=2, column=len(header)).value is None
    assert [c.value for c in wb["全部问题"][2]][:2] == [3, "类别"]
    # another user (even of the committee) cannot fetch it
    assert world.client("leader").get(f"/elders/import/errors/{link}/").status_code == 404
    # corrected in the report and uploaded as it is
    sheet.cell(row=3, column=4).value = "老教师"
    fixed = io.BytesIO()
    wb.save(fixed)
    fixed.seek(0)
    fixed.name = "fixed.xlsx"
    assert upload(client, fixed).status_code == 302
    assert Elder.objects.get(name="郑老").category == "teacher"


def test_the_template_downloads_and_its_example_row_must_be_deleted(world):
    client = world.client("leader")
    response = client.get("/elders/import/template/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(data))
    sheet = wb[workbook.SHEET_TITLE]
    assert [c.value for c in sheet[1]] == HEADERS
    assert "填写说明" in wb.sheetnames
    buf = io.BytesIO(data)
    buf.name = "template.xlsx"
    [(r, c, m)] = problems(upload(client, buf))
    assert (r, c) == ("2", "姓名") and "示例行" in m
    sheet.delete_rows(2)
    sheet.append(row())
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    assert upload(client, out).status_code == 302 and Elder.objects.filter(name="吴建华").exists()


# --- export --------------------------------------------------------------------------------------------------


def exported(response) -> list[dict]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))[workbook.SHEET_TITLE]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_export_has_the_template_columns_masked_phones_and_the_list_filters(world):
    Elder.objects.filter(pk=world.elder.pk).update(specialties=[Specialty.LAW, Specialty.ARTS],
                                                   willingness=[ElderRole.INSPECTOR], birth_date=dt.date(1950, 1, 2),
                                                   political_status="party_member", health_notes="不导出")
    Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                         status=Elder.Status.LEFT)
    Elder.objects.create(school=world.other, name="赵外校", gender="M", category=Elder.Category.EXPERT)
    client = world.client("admin")
    rows = exported(client.get("/elders/export/"))
    assert [r["姓名*"] for r in rows] == ["周老", "钱老"]  # by name
    zhou = rows[0]
    assert zhou == {"姓名*": "周老", "性别*": "男", "出生日期": dt.datetime(1950, 1, 2), "类别*": "老教师",
                    "原工作单位及职务": None, "政治面貌": "中共党员", "特长": "法治、文体", "意愿": "义务监督员",
                    "手机": "133****1111", "加入日期": zhou["加入日期"], "状态": "在岗"}
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.object_type, log.field, log.detail["masked"], log.detail["count"]) == (
        "export", "elder", "", True, 2)
    assert [r["姓名*"] for r in exported(client.get("/elders/export/", {"status": "left"}))] == ["钱老"]
    assert [r["姓名*"] for r in exported(client.get("/elders/export/", {"q": "zl"}))] == ["周老"]


def test_the_full_export_is_for_the_committee_and_logged_as_such(world):
    rows = exported(world.client("director").get("/elders/export/", {"full": "1"}))
    assert rows[0]["手机"] == "13300001111"
    log = AccessLog.objects.order_by("-id").first()
    assert (log.action, log.field, log.detail["masked"]) == ("export", "phone", False)
    for persona in ("head_teacher_a", "elder", "counsellor"):
        assert world.client(persona).get("/elders/export/", {"full": "1"}).status_code == 404


def test_an_export_imports_back_unchanged(world):
    Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                         birth_date=dt.date(1948, 2, 3), phone="13500001234", specialties=[Specialty.HEALTH])
    response = world.client("director").get("/elders/export/")
    buf = io.BytesIO(b"".join(response.streaming_content))
    buf.name = "export.xlsx"
    actor = world.actor("director")
    outcome = services.elder_import(actor=actor, source=buf)
    assert outcome.counts == {"created": 0, "updated": 0, "unchanged": 2}
