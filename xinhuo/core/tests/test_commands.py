"""The command line a school uses to start without the demo, and the demo itself."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from xinhuo.core.access import build_actor
from xinhuo.core.demo import DEMO_USERNAMES, build_demo
from xinhuo.core.models import Membership, Role, School, User
from xinhuo.people.models import Guardian, Student, StudentGuardian


@pytest.mark.django_db
def test_create_school_and_grant_role():
    call_command("create_school", name="松林中学", code="songlin", admin="boss", password="Pine-Forest-2026")
    school = School.objects.get(code="songlin")
    assert Membership.objects.filter(user__username="boss", school=school, role=Role.ADMIN).exists()
    User.objects.create_user("laozhou", password="Another-Pass-2026")
    call_command("grant_role", "laozhou", "songlin", "elder")
    assert User.objects.get(username="laozhou").elder_mode, "elders get elder-friendly mode by default"


@pytest.mark.django_db
def test_create_school_refuses_weak_password_and_writes_nothing():
    with pytest.raises(CommandError):
        call_command("create_school", name="松林中学", code="songlin", admin="boss", password="12345678901")
    assert not School.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_grant_role_refuses_unknown_class(world):
    with pytest.raises(CommandError, match="班级"):
        call_command("grant_role", "teacher2", "demo", "head_teacher", "--class", "初九-9")


@pytest.mark.django_db
def test_demo_school_has_the_promised_accounts_and_scopes():
    _objs, password = build_demo(size="small", password="Demo-Pass-2026")
    assert password == "Demo-Pass-2026"
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    assert users["teacher"].check_password("Demo-Pass-2026")
    teacher, parent, student = (build_actor(users[n]) for n in ("teacher", "parent", "student"))
    first_class = min(teacher.class_ids)
    me = Student.objects.get(user=users["student"])
    assert me.school_class_id == first_class, "student is in teacher's class"
    assert me.pk not in parent.child_ids, "student is not parent's child"
    assert Student.objects.filter(pk__in=parent.child_ids, school_class_id=first_class).exists()
    assert build_actor(users["teacher2"]).class_ids.isdisjoint(teacher.class_ids)
    assert build_actor(users["outsider"]).school.code != teacher.school.code
    assert users["elder"].elder_mode
    # one guardian, several children; one child, several guardians
    assert StudentGuardian.objects.values("guardian").annotate(n=Count("student")).filter(n__gt=1).exists()
    assert StudentGuardian.objects.values("student").annotate(n=Count("guardian")).filter(n__gt=1).exists()
    assert Student.objects.filter(guardian_links__isnull=False).count() > 0
    assert Guardian.objects.count() > Student.objects.filter(school=teacher.school).count()


def snapshot():
    return list(Student.objects.order_by("school__code", "student_no").values_list(
        "school__code", "name", "student_no", "gender", "birth_date"))


@pytest.mark.django_db
def test_demo_is_deterministic():
    with transaction.atomic():
        build_demo(size="small", password="Demo-Pass-2026")
        first = snapshot()
        transaction.set_rollback(True)
    assert not Student.objects.exists()
    build_demo(size="small", password="Demo-Pass-2026")
    assert snapshot() == first and len(first) == 360 + 40


@pytest.mark.django_db
def test_every_demo_account_opens_every_page_of_its_navigation():
    """The demo school is what a school tries first: each account's pages open, the elder's team is at work."""
    from django.test import Client

    from xinhuo.core.navigation import navigation_for
    from xinhuo.elders.models import ApprenticeshipPair, Assignment, Award, Inspection, YoungTeacher

    build_demo(size="small", password="Demo-Pass-2026")
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
        entries = navigation_for(build_actor(user), "/")
        urls = [c["url"] for e in entries for c in e.get("children", [e])]
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    elder = build_actor(User.objects.get(username="elder"))
    assert Assignment.objects.filter(elder_id=elder.elder_id, role="inspector", status="active").exists()
    assert ApprenticeshipPair.objects.filter(mentor_id=elder.elder_id, ended_on__isnull=True).count() == 2
    assert Award.objects.filter(elder_id=elder.elder_id).exists() and Inspection.objects.exists()
    young = build_actor(User.objects.get(username="young"))
    assert YoungTeacher.objects.filter(pk=young.young_teacher_id, active=True).exists()
