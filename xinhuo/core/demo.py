"""The demo school: deterministic, realistic, and at 'large' size the benchmark's dataset.

Two schools are built so that tenancy can be seen: the demo school, and a small second
school whose director (`outsider`) must see nothing of the first.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from faker import Faker

from xinhuo.elders.demo import build_elder_team, young_teacher_account
from xinhuo.elders.models import Elder, Specialty
from xinhuo.people.consent import requirement
from xinhuo.people.models import Consent, ConsentNotice, Guardian, Staff, Student, StudentGuardian

from . import idcard, registry
from .models import (
    CommitteeMember,
    Department,
    Grade,
    Membership,
    Notification,
    Role,
    School,
    SchoolClass,
    SchoolYear,
    Term,
    User,
)

DEMO_CODE = "xinhuo-demo"
OTHER_CODE = "qingsong"
DEMO_USERNAMES = ["admin", "director", "leader", "teacher", "teacher2", "counsellor", "finance", "depthead", "elder",
                  "young", "parent", "student", "outsider"]


@dataclass
class DemoContext:
    """What every app's demo builder (its manifest's `demo`) gets: the school being built and the builder's
    helpers (deterministic random numbers, names, phones, accounts). `named` is true for the demo school with
    the named accounts of the README, false for the small second school."""

    school: School
    today: dt.date
    size: Size
    named: bool
    builder: DemoBuilder
    director: User | None = None
    data: dict = field(default_factory=dict)  # what one builder leaves for the next (e.g. "staff", "students")


@dataclass(frozen=True)
class Size:
    classes_per_grade: int
    students: int
    staff: int
    elders: int


SIZES = {
    "small": Size(classes_per_grade=4, students=360, staff=40, elders=12),
    "large": Size(classes_per_grade=20, students=4000, staff=300, elders=150),
}

GRADE_NAMES = {
    "primary": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
    "junior": ["初一", "初二", "初三"],
    "senior": ["高一", "高二", "高三"],
}
FIRST_LEVEL = {"primary": 1, "junior": 7, "senior": 10}
SCHOOL_KIND = {"primary": School.Kind.PRIMARY, "junior": School.Kind.JUNIOR, "senior": School.Kind.SENIOR}

DEPARTMENTS = [
    ("党支部", Department.Kind.PARTY_BRANCH, "把握关工委工作方向，统筹领导。"),
    ("德育处", Department.Kind.MORAL_EDUCATION, "牵头德育活动、班主任工作与家校共育。"),
    ("教务处", Department.Kind.ACADEMIC_AFFAIRS, "学业辅导、课程与教学安排。"),
    ("总务处", Department.Kind.GENERAL_AFFAIRS, "后勤保障、活动场地与经费执行。"),
    ("团委/少先队", Department.Kind.YOUTH_LEAGUE, "组织团队活动、志愿服务与红色教育。"),
    ("工会", Department.Kind.UNION, "联系离退休教师，关心五老生活。"),
]
REGIONS = ["110101", "320102", "330106", "420102", "430102", "510104", "370102", "440106"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "历史", "地理", "政治", "生物", "体育", "音乐", "美术", "信息技术"]
SPECIALTY_CODES = [c.value for c in Specialty]
ADDRESS_STREETS = ["人民路", "解放路", "建设路", "和平街", "光明路", "中山路", "文化路", "胜利街"]


def school_year_bounds(today: dt.date) -> tuple[int, dt.date, dt.date]:
    start_year = today.year if today.month >= 8 else today.year - 1
    return start_year, dt.date(start_year, 9, 1), dt.date(start_year + 1, 7, 15)


class DemoBuilder:
    def __init__(self, size: str = "small", school_type: str = "junior", seed: int = 2026):
        self.size = SIZES[size]
        self.school_type = school_type
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.today = timezone.localdate()
        self.password_hash = ""
        self.seq = 0

    # -- helpers ------------------------------------------------------------------------------
    def phone(self) -> str:
        self.seq += 1
        prefix = self.rng.choice(["138", "139", "150", "151", "186", "187", "135", "177", "199"])
        return f"{prefix}{self.seq % 10**8:08d}"

    def user(self, username: str, full_name: str, school: School, role: str, **extra) -> User:
        user = User.objects.create(
            username=username, full_name=full_name, password=self.password_hash, phone=extra.pop("phone", ""),
        )
        Membership.objects.create(user=user, school=school, role=role, **extra)
        if role == Role.ELDER:
            user.elder_mode = True
            user.save(update_fields=["elder_mode"])
        return user

    def person_name(self, gender: str) -> str:
        return self.fake.name_male() if gender == "M" else self.fake.name_female()

    # -- building -----------------------------------------------------------------------------
    @transaction.atomic
    def build(self, password: str) -> dict:
        self.password_hash = make_password(password)
        school = self.build_school(DEMO_CODE, "薪火实验中学" if self.school_type != "primary" else "薪火实验小学",
                                   self.size, self.school_type, with_named_accounts=True)
        other = self.build_school(OTHER_CODE, "青松中学", Size(2, 40, 6, 2), "junior", with_named_accounts=False)
        outsider = self.user("outsider", "外校主任", other, Role.DIRECTOR)
        self.welcome(other, outsider)
        return {"school": school, "other": other}

    def build_school(
        self, code: str, name: str, size: Size, school_type: str, with_named_accounts: bool
    ) -> School:
        school = School.objects.create(
            name=name, code=code, kind=SCHOOL_KIND[school_type],
            address=f"{self.fake.city()}{self.fake.street_name()}1号",
        )
        start_year, start, end = school_year_bounds(self.today)
        year = SchoolYear.objects.create(
            school=school, name=f"{start_year}-{start_year + 1}学年", start=start, end=end, is_current=True
        )
        Term.objects.create(school_year=year, name="第一学期", start=start, end=dt.date(start_year + 1, 1, 20))
        Term.objects.create(school_year=year, name="第二学期", start=dt.date(start_year + 1, 2, 20), end=end)
        depts = [Department.objects.create(school=school, name=n, kind=k, duties=d) for n, k, d in DEPARTMENTS]
        level0 = FIRST_LEVEL[school_type]
        grades = [
            Grade.objects.create(school=school, name=g, level=level0 + i)
            for i, g in enumerate(GRADE_NAMES[school_type])
        ]
        classes = [
            SchoolClass.objects.create(school=school, grade=g, number=n, name=f"{n}班")
            for g in grades
            for n in range(1, size.classes_per_grade + 1)
        ]
        staff = self.build_staff(school, size.staff, depts)
        students = self.build_students(school, classes, size.students)
        self.build_guardians(school, students)
        elders = self.build_elders(school, size.elders)
        if with_named_accounts:
            self.named_accounts(school, classes, staff, students, elders, depts)
        self.head_teachers(school, classes, staff)
        self.committee(school, staff, elders)
        if with_named_accounts:
            young = young_teacher_account(school, self.user)
            elders = list(Elder.objects.filter(school=school).select_related("user").order_by("pk"))
            director = User.objects.filter(username="director", memberships__school=school).first()
            build_elder_team(school, elders, staff, self.today, self.rng, director, young)
        self.consents(school, students)
        ctx = DemoContext(school=school, today=self.today, size=size, named=with_named_accounts, builder=self,
                          director=User.objects.filter(username="director", memberships__school=school).first())
        for label, step in registry.demo_steps():
            if label not in ("people", "elders"):
                import_string(step.build)(ctx)
        if with_named_accounts:
            self.welcome(school, ctx.director)
        return school

    def build_staff(self, school: School, count: int, depts: list[Department]) -> list[Staff]:
        rows = []
        for i in range(count):
            gender = self.rng.choice("MF")
            s = Staff(
                school=school, staff_no=f"T{i + 1:04d}", name=self.person_name(gender), gender=gender,
                department=depts[1 + i % (len(depts) - 1)] if i % 7 else depts[0],
                position="教师", subject=SUBJECTS[i % len(SUBJECTS)], phone=self.phone(),
            )
            s.fill_keys()
            rows.append(s)
        return Staff.objects.bulk_create(rows, batch_size=500)

    def build_students(self, school: School, classes: list[SchoolClass], count: int) -> list[Student]:
        start_year = school_year_bounds(self.today)[0]
        rows = []
        for i in range(count):
            c = classes[i % len(classes)]
            gender = self.rng.choice("MF")
            age = c.grade.level + 6
            born = dt.date(start_year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
            region = self.rng.choice(REGIONS)
            entry = start_year - (c.grade.level - FIRST_LEVEL[self.school_type])
            s = Student(
                school=school, student_no=f"{entry}{i + 1:05d}", name=self.person_name(gender), gender=gender,
                birth_date=born, id_card=idcard.make(region, born, i, gender == "M"), school_class=c,
                enrolment_date=dt.date(entry, 9, 1),
                address=f"{self.fake.city()}{self.rng.choice(ADDRESS_STREETS)}{self.rng.randint(1, 300)}号"
                        f"{self.rng.randint(1, 30)}栋{self.rng.randint(101, 2602)}室",
            )
            s.fill_keys()
            rows.append(s)
        return Student.objects.bulk_create(rows, batch_size=500)

    def build_guardians(self, school: School, students: list[Student]) -> None:
        """About 1.75 guardians per student; one family in twenty has two children here."""
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
            father = Guardian(school=school, name=surname + self.fake.first_name_male(), phone=self.phone(),
                              work_unit=self.fake.company())
            guardians.append(father)
            family.append((len(guardians) - 1, "father"))
            if self.rng.random() < 0.75:
                mother = Guardian(school=school, name=self.fake.name_female(), phone=self.phone(),
                                  work_unit=self.fake.company())
                guardians.append(mother)
                family.append((len(guardians) - 1, "mother"))
            elif self.rng.random() < 0.5:
                grandma = Guardian(school=school, name=surname + self.fake.first_name_female(), phone=self.phone())
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

    def build_elders(self, school: School, count: int) -> list[Elder]:
        """The registry (ELD-1): profile, specialties and willingness, a weekly slot or two, health for some."""
        from xinhuo.elders.models import ROLE_SPECIALTIES, Availability, ElderRole

        rows = []
        categories = list(Elder.Category)
        political = [Elder.Political.PARTY_MEMBER] * 3 + [Elder.Political.MASSES] * 2 + [
            Elder.Political.DEMOCRATIC_PARTY]
        health_notes = ["高血压，服药控制平稳，避免长时间站立。", "膝关节不好，不宜爬楼，活动安排在一楼。",
                        "糖尿病，活动中注意按时进餐。", "听力稍弱，交流时请放慢语速。"]
        slot_times = [(dt.time(8, 30), dt.time(11, 30)), (dt.time(14, 0), dt.time(17, 0)),
                      (dt.time(15, 0), dt.time(16, 30))]
        seen: set[str] = set()
        for _ in range(count):
            gender = self.rng.choice("MMF")
            name = self.person_name(gender)
            while name in seen:  # two 刘海燕 in a registry of twelve would only confuse whoever tries the demo
                name = self.person_name(gender)
            seen.add(name)
            e = Elder(
                school=school, name=name, gender=gender,
                category=self.rng.choice(categories), phone=self.phone(),
                birth_date=dt.date(self.rng.randint(1938, 1962), self.rng.randint(1, 12), self.rng.randint(1, 28)),
                specialties=self.rng.sample(SPECIALTY_CODES, 2),
                former_work=self.rng.choice(["退休教师", "退休干部", "退役军人", "退休工程师", "劳动模范", "退休医生"]),
                joined_on=self.today - dt.timedelta(days=self.rng.randint(100, 3000)),
            )
            e.political_status = self.rng.choice(political)
            fitting = [r.value for r in ElderRole if ROLE_SPECIALTIES[r] & set(e.specialties)]
            e.willingness = self.rng.sample(fitting, min(len(fitting), self.rng.randint(1, 2))) or [
                self.rng.choice(list(ElderRole)).value]
            e.max_load = self.rng.choice([2, 3, 3, 4])
            if self.rng.random() < 0.8:
                e.last_health_check = self.today - dt.timedelta(days=self.rng.randint(20, 420))
            if self.rng.random() < 0.3:
                e.health_notes = self.rng.choice(health_notes)
            e.fill_keys()
            rows.append(e)
        elders = Elder.objects.bulk_create(rows, batch_size=500)
        slots = []
        for e in elders:
            for weekday in sorted(self.rng.sample(range(5), self.rng.randint(1, 2))):
                start, end = self.rng.choice(slot_times)
                slots.append(Availability(elder=e, weekday=weekday, start=start, end=end))
        Availability.objects.bulk_create(slots, batch_size=1000)
        return elders

    def named_accounts(self, school, classes, staff, students, elders, depts) -> None:
        first, second = classes[0], classes[1]
        self.user("admin", "系统管理员", school, Role.ADMIN)
        self.user("director", "王建国", school, Role.DIRECTOR, phone="13900000001")
        self.user("leader", "李校长", school, Role.LEADER)
        teacher = self.user("teacher", staff[1].name, school, Role.HEAD_TEACHER, phone=staff[1].phone)
        Staff.objects.filter(pk=staff[1].pk).update(user=teacher, position="班主任")
        Membership.objects.get(user=teacher, role=Role.HEAD_TEACHER).classes.add(first)
        teacher2 = self.user("teacher2", staff[2].name, school, Role.HEAD_TEACHER)
        Staff.objects.filter(pk=staff[2].pk).update(user=teacher2, position="班主任")
        Membership.objects.get(user=teacher2, role=Role.HEAD_TEACHER).classes.add(second)
        counsellor = self.user("counsellor", staff[3].name, school, Role.COUNSELLOR)
        Staff.objects.filter(pk=staff[3].pk).update(user=counsellor, position="心理教师", subject="心理健康")
        finance = self.user("finance", staff[4].name, school, Role.FINANCE)
        Staff.objects.filter(pk=staff[4].pk).update(user=finance, position="会计", department=depts[3])
        # the head of the moral education office: the plan's tasks assigned to that office land on their list
        depthead = self.user("depthead", staff[5].name, school, Role.DEPARTMENT_HEAD, department=depts[1])
        Staff.objects.filter(pk=staff[5].pk).update(user=depthead, position="德育处主任", department=depts[1])
        elder = self.user("elder", elders[0].name, school, Role.ELDER, phone=elders[0].phone)
        Elder.objects.filter(pk=elders[0].pk).update(user=elder)
        in_first = [s for s in students if s.school_class_id == first.pk]
        # parent: a guardian of the first student of the first class; student: another student there.
        link = StudentGuardian.objects.filter(student=in_first[0]).select_related("guardian").first()
        assert link is not None
        parent = self.user("parent", link.guardian.name, school, Role.PARENT, phone=link.guardian.phone)
        Guardian.objects.filter(pk=link.guardian_id).update(user=parent)
        parent_children = set(
            StudentGuardian.objects.filter(guardian_id=link.guardian_id).values_list("student_id", flat=True)
        )
        me = next(s for s in in_first[1:] if s.pk not in parent_children)
        student = self.user("student", me.name, school, Role.STUDENT)
        Student.objects.filter(pk=me.pk).update(user=student)

    def head_teachers(self, school: School, classes: list[SchoolClass], staff: list[Staff]) -> None:
        """Every class without one gets a head teacher account from the staff list."""
        taken = set(Membership.objects.filter(school=school, role=Role.HEAD_TEACHER).values_list("classes", flat=True))
        pool = [s for s in staff[5:] if s.user_id is None]
        for c, s in zip([c for c in classes if c.pk not in taken], pool, strict=False):
            user = self.user(f"{school.code[:2]}{s.staff_no.lower()}", s.name, school, Role.HEAD_TEACHER)
            Staff.objects.filter(pk=s.pk).update(user=user, position="班主任")
            Membership.objects.get(user=user, role=Role.HEAD_TEACHER).classes.add(c)

    def committee(self, school: School, staff: list[Staff], elders: list[Elder]) -> None:
        P = CommitteeMember.Position
        director = User.objects.filter(username="director", memberships__school=school).first()
        rows = [
            CommitteeMember(school=school, name="赵书记", position=P.LEADER, in_leading_group=True, title="党支部书记",
                            duties="全面领导关工委工作", order=1),
            CommitteeMember(school=school, name="李校长", position=P.DEPUTY, in_leading_group=True, title="校长",
                            duties="协助组长，统筹行政资源", order=2),
            CommitteeMember(school=school, name=director.full_name if director else "关工委主任", position=P.DIRECTOR,
                            in_leading_group=True, title="关工委主任", duties="主持日常工作", user=director, order=3),
            CommitteeMember(school=school, name=staff[0].name, position=P.SECRETARY, title="德育处干事",
                            duties="会议记录、档案管理与联络", order=4),
        ]
        for i, e in enumerate(elders[:3]):
            rows.append(CommitteeMember(school=school, name=e.name, position=P.ELDER_REP,
                                        title=f"{e.get_category_display()}代表", duties="联系五老，参与评议",
                                        order=10 + i))
        for i, s in enumerate(staff[5:8]):
            rows.append(CommitteeMember(school=school, name=s.name, position=P.MEMBER, title="教师代表",
                                        duties="参与活动组织", order=20 + i))
        CommitteeMember.objects.bulk_create(rows)

    def welcome(self, school: School, sender: User) -> None:
        users = User.objects.filter(memberships__school=school).distinct()
        Notification.objects.bulk_create(
            [
                Notification(school=school, recipient=u, sender=sender, title="欢迎使用薪火平台",
                             body="本学年关工委工作计划已启动，请各位老师、五老和家长及时查看通知。")
                for u in users
            ]
        )

    def consents(self, school: School, students: list[Student]) -> None:
        """Published notices for the four purposes (publicity revised a month ago, so some consents to its
        first version no longer count) and paper consents for part of the students, recorded by their head
        teachers; a few withdrawn. The demo parent's children have no screening consent yet, to try it online.
        A separate random generator keeps the rest of the demo exactly as it was."""
        rng = random.Random(f"consents-{school.code}")
        # consents are dated up to yesterday (in August the year has not started: notices from yesterday)
        start = min(school_year_bounds(self.today)[1], self.today - dt.timedelta(days=1))
        today_start = timezone.make_aware(dt.datetime.combine(self.today, dt.time(0)))
        revised = max(start, self.today - dt.timedelta(days=30))
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
        days = max((self.today - start).days, 1)
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


def demo_exists() -> bool:
    return School.objects.filter(code=DEMO_CODE).exists()


def build_demo(size: str = "small", school_type: str = "junior", password: str | None = None) -> tuple[dict, str]:
    """Build both schools; returns (objects, password). Refuses to run twice."""
    if demo_exists():
        raise RuntimeError("demo already exists")
    password = password or secrets.token_urlsafe(9)
    return DemoBuilder(size=size, school_type=school_type).build(password), password


def reset_demo_passwords(password: str | None = None) -> str:
    password = password or secrets.token_urlsafe(9)
    User.objects.filter(username__in=DEMO_USERNAMES).update(password=make_password(password))
    return password
