"""Editing and deleting the school's structure (issue 19): years, terms, grades, classes and departments, through
the services (xinhuo/core/services.py) and the structure pages. Every refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import Http404
from django.utils import translation

from conftest import make_student
from xinhuo.core import services
from xinhuo.core.models import Department, Grade, Membership, SchoolClass, SchoolYear, Term
from xinhuo.core.tests.helpers import page_queries, refused_unchanged
from xinhuo.people.models import Staff, Student

D = dt.date
TRACKED = (SchoolYear, Term, Grade, SchoolClass, Department, Membership.classes.through, Student, LogEntry)


@pytest.fixture(autouse=True)
def _english():
    """The new messages are checked in their English source (the catalogue is compiled by the lead)."""
    with translation.override("en"):
        yield


def snapshot() -> dict[str, object]:
    out: dict[str, object] = {m._meta.label: m.objects.count() for m in TRACKED}
    out["years"] = sorted(SchoolYear.objects.values_list("pk", "name", "start", "end", "is_current"))
    out["terms"] = sorted(Term.objects.values_list("pk", "school_year_id", "name", "start", "end"))
    out["grades"] = sorted(Grade.objects.values_list("pk", "name", "level"))
    out["classes"] = sorted(SchoolClass.objects.values_list("pk", "grade_id", "number", "name"))
    out["departments"] = sorted(Department.objects.values_list("pk", "name", "kind", "duties"))
    out["students"] = sorted(Student.objects.values_list("pk", "school_class_id"))
    return out


refused = partial(refused_unchanged, snapshot)


@pytest.fixture
def director(world):
    return world.actor("director")


def future_year(world, **kw) -> SchoolYear:
    kw = {"name": "2040-2041学年", "start": D(2040, 9, 1), "end": D(2041, 7, 15), **kw}
    return SchoolYear.objects.create(school=world.school, **kw)


def logged(model, pk: int, action: int) -> LogEntry:
    """The change history's latest entry of `action` (LogEntry.Action) on a row (deleted ones too)."""
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk),
                                   action=action).latest("timestamp")


# --- school years ----------------------------------------------------------------------------------------


def test_a_year_is_renamed_and_its_dates_moved_in_the_change_history(world, director):
    year = services.school_year_update(actor=director, year=world.year, name="2026—2027学年", start=D(2026, 8, 25),
                                       end=D(2027, 7, 31), is_current=True)
    year.refresh_from_db()
    assert (year.name, year.start, year.end, year.is_current) == ("2026—2027学年", D(2026, 8, 25), D(2027, 7, 31), True)
    entry = logged(SchoolYear, year.pk, LogEntry.Action.UPDATE)
    assert entry.actor == world.users["director"] and "name" in entry.changes_dict


def test_marking_another_year_current_unmarks_the_old_one(world, director):
    new = future_year(world)
    services.school_year_update(actor=director, year=new, name=new.name, start=new.start, end=new.end,
                                is_current=True)
    assert list(SchoolYear.objects.filter(school=world.school, is_current=True)) == [new]
    world.year.refresh_from_db()
    entry = logged(SchoolYear, world.year.pk, LogEntry.Action.UPDATE)
    assert entry.changes_dict["is_current"] == ["True", "False"]


def test_the_current_year_cannot_be_unmarked(world, director):
    with refused("always has one current year"):
        services.school_year_update(actor=director, year=world.year, name=world.year.name, start=world.year.start,
                                    end=world.year.end, is_current=False)


def test_a_year_may_not_overlap_another(world, director):
    year = future_year(world)
    with refused("overlaps another school year"):
        services.school_year_update(actor=director, year=year, name=year.name, start=D(2027, 7, 15),
                                    end=D(2028, 7, 1), is_current=False)


def test_a_year_may_keep_its_own_dates_and_start_the_day_after_another_ends(world, director):
    year = future_year(world)
    services.school_year_update(actor=director, year=year, name=year.name, start=D(2027, 7, 16), end=D(2041, 7, 15),
                                is_current=False)
    year.refresh_from_db()
    assert year.start == D(2027, 7, 16)


def test_a_year_may_not_shrink_to_leave_out_its_terms(world, director):
    with refused("第一学期", "outside the year"):
        services.school_year_update(actor=director, year=world.year, name=world.year.name, start=D(2026, 9, 15),
                                    end=world.year.end, is_current=True)


