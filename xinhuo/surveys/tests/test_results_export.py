"""The results as files: the Excel workbook reads back (one row per response, one column per question, a sheet of
statistics), no cell can become a formula (here and in the platform's other workbooks), the PDF summary carries
its Chinese text and charts."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pdfminer.high_level import extract_text

from xinhuo.core import excel
from xinhuo.core.models import AccessLog
from xinhuo.surveys.results import export

from .results_support import add, known_survey, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_excel_reads_back_one_row_per_response_and_a_statistics_sheet(world):
    survey = known_survey(world)
    response = world.client("director").get(reverse("surveys:results-export", args=[survey.pk]))
    assert response.status_code == 200
    wb = workbook(response)
    answers, stats = wb.worksheets
    assert (answers.title, stats.title) == ("答卷", "统计")
    rows = list(answers.iter_rows(values_only=True))
    head = rows[0]
    # anonymous: no name, no class, no day; a matrix gives a column per row
    assert head[:3] == ("#", "身份", "年级") and "填写人" not in head and "提交日期" not in head
    assert "各项工作满意度：心理健康" in head and "各项工作满意度：校园安全" in head
    assert len(rows) == 1 + 6
    first = next(dict(zip(head, r, strict=True)) for r in rows[1:] if r[head.index("一句话建议")] == "很好")
    assert first["你参加过哪些活动"] == "讲座；研学"  # multiple choice: the labels joined by "；"
    assert first["你对关工委活动满意吗"] == "满意" and first["每月参加几小时"] == 2
    assert first["年级"] == "初一"  # 6 responses in the grade: shown
    assert first["最喜欢的活动排序"] == "1. 讲座；2. 研学；3. 志愿服务"
    lines = list(stats.iter_rows(values_only=True))
    assert ("你对关工委活动满意吗", "满意", 3, 60, None) in lines
    log = AccessLog.objects.filter(action="export", object_type="survey_response").latest("pk")
    assert log.object_id == str(survey.pk) and log.detail["count"] == 6 and not log.detail["named"]


def test_rows_follow_the_random_keys_not_the_order_of_answering(world):
    survey = known_survey(world)
    buf = io.BytesIO()
    export.write_workbook(buf, survey)
    rows = list(load_workbook(buf).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("一句话建议")
    in_file = [r[column] for r in rows[1:]]
    by_key = [r.answers.get("q8") for r in survey.responses.order_by("pk")]
    assert in_file == [None if v is None else v.replace("=", "'=", 1) if v.startswith("=") else v for v in by_key]


def test_named_excel_has_names_and_classes(world):
    survey = make_survey(world, anonymous=False)
    add(survey, {"q1": 1, "q5": {"0": 4}}, school_class=world.class_a, grade=world.grade,
        respondent=world.users["student_x"])
    wb = workbook(world.client("director").get(reverse("surveys:results-export", args=[survey.pk])))
    head, row = list(wb.worksheets[0].iter_rows(values_only=True))
    data = dict(zip(head, row, strict=True))
    assert data["填写人"] == world.users["student_x"].display_name and data["班级"] == str(world.class_a)
    assert data["各项工作满意度：心理健康"] == "4（同意）"


def test_anonymous_excel_is_empty_under_five_responses(world):
    survey = make_survey(world)
    add(survey, {"q1": 0, "q8": "我是初一1班的"})
    wb = workbook(world.client("director").get(reverse("surveys:results-export", args=[survey.pk])))
    assert len(list(wb.worksheets[0].iter_rows())) == 1  # the header alone
    assert any("满5份" in str(c) for r in wb.worksheets[1].iter_rows(values_only=True) for c in r)


def test_formula_cells_are_neutralised(world):
    survey = known_survey(world)  # one text answer is "=1+1"
    add(survey, {"q8": "+SUM(1,2)"})
    add(survey, {"q8": "@cmd"})
    add(survey, {"q8": "-2+3"})
    add(survey, {"q8": "\t=evil"})
    buf = io.BytesIO()
    export.write_workbook(buf, survey)
    wb = load_workbook(buf)
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'=1+1", "'+SUM(1,2)", "'@cmd", "'-2+3", "'\t=evil"} <= texts
    # numbers stay numbers
    assert any(c.value == 10 and c.data_type == "n" for c in cells)


def test_the_shared_writer_neutralises_and_reads_back():
    ws = Workbook(write_only=True).create_sheet("x")
    assert excel.cell(ws, "=HYPERLINK(\"http://evil\")").value == "'=HYPERLINK(\"http://evil\")"
    assert excel.cell(ws, "张三").value == "张三" and excel.cell(ws, -5).value == -5
    assert excel.header_cells(ws, ["@x"])[0].value == "'@x"
    # a neutralised text reads back as it was written, so an export imports back unchanged
    assert excel.as_text("'=1+1") == "=1+1" and excel.as_text("'abc") == "'abc"


def test_roster_and_elder_exports_go_through_the_writer(world, tmp_path):
    from xinhuo.elders.registry.workbook import write_elders
    from xinhuo.people.roster import write_roster

    path = tmp_path / "roster.xlsx"
    write_roster(path, [{"学号": "1", "姓名": "=cmd|' /C calc'!A0", "性别": "男"}], 1)
    values = [c.value for row in load_workbook(path).worksheets[0].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    path = tmp_path / "elders.xlsx"
    write_elders(path, [{"姓名": "@SUM(1)", "原工作单位及职务": "+1"}])
    values = [c.value for row in load_workbook(path).worksheets[0].iter_rows() for c in row]
    assert "'@SUM(1)" in values and "'+1" in values


def test_pdf_summary_has_the_chinese_title_questions_and_charts(world):
    survey = known_survey(world, anonymous=False)
    response = world.client("director").get(reverse("surveys:results-summary", args=[survey.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text = extract_text(io.BytesIO(data))
    assert "问卷结果：学生满意度调查" in text
    assert "你对关工委活动满意吗" in text and "各项工作满意度" in text
    assert "最多人选择" in text
    assert b"/Subtype /Image" not in data  # charts are drawn as vector graphics, not pasted pictures
    assert AccessLog.objects.filter(action="export", object_type="survey_summary",
                                    object_id=str(survey.pk)).exists()


def test_pdf_of_an_anonymous_survey_under_five_says_why(world):
    survey = make_survey(world)
    add(survey, {"q1": 0})
    buf = io.BytesIO()
    export.write_pdf(buf, survey)
    text = extract_text(io.BytesIO(buf.getvalue()))
    assert "满5份答卷后才显示结果" in text and "你对关工委活动满意吗" not in text
