"""The faster consent lists count and flag exactly as the per-student rule does (issue 21).

The coverage page and the filtered register use `conditions().complete` written with each subquery once, and
the register flags only its page's students (`flag_consent`) instead of annotating the whole school: on every
age band, the age boundaries and each kind of consent (current, withdrawn, to an older notice, from a former
guardian, the student's own) they must say what `consent_status` says."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_guardian, make_student
from xinhuo.people import consent as rules
from xinhuo.people.models import Consent, Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish, publish_all
from xinhuo.people.tests.test_consent_views import figures, register_ids

TODAY = timezone.localdate

# who: ages, with the birthdays that make someone 14 or 18 today and the day after, and an unknown age
BIRTHS = [
    rules.years_before(TODAY(), 12), rules.years_before(TODAY(), 14), rules.years_before(TODAY(), 14)
    + dt.timedelta(days=1), rules.years_before(TODAY(), 16), rules.years_before(TODAY(), 18),
    rules.years_before(TODAY(), 18) + dt.timedelta(days=1), rules.years_before(TODAY(), 19), None,
]
# what the guardian has: nothing, a consent that counts, one withdrawn, one to the older notice, one given by a
# guardian no longer linked to the student
GUARDIAN = ["none", "current", "withdrawn", "outdated", "former"]


@pytest.fixture
def mixed(world):
    """Every birth × guardian situation × with or without the student's own consent, in two classes, for
    screening (one notice) and publicity (a second version in effect, so version-1 consents are outdated)."""
    notices = publish_all(world)
    old_publicity = notices["publicity"]
    notices["publicity"] = publish(world, "publicity", days_ago=3)
    students = []
    for n, (birth, guardian, own) in enumerate(itertools.product(BIRTHS, GUARDIAN, (False, True))):
        klass = world.class_a if n % 2 else world.class_b
        s = make_student(world.school, klass, f"2030{n:03d}", f"混合{n}", born=birth or dt.date(2013, 1, 1),
                         seq=300 + n)
        if birth is None:
            Student.objects.filter(pk=s.pk).update(birth_date=None)
            s.refresh_from_db()
        g = make_guardian(world.school, f"混合家长{n}", f"1370000{n:04d}", s)
        for purpose in ("screening", "publicity"):
            notice = notices[purpose]
            if guardian == "current":
                guardian_consent(world, s, guardian=g, purpose=purpose, notice=notice)
            elif guardian == "withdrawn":
                c = guardian_consent(world, s, guardian=g, purpose=purpose, notice=notice)
                Consent.objects.filter(pk=c.pk).update(withdrawn_at=timezone.now() - dt.timedelta(days=1))
            elif guardian == "outdated":
                guardian_consent(world, s, guardian=g, purpose=purpose,
                                 notice=old_publicity if purpose == "publicity" else notice)
            elif guardian == "former":
                guardian_consent(world, s, guardian=g, purpose=purpose, notice=notice)
            if own:
                Consent.objects.create(school=world.school, student=s, purpose=purpose, party="student",
                                       notice=notice, method="paper",
                                       given_at=timezone.now() - dt.timedelta(days=2))
        if guardian == "former":
            g.student_links.all().delete()
        students.append(s)
    return students


def test_the_sql_rule_agrees_with_the_status_of_each_student(mixed):
    for purpose in ("screening", "publicity", "special_group"):
        complete = set(rules.students_with_consent(Student.objects.filter(pk__in=[s.pk for s in mixed]), purpose)
                       .values_list("pk", flat=True))
        expected = {s.pk for s in mixed if rules.consent_status(s, purpose).ok}
        assert complete == expected, purpose
    # not vacuous: some complete and some not, in every age band that has a rule
    screening = {s.pk for s in mixed if rules.consent_status(s, "screening").ok}
    assert 0 < len(screening) < len(mixed)


def test_page_flags_equal_the_annotations(world, mixed):
    ids = [s.pk for s in mixed]
    annotated = {s.pk: s for s in rules.annotate_consent(Student.objects.filter(pk__in=ids), world.school)}
    page = list(Student.objects.filter(pk__in=ids).order_by("pk"))
    with CaptureQueriesContext(connection) as ctx:
        rules.flag_consent(page, world.school)
    assert len(ctx) == 2  # the notices, then these students' consents
    for s in page:
        for p in rules.PURPOSES:
            for party in ("guardian", "student"):
                assert getattr(s, f"{p}_{party}") == getattr(annotated[s.pk], f"{p}_{party}"), (s.name, p, party)
            assert rules.row_status(s, p, TODAY(), True).ok == rules.consent_status(
                s, p).ok, (s.name, p)
    assert any(s.screening_guardian for s in page) and any(s.screening_student for s in page)


def test_the_coverage_figures_and_their_lists_agree_with_the_statuses(world, mixed):
    client = world.client("director")
    html = client.get("/people/consents/coverage/").content.decode()
    found = figures(html)
    enrolled = Student.objects.filter(school=world.school, status=Student.Status.ENROLLED)
    statuses = rules.statuses_for(enrolled)
    for purpose in ("screening", "publicity"):
        for klass in (world.class_a, world.class_b):
            members = {s.pk for s in enrolled if s.school_class_id == klass.pk}
            complete = {pk for pk in members if statuses[pk][purpose].ok}
            figure, link = found[(str(klass.pk), purpose, "complete")]
            assert figure == len(complete)
            assert found[(str(klass.pk), purpose, "missing")][0] == len(members) - len(complete)
            assert register_ids(client, link) == complete
            assert register_ids(client, found[(str(klass.pk), purpose, "missing")][1]) == members - complete
        assert found[("all", purpose, "complete")][0] == sum(1 for s in enrolled if statuses[s.pk][purpose].ok)
    assert "%(n)s" not in html and "{{" not in html


def test_the_register_cells_agree_with_the_statuses(world, mixed):
    """Every cell of every page of the register: complete exactly when the student's status is."""
    client = world.client("director")
    statuses = rules.statuses_for(Student.objects.filter(pk__in=[s.pk for s in mixed]))
    seen = set()
    page = 1
    while True:
        html = client.get(f"/people/consents/register/?page={page}").content.decode()
        for s in mixed:
            marker = f'<tr data-student="{s.pk}">'
            if marker not in html:
                continue
            seen.add(s.pk)
            row = html.split(marker, 1)[1].split("</tr>", 1)[0]
            for p in rules.PURPOSES:
                state = "complete" if statuses[s.pk][p].ok else "missing"
                assert f'data-purpose="{p}" data-consent="{state}"' in row, (s.name, p)
        if f"page={page + 1}" not in html:
            break
        page += 1
    assert seen == {s.pk for s in mixed}
