"""The demo school's care for students: special-group tags (only where the guardians consented), support
measures, growth mentors and mentoring pairs with contacts, home visits with follow-up items, forums, the study
help desk and growth-record entries. Deterministic (its own random generator), bulk-written so that the large
school (4,000 students) builds in seconds."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from xinhuo.core.models import Membership, Role, School, User
from xinhuo.elders.models import Elder
from xinhuo.people.models import Consent, Staff, Student

from .groups.services import special_groups_for
from .models import (
    ContactWay,
    FollowUp,
    FollowUpStatus,
    Forum,
    GrowthEntry,
    GrowthKind,
    HomeVisit,
    Mentor,
    MentoringContact,
    MentoringPair,
    MentorKind,
    Need,
    ProgramKind,
    StudentTag,
    StudyAttendance,
    StudyEnrolment,
    StudyProgram,
    StudySession,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
    TagStatusChange,
    VisitWay,
)
from .visits import due as visit_due

TAG_SHARE = 0.12  # of the students whose guardians consented
GROUP_WEIGHTS = {"left_behind": 5, "single_parent": 3, "low_income": 3, "disability": 1, "learning_difficulty": 4,
                 "behaviour_concern": 2}
GROUP_NEEDS = {
    "left_behind": [Need.EMOTIONAL, Need.FAMILY], "single_parent": [Need.EMOTIONAL],
    "low_income": [Need.ACADEMIC], "disability": [Need.HEALTH, Need.EMOTIONAL],
    "learning_difficulty": [Need.ACADEMIC], "behaviour_concern": [Need.BEHAVIOUR, Need.PSYCHOLOGICAL],
}
SUPPORT = {
    SupportKind.MATERIAL: ("学校关工委", ["发放助学金", "赠送冬衣和学习用品", "减免课后服务费"]),
    SupportKind.ACADEMIC: ("学科教师", ["每周两次课后辅导数学", "英语学习方法指导"]),
    SupportKind.EMOTIONAL: ("班主任", ["生日送上贺卡和祝福", "每周谈心一次，视频连线外出务工的父母"]),
    SupportKind.PSYCHOLOGICAL: ("心理教师", ["个别心理辅导一次", "团体沙盘活动"]),
    SupportKind.LEGAL: ("法治副校长", ["讲解未成年人保护法，协助家长申请法律援助"]),
}
# emotional support that belongs to a season, by month (a 中秋 mooncake in December would embarrass the school)
SEASONAL = {9: "中秋节送月饼并视频连线外出务工的父母", 10: "国庆假期结对陪伴，一起看升旗直播",
            12: "冬至一起包饺子，视频连线外出务工的父母", 1: "元旦送上新年贺卡和学习用品", 2: "春节前送上慰问品和春联",
            6: "端午节一起包粽子"}
# what the person who identified a need wrote, by how it came to light
TAG_NOTES = {
    TagSource.HOME_VISIT: "家访了解到的情况，详见家访记录。",
    TagSource.HEAD_TEACHER: "班主任日常观察发现，需持续关注。",
    TagSource.PARENT_REQUEST: "家长主动向班主任说明家庭情况，申请学校给予关心帮扶。",
    TagSource.SCREENING: "心理测评提示需关注，由心理教师跟进。",
}
TOPICS = ["聊学习计划", "谈和同学相处", "了解家里近况", "一起读书", "讲红色故事", "说说周末安排"]
FINDINGS = ["父母在外务工，由祖父母照顾，作业无人辅导", "家庭经济困难，冬衣不足", "孩子近期情绪低落，和家长沟通少",
            "家长希望学校多反馈学习情况", "居住条件改善，孩子状态良好"]
FOLLOW_UPS = ["联系关工委申请助学金", "安排五老结对陪伴", "请心理教师约谈", "每周电话反馈学习情况", "协调课后辅导"]


def build_care(school: School, today: dt.date, director: User | None) -> None:
    rng = random.Random(f"care-{school.code}")
    students = list(Student.objects.filter(school=school, status=Student.Status.ENROLLED)
                    .only("pk", "school_class_id", "birth_date", "name").order_by("pk"))
    if not students:
        return
    groups = {g.code: g for g in special_groups_for(school)}
    head_teacher = dict(Membership.classes.through.objects.filter(
        membership__school=school, membership__role=Role.HEAD_TEACHER).values_list("schoolclass_id",
                                                                                    "membership__user_id"))
    counsellor = User.objects.filter(memberships__school=school, memberships__role=Role.COUNSELLOR).first()
    consented = set(Consent.objects.filter(school=school, purpose="special_group", withdrawn_at__isnull=True)
                    .values_list("student_id", flat=True))
    # the demo parent's child stays untagged (the family never sees tags; nothing to show there)
    parent_children = set(Student.objects.filter(school=school, guardian_links__guardian__user__username="parent")
                          .values_list("pk", flat=True))

    # the README's head teacher (teacher) has special-group students in their class, one of them their mentee
    teacher = User.objects.filter(username="teacher", memberships__school=school).first()
    teacher_classes = {c for c, u in head_teacher.items() if teacher and u == teacher.pk}
    own_student = set(Student.objects.filter(school=school, user__username="student").values_list("pk", flat=True))
    must_tag = dict(zip([s.pk for s in students if s.school_class_id in teacher_classes and s.pk in consented
                         and s.pk not in parent_children | own_student][:2], (["left_behind"], ["low_income"]),
                        strict=False))

    # -- special-group tags, with their history
    codes, weights = list(GROUP_WEIGHTS), list(GROUP_WEIGHTS.values())
    tagged: dict[int, list[str]] = {}
    tags = []
    for s in students:
        if s.pk not in must_tag and (s.pk not in consented or s.pk in parent_children or rng.random() >= TAG_SHARE):
            continue
        chosen = set(must_tag.get(s.pk) or {rng.choices(codes, weights)[0] for _ in range(rng.choice((1, 1, 2)))})
        tagged[s.pk] = sorted(chosen)
        for code in tagged[s.pk]:
            identified = today - dt.timedelta(days=rng.randint(20, 200))
            review = identified + dt.timedelta(days=30 * groups[code].review_months)
            if rng.random() < 0.06:  # a few not renewed in time: expired, on the review list
                review = today - dt.timedelta(days=rng.randint(1, 20))
            status = rng.choices([TagStatus.IDENTIFIED, TagStatus.SUPPORTED, TagStatus.IMPROVING], [2, 5, 2])[0]
            source = TagSource.SCREENING if code == "behaviour_concern" and rng.random() < 0.5 else rng.choice(
                [TagSource.HOME_VISIT, TagSource.HEAD_TEACHER, TagSource.PARENT_REQUEST])
            tags.append(StudentTag(school=school, student_id=s.pk, group=groups[code], source=source,
                                   identified_by_id=head_teacher.get(s.school_class_id), identified_on=identified,
                                   review_on=review, status=status, note=TAG_NOTES[source]))
    StudentTag.objects.bulk_create(tags, batch_size=1000)
    history = []
    for t in tags:
        at = dt.datetime.combine(t.identified_on, dt.time(9), tzinfo=dt.UTC)
        history.append(TagStatusChange(tag=t, from_status="", to_status=TagStatus.IDENTIFIED, review_on=t.review_on,
                                       by_id=t.identified_by_id, at=at))
        if t.status != TagStatus.IDENTIFIED:
            history.append(TagStatusChange(tag=t, from_status=TagStatus.IDENTIFIED, to_status=TagStatus.SUPPORTED,
                                           review_on=t.review_on, by_id=t.identified_by_id,
                                           at=at + dt.timedelta(days=7), comment="已安排结对和帮扶"))
        if t.status == TagStatus.IMPROVING:
            history.append(TagStatusChange(tag=t, from_status=TagStatus.SUPPORTED, to_status=TagStatus.IMPROVING,
                                           review_on=t.review_on, by_id=t.identified_by_id,
                                           at=at + dt.timedelta(days=40), comment="状态明显好转"))
    TagStatusChange.objects.bulk_create(history, batch_size=1000)

    # -- support measures for tagged students
    measures = []
    for sid in tagged:
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(list(SUPPORT))
            provider, whats = SUPPORT[kind]
            given_on = today - dt.timedelta(days=rng.randint(1, 150))
            what = rng.choice(whats)
            if kind == SupportKind.EMOTIONAL and given_on.month in SEASONAL and rng.random() < 0.5:
                what = SEASONAL[given_on.month]
            measures.append(SupportMeasure(
                school=school, student_id=sid, kind=kind, given_on=given_on, provider=provider, what=what,
                amount=Decimal(rng.choice([300, 500, 800])) if kind == SupportKind.MATERIAL else None,
                outcome=rng.choice(["学生表示感谢", "学习状态好转", ""]),
                recorded_by_id=director.pk if director else None))
    SupportMeasure.objects.bulk_create(measures, batch_size=1000)

    # -- growth mentors: heart and moral mentors among the elders, some teachers, peer students, volunteers
    elders = list(Elder.objects.filter(school=school, status=Elder.Status.ACTIVE).order_by("pk"))
    staff = list(Staff.objects.filter(school=school, active=True).order_by("pk"))
    mentors = [Mentor(school=school, kind=MentorKind.ELDER, elder=e, name=e.name, specialties=e.specialties,
                      max_mentees=3) for e in elders[: max(2, len(elders) // 3)]]
    mentors += [Mentor(school=school, kind=MentorKind.TEACHER, staff=s, name=s.name,
                       specialties=["tutoring"] if s.subject else ["counselling"], max_mentees=4)
                for s in staff[1: 1 + max(2, len(staff) // 20)]]
    peers = [s for s in students if s.pk not in tagged][-max(2, len(students) // 200):]
    mentors += [Mentor(school=school, kind=MentorKind.PEER, peer_id=s.pk, name=s.name, specialties=["tutoring"],
                       max_mentees=2) for s in peers]
    mentors += [Mentor(school=school, kind=MentorKind.VOLUNTEER, name=n, phone=p, specialties=sp, max_mentees=2)
                for n, p, sp in (("周红梅", "13700001234", ["family_education"]), ("吴律师", "13700005678", ["law"]))]
    Mentor.objects.bulk_create(mentors)
    load = dict.fromkeys(range(len(mentors)), 0)
    pairs = []
    teacher_staff = Staff.objects.filter(school=school, user=teacher).values_list("pk", flat=True).first()
    teacher_mentor = next((i for i, m in enumerate(mentors) if teacher_staff and m.staff_id == teacher_staff), None)
    first_own = next(iter(must_tag), None)
    for sid, group_codes in tagged.items():
        if sid not in must_tag and rng.random() < 0.25:  # some still wait for a mentor: the overview shows them
            continue
        needs = sorted({str(n) for c in group_codes for n in GROUP_NEEDS[c]})
        free = [i for i, m in enumerate(mentors) if load[i] < m.max_mentees and m.peer_id != sid]
        if sid == first_own and teacher_mentor is not None:
            free = [teacher_mentor]
        elif teacher_mentor in free and first_own is not None and load[teacher_mentor] == 0:
            free.remove(teacher_mentor)  # keep a place for the teacher's own student
        if not free:
            break
        i = rng.choice(free)
        load[i] += 1
        pairs.append(MentoringPair(
            school=school, mentor=mentors[i], student_id=sid, needs=needs,
            contact_plan="每两周联系一次，了解学习和生活",
            contact_every_days=14, started_on=today - dt.timedelta(days=rng.randint(30, 120)),
            created_by_id=director.pk if director else None))
    MentoringPair.objects.bulk_create(pairs, batch_size=1000)
    contacts = []
    for p in pairs:
        day = p.started_on
        gap_end = rng.choice((10, 14, 40))  # one pair in three is overdue for contact
        while day + dt.timedelta(days=14) < today - dt.timedelta(days=gap_end % 30):
            day += dt.timedelta(days=rng.randint(10, 16))
            contacts.append(MentoringContact(pair=p, contacted_on=day, way=rng.choice(list(ContactWay)),
                                             topic=rng.choice(TOPICS), next_step="下次见面检查读书笔记"))
    MentoringContact.objects.bulk_create(contacts, batch_size=2000)

    # -- home visits: tagged students visited more often; follow-up items from some visits
    visits = []
    for s in students:
        recorder = head_teacher.get(s.school_class_id)
        if s.pk in tagged:
            gaps = [rng.randint(5, 45)] + [rng.randint(20, 40) for _ in range(rng.randint(0, 2))]
        elif rng.random() < 0.6:
            gaps = [rng.randint(10, 170)]
        else:
            continue  # never visited yet this year
        day = today
        for gap in gaps:
            day -= dt.timedelta(days=gap)
            visits.append(HomeVisit(
                school=school, student_id=s.pk, visited_on=day,
                way=VisitWay.VIDEO if "left_behind" in tagged.get(s.pk, []) and rng.random() < 0.5 else
                rng.choice([VisitWay.HOME, VisitWay.HOME, VisitWay.PHONE]),
                visitor_kinds=["head_teacher"] + (["elder"] if rng.random() < 0.3 else []),
                visitors="班主任" + ("、五老志愿者" if rng.random() < 0.3 else ""),
                notes="家长介绍了孩子在家的学习和生活情况。", findings=rng.choice(FINDINGS), recorded_by_id=recorder))
    HomeVisit.objects.bulk_create(visits, batch_size=2000)
    items = []
    # the README's head teacher has one follow-up still open: the latest visit of their first special-group student
    own_open = max((v for v in visits if v.student_id == first_own), key=lambda v: v.visited_on, default=None)
    for v in visits:
        if v is own_open or (v.student_id in tagged and rng.random() < 0.5):
            closed = v is not own_open and rng.random() < 0.5
            items.append(FollowUp(
                school=school, home_visit=v, student_id=v.student_id, text=rng.choice(FOLLOW_UPS),
                owner_id=v.recorded_by_id or (counsellor.pk if counsellor else None),
                due_on=v.visited_on + dt.timedelta(days=14),
                status=FollowUpStatus.CLOSED if closed else FollowUpStatus.OPEN,
                outcome="已落实" if closed else "", created_by_id=v.recorded_by_id,
                closed_by_id=v.recorded_by_id if closed else None,
                closed_at=dt.datetime.combine(v.visited_on + dt.timedelta(days=10), dt.time(16), tzinfo=dt.UTC)
                if closed else None))
    FollowUp.objects.bulk_create(items, batch_size=2000)

    # -- forums (学生代表座谈会) with follow-up items
    for months, title in ((2, "学生代表座谈会：食堂与课后服务"), (1, "学生代表座谈会：校园安全"),
                          (0, "学生代表座谈会：心理健康月")):
        forum = Forum.objects.create(
            school=school, held_on=today - dt.timedelta(days=30 * months + 3), title=title, place="会议室",
            other_participants="关工委主任、德育处主任", minutes="同学们提出了意见和建议，学校逐条回应。",
            recorded_by=director)
        forum.participants.set(rng.sample(students, min(8, len(students))))
        FollowUp.objects.create(school=school, forum=forum, text="整理同学们的建议并在班会上反馈", owner=director,
                                due_on=forum.held_on + dt.timedelta(days=21), created_by=director,
                                status=FollowUpStatus.CLOSED if months else FollowUpStatus.OPEN,
                                outcome="已在班会反馈" if months else "")

    # -- the study help desk and career guidance
    # a peer tutor leads peer tutoring, an elder (a retired teacher) the teachers' class
    peer_tutor = next((m for m in mentors if m.kind == MentorKind.PEER), None)
    elder_tutor = next((m for m in mentors if m.kind == MentorKind.ELDER), None)
    programs = [
        (ProgramKind.PEER_TUTORING, "朋辈数学互助小组", "每周二、四午间答疑", 20, peer_tutor),
        (ProgramKind.TEACHER_CLASS, "退休教师周末作文课", "五老教师讲授写作方法", 30, elder_tutor),
        (ProgramKind.WORKSHOP, "学习方法工作坊", "时间管理与错题整理", 40, None),
        (ProgramKind.CAREER_TALK, "职业生涯讲座：走近工程师", "请校友工程师讲职业之路", 120, None),
        (ProgramKind.JOB_SHADOWING, "职业体验日：社区医院", "跟岗半天，了解医护工作", 10, None),
    ]
    for program_kind, title, description, capacity, tutor in programs:
        program = StudyProgram.objects.create(school=school, kind=program_kind, title=title, description=description,
                                              capacity=capacity, tutor=tutor, place="综合楼", created_by=director)
        joined = rng.sample(students, min(capacity - 2, len(students), 25))
        StudyEnrolment.objects.bulk_create([StudyEnrolment(program=program, student_id=s.pk) for s in joined])
        for week in (3, 2, 1):
            session = StudySession.objects.create(program=program, held_on=today - dt.timedelta(days=7 * week),
                                                  starts_at=dt.time(16, 30), topic=f"第{4 - week}次活动")
            StudyAttendance.objects.bulk_create([StudyAttendance(session=session, student_id=s.pk,
                                                                 present=rng.random() < 0.85) for s in joined])

    # -- growth-record entries: for part of the students, some internal moral-education notes
    entries = []
    for s in students:
        if rng.random() >= 0.3:
            continue
        entries.append(GrowthEntry(school=school, student_id=s.pk, kind=GrowthKind.SERVICE,
                                   on=today - dt.timedelta(days=rng.randint(5, 80)), title="社区敬老院志愿服务",
                                   hours=Decimal(rng.choice([2, 3, 4])), recorded_by_id=head_teacher.get(
                                       s.school_class_id)))
        if rng.random() < 0.3:
            entries.append(GrowthEntry(school=school, student_id=s.pk, kind=GrowthKind.AWARD,
                                       on=today - dt.timedelta(days=rng.randint(5, 80)), title="校级“美德少年”"))
        if s.pk in tagged:
            entries.append(GrowthEntry(school=school, student_id=s.pk, kind=GrowthKind.MORAL_NOTE,
                                       on=today - dt.timedelta(days=rng.randint(5, 60)), title="班主任观察",
                                       detail="与同学相处更主动，作业按时完成。", internal=True,
                                       recorded_by_id=head_teacher.get(s.school_class_id)))
    GrowthEntry.objects.bulk_create(entries, batch_size=2000)
    # bulk writes send no post_save: the visit due dates are computed once for the school
    visit_due.refresh_school(school.pk, today)


def build(ctx) -> None:
    """The demo school's care (manifest.py); the second school has none."""
    if ctx.named:
        build_care(ctx.school, ctx.today, ctx.director)
