"""The student, guardian and staff pages: search, filters, pagination, the access log,
masking and the logged reveal of a sensitive value."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_guardian, make_student
from xinhuo.core.models import AccessLog
from xinhuo.people.models import Staff, Student

STUDENT_ROW = re.compile(r'href="/people/students/(\d+)/"')
GUARDIAN_ROW = re.compile(r'href="/people/guardians/(\d+)/"')
STAFF_ROW = re.compile(r'href="/people/staff/(\d+)/"')


def ids(response, pattern) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in pattern.findall(response.content.decode())}


def students_found(client, **params) -> set[int]:
    return ids(client.get("/people/students/", params), STUDENT_ROW)


def last_log() -> AccessLog:
    return AccessLog.objects.order_by("-id").first()


# --- search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "who"), [
    ("张小明", {"student_x"}),
    ("小明", {"student_x"}),
    ("小", {"student_x", "student_y", "student_z"}),
    ("zxm", {"student_x"}),
    ("ZXM", {"student_x"}),
    ("zx", {"student_x"}),
    ("lxh", {"student_y"}),
    ("zhangxiaoming", {"student_x"}),
    ("zhang xiao ming", {"student_x"}),
    ("zhang", {"student_x"}),
    ("wangxiao", {"student_z"}),
    ("2026001", {"student_x"}),
    ("202600", {"student_x", "student_y", "student_z"}),
    ("2026003", {"student_z"}),
    ("赵外校", set()),  # the other school's student
    ("qqq", set()),
    ("026001", set()),  # a number matches from its start only
])
def test_student_search(world, q, who):
    expected = {getattr(world, s).pk for s in who}
    assert students_found(world.client("director"), q=q) == expected


def test_search_stays_within_the_scope(world):
    assert students_found(world.client("head_teacher_b"), q="zxm") == set()
    assert students_found(world.client("head_teacher_b"), q="小") == {world.student_z.pk}
    assert students_found(world.client("parent_x"), q="小") == {world.student_x.pk}
    assert students_found(world.client("outsider"), q="2026001") == {world.other_student.pk}


def test_guardian_and_staff_search(world):
    client = world.client("director")
    assert ids(client.get("/people/guardians/", {"q": "zdm"}), GUARDIAN_ROW) == {world.guardian_x.pk}
    assert ids(client.get("/people/guardians/", {"q": "liu"}), GUARDIAN_ROW) == {world.guardian_x2.pk}
    assert ids(client.get("/people/guardians/", {"q": "大"}), GUARDIAN_ROW) == {world.guardian_x.pk,
                                                                               world.guardian_z.pk}
    assert ids(client.get("/people/staff/", {"q": "chen"}), STAFF_ROW) == {world.staff_a.pk}
    assert ids(client.get("/people/staff/", {"q": "T00"}), STAFF_ROW) == {world.staff_a.pk}
    assert ids(client.get("/people/staff/", {"q": "外校"}), STAFF_ROW) == set()


def test_an_over_long_search_is_ignored_not_an_error(world):
    response = world.client("director").get("/people/students/", {"q": "张" * 51})
    assert response.status_code == 200


# --- filters ----------------------------------------------------------------------------------------


def test_student_filters(world):
    client = world.client("director")
    assert students_found(client, gender="F") == {world.student_y.pk}
    assert students_found(client, school_class=world.class_b.pk) == {world.student_z.pk}
    assert students_found(client, grade=world.grade.pk) == {world.student_x.pk, world.student_y.pk,
                                                            world.student_z.pk}
    assert students_found(client, gender="M", school_class=world.class_a.pk) == {world.student_x.pk}
    Student.objects.filter(pk=world.student_z.pk).update(status=Student.Status.TRANSFERRED)
    assert students_found(client, status="transferred") == {world.student_z.pk}
    assert students_found(client, q="小", status="enrolled") == {world.student_x.pk, world.student_y.pk}


def test_a_filter_for_another_schools_class_finds_nothing_of_theirs(world):
    """A class id of the other school is not a valid choice; the list does not show their students."""
    found = students_found(world.client("director"), school_class=world.other_class.pk)
    assert world.other_student.pk not in found


def test_staff_department_filter(world):
    Staff.objects.create(school=world.school, staff_no="T0002", name="黄老师", gender="M")
    client = world.client("director")
    assert ids(client.get("/people/staff/", {"department": world.department.pk}), STAFF_ROW) == {world.staff_a.pk}
    assert len(ids(client.get("/people/staff/"), STAFF_ROW)) == 2


# --- pagination -------------------------------------------------------------------------------------


@pytest.fixture
def crowded(world):
    for i in range(30):
        s = make_student(world.school, world.class_a, f"2026{100 + i}", f"学生{i:02d}", born=dt.date(2013, 1, 1),
                         seq=10 + i)
        make_guardian(world.school, f"家长{i:02d}", f"1390000{1000 + i}", s)
    return world


def test_pagination(crowded):
    world = crowded
    client = world.client("director")
    first = students_found(client)
    second = students_found(client, page=2)
    assert len(first) == 25 and len(second) == 8 and not first & second
    assert students_found(client, page=99) == second  # past the end: the last page
    assert students_found(client, page="abc") == first
    body = client.get("/people/students/").content.decode()
    assert "33" in body  # the total is shown


def test_pagination_links_keep_the_filters(crowded):
    body = crowded.client("director").get("/people/students/", {"q": "xs", "gender": "M"}).content.decode()
    links = re.findall(r'href="\?([^"]*page=2[^"]*)"', body)
    assert links, "no link to page 2"
    assert "q=xs" in links[0] and "gender=M" in links[0]


def test_guardian_list_paginates(crowded):
    client = crowded.client("director")
    assert len(ids(client.get("/people/guardians/"), GUARDIAN_ROW)) == 25
    assert len(ids(client.get("/people/guardians/", {"page": 2}), GUARDIAN_ROW)) == 33 - 25


# --- access log -------------------------------------------------------------------------------------


def test_a_list_writes_an_access_log_row(world):
    world.client("director").get("/people/students/")
    entry = last_log()
    assert (entry.user, entry.school, entry.action, entry.object_type) == (
        world.users["director"], world.school, "list", "student")
    assert entry.detail["filters"] == {} and entry.detail["count"] == 3 and entry.detail["page"] == 1
    assert entry.ip == "127.0.0.1"


def test_a_search_writes_an_access_log_row_with_its_filters(world):
    world.client("head_teacher_a").get("/people/students/", {"q": "zxm", "gender": "M"})
    entry = last_log()
    assert entry.action == "search" and entry.user == world.users["head_teacher_a"]
    assert entry.detail["filters"] == {"q": "zxm", "gender": "M"}
    assert entry.detail["count"] == 1


def test_a_filtered_list_logs_its_filters(world):
    world.client("director").get("/people/students/", {"school_class": world.class_b.pk})
    entry = last_log()
    assert entry.action == "list" and entry.detail["filters"] == {"school_class": world.class_b.pk}
    assert entry.detail["count"] == 1


def test_every_people_page_writes_one_row(world):
    client = world.client("director")
    pages = [
        ("/people/students/", "list", "student", ""),
        (f"/people/students/{world.student_x.pk}/", "view", "student", str(world.student_x.pk)),
        ("/people/guardians/", "list", "guardian", ""),
        ("/people/guardians/?q=zdm", "search", "guardian", ""),
        (f"/people/guardians/{world.guardian_x.pk}/", "view", "guardian", str(world.guardian_x.pk)),
        ("/people/staff/", "list", "staff", ""),
        ("/people/staff/?q=chen", "search", "staff", ""),
        (f"/people/staff/{world.staff_a.pk}/", "view", "staff", str(world.staff_a.pk)),
    ]
    for url, action, object_type, object_id in pages:
        before = AccessLog.objects.count()
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == before + 1, url
        entry = last_log()
        assert (entry.action, entry.object_type, entry.object_id) == (action, object_type, object_id), url
        assert entry.ip == "127.0.0.1"


def test_a_denied_detail_logs_nothing(world):
    before = AccessLog.objects.count()
    assert world.client("head_teacher_b").get(f"/people/students/{world.student_x.pk}/").status_code == 404
    assert world.client("director").get(f"/people/students/{world.other_student.pk}/").status_code == 404
    assert AccessLog.objects.count() == before


def test_the_log_records_the_forwarded_address_only_from_remote_addr(world):
    """A client cannot write someone else's address into the log with X-Forwarded-For."""
    world.client("director").get("/people/students/", HTTP_X_FORWARDED_FOR="8.8.8.8", REMOTE_ADDR="10.1.2.3")
    assert last_log().ip == "10.1.2.3"


