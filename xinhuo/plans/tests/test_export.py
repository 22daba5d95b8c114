"""The Word file (python-docx) reads back as the seed plans are laid out: the title centred, then 一、 headings,
（一） headings and 1. items, in order, with their text."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xinhuo.plans import services
from xinhuo.plans.export import chinese_number
from xinhuo.plans.models import TaskStatus
from xinhuo.plans.templates_data import TEMPLATES

from .helpers import a_plan, first_task

HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\. )")


def read_back(content: bytes) -> tuple[list, list[tuple[str, str]]]:
    doc = Document(io.BytesIO(content))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    outline = [(p.style.name, p.text) for p in paragraphs if HEADING.match(p.text)]
    return paragraphs, outline


def expected(tpl: dict, plan_title: str) -> list[tuple[str, str]]:
    out = [("Heading 1", "一、指导思想与工作原则"), ("Heading 2", "（一）指导思想"), ("Heading 2", "（二）工作原则")]
    out += [("Normal", f"{i}. {p}") for i, p in enumerate(tpl["principles"], 1)]
    out += [("Heading 1", "二、工作目标")] + [("Normal", f"{i}. {g}") for i, g in enumerate(tpl["goals"], 1)]
    for n, section in enumerate(tpl["sections"], 3):
        out.append(("Heading 1", f"{chinese_number(n)}、{section['title']}"))
        for j, task in enumerate(section["tasks"], 1):
            out.append(("Heading 2", f"（{chinese_number(j)}）{task['title']}"))
            out += [("Normal", f"{i}. {m}") for i, m in enumerate(task["measures"], 1)]
    return out


def test_word_file_reads_back_with_the_seed_plans_headings(world):
    plan = a_plan(world)
    r = world.client("head_teacher_a").get(reverse("plans:export", args=[plan.pk]))
    assert r.status_code == 200
    paragraphs, outline = read_back(r.content)
    title = paragraphs[0]
    assert title.text == "2026-2027学年学校关工委工作计划" and title.style.name == "Title"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].text == TEMPLATES["general"]["subtitle"]
    assert paragraphs[2].text == TEMPLATES["general"]["intro"]
    assert outline == expected(TEMPLATES["general"], plan.title)
    # the last 一、 is the seed plan's 四、保障措施, here the eighth part after ideas and goals
    assert [t for s, t in outline if s == "Heading 1"][-1] == "七、保障措施"
    meta = next(p.text for p in paragraphs if p.text.startswith("责任部门："))
    assert "责任部门：德育处" in meta and "完成时限：" in meta and "预期成果：" in meta


def test_word_file_follows_edits_and_numbers_what_is_there(world):
    plan = a_plan(world, key="student")
    director = world.actor("director")
    services.plan_update(actor=director, plan=plan, title="学生中心工作计划", guiding_ideas="", principles="",
                         goals="目标甲\n目标乙")
    task = first_task(plan, owner=world.users["counsellor"])
    services.task_update(actor=director, task=task, title="开展需求调研", measures="问卷调查\n座谈会",
                         owner=world.users["counsellor"], departments=[world.department])
    services.task_progress(actor=director, task=task, status=TaskStatus.IN_PROGRESS, percent=30)
    r = world.client("director").get(reverse("plans:export", args=[plan.pk]))
    paragraphs, outline = read_back(r.content)
    assert paragraphs[0].text == "学生中心工作计划"
    assert outline[:6] == [("Heading 1", "一、工作目标"), ("Normal", "1. 目标甲"), ("Normal", "2. 目标乙"),
                           ("Heading 1", f"二、{TEMPLATES['student']['sections'][0]['title']}"),
                           ("Heading 2", "（一）开展需求调研"), ("Normal", "1. 问卷调查")]
    assert outline[6] == ("Normal", "2. 座谈会")
    meta = paragraphs[[p.text for p in paragraphs].index("2. 座谈会") + 1].text
    assert meta.startswith(f"责任人：{world.users['counsellor'].display_name}")
    assert "进展" not in meta  # the document is the plan, not its progress


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_export_of_a_hidden_plan_is_404(world):
    draft = a_plan(world, adopted=False)
    assert world.client("head_teacher_a").get(reverse("plans:export", args=[draft.pk])).status_code == 404
    assert world.client("outsider").get(reverse("plans:export", args=[draft.pk])).status_code == 404
