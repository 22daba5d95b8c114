"""The school's structure over the API (/api/v1/years/, terms/, grades/, classes/, departments/; issue 19): the same
services, rules and messages as the structure pages; another school's record and a role without the right are 404."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_student
from xinhuo.core.models import Department, Grade, SchoolClass, SchoolYear, Term
from xinhuo.people.models import Student

D = dt.date


def api(world, persona: str = "director"):
    """A persona's client in English (the new messages are checked in their source text)."""
    c = world.client(persona)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def send(c, method: str, url: str, body: dict | None = None):
    return getattr(c, method)(url, body or {}, content_type="application/json")


def messages(response) -> str:
    """Every message of a 400 answer as one text."""
    data = response.json()
    return " ".join(m for value in data.values() for m in (value if isinstance(value, list) else [value]))


# --- reading ---------------------------------------------------------------------------------------------


def test_structure_viewers_read_their_schools_structure(world):
    c = api(world, "leader")
    years = c.get("/api/v1/years/").json()["results"]
    assert [(y["name"], y["is_current"], [t["name"] for t in y["terms"]]) for y in years] == [
        ("2026-2027学年", True, ["第一学期"])]
    assert [t["school_year_id"] for t in c.get("/api/v1/terms/").json()["results"]] == [world.year.pk]
    assert [(g["name"], g["level"]) for g in c.get("/api/v1/grades/").json()["results"]] == [("初一", 7)]
    classes = c.get("/api/v1/classes/").json()["results"]
    assert [(r["grade"], r["grade_id"], r["number"], r["student_count"]) for r in classes] == [
        ("初一", world.grade.pk, 1, 2), ("初一", world.grade.pk, 2, 1)]
    [dept] = c.get("/api/v1/departments/").json()["results"]
    assert (dept["name"], dept["kind"], dept["staff_count"]) == ("德育处", "moral_education", 1)


def test_terms_filtered_by_year(world):
    other = SchoolYear.objects.create(school=world.school, name="2040-2041学年", start=D(2040, 9, 1),
                                      end=D(2041, 7, 1))
    Term.objects.create(school_year=other, name="第一学期", start=D(2040, 9, 1), end=D(2041, 1, 1))
    c = api(world)
    rows = c.get("/api/v1/terms/", {"year": other.pk}).json()["results"]
    assert [r["school_year"] for r in rows] == ["2040-2041学年"]
    assert c.get("/api/v1/terms/", {"year": "9" * 30}).status_code == 400


LISTS = ["/api/v1/years/", "/api/v1/terms/", "/api/v1/grades/", "/api/v1/classes/", "/api/v1/departments/"]


def _grow(world, n: int) -> None:
    for i in range(n):
        level = 8 + i
        grade = Grade.objects.create(school=world.school, name=f"G{level}", level=level)
        for number in (1, 2, 3):
            cls = SchoolClass.objects.create(school=world.school, grade=grade, number=number, name=f"{number}班")
            make_student(world.school, cls, f"S{level}{number}", "学生", seq=level * 10 + number)
        year = SchoolYear.objects.create(school=world.school, name=f"Y{i}", start=D(2040 + i, 9, 1),
                                         end=D(2041 + i, 7, 1))
        Term.objects.create(school_year=year, name="t1", start=year.start, end=D(2041 + i, 1, 1))
        Term.objects.create(school_year=year, name="t2", start=D(2041 + i, 2, 1), end=year.end)
        Department.objects.create(school=world.school, name=f"D{i}")


@pytest.mark.parametrize("url", LISTS)
def test_list_endpoints_keep_their_query_count(world, url):
    c = api(world)
    c.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    _grow(world, 3)
    assert count() == few


# --- writing: the same rules as the pages ---------------------------------------------------------------------


def test_a_manager_creates_changes_and_deletes_each_part(world):
    c = api(world)
    year = send(c, "post", "/api/v1/years/", {"name": "2040-2041学年", "start": "2040-09-01", "end": "2041-07-15"})
    assert year.status_code == 201 and year.json()["is_current"] is False
    y = year.json()["id"]
    term = send(c, "post", "/api/v1/terms/", {"school_year_id": y, "name": "第一学期", "start": "2040-09-01",
                                              "end": "2041-01-20"})
    assert term.status_code == 201 and term.json()["school_year"] == "2040-2041学年"
    grade = send(c, "post", "/api/v1/grades/", {"name": "初三", "level": 9})
    assert grade.status_code == 201
    cls = send(c, "post", "/api/v1/classes/", {"grade_id": grade.json()["id"], "number": 4})
    assert cls.status_code == 201 and (cls.json()["name"], cls.json()["grade"], cls.json()["student_count"]) == (
        "4班", "初三", 0)
    dept = send(c, "post", "/api/v1/departments/", {"name": "团委", "kind": "youth_league", "duties": "团员"})
    assert dept.status_code == 201 and dept.json()["kind_label"] == "Youth League and Young Pioneers"

    changed = send(c, "patch", f"/api/v1/terms/{term.json()['id']}/", {"name": "上学期"})
    assert changed.status_code == 200 and changed.json()["name"] == "上学期"
    assert changed.json()["start"] == "2040-09-01"  # a PATCH keeps what it does not name
    whole = send(c, "put", f"/api/v1/grades/{grade.json()['id']}/", {"name": "九年级", "level": 9})
    assert whole.status_code == 200 and whole.json()["name"] == "九年级"

    for url in (f"/api/v1/classes/{cls.json()['id']}/", f"/api/v1/grades/{grade.json()['id']}/",
                f"/api/v1/terms/{term.json()['id']}/", f"/api/v1/years/{y}/",
                f"/api/v1/departments/{dept.json()['id']}/"):
        assert c.delete(url).status_code == 204, url
        assert c.get(url).status_code == 404
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, actor=world.users["director"])
    assert {e.content_type.model for e in deleted} == {"schoolyear", "term", "grade", "schoolclass", "department"}