def test_the_access_log_page_shows_the_rows(world):
    world.client("head_teacher_a").get("/people/students/", {"q": "zxm"})
    body = world.client("director").get("/logs/access/", {"action": "search"}).content.decode()
    assert "zxm" in body and "teacher" in body


# --- append-only ------------------------------------------------------------------------------------


def test_access_log_rows_cannot_be_changed_or_deleted(world):
    world.client("director").get("/people/students/")
    entry = last_log()
    entry.action = "view"
    entry.detail = {}
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    fresh = AccessLog.objects.get(pk=entry.pk)
    assert fresh.action == "list" and fresh.detail["count"] == 3


def test_an_access_log_row_can_be_written(world):
    entry = AccessLog.objects.create(user=world.users["director"], school=world.school, action="view",
                                     object_type="student", object_id="1")
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_access_log_rows_cannot_be_changed_in_bulk(world):
    world.client("director").get("/people/students/")
    with pytest.raises(PermissionDenied):
        AccessLog.objects.all().update(action="view")
    with pytest.raises(PermissionDenied):
        AccessLog.objects.all().delete()


def test_deleting_a_user_with_log_rows_is_refused(world):
    from django.db.models import ProtectedError

    world.client("head_teacher_a").get("/people/students/")
    with pytest.raises(ProtectedError):
        world.users["head_teacher_a"].delete()
    assert AccessLog.objects.filter(user=world.users["head_teacher_a"]).exists()


