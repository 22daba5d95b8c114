"""The access log page as a director reads it (issue 20): who looked at which person's what, when, from where, in
words — never a model name such as growth_record or a dict such as {'filters': {}, 'count': 3}; filtered by the
person looked at (a name), the viewer, the dates and the kind; a page in a fixed number of queries; the filtered
rows exported to Excel for an inspection, the export itself logged."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from openpyxl import load_workbook

from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import HomeVisit, SpecialGroup, StudentTag, TagSource, VisitWay
from xinhuo.core import access_log, registry
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import page_queries

pytestmark = pytest.mark.django_db
URL = reverse("access-log")


def label(key: str) -> str:
    """A kind's words in the page's language (the test may run before the catalogue has them)."""
    return str(registry.access_kinds()[key].label)


def shown_label(key: str) -> str:
    """The same as the page's HTML has it."""
    return conditional_escape(label(key))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def row(world, persona, action, object_type, object_id="", day=None, **kw) -> AccessLog:
    user = world.users[persona] if persona else None
    return AccessLog.objects.create(user=user, school=world.school, action=action, object_type=object_type,
                                    object_id=str(object_id), at=at(day) if day else timezone.now(), **kw)


def entries(body: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<tr data-entry="(\d+)".*?</tr>', body, re.S)}


@pytest.fixture
def logged(world):
    """Rows of several kinds about student_x (张小明) and others, by three viewers."""
    special_groups_for(world.school)
    tag = StudentTag.objects.create(
        school=world.school, student=world.student_x, source=TagSource.HEAD_TEACHER,
        group=SpecialGroup.objects.get(school=world.school, code="left_behind"),
        identified_on=timezone.localdate(), review_on=timezone.localdate() + dt.timedelta(days=30))
    visit = HomeVisit.objects.create(school=world.school, student=world.student_x, visited_on=timezone.localdate(),
                                     way=VisitWay.HOME, visitor_kinds=["head_teacher"], visitors="陈老师")
    rows = {
        "growth_x": row(world, "head_teacher_a", "view", "growth_record", world.student_x.pk, ip="10.0.0.7"),
        "tag_x": row(world, "director", "view", "special_group_tag", tag.pk),
        "visit_x": row(world, "counsellor", "view", "home_visit", visit.pk, field="notes"),
        "growth_y": row(world, "director", "view", "growth_record", world.student_y.pk),
        "list": row(world, "director", "list", "special_group_tag", detail={"filters": {}, "count": 3}),
        "reveal": row(world, "counsellor", "reveal", "guardian", world.guardian_x.pk, field="phone"),
        "export": row(world, None, "export", "student", detail={"count": 120, "source": "command line"}),
    }
    return world, rows


def test_each_row_says_who_looked_at_whose_what_in_words(logged):
    world, rows = logged
    r = world.client("director").get(URL)
    body = r.content.decode()
    assert r.status_code == 200
    shown = entries(body)
    growth = shown[rows["growth_x"].pk]
    assert world.student_x.name in growth and shown_label("growth_record") in growth
    assert world.users["head_teacher_a"].display_name in growth and "10.0.0.7" in growth
    for key, person, kind in (("tag_x", world.student_x, "special_group_tag"),
                              ("visit_x", world.student_x, "home_visit:notes"),
                              ("growth_y", world.student_y, "growth_record"),
                              ("reveal", world.guardian_x, "guardian:phone")):
        assert person.name in shown[rows[key].pk] and shown_label(kind) in shown[rows[key].pk], key
    listed = shown[rows["list"].pk]
    assert "data-person" not in listed and shown_label("special_group_tag") in listed
    assert re.search(r"data-manner>[^<]*\b3\b", listed)  # how many it listed
    # no code names, no dicts
    for code in ("growth_record", "special_group_tag", "home_visit", "{'", "filters", "count"):
        assert code not in "".join(shown.values()), code


def test_filter_by_the_person_looked_at(logged):
    world, rows = logged
    body = world.client("director").get(URL, {"person": world.student_x.name[1:]}).content.decode()
    assert set(entries(body)) == {rows["growth_x"].pk, rows["tag_x"].pk, rows["visit_x"].pk}
    body = world.client("director").get(URL, {"person": world.guardian_x.name}).content.decode()
    assert set(entries(body)) == {rows["reveal"].pk}
    assert entries(world.client("director").get(URL, {"person": "无此人"}).content.decode()) == {}


def test_filter_by_viewer_kind_and_dates(logged):
    world, rows = logged
    client = world.client("director")
    director = world.users["director"]
    by_id = entries(client.get(URL, {"user": director.pk}).content.decode())
    assert set(by_id) == {rows["tag_x"].pk, rows["growth_y"].pk, rows["list"].pk}
    by_name = entries(client.get(URL, {"viewer": director.display_name}).content.decode())
    assert set(by_name) == set(by_id)
    kind = entries(client.get(URL, {"kind": "growth_record"}).content.decode())
    assert set(kind) == {rows["growth_x"].pk, rows["growth_y"].pk}
    old = row(world, "leader", "view", "growth_record", world.student_x.pk, day=dt.date(2025, 3, 14))
    days = {"date_from": "2025-03-14", "date_to": "2025-03-14"}
    assert set(entries(client.get(URL, days).content.decode())) == {old.pk}
    assert old.pk not in entries(client.get(URL, {"date_from": "2025-03-15"}).content.decode())


def test_bad_filters_get_a_message(logged):
    world, _rows = logged
    r = world.client("director").get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert r.status_code == 400 and 'class="invalid-feedback' in r.content.decode()
    r = world.client("director").get(URL, {"date_from": "not a date"})
    assert r.status_code == 400
    r = world.client("director").get(reverse("access-log-export"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert r.status_code == 400 and not AccessLog.objects.filter(object_type="access_log").exists()


def test_a_page_keeps_its_query_count(world):
    """One query per model the page's rows name, whatever the rows (the first measure is over a page long already:
    a first page that holds everything needs no COUNT)."""
    client = world.client("director")

    def add(n: int) -> None:
        for _n in range(n):
            row(world, "head_teacher_a", "view", "growth_record", world.student_x.pk)
            row(world, "counsellor", "view", "guardian", world.guardian_x2.pk)
            row(world, "director", "list", "special_group_tag", detail={"count": 3})

    add(55)
    few, few_found = page_queries(client, URL), page_queries(client, URL, {"person": world.student_x.name})
    add(40)
    assert page_queries(client, URL) == few
    assert page_queries(client, URL, {"person": world.student_x.name}) == few_found


def test_the_export_holds_the_filtered_rows_in_words_and_is_logged(logged):
    world, rows = logged
    r = world.client("director").get(reverse("access-log-export"), {"person": world.student_x.name})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    lines = [list(line) for line in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(lines) == 3
    assert {line[2] for line in lines} == {world.student_x.name}
    assert {line[3] for line in lines} == {label("growth_record"), label("special_group_tag"),
                                           label("home_visit:notes")}
    assert [line[6] for line in lines if line[3] == label("growth_record")] == [str(world.student_x.pk)]
    log = AccessLog.objects.get(object_type="access_log", action="export")
    assert log.user == world.users["director"] and log.detail["count"] == 3
    assert log.detail["filters"] == {"person": world.student_x.name}


def test_an_export_too_big_is_refused_with_a_message(logged, monkeypatch):
    world, _rows = logged
    monkeypatch.setattr(access_log, "EXPORT_MAX", 2)
    r = world.client("director").get(reverse("access-log-export"))
    assert r.status_code == 400 and 'id="access-log-message"' in r.content.decode()
    assert not AccessLog.objects.filter(object_type="access_log").exists()


def test_a_consent_read_through_the_api_names_the_student(world):
    """The API's reading of one consent row logs that row's id (consent_record), the page the student's."""
    from xinhuo.people.tests.consent_helpers import guardian_consent

    consent = guardian_consent(world, student=world.student_x, guardian=world.guardian_x, purpose="special_group")
    r = world.client("director").get(reverse("api:consent-detail", args=[consent.pk]))
    assert r.status_code == 200
    read = AccessLog.objects.get(action="view", object_type="consent_record")
    assert read.object_id == str(consent.pk)
    [entry] = access_log.entries([read])
    assert entry.person == world.student_x.name


def test_another_school_and_other_roles_see_none_of_it(logged):
    world, rows = logged
    outsider = entries(world.client("outsider").get(URL).content.decode())
    assert not set(outsider) & {r.pk for r in rows.values()}
    for persona in ("leader", "head_teacher_a", "counsellor", "parent_x"):
        assert world.client(persona).get(URL).status_code == 404
        assert world.client(persona).get(reverse("access-log-export")).status_code == 404

