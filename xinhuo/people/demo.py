"""The demo school's people: staff, students and their guardians, the named accounts of the README that stand
for a staff member, a parent or a student, head teachers for every class, and the consent register.
Deterministic: the builder's rng in a fixed order (the consents have a generator of their own)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.core import idcard
from xinhuo.core.demo import FIRST_LEVEL, DemoContext, school_year_bounds
from xinhuo.core.models import CommitteeMember, Department, Membership, Role, SchoolClass

from .consent import requirement
from .models import Consent, ConsentNotice, Guardian, Staff, Student, StudentGuardian

REGIONS = ["110101", "320102", "330106", "420102", "430102", "510104", "370102", "440106"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "历史", "地理", "政治", "生物", "体育", "音乐", "美术", "信息技术"]
ADDRESS_STREETS = ["人民路", "解放路", "建设路", "和平街", "光明路", "中山路", "文化路", "胜利街"]


def build(ctx: DemoContext) -> None:
    """Reads ctx.data "departments" and "classes"; leaves "staff" and "students", and adds the committee's
    secretary and teacher representatives to "committee"."""
    depts: list[Department] = ctx.data["departments"]
    classes: list[SchoolClass] = ctx.data["classes"]
    staff = build_staff(ctx, ctx.size.staff, depts)
    students = build_students(ctx, classes, ctx.size.students)
    build_guardians(ctx, students)
    ctx.data["staff"], ctx.data["students"] = staff, students
    if ctx.named:
        named_accounts(ctx, classes, staff, students, depts)
    head_teachers(ctx, classes, staff)
    committee(ctx, staff)
    consents(ctx, students)


def build_staff(ctx: DemoContext, count: int, depts: list[Department]) -> list[Staff]:
    b = ctx.builder
    rows = []
    for i in range(count):
        gender = b.rng.choice("MF")
        s = Staff(
            school=ctx.school, staff_no=f"T{i + 1:04d}", name=b.person_name(gender), gender=gender,
            department=depts[1 + i % (len(depts) - 1)] if i % 7 else depts[0],
            position="教师", subject=SUBJECTS[i % len(SUBJECTS)], phone=b.phone(),
        )
        s.fill_keys()
        rows.append(s)
    return Staff.objects.bulk_create(rows, batch_size=500)


def build_students(ctx: DemoContext, classes: list[SchoolClass], count: int) -> list[Student]:
    b = ctx.builder
    start_year = school_year_bounds(ctx.today)[0]
    rows = []
    for i in range(count):
        c = classes[i % len(classes)]
        gender = b.rng.choice("MF")
        age = c.grade.level + 6
        born = dt.date(start_year - age, b.rng.randint(1, 12), b.rng.randint(1, 28))
        region = b.rng.choice(REGIONS)
        # the builder's school type, not the school's: the second school's student numbers stay as they were
        entry = start_year - (c.grade.level - FIRST_LEVEL[b.school_type])
        s = Student(
            school=ctx.school, student_no=f"{entry}{i + 1:05d}", name=b.person_name(gender, young=True), gender=gender,
            birth_date=born, id_card=idcard.make(region, born, i, gender == "M"), school_class=c,
            enrolment_date=dt.date(entry, 9, 1),
            address=f"{b.fake.city()}{b.rng.choice(ADDRESS_STREETS)}{b.rng.randint(1, 300)}号"
                    f"{b.rng.randint(1, 30)}栋{b.rng.randint(101, 2602)}室",
        )
        s.fill_keys()
        rows.append(s)
    return Student.objects.bulk_create(rows, batch_size=500)


def build_guardians(ctx: DemoContext, students: list[Student]) -> None:
    """About 1.75 guardians per student; one family in twenty has two children here."""
    b, school = ctx.builder, ctx.school
    guardians: list[Guardian] = []
    links: list[tuple[int, int, str, bool]] = []  # (student index, guardian index, relation, primary)
    prev_family: list[tuple[int, str]] = []
    for i, s in enumerate(students):
        if prev_family and i % 20 == 19:
            for gi, rel in prev_family:
                links.append((i, gi, rel, rel == "mother"))
            prev_family = []
            continue
        surname = s.name[0]
        family = []
        father = Guardian(school=school, name=b.person_name("M", surname=surname), phone=b.phone(),
                          work_unit=b.fake.company())
        guardians.append(father)
        family.append((len(guardians) - 1, "father"))
        if b.rng.random() < 0.75:
            mother = Guardian(school=school, name=b.person_name("F"), phone=b.phone(),
                              work_unit=b.fake.company())
            guardians.append(mother)
            family.append((len(guardians) - 1, "mother"))
        elif b.rng.random() < 0.5:
            grandma = Guardian(school=school, name=b.person_name("F", surname=surname), phone=b.phone())
            guardians.append(grandma)
            family.append((len(guardians) - 1, "grandmother"))
        for gi, rel in family:
            links.append((i, gi, rel, rel == family[-1][1] if len(family) == 1 else rel == "mother"))
        prev_family = family
    for g in guardians:
        g.fill_keys()
    created = Guardian.objects.bulk_create(guardians, batch_size=500)
    StudentGuardian.objects.bulk_create(
        [
            StudentGuardian(student=students[si], guardian=created[gi], relation=rel, is_primary=primary)
            for si, gi, rel, primary in links
        ],
        batch_size=1000,
    )


def named_accounts(ctx: DemoContext, classes: list[SchoolClass], staff: list[Staff], students: list[Student],
                   depts: list[Department]) -> None:
    """The README's accounts that stand for a staff member, a parent or a student."""
    school, user = ctx.school, ctx.builder.user
    first, second = classes[0], classes[1]
    teacher = user("teacher", staff[1].name, school, Role.HEAD_TEACHER, phone=staff[1].phone)
    Staff.objects.filter(pk=staff[1].pk).update(user=teacher, position="班主任")
    Membership.objects.get(user=teacher, role=Role.HEAD_TEACHER).classes.add(first)
    teacher2 = user("teacher2", staff[2].name, school, Role.HEAD_TEACHER)
    Staff.objects.filter(pk=staff[2].pk).update(user=teacher2, position="班主任")
    Membership.objects.get(user=teacher2, role=Role.HEAD_TEACHER).classes.add(second)
    counsellor = user("counsellor", staff[3].name, school, Role.COUNSELLOR)
    Staff.objects.filter(pk=staff[3].pk).update(user=counsellor, position="心理教师", subject="心理健康")
    finance = user("finance", staff[4].name, school, Role.FINANCE)
    Staff.objects.filter(pk=staff[4].pk).update(user=finance, position="会计", department=depts[3])
    # the head of the moral education office: the plan's tasks assigned to that office land on their list
    depthead = user("depthead", staff[5].name, school, Role.DEPARTMENT_HEAD, department=depts[1])
    Staff.objects.filter(pk=staff[5].pk).update(user=depthead, position="德育处主任", department=depts[1])
    in_first = [s for s in students if s.school_class_id == first.pk]
    # parent: a guardian of the first student of the first class; student: another student there.
    link = StudentGuardian.objects.filter(student=in_first[0]).select_related("guardian").first()
    assert link is not None
    parent = user("parent", link.guardian.name, school, Role.PARENT, phone=link.guardian.phone)
    Guardian.objects.filter(pk=link.guardian_id).update(user=parent)
    parent_children = set(
        StudentGuardian.objects.filter(guardian_id=link.guardian_id).values_list("student_id", flat=True)
    )
    me = next(s for s in in_first[1:] if s.pk not in parent_children)
    student = user("student", me.name, school, Role.STUDENT)
    Student.objects.filter(pk=me.pk).update(user=student)


