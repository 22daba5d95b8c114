"""Consent pages: the student's consent section, recording on paper, the parent's page on which
consent is given and withdrawn online, the register, coverage figures and the lists behind them,
notices; scopes (404 outside them) and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_guardian, make_student
from xinhuo.core.models import AccessLog, Grade, SchoolClass
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.people.consent import has_consent, years_before
from xinhuo.people.models import Consent, ConsentNotice, Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish, publish_all

TODAY = timezone.localdate


class Attrs(HTMLParser):
    """Collects start tags with their attributes, and the text of the elements asked for."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict, list[dict]]] = []  # (tag, attrs, open ancestors)
        self.stack: list[dict] = []
        self.texts: dict[int, str] = {}
        self._open_text: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        a["_tag"] = tag
        self.tags.append((tag, a, list(self.stack)))
        if tag not in ("input", "br", "meta", "link", "img", "hr"):
            self.stack.append(a)
            self._open_text.append(len(self.tags) - 1)

    def handle_endtag(self, tag):
        while self.stack:
            a = self.stack.pop()
            self._open_text.pop()
            if a["_tag"] == tag:
                break

    def handle_data(self, data):
        for i in self._open_text:
            self.texts[i] = self.texts.get(i, "") + data

    def find(self, **attrs) -> list[tuple[dict, list[dict], str]]:
        out = []
        for i, (_tag, a, ancestors) in enumerate(self.tags):
            if all(a.get(k if k.startswith("_") else k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append((a, ancestors, self.texts.get(i, "").strip()))
        return out


def figures(html: str) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(class id or 'all', purpose, 'complete'|'missing') -> (figure, link) from the coverage table."""
    out = {}
    for kind in ("complete", "missing"):
        for a, ancestors, text in Attrs(html).find(data_figure=kind):
            row = next(x["data-class"] for x in reversed(ancestors) if "data-class" in x)
            cell = next(x["data-purpose"] for x in reversed(ancestors) if "data-purpose" in x)
            out[(row, cell, kind)] = (int(re.search(r"\d+", text).group()), a["href"])
    return out


def register_ids(client, url: str) -> set[int]:
    """Every student id the register lists at `url`, following its pages."""
    ids: set[int] = set()
    page = 1
    while True:
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}page={page}")
        assert response.status_code == 200
        rows = Attrs(response.content.decode()).find(_tag="tr")
        ids |= {int(a["data-student"]) for a, _anc, _t in rows if "data-student" in a}
        if f"page={page + 1}" not in response.content.decode():
            return ids
        page += 1


def age(student: Student, years: int) -> Student:
    Student.objects.filter(pk=student.pk).update(birth_date=years_before(TODAY(), years))
    student.refresh_from_db()
    return student


# --- the student's page -------------------------------------------------------------------------


def test_the_student_page_shows_the_status_per_purpose(world):
    notices = publish_all(world)
    guardian_consent(world, notice=notices["screening"])
    html = world.client("head_teacher_a").get(f"/people/students/{world.student_x.pk}/").content.decode()
    states = {a["data-purpose"]: a["data-consent"] for a, _anc, _t in Attrs(html).find(_tag="div")
              if "data-consent" in a}
    assert states == {"screening": "complete", "special_group": "missing", "publicity": "missing",
                      "partner_sharing": "missing"}
    assert world.guardian_x.name in html
    # what is missing is said, not just flagged
    missing = [t for _a, _anc, t in Attrs(html).find(_tag="div") if t and "consent-missing" in _a.get("class", "")]
    assert len(missing) == 3


@pytest.mark.parametrize("persona", ["elder", "finance", "head_teacher_b", "outsider", "student_y"])
def test_no_consent_page_outside_the_scope(world, persona):
    guardian_consent(world)
    client = world.client(persona)
    assert client.get(f"/people/students/{world.student_x.pk}/consents/").status_code == 404
    assert client.get(f"/people/students/{world.student_x.pk}/consents/record/").status_code == 404


def test_the_consent_page_is_logged_and_offers_only_allowed_withdrawals(world):
    mine = guardian_consent(world)
    theirs = guardian_consent(world, guardian=world.guardian_x2, purpose="publicity")
    url = f"/people/students/{world.student_x.pk}/consents/"
    html = world.client("parent_x").get(url).content.decode()
    forms = {a["action"] for a, _anc, _t in Attrs(html).find(_tag="form")}
    assert f"/people/consents/{mine.pk}/withdraw/" in forms
    assert f"/people/consents/{theirs.pk}/withdraw/" not in forms
    counsellor = world.client("counsellor").get(url).content.decode()
    assert "/withdraw/" not in counsellor and "consents/record/" not in counsellor
    teacher = world.client("head_teacher_a").get(url).content.decode()
    assert f"/people/consents/{theirs.pk}/withdraw/" in teacher and "consents/record/" in teacher
    assert AccessLog.objects.filter(object_type="consent", object_id=str(world.student_x.pk),
                                    action="view").count() == 3


# --- recording on paper ---------------------------------------------------------------------------


def test_a_head_teacher_records_a_paper_consent_through_the_form(world):
    publish(world, "screening")
    client = world.client("head_teacher_a")
    url = f"/people/students/{world.student_x.pk}/consents/record/"
    form = client.get(url).content.decode()
    assert f'value="g{world.guardian_x2.pk}"' in form and f'value="g{world.guardian_z.pk}"' not in form
    response = client.post(url, {"purpose": "screening", "given_by": f"g{world.guardian_x2.pk}", "method": "paper",
                                 "date": (TODAY() - dt.timedelta(days=2)).isoformat(), "note": "回执在档"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/students/{world.student_x.pk}/consents/"
    consent = Consent.objects.get()
    assert (consent.guardian, consent.method, consent.recorded_by) == (
        world.guardian_x2, "paper", world.users["head_teacher_a"])
    assert has_consent(world.student_x, "screening")


def test_a_bad_paper_record_shows_the_reason_and_writes_nothing(world):
    publish(world, "screening")
    client = world.client("head_teacher_a")
    url = f"/people/students/{world.student_x.pk}/consents/record/"
    future = {"purpose": "screening", "given_by": f"g{world.guardian_x.pk}", "method": "paper",
              "date": (TODAY() + dt.timedelta(days=1)).isoformat()}
    response = client.post(url, future)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    # a guardian of another class, forged into the form: refused by the form's choices
    forged = {**future, "date": TODAY().isoformat(), "given_by": f"g{world.guardian_z.pk}"}
    assert client.post(url, forged).status_code == 400
    # a student of 13 cannot sign for themself
    own = {**future, "date": TODAY().isoformat(), "given_by": "student"}
    response = client.post(url, own)
    assert response.status_code == 400 and world.student_x.name in response.content.decode()
    assert not Consent.objects.exists()


# --- the parent's page ------------------------------------------------------------------------------


def test_a_parent_gives_and_withdraws_online(world):
    notices = publish_all(world)
    client = world.client("parent_x")
    html = client.get("/people/consents/mine/").content.decode()
    cards = {int(a["data-student"]) for a, _anc, _t in Attrs(html).find(_tag="section") if "data-student" in a}
    assert cards == {world.student_x.pk}
    assert notices["screening"].body in html, "the notice text is on the page, to be read before agreeing"
    response = client.post("/people/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                      "version": 1})
    assert response.status_code == 302 and response["Location"].startswith("/people/consents/mine/")
    consent = Consent.objects.get()
    assert (consent.guardian, consent.method) == (world.guardian_x, "online")
    assert has_consent(world.student_x, "screening")
    html = client.get("/people/consents/mine/").content.decode()
    assert f"/people/consents/{consent.pk}/withdraw/" in html
    response = client.post(f"/people/consents/{consent.pk}/withdraw/", {"next": "/people/consents/mine/"})
    assert response.status_code == 302 and response["Location"] == "/people/consents/mine/"
    assert not has_consent(world.student_x, "screening")


def test_a_parent_cannot_see_or_give_for_another_child(world):
    publish(world, "screening")
    other = guardian_consent(world, world.student_z, guardian=world.guardian_z)
    client = world.client("parent_x")
    response = client.post("/people/consents/give/", {"student": world.student_y.pk, "purpose": "screening",
                                                      "version": 1})
    assert response.status_code == 404
    assert client.get(f"/people/students/{world.student_z.pk}/consents/").status_code == 404
    assert client.post(f"/people/consents/{other.pk}/withdraw/").status_code == 404
    assert client.get(f"/api/v1/consents/{other.pk}/").status_code == 404
    register = client.get("/people/consents/register/").content.decode()
    assert world.student_z.name not in register and world.student_y.name not in register
    assert Consent.objects.count() == 1 and Consent.objects.get().active


def test_a_parent_cannot_withdraw_the_other_parents_consent(world):
    consent = guardian_consent(world, guardian=world.guardian_x2)
    assert world.client("parent_x").post(f"/people/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.active


def test_a_stale_notice_version_is_refused_with_a_message(world):
    publish(world, "screening", days_ago=30)
    publish(world, "screening", days_ago=0)
    response = world.client("parent_x").post("/people/consents/give/", {
        "student": world.student_x.pk, "purpose": "screening", "version": 1})
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_a_student_under_14_sees_but_cannot_give(world):
    publish(world, "screening")
    client = world.client("student_x")
    html = client.get("/people/consents/mine/").content.decode()
    assert "consent-agree" not in html
    response = client.post("/people/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                      "version": 1})
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_a_student_of_16_gives_their_own(world):
    publish(world, "screening")
    age(world.student_x, 16)
    client = world.client("student_x")
    assert "consent-agree" in client.get("/people/consents/mine/").content.decode()
    assert client.post("/people/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                  "version": 1}).status_code == 302
    consent = Consent.objects.get()
    assert consent.party == "student"
    assert not has_consent(world.student_x, "screening")
    guardian_consent(world)
    assert has_consent(world.student_x, "screening")


# --- register and coverage ------------------------------------------------------------------------


@pytest.fixture
def school_with_consents(world):
    """Class A: x (13, guardian consented: complete), y (13, nothing), a 15-year-old with only a guardian
    (incomplete), a 15-year-old with both (complete). Class B: z (13, nothing)."""
    notices = publish_all(world)
    for s in (world.student_x, world.student_y, world.student_z):
        age(s, 13)
    fifteen_g = make_student(world.school, world.class_a, "2026501", "十五甲", born=years_before(TODAY(), 15), seq=51)
    fifteen_b = make_student(world.school, world.class_a, "2026502", "十五乙", born=years_before(TODAY(), 15), seq=52)
    g1 = make_guardian(world.school, "甲家长", "13800005001", fifteen_g)
    g2 = make_guardian(world.school, "乙家长", "13800005002", fifteen_b)
    guardian_consent(world, notice=notices["screening"])
    guardian_consent(world, fifteen_g, guardian=g1, notice=notices["screening"])
    guardian_consent(world, fifteen_b, guardian=g2, notice=notices["screening"])
    Consent.objects.create(school=world.school, student=fifteen_b, purpose="screening", party="student",
                           notice=notices["screening"], method="paper")
    # a withdrawn consent and a transferred student count for nothing
    withdrawn = guardian_consent(world, world.student_y, notice=notices["screening"],
                                 guardian=make_guardian(world.school, "李家长", "13800005003", world.student_y))
    Consent.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    gone = make_student(world.school, world.class_b, "2026503", "转走", born=years_before(TODAY(), 13), seq=53)
    Student.objects.filter(pk=gone.pk).update(status=Student.Status.TRANSFERRED)
    return {"complete_a": {world.student_x.pk, fifteen_b.pk}, "missing_a": {world.student_y.pk, fifteen_g.pk},
            "missing_b": {world.student_z.pk}}


def test_coverage_figures_and_the_students_behind_them(world, school_with_consents):
    expect = school_with_consents
    client = world.client("director")
    found = figures(client.get("/people/consents/coverage/").content.decode())
    a, b = str(world.class_a.pk), str(world.class_b.pk)
    assert found[(a, "screening", "complete")][0] == 2
    assert found[(a, "screening", "missing")][0] == 2
    assert found[(b, "screening", "complete")][0] == 0
    assert found[(b, "screening", "missing")][0] == 1
    assert found[("all", "screening", "complete")][0] == 2
    assert found[("all", "screening", "missing")][0] == 3
    assert found[(a, "publicity", "complete")][0] == 0 and found[(a, "publicity", "missing")][0] == 4
    # each figure links to exactly the students it counts
    for (row, purpose, kind), (n, link) in found.items():
        ids = register_ids(client, link)
        assert len(ids) == n, (row, purpose, kind, link)
        query = parse_qs(urlsplit(link).query)
        assert query["purpose"] == [purpose] and query["state"] == [kind]
    assert register_ids(client, found[(a, "screening", "complete")][1]) == expect["complete_a"]
    assert register_ids(client, found[(a, "screening", "missing")][1]) == expect["missing_a"]
    assert register_ids(client, found[(b, "screening", "missing")][1]) == expect["missing_b"]


def test_the_lists_behind_the_figures_are_restricted_to_the_viewer(world, school_with_consents):
    """The same link opened by a head teacher of class B shows only what they may see."""
    client = world.client("director")
    found = figures(client.get("/people/consents/coverage/").content.decode())
    link = found[("all", "screening", "missing")][1]
    assert register_ids(world.client("head_teacher_b"), link) == school_with_consents["missing_b"]
    assert register_ids(world.client("parent_x"), link) == set()
    assert register_ids(world.client("outsider"), link) == {world.other_student.pk}, "their own school's"


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "parent_x", "student_x", "elder", "finance"])
def test_coverage_is_for_the_committee(world, persona):
    assert world.client(persona).get("/people/consents/coverage/").status_code == 404
    assert world.client(persona).get("/api/v1/consents/coverage/").status_code == 404


def test_the_outsider_sees_only_their_own_school(world, school_with_consents):
    html = world.client("outsider").get("/people/consents/coverage/").content.decode()
    found = figures(html)
    assert {key[0] for key in found} == {str(world.other_class.pk), "all"}
    assert found[("all", "screening", "missing")][0] == 1  # the other school's one student, no notice


def test_the_register_says_what_is_missing(world, school_with_consents):
    html = world.client("head_teacher_a").get("/people/consents/register/").content.decode()
    cells = {(a_anc, a["data-purpose"]): a["data-consent"] for a, anc, _t in Attrs(html).find(_tag="td")
             if "data-purpose" in a for a_anc in [next(x["data-student"] for x in anc if "data-student" in x)]}
    assert cells[(str(world.student_x.pk), "screening")] == "complete"
    assert cells[(str(world.student_y.pk), "screening")] == "missing"
    assert str(world.student_z.pk) not in {k[0] for k in cells}
    assert AccessLog.objects.filter(object_type="consent", action="list").exists()


# --- notices page ---------------------------------------------------------------------------------


def test_publishing_a_notice_through_the_page(world):
    client = world.client("director")
    response = client.post("/people/consents/notices/", {"purpose": "screening", "title": "心理筛查告知书",
                                                         "body": "用途……可随时撤回。", "effective_from": ""})
    assert response.status_code == 302
    assert ConsentNotice.objects.get().version == 1
    response = client.post("/people/consents/notices/", {"purpose": "screening", "title": "", "body": ""})
    assert response.status_code == 400
    assert ConsentNotice.objects.count() == 1
    html = client.get("/people/consents/notices/").content.decode()
    assert "心理筛查告知书" in html


# --- query counts ---------------------------------------------------------------------------------


def count(client, url: str) -> list[str]:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def grow(world, n: int = 12) -> None:
    """More classes, students, guardians and consents (current, outdated, withdrawn) in every view."""
    notices = {n.purpose: n for n in ConsentNotice.objects.filter(school=world.school)}
    grade = Grade.objects.create(school=world.school, name="初二", level=8)
    for c in range(3):
        klass = SchoolClass.objects.create(school=world.school, grade=grade, number=c + 1, name=f"{c + 1}班")
        for i in range(n):
            s = make_student(world.school, klass if i % 2 else world.class_a, f"27{c}{i:03d}", f"学生{c}{i}",
                             born=years_before(TODAY(), 12 + i % 6), seq=100 + c * 50 + i)
            g = make_guardian(world.school, f"家长{c}{i}", f"139{c:02d}{i:06d}", s)
            for j, p in enumerate(notices):
                if (i + j) % 3:
                    consent = guardian_consent(world, s, guardian=g, purpose=p, notice=notices[p])
                    if (i + j) % 5 == 0:
                        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    # the parent gets two more children
    for i in range(2):
        s = make_student(world.school, world.class_b, f"2899{i}", f"张小{i}", born=years_before(TODAY(), 15),
                         seq=90 + i)
        world.guardian_x.student_links.create(student=s, relation="father")


PAGES = {
    "director": ["/people/consents/coverage/", "/people/consents/register/",
                 "/people/consents/register/?purpose=screening&state=missing", "/people/consents/notices/",
                 "/api/v1/consents/", "/api/v1/consents/register/", "/api/v1/consents/coverage/"],
    "head_teacher_a": ["/people/consents/register/", "/api/v1/consents/register/", "/api/v1/consents/"],
    "parent_x": ["/people/consents/mine/", "/api/v1/consents/"],
}


@pytest.mark.parametrize(("persona", "url"), [(p, u) for p, urls in PAGES.items() for u in urls])
def test_query_counts_do_not_grow_with_rows(world, persona, url):
    notices = publish_all(world)
    guardian_consent(world, notice=notices["screening"])
    guardian_consent(world, world.student_z, guardian=world.guardian_z, notice=notices["publicity"])
    small = count(world.client(persona), url)
    grow(world)
    publish(world, "publicity", days_ago=1)  # a second version: some consents are now outdated
    large = count(world.client(persona), url)
    assert rows_add_no_query(small, large), \
        f"{persona} {url}: {len(small)} queries before, {len(large)} after the rows grew"


def test_the_grown_world_is_bigger(world):
    publish_all(world)
    before = world.client("director").get("/people/consents/coverage/").content
    grow(world)
    after = world.client("director").get("/people/consents/coverage/").content
    assert after.count(b"data-class=") > before.count(b"data-class=")
    assert len(world.client("parent_x").get("/people/consents/mine/").content) > 0
    assert Student.objects.filter(guardian_links__guardian=world.guardian_x).count() == 3
