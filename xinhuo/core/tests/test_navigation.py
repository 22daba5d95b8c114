"""The navigation (issue 20): grouped by area into collapsible sections, only what each role uses (the capability,
then the entry's own `shown` test), a few queries whatever the school's size, the API documentation for the
administrator only."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinhuo.core import registry
from xinhuo.core.access import build_actor
from xinhuo.core.navigation import navigation_for
from xinhuo.core.registry import AppManifest, NavEntry

CALLS: list[str] = []


def counted_shown(actor) -> bool:
    CALLS.append(actor.user.username)
    return True


def urls(entries: list[dict]) -> list[str]:
    return [c["url"] for e in entries for c in e.get("children", [e])]


def follow_up(world, student, owner, text: str = "跟进"):
    """An item from a home visit (every item has a visit or a forum behind it), owned by `owner`."""
    from xinhuo.care.models import FollowUp, HomeVisit

    visit = HomeVisit.objects.create(
        school=world.school,
        student=student,
        visited_on=dt.date.today(),
        way="home",
        visitor_kinds=["head_teacher"],
        visitors="陈老师",
        notes="家中困难",
        recorded_by=world.users["head_teacher_a"],
    )
    return FollowUp.objects.create(
        school=world.school,
        home_visit=visit,
        student=student,
        text=text,
        owner=owner,
        created_by=world.users["head_teacher_a"],
    )


def menu(html: str) -> str:
    return html.split('id="mainnav"', 1)[1].split('id="main"', 1)[0]


def test_every_entry_sits_in_a_declared_group_except_the_few_on_top():
    """Only the home page, the inbox and a person's own pages (an elder's service, a parent's children) stand alone,
    above the sections; everything else belongs to an area."""
    groups = registry.nav_groups()
    for entry in registry.nav_entries():
        assert not entry.group or entry.group in groups, f"{entry.url_name}: undeclared group {entry.group!r}"
    top = [e for e in registry.nav_entries() if not e.group]
    assert {"dashboard", "inbox"} <= {e.url_name for e in top}
    assert len(top) <= 8, f"a few entries on top, the rest in sections: {[e.url_name for e in top]}"
    first_grouped = min(e.order for e in registry.nav_entries() if e.group)
    assert all(e.order < first_grouped for e in top), "the entries on top come before the sections"


def test_the_directors_menu_is_home_and_inbox_then_sections(world):
    entries = navigation_for(world.actor("director"), "/")
    assert [e["url"] for e in entries[:2]] == ["/", "/inbox/"]
    keys = [e["key"] for e in entries[2:] if "children" in e]
    assert keys[:3] == ["plans", "activities", "care"] and keys[-2:] == ["people", "admin"]
    assert len(entries) <= 14, "a dozen sections at most, however many pages the director may open"
    assert len(set(urls(entries))) == len(urls(entries)), "no page twice"


def test_the_section_of_the_current_page_is_open_and_the_others_closed(world):
    html = world.client("director").get("/people/consents/coverage/").content.decode()
    nav = menu(html)
    section = nav.split('id="nav-items-people"', 1)[1].split("</ul>", 1)[0]
    assert {"/people/consents/register/", "/people/consents/coverage/", "/people/consents/notices/"} <= {
        part.split('"', 1)[0] for part in section.split('href="')[1:]
    }
    assert 'class="collapse show list-unstyled" id="nav-items-people"' in nav
    assert 'aria-expanded="true" aria-controls="nav-items-people" id="nav-group-people"' in nav
    assert 'class="collapse list-unstyled" id="nav-items-care"' in nav  # another area stays folded
    assert nav.count('aria-expanded="true"') == 1
    assert 'aria-current="page" href="/people/consents/coverage/"' in nav
    assert "dropdown" not in nav, "sections, not dropdown menus"


def test_a_section_with_a_single_entry_for_the_role_is_a_plain_link(world):
    nav = menu(world.client("finance").get("/").content.decode())
    assert 'id="nav-group-people"' not in nav  # finance sees the staff list alone of the roster
    assert 'class="xh-nav-link xh-nav-top" href="/people/staff/"' in nav


def test_the_inbox_keeps_its_unread_badge(world):
    from xinhuo.core.services import notification_send

    director = world.users["director"]
    notification_send(
        actor=build_actor(director), school=world.school, recipients=[director], title="会议通知", body="周五开会"
    )
    nav = menu(world.client("director").get("/").content.decode())
    assert 'href="/inbox/">' in nav and 'id="unread-badge">1<' in nav


def test_my_mentees_shows_only_to_whom_mentors_a_student(world):
    from xinhuo.care.models import Mentor, MentoringPair, MentorKind

    for persona in ("director", "head_teacher_a", "finance", "elder", "student_x"):
        assert "/care/mentees/" not in urls(navigation_for(world.actor(persona), "/")), persona
    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.TEACHER, staff=world.staff_a,
                                   name=world.staff_a.name)  # head_teacher_a's staff record
    assert "/care/mentees/" not in urls(navigation_for(world.actor("head_teacher_a"), "/")), "a mentor with no pair"
    pair = MentoringPair.objects.create(
        school=world.school,
        mentor=mentor,
        student=world.student_x,
        needs=["academic"],
        started_on=dt.date.today() - dt.timedelta(days=3),
    )
    assert "/care/mentees/" in urls(navigation_for(world.actor("head_teacher_a"), "/"))
    MentoringPair.objects.filter(pk=pair.pk).update(ended_on=dt.date.today(), summary="结对圆满结束")
    assert "/care/mentees/" not in urls(navigation_for(world.actor("head_teacher_a"), "/")), "ended and summed up"
    MentoringPair.objects.filter(pk=pair.pk).update(summary="")
    assert "/care/mentees/" in urls(navigation_for(world.actor("head_teacher_a"), "/")), "a summary still to write"


def test_an_elder_mentoring_a_student_has_one_pairs_entry(world):
    """Issue 20: an elder's student mentees are on "My pairs" with their other pairs, not under a second entry."""
    from xinhuo.care.models import Mentor, MentoringPair, MentorKind

    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name=world.elder.name)
    MentoringPair.objects.create(school=world.school, mentor=mentor, student=world.student_x,
                                 started_on=dt.date.today() - dt.timedelta(days=3))
    entries = urls(navigation_for(world.actor("elder"), "/"))
    assert "/elders/my-pairs/" in entries and "/care/mentees/" not in entries