def head_teachers(ctx: DemoContext, classes: list[SchoolClass], staff: list[Staff]) -> None:
    """Every class without one gets a head teacher account from the staff list."""
    school = ctx.school
    taken = set(Membership.objects.filter(school=school, role=Role.HEAD_TEACHER).values_list("classes", flat=True))
    pool = [s for s in staff[5:] if s.user_id is None]
    for c, s in zip([c for c in classes if c.pk not in taken], pool, strict=False):
        user = ctx.builder.user(f"{school.code[:2]}{s.staff_no.lower()}", s.name, school, Role.HEAD_TEACHER)
        Staff.objects.filter(pk=s.pk).update(user=user, position="班主任")
        Membership.objects.get(user=user, role=Role.HEAD_TEACHER).classes.add(c)


def committee(ctx: DemoContext, staff: list[Staff]) -> None:
    """The committee's secretary and teacher representatives (core writes the committee after every step)."""
    P = CommitteeMember.Position
    school = ctx.school
    rows = ctx.data.setdefault("committee", [])
    rows.append(CommitteeMember(school=school, name=staff[0].name, position=P.SECRETARY, title="德育处干事",
                                duties="会议记录、档案管理与联络", order=4))
    for i, s in enumerate(staff[5:8]):
        rows.append(CommitteeMember(school=school, name=s.name, position=P.MEMBER, title="教师代表",
                                    duties="参与活动组织", order=20 + i))