def test_a_year_may_not_take_another_years_name(world, director):
    year = future_year(world)
    with refused("already exists"):
        services.school_year_update(actor=director, year=year, name="2026-2027学年", start=year.start, end=year.end,
                                    is_current=False)


def test_a_future_year_is_deleted_with_its_terms(world, director):
    year = future_year(world)
    term = Term.objects.create(school_year=year, name="第一学期", start=D(2040, 9, 1), end=D(2041, 1, 20))
    year_pk, term_pk = year.pk, term.pk
    services.school_year_delete(actor=director, year=year)
    assert not SchoolYear.objects.filter(pk=year_pk).exists() and not Term.objects.filter(pk=term_pk).exists()
    assert logged(SchoolYear, year_pk, LogEntry.Action.DELETE).actor == world.users["director"]
    assert logged(Term, term_pk, LogEntry.Action.DELETE).actor == world.users["director"]


def test_the_current_year_and_a_year_that_has_begun_are_not_deleted(world, director):
    with refused("current school year cannot be deleted"):
        services.school_year_delete(actor=director, year=world.year)
    past = SchoolYear.objects.create(school=world.school, name="2020-2021学年", start=D(2020, 9, 1),
                                     end=D(2021, 7, 15))
    with refused("has begun"):
        services.school_year_delete(actor=director, year=past)


def test_a_year_a_graduated_class_refers_to_is_not_deleted(world, director):
    year = future_year(world)
    SchoolClass.objects.create(school=world.school, grade=world.grade, number=1, name="1班", graduated_in=year)
    with refused("cannot be deleted", "classes (1)"):
        services.school_year_delete(actor=director, year=year)


def test_another_schools_year_does_not_exist_here(world):
    outsider = world.actor("outsider")
    with refused(exc=Http404):
        services.school_year_update(actor=outsider, year=world.year, name="x", start=D(2026, 9, 1),
                                    end=D(2027, 7, 1), is_current=True)
    year = future_year(world)
    with refused(exc=Http404):
        services.school_year_delete(actor=outsider, year=year)


# --- terms -----------------------------------------------------------------------------------------------


@pytest.fixture
def term(world):
    return world.year.terms.get()


@pytest.fixture
def second(world):
    return Term.objects.create(school_year=world.year, name="第二学期", start=D(2027, 2, 20), end=D(2027, 7, 10))


def test_a_term_is_renamed_and_moved(world, director, term):
    services.term_update(actor=director, term=term, school_year=world.year, name="上学期", start=D(2026, 9, 2),
                         end=D(2027, 1, 25))
    term.refresh_from_db()
    assert (term.name, term.start, term.end) == ("上学期", D(2026, 9, 2), D(2027, 1, 25))
    assert logged(Term, term.pk, LogEntry.Action.UPDATE).actor == world.users["director"]


@pytest.mark.parametrize(("start", "end"), [(D(2026, 8, 31), D(2027, 1, 20)), (D(2026, 9, 1), D(2027, 7, 16))])
def test_a_term_stays_inside_its_year(world, director, term, start, end):
    with refused("within its school year"):
        services.term_update(actor=director, term=term, school_year=world.year, name=term.name, start=start, end=end)


def test_a_term_may_not_overlap_the_years_other_terms(world, director, term, second):
    with refused("overlaps another term"):
        services.term_update(actor=director, term=term, school_year=world.year, name=term.name, start=term.start,
                             end=D(2027, 2, 20))
    with refused("already exists in this year"):
        services.term_update(actor=director, term=second, school_year=world.year, name="第一学期",
                             start=second.start, end=second.end)


def test_a_term_cannot_move_into_another_schools_year(world, director, term):
    theirs = SchoolYear.objects.create(school=world.other, name="2026-2027学年", start=D(2026, 9, 1),
                                       end=D(2027, 7, 15))
    with refused("another school"):
        services.term_update(actor=director, term=term, school_year=theirs, name=term.name, start=term.start,
                             end=term.end)


def test_a_term_is_deleted(world, director, second):
    pk = second.pk
    services.term_delete(actor=director, term=second)
    assert not Term.objects.filter(pk=pk).exists()
    assert logged(Term, pk, LogEntry.Action.DELETE).actor == world.users["director"]


