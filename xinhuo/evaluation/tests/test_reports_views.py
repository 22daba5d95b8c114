"""The year-end report's pages and API: generating from the list page, the progress partial (htmx reloads the page
once done), editing and resetting a section, the regenerate confirmation, finalising and downloading, the API's
start / PATCH / finalise / submit, bad input (400, nothing written) and a constant query count for the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.evaluation.models import ReportStatus, YearReport
from xinhuo.evaluation.reports import services

from .reports_support import docx_text, generate, small_year

pytestmark = pytest.mark.django_db


def test_the_director_generates_from_the_list_page(world, django_capture_on_commit_callbacks):
    small_year(world)
    c = world.client("director")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("evaluation:reports-home"), {"school_year": world.year.pk})
    report = YearReport.objects.get(school=world.school)
    assert r.status_code == 302 and r["Location"] == reverse("evaluation:reports-detail", args=[report.pk])
    assert report.status == ReportStatus.DRAFT
    page = c.get(r["Location"]).content.decode()
    for key in ("basics", "work", "highlights", "problems", "next"):
        assert f'id="section-{key}"' in page
    assert "红色故事宣讲" in page and 'id="report-finalise"' in page


def test_the_progress_bar_while_generating_and_the_reload_when_done(world):
    with_bar = YearReport.objects.create(school=world.school, school_year=world.year, title="t", progress=45,
                                         created_by=world.users["director"])
    c = world.client("director")
    page = c.get(reverse("evaluation:reports-detail", args=[with_bar.pk])).content.decode()
    assert 'id="report-progress"' in page and 'aria-valuenow="45"' in page and "hx-trigger=\"every 1s\"" in page
    url = reverse("evaluation:reports-progress", args=[with_bar.pk])
    assert 'aria-valuenow="45"' in c.get(url, HTTP_HX_REQUEST="true").content.decode()
    YearReport.objects.filter(pk=with_bar.pk).update(status=ReportStatus.DRAFT, progress=100)
    done = c.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"


def test_edit_a_section_on_its_page_and_reset_it(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    c = world.client("leader")
    url = reverse("evaluation:reports-section", args=[report.pk, "highlights"])
    assert c.get(url).status_code == 200
    assert c.post(url, {"text": "  "}).status_code == 400  # empty: the form again, nothing written
    report.refresh_from_db()
    assert report.sections == report.generated
    assert c.post(url, {"text": "本学年特色鲜明。"}).status_code == 302
    page = c.get(reverse("evaluation:reports-detail", args=[report.pk])).content.decode()
    assert "本学年特色鲜明。" in page and 'id="reset-highlights"' in page
    assert 'name="overwrite"' in page and "data-confirm" in page  # regenerate asks first
    c.post(reverse("evaluation:reports-section-reset", args=[report.pk, "highlights"]))
    report.refresh_from_db()
    assert report.sections == report.generated


def test_unknown_section_is_404(world, django_capture_on_commit_callbacks):
    report = generate(world, django_capture_on_commit_callbacks)
    c = world.client("director")
    assert c.get(reverse("evaluation:reports-section", args=[report.pk, "nope"])).status_code == 404


def test_finalise_and_download_the_word_file(world, django_capture_on_commit_callbacks):
    small_year(world)
    report = generate(world, django_capture_on_commit_callbacks)
    c = world.client("director")
    c.post(reverse("evaluation:reports-section", args=[report.pk, "next"]), {"text": "明年继续深化红色宣讲。"})
    assert c.post(reverse("evaluation:reports-finalise", args=[report.pk])).status_code == 302
    r = c.get(reverse("evaluation:reports-docx", args=[report.pk]))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    text = docx_text(b"".join(r.streaming_content))
    assert "明年继续深化红色宣讲。" in text and "全年共开展活动3项" in text
    pdf = c.get(reverse("evaluation:reports-pdf", args=[report.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    # the section page of a final report is gone
    assert c.get(reverse("evaluation:reports-section", args=[report.pk, "next"])).status_code == 404


def test_the_list_keeps_a_constant_query_count(world, django_assert_max_num_queries):
    from xinhuo.core.models import SchoolYear

    c = world.client("director")
    c.get(reverse("evaluation:reports-home"))  # warm the menu's caches
    for i in range(6):
        y = SchoolYear.objects.create(school=world.school, name=f"{2015 + i}学年", start=f"{2015 + i}-09-01",
                                      end=f"{2016 + i}-07-15")
        YearReport.objects.create(school=world.school, school_year=y, title=f"{2015 + i}总结", status="final",
                                  created_by=world.users["director"])
    with django_assert_max_num_queries(14) as few:
        c.get(reverse("evaluation:reports-home"))
    for i in range(6):
        y = SchoolYear.objects.create(school=world.school, name=f"{2005 + i}学年", start=f"{2005 + i}-09-01",
                                      end=f"{2006 + i}-07-15")
        YearReport.objects.create(school=world.school, school_year=y, title=f"{2005 + i}总结", status="final",
                                  created_by=world.users["director"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = c.get(reverse("evaluation:reports-home"))
    assert r.content.decode().count("data-report=") == 12


def test_api_start_edit_finalise_submit_download(world, django_capture_on_commit_callbacks):
    c = world.client("director")
    base = "/api/v1/evaluation/reports/"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(base, {"school_year": world.year.pk}, content_type="application/json")
    assert r.status_code == 202
    pk = r.json()["id"]
    detail = c.get(f"{base}{pk}/").json()
    assert detail["status"] == "draft" and detail["progress"] == 100 and detail["edited"] == []
    assert [s["key"] for s in detail["sections"]] == ["basics", "work", "highlights", "problems", "next"]
    bad = c.patch(f"{base}{pk}/sections/", {"key": "work", "text": ""}, content_type="application/json")
    assert bad.status_code == 400
    r = c.patch(f"{base}{pk}/sections/", {"key": "work", "text": "工作扎实。"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["edited"] == ["work"]
    # starting again over an edit needs the overwrite
    assert c.post(base, {"school_year": world.year.pk}, content_type="application/json").status_code == 400
    assert c.post(f"{base}{pk}/submit/").status_code == 400  # a draft is not submitted
    assert c.post(f"{base}{pk}/finalise/").json()["status"] == "final"
    word = c.get(f"{base}{pk}/docx/")
    assert word.status_code == 200 and "工作扎实。" in docx_text(b"".join(word.streaming_content))
    assert c.post(f"{base}{pk}/submit/").json()["status"] == "submitted"


def test_api_refuses_another_schools_year(world):
    from xinhuo.core.models import SchoolYear

    other = SchoolYear.objects.create(school=world.other, name="外校", start="2026-09-01", end="2027-07-15")
    r = world.client("director").post("/api/v1/evaluation/reports/", {"school_year": other.pk},
                                      content_type="application/json")
    assert r.status_code == 404 and not YearReport.objects.exists()


def test_services_refuse_regenerating_while_generating(world):
    YearReport.objects.create(school=world.school, school_year=world.year, title="t",
                              created_by=world.users["director"])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_start(actor=world.actor("director"), school_year=world.year)
