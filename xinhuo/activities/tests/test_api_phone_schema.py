"""The answers of the API's phone writes (issue 20) match the OpenAPI schema /api/schema/ serves: a client generated
from the schema reads them (each answer validated as test_schema_responses.py does)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.activities.tests import helpers as h
from xinhuo.care.models import GrowthEntry, HomeVisit
from xinhuo.care.tests.mentoring_helpers import elder_mentor, pair
from xinhuo.clubs.tests.helpers import a_club, a_meeting, a_member
from xinhuo.core.tests.test_schema_responses import api_schema, conforms  # noqa: F401 - the fixture
from xinhuo.selections.tests import helpers as sh


def post(world, persona: str, url: str, data: dict | None = None):
    return world.client(persona).post(f"/api/v1{url}", data or {}, content_type="application/json")


def test_the_activity_answers(world, api_schema):  # noqa: F811
    app = h.applied(world)
    r = world.client("head_teacher_a").patch(f"/api/v1/activities/{app.pk}/", {"place": "烈士陵园"},
                                             content_type="application/json")
    assert r.status_code == 200
    conforms(api_schema, "PATCH", "/activities/{id}/", r)
    trip = h.trip(world)
    task = h.task(world)
    r = post(world, "student_x", f"/activities/{trip.pk}/tasks/hand-in/", {"task": task.pk, "text": "答案"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/activities/{id}/tasks/hand-in/", r)
    r = post(world, "head_teacher_a", f"/activities/{trip.pk}/tasks/feedback/", {"work": r.json()["id"],
                                                                                "feedback": "好"})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/activities/{id}/tasks/feedback/", r)
    r = world.client("head_teacher_a").get(f"/api/v1/activities/{trip.pk}/tasks/")
    assert r.status_code == 200 and r.json()[0]["works"]
    conforms(api_schema, "GET", "/activities/{id}/tasks/", r)
    r = post(world, "head_teacher_a", f"/activities/{trip.pk}/tasks/", {"title": "画一张路线图"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/activities/{id}/tasks/", r)
    pub = h.published(world)
    r = post(world, "head_teacher_a", f"/activities/{pub.pk}/signup/settings/", {"signup_open": True})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/activities/{id}/signup/settings/", r)
    r = post(world, "student_x", f"/activities/{pub.pk}/signup/cancel/", {"signup": h.signup_x(world, pub).pk})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/activities/{id}/signup/cancel/", r)


def test_the_care_answers(world, api_schema):  # noqa: F811
    visit = HomeVisit.objects.create(school=world.school, student=world.student_x, visited_on=timezone.localdate(),
                                     way="home", visitor_kinds=["head_teacher"], visitors="陈老师",
                                     recorded_by=world.users["head_teacher_a"])
    r = post(world, "head_teacher_a", f"/care/home-visits/{visit.pk}/follow-ups/",
             {"text": "复访", "due_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/care/home-visits/{id}/follow-ups/", r)
    r = post(world, "head_teacher_a", f"/care/growth/{world.student_x.pk}/entries/",
             {"kind": "service", "on": timezone.localdate().isoformat(), "title": "社区服务", "hours": "1.5"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/care/growth/{id}/entries/", r)
    entry = GrowthEntry.objects.get()
    r = world.client("head_teacher_a").patch(f"/api/v1/care/growth/{world.student_x.pk}/entries/{entry.pk}/",
                                             {"hours": "2"}, content_type="application/json")
    assert r.status_code == 200
    conforms(api_schema, "PATCH", "/care/growth/{id}/entries/{entry_pk}/", r)
    mentor = elder_mentor(world)
    r = post(world, "elder", f"/care/pairs/{pair(world, mentor, world.student_x).pk}/guardian-phone/")
    assert r.status_code == 200
    conforms(api_schema, "POST", "/care/pairs/{id}/guardian-phone/", r)
    r = post(world, "elder", f"/care/pairs/{pair(world, mentor, world.student_y, ended=True).pk}/summary/",
             {"summary": "进步明显"})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/care/pairs/{id}/summary/", r)


def test_the_club_and_selection_answers(world, api_schema):  # noqa: F811
    club = a_club(world)
    a_member(club, world.student_x)
    y = a_member(club, world.student_y, status="requested")
    r = world.client("elder").get(f"/api/v1/clubs/{club.pk}/requests/")
    assert r.status_code == 200
    conforms(api_schema, "GET", "/clubs/{id}/requests/", r)
    r = post(world, "elder", f"/clubs/{club.pk}/members/decide/", {"membership": y.pk, "accept": True})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/clubs/{id}/members/decide/", r)
    r = post(world, "elder", f"/clubs/{club.pk}/attendance/", {"meeting": a_meeting(club).pk,
                                                                "present": [world.student_x.pk]})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/clubs/{id}/attendance/", r)
    sel = sh.publicity_selection(world)
    r = post(world, "elder", f"/selections/{sel.pk}/objection/", {"nomination": sh.proposed_nomination(world).pk,
                                                                  "text": "事迹需核实"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/selections/{id}/objection/", r)


# the second batch (issue 20): special-group follow-up, an elder's availability, evidence, club meetings, the
# parent-school invitation; each answer as the schema says, a 204 included


def test_the_tag_and_support_answers(world, api_schema):  # noqa: F811
    from xinhuo.care.models import SupportMeasure
    from xinhuo.care.tests.helpers import consent_special_group
    from xinhuo.care.tests.test_api_tags_support import identified

    consent_special_group(world)
    tag = identified(world)
    r = post(world, "head_teacher_a", f"/care/tags/{tag.pk}/status/", {"status": "supported", "comment": "谈心"})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/care/tags/{id}/status/", r)
    r = post(world, "head_teacher_a", f"/care/tags/{tag.pk}/renew/",
             {"review_on": (tag.review_on + dt.timedelta(days=30)).isoformat()})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/care/tags/{id}/renew/", r)
    m = SupportMeasure.objects.create(school=world.school, student=world.student_x, kind="academic",
                                      given_on=timezone.localdate(), provider="王老师", what="数学辅导",
                                      recorded_by=world.users["head_teacher_a"])
    r = world.client("head_teacher_a").patch(f"/api/v1/care/support/{m.pk}/", {"outcome": "及格"},
                                             content_type="application/json")
    assert r.status_code == 200
    conforms(api_schema, "PATCH", "/care/support/{id}/", r)


def test_the_elder_and_evidence_answers(world, api_schema):  # noqa: F811
    from xinhuo.activities.tests.test_api_evidence import pdf, png
    from xinhuo.plans.tests.helpers import a_plan, first_task
    from xinhuo.plans.tests.helpers import png as plan_png

    r = world.client("elder").get("/api/v1/elders/me/")
    assert r.status_code == 200
    conforms(api_schema, "GET", "/elders/me/", r)
    r = post(world, "elder", f"/elders/{world.elder.pk}/availability/", {"weekday": 1, "start": "09:00",
                                                                         "end": "11:00"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/elders/{id}/availability/", r)
    r = world.client("elder").delete(f"/api/v1/elders/{world.elder.pk}/availability/{r.json()['id']}/")
    assert r.status_code == 204
    conforms(api_schema, "DELETE", "/elders/{id}/availability/{slot_pk}/", r)
    a = h.published(world)
    teacher = world.client("head_teacher_a")
    r = teacher.post(f"/api/v1/activities/{a.pk}/photos/", {"images": [png()], "caption": "合影"})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/activities/{id}/photos/", r)
    r = teacher.get(f"/api/v1/activities/{a.pk}/photos/")
    conforms(api_schema, "GET", "/activities/{id}/photos/", r)
    r = teacher.delete(f"/api/v1/activities/{a.pk}/photos/{r.json()[0]['id']}/")
    assert r.status_code == 204
    conforms(api_schema, "DELETE", "/activities/{id}/photos/{photo_pk}/", r)
    r = teacher.post(f"/api/v1/activities/{a.pk}/files/", {"file": pdf()})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/activities/{id}/files/", r)
    r = teacher.get(f"/api/v1/activities/{a.pk}/files/")
    conforms(api_schema, "GET", "/activities/{id}/files/", r)
    task = first_task(a_plan(world), owner=world.users["head_teacher_a"])
    r = teacher.post(f"/api/v1/plans/tasks/{task.pk}/evidence/", {"photos": [plan_png()]})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/plans/tasks/{id}/evidence/", r)
    r = teacher.get(f"/api/v1/plans/tasks/{task.pk}/evidence/")
    conforms(api_schema, "GET", "/plans/tasks/{id}/evidence/", r)
    r = teacher.delete(f"/api/v1/plans/tasks/{task.pk}/evidence/{r.json()[0]['id']}/")
    assert r.status_code == 204
    conforms(api_schema, "DELETE", "/plans/tasks/{id}/evidence/{evidence_pk}/", r)


def test_the_club_meeting_and_invitation_answers(world, api_schema):  # noqa: F811
    from xinhuo.clubs.tests.helpers import png

    club = a_club(world)
    a_member(club, world.student_x)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    r = post(world, "elder", f"/clubs/{club.pk}/meetings/", {"kind": "meeting", "title": "临帖",
                                                             "starts_at": start.isoformat(),
                                                             "ends_at": (start + dt.timedelta(hours=1)).isoformat()})
    assert r.status_code == 201
    conforms(api_schema, "POST", "/clubs/{id}/meetings/", r)
    r = world.client("elder").patch(f"/api/v1/clubs/{club.pk}/meetings/{r.json()['id']}/", {"notes": "认真"},
                                    content_type="application/json")
    assert r.status_code == 200
    conforms(api_schema, "PATCH", "/clubs/{id}/meetings/{meeting_pk}/", r)
    show = a_meeting(club, kind="showcase", title="期末成果展示")
    r = world.client("elder").post(f"/api/v1/clubs/{club.pk}/meetings/{show.pk}/showcase/",
                                   {"summary": "展出作品", "photos": [png()]})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/clubs/{id}/meetings/{meeting_pk}/showcase/", r)
    r = world.client("elder").delete(f"/api/v1/clubs/{club.pk}/photos/{r.json()['photos'][0]['id']}/")
    assert r.status_code == 204
    conforms(api_schema, "DELETE", "/clubs/{id}/photos/{photo_pk}/", r)
    r = post(world, "head_teacher_a", "/family/school/attendance/invite/")
    assert r.status_code == 200
    conforms(api_schema, "POST", "/family/school/attendance/invite/", r)


def test_the_guardianship_answer(world, api_schema):  # noqa: F811
    r = post(world, "head_teacher_a", f"/guardians/{world.guardian_x2.pk}/guardianship/",
             {"student": world.student_x.pk, "lives_with": False})
    assert r.status_code == 200
    conforms(api_schema, "POST", "/guardians/{id}/guardianship/", r)
