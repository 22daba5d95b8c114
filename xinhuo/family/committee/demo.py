"""The demo school's parent committees and mutual-help group, for the current school year:

- the school's committee (a parent as chair, two vice chairs, a secretary, members from every grade), a committee
  for each grade, and class committees for the first two classes of each grade (the README parent's class among
  them: the README parent sits on it, so their dashboard shows the next meeting);
- the school committee's two meetings this term with approved minutes (开学初家委会工作会议, 期中家委会座谈会) and
  the class committee's end-of-term meeting to come (a draft);
- a 留守儿童家庭互助组 coordinated by the README head teacher, its families those of students tagged left-behind in
  care (read through care's selectors), or plausible families when care tagged none; two group meetings.

Deterministic (own random generator), bulk-written."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.models import SchoolClass, User
from xinhuo.core.selectors import current_school_year
from xinhuo.people import selectors as people
from xinhuo.people.models import Staff, StudentGuardian

from .models import (
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMeetingStatus,
    CommitteeSeat,
    MutualHelpGroup,
    MutualHelpMeeting,
    MutualHelpMember,
    ParentCommittee,
)
from .models import SeatPosition as P

DUTIES = {
    P.CHAIR: "主持家委会工作，联系学校关工委与德育处",
    P.VICE_CHAIR: "协助主任，分管家校共育活动",
    P.SECRETARY: "会议记录、通知发布与资料整理",
    P.MEMBER: "收集家长意见，参与活动组织与安全护导",
}
MEMBER_DUTIES = ["家长志愿者招募与护导排班", "家长学校课程意见收集", "校园膳食监督", "班级活动组织",
                 "家校沟通与意见反馈"]

MINUTES_OPENING = (
    "一、德育处通报本学期家校共育工作安排：家长学校每月一讲、家长开放日、冬季安全教育。\n"
    "二、讨论家长志愿者护导岗安排：上学、放学时段校门口各安排两名家长，按班级轮值。\n"
    "三、委员反映：部分住校生家长希望周末离校时间提前通知，学校答复将通过班级群提前两天发布。\n"
    "四、确定本学期家委会分工，秘书负责会议记录与通知。")
RESOLUTIONS_OPENING = ("1. 通过本学期家委会工作计划。\n2. 家长护导岗自9月21日起按班级轮值。\n"
                       "3. 每学期召开两次家委会全体会议。")
MINUTES_MIDTERM = (
    "一、学校通报期中考试情况与学生心理健康月活动安排。\n"
    "二、委员代表家长就作业量、课后服务时间、食堂菜品提出意见，学校逐条作了说明。\n"
    "三、关工委介绍“五老”结对关爱工作，请家委会协助联系留守儿童家庭。\n"
    "四、讨论冬季校门口交通疏导，请交警中队协助。")
RESOLUTIONS_MIDTERM = ("1. 食堂每月公布一次菜谱，家委会派代表参加陪餐。\n2. 协助组建留守儿童家庭互助组。\n"
                       "3. 12月中旬组织家长开放日。")
GROUP_PURPOSE = ("父母在外务工的家庭相互帮扶：祖辈监护经验交流、假期亲子视频沟通、学习辅导互助，"
                 "由班主任和关工委五老共同关心。")


def _seat(committee, link, position, term_from, term_to, duties=None) -> CommitteeSeat:
    return CommitteeSeat(committee=committee, guardian_id=link, position=position,
                         duties=duties or DUTIES[position], term_from=term_from, term_to=term_to)


def build(ctx) -> None:
    school = ctx.school
    year = current_school_year(school, ctx.today)
    if year is None:
        return
    rng = random.Random(f"committee-{school.code}")
    classes = list(SchoolClass.objects.filter(school=school, graduated_in__isnull=True).select_related(
        "grade").order_by("grade__level", "number"))
    if not classes:
        return
    # guardians by class: each enrolled student's guardians (primary first), one seat per guardian per committee
    by_class: dict[int, list[int]] = defaultdict(list)
    for class_id, guardian_id in StudentGuardian.objects.filter(
            student__school=school, student__school_class__in=classes).filter(
            people.enrolled_filter("student__")).order_by("student__pk", "-is_primary", "pk").values_list(
            "student__school_class_id", "guardian_id"):
        if guardian_id not in by_class[class_id]:
            by_class[class_id].append(guardian_id)
    parent = User.objects.filter(username="parent", guardian__school=school).values_list("guardian", flat=True)
    readme_guardian = parent.first() if ctx.named else None
    readme_class = (StudentGuardian.objects.filter(guardian_id=readme_guardian).filter(
        people.enrolled_filter("student__")).values_list("student__school_class_id", flat=True).first()
        if readme_guardian else None)

    used: set[int] = set()

    def pick(class_ids, n) -> list[int]:
        pool = [g for c in class_ids for g in by_class.get(c, []) if g not in used and g != readme_guardian]
        chosen = rng.sample(pool, min(n, len(pool)))
        used.update(chosen)
        return chosen

    start = year.start + dt.timedelta(days=14)
    grades = sorted({c.grade_id: c.grade for c in classes}.values(), key=lambda g: g.level)
    classes_of = {g.pk: [c for c in classes if c.grade_id == g.pk] for g in grades}
    with_committee = {c.pk for g in grades for c in classes_of[g.pk][:2]}
    if readme_class:
        with_committee.add(readme_class)

    committees = [ParentCommittee(school=school, school_year=year, level=CommitteeLevel.SCHOOL,
                                  created_by=ctx.director)]
    committees += [ParentCommittee(school=school, school_year=year, level=CommitteeLevel.GRADE, grade=g,
                                   created_by=ctx.director) for g in grades]
    committees += [ParentCommittee(school=school, school_year=year, level=CommitteeLevel.CLASS, school_class=c,
                                   created_by=ctx.director) for c in classes if c.pk in with_committee]
    ParentCommittee.objects.bulk_create(committees)
    school_committee, grade_committees = committees[0], committees[1:1 + len(grades)]
    class_committees = committees[1 + len(grades):]

    seats: list[CommitteeSeat] = []
    # the school's committee: a chair from the top grade, vice chairs and members across the grades
    ranks = [P.CHAIR, P.VICE_CHAIR, P.VICE_CHAIR, P.SECRETARY] + [P.MEMBER] * max(3, len(grades) * 2)
    for i, position in enumerate(ranks):
        grade = grades[(len(grades) - 1 - i) % len(grades)]
        for g in pick([c.pk for c in classes_of[grade.pk]], 1):
            duties = MEMBER_DUTIES[i % len(MEMBER_DUTIES)] if position == P.MEMBER else None
            seats.append(_seat(school_committee, g, position, start, year.end, duties))
    for committee, grade in zip(grade_committees, grades, strict=True):
        for position, g in zip([P.CHAIR, P.VICE_CHAIR, P.SECRETARY, P.MEMBER, P.MEMBER],
                               pick([c.pk for c in classes_of[grade.pk]], 5), strict=False):
            seats.append(_seat(committee, g, position, start, year.end))
    for committee in class_committees:
        chosen = pick([committee.school_class_id], 4)
        positions = [P.CHAIR, P.SECRETARY, P.MEMBER, P.MEMBER]
        for position, g in zip(positions, chosen, strict=False):
            seats.append(_seat(committee, g, position, start, year.end,
                               MEMBER_DUTIES[len(seats) % len(MEMBER_DUTIES)] if position == P.MEMBER else None))
        if committee.school_class_id == readme_class and readme_guardian:
            seats.append(_seat(committee, readme_guardian, P.MEMBER, start, year.end, "家长学校课程意见收集"))
    # one member of a grade committee left in October (her family moved): the record keeps her seat
    if len(seats) > 6:
        ended = next(s for s in seats if s.committee is grade_committees[0] and s.position == P.MEMBER)
        ended.ended_on, ended.end_note = start + dt.timedelta(days=35), "工作调动，家庭搬迁外地"
    CommitteeSeat.objects.bulk_create(seats)

    # meetings: the school committee's two this term (approved), the README class's end-of-term one (a draft)
    approver = ctx.director
    approved_at = timezone.now()
    school_seats = [s for s in seats if s.committee is school_committee]
    opening = CommitteeMeeting(
        committee=school_committee, title="开学初家委会工作会议", held_on=start + dt.timedelta(days=3),
        place="行政楼三楼会议室", topics="本学期家校共育工作安排；家长护导岗；家委会分工",
        minutes=MINUTES_OPENING, resolutions=RESOLUTIONS_OPENING, status=CommitteeMeetingStatus.APPROVED,
        approved_by=approver, approved_at=approved_at, created_by=approver)
    midterm = CommitteeMeeting(
        committee=school_committee, title="期中家委会座谈会", held_on=dt.date(year.start.year, 11, 13),
        place="学校图书馆报告厅", topics="期中情况通报；家长意见；冬季交通安全",
        minutes=MINUTES_MIDTERM, resolutions=RESOLUTIONS_MIDTERM, status=CommitteeMeetingStatus.APPROVED,
        approved_by=approver, approved_at=approved_at, created_by=approver)
    meetings = [opening, midterm]
    readme_committee = next((c for c in class_committees if c.school_class_id == readme_class), None)
    if readme_committee is not None:
        meetings.append(CommitteeMeeting(
            committee=readme_committee, title="期末班级家委会会议", held_on=ctx.today + dt.timedelta(days=11),
            place=f"{readme_committee.school_class}教室" if readme_committee.school_class else "班级教室",
            topics="寒假安全与假期作业安排；期末家长会分工", created_by=approver))
    CommitteeMeeting.objects.bulk_create(meetings)
    through = CommitteeMeeting.attendees.through
    attendance = [through(committeemeeting_id=opening.pk, committeeseat_id=s.pk) for s in school_seats]
    attendance += [through(committeemeeting_id=midterm.pk, committeeseat_id=s.pk)
                   for i, s in enumerate(school_seats) if i % 5 != 3]  # a few sent their apologies
    through.objects.bulk_create(attendance)

    _mutual_help(ctx, rng, by_class)


def _left_behind_guardians(ctx) -> list[int]:
    """The primary guardians of students tagged left-behind, read through care's selectors (the director's
    view of the school), or [] when care tagged none (or the school has no director account)."""
    if ctx.director is None:
        return []
    actor = build_actor(ctx.director, ctx.school.pk)
    if actor is None:
        return []
    from xinhuo.care.groups.selectors import tags_in_effect

    students = tags_in_effect(actor, ctx.today).filter(group__code="left_behind").values("student_id")
    return list(people.primary_guardian_links().filter(student_id__in=students).filter(
        people.enrolled_filter("student__")).order_by("student_id").values_list("guardian_id", flat=True)[:12])


def _mutual_help(ctx, rng: random.Random, by_class: dict[int, list[int]]) -> None:
    school = ctx.school
    coordinator = (Staff.objects.filter(school=school, user__username="teacher").first() if ctx.named else None) \
        or people.staff_in_post(school).order_by("pk").first()
    group = MutualHelpGroup.objects.create(school=school, name="留守儿童家庭互助组", purpose=GROUP_PURPOSE,
                                           coordinator_staff=coordinator, created_by=ctx.director)
    families = list(dict.fromkeys(_left_behind_guardians(ctx)))
    if not families:  # no tags in care: a few plausible families across the classes
        pool = sorted({g for gs in by_class.values() for g in gs[:3]})
        families = rng.sample(pool, min(8, len(pool)))
    joined = dt.date(ctx.today.year, 10, 9) if ctx.today.month >= 10 else ctx.today
    MutualHelpMember.objects.bulk_create([MutualHelpMember(group=group, guardian_id=g, joined_on=joined)
                                          for g in families])
    MutualHelpMeeting.objects.bulk_create([
        MutualHelpMeeting(group=group, held_on=joined + dt.timedelta(days=1),
                          topic="互助组成立暨假期亲子视频沟通经验交流",
                          notes="祖辈家长交流与在外务工父母视频沟通的经验；约定每周固定时间通话。",
                          created_by=coordinator.user if coordinator else None),
        MutualHelpMeeting(group=group, held_on=joined + dt.timedelta(days=43), topic="冬季防寒与孩子心理关爱",
                          notes="五老介绍冬季防寒常识；心理教师讲解孩子情绪变化的信号。",
                          created_by=coordinator.user if coordinator else None),
    ])
