"""The command line a school uses to start without the demo, and the demo itself."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

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
    assert_the_demo_tells_one_coherent_year(teacher)


def assert_the_demo_tells_one_coherent_year(teacher):
    """What a school would be embarrassed to show (issue 20): a name that says girl beside an ID number that says
    boy, a mooncake in December, a story contest whose goal is Lei Feng's spirit, a parent's request noted as a home
    visit, an approved activity whose history stops at 'applied', a head teacher with nobody to care for."""
    from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus
    from xinhuo.care.models import FollowUp, FollowUpStatus, MentoringPair, StudentTag, SupportMeasure, TagSource
    from xinhuo.core.demo import GIVEN_NAMES

    for name, gender, id_card in Student.objects.values_list("name", "gender", "id_card"):
        assert any(name.endswith(g) for g in GIVEN_NAMES[(gender, True)]), (name, gender)
        assert (int(id_card[16]) % 2 == 1) == (gender == "M"), (name, id_card)
    seasons = {"中秋": {9, 10}, "重阳": {10}, "清明": {4}, "国庆": {9, 10}, "冬至": {12}, "元旦": {12, 1},
               "春节": {1, 2}, "端午": {5, 6}, "教师节": {9}}
    for what, on in ((m.what, m.given_on) for m in SupportMeasure.objects.all()):
        assert all(on.month in months for word, months in seasons.items() if word in what), (what, on)
    for a in Activity.objects.filter(school=teacher.school):
        day = a.starts_at.month
        assert all(day in months for word, months in seasons.items() if word in a.title), (a.title, a.starts_at)
        if a.kind == ActivityKind.STORY_CONTEST:
            assert "雷锋" not in a.objectives or "雷锋" in a.title, a.title
        if a.status == ActivityStatus.APPROVED:
            assert a.steps.filter(to_status=ActivityStatus.APPROVED).exists(), a.title
    assert not [t for t in StudentTag.objects.filter(source=TagSource.PARENT_REQUEST) if "家访" in (t.note or "")]
    tagged = StudentTag.objects.filter(student__school_class_id__in=teacher.class_ids)
    assert tagged.exists(), "the README's head teacher has special-group students"
    assert MentoringPair.objects.filter(mentor__staff__user_id=teacher.user.pk,
                                        student_id__in=tagged.values("student_id")).exists()
    assert FollowUp.objects.filter(status=FollowUpStatus.OPEN, home_visit__isnull=False,
                                   student__school_class_id__in=teacher.class_ids).exists()
    assert_the_committee_keeps_its_books(teacher.school)


def assert_the_committee_keeps_its_books(school):
    """Governance and finance (issue 17): a monthly meeting since September with its minutes in the archive, claims in
    every state with receipts, and no line of this year's budget overspent."""
    from xinhuo.core.selectors import school_year_start
    from xinhuo.finance.budgets.money import positions
    from xinhuo.finance.models import Budget, ClaimStatus, ExpenseClaim
    from xinhuo.governance.models import ArchiveRecord, Meeting, MeetingKind, MeetingStatus

    today = timezone.localdate()
    regular = Meeting.objects.filter(school=school, kind=MeetingKind.REGULAR)
    months = {(m.starts_at.year, m.starts_at.month) for m in regular.filter(status=MeetingStatus.CLOSED)}
    start = school_year_start(today)
    expected = {(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1)
                for i in range((today.year - start.year) * 12 + today.month - start.month)}
    assert expected <= months, sorted(expected - months)
    for meeting in regular.filter(status=MeetingStatus.CLOSED):
        assert ArchiveRecord.objects.filter(school=school, source=f"governance.meeting:{meeting.pk}").exists()
    claims = ExpenseClaim.objects.filter(school=school)
    assert set(claims.values_list("status", flat=True)) == set(ClaimStatus.values)
    assert not claims.exclude(status=ClaimStatus.DRAFT).filter(receipts__isnull=True).exists()
    budget = Budget.objects.filter(school=school, year__start__lte=today, year__end__gte=today).get()
    assert all(p.balance >= 0 for p in positions(budget.lines.all()).values())


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
        actor = build_actor(user)
        if actor is None:  # the county committee's account: no school role; its home is its county's dashboard
            assert client.get("/", follow=True).status_code == 200, username
            continue
        entries = navigation_for(actor, "/")
        urls = [c["url"] for e in entries for c in e.get("children", [e])]
        for url in urls:
            # a menu entry may lead straight on (a parent of one child: "My children" is that child's page)
            assert client.get(url, follow=True).status_code == 200, (username, url)
    elder = build_actor(User.objects.get(username="elder"))
    assert Assignment.objects.filter(elder_id=elder.elder_id, role="inspector", status="active").exists()
    assert ApprenticeshipPair.objects.filter(mentor_id=elder.elder_id, ended_on__isnull=True).count() == 2
    assert Award.objects.filter(elder_id=elder.elder_id).exists() and Inspection.objects.exists()
    young = build_actor(User.objects.get(username="young"))
    assert YoungTeacher.objects.filter(pk=young.young_teacher_id, active=True).exists()
