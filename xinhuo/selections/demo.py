"""The demo school's honour selections: this term's 美德少年 in its voting stage (head teachers' nominations, most
accepted, votes from staff and elders), and last year's 优秀五老, awarded with its certificates. Deterministic,
bulk-written."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.core.models import Membership, Role, School, SchoolYear, Term, User
from xinhuo.elders.models import Elder
from xinhuo.people.models import Student

from .models import Nomination, Review, Selection, SelectionKind, SelectionStep, Stage, Vote
from .services import nominee_label

VIRTUE_CRITERIA = ("热爱祖国，孝敬父母，诚实守信，团结友爱，勤俭节约，乐于助人；在校园、家庭或社区中有具体事迹，"
                   "能发挥榜样示范作用。每班推荐不超过2名。")
VIRTUE_DEEDS = ["主动照顾生病的同学，帮助补习落下的功课", "拾到钱包主动上交，失主登门致谢",
                "坚持每周到社区敬老院做志愿服务", "担任班级图书角管理员，整理图书三百余册",
                "在家照顾年迈的爷爷奶奶，分担家务", "带动同学参加学雷锋志愿服务活动"]
ELDER_CRITERIA = "热心关心下一代工作，全年参与关工委活动不少于40小时，在宣讲、辅导或帮扶中成效明显。"
ELDER_DEEDS = ["坚持进校园开展党史宣讲十余场", "结对帮扶三名留守儿童，每周电话家访", "指导红色研学路线设计并全程带队",
               "担任义务监督员，及时反映校园周边安全隐患", "组织五老书画社团，指导学生作品获县级奖项"]


def _term(school: School, today: dt.date) -> Term | None:
    terms = Term.objects.filter(school_year__school=school).order_by("start")
    return (terms.filter(start__lte=today, end__gte=today).first() or terms.filter(start__gt=today).first()
            or terms.last())


def _steps(selection: Selection, stages: list[str], by: User | None, start: dt.datetime) -> list[SelectionStep]:
    out, before = [], ""
    for i, stage in enumerate(stages):
        out.append(SelectionStep(selection=selection, from_status=before, to_status=stage, by=by,
                                 at=start + dt.timedelta(days=7 * i)))
        before = stage
    return out


def build_selections(school: School, today: dt.date, director: User | None) -> None:
    rng = random.Random(f"selections-{school.code}")
    year = SchoolYear.objects.filter(school=school, is_current=True).first()
    term = _term(school, today)
    if year is None or term is None:
        return
    now = timezone.now()
    issuer = f"{school.name}关工委"
    steps: list[SelectionStep] = []

    # 美德少年, this term, voting: two nominations from each of the first classes' head teachers
    virtue = Selection.objects.create(
        school=school, kind=SelectionKind.VIRTUE_YOUTH, title=f"{year.name}{term.name}“美德少年”评选",
        school_year=year, term=term, criteria=VIRTUE_CRITERIA, quota=10, voting=True, stage=Stage.VOTING,
        nominate_until=today - dt.timedelta(days=7), issuer=issuer, created_by=director,
        created_at=now - dt.timedelta(days=21))
    steps += _steps(virtue, [Stage.NOMINATING, Stage.REVIEWING, Stage.VOTING], director, virtue.created_at)
    head = dict(Membership.classes.through.objects.filter(
        membership__school=school, membership__role=Role.HEAD_TEACHER).values_list("schoolclass_id",
                                                                                    "membership__user_id"))
    students = list(Student.objects.filter(school=school, status=Student.Status.ENROLLED,
                                           school_class_id__in=list(head)[:8])
                    .select_related("school_class__grade").order_by("school_class_id", "pk"))
    by_class: dict[int, list[Student]] = {}
    for s in students:
        by_class.setdefault(s.school_class_id, []).append(s)
    demo_student = Student.objects.filter(school=school, user__username="student").first()
    rows = []
    for class_id, members in by_class.items():
        chosen = rng.sample(members, min(2, len(members)))
        if demo_student and demo_student.school_class_id == class_id and demo_student not in chosen:
            chosen[0] = demo_student  # the demo family sees their child on the ballot
        for s in chosen:
            rejected = rng.random() < 0.1
            rows.append(Nomination(
                selection=virtue, student=s, name=s.name, group=str(s.school_class), reason=rng.choice(VIRTUE_DEEDS),
                nominated_by_id=head[class_id], nominated_at=virtue.created_at + dt.timedelta(days=2),
                review=Review.REJECTED if rejected else Review.ACCEPTED,
                review_comment="事迹材料不够具体，下学期可再推荐" if rejected else "", reviewed_by=director,
                reviewed_at=virtue.created_at + dt.timedelta(days=9)))
    Nomination.objects.bulk_create(rows)
    candidates = list(Nomination.objects.filter(selection=virtue, review=Review.ACCEPTED))
    voter_ids = list(User.objects.filter(memberships__school=school, memberships__role__in=[
        Role.DIRECTOR, Role.LEADER, Role.HEAD_TEACHER, Role.COUNSELLOR, Role.ELDER]).exclude(
        username__in=["director", "elder", "teacher", "student"]).distinct().values_list("pk", flat=True))
    if candidates:
        weights = [rng.randint(1, 6) for _ in candidates]
        Vote.objects.bulk_create([
            Vote(selection=virtue, nomination=rng.choices(candidates, weights)[0], voter_id=pk,
                 at=now - dt.timedelta(hours=rng.randint(1, 72)))
            for pk in voter_ids[: max(1, len(voter_ids) * 2 // 3)]])

    # 优秀五老, last year, awarded without a vote
    elders = list(Elder.objects.filter(school=school).exclude(status=Elder.Status.LEFT).order_by("pk")[:5])
    if not elders:
        SelectionStep.objects.bulk_create(steps)
        return
    awarded_on = today - dt.timedelta(days=60)
    elder_sel = Selection.objects.create(
        school=school, kind=SelectionKind.OUTSTANDING_ELDER, title=f"{awarded_on.year}年度“优秀五老”评选",
        school_year=year, criteria=ELDER_CRITERIA, quota=3, voting=False, stage=Stage.AWARDED,
        publicity_ends=awarded_on - dt.timedelta(days=1), issuer=issuer, created_by=director,
        created_at=now - dt.timedelta(days=90), awarded_on=awarded_on)
    steps += _steps(elder_sel, [Stage.NOMINATING, Stage.REVIEWING, Stage.PUBLICITY, Stage.AWARDED], director,
                    elder_sel.created_at)
    awarded_at = timezone.make_aware(dt.datetime.combine(awarded_on, dt.time(10)))
    rows = []
    for i, e in enumerate(elders):
        won = i < 3
        rows.append(Nomination(
            selection=elder_sel, elder=e, name=e.name, group=nominee_label("elder", e)[1],
            reason=ELDER_DEEDS[i % len(ELDER_DEEDS)], nominated_by=director, nominated_at=elder_sel.created_at,
            review=Review.ACCEPTED if won else Review.REJECTED,
            review_comment="" if won else "服务时长未达到评选条件", reviewed_by=director,
            proposed=won, rank=i + 1 if won else None,
            certificate_no=f"PX{awarded_on.year}-{elder_sel.pk}-{i + 1:02d}" if won else "",
            awarded_at=awarded_at if won else None))
    Nomination.objects.bulk_create(rows)
    SelectionStep.objects.bulk_create(steps)


def build(ctx) -> None:
    """The demo school's selections (manifest.py); the second school has none."""
    if ctx.named:
        build_selections(ctx.school, ctx.today, ctx.director)
