"""The year-end report's services: generation from the year's data (aggregates, the plan's tasks, the activities),
suppression of small groups, editing and resetting a section, regenerating over edits, finalising into Word and PDF
(read back), filing in the archive, submitting, and refusals that change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.evaluation.models import ReportStatus, YearReport
from xinhuo.evaluation.reports import content, selectors, services

from .reports_support import docx_text, generate, pdf_text, small_year

pytestmark = pytest.mark.django_db
KEYS = ["basics", "work", "highlights", "problems", "next"]


def by_key(report: YearReport) -> dict[str, dict]:
    return {s["key"]: s for s in report.sections}


def test_generation_builds_the_five_sections_from_the_years_data(world, django_capture_on_commit_callbacks):
    small_year(world)
    report = generate(world, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DRAFT and report.progress == 100 and report.error == ""
    assert [s["key"] for s in report.sections] == KEYS
    assert report.generated == report.sections
    work = by_key(report)["work"]
    # three published activities of the year: the rejected one and the other school's do not count
    assert "全年共开展活动3项，参与180人次" in work["text"]
    assert [r[1] for r in work["tables"][0]["rows"]] == ["红色故事宣讲", "重阳敬老", "学雷锋志愿服务"]
    months = work["charts"][0]
    assert months["categories"][:3] == ["9月", "10月", "11月"] and months["series"][0]["values"][:3] == [1, 2, 0]
    hours = by_key(report)["highlights"]["tables"]
    # the elders' service: one retired teacher, 3.5 hours (a category's count and hours, no name)
    assert [r[1:] for t in hours if t["title"] == "五老志愿服务" for r in t["rows"]] == [["1", "3.5"]]


def test_the_years_plan_gives_the_work_section_and_its_overdue_tasks_the_problems(
        world, django_capture_on_commit_callbacks):
    import datetime as dt

    from xinhuo.plans.tests.helpers import a_plan, first_task

    plan = a_plan(world)
    done = first_task(plan, status="done", percent=100, last_update_note="已召开专题会议")
    # one open task late, every other one not due yet: exactly one overdue task
    plan.tasks.exclude(pk=done.pk).update(deadline=dt.date(2027, 6, 30))
    late = plan.tasks.exclude(pk=done.pk).order_by("pk").first()
    plan.tasks.filter(pk=late.pk).update(deadline=dt.date(2026, 10, 1), status="in_progress", percent=40)
    report = generate(world, django_capture_on_commit_callbacks)
    work = by_key(report)["work"]["text"]
    assert f"依据《{plan.title}》" in work
    assert f"{done.title}：" in work and "已召开专题会议" in work
    assert f"有1项任务逾期未完成：{late.title}。" in by_key(report)["problems"]["text"]
    # no plan for next year: an editable prompt
    assert by_key(report)["next"]["text"] == content.NEXT_PROMPT


def test_the_leader_generates_too(world, django_capture_on_commit_callbacks):
    small_year(world)
    report = generate(world, django_capture_on_commit_callbacks, persona="leader")
    assert report.status == ReportStatus.DRAFT and report.error == "" and len(report.sections) == 5


def test_small_groups_are_suppressed_and_a_lone_hidden_group_takes_another_with_it():
    assert content.suppress({"留守儿童": 12, "单亲家庭": 3, "贫困": 7, "残疾": 20}) == {
        "留守儿童": 12, "单亲家庭": "<5", "贫困": "<5", "残疾": 20}
    # two hidden groups already hide each other
    assert content.suppress({"留守儿童": 12, "单亲家庭": 3, "贫困": 2}) == {
        "留守儿童": 12, "单亲家庭": "<5", "贫困": "<5"}
    assert content.suppress({"留守儿童": 12, "贫困": 9}) == {"留守儿童": 12, "贫困": 9}
    # two hidden groups adding up to 3 would be a small group of their own: the third goes too
    assert content.suppress({"留守儿童": 12, "单亲家庭": 1, "贫困": 2}) == {
        "留守儿童": "<5", "单亲家庭": "<5", "贫困": "<5"}


def test_the_basics_never_show_a_group_of_fewer_than_five(world, django_capture_on_commit_callbacks):
    from xinhuo.care.models import SpecialGroup, StudentTag

    group = SpecialGroup.objects.create(school=world.school, code="left", name="留守儿童")
    StudentTag.objects.create(school=world.school, student=world.student_x, group=group, source="manual",
                              identified_on="2026-09-10", review_on="2027-06-30")
    basics = by_key(generate(world, django_capture_on_commit_callbacks))["basics"]
    assert basics["tables"][0]["rows"] == [["留守儿童", "<5"]]
    assert "特殊群体学生共<5人" in basics["text"]


def test_edit_and_reset_a_section(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    director = world.actor("director")
    services.section_edit(actor=director, report=report, key="highlights", text="我校红色宣讲形成品牌。")
    report.refresh_from_db()
    assert by_key(report)["highlights"]["text"] == "我校红色宣讲形成品牌。"
    assert selectors.edited_keys(report) == {"highlights"}
    services.section_reset(actor=director, report=report, key="highlights")
    report.refresh_from_db()
    assert report.sections == report.generated and not selectors.edited_keys(report)


@pytest.mark.parametrize(("key", "text", "field"), [("highlights", "  ", "text"), ("nope", "文字", "key"),
                                                    ("highlights", "字" * 20001, "text")])
def test_bad_section_input_is_refused_and_changes_nothing(world, django_capture_on_commit_callbacks, key, text, field):
    report = generate(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        services.section_edit(actor=world.actor("director"), report=report, key=key, text=text)
    assert field in exc.value.error_dict
    report.refresh_from_db()
    assert report.sections == report.generated


def test_regenerating_over_edits_needs_the_overwrite(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    services.section_edit(actor=world.actor("director"), report=report, key="problems", text="经费使用偏慢。")
    with pytest.raises(ValidationError):
        generate(world, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert by_key(report)["problems"]["text"] == "经费使用偏慢。"
    report = generate(world, django_capture_on_commit_callbacks, overwrite=True)
    assert report.sections == report.generated and report.status == ReportStatus.DRAFT


def test_finalise_writes_word_and_pdf_with_headings_figures_and_edits(world, django_capture_on_commit_callbacks):
    from xinhuo.governance.models import ArchiveRecord

    small_year(world)
    report = generate(world, django_capture_on_commit_callbacks)
    director = world.actor("director")
    services.section_edit(actor=director, report=report, key="highlights", text="红色宣讲进课堂成效显著。")
    report = services.report_finalise(actor=director, report=report)
    assert report.status == ReportStatus.FINAL and report.finalised_by == world.users["director"]
    with report.docx.open("rb") as f:
        word = docx_text(f.read())
    with report.pdf.open("rb") as f:
        pdf = pdf_text(f.read()).replace("\n", "")
    for text in (word, pdf):
        for heading in content.HEADINGS.values():
            assert heading in text
        assert "全年共开展活动3项" in text
        assert "红色宣讲进课堂成效显著" in text
        assert "红色故事宣讲" in text  # the activities' table
    record = ArchiveRecord.objects.get(school=world.school, source=f"evaluation.yearreport:{report.pk}")
    assert record.category == "summary" and record.retention == "permanent" and record.file
    # a final report is no longer edited nor generated again
    with pytest.raises(ValidationError):
        services.section_edit(actor=director, report=report, key="highlights", text="改")
    with pytest.raises(ValidationError):
        generate(world, django_capture_on_commit_callbacks)


def test_submit_only_a_final_report_and_the_county_selector_lists_it(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    leader = world.actor("leader")
    with pytest.raises(ValidationError):
        services.report_submit(actor=leader, report=report)
    assert selectors.submitted_reports([world.school.pk]) == []
    services.report_finalise(actor=leader, report=report)
    report = services.report_submit(actor=leader, report=report)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == world.users["leader"]
    rows = selectors.submitted_reports([world.school.pk, world.other.pk])
    assert [(r["id"], r["school_id"], r["school_name"], r["year"]) for r in rows] == [
        (report.pk, world.school.pk, world.school.name, world.year.name)]
    assert rows[0]["submitted_at"] == report.submitted_at and rows[0]["title"] == report.title
    assert selectors.submitted_reports([world.other.pk]) == []


def test_other_roles_and_schools_cannot_touch_a_report(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    for persona in ("outsider", "counsellor", "finance", "head_teacher_a"):
        with pytest.raises(Http404):
            services.section_edit(actor=world.actor(persona), report=report, key="next", text="改")
        with pytest.raises(Http404):
            services.report_finalise(actor=world.actor(persona), report=report)
    with pytest.raises(Http404):  # a school year of another school
        from xinhuo.core.models import SchoolYear

        other_year = SchoolYear.objects.create(school=world.other, name="外校学年", start="2026-09-01",
                                               end="2027-07-15")
        services.report_start(actor=world.actor("director"), school_year=other_year)


def test_a_generation_whose_requester_lost_the_right_fails_with_a_reason(world, django_capture_on_commit_callbacks):
    from xinhuo.core.models import Membership

    with django_capture_on_commit_callbacks(execute=False) as queued:
        report = services.report_start(actor=world.actor("leader"), school_year=world.year)
    Membership.objects.filter(user=world.users["leader"]).delete()
    for fn in queued:
        fn()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.error and report.sections == []


def test_the_report_carries_the_years_indicators_as_the_indicator_pages_show_them(
        world, django_capture_on_commit_callbacks):
    from decimal import Decimal

    from xinhuo.core.selectors import current_school_year
    from xinhuo.evaluation.indicators import selectors as indicators
    from xinhuo.evaluation.indicators.services import indicators_ensure_defaults

    small_year(world)
    # before the committee has an indicator system: no table, no sentence
    report = generate(world, django_capture_on_commit_callbacks)
    assert "评估指标完成情况" not in [t["title"] for t in by_key(report)["work"]["tables"]]
    indicators_ensure_defaults(world.school)
    YearReport.objects.all().delete()
    report = generate(world, django_capture_on_commit_callbacks)
    rows = indicators.figures(world.school, current_school_year(world.school), "year")
    table = next(t for t in by_key(report)["work"]["tables"] if t["title"] == "评估指标完成情况")
    assert [r[1] for r in table["rows"]] == [r["name"] for r in rows] and len(rows) == 18
    no_data = [r["name"] for r in rows if r["value"] is None]
    assert no_data and all(t[2] == "暂无数据" for t in table["rows"] if t[1] in no_data)  # never a made-up figure
    total = indicators.total_score(rows)
    assert total is not None and f"综合得分{total:.1f}分" in by_key(report)["work"]["text"]
    below = [r["name"] for r in rows if r["value"] is not None and r["target"] is not None
             and Decimal(r["value"]) < Decimal(r["target"])]
    problems = by_key(report)["problems"]["text"]
    assert (f"有{len(below)}项评估指标未达到目标" in problems) == bool(below)
