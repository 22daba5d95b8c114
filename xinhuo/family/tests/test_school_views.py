"""The parent school's pages: a parent registers and cancels on the session page and finds it in their record; the
organiser's phone list checks in by htmx and adds a walk-in; a micro-lecture's media answers range requests, its
"ended" post and its quiz check the parent in; attendance per class and family (chart data, table fallback, the
families who never attended) for the committee and a head teacher's own classes; the certificate's PDF; the
榜样家长 selection's panel."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pdfminer.high_level import extract_text

from xinhuo.family.models import CheckInWay, ExcellentParent, MicroLecture, SessionRegistration
from xinhuo.family.school import services
from xinhuo.family.school.demo import placeholder_audio

from .test_school_support import QUIZ, director, make_course, make_session, move, register

pytestmark = pytest.mark.django_db


def test_a_parent_registers_on_the_page_and_sees_it_in_their_record(world):
    session = make_session(world, make_course(world), topic="依法带娃")
    c = world.client("parent_x")
    page = c.get(reverse("family:school-session", args=[session.pk])).content.decode()
    assert 'id="register-form"' in page and "张小明" in page and "区法院 张法官" in page
    r = c.post(reverse("family:school-session-register", args=[session.pk]), {"student": world.student_x.pk})
    assert r.status_code == 302
    row = SessionRegistration.objects.get()
    assert (row.guardian_id, row.student_id) == (world.guardian_x.pk, world.student_x.pk)
    mine = c.get(reverse("family:school-mine")).content.decode()
    assert "依法带娃" in mine and 'id="my-upcoming"' in mine
    c.post(reverse("family:school-registration-cancel", args=[row.pk]), {"next": "mine"})
    row.refresh_from_db()
    assert row.cancelled_at is not None


def test_the_home_page_lists_the_terms_courses_and_the_parents_registration(world):
    session = make_session(world, make_course(world, title="防溺水与交通安全"))
    register(world, session)
    page = world.client("parent_x").get(reverse("family:school-home")).content.decode()
    assert "防溺水与交通安全" in page and ("已报名" in page or "Registered" in page)


def test_the_phone_list_checks_in_by_htmx_and_adds_a_walk_in(world):
    session = make_session(world, make_course(world))
    row = register(world, session)
    move(session, hours=-0.1)
    c = world.client("director")
    page = c.get(reverse("family:school-checkin", args=[session.pk])).content.decode()
    assert "张大明" in page and f'id="reg-{row.pk}"' in page
    r = c.post(reverse("family:school-checkin-set", args=[row.pk]), {"attended": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'value="0"' in r.content.decode()  # the button now undoes
    row.refresh_from_db()
    assert row.attended_at is not None
    found = c.get(reverse("family:school-checkin", args=[session.pk]), {"q": "wdg", "part": "walkin"},
                  HTTP_HX_REQUEST="true").content.decode()
    assert "王大刚" in found and "王小刚" in found
    c.post(reverse("family:school-walkin", args=[session.pk]),
           {"guardian": world.guardian_z.pk, "student": world.student_z.pk})
    assert SessionRegistration.objects.get(guardian=world.guardian_z).way == CheckInWay.WALK_IN


def _lecture(world, session):
    lecture = services.lecture_save(actor=director(world), course=session.course, session=session, title="亲子沟通",
                                    link="https://example.org/v", quiz=QUIZ)
    lecture.media.save("a.wav", ContentFile(placeholder_audio(0.5)))
    return MicroLecture.objects.get(pk=lecture.pk)


def test_the_media_answers_range_requests(world):
    lecture = _lecture(world, make_session(world, make_course(world), mode="online"))
    c = world.client("parent_x")
    url = reverse("family:school-lecture-media", args=[lecture.pk])
    whole = c.get(url)
    size = lecture.media.size
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = c.get(url, HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 4-11/{size}"
    assert b"".join(part.streaming_content) == lecture.media.open("rb").read()[4:12]
    assert c.get(url, HTTP_RANGE=f"bytes={size + 10}-").status_code == 416


def test_the_players_ended_post_and_the_quiz_check_the_parent_in(world):
    session = make_session(world, make_course(world), mode="online")
    lecture = _lecture(world, session)
    register(world, session)
    move(session, hours=-0.1)
    c = world.client("parent_x")
    page = c.get(reverse("family:school-lecture", args=[lecture.pk])).content.decode()
    assert 'hx-trigger="ended from:#lecture-media"' in page and 'id="quiz-form"' in page
    r = c.post(reverse("family:school-lecture-ended", args=[lecture.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'id="watched"' in r.content.decode()
    assert SessionRegistration.objects.get().way == CheckInWay.VIDEO
    questions = list(lecture.questions.all())
    c.post(reverse("family:school-lecture-quiz", args=[lecture.pk]),
           {f"q{q.pk}": q.answer for q in questions})
    assert lecture.views.get().quiz_score == 100


def _attendance_world(world):
    """Class A: student_x's family attended twice, student_y's never; class B: student_z's once (walk-in)."""
    course = make_course(world)
    for _ in range(2):
        s = make_session(world, course)
        row = register(world, s)
        move(s, hours=-1)
        services.checkin_set(actor=director(world), registration=row, attended=True)
    services.walkin_add(actor=director(world), session=s, guardian=world.guardian_z, student=world.student_z)


