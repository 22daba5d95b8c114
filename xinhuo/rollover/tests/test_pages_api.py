"""The rollover's pages and API: the same service calls and messages, bad input a 400 that writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinhuo.core.models import Grade, SchoolYear
from xinhuo.people.models import Student
from xinhuo.rollover import services
from xinhuo.rollover.models import RolloverRun

from .schools import choices

pytestmark = pytest.mark.django_db

FORM = {"name": "2027-2028学年", "start": "2027-09-01", "end": "2028-07-10", "term1_start": "2027-09-01",
        "term1_end": "2028-01-20", "term2_start": "2028-02-20", "term2_end": "2028-07-10"}


@pytest.fixture
def junior(world):
    Grade.objects.create(school=world.school, name="初二", level=8)
    Grade.objects.create(school=world.school, name="初三", level=9)
    return world


def test_the_form_comes_filled_in_and_bad_dates_are_refused_with_a_message(junior):
    c = junior.client("director")
    page = c.get("/rollover/new/").content.decode()
    assert 'value="2027-2028学年"' in page and 'value="2027-09-01"' in page and 'value="2028-01-20"' in page
    assert "初二1班" in page  # the head-teacher row of 初一1班, named as it will be
    response = c.post("/rollover/new/", {**FORM, "start": "2027-07-01"})
    assert response.status_code == 400
    assert "start" in response.context["form"].errors  # the message under the field it is about
    assert not RolloverRun.objects.exists()
    response = c.post("/rollover/new/", {**FORM, "repeat": "NOPE99"})
    assert response.status_code == 400 and "NOPE99" in response.content.decode()
    response = c.post("/rollover/new/", {**FORM, f"head_{junior.class_a.pk}": "nobody"})
    assert response.status_code == 400 and f"head_{junior.class_a.pk}" in response.context["form"].errors
    assert not RolloverRun.objects.exists()


def test_the_page_flow_prepares_previews_applies_and_undoes(junior, django_capture_on_commit_callbacks):
    c = junior.client("director")
    response = c.post("/rollover/new/", {**FORM, "repeat": junior.student_z.student_no,
                                         f"head_{junior.class_b.pk}": "teacher"})
    run = RolloverRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rollover/{run.pk}/"
    assert run.repeat == [junior.student_z.pk] and run.head_teachers == {str(junior.class_b.pk):
                                                                        junior.users["head_teacher_a"].pk}
    page = c.get(f"/rollover/{run.pk}/").content.decode()
    assert "初一1班 → 初二1班" in page and 'id="rollover-apply"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(f"/rollover/{run.pk}/apply/").status_code == 302
    run.refresh_from_db()
    assert run.status == "done", run.error
    page = c.get(f"/rollover/{run.pk}/").content.decode()
    assert 'id="rollover-undo-button"' in page
    assert c.post(f"/rollover/{run.pk}/undo/").status_code == 302
    run.refresh_from_db()
    assert run.status == "undone"
    assert list(SchoolYear.objects.filter(school=junior.school).values_list("name", "is_current")) == [
        ("2026-2027学年", True)]


def test_the_list_of_runs_keeps_its_query_count(world):
    c = world.client("director")
    actor = world.actor("director")
    services.prepare(actor=actor, choices=choices())
    with CaptureQueriesContext(connection) as one:
        assert c.get("/rollover/").status_code == 200
    for i in range(4):
        services.prepare(actor=actor, choices=choices(name=f"2027-2028学年{i}"))
    with CaptureQueriesContext(connection) as five:
        assert c.get("/rollover/").status_code == 200
    assert len(five) == len(one)


def test_the_api_prepares_previews_applies_reports_and_undoes(junior, django_capture_on_commit_callbacks):
    c = junior.client("director")
    body = {**FORM, "repeat": [junior.student_z.pk]}
    bad = c.post("/api/v1/rollover/prepare/", {**body, "term2_start": "2028-01-10"}, content_type="application/json")
    assert bad.status_code == 400 and "term2_start" in bad.json()
    assert not RolloverRun.objects.exists()
    response = c.post("/api/v1/rollover/prepare/", body, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "previewed" and data["undo_allowed"] is False
    promoted = next(x for x in data["lines"] if x["app"] == "core" and "初一1班 → 初二1班" in x["details"])
    assert promoted["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/api/v1/rollover/{data['id']}/apply/", content_type="application/json")
    assert response.status_code == 202
    status = c.get(f"/api/v1/rollover/{data['id']}/").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["undo_allowed"] is True
    assert status["lines"] == data["lines"]
    assert Student.objects.get(pk=junior.student_z.pk).school_class.grade.name == "初一"  # repeating
    again = c.post(f"/api/v1/rollover/{data['id']}/apply/", content_type="application/json")
    assert again.status_code == 400  # applied already
    listed = c.get("/api/v1/rollover/").json()
    assert [r["id"] for r in listed] == [data["id"]]
    undone = c.post(f"/api/v1/rollover/{data['id']}/undo/", content_type="application/json")
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    refused = c.post(f"/api/v1/rollover/{data['id']}/undo/", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"]


def test_the_progress_bar_polls_until_the_run_ends(world):
    from xinhuo.rollover import progress

    c = world.client("director")
    run = services.prepare(actor=world.actor("director"), choices=choices())
    RolloverRun.objects.filter(pk=run.pk).update(status="running")
    progress.write(run.pk, 42)
    try:
        page = c.get(f"/rollover/{run.pk}/").content.decode()
        assert 'aria-valuenow="42"' in page and 'id="rollover-apply"' not in page
        assert 'aria-valuenow="42"' in c.get(f"/rollover/{run.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    finally:
        progress.delete(run.pk)
    RolloverRun.objects.filter(pk=run.pk).update(status="failed", error="出错了")
    ended = c.get(f"/rollover/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert ended["HX-Refresh"] == "true"  # the whole page reloads to show the outcome


def test_a_run_whose_worker_died_is_failed_instead_of_blocking_the_next(world, monkeypatch):
    from xinhuo.rollover import progress

    actor = world.actor("director")
    run = services.prepare(actor=actor, choices=choices())
    RolloverRun.objects.filter(pk=run.pk).update(status="running")
    progress.write(run.pk, 30)
    try:
        with pytest.raises(ValidationError):  # still reporting: another rollover must wait
            services.prepare(actor=actor, choices=choices(name="2027-2028学年b"))
        monkeypatch.setattr(progress, "seconds_since", lambda run_id: services.STALE_AFTER_SECONDS + 1)
        again = services.prepare(actor=actor, choices=choices(name="2027-2028学年b"))
    finally:
        progress.delete(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and run.error and again.status == "previewed"
