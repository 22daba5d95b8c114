"""The roster import service: all or nothing, idempotent, audited, within the importer's school and scope."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db import connection

from xinhuo.core import idcard
from xinhuo.core.crypto import id_card_index, phone_index
from xinhuo.core.masking import audit_mask
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.people import services
from xinhuo.people.models import Guardian, Student, StudentGuardian
from xinhuo.people.roster import RosterInvalid
from xinhuo.people.tests.rosterbook import born, save, student_row, workbook


def snapshot(school) -> dict:
    """Everything an import may touch, decrypted, so that 'nothing changed' means exactly that."""
    return {
        "students": sorted(
            (s.student_no, s.name, s.gender, s.birth_date, s.id_card, s.id_card_index, s.school_class_id,
             s.enrolment_date, s.address, s.status, s.name_pinyin)
            for s in Student.objects.filter(school=school)),
        "guardians": sorted((g.pk, g.name, g.phone, g.phone_index) for g in Guardian.objects.filter(school=school)),
        "links": sorted(StudentGuardian.objects.filter(student__school=school).values_list(
            "student_id", "guardian_id", "relation", "is_primary")),
        "classes": sorted(SchoolClass.objects.filter(school=school).values_list("grade_id", "number", "name")),
        "grades": sorted(Grade.objects.filter(school=school).values_list("name", "level")),
        "audit": LogEntry.objects.count(),
    }


def new_family(tmp_path, name="family.xlsx"):
    rows = [
        student_row("2026501", "陈一", seq=11,
                    guardians=[("陈父", "父亲", "13700000501"), ("林母", "母亲", "13700000502")]),
        student_row("2026502", "陈二", gender="女", seq=12, klass="3班",
                    guardians=[("陈父", "父亲", "137 0000 0501"), ("陈奶奶", "奶奶", "")]),
    ]
    return save(workbook(rows), tmp_path / name)


def test_an_import_creates_students_guardians_links_and_the_missing_class_with_audit_entries(world, tmp_path):
    before = LogEntry.objects.count()
    report = services.roster_import(actor=world.actor("director"), path_or_file=new_family(tmp_path))
    assert report.summary() | {} == {
        "rows": 2, "errors": 0, "students_create": 2, "students_update": 0, "students_unchanged": 0,
        "guardians_create": 3, "guardians_update": 0, "links_add": 4, "links_update": 0, "grades_create": 0,
        "classes_create": 1, "classes_to_create": ["初一3班"],
    }
    one, two = Student.objects.get(student_no="2026501"), Student.objects.get(student_no="2026502")
    assert two.school_class.name == "3班" and two.school_class.grade == world.grade
    assert one.name_initials == "cy" and one.birth_date == born(13, 3, 9) and one.status == "enrolled"
    father = Guardian.objects.get(school=world.school, name="陈父")
    assert father.phone == "13700000501" and set(father.students.all()) == {one, two}, "siblings share a guardian"
    grandma = Guardian.objects.get(name="陈奶奶")
    assert grandma.phone is None and grandma.phone_index == ""
    links = {(lk.student.student_no, lk.guardian.name): (lk.relation, lk.is_primary)
             for lk in StudentGuardian.objects.filter(student__in=[one, two]).select_related("student", "guardian")}
    assert links == {("2026501", "陈父"): ("father", True), ("2026501", "林母"): ("mother", False),
                     ("2026502", "陈父"): ("father", True), ("2026502", "陈奶奶"): ("grandmother", False)}
    entries = LogEntry.objects.filter(pk__gt=0).order_by("pk")[before:]
    kinds = sorted(e.content_type.model for e in entries)
    assert kinds == ["guardian"] * 3 + ["schoolclass"] + ["student"] * 2 + ["studentguardian"] * 4
    assert {e.actor_id for e in entries} == {world.users["director"].pk}
    student_entry = next(e for e in entries if e.content_type.model == "student" and e.object_id == one.pk)
    assert student_entry.action == LogEntry.Action.CREATE and student_entry.object_repr == "陈一"
    assert student_entry.additional_data == {"source": "roster_import"}
    assert student_entry.changes["name"] == ["None", "陈一"]
    assert one.id_card not in str(student_entry.changes), "the ID-card number is masked in the audit log"
    link_entry = next(e for e in entries if e.content_type.model == "studentguardian")
    assert link_entry.object_repr == str(StudentGuardian.objects.get(pk=link_entry.object_id))


def test_reimporting_the_same_file_changes_nothing(world, tmp_path):
    path = new_family(tmp_path)
    services.roster_import(actor=world.actor("director"), path_or_file=path)
    before = snapshot(world.school)
    report = services.roster_import(actor=world.actor("director"), path_or_file=path)
    assert report.summary()["students_unchanged"] == 2
    assert {k: v for k, v in report.summary().items() if k not in ("rows", "students_unchanged")} == {
        "errors": 0, "students_create": 0, "students_update": 0, "guardians_create": 0, "guardians_update": 0,
        "links_add": 0, "links_update": 0, "grades_create": 0, "classes_create": 0, "classes_to_create": []}
    assert snapshot(world.school) == before, "no row and no audit entry was added"


def test_a_changed_row_updates_the_record_with_masked_audit_entries(world, tmp_path):
    x = world.student_x
    b, old_id = x.birth_date, x.id_card
    changed_id = idcard.make("320102", b, 44, male=True)
    path = save(workbook([student_row(
        x.student_no, "张晓明", 出生日期=b, 身份证号=changed_id, klass="2班", 家庭住址="北京市东城区新地址8号",
        入学日期=None, guardians=[(world.guardian_x.name, "其他监护人", "13812345678"),
                                  (world.guardian_x2.name, "母亲", "13912340000")])]), tmp_path / "x.xlsx")
    before = LogEntry.objects.count()
    report = services.roster_import(actor=world.actor("director"), path_or_file=path)
    assert (report.summary()["students_update"], report.summary()["guardians_update"],
            report.summary()["links_update"]) == (1, 1, 1)
    x.refresh_from_db()
    assert (x.name, x.school_class, x.id_card) == ("张晓明", world.class_b, changed_id)
    assert x.address == "北京市东城区新地址8号"
    assert x.name_initials == "zxm"
    assert x.id_card_index == id_card_index(changed_id)
    with connection.cursor() as cur:  # stored encrypted, though written by bulk_update
        cur.execute("SELECT id_card, address FROM people_student WHERE id = %s", [x.pk])
        raw = cur.fetchone()
    assert changed_id not in raw[0] and "新地址" not in raw[1]
    world.guardian_x2.refresh_from_db()
    assert world.guardian_x2.phone == "13912340000" and world.guardian_x2.phone_index == phone_index("13912340000")
    assert StudentGuardian.objects.get(student=x, guardian=world.guardian_x).relation == "other"
    entries = list(LogEntry.objects.order_by("pk")[before:])
    assert sorted((e.content_type.model, e.action) for e in entries) == [
        ("guardian", LogEntry.Action.UPDATE), ("student", LogEntry.Action.UPDATE),
        ("studentguardian", LogEntry.Action.UPDATE)]
    student_entry = next(e for e in entries if e.content_type.model == "student")
    assert set(student_entry.changes) == {"name", "school_class", "id_card", "address"}
    assert student_entry.changes["school_class"] == [str(world.class_a.pk), str(world.class_b.pk)]
    # masked as every audit diff is (AUDITLOG_MASK_CALLABLE: at most the last four characters shown)
    assert student_entry.changes["id_card"] == [audit_mask(old_id), audit_mask(changed_id)]
    assert changed_id not in str(student_entry.changes)
    assert student_entry.actor == world.users["director"]


def test_empty_optional_cells_leave_the_values_as_they_are(world, tmp_path):
    x = world.student_x
    path = save(workbook([student_row(x.student_no, x.name, 出生日期=None, 身份证号=None, 家庭住址=None, 入学日期=None,
                                      guardians=[])]), tmp_path / "blank.xlsx")
    before = snapshot(world.school)
    report = services.roster_import(actor=world.actor("director"), path_or_file=path)
    assert report.summary()["students_unchanged"] == 1
    assert snapshot(world.school) == before


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_half_way_leaves_the_database_unchanged(world, tmp_path, monkeypatch):
    """A real transaction (not the test's savepoint): rows are written, then the import dies."""
    monkeypatch.setattr(services, "ROSTER_CHUNK", 2)
    rows = [student_row(f"20266{i:02d}", f"测试{i}", seq=i, klass="4班",
                        guardians=[(f"家长{i}", "母亲", f"1370000{i:04d}")]) for i in range(1, 8)]
    path = save(workbook(rows), tmp_path / "seven.xlsx")
    before = snapshot(world.school)
    written = []

    def die_after_some_rows(phase, done, total):
        if phase == "write" and done:
            written.append(Student.objects.filter(student_no__startswith="20266").count())
            if done >= 4:
                raise RuntimeError("the server lost power")

    with pytest.raises(RuntimeError):
        services.roster_import(actor=world.actor("director"), path_or_file=path, progress=die_after_some_rows)
    assert written and written[-1] > 0, "students had been written when the import died"
    assert snapshot(world.school) == before, "rows, the new class and audit entries are all gone"


def test_nothing_is_written_when_any_row_is_wrong(world, tmp_path):
    rows = [student_row("2026701", seq=1, klass="5班", guardians=[("好家长", "父亲", "13700007011")]),
            student_row("2026702", seq=2, 性别="未知")]
    before = snapshot(world.school)
    with pytest.raises(RosterInvalid) as caught:
        services.roster_import(actor=world.actor("director"), path_or_file=save(workbook(rows), tmp_path / "bad.xlsx"))
    assert [(e.row, e.code) for e in caught.value.report.errors] == [(3, "invalid_gender")]
    assert snapshot(world.school) == before


def test_a_head_teacher_imports_only_the_own_class(world, tmp_path):
    teacher = world.actor("head_teacher_a")
    x = world.student_x
    mine = student_row("2026801", "新同学", seq=21, guardians=[("新家长", "父亲", "13700008011")])
    own = student_row(x.student_no, x.name, 出生日期=x.birth_date, 身份证号=x.id_card, 家庭住址="北京市新家9号",
                      入学日期=None, guardians=[])
    other = student_row("2026802", "别班同学", seq=22, klass="2班")
    before = snapshot(world.school)
    with pytest.raises(RosterInvalid) as caught:
        services.roster_import(actor=teacher, path_or_file=save(workbook([mine, own, other]), tmp_path / "a.xlsx"))
    assert [(e.row, e.column, e.code) for e in caught.value.report.errors] == [(4, "班级", "out_of_scope")]
    assert snapshot(world.school) == before
    report = services.roster_import(actor=teacher, path_or_file=save(workbook([mine, own]), tmp_path / "b.xlsx"))
    assert (report.summary()["students_create"], report.summary()["students_update"]) == (1, 1)
    x.refresh_from_db()
    assert x.address == "北京市新家9号"
    assert Student.objects.get(student_no="2026801").school_class == world.class_a
    entry = LogEntry.objects.filter(content_type__model="student", object_id=x.pk).latest("pk")
    assert entry.actor == world.users["head_teacher_a"]


@pytest.mark.parametrize("persona", ["leader", "counsellor", "parent_x", "student_x", "elder", "finance"])
def test_roles_without_the_import_capability_get_404(world, tmp_path, persona):
    from django.http import Http404

    with pytest.raises(Http404):
        services.roster_validate(actor=world.actor(persona), path_or_file=new_family(tmp_path))


def test_an_outsider_imports_into_the_own_school_only(world, tmp_path):
    x = world.student_x  # same student number as the other school's student: a different student there
    path = save(workbook([student_row(world.other_student.student_no, world.other_student.name, gender="女",
                                      出生日期=world.other_student.birth_date, 身份证号=world.other_student.id_card,
                                      家庭住址=None, 入学日期=None, guardians=[])]), tmp_path / "o.xlsx")
    report = services.roster_import(actor=world.actor("outsider"), path_or_file=path)
    assert report.summary()["students_unchanged"] == 1
    assert Student.objects.get(pk=x.pk).name == x.name


def test_guardians_are_matched_by_mobile_number_or_by_name_among_the_students_guardians(world, tmp_path):
    z, gz = world.student_z, world.guardian_z
    StudentGuardian.objects.create(student=z, guardian=Guardian.objects.create(school=world.school, name="王奶奶"),
                                   relation="grandmother")
    rows = [
        # a new child of guardian_z: linked to the existing guardian by the mobile number
        student_row("2026901", "王小强", seq=31, klass="2班", guardians=[(gz.name, "父亲", gz.phone)]),
        # student_z again: the grandmother without a number is found by name; now she has one
        student_row(z.student_no, z.name, 出生日期=z.birth_date, 身份证号=z.id_card, 家庭住址=None, 入学日期=None,
                    klass="2班", guardians=[(gz.name, "父亲", gz.phone), ("王奶奶", "奶奶", "13700009999")]),
    ]
    guardians_before = Guardian.objects.count()
    report = services.roster_import(actor=world.actor("director"),
                                    path_or_file=save(workbook(rows), tmp_path / "g.xlsx"))
    s = report.summary()
    assert (s["guardians_create"], s["guardians_update"], s["links_add"]) == (0, 1, 1)
    assert (s["students_create"], s["students_update"], s["students_unchanged"]) == (1, 0, 1), \
        "every row is a student created, updated or unchanged"
    assert Guardian.objects.count() == guardians_before
    assert set(gz.students.all()) == {z, Student.objects.get(student_no="2026901")}
    assert Guardian.objects.get(name="王奶奶").phone == "13700009999"
    new_link = StudentGuardian.objects.get(student__student_no="2026901")
    assert new_link.is_primary, "the first guardian of a new student is the primary contact"


def test_the_command_line_path_imports_as_the_system(world, tmp_path):
    report = services.roster_import(actor=None, school=world.school, path_or_file=new_family(tmp_path), source="cli")
    assert report.summary()["students_create"] == 2
    entry = LogEntry.objects.filter(content_type__model="student").latest("pk")
    assert entry.actor is None and entry.additional_data == {"source": "roster_import", "import": "cli"}
    with pytest.raises(ValueError):
        services.roster_import(actor=None, path_or_file=new_family(tmp_path, "again.xlsx"))


def test_the_bulk_audit_diff_is_auditlogs_own(world):
    """_AuditBatch.created skips computing the missing 'old' object field by field; same result."""
    s = Student(school=world.school, school_class=world.class_a, student_no="2026999", name="对照", gender="F",
                birth_date=dt.date(2013, 1, 2), id_card="110101201301020023", address="某地", enrolment_date=None)
    s.fill_keys()
    s.save()
    g = Guardian(school=world.school, name="对照家长", phone="13700001234")
    g.fill_keys()
    g.save()
    link = StudentGuardian.objects.create(student=s, guardian=g, relation="mother", is_primary=True)
    batch = services._AuditBatch(None, None, "")
    batch.created([s, g, link])
    for obj, entry in zip([s, g, link], batch.rows, strict=True):
        ours = {k: list(v) for k, v in entry.changes.items()}
        theirs = {k: list(v) for k, v in model_instance_diff(None, obj).items()}
        assert ours == theirs, obj
