"""The demo school: deterministic, realistic, and at 'large' size the benchmark's dataset.

Two schools are built so that tenancy can be seen: the demo school, and a small second
school whose director (`outsider`) must see nothing of the first.

Core builds each school's structure (year and terms, departments, grades, classes) and the accounts that
stand for no one's record (admin, director, leader, outsider); every app's manifest names its own builder
(people, elders, care, ...), run in the registry's order with a shared DemoContext.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from faker import Faker

from . import registry
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
                  "young", "parent", "student", "outsider", "county"]


@dataclass
class DemoContext:
    """What every app's demo builder (its manifest's `demo`) gets: the school being built and the builder's
    helpers (deterministic random numbers, names, phones, accounts). `named` is true for the demo school with
    the named accounts of the README, false for the small second school. `director` is the `director` account
    (None in the second school).

    `data` holds what one builder leaves for the next, each list in creation order:
      "departments", "grades", "classes": the school's structure (core);
      "staff", "students": the Staff and Student rows as bulk-created (people; their user links are set
        in the database only, so read `user` from a fresh query);
      "elders": the Elder rows as bulk-created, without their user links (elders);
      "committee": unsaved CommitteeMember rows that builders add to (core's leading group, people's
        secretary and teachers, elders' representatives); core writes them, by `order`, after every step.
    """

    school: School
    today: dt.date
    size: Size
    named: bool
    builder: DemoBuilder
    director: User | None = None
    data: dict[str, Any] = field(default_factory=dict)


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
GRADE_NAMES["nine_year"] = GRADE_NAMES["primary"] + GRADE_NAMES["junior"]  # 九年一贯制: levels 1-9
FIRST_LEVEL = {"primary": 1, "junior": 7, "senior": 10, "nine_year": 1}
SCHOOL_KIND = {"primary": School.Kind.PRIMARY, "junior": School.Kind.JUNIOR, "senior": School.Kind.SENIOR,
               "nine_year": School.Kind.NINE_YEAR}
SCHOOL_NAME = {"primary": "薪火实验小学", "nine_year": "薪火实验学校"}  # otherwise 薪火实验中学

DEPARTMENTS = [
    ("党支部", Department.Kind.PARTY_BRANCH, "把握关工委工作方向，统筹领导。"),
    ("德育处", Department.Kind.MORAL_EDUCATION, "牵头德育活动、班主任工作与家校共育。"),
    ("教务处", Department.Kind.ACADEMIC_AFFAIRS, "学业辅导、课程与教学安排。"),
    ("总务处", Department.Kind.GENERAL_AFFAIRS, "后勤保障、活动场地与经费执行。"),
    ("团委/少先队", Department.Kind.YOUTH_LEAGUE, "组织团队活动、志愿服务与红色教育。"),
    ("工会", Department.Kind.UNION, "联系离退休教师，关心五老生活。"),
]


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Given names by gender and generation: Faker's zh_CN names ignore gender (a boy named 秀珍 beside an ID number
# that says male), and a grandmother is not called 子涵.
GIVEN_NAMES = {
    ("M", True): _names("浩然 子轩 宇航 俊杰 博文 天佑 嘉豪 文轩 宇轩 思远 家豪 子豪 俊熙 一鸣 晨阳 承泽 皓轩 明哲 "
                        "奕辰 梓睿 泽宇 睿 铭 锐 凯 航 昊 源 哲 晨"),
    ("F", True): _names("欣怡 梓涵 雨涵 诗琪 佳怡 思雨 梦瑶 雅静 晓彤 婉清 可馨 若曦 紫萱 语桐 心怡 雨桐 芷若 佳琪 "
                        "诗涵 嘉怡 悦 婷 颖 琳 萱 妍 冉 菲 怡 蕾"),
    ("M", False): _names("建军 志强 国平 建华 卫东 伟 磊 鹏 涛 明 杰 浩 强 军 勇 斌 刚 平 辉 峰 建国 海涛 永刚 俊峰 "
                         "立新 红兵 德明 志刚 振华 国强"),
    ("F", False): _names("秀英 桂芳 雪梅 丽 静 敏 芳 慧 霞 红 燕 玲 娟 英 萍 丽华 秀兰 玉兰 淑珍 桂英 凤英 秀珍 "
                         "海燕 晓红 春梅 丽娟 美玲 淑华 爱华 金凤"),
}


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
        self.names = random.Random(seed + 1)  # names apart, so the rest of the demo draws as before
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

    def given_name(self, gender: str, young: bool = False) -> str:
        return self.names.choice(GIVEN_NAMES[("M" if gender == "M" else "F", young)])

    def person_name(self, gender: str, young: bool = False, surname: str = "") -> str:
        """A name that fits the gender (and, for a child, the generation)."""
        return (surname or self.fake.last_name()) + self.given_name(gender, young)

    # -- building -----------------------------------------------------------------------------
    @transaction.atomic
    def build(self, password: str) -> dict:
        self.password_hash = make_password(password)
        school = self.build_school(DEMO_CODE, SCHOOL_NAME.get(self.school_type, "薪火实验中学"),
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
        if with_named_accounts:  # accounts tied to no record of an app; the apps create the others
            self.user("admin", "系统管理员", school, Role.ADMIN)
            self.user("director", "王建国", school, Role.DIRECTOR, phone="13900000001")
            self.user("leader", "李校长", school, Role.LEADER)
        ctx = DemoContext(school=school, today=self.today, size=size, named=with_named_accounts, builder=self,
                          director=User.objects.filter(username="director", memberships__school=school).first(),
                          data={"departments": depts, "grades": grades, "classes": classes})
        self.committee(ctx)
        for _label, step in registry.demo_steps():
            import_string(step.build)(ctx)
        CommitteeMember.objects.bulk_create(sorted(ctx.data["committee"], key=lambda m: m.order))
        if with_named_accounts:
            self.welcome(school, ctx.director)
        return school

    def committee(self, ctx: DemoContext) -> None:
        """The committee's leading group; the apps add their members to ctx.data["committee"]."""
        P = CommitteeMember.Position
        school, director = ctx.school, ctx.director
        ctx.data.setdefault("committee", []).extend([
            CommitteeMember(school=school, name="赵书记", position=P.LEADER, in_leading_group=True, title="党支部书记",
                            duties="全面领导关工委工作", order=1),
            CommitteeMember(school=school, name="李校长", position=P.DEPUTY, in_leading_group=True, title="校长",
                            duties="协助组长，统筹行政资源", order=2,
                            user=User.objects.filter(username="leader", memberships__school=school).first()),
            CommitteeMember(school=school, name=director.full_name if director else "关工委主任", position=P.DIRECTOR,
                            in_leading_group=True, title="关工委主任", duties="主持日常工作", user=director, order=3),
        ])

    def welcome(self, school: School, sender: User | None) -> None:
        users = User.objects.filter(memberships__school=school).distinct()
        Notification.objects.bulk_create(
            [
                Notification(school=school, recipient=u, sender=sender, title="欢迎使用薪火平台",
                             body="本学年关工委工作计划已启动，请各位老师、五老和家长及时查看通知。")
                for u in users
            ]
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
