"""One limit for free text (issue 21, 11): an elder's care-visit note of 1,000,000 characters was accepted.

Every text column has a max_length (forms and the API's ModelSerializers take it from there, the services check
it); an oversized note is refused with a Chinese message by the page, the API and the service, and nothing is
saved.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from xinhuo.core.validators import DOCUMENT_MAX, TEXT_MAX
from xinhuo.elders.models import Assignment, CareVisit, RecreationEvent, TrainingSession
from xinhuo.elders.welfare import services as welfare

# written by the service from answers each checked against its question's own limit, never typed as one text
NOT_TYPED = {"surveys.Response.answers_text"}
LIMIT = CareVisit._meta.get_field("notes").max_length
TOO_LONG = "长" * (LIMIT + 1)


def test_every_text_column_has_a_limit():
    unlimited, too_big = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("xinhuo."):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if not isinstance(field, models.TextField) or name in NOT_TYPED:
                continue
            if field.max_length is None:
                unlimited.append(name)
            elif field.max_length > DOCUMENT_MAX:
                too_big.append(name)
    assert not unlimited, f"give these a max_length (core.validators.TEXT_MAX unless there is a reason): {unlimited}"
    assert not too_big


def test_the_care_visit_note_has_the_central_limit():
    assert LIMIT == TEXT_MAX


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_service_refuses_an_oversized_care_visit_note_and_saves_nothing(world):
    director = world.actor("director")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        welfare.care_visit_create(actor=director, elder=world.elder, planned_on=dt.date(2026, 12, 1),
                                  notes="长" * 1_000_000)
    assert "notes" in exc.value.message_dict and chinese(exc.value.message_dict["notes"][0])
    assert not CareVisit.objects.exists()
    visit = welfare.care_visit_create(actor=director, elder=world.elder, planned_on=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError):
        welfare.care_visit_done(actor=director, visit=visit, done_on=dt.date(2026, 12, 1), notes=TOO_LONG)
    with pytest.raises(ValidationError):
        welfare.care_visit_update(actor=director, visit=visit, elder=world.elder, planned_on=visit.planned_on,
                                  kind=visit.kind, notes=TOO_LONG)
    visit.refresh_from_db()
    assert visit.notes == "" and visit.done_on is None
    assert welfare.care_visit_done(actor=director, visit=visit, done_on=dt.date(2026, 12, 1),
                                   notes="长" * LIMIT).notes == "长" * LIMIT  # the limit itself is fine


def test_the_page_refuses_an_oversized_care_visit_note_in_chinese(world):
    response = world.client("director").post("/elders/care/visits/new/", {
        "elder": world.elder.pk, "kind": "visit", "planned_on": "2026-12-01", "notes": TOO_LONG})
    assert response.status_code == 400  # the form again, with the message
    assert f"{LIMIT}" in response.content.decode() and "字符" in response.content.decode()
    assert not CareVisit.objects.exists()


def test_the_api_refuses_an_oversized_care_visit_note_in_chinese(world):
    response = world.client("director").post("/api/v1/elders/care-visits/", {
        "elder": world.elder.pk, "kind": "visit", "planned_on": "2026-12-01", "notes": TOO_LONG},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, response.content
    assert "notes" in response.json() and chinese(str(response.json()["notes"]))
    assert not CareVisit.objects.exists()


def test_the_other_elder_texts_once_cut_silently_are_refused(world):
    """Recreation notes and training materials were cut at a length; an assignment's note had no limit."""
    from xinhuo.elders.training import services as training
    from xinhuo.elders.work import services as work

    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        welfare.recreation_event_create(actor=director, title="象棋赛", date=dt.date(2026, 12, 1),
                                  notes="长" * (RecreationEvent._meta.get_field("notes").max_length + 1))
    assert "notes" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        training.training_session_create(
            actor=director, kind="study", topic="党史", date=dt.date(2026, 12, 1),
            materials="长" * (TrainingSession._meta.get_field("materials").max_length + 1))
    assert "materials" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        work.assignment_create(actor=director, elder=world.elder, role="heart_mentor", need="陪伴学生",
                               note="长" * (Assignment._meta.get_field("note").max_length + 1))
    assert "note" in exc.value.message_dict
    assert not (RecreationEvent.objects.exists() or TrainingSession.objects.exists() or Assignment.objects.exists())


def test_core_refuses_oversized_duties_without_a_form(world):
    from xinhuo.core.models import Department
    from xinhuo.core.services import department_create

    before = Department.objects.count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        department_create(actor=world.actor("director"), name="新部门", kind="other", duties="长" * 2001)
    assert chinese(exc.value.message_dict["duties"][0])
    assert Department.objects.count() == before
