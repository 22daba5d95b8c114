"""Free text about a child's or family's situation or health (and an elder's) is encrypted at rest (issue 21, 8).

Every encrypted field is written through the ORM and its raw column read back with a cursor: the plaintext must
not be there. Every other text field must be listed, with its reason, in its app's `PLAIN_TEXT` (models.py), so a
new notes field cannot slip in unencrypted. The change history (django-auditlog) must not keep a copy either.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from xinhuo.core.crypto import is_encrypted

pytestmark = pytest.mark.django_db

# a text field whose name says it may hold someone's situation must be encrypted or listed as plain on purpose
SITUATION_NAME = re.compile(r"note|situation|health|finding|reason|comment|summary|outcome|detail|text|topic|answer"
                            r"|request|reply|subject|need|message|body|minutes|description|goal|feedback")
SECRET = "父母在外务工，家庭经济困难，孩子有哮喘"
FAKE_ID = 987654  # foreign keys are deferred: the row is deleted before the transaction would check them
# rows that a check constraint wants with one of two optional links set
LINKS = {"care.FollowUp": {"home_visit_id": FAKE_ID}}


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("xinhuo.")]


def plain_text(model) -> dict[str, str]:
    return getattr(sys.modules[model.__module__], "PLAIN_TEXT", {})


def is_text(field) -> bool:
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


def sensitive_fields() -> list[tuple[type[models.Model], models.Field]]:
    return [(m, f) for m in project_models() for f in m._meta.concrete_fields if is_encrypted(f)]


def test_every_text_field_is_encrypted_or_plain_on_purpose():
    unclassified = []
    for model in project_models():
        plain = plain_text(model)
        for field in model._meta.concrete_fields:
            if not is_text(field) or is_encrypted(field):
                continue
            named = isinstance(field, models.TextField) or SITUATION_NAME.search(field.name)
            if named and f"{model.__name__}.{field.name}" not in plain:
                unclassified.append(f"{model._meta.label}.{field.name}")
    assert not unclassified, ("encrypt these (core.crypto.SensitiveTextField) or list them with a reason in their "
                              f"app's PLAIN_TEXT: {unclassified}")


def test_what_is_listed_as_plain_exists_is_plain_and_says_why():
    for module in {m.__module__ for m in project_models()}:
        for name, why in getattr(sys.modules[module], "PLAIN_TEXT", {}).items():
            model_name, field_name = name.split(".")
            model = apps.get_model(module.split(".")[1], model_name)
            assert not is_encrypted(model._meta.get_field(field_name)), name
            assert len(why) > 10, name


def test_the_findings_of_the_issue_are_encrypted():
    """Home-visit findings, elders' care-visit notes and follow-up texts (the probe read them in the file)."""
    encrypted = {f"{m._meta.label}.{f.name}" for m, f in sensitive_fields()}
    assert {"care.HomeVisit.findings", "care.HomeVisit.notes", "elders.CareVisit.notes", "care.FollowUp.text",
            "care.FollowUp.outcome", "elders.Elder.health_notes", "wellbeing.Case.family_request"} <= encrypted


def _value_for(field):
    if isinstance(field, models.ForeignKey):
        return FAKE_ID
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2026, 12, 1)
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    return "x"


def _row(model, field, value):
    """A row with the value in `field` and the least of everything else, written through the ORM (bulk_create:
    no signals, which would follow the made-up foreign keys)."""
    obj = model()
    for other in model._meta.concrete_fields:
        if other is field or other.primary_key or other.has_default() or other.null:
            continue
        setattr(obj, other.attname, _value_for(other))
    for attname, linked in LINKS.get(model._meta.label, {}).items():
        setattr(obj, attname, linked)
    setattr(obj, field.attname, value)
    model.objects.bulk_create([obj])
    if obj.pk is None:  # a backend that does not return ids of bulk inserts
        obj.pk = model.objects.latest("pk").pk
    return obj


def _raw(model, field, pk):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(field.column)} FROM {qn(model._meta.db_table)} "  # noqa: S608 (names quoted)
                       f"WHERE {qn(model._meta.pk.column)} = %s", [pk])
        return cursor.fetchone()[0]


def _delete(model, pk):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} = %s",  # noqa: S608
                       [pk])


@pytest.mark.parametrize(("model", "field"), sensitive_fields(),
                         ids=[f"{m._meta.label}.{f.name}" for m, f in sensitive_fields()])
def test_the_database_holds_no_plaintext(model, field):
    limit = field.max_length or len(SECRET)
    secret = SECRET[:limit] if "phone" not in field.name else "13812345678"
    obj = _row(model, field, secret)
    try:
        raw = _raw(model, field, obj.pk)
        assert raw and secret not in raw and secret[:4] not in raw
        assert getattr(model.objects.get(pk=obj.pk), field.attname) == secret  # and reads back
        changed = secret[::-1]
        model.objects.filter(pk=obj.pk).update(**{field.attname: changed})  # an update() is encrypted too
        raw = _raw(model, field, obj.pk)
        assert raw and changed not in raw
    finally:
        _delete(model, obj.pk)


def test_the_change_history_keeps_no_copy_of_encrypted_text():
    """django-auditlog writes each change's old and new values: an encrypted field is masked or left out."""
    leaking = []
    for model, field in sensitive_fields():
        if not auditlog.contains(model):
            continue
        options = auditlog.get_model_fields(model)
        if options["include_fields"] and field.name not in options["include_fields"]:
            continue
        if field.name in options["exclude_fields"]:
            continue
        if field.name not in options["mask_fields"]:
            leaking.append(f"{model._meta.label}.{field.name}")
        elif (isinstance(field, models.TextField) and "phone" not in field.name  # free text: nothing of it kept
              and options.get("mask_callable") != "xinhuo.core.crypto.mask_text"):
            leaking.append(f"{model._meta.label}.{field.name} (mask_callable)")
    assert not leaking, f"mask or exclude in the app's auditlog.register: {leaking}"


def test_a_home_visit_written_by_the_service_is_unreadable_in_the_database(world):
    from xinhuo.care.visits import services

    visit = services.home_visit_record(
        actor=world.actor("head_teacher_a"), student=world.student_x, visited_on=dt.date(2026, 11, 20),
        way="home", visitor_kinds=["head_teacher"], visitors="王老师", notes="", findings=SECRET)
    assert _raw(type(visit), type(visit)._meta.get_field("findings"), visit.pk) != SECRET
    assert SECRET not in _raw(type(visit), type(visit)._meta.get_field("findings"), visit.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM auditlog_logentry")  # the history, read raw too
        assert not any(SECRET[-4:] in str(row[0]) for row in cursor.fetchall())
    assert LogEntry.objects.exists()


def test_the_docs_list_every_encrypted_field():
    from pathlib import Path

    from django.conf import settings

    rows = {line.split("|")[1].strip(" `"): line for line in
            (Path(settings.BASE_DIR) / "docs" / "sensitive-data.md").read_text().splitlines()
            if line.startswith("| `")}
    missing = [f"{m._meta.label}.{f.name}" for m, f in sensitive_fields()
               if f"`{f.name}`" not in rows.get(m._meta.label, "")]
    assert not missing, f"list them in docs/sensitive-data.md: {missing}"
