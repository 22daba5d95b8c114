"""The migration that encrypts free text keeps what a school already wrote (issue 21, 8): the rows written in
clear before it become ciphertext in the database, read back the same through the ORM, and migrating back
returns them to plaintext."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from xinhuo.core.tests.helpers import migrate_to as migrate
from xinhuo.core.tests.helpers import run_in_fresh_database

BEFORE, AFTER = ("elders", "0005_remindersent_to_core"), ("elders", "0006_encrypt_sensitive_text")
NOTES = "老同志患高血压，独居，子女在外地"


def raw(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test's own names)
        return cursor.fetchone()[0]


def test_care_visit_notes_written_in_clear_are_encrypted_and_can_be_migrated_back(tmp_path):
    run_in_fresh_database(tmp_path, f"{__name__}:encrypted_and_back")


def encrypted_and_back():
    """In an empty database: only the migrations up to each step run."""
    old = migrate([BEFORE])
    school = old.get_model("core", "School").objects.create(name="迁移中学", code="enc")
    elder = old.get_model("elders", "Elder").objects.create(school_id=school.pk, name="钱老", gender="M",
                                                            category="teacher")
    Visit = old.get_model("elders", "CareVisit")
    visit = Visit.objects.create(school_id=school.pk, elder_id=elder.pk, planned_on=dt.date(2026, 11, 1),
                                 notes=NOTES)
    empty = Visit.objects.create(school_id=school.pk, elder_id=elder.pk, planned_on=dt.date(2026, 11, 2))
    assignment = old.get_model("elders", "Assignment").objects.create(
        school_id=school.pk, elder_id=elder.pk, role="heart_mentor", need="陪伴学生", note="学生父母离异")
    assert raw("elders_carevisit", "notes", visit.pk) == NOTES  # what the probe found

    new = migrate([AFTER])
    stored = raw("elders_carevisit", "notes", visit.pk)
    assert NOTES not in stored and stored.startswith("gAAAA")  # Fernet
    assert "父母" not in raw("elders_assignment", "note", assignment.pk)
    assert raw("elders_carevisit", "notes", empty.pk) == ""  # an empty note stays empty, not NULL
    assert new.get_model("elders", "CareVisit").objects.get(pk=visit.pk).notes == NOTES
    assert new.get_model("elders", "Assignment").objects.get(pk=assignment.pk).note == "学生父母离异"

    migrate([BEFORE])  # reversible: back to plaintext for the plain field
    assert raw("elders_carevisit", "notes", visit.pk) == NOTES
    assert raw("elders_assignment", "note", assignment.pk) == "学生父母离异"
    migrate([AFTER])  # and forward again, not encrypted twice
    assert new.get_model("elders", "CareVisit").objects.get(pk=visit.pk).notes == NOTES