def test_care_entries_show_to_finance_only_for_what_it_holds_there(world):
    from xinhuo.care.models import Mentor, MentorKind, ProgramKind, StudyProgram
    from xinhuo.people.models import Staff

    finance = world.users["finance"]
    assert not any(u.startswith("/care/") for u in urls(navigation_for(world.actor("finance"), "/")))
    follow_up(world, world.student_x, finance, "核对助学金发放")
    assert "/care/follow-ups/" in urls(navigation_for(world.actor("finance"), "/"))
    assert "/care/study/" not in urls(navigation_for(world.actor("finance"), "/"))
    staff = Staff.objects.create(school=world.school, staff_no="T0900", name="钱会计", gender="F", user=finance)
    tutor = Mentor.objects.create(school=world.school, kind=MentorKind.TEACHER, staff=staff, name=staff.name)
    StudyProgram.objects.create(
        school=world.school, kind=ProgramKind.TEACHER_CLASS, title="珠心算", tutor=tutor, capacity=20
    )
    assert "/care/study/" in urls(navigation_for(world.actor("finance"), "/"))
    # those who care for students keep the whole section, whatever they hold
    teacher = urls(navigation_for(world.actor("head_teacher_a"), "/"))
    assert {"/care/follow-ups/", "/care/study/", "/care/visits/"} <= set(teacher)


def test_a_parent_sees_the_follow_up_cases_once_there_is_one_about_their_child(world):
    from xinhuo.wellbeing.models import Case

    assert "/wellbeing/cases/" not in urls(navigation_for(world.actor("parent_x"), "/"))
    Case.objects.create(school=world.school, student=world.student_z, counsellor=world.users["counsellor"])
    assert "/wellbeing/cases/" not in urls(navigation_for(world.actor("parent_x"), "/")), "another family's case"
    Case.objects.create(school=world.school, student=world.student_x, counsellor=world.users["counsellor"])
    assert "/wellbeing/cases/" in urls(navigation_for(world.actor("parent_x"), "/"))
    assert "/wellbeing/cases/" in urls(navigation_for(world.actor("head_teacher_b"), "/"))  # they work on cases


@pytest.fixture
def with_counted_entry():
    """The installed apps plus one entry whose `shown` counts its calls; only the director may use it."""
    core = next(m for m in registry.manifests() if m.label == "core")
    extra = AppManifest(
        "extra",
        capabilities={"extra.view": frozenset({"director"})},
        nav=(
            NavEntry("额外", "news:list", "extra.view", "/extra/", order=15, shown=f"{__name__}.counted_shown"),
            NavEntry("额外二", "news:list", "extra.view", "/extra/2/", order=16, shown=f"{__name__}.counted_shown"),
        ),
    )
    others = [m for m in registry.manifests() if m.label != "core"]
    CALLS.clear()
    with registry.override(replace(core), *others, extra):
        yield


def test_shown_is_asked_only_where_the_capability_allows_and_once_per_request(world, with_counted_entry):
    parent = world.actor("parent_x")
    navigation_for(parent, "/")
    assert CALLS == [], "never asked for a role without the capability"
    director = world.actor("director")
    navigation_for(director, "/")
    navigation_for(director, "/news/")
    assert CALLS == ["director"], "one answer per request, for both entries and both calls"


def test_the_menu_costs_a_few_queries_whatever_the_school_holds(world):
    from xinhuo.care.models import Mentor, MentoringPair, MentorKind, ProgramKind, StudyProgram

    personas = ("director", "head_teacher_a", "finance", "elder", "parent_x", "student_x")

    def count(persona: str) -> int:
        actor = world.actor(persona)
        actor.roles, actor.class_ids  # noqa: B018 (the memberships: read by every page before the menu)
        with CaptureQueriesContext(connection) as ctx:
            navigation_for(actor, "/")
            navigation_for(actor, "/")  # the base template and a fragment: the second costs nothing
        return len(ctx.captured_queries)

    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name=world.elder.name)

    def hold(student) -> None:
        MentoringPair.objects.create(
            school=world.school, mentor=mentor, student=student, needs=["academic"], started_on=dt.date.today()
        )
        follow_up(world, student, world.users["finance"])
        StudyProgram.objects.create(
            school=world.school, kind=ProgramKind.TEACHER_CLASS, title="答疑", tutor=mentor, capacity=20
        )

    hold(world.student_x)
    one = {p: count(p) for p in personas}
    assert all(n <= 4 for n in one.values()), one
    hold(world.student_y)
    hold(world.student_z)
    assert {p: count(p) for p in personas} == one


def test_the_api_documentation_is_in_the_administrators_menu_only(world):
    assert 'id="api-docs-link"' in world.client("admin").get("/").content.decode()
    for persona in ("director", "head_teacher_a", "parent_x", "student_x", "elder"):
        client = world.client(persona)
        assert "/api/docs/" not in client.get("/").content.decode(), persona
        assert client.get("/api/docs/").status_code == 404, persona