def test_attendance_per_class_and_family_for_the_committee(world):
    _attendance_world(world)
    r = world.client("director").get(reverse("family:school-attendance"))
    page = r.content.decode()
    rows = {row["class"].pk: row for row in r.context["classes"]}
    assert (rows[world.class_a.pk]["families"], rows[world.class_a.pk]["attended"],
            rows[world.class_a.pk]["times"], rows[world.class_a.pk]["never"]) == (2, 1, 2, 1)
    assert (rows[world.class_b.pk]["attended"], rows[world.class_b.pk]["pct"]) == (1, 100)
    assert r.context["charts"][0]["values"] == [1, 1] and r.context["charts"][0]["pcts"] == [50, 100]
    assert 'id="class-table"' in page and 'id="chart-data"' in page
    assert (r.context["came"], r.context["families"], r.context["pct"]) == (2, 3, 67)
    assert 'id="attendance-sentence"' in page
    times = {s.pk: s.times for s in r.context["page"]}
    assert times == {world.student_x.pk: 2, world.student_y.pk: 0, world.student_z.pk: 1}
    never = world.client("director").get(reverse("family:school-attendance"), {"never": "1"})
    assert [s.pk for s in never.context["page"]] == [world.student_y.pk]


def test_a_head_teacher_sees_only_their_classes(world):
    _attendance_world(world)
    r = world.client("head_teacher_b").get(reverse("family:school-attendance"))
    assert [row["class"].pk for row in r.context["classes"]] == [world.class_b.pk]
    assert [s.pk for s in r.context["page"]] == [world.student_z.pk]
    asked = world.client("head_teacher_b").get(reverse("family:school-attendance"), {"class": world.class_a.pk})
    assert [s.pk for s in asked.context["page"]] == [world.student_z.pk]  # another class is not offered


def test_the_certificate_pdf_names_the_parent_and_is_theirs_alone(world):
    row = ExcellentParent.objects.create(school=world.school, term=world.year.terms.get(), guardian=world.guardian_x,
                                         name="张大明", sessions=4, certificate_no="JZXX202609-001")
    r = world.client("parent_x").get(reverse("family:school-certificate", args=[row.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = extract_text(io.BytesIO(b"".join(r.streaming_content)))
    assert "张大明" in text and "优秀家长学员" in text and "JZXX202609-001" in text
    other = ExcellentParent.objects.create(school=world.school, term=world.year.terms.get(),
                                           guardian=world.guardian_z, name="王大刚", sessions=3,
                                           certificate_no="JZXX202609-002")
    assert world.client("parent_x").get(reverse("family:school-certificate", args=[other.pk])).status_code == 404


def test_the_committee_confirms_the_excellent_list_on_its_page(world):
    course = make_course(world)
    for _ in range(3):
        s = make_session(world, course)
        row = register(world, s)
        move(s, hours=-1)
        services.checkin_set(actor=director(world), registration=row, attended=True)
    c = world.client("director")
    page = c.get(reverse("family:school-excellent")).content.decode()
    assert "张大明" in page
    c.post(reverse("family:school-excellent"), {"term": world.year.terms.get().pk,
                                                "guardians": [world.guardian_x.pk]})
    assert ExcellentParent.objects.get().guardian_id == world.guardian_x.pk
    mine = world.client("parent_x").get(reverse("family:school-mine")).content.decode()
    assert reverse("family:school-certificate", args=[ExcellentParent.objects.get().pk]) in mine


def test_the_model_parent_selection_shows_the_nominees_attendance(world):
    from xinhuo.selections.models import Nomination, Selection, SelectionKind

    _attendance_world(world)
    selection = Selection.objects.create(school=world.school, kind=SelectionKind.MODEL_PARENT,
                                         title="2026年度榜样家长", school_year=world.year, criteria="热心家校共育",
                                         quota=3, issuer="薪火实验中学")
    Nomination.objects.create(selection=selection, guardian=world.guardian_x, name="张大明", group="初一1班",
                              reason="积极参加家长学校")
    page = world.client("director").get(reverse("selections:detail", args=[selection.pk])).content.decode()
    assert 'id="school-selection-panel"' in page
    from xinhuo.family.school.selectors import selection_panel

    data = selection_panel(world.actor("director"), selection)
    assert data is not None and data["rows"][0]["times"] == 2
    virtue = Selection.objects.create(school=world.school, kind=SelectionKind.VIRTUE_YOUTH, title="美德少年",
                                      school_year=world.year, criteria="品德", quota=3, issuer="薪火实验中学")
    assert selection_panel(world.actor("director"), virtue) is None
    assert selection_panel(world.actor("head_teacher_a"), selection) is None  # not the committee


def test_dashboard_panels(world):
    session = make_session(world, make_course(world), topic="依法带娃")
    register(world, session)
    home = world.client("parent_x").get("/").content.decode()
    assert 'id="school-parent-panel"' in home and "依法带娃" in home
    assert 'data-figure="school-attendance"' in world.client("director").get("/").content.decode()
