"""The UI shell: navigation per role, dashboards with real figures, elder-friendly mode, language, no-role."""

import pytest
from django.urls import reverse

from xinhuo.core.models import User
from xinhuo.people.models import Student


def nav_links(client) -> set[str]:
    html = client.get("/").content.decode()
    nav = html.split('id="mainnav"', 1)[1].split('id="main"', 1)[0]  # the menu runs up to the page's content
    return {part.split('"', 1)[0] for part in nav.split('href="')[1:]}


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("director", {"/people/students/", "/people/staff/", "/structure/", "/logs/access/", "/notices/"}, set()),
        ("head_teacher_a", {"/people/students/", "/people/guardians/", "/structure/"}, {"/logs/access/", "/notices/"}),
        # a parent finds their child under "My children", a student their own page: not the searchable lists
        ("parent_x", {"/people/mine/", "/inbox/"},
         {"/people/students/", "/people/guardians/", "/people/staff/", "/structure/", "/logs/access/"}),
        ("student_x", {"/people/mine/", "/inbox/"},
         {"/people/students/", "/people/guardians/", "/people/staff/", "/committee/"}),
        ("elder", {"/committee/", "/inbox/"}, {"/people/students/", "/people/staff/", "/logs/access/"}),
        ("finance", {"/people/staff/"}, {"/people/students/", "/people/guardians/"}),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(world, persona, present, absent):
    links = nav_links(world.client(persona))
    assert present <= links, links
    assert not (absent & links), links


def test_every_navigation_link_opens_for_that_role(world):
    for persona in ("director", "head_teacher_a", "parent_x", "student_x", "elder", "finance", "counsellor"):
        client = world.client(persona)
        for href in nav_links(client):
            response = client.get(href, follow=True)  # "My children" with one child: that child's page
            assert response.status_code == 200 and "/login/" not in response.request["PATH_INFO"], (persona, href)


def test_dashboard_figures_are_what_the_role_may_see(world):
    director = world.client("director").get("/").content.decode()
    assert 'data-figure="students">3<' in director  # three enrolled students in the school
    teacher = world.client("head_teacher_a").get("/").content.decode()
    assert 'data-figure="students">2<' in teacher  # only class A
    Student.objects.filter(pk=world.student_y.pk).update(status=Student.Status.TRANSFERRED)
    teacher = world.client("head_teacher_a").get("/").content.decode()
    assert 'data-figure="students">1<' in teacher
    parent = world.client("parent_x").get("/").content.decode()
    assert world.student_x.name in parent and world.student_y.name not in parent


def test_elder_mode_switch_is_per_user_and_on_for_elders_by_default(world):
    from xinhuo.core.services import membership_grant

    newcomer = User.objects.create_user("laowang", password="Old-Soldier-2026")
    membership_grant(user=newcomer, school=world.school, role="elder")
    newcomer.refresh_from_db()
    assert newcomer.elder_mode
    client = world.client("head_teacher_a")
    assert 'class="elder-mode"' not in client.get("/").content.decode()
    response = client.post(reverse("elder-mode"), {"on": "1", "next": "/people/students/"})
    assert response.status_code == 302 and response["Location"] == "/people/students/"
    assert 'class="elder-mode"' in client.get("/").content.decode()
    assert not world.users["director"].elder_mode
    client.post(reverse("elder-mode"), {"on": "0", "next": "https://evil.example/"})
    assert 'class="elder-mode"' not in client.get("/").content.decode()


def test_elder_mode_does_not_redirect_off_site(world):
    response = world.client("director").post(reverse("elder-mode"), {"on": "1", "next": "https://evil.example/x"})
    assert response["Location"] == reverse("dashboard")


def test_language_switch_is_remembered_on_the_account(world):
    client = world.client("director")
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    world.users["director"].refresh_from_db()
    assert world.users["director"].language == "en"
    assert "Students" in client.get("/").content.decode()


def test_a_user_without_any_role_sees_an_explanation(db):
    from django.test import Client

    nobody = User.objects.create_user("nobody", password="Nobody-Here-2026")
    client = Client()
    client.force_login(nobody, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    response = client.get("/")
    assert response.status_code == 403
    assert "尚未在任何学校分配角色" in response.content.decode()
    assert client.get("/api/v1/me/").status_code == 404


def test_user_in_two_schools_switches_between_them(world):
    from xinhuo.core.services import membership_grant

    director = world.users["director"]
    membership_grant(user=director, school=world.other, role="leader")
    client = world.client("director")
    assert "青松中学" in client.get("/").content.decode()  # the switcher lists both
    client.post(reverse("switch-school"), {"school": world.other.pk})
    html = client.get("/people/students/").content.decode()
    assert world.other_student.name in html and world.student_x.name not in html
    assert client.post(reverse("switch-school"), {"school": 999999}).status_code == 404


def test_an_expired_session_during_an_htmx_reveal_sends_the_page_to_login(world):
    from django.test import Client

    url = reverse("people:reveal", args=["student", world.student_x.pk, "id_card"])
    response = Client().post(url, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/people/students/1/"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/people/students/1/"
    assert world.student_x.id_card not in response.content.decode()


def test_only_the_most_specific_item_is_marked_active(world):
    """/elders/home/ lies under /elders/ too: "My service" is the page the elder is on, not the registry."""
    html = world.client("elder").get("/elders/home/").content.decode()
    nav = html.split('id="mainnav"', 1)[1].split('id="main"', 1)[0]
    assert nav.count('aria-current="page"') == 1
    assert 'aria-current="page" href="/elders/home/"' in nav


def test_an_elder_goes_from_home_to_their_service_page_in_one_tap(world):
    html = world.client("elder").get("/").content.decode()
    assert 'href="/elders/home/" id="to-my-service"' in html
    assert 'id="to-my-service"' not in world.client("director").get("/").content.decode()