# --- grades ----------------------------------------------------------------------------------------------


def test_a_grade_is_renamed_and_its_level_changed(world, director):
    services.grade_update(actor=director, grade=world.grade, name="七年级", level=6)
    world.grade.refresh_from_db()
    assert (world.grade.name, world.grade.level) == ("七年级", 6)
    assert logged(Grade, world.grade.pk, LogEntry.Action.UPDATE).actor == world.users["director"]


def test_grade_names_and_levels_stay_unique(world, director):
    other = Grade.objects.create(school=world.school, name="初二", level=8)
    with refused("level already exists"):
        services.grade_update(actor=director, grade=other, name="初二", level=7)
    with refused("name already exists"):
        services.grade_update(actor=director, grade=other, name="初一", level=8)


@pytest.mark.parametrize("level", [0, 13, 200])
def test_a_grade_level_is_a_year_of_schooling(world, director, level):
    with refused("1 to 12"):
        services.grade_update(actor=director, grade=world.grade, name="初一", level=level)
    with refused("1 to 12"):
        services.grade_create(actor=director, name="新年级", level=level)


def test_a_grade_with_classes_is_not_deleted_an_empty_one_is(world, director):
    with refused("still has 2 classes"):
        services.grade_delete(actor=director, grade=world.grade)
    empty = Grade.objects.create(school=world.school, name="初三", level=9)
    services.grade_delete(actor=director, grade=empty)
    assert not Grade.objects.filter(pk=empty.pk).exists()


# --- classes ---------------------------------------------------------------------------------------------


@pytest.fixture
def grade8(world):
    return Grade.objects.create(school=world.school, name="初二", level=8)


def test_a_class_moved_to_another_grade_keeps_its_students(world, director, grade8):
    services.class_update(actor=director, school_class=world.class_a, grade=grade8, number=5, name="")
    world.class_a.refresh_from_db()
    assert (world.class_a.grade, world.class_a.number, world.class_a.name) == (grade8, 5, "5班")
    assert set(world.class_a.students.all()) == {world.student_x, world.student_y}
    entry = logged(SchoolClass, world.class_a.pk, LogEntry.Action.UPDATE)
    assert entry.actor == world.users["director"] and "grade" in entry.changes_dict


def test_a_class_keeps_a_name_of_its_own_when_its_number_changes(world, director):
    world.class_a.name = "火箭班"
    world.class_a.save()
    services.class_update(actor=director, school_class=world.class_a, grade=world.grade, number=7, name="火箭班")
    world.class_a.refresh_from_db()
    assert (world.class_a.number, world.class_a.name) == (7, "火箭班")


def test_a_class_number_is_unique_among_the_grades_classes_at_school(world, director):
    with refused("already has a class with this number"):
        services.class_update(actor=director, school_class=world.class_b, grade=world.grade, number=1, name="")


def test_a_graduated_class_leaves_its_number_free(world, director):
    world.class_a.graduated_in = world.year
    world.class_a.save()
    services.class_update(actor=director, school_class=world.class_b, grade=world.grade, number=1, name="")
    new = services.class_create(actor=director, grade=world.grade, number=2)
    assert new.number == 2 and SchoolClass.objects.filter(grade=world.grade, number=1).count() == 2


def test_a_graduated_class_cannot_be_changed(world, director, grade8):
    world.class_a.graduated_in = world.year
    world.class_a.save()
    with refused("graduated at the end of 2026-2027学年"):
        services.class_update(actor=director, school_class=world.class_a, grade=grade8, number=1, name="")
    with refused("graduated"):
        services.class_set_head_teacher(actor=director, school_class=world.class_a, user=None)


@pytest.mark.parametrize("number", [0, 100, 30000])
def test_a_class_number_is_from_1_to_99(world, director, number):
    with refused("1 to 99"):
        services.class_update(actor=director, school_class=world.class_a, grade=world.grade, number=number, name="")
    with refused("1 to 99"):
        services.class_create(actor=director, grade=world.grade, number=number)


def test_a_class_cannot_move_into_another_schools_grade(world, director):
    with refused("another school"):
        services.class_update(actor=director, school_class=world.class_a, grade=world.other_class.grade, number=1,
                              name="")