def consents(ctx: DemoContext, students: list[Student]) -> None:
    """Published notices for the four purposes (publicity revised a month ago, so some consents to its
    first version no longer count) and paper consents for part of the students, recorded by their head
    teachers; a few withdrawn. The demo parent's children have no screening consent yet, to try it online.
    A separate random generator keeps the rest of the demo exactly as it was."""
    school, today = ctx.school, ctx.today
    rng = random.Random(f"consents-{school.code}")
    # consents are dated up to yesterday (in August the year has not started: notices from yesterday)
    start = min(school_year_bounds(today)[1], today - dt.timedelta(days=1))
    today_start = timezone.make_aware(dt.datetime.combine(today, dt.time(0)))
    revised = max(start, today - dt.timedelta(days=30))
    notices: dict[str, list[ConsentNotice]] = {}
    for purpose, title, body in CONSENT_NOTICES:
        notices[purpose] = [ConsentNotice(school=school, purpose=purpose, version=1, title=title, body=body,
                                          effective_from=start)]
    notices["publicity"].append(ConsentNotice(
        school=school, purpose="publicity", version=2, title="校园宣传使用学生肖像和姓名告知书（修订）",
        body=PUBLICITY_V2, effective_from=revised))
    ConsentNotice.objects.bulk_create([n for versions in notices.values() for n in versions])
    head_teacher = dict(
        Membership.classes.through.objects.filter(
            membership__school=school, membership__role=Role.HEAD_TEACHER
        ).values_list("schoolclass_id", "membership__user_id")
    )
    first_guardian: dict[int, int] = {}
    for student_id, linked_id in StudentGuardian.objects.filter(student__school=school).order_by(
        "-is_primary", "pk"
    ).values_list("student_id", "guardian_id"):
        first_guardian.setdefault(student_id, linked_id)
    demo_parent_children = set(
        StudentGuardian.objects.filter(guardian__user__username="parent", student__school=school)
        .values_list("student_id", flat=True)
    )
    days = max((today - start).days, 1)
    rows = []
    for s in students:
        guardian_id = first_guardian.get(s.pk)
        if guardian_id is None:
            continue
        for purpose, share in CONSENT_SHARE.items():
            if rng.random() >= share or (purpose == "screening" and s.pk in demo_parent_children):
                continue
            day = start + dt.timedelta(days=rng.randrange(days))
            versions = [n for n in notices[purpose] if n.effective_from <= day]
            notice = versions[-1]
            given_at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
            method = Consent.Method.PAPER if rng.random() < 0.8 else Consent.Method.IN_PERSON
            recorder = head_teacher.get(s.school_class_id)
            withdrawn = rng.random() < 0.03
            ended = min(given_at + dt.timedelta(days=rng.randint(1, 20)), today_start) if withdrawn else None
            rows.append(Consent(school=school, student=s, purpose=purpose, party=Consent.Party.GUARDIAN,
                                guardian_id=guardian_id, notice=notice, method=method, given_at=given_at,
                                recorded_by_id=recorder, withdrawn_at=ended,
                                withdrawn_by_id=recorder if withdrawn else None))
            if requirement(s.birth_date, day).student and rng.random() < 0.6:
                rows.append(Consent(school=school, student=s, purpose=purpose, party=Consent.Party.STUDENT,
                                    notice=notice, method=method, given_at=given_at, recorded_by_id=recorder))
    Consent.objects.bulk_create(rows, batch_size=1000)


CONSENT_SHARE = {"screening": 0.8, "special_group": 0.45, "publicity": 0.65, "partner_sharing": 0.3}
CONSENT_NOTICES = [
    ("screening", "学生心理健康筛查知情同意书",
     "为及早发现和帮助有需要的学生，学校每学期组织一次心理健康筛查（问卷形式，约20分钟）。\n"
     "筛查结果仅由心理教师查看，用于安排关心和辅导，不作为评优、升学依据，不对外公开；保存至学生毕业。\n"
     "未满14周岁的学生由监护人同意；14周岁及以上的学生需本人和监护人共同同意。您可以随时撤回同意，撤回后不再对孩子进行筛查。"),
    ("special_group", "特殊群体学生关爱档案知情同意书",
     "为落实关心下一代工作，学校对留守、单亲、困难家庭等学生建立关爱档案，记录帮扶措施和结对情况。\n"
     "档案仅由班主任、关工委主任和结对的五老志愿者在工作需要时查看，加密保存，学生毕业后按规定销毁。\n"
     "您可以随时撤回同意，撤回后学校将停止新增记录。"),
    ("publicity", "校园宣传使用学生肖像和姓名告知书",
     "学校在校园网站、宣传栏和微信公众号报道活动时，可能使用包含学生的照片和姓名。\n"
     "不会公开学生的住址、联系方式等信息。您可以随时撤回同意，撤回后不再新增使用。"),
    ("partner_sharing", "与合作单位共享学生信息知情同意书",
     "学校与社区、关工委合作单位共同开展活动（如研学、志愿服务、心理援助）时，需要向合作单位提供学生姓名、班级和监护人联系方式。\n"
     "合作单位须签订保密协议，信息仅用于该活动，活动结束后删除。您可以随时撤回同意。"),
]
PUBLICITY_V2 = (
    "学校在校园网站、宣传栏、微信公众号和视频号报道活动时，可能使用包含学生的照片、视频和姓名。\n"
    "新增：活动视频可能在学校视频号发布。不会公开学生的住址、联系方式等信息。\n"
    "您可以随时撤回同意，撤回后不再新增使用，已发布的内容将在收到撤回后尽快撤下。"
)