# --- masking ----------------------------------------------------------------------------------------


def full_values(world) -> list[str]:
    return [world.student_x.id_card, world.student_y.id_card, world.student_x.address,
            "13812345678", "13912345678", "13512345678"]


@pytest.mark.parametrize("persona", ["admin", "director", "leader", "counsellor", "head_teacher_a", "parent_x",
                                     "student_x"])
def test_pages_never_show_full_sensitive_values(world, persona):
    client = world.client(persona)
    urls = ["/people/students/", f"/people/students/{world.student_x.pk}/", "/people/guardians/",
            f"/people/guardians/{world.guardian_x.pk}/", "/people/staff/", f"/people/staff/{world.staff_a.pk}/", "/"]
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode()
        for value in full_values(world):
            assert value not in body, f"{persona} sees {value} in full on {url}"


def test_student_detail_shows_masked_values(world):
    body = world.client("director").get(f"/people/students/{world.student_x.pk}/").content.decode()
    id_card = world.student_x.id_card
    assert f"{id_card[:6]}********{id_card[-4:]}" in body
    assert "138****5678" in body and "139****5678" in body
    assert "北京市东城" in body and "和平街" not in body


def test_reveal_buttons_only_for_fields_the_role_may_reveal(world):
    x = world.student_x.pk
    director = world.client("director").get(f"/people/students/{x}/").content.decode()
    assert f"/people/reveal/student/{x}/id_card/" in director
    assert f"/people/reveal/student/{x}/address/" in director
    teacher = world.client("head_teacher_a").get(f"/people/students/{x}/").content.decode()
    assert f"/people/reveal/student/{x}/id_card/" not in teacher
    assert f"/people/reveal/student/{x}/address/" in teacher
    leader = world.client("leader").get(f"/people/students/{x}/").content.decode()
    assert "/people/reveal/" not in leader


# --- reveal -----------------------------------------------------------------------------------------


def reveal(client, kind, pk, field, **extra):
    return client.post(f"/people/reveal/{kind}/{pk}/{field}/", **extra)