def test_a_class_with_students_is_not_deleted_even_when_they_left(world, director):
    with refused("2 students"):
        services.class_delete(actor=director, school_class=world.class_a)
    Student.objects.filter(school_class=world.class_b).update(status=Student.Status.TRANSFERRED)
    with refused("1 students"):
        services.class_delete(actor=director, school_class=world.class_b)


def test_an_empty_class_is_deleted_and_its_head_teacher_unlinked(world, director):
    empty = services.class_create(actor=director, grade=world.grade, number=9)
    services.class_set_head_teacher(actor=director, school_class=empty, user=world.users["head_teacher_b"])
    pk = empty.pk
    services.class_delete(actor=director, school_class=empty)
    assert not SchoolClass.objects.filter(pk=pk).exists()
    assert world.actor("head_teacher_b").class_ids == {world.class_b.pk}
    assert logged(SchoolClass, pk, LogEntry.Action.DELETE).actor == world.users["director"]


# --- departments -----------------------------------------------------------------------------------------


def test_a_department_is_edited(world, director):
    services.department_update(actor=director, department=world.department, name="德育处（学生处）",
                               kind=Department.Kind.MORAL_EDUCATION, duties="学生日常管理")
    world.department.refresh_from_db()
    assert (world.department.name, world.department.duties) == ("德育处（学生处）", "学生日常管理")
    entry = logged(Department, world.department.pk, LogEntry.Action.UPDATE)
    assert entry.actor == world.users["director"]


def test_department_names_stay_unique_and_kinds_known(world, director):
    other = Department.objects.create(school=world.school, name="团委", kind=Department.Kind.YOUTH_LEAGUE)
    with refused("already exists"):
        services.department_update(actor=director, department=other, name="德育处", kind="youth_league")
    with refused(exc=Exception):
        services.department_update(actor=director, department=other, name="团委", kind="nonsense")


def test_a_department_with_staff_or_roles_is_not_deleted(world, director):
    with refused("1 staff members belong"):
        services.department_delete(actor=director, department=world.department)
    Staff.objects.filter(department=world.department).update(department=None)
    Membership.objects.filter(user=world.users["leader"]).update(department=world.department)
    with refused("cannot be deleted", "memberships (1)"):
        services.department_delete(actor=director, department=world.department)
    Membership.objects.filter(user=world.users["leader"]).update(department=None)
    services.department_delete(actor=director, department=world.department)
    assert not Department.objects.filter(pk=world.department.pk).exists()


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "head_teacher_a", "counsellor", "elder", "parent_x", "student_x"])
def test_only_managers_edit_or_delete(world, persona, term):
    actor = world.actor(persona)
    calls = [
        lambda: services.school_year_update(actor=actor, year=world.year, name="x", start=D(2026, 9, 1),
                                            end=D(2027, 7, 15), is_current=True),
        lambda: services.term_delete(actor=actor, term=term),
        lambda: services.grade_update(actor=actor, grade=world.grade, name="x", level=7),
        lambda: services.class_update(actor=actor, school_class=world.class_a, grade=world.grade, number=1, name=""),
        lambda: services.department_delete(actor=actor, department=world.department),
    ]
    for call in calls:
        with refused(exc=Http404):
            call()


# --- pages ----------------------------------------------------------------------------------------------


def client(world, persona: str = "director"):
    """A persona's browser set to English (the new messages are checked in their source text)."""
    c = world.client(persona)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_edit_page_shows_the_record_and_saves_it(world):
    c = client(world)
    page = c.get(f"/structure/years/{world.year.pk}/")
    assert page.status_code == 200 and 'value="2026-2027学年"' in page.content.decode()
    assert 'value="2026-09-01"' in page.content.decode()
    response = c.post(f"/structure/years/{world.year.pk}/", {"name": "2026—2027学年", "start": "2026-09-01",
                                                              "end": "2027-07-15", "is_current": "on"})
    assert response.status_code == 302
    world.year.refresh_from_db()
    assert world.year.name == "2026—2027学年"


def test_a_refused_edit_comes_back_with_the_reason(world):
    before = snapshot()
    response = client(world).post(f"/structure/terms/{world.year.terms.get().pk}/", {
        "school_year": world.year.pk, "name": "第一学期", "start": "2026-08-01", "end": "2027-01-20"})
    assert response.status_code == 400 and "within its school year" in response.content.decode()
    assert snapshot() == before