def test_a_class_moved_over_the_api_keeps_its_students(world):
    grade8 = Grade.objects.create(school=world.school, name="初二", level=8)
    response = send(api(world), "patch", f"/api/v1/classes/{world.class_a.pk}/", {"grade_id": grade8.pk})
    assert response.status_code == 200
    assert (response.json()["grade"], response.json()["number"], response.json()["student_count"]) == ("初二", 1, 2)
    assert set(Student.objects.filter(school_class=world.class_a)) == {world.student_x, world.student_y}
    entry = LogEntry.objects.filter(object_pk=str(world.class_a.pk), content_type__model="schoolclass").latest(
        "timestamp")
    assert entry.actor == world.users["director"] and "grade" in entry.changes_dict


def test_a_graduated_class_is_read_but_not_changed(world):
    world.class_a.graduated_in = world.year
    world.class_a.save()
    c = api(world)
    url = f"/api/v1/classes/{world.class_a.pk}/"
    assert c.get(url).json()["graduated_in_id"] == world.year.pk
    assert world.class_a.pk not in {r["id"] for r in c.get("/api/v1/classes/").json()["results"]}
    response = send(c, "patch", url, {"name": "一班"})
    assert response.status_code == 400 and "graduated at the end of 2026-2027学年" in messages(response)
    assert c.delete(url).status_code == 400
    world.class_a.refresh_from_db()
    assert world.class_a.name == "1班"


# each refusal as the page shows it and as the API answers it: (page url, page form, api method, api url, api body)
def _refusals(w):
    term = w.year.terms.get()
    return {
        "overlapping years": ("/structure/years/new/", {"year-name": "2027", "year-start": "2027-07-01",
                                                        "year-end": "2028-07-01"},
                              "post", "/api/v1/years/", {"name": "2027", "start": "2027-07-01", "end": "2028-07-01"}),
        "a year shrunk past its term": (
            f"/structure/years/{w.year.pk}/", {"name": w.year.name, "start": "2026-10-01", "end": "2027-07-15",
                                               "is_current": "on"},
            "patch", f"/api/v1/years/{w.year.pk}/", {"start": "2026-10-01"}),
        "unmarking the current year": (
            f"/structure/years/{w.year.pk}/", {"name": w.year.name, "start": "2026-09-01", "end": "2027-07-15"},
            "patch", f"/api/v1/years/{w.year.pk}/", {"is_current": False}),
        "a term outside its year": (
            f"/structure/terms/{term.pk}/", {"school_year": w.year.pk, "name": term.name, "start": "2026-08-01",
                                             "end": "2027-01-20"},
            "put", f"/api/v1/terms/{term.pk}/", {"school_year_id": w.year.pk, "name": term.name,
                                                 "start": "2026-08-01", "end": "2027-01-20"}),
        "overlapping terms": (
            "/structure/terms/new/", {"term-school_year": w.year.pk, "term-name": "第二学期",
                                      "term-start": "2027-01-20", "term-end": "2027-07-01"},
            "post", "/api/v1/terms/", {"school_year_id": w.year.pk, "name": "第二学期", "start": "2027-01-20",
                                       "end": "2027-07-01"}),
        "a duplicate grade name": (
            "/structure/grades/new/", {"grade-name": "初一", "grade-level": 8},
            "post", "/api/v1/grades/", {"name": "初一", "level": 8}),
        "a duplicate level": (
            "/structure/grades/new/", {"grade-name": "初二", "grade-level": 7},
            "post", "/api/v1/grades/", {"name": "初二", "level": 7}),
        "a duplicate class number": (
            f"/structure/classes/{w.class_b.pk}/", {"grade": w.grade.pk, "number": 1, "name": ""},
            "patch", f"/api/v1/classes/{w.class_b.pk}/", {"number": 1}),
        "a duplicate department": (
            "/structure/departments/new/", {"department-name": "德育处", "department-kind": "other"},
            "post", "/api/v1/departments/", {"name": "德育处", "kind": "other"}),
    }


