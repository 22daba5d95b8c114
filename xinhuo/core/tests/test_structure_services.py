"""School years, terms, grades, classes, departments and the committee (xinhuo/core/services.py),
directly and through the structure pages. Every refusal is a ValidationError with a Chinese
message, and writes nothing at all (not even an audit entry)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from auditlog.models import LogEntry
from django.http import Http404
from django.utils import translation

from xinhuo.core import services
from xinhuo.core.models import (
    CommitteeMember,
    Department,
    Grade,
    Membership,
    Role,
    SchoolClass,
    SchoolYear,
    Term,
)
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.people import selectors as people_selectors

D = dt.date
TRACKED = (SchoolYear, Term, Grade, SchoolClass, Department, CommitteeMember, Membership,
           Membership.classes.through, LogEntry)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def snapshot() -> dict[str, object]:
    out: dict[str, object] = {m._meta.label: m.objects.count() for m in TRACKED}
    out["current years"] = sorted(SchoolYear.objects.filter(is_current=True).values_list("pk", flat=True))
    out["head teachers"] = sorted(Membership.classes.through.objects.values_list("membership_id", "schoolclass_id"))
    out["committee"] = sorted(CommitteeMember.objects.values_list("pk", "position", "in_leading_group", "user_id"))
    return out


refused = partial(refused_unchanged, snapshot)  # the block raises and writes nothing


@pytest.fixture
def director(world):
    return world.actor("director")


@pytest.fixture
def outsider(world):
    return world.actor("outsider")


# --- school years -----------------------------------------------------------------------------------


def test_create_a_school_year(world, director):
    year = services.school_year_create(actor=director, name="2027-2028学年", start=D(2027, 9, 1),
                                       end=D(2028, 7, 15), is_current=False)
    assert year.school == world.school and year.name == "2027-2028学年"
    assert LogEntry.objects.get_for_object(year).exists()  # the write is audited
    world.year.refresh_from_db()
    assert world.year.is_current


def test_a_new_current_year_replaces_the_old_one(world, director):
    new = services.school_year_create(actor=director, name="2027-2028学年", start=D(2027, 9, 1),
                                      end=D(2028, 7, 15), is_current=True)
    assert list(SchoolYear.objects.filter(school=world.school, is_current=True)) == [new]


def test_a_current_year_here_leaves_the_other_schools_current_year(world, director):
    theirs = SchoolYear.objects.create(school=world.other, name="2026-2027学年", start=D(2026, 9, 1),
                                       end=D(2027, 7, 1), is_current=True)
    services.school_year_create(actor=director, name="2027-2028学年", start=D(2027, 9, 1), end=D(2028, 7, 15),
                                is_current=True)
    theirs.refresh_from_db()
    assert theirs.is_current


@pytest.mark.parametrize(("start", "end"), [(D(2027, 9, 1), D(2027, 8, 31)), (D(2027, 9, 1), D(2027, 9, 1))])
def test_year_ending_before_or_on_its_start_is_refused(director, start, end):
    with refused("结束日期必须晚于开始日期"):
        services.school_year_create(actor=director, name="2027-2028学年", start=start, end=end, is_current=True)


def test_duplicate_year_name_is_refused(director):
    with refused("已有同名学年"):
        services.school_year_create(actor=director, name="2026-2027学年", start=D(2027, 9, 1),
                                    end=D(2028, 7, 1), is_current=True)


def test_same_year_name_in_another_school_is_fine(world, outsider):
    year = services.school_year_create(actor=outsider, name="2026-2027学年", start=D(2026, 9, 1),
                                       end=D(2027, 7, 1), is_current=True)
    assert year.school == world.other
    world.year.refresh_from_db()
    assert world.year.is_current  # the other school's current year does not touch ours


@pytest.mark.parametrize("persona", ["leader", "head_teacher_a", "counsellor", "elder", "parent_x", "student_x"])
def test_only_managers_may_change_the_structure(world, persona):
    actor = world.actor(persona)
    with refused(exc=Http404):
        services.school_year_create(actor=actor, name="2027-2028学年", start=D(2027, 9, 1), end=D(2028, 7, 1),
                                    is_current=False)
    with refused(exc=Http404):
        services.grade_create(actor=actor, name="初二", level=8)
    with refused(exc=Http404):
        services.class_set_head_teacher(actor=actor, school_class=world.class_a, user=None)


# --- terms ------------------------------------------------------------------------------------------


def test_create_a_term(world, director):
    term = services.term_create(actor=director, school_year=world.year, name="第二学期", start=D(2027, 2, 20),
                                end=D(2027, 7, 10))
    assert list(world.year.terms.values_list("name", flat=True)) == ["第一学期", "第二学期"]
    assert term.pk


def test_term_ending_before_its_start_is_refused(world, director):
    with refused("结束日期必须晚于开始日期"):
        services.term_create(actor=director, school_year=world.year, name="第二学期", start=D(2027, 7, 1),
                             end=D(2027, 2, 20))


@pytest.mark.parametrize(("start", "end"), [
    (D(2026, 8, 1), D(2026, 8, 31)),  # wholly before the year
    (D(2027, 2, 20), D(2027, 7, 16)),  # one day past the year's end
    (D(2027, 7, 20), D(2027, 8, 30)),  # wholly after
])
def test_term_outside_its_year_is_refused(world, director, start, end):
    with refused("学期必须在所属学年之内", "2026-09-01", "2027-07-15"):
        services.term_create(actor=director, school_year=world.year, name="第二学期", start=start, end=end)


@pytest.mark.parametrize(("start", "end"), [
    (D(2027, 1, 10), D(2027, 3, 1)),  # overlaps the first term's end
    (D(2026, 9, 1), D(2026, 10, 1)),  # inside it
    (D(2026, 9, 1), D(2027, 7, 1)),  # around it
    (D(2027, 1, 20), D(2027, 7, 1)),  # starts the day the first term ends: that day is in both terms
])
def test_overlapping_terms_are_refused(world, director, start, end):
    with refused("重叠"):
        services.term_create(actor=director, school_year=world.year, name="第二学期", start=start, end=end)


def test_a_term_may_start_the_day_after_the_previous_one_ends(world, director):
    services.term_create(actor=director, school_year=world.year, name="第二学期", start=D(2027, 1, 21),
                         end=D(2027, 7, 10))
    assert world.year.terms.count() == 2


def test_duplicate_term_name_is_refused(world, director):
    with refused("已有同名学期"):
        services.term_create(actor=director, school_year=world.year, name="第一学期", start=D(2027, 2, 20),
                             end=D(2027, 7, 10))


def test_term_in_another_schools_year_is_refused(world, director):
    theirs = SchoolYear.objects.create(school=world.other, name="2026-2027学年", start=D(2026, 9, 1),
                                       end=D(2027, 7, 1))
    with refused("属于其他学校"):
        services.term_create(actor=director, school_year=theirs, name="第二学期", start=D(2027, 2, 20),
                             end=D(2027, 6, 30))


# --- grades and classes -----------------------------------------------------------------------------


def test_create_a_grade_and_its_classes(world, director):
    grade = services.grade_create(actor=director, name="初二", level=8)
    first = services.class_create(actor=director, grade=grade, number=1)
    third = services.class_create(actor=director, grade=grade, number=3, name="实验班")
    assert grade.school == world.school
    assert (first.name, first.school, first.grade) == ("1班", world.school, grade)
    assert third.name == "实验班"
    assert str(first) == "初二1班"


def test_duplicate_grade_name_is_refused(director):
    with refused("已有同名年级"):
        services.grade_create(actor=director, name="初一", level=9)


def test_duplicate_grade_level_is_refused(director):
    with refused("已有相同序号的年级"):
        services.grade_create(actor=director, name="七年级", level=7)


def test_duplicate_class_number_is_refused(world, director):
    with refused("该年级已有相同班号的班级"):
        services.class_create(actor=director, grade=world.grade, number=1, name="另一个1班")


def test_same_class_number_in_another_grade_is_fine(world, director):
    grade = services.grade_create(actor=director, name="初二", level=8)
    assert services.class_create(actor=director, grade=grade, number=1).number == 1


def test_class_in_another_schools_grade_is_refused(world, director, outsider):
    with refused("该年级属于其他学校"):
        services.class_create(actor=director, grade=world.other_class.grade, number=2)
    with refused("该年级属于其他学校"):
        services.class_create(actor=outsider, grade=world.grade, number=3)


# --- head teachers ----------------------------------------------------------------------------------


def head_teachers(school_class) -> list[str]:
    return sorted(Membership.objects.filter(role=Role.HEAD_TEACHER, classes=school_class)
                  .values_list("user__username", flat=True))


def test_assigning_a_head_teacher_moves_the_class_between_teachers(world, director):
    assert head_teachers(world.class_a) == ["teacher"]
    services.class_set_head_teacher(actor=director, school_class=world.class_a, user=world.users["head_teacher_b"])
    assert head_teachers(world.class_a) == ["teacher2"]
    assert head_teachers(world.class_b) == ["teacher2"]
    # the scope follows: the previous teacher no longer sees the class's students, the new one does
    old = world.actor("head_teacher_a")
    new = world.actor("head_teacher_b")
    assert old.class_ids == frozenset()
    assert not people_selectors.students(old).exists()
    assert set(people_selectors.students(new)) == {world.student_x, world.student_y, world.student_z}


def test_a_staff_member_without_the_role_becomes_head_teacher(world, director):
    services.class_set_head_teacher(actor=director, school_class=world.class_b, user=world.users["counsellor"])
    assert head_teachers(world.class_b) == ["counsellor"]
    assert Membership.objects.filter(user=world.users["counsellor"], role=Role.HEAD_TEACHER).count() == 1
    assert world.actor("counsellor").class_ids == {world.class_b.pk}


def test_clearing_the_head_teacher(world, director):
    services.class_set_head_teacher(actor=director, school_class=world.class_a, user=None)
    assert head_teachers(world.class_a) == []
    assert not people_selectors.students(world.actor("head_teacher_a")).exists()


def test_head_teacher_from_another_school_is_refused_and_the_class_keeps_its_teacher(world, director):
    with refused("该账号不属于本校"):
        services.class_set_head_teacher(actor=director, school_class=world.class_a, user=world.users["outsider"])
    assert head_teachers(world.class_a) == ["teacher"]


def test_head_teacher_of_another_schools_class_is_refused(world, director, outsider):
    with refused("该班级属于其他学校"):
        services.class_set_head_teacher(actor=director, school_class=world.other_class,
                                        user=world.users["head_teacher_a"])
    with refused("该班级属于其他学校"):
        services.class_set_head_teacher(actor=outsider, school_class=world.class_a, user=None)
    assert head_teachers(world.class_a) == ["teacher"]


# --- departments --------------------------------------------------------------------------------------


def test_create_a_department(world, director):
    d = services.department_create(actor=director, name="团委", kind=Department.Kind.YOUTH_LEAGUE,
                                   duties="组织团员活动")
    assert (d.school, d.kind, d.duties) == (world.school, "youth_league", "组织团员活动")


def test_duplicate_department_name_is_refused(director):
    with refused("已有同名部门"):
        services.department_create(actor=director, name="德育处", kind=Department.Kind.OTHER)


# --- committee ----------------------------------------------------------------------------------------


def seat(world, **kw) -> CommitteeMember:
    kw.setdefault("school", world.school)
    return CommitteeMember(**kw)


def test_add_a_deputy_who_joins_the_leading_group(world, director):
    member = services.committee_member_save(
        actor=director, member=seat(world, name="钱副组长", position=CommitteeMember.Position.DEPUTY,
                                    user=world.users["leader"]))
    assert member.pk and member.in_leading_group and member.school == world.school


def test_a_plain_member_stays_outside_the_leading_group(world, director):
    member = services.committee_member_save(
        actor=director, member=seat(world, name="孙委员", position=CommitteeMember.Position.MEMBER))
    assert not member.in_leading_group


def test_a_second_group_leader_is_refused(world, director):
    with refused("领导小组已有组长"):
        services.committee_member_save(
            actor=director, member=seat(world, name="李组长", position=CommitteeMember.Position.LEADER))


def test_the_group_leader_can_be_edited(world, director):
    leader = world.committee_member
    leader.title = "党支部书记"
    services.committee_member_save(actor=director, member=leader)
    leader.refresh_from_db()
    assert leader.title == "党支部书记"


def test_committee_seat_for_an_account_of_another_school_is_refused(world, director):
    with refused("该账号不属于本校"):
        services.committee_member_save(
            actor=director, member=seat(world, name="外校人", position=CommitteeMember.Position.MEMBER,
                                        user=world.users["outsider"]))


def test_committee_seat_of_another_school_cannot_be_edited_or_removed(world, outsider):
    member = world.committee_member
    member.name = "改名"
    with refused("属于其他学校"):
        services.committee_member_save(actor=outsider, member=member)
    with refused("属于其他学校"):
        services.committee_member_remove(actor=outsider, member=world.committee_member)
    assert CommitteeMember.objects.get(pk=member.pk).name == "赵书记"


def test_remove_a_committee_seat(world, director):
    services.committee_member_remove(actor=director, member=world.committee_member)
    assert not CommitteeMember.objects.filter(pk=world.committee_member.pk).exists()


# --- bad values from callers with no form in front (imports, commands, other apps) ---------------------


@pytest.mark.parametrize(("call", "field", "phrase"), [
    (lambda a, w: services.school_year_create(actor=a, name="年" * 41, start=D(2027, 9, 1), end=D(2028, 7, 1),
                                              is_current=False), "name", "不超过 40"),
    (lambda a, w: services.school_year_create(actor=a, name="  ", start=D(2027, 9, 1), end=D(2028, 7, 1),
                                              is_current=False), "name", "不能为空"),
    (lambda a, w: services.term_create(actor=a, school_year=w.year, name="期" * 41, start=D(2027, 2, 20),
                                       end=D(2027, 7, 1)), "name", "不超过 40"),
    (lambda a, w: services.grade_create(actor=a, name="级" * 21, level=8), "name", "不超过 20"),
    (lambda a, w: services.class_create(actor=a, grade=w.grade, number=5, name="班" * 21), "name", "不超过 20"),
    (lambda a, w: services.department_create(actor=a, name="部" * 51, kind="other"), "name", "不超过 50"),
    (lambda a, w: services.department_create(actor=a, name="新部门", kind="no-such-kind"), "kind", "有效"),
])
def test_service_refuses_values_the_columns_cannot_hold(world, director, call, field, phrase):
    """On PostgreSQL these would be a DataError (a 500 page); on SQLite they would be stored as they are."""
    with refused(phrase) as info:
        call(director, world)
    assert field in info.value.message_dict


# --- through the pages --------------------------------------------------------------------------------


def post_refused(client, url: str, data: dict, *phrases: str) -> str:
    before = snapshot()
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400, body[:500]
    assert snapshot() == before, "a refused form wrote something"
    for phrase in phrases:
        assert phrase in body, f"{phrase!r} not on the page"
    return body


def test_page_year_ending_before_start(world):
    body = post_refused(world.client("director"), "/structure/years/new/",
                        {"year-name": "2027-2028学年", "year-start": "2027-09-01", "year-end": "2027-08-01"},
                        "结束日期必须晚于开始日期")
    assert 'value="2027-2028学年"' in body  # what the user typed is kept


def test_page_year_with_missing_fields(world):
    post_refused(world.client("director"), "/structure/years/new/", {"year-name": ""}, "该字段是必填项")


def test_page_year_with_a_bad_date(world):
    post_refused(world.client("director"), "/structure/years/new/",
                 {"year-name": "2027-2028学年", "year-start": "2027-02-30", "year-end": "2028-07-01"},
                 "有效的日期")


def test_page_term_outside_its_year(world):
    post_refused(world.client("director"), "/structure/terms/new/",
                 {"term-school_year": world.year.pk, "term-name": "第二学期", "term-start": "2027-02-20",
                  "term-end": "2027-08-30"}, "学期必须在所属学年之内")


def test_page_term_in_another_schools_year(world):
    theirs = SchoolYear.objects.create(school=world.other, name="外校学年", start=D(2026, 9, 1), end=D(2027, 7, 1))
    post_refused(world.client("director"), "/structure/terms/new/",
                 {"term-school_year": theirs.pk, "term-name": "第二学期", "term-start": "2027-02-20",
                  "term-end": "2027-06-30"}, "选择一个有效的选项")


def test_page_duplicate_grade(world):
    post_refused(world.client("director"), "/structure/grades/new/", {"grade-name": "初一", "grade-level": "9"},
                 "已有同名年级")


def test_page_grade_level_out_of_range(world):
    post_refused(world.client("director"), "/structure/grades/new/", {"grade-name": "高四", "grade-level": "13"},
                 "12")


def test_page_class_of_another_schools_grade(world):
    post_refused(world.client("director"), "/structure/classes/new/",
                 {"class-grade": world.other_class.grade_id, "class-number": "5"}, "选择一个有效的选项")


def test_page_duplicate_class_number(world):
    post_refused(world.client("director"), "/structure/classes/new/",
                 {"class-grade": world.grade.pk, "class-number": "1"}, "该年级已有相同班号的班级")


def test_page_duplicate_department(world):
    post_refused(world.client("director"), "/structure/departments/new/",
                 {"department-name": "德育处", "department-kind": "other"}, "已有同名部门")


@pytest.mark.parametrize(("url", "data", "limit"), [
    ("/structure/years/new/", {"year-name": "年" * 41, "year-start": "2027-09-01", "year-end": "2028-07-01"}, 40),
    ("/structure/grades/new/", {"grade-name": "级" * 21, "grade-level": "9"}, 20),
    ("/structure/classes/new/", {"class-grade": "GRADE", "class-number": "5", "class-name": "班" * 21}, 20),
    ("/structure/departments/new/", {"department-name": "部" * 51, "department-kind": "other"}, 50),
    ("/structure/departments/new/", {"department-name": "新部门", "department-kind": "other",
                                     "department-duties": "职" * 2001}, 2000),
])
def test_page_over_long_fields_are_refused(world, url, data, limit):
    data = {k: (world.grade.pk if v == "GRADE" else v) for k, v in data.items()}
    post_refused(world.client("director"), url, data, f"不超过 {limit} 字符")


def test_page_head_teacher_of_another_school_is_refused(world):
    post_refused(world.client("director"), f"/structure/classes/{world.class_a.pk}/head-teacher/",
                 {"user": world.users["outsider"].pk}, "选择一个有效的选项")
    assert head_teachers(world.class_a) == ["teacher"]


def test_page_head_teacher_moves_the_class(world):
    response = world.client("director").post(f"/structure/classes/{world.class_a.pk}/head-teacher/",
                                             {"user": world.users["head_teacher_b"].pk})
    assert response.status_code == 302
    assert head_teachers(world.class_a) == ["teacher2"]


def test_page_happy_paths_write_and_show_the_rows(world):
    client = world.client("director")
    assert client.post("/structure/years/new/", {"year-name": "2027-2028学年", "year-start": "2027-09-01",
                                                 "year-end": "2028-07-15"}).status_code == 302
    assert client.post("/structure/grades/new/", {"grade-name": "初二", "grade-level": "8"}).status_code == 302
    grade = Grade.objects.get(school=world.school, name="初二")
    assert client.post("/structure/classes/new/", {"class-grade": grade.pk, "class-number": "3"}).status_code == 302
    assert client.post("/structure/departments/new/", {"department-name": "团委", "department-kind": "youth_league"}
                       ).status_code == 302
    body = client.get("/structure/").content.decode()
    for text in ("2027-2028学年", "初二3班", "团委"):
        assert text in body
    assert not SchoolYear.objects.get(name="2027-2028学年").is_current


SCRIPT = "<script>alert(1)</script>"


def test_markup_in_names_is_stored_as_text_and_rendered_escaped(world):
    client = world.client("director")
    assert client.post("/structure/departments/new/", {"department-name": SCRIPT, "department-kind": "other",
                                                       "department-duties": '<img src=x onerror="alert(2)">'}
                       ).status_code == 302
    assert client.post("/structure/grades/new/", {"grade-name": "<b>初三</b>", "grade-level": "9"}).status_code == 302
    assert Department.objects.get(school=world.school, kind="other").name == SCRIPT
    body = client.get("/structure/").content.decode()
    assert SCRIPT not in body and "<b>初三</b>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;初三&lt;/b&gt;" in body
    assert "&lt;img src=x onerror=" in body


def test_markup_in_committee_names_is_rendered_escaped(world):
    client = world.client("director")
    response = client.post("/committee/new/", {"name": SCRIPT, "position": "member", "title": "<i>退休教师</i>",
                                               "order": "100"})
    assert response.status_code == 302
    body = client.get("/committee/").content.decode()
    assert SCRIPT not in body and "<i>退休教师</i>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_page_second_group_leader_is_refused(world):
    post_refused(world.client("director"), "/committee/new/",
                 {"name": "李组长", "position": "leader", "order": "1"}, "领导小组已有组长")