def test_reveal_returns_the_full_value_and_logs_it(world):
    response = reveal(world.client("director"), "student", world.student_x.pk, "id_card", REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert world.student_x.id_card in response.content.decode()
    entry = last_log()
    assert (entry.action, entry.object_type, entry.object_id, entry.field) == (
        "reveal", "student", str(world.student_x.pk), "id_card")
    assert entry.user == world.users["director"] and entry.ip == "10.0.0.7"
    assert entry.detail["name"] == "张小明"


@pytest.mark.parametrize(("persona", "kind", "obj", "field", "value"), [
    ("head_teacher_a", "student", "student_x", "address", "北京市东城区和平街1号3栋201室"),
    ("parent_x", "student", "student_x", "id_card", None),
    ("student_x", "student", "student_x", "id_card", None),
    ("head_teacher_a", "guardian", "guardian_x", "phone", "13812345678"),
    ("counsellor", "guardian", "guardian_x2", "phone", "13912345678"),
    ("leader", "staff", "staff_a", "phone", "13512345678"),
])
def test_reveal_for_allowed_roles(world, persona, kind, obj, field, value):
    target = getattr(world, obj)
    response = reveal(world.client(persona), kind, target.pk, field)
    assert response.status_code == 200
    assert (value or getattr(target, field)) in response.content.decode()
    assert AccessLog.objects.filter(action="reveal", user=world.users[persona], field=field,
                                    object_id=str(target.pk)).count() == 1


@pytest.mark.parametrize(("persona", "kind", "obj", "field"), [
    ("head_teacher_a", "student", "student_x", "id_card"),  # may see the student, not the ID card
    ("leader", "student", "student_x", "id_card"),
    ("leader", "student", "student_x", "address"),
    ("counsellor", "student", "student_x", "id_card"),
    ("head_teacher_b", "student", "student_x", "address"),  # not their class
    ("head_teacher_b", "guardian", "guardian_x", "phone"),
    ("parent_x", "student", "student_y", "id_card"),  # not their child
    ("student_y", "student", "student_x", "id_card"),
    ("elder", "staff", "staff_a", "phone"),
    ("outsider", "student", "student_x", "id_card"),
    ("director", "student", "other_student", "id_card"),  # another school
    ("director", "student", "student_x", "name"),  # not a sensitive field
    ("director", "student", "student_x", "password"),
    ("director", "pupil", "student_x", "id_card"),
])
def test_reveal_is_404_when_not_allowed_and_logs_nothing(world, persona, kind, obj, field):
    target = getattr(world, obj)
    response = reveal(world.client(persona), kind, target.pk, field)
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action="reveal").exists()
    if field in ("id_card", "address"):
        assert getattr(target, field) not in response.content.decode()


def test_reveal_needs_post_and_login(world):
    url = f"/people/reveal/student/{world.student_x.pk}/id_card/"
    assert world.client("director").get(url).status_code == 405
    response = world.client(None).post(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not AccessLog.objects.filter(action="reveal").exists()


def test_reveal_needs_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["director"], backend="xinhuo.core.auth.UsernameOrMobileBackend")
    assert reveal(client, "student", world.student_x.pk, "id_card").status_code == 403
    assert not AccessLog.objects.filter(action="reveal").exists()


def test_search_text_is_escaped_on_the_list_and_in_the_access_log(world):
    q = '"><script>alert(1)</script>'
    body = world.client("head_teacher_a").get("/people/students/", {"q": q}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert last_log().detail["filters"]["q"] == q
    log_page = world.client("director").get("/logs/access/").content.decode()
    assert "<script>alert(1)</script>" not in log_page and "&lt;script&gt;" in log_page


def test_class_filter_keeps_the_chosen_class_selected_and_escapes_labels(world):
    from xinhuo.core.models import SchoolClass

    SchoolClass.objects.filter(pk=world.class_b.pk).update(name="<b>2班</b>")
    html = world.client("director").get("/people/students/", {"school_class": world.class_b.pk}).content.decode()
    assert f'<option value="{world.class_b.pk}" selected>' in html
    assert "&lt;b&gt;2班&lt;/b&gt;" in html and "<b>2班</b>" not in html