REFUSALS = ["overlapping years", "a year shrunk past its term", "unmarking the current year", "a term outside its year",
            "overlapping terms", "a duplicate grade name", "a duplicate level", "a duplicate class number",
            "a duplicate department"]


def _state() -> list:
    return [sorted(m.objects.values_list()) for m in (SchoolYear, Term, Grade, SchoolClass, Department)] + [
        LogEntry.objects.count()]


@pytest.mark.parametrize("case", REFUSALS)
def test_page_and_api_refuse_alike(world, case):
    page_url, form, method, api_url, body = _refusals(world)[case]
    c = api(world)
    before = _state()
    answer = send(c, method, api_url, body)
    assert answer.status_code == 400, answer.content
    said = messages(answer)
    page = c.post(page_url, form)
    assert page.status_code == 400
    assert said and said in page.content.decode().replace("&#x27;", "'")
    assert _state() == before


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/v1/grades/", {"name": "初二", "level": 13}, "level"),
    ("/api/v1/grades/", {"name": "初二", "level": 0}, "level"),
    ("/api/v1/classes/", {"grade_id": 10**30, "number": 3}, "grade_id"),
    ("/api/v1/classes/", {"grade_id": "abc", "number": 3}, "grade_id"),
    ("/api/v1/classes/", {"grade_id": 1, "number": 100}, "number"),
    ("/api/v1/terms/", {"school_year_id": 2**63, "name": "t", "start": "2026-09-01", "end": "2026-12-01"},
     "school_year_id"),
    ("/api/v1/years/", {"name": "x", "start": "1800-09-01", "end": "2027-07-01"}, "start"),
    ("/api/v1/years/", {"name": "x" * 41, "start": "2040-09-01", "end": "2041-07-01"}, "name"),
    ("/api/v1/departments/", {"name": "团委", "kind": "nonsense"}, "kind"),
])
def test_bad_values_are_400_on_their_field(world, url, body, field):
    before = _state()
    response = send(api(world), "post", url, body)
    assert response.status_code == 400 and field in response.json(), response.content
    assert _state() == before


def test_another_schools_records_are_404_or_refused(world):
    c = api(world)
    theirs = SchoolYear.objects.create(school=world.other, name="2026-2027学年", start=D(2026, 9, 1),
                                       end=D(2027, 7, 1))
    before = _state()
    for url in (f"/api/v1/years/{theirs.pk}/", f"/api/v1/grades/{world.other_class.grade_id}/",
                f"/api/v1/classes/{world.other_class.pk}/", "/api/v1/departments/99999/", f"/api/v1/terms/{2**63}/",
                f"/api/v1/classes/{10**30}/"):
        assert c.get(url).status_code == 404, url
        assert send(c, "patch", url, {"name": "x"}).status_code == 404, url
        assert c.delete(url).status_code == 404, url
    # a body naming another school's grade or year is refused on that field
    response = send(c, "post", "/api/v1/classes/", {"grade_id": world.other_class.grade_id, "number": 5})
    assert response.status_code == 400 and "grade_id" in response.json()
    response = send(c, "post", "/api/v1/terms/", {"school_year_id": theirs.pk, "name": "t", "start": "2026-09-01",
                                                  "end": "2026-12-01"})
    assert response.status_code == 400 and "school_year_id" in response.json()
    assert _state() == before


@pytest.mark.parametrize("persona", ["leader", "head_teacher_a", "counsellor", "elder", "parent_x"])
def test_non_managers_change_nothing(world, persona):
    c = api(world, persona)
    before = _state()
    assert send(c, "post", "/api/v1/grades/", {"name": "初三", "level": 9}).status_code == 404
    assert send(c, "patch", f"/api/v1/classes/{world.class_a.pk}/", {"name": "x"}).status_code == 404
    assert send(c, "put", f"/api/v1/departments/{world.department.pk}/", {"name": "x", "kind": "other"}
                ).status_code == 404
    assert c.delete(f"/api/v1/years/{world.year.pk}/").status_code == 404
    assert _state() == before


def test_refused_deletes_say_why(world):
    c = api(world)
    cases = {
        f"/api/v1/years/{world.year.pk}/": "current school year cannot be deleted",
        f"/api/v1/grades/{world.grade.pk}/": "still has 2 classes",
        f"/api/v1/classes/{world.class_a.pk}/": "2 students",
        f"/api/v1/departments/{world.department.pk}/": "1 staff members",
    }
    before = _state()
    for url, phrase in cases.items():
        response = c.delete(url)
        assert response.status_code == 400 and phrase in messages(response), (url, response.content)
    assert _state() == before