def test_moving_a_class_says_its_students_move_with_it(world, grade8):
    c = client(world)
    page = c.get(f"/structure/classes/{world.class_a.pk}/").content.decode()
    assert "its 2 students move with it" in page  # the form's confirmation and the grade's help
    response = c.post(f"/structure/classes/{world.class_a.pk}/", {"grade": grade8.pk, "number": 1, "name": "1班"})
    assert response.status_code == 302
    assert messages_of(response) == ["初一1班 is now 初二1班, with its 2 students."]
    assert set(Student.objects.filter(school_class=world.class_a)) == {world.student_x, world.student_y}


def test_a_graduated_class_page_is_read_only(world):
    world.class_a.graduated_in = world.year
    world.class_a.save()
    c = client(world)
    listing = c.get("/structure/").content.decode()
    assert f'href="/structure/classes/{world.class_a.pk}/">初一1班</a>' in listing
    assert "graduated at the end of 2026-2027学年" in listing
    page = c.get(f"/structure/classes/{world.class_a.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "cannot be changed" in body and 'name="number"' not in body
    before = snapshot()
    response = c.post(f"/structure/classes/{world.class_a.pk}/", {"grade": world.grade.pk, "number": 3, "name": ""})
    assert response.status_code == 400 and "cannot be changed" in response.content.decode()
    assert snapshot() == before


def test_a_refused_delete_goes_back_to_the_record_with_the_reason(world):
    c = client(world)
    before = snapshot()
    response = c.post(f"/structure/grades/{world.grade.pk}/delete/")
    assert response.status_code == 302 and response.url == f"/structure/grades/{world.grade.pk}/"
    assert messages_of(response) == ["This grade still has 2 classes (graduated ones included): it cannot be "
                                     "deleted."]
    assert snapshot() == before


def test_a_delete_from_the_page(world):
    year = future_year(world)
    response = client(world).post(f"/structure/years/{year.pk}/delete/")
    assert response.status_code == 302 and response.url == "/structure/"
    assert not SchoolYear.objects.filter(pk=year.pk).exists()


@pytest.mark.parametrize("path", ["years", "terms", "grades", "classes", "departments"])
def test_oversized_and_other_school_ids_are_404(world, path):
    c = client(world)
    other = {"years": SchoolYear.objects.create(school=world.other, name="x", start=D(2026, 9, 1),
                                                end=D(2027, 7, 1)),
             "grades": world.other_class.grade, "classes": world.other_class,
             "departments": Department.objects.create(school=world.other, name="德育处")}
    if path == "terms":
        other["terms"] = Term.objects.create(school_year=other["years"], name="t", start=D(2026, 9, 1),
                                             end=D(2026, 12, 1))
    for pk in (other[path].pk, 2**63, 10**30):
        assert c.get(f"/structure/{path}/{pk}/").status_code == 404
        assert c.post(f"/structure/{path}/{pk}/delete/").status_code == 404


def test_the_structure_page_links_to_each_record_and_keeps_its_query_count(world):
    c = client(world)
    body = c.get("/structure/").content.decode()
    for url in (f"/structure/years/{world.year.pk}/", f"/structure/terms/{world.year.terms.get().pk}/",
                f"/structure/grades/{world.grade.pk}/", f"/structure/classes/{world.class_a.pk}/",
                f"/structure/departments/{world.department.pk}/"):
        assert url in body
    few = page_queries(c, "/structure/")
    for level in (8, 9):
        grade = Grade.objects.create(school=world.school, name=f"G{level}", level=level)
        for n in range(1, 4):
            cls = SchoolClass.objects.create(school=world.school, grade=grade, number=n, name=f"{n}班")
            make_student(world.school, cls, f"S{level}{n}", "学生", seq=level * 10 + n)
        Department.objects.create(school=world.school, name=f"D{level}")
        year = future_year(world, name=f"Y{level}", start=D(2040 + level, 9, 1), end=D(2041 + level, 7, 1))
        Term.objects.create(school_year=year, name="t", start=year.start, end=D(2041 + level, 1, 1))
    SchoolClass.objects.filter(grade__level=9, number=1).update(graduated_in=world.year)
    assert page_queries(c, "/structure/") == few
