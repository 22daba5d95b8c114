"""The demo school's parent school: the autumn term's four courses (新生家长入学课程 for the first grade,
青春期心理与亲子沟通, 家庭教育促进法解读, 防溺水与交通安全) with sessions from September to December, the held ones
with registrations and check-ins at a school's plausible rates (about two families in three register, most of
them come), one coming session open for registration, an online session's micro-lecture (a short placeholder
recording) with its quiz and a material. The README's parent attended three sessions (one online, by the quiz)
and is registered for the coming one; the committee has confirmed the term's 优秀家长学员. Deterministic (its own
random generator), bulk-written; the second school has none."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import wave

from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone

from xinhuo.core.models import Term, User
from xinhuo.people.models import Guardian, Student, StudentGuardian

from .models import (
    CheckInWay,
    ExcellentParent,
    LectureView,
    MicroLecture,
    ParentCourse,
    ParentSession,
    QuizQuestion,
    SessionMode,
    SessionRegistration,
    SessionSpeaker,
    SpeakerKind,
)
from .rules import EXCELLENT_MIN_SESSIONS

COURSES = [
    # key, title, summary, first grade only
    ("new", "新生家长入学课程",
     "帮助新生家长了解学校的作息、课程与家校沟通方式，做好孩子进入新学段的心理和习惯准备。", True),
    ("teen", "青春期心理与亲子沟通",
     "由心理教师和校外专家讲解青春期孩子的心理特点，学习倾听、共情和约定规则的沟通方法。", False),
    ("law", "家庭教育促进法解读",
     "解读《中华人民共和国家庭教育促进法》中父母的责任与方法，结合案例谈如何依法带娃。", False),
    ("safe", "防溺水与交通安全",
     "冬季假期前的安全专题：防溺水“六不”、上下学交通安全、用火用电安全，请家长与孩子共同学习。", False),
]
# course key, month, day, hour, mode, place, topic, speakers [(name or staff/elder index, kind)]
SESSIONS = [
    ("new", 9, 5, 9, SessionMode.ON_SITE, "学校报告厅", "走进初中：新生家长第一课",
     [("director", SpeakerKind.TEACHER)]),
    ("safe", 9, 19, 19, SessionMode.ONLINE, "", "开学安全第一课（线上）",
     [("市交警支队 宣传科 刘警官", SpeakerKind.EXPERT)]),
    ("teen", 10, 17, 9, SessionMode.ON_SITE, "学校报告厅", "读懂青春期的孩子",
     [("counsellor", SpeakerKind.TEACHER), ("市未成年人心理健康辅导中心 陈老师", SpeakerKind.EXPERT)]),
    ("law", 10, 24, 19, SessionMode.ONLINE, "", "家庭教育促进法里的父母责任", [("elder", SpeakerKind.ELDER)]),
    ("teen", 11, 14, 19, SessionMode.ONLINE, "", "亲子沟通的三个小技巧（线上微课）",
     [("counsellor", SpeakerKind.TEACHER)]),
    ("safe", 11, 28, 9, SessionMode.ON_SITE, "学校体育馆", "冬季安全与防溺水", [("elder", SpeakerKind.ELDER)]),
    ("law", 12, 19, 9, SessionMode.ON_SITE, "学校报告厅", "依法带娃：案例讲座",
     [("区法院 少年庭 张法官", SpeakerKind.EXPERT)]),
]
QUIZ = [
    ("孩子回家不愿说学校的事，家长先做什么更合适？", ["追问到底", "先倾听，不急着评判", "打电话问老师", "不管他"], 1),
    ("和孩子约定手机使用时间，最好的做法是？", ["家长一个人决定", "没收手机", "一起商量并写下来", "随他用"], 2),
    ("孩子情绪激动时，家长应当？", ["先让自己冷静，再平和地沟通", "大声制止", "冷战几天", "讲道理到孩子认错"], 0),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def placeholder_audio(seconds: float = 3.0) -> bytes:
    """A short quiet tone (WAV), the stand-in for the lecture's recording."""
    rate = 8000
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = b"".join(struct.pack("<h", 600 if (i // 20) % 2 else -600) for i in range(int(rate * seconds)))
        w.writeframes(frames)
    return buf.getvalue()


def build(ctx) -> None:
    if not ctx.named:
        return
    school = ctx.school
    rng = random.Random(f"parent-school-{school.code}")
    term = Term.objects.filter(school_year__school=school, school_year__is_current=True).order_by("start").first()
    if term is None:
        return
    year = term.start.year
    now = timezone.now()
    grades = ctx.data["grades"]
    users = {u.username: u for u in User.objects.filter(memberships__school=school, username__in=[
        "director", "counsellor", "depthead"]).distinct()}
    organiser = users.get("depthead") or ctx.director
    staff_by_user = {s.user_id: s for s in ctx.data.get("staff", []) if getattr(s, "user_id", None)}
    from xinhuo.people.models import Staff

    staff_by_user.update({s.user_id: s for s in Staff.objects.filter(school=school, user__isnull=False)})
    elders = ctx.data.get("elders") or []
    elder = elders[0] if elders else None

    courses = {}
    for key, title, summary, first_only in COURSES:
        c = ParentCourse.objects.create(school=school, term=term, title=title, summary=summary, organiser=organiser,
                                        created_by=ctx.director)
        if first_only:
            c.grades.set([grades[0]])
        courses[key] = c

    sessions: list[ParentSession] = []
    speakers = []
    for key, month, day, hour, mode, place, topic, who in SESSIONS:
        on = dt.date(year, month, day)
        families = 120 if key != "new" else 60
        s = ParentSession.objects.create(course=courses[key], topic=topic, mode=mode, starts_at=_at(on, hour),
                                         ends_at=_at(on, hour) + dt.timedelta(minutes=90), place=place,
                                         capacity=families * ctx.size.classes_per_grade)
        sessions.append(s)
        for name, kind in who:
            if name in ("director", "counsellor"):
                u = users.get(name)
                st = staff_by_user.get(u.pk) if u else None
                speakers.append(SessionSpeaker(session=s, name=(st.name if st else u.display_name if u else name),
                                               kind=kind, staff=st))
            elif name == "elder":
                speakers.append(SessionSpeaker(session=s, name=elder.name if elder else "周老", kind=kind, elder=elder))
            else:
                speakers.append(SessionSpeaker(session=s, name=name, kind=kind))
    SessionSpeaker.objects.bulk_create(speakers)

    online = sessions[4]
    lecture = MicroLecture(course=courses["teen"], session=online, title="亲子沟通的三个小技巧",
                           summary="一、先听后说：孩子开口时放下手机，听完再回应。\n"
                                   "二、说感受不说评判：用“我担心……”代替“你总是……”。\n"
                                   "三、一起定规则：手机、作息等约定由全家商量，写下来、共同遵守。",
                           pass_mark=80, created_by=ctx.director)
    lecture.media.save("lecture.wav", ContentFile(placeholder_audio()), save=False)
    lecture.media_size = lecture.media.size
    lecture.save()
    QuizQuestion.objects.bulk_create([QuizQuestion(lecture=lecture, text=t, choices=c, answer=a, order=i)
                                      for i, (t, c, a) in enumerate(QUIZ)])

    # each enrolled student's first guardian (primary first) attends for the family
    first_guardian: dict[int, int] = {}
    for student_id, guardian_id in StudentGuardian.objects.filter(student__school=school,
                                                                   student__status=Student.Status.ENROLLED).order_by(
            "-is_primary", "pk").values_list("student_id", "guardian_id"):
        first_guardian.setdefault(student_id, guardian_id)
    grade_of = dict(Student.objects.filter(pk__in=first_guardian).values_list("pk", "school_class__grade_id"))
    demo_parent = Guardian.objects.filter(school=school, user__username="parent").first()
    parent_children = list(StudentGuardian.objects.filter(guardian=demo_parent).values_list("student_id", flat=True)
                           ) if demo_parent else []
    family_rate = {sid: rng.uniform(0.35, 0.95) for sid in first_guardian}  # some families come more often
    rows = []
    for i, s in enumerate(sessions):
        key = SESSIONS[i][0]
        past = s.starts_at < now
        taken: set[int] = set()
        for sid, gid in first_guardian.items():
            if key == "new" and grade_of.get(sid) != grades[0].pk:
                continue
            if gid in taken or (demo_parent and gid == demo_parent.pk):
                continue
            if rng.random() > family_rate[sid] * (0.85 if past else 0.45):
                continue
            taken.add(gid)
            attended = past and rng.random() < 0.86
            way = (CheckInWay.ON_SITE if s.mode == SessionMode.ON_SITE else
                   rng.choice([CheckInWay.VIDEO, CheckInWay.VIDEO, CheckInWay.QUIZ])) if attended else ""
            reg_at = s.starts_at - dt.timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 10))
            rows.append(SessionRegistration(
                session=s, guardian_id=gid, student_id=sid, registered_at=reg_at,
                attended_at=s.starts_at + dt.timedelta(minutes=rng.randint(-15, 60)) if attended else None,
                way=way, checked_in_by=organiser if way == CheckInWay.ON_SITE else None))
    # the README's parent: three sessions attended (one online, by the quiz), registered for the coming one
    if demo_parent and parent_children:
        child = parent_children[0]
        for i in (0, 2, 4, 6):
            s = sessions[i]
            past = s.starts_at < now
            way = (CheckInWay.QUIZ if s.mode == SessionMode.ONLINE else CheckInWay.ON_SITE) if past else ""
            rows.append(SessionRegistration(
                session=s, guardian=demo_parent, student_id=child, registered_at=s.starts_at - dt.timedelta(days=5),
                attended_at=s.starts_at + dt.timedelta(minutes=5) if past else None, way=way,
                checked_in_by=organiser if way == CheckInWay.ON_SITE else None))
        if online.starts_at < now:
            LectureView.objects.create(lecture=lecture, guardian=demo_parent, finished_at=online.starts_at
                                       + dt.timedelta(minutes=20), quiz_score=100,
                                       quiz_passed_at=online.starts_at + dt.timedelta(minutes=25))
    SessionRegistration.objects.bulk_create(rows, batch_size=2000)
    LectureView.objects.bulk_create([
        LectureView(lecture=lecture, guardian_id=r.guardian_id, finished_at=r.attended_at,
                    quiz_score=100 if r.way == CheckInWay.QUIZ else None,
                    quiz_passed_at=r.attended_at if r.way == CheckInWay.QUIZ else None)
        for r in rows if r.session_id == online.pk and r.attended_at and r.guardian_id != getattr(demo_parent, "pk", 0)
    ], batch_size=2000)

    # the committee confirmed this term's 优秀家长学员
    proposed = list(SessionRegistration.objects.filter(session__course__term=term, attended_at__isnull=False)
                    .values("guardian_id").annotate(n=Count("session_id", distinct=True))
                    .filter(n__gte=EXCELLENT_MIN_SESSIONS).order_by("-n", "guardian_id"))
    # the most regular (at most 30), and the README's parent, who reached the bar
    mine = [b for b in proposed if demo_parent and b["guardian_id"] == demo_parent.pk]
    best = mine + [b for b in proposed[:30] if b not in mine][:30 - len(mine)]
    names = dict(Guardian.objects.filter(pk__in=[b["guardian_id"] for b in best]).values_list("pk", "name"))
    ExcellentParent.objects.bulk_create([
        ExcellentParent(school=school, term=term, guardian_id=b["guardian_id"], name=names[b["guardian_id"]],
                        sessions=b["n"], certificate_no=f"JZXX{term.start:%Y%m}-{i:03d}",
                        confirmed_by=ctx.director, confirmed_at=_at(min(ctx.today, dt.date(year, 12, 1)), 10))
        for i, b in enumerate(best, start=1)
    ])
