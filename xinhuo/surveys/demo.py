"""The demo school's surveys and mailbox: the autumn satisfaction surveys of students and of parents (anonymous,
open now: the README's student and parent have not answered yet), the effect surveys of two activities held this
term, the elders' participation survey (named, closed), a teacher-feedback draft, and the mailbox's autumn.

Respondents answer through accounts, as they would in the mini-program: the students and guardians who answered get
an account (no password: they sign in by the school's single sign-on in a real deployment). Answers are drawn from
each question's own definition (skip logic applied by questions.clean_answers), leaning to satisfied as a school's
results do, deterministic (own random generator) and bulk-written."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.utils import timezone

from xinhuo.core.models import Membership, Role, User

from . import questions as qs
from .models import Audience, Participation, Purpose, Question, Response, Survey, SurveyStatus, random_id
from .questions import Kind, QSpec
from .starters import TEMPLATES

TEXTS: dict[str, list[str]] = {
    Purpose.STUDENT_SATISFACTION: ["希望多组织一些社会实践活动", "五老爷爷讲的革命故事很好听，希望多来几次",
                                   "心理老师很耐心", "食堂排队时间有点长", "希望社团活动时间再多一点",
                                   "图书馆开放时间能不能延长", "结对的老师经常关心我，谢谢", "课间操场太挤了"],
    Purpose.PARENT_SATISFACTION: ["家长学校的课很实用，希望多讲青春期沟通", "孩子在校的情况希望班主任多反馈",
                                  "线上课程方便我们在外地务工的家长", "建议家访前提前约时间",
                                  "感谢老师对孩子的关心", "希望放学时校门口交通再疏导一下"],
    Purpose.ACTIVITY_EFFECT: ["很有意义", "时间再长一点就好了", "希望下次还能参加", "讲解很生动"],
    Purpose.ELDER_PARTICIPATION: ["希望提前一周通知活动安排", "愿意继续参加关爱结对", "建议组织五老之间的交流"],
    Purpose.TEACHER_FEEDBACK: ["希望家访有交通补助"],
}


def _lean_high(rng: random.Random, points: int) -> int:
    """A point of a satisfaction scale: most answers 4–5 of 5 (or 6–7 of 7), a few low."""
    r = rng.random()
    top = points
    if r < 0.48:
        return top
    if r < 0.82:
        return top - 1
    if r < 0.94:
        return top - 2
    return rng.randint(1, max(1, top - 3))


def answer_for(rng: random.Random, q: QSpec, purpose: str):
    """A plausible answer to one question (None: left blank, only for optional ones)."""
    if not q.required and q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT) and rng.random() < 0.7:
        return None
    if q.kind == Kind.SINGLE:
        weights = [max(1.0, 6.0 - 2 * i) for i in range(len(q.options))]
        return rng.choices(range(len(q.options)), weights)[0]
    if q.kind == Kind.MULTIPLE:
        low = q.min_choices or 1
        high = min(q.max_choices or len(q.options), len(q.options))
        return sorted(rng.sample(range(len(q.options)), rng.randint(low, max(low, min(high, 3)))))
    if q.kind in (Kind.LIKERT, Kind.RATING):
        return _lean_high(rng, q.points or 5)
    if q.kind == Kind.MATRIX:
        return {str(i): _lean_high(rng, q.points or 5) for i in range(len(q.rows))}
    if q.kind == Kind.RANKING:
        order = list(range(len(q.options)))
        rng.shuffle(order)
        return order
    if q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return rng.choice(TEXTS.get(purpose) or TEXTS[Purpose.STUDENT_SATISFACTION])
    if q.kind == Kind.NUMBER:
        low = int(q.min_value if q.min_value is not None else 0)
        high = int(q.max_value if q.max_value is not None else low + 10)
        return rng.randint(low, min(high, low + 12))
    if q.kind == Kind.DATE:
        return (timezone.localdate() - dt.timedelta(days=rng.randint(1, 90))).isoformat()
    return None


def answers_for(rng: random.Random, items: Sequence[QSpec], purpose: str) -> dict:
    raw = {q.key: a for q in items if q.answerable and (a := answer_for(rng, q, purpose)) is not None}
    answers, _errors = qs.clean_answers(items, raw, require=False)
    return answers


def _survey(school, owner, template: str, *, opens: dt.datetime, closes: dt.datetime, status: str,
            title: str | None = None, activity=None, anonymous: bool | None = None, **audience) -> Survey:
    spec = TEMPLATES[template]
    survey = Survey.objects.create(
        school=school, title=(title or str(spec["title"]))[:100], intro=str(spec.get("intro", "")),
        purpose=spec["purpose"], anonymous=spec.get("anonymous", True) if anonymous is None else anonymous,
        opens_at=opens, closes_at=closes, status=status, owner=owner, activity=activity,
        created_at=opens - dt.timedelta(days=3), published_at=opens if status != SurveyStatus.DRAFT else None,
        **audience)
    Question.objects.bulk_create([
        Question(survey=survey, order=n, key=item["key"], **{k: v for k, v in item.items() if k != "key"})
        for n, item in enumerate(spec["questions"](), 1)])
    return survey


def _answer(rng: random.Random, survey: Survey, people: Sequence[tuple[int, str, int | None, int | None]],
            days: Sequence[dt.date]) -> None:
    """Bulk-write the answers of `people` (user id, audience, grade id, class id) on `days`."""
    items = survey.specs()
    responses, participations = [], []
    for user_id, audience, grade_id, class_id in people:
        answers = answers_for(rng, items, survey.purpose)
        named = not survey.anonymous
        response = Response(id=random_id(), survey=survey, audience=audience, grade_id=grade_id,
                            school_class_id=class_id if named else None, respondent_id=user_id if named else None,
                            submitted_on=rng.choice(days))
        response.answers = answers
        responses.append(response)
        participations.append(Participation(id=random_id(), survey=survey, user_id=user_id, audience=audience,
                                            school_class_id=class_id, submitted=True))
    Response.objects.bulk_create(responses, batch_size=500)
    Participation.objects.bulk_create(participations, batch_size=500)
    Survey.objects.filter(pk=survey.pk).update(response_count=len(responses))


def _accounts(school, people: Sequence, tag: str, role: str) -> None:
    """Give an account (no password) to each of `people` (Student, Guardian or Elder rows) without one; their
    `user_id` is set in place and saved."""
    lacking = {f"{school.code[:2]}{tag}{p.pk}".lower(): p for p in people if not p.user_id}
    if lacking:
        unusable = make_password(None)
        User.objects.bulk_create([User(username=u, full_name=p.name, password=unusable, elder_mode=role == Role.ELDER)
                                  for u, p in lacking.items()], batch_size=500)
        ids = dict(User.objects.filter(username__in=list(lacking)).values_list("username", "pk"))
        Membership.objects.bulk_create([Membership(user_id=pk, school=school, role=role) for pk in ids.values()],
                                       batch_size=500)
        for username, person in lacking.items():
            person.user_id = ids[username]
        type(next(iter(lacking.values()))).objects.bulk_update(list(lacking.values()), ["user"], batch_size=500)


def _student_accounts(school, students: Sequence) -> list[tuple[int, str, int | None, int | None]]:
    """(user id, audience, grade, class) of these students, giving an account to those without one."""
    _accounts(school, students, "s", Role.STUDENT)
    return [(s.user_id, Audience.STUDENT, s.school_class.grade_id, s.school_class_id) for s in students]


def _guardian_accounts(school, links: Sequence) -> list[tuple[int, str, int | None, int | None]]:
    """The same of the guardians of these student-guardian links (each guardian once, as of their first child)."""
    first: dict[int, Any] = {}
    for link in links:
        first.setdefault(link.guardian_id, link)
    _accounts(school, [link.guardian for link in first.values()], "g", Role.PARENT)
    return [(link.guardian.user_id, Audience.PARENT, link.student.school_class.grade_id, link.student.school_class_id)
            for link in first.values()]


def _elder_accounts(school) -> list[int]:
    """The user ids of the school's active elders, giving an account to those without one."""
    from xinhuo.elders.models import Elder

    elders = list(Elder.objects.filter(school=school, status=Elder.Status.ACTIVE).order_by("pk"))
    _accounts(school, elders, "e", Role.ELDER)
    return [e.user_id for e in elders if e.user_id is not None]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range(max(1, (end - start).days + 1))]


def build(ctx) -> None:
    if not ctx.named:
        return
    from xinhuo.activities.models import Activity, ActivityStatus, SignUp, SignUpStatus
    from xinhuo.people.models import Student, StudentGuardian

    school, today = ctx.school, ctx.today
    rng = random.Random(f"surveys-{school.code}")
    director = ctx.director or User.objects.filter(memberships__school=school,
                                                   memberships__role=Role.DIRECTOR).first()
    if director is None:
        return
    large = ctx.size.students >= 2000
    # the autumn term's satisfaction surveys: open from the end of November to the term's last weeks
    opens = today - dt.timedelta(days=13)
    closes = today + dt.timedelta(days=14)
    students = list(Student.objects.filter(school=school, status=Student.Status.ENROLLED)
                    .select_related("school_class").order_by("pk"))
    demo_student = next((s for s in students if s.user_id), None)
    answering = [s for s in students if s is not demo_student and (large or rng.random() < 0.62)]
    survey = _survey(school, director, "student_satisfaction", opens=_at(opens, 8), closes=_at(closes, 18),
                     status=SurveyStatus.PUBLISHED, for_students=True,
                     title=f"{opens.year}年秋季学期学生满意度调查")
    _answer(rng, survey, _student_accounts(school, answering), _days(opens, today))

    links = list(StudentGuardian.objects.filter(student__school=school, student__status=Student.Status.ENROLLED,
                                                is_primary=True)
                 .select_related("guardian", "student__school_class").order_by("pk"))
    demo_parent = next((link.guardian_id for link in links if link.guardian.user_id), None)
    parents = [link for link in links if link.guardian_id != demo_parent and rng.random() < 0.41]
    survey = _survey(school, director, "parent_satisfaction", opens=_at(opens, 8), closes=_at(closes, 18),
                     status=SurveyStatus.PUBLISHED, for_parents=True,
                     title=f"{opens.year}年秋季学期家长满意度调查")
    _answer(rng, survey, _guardian_accounts(school, parents), _days(opens, today))

    # the effect surveys of the term's two latest summarised activities, answered by their student participants
    held = list(Activity.objects.filter(school=school, status=ActivityStatus.SUMMARISED, ends_at__lt=_at(today, 0))
                .annotate(students=Count("signups", filter=Q(signups__student__isnull=False,
                                                             signups__status=SignUpStatus.SIGNED_UP)))
                .filter(students__gte=12).order_by("-ends_at")[:2])
    for activity in held:
        end = timezone.localdate(activity.ends_at)
        survey = _survey(school, activity.organiser, "activity_effect", opens=_at(end, 17),
                         closes=_at(end + dt.timedelta(days=7), 18),
                         status=SurveyStatus.CLOSED if end + dt.timedelta(days=7) < today else SurveyStatus.PUBLISHED,
                         activity=activity, title=f"{activity.title} · 效果问卷")
        signed = [s.student for s in SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED_UP,
                                                          student__isnull=False)
                  .select_related("student__school_class")]
        who = [s for s in signed if rng.random() < 0.7]
        _answer(rng, survey, _student_accounts(school, who),
                _days(end, min(today - dt.timedelta(days=1), end + dt.timedelta(days=6))))

    # the elders' participation survey of October (named, closed), answered by the elders with accounts
    elders = _elder_accounts(school)
    start = today - dt.timedelta(days=60)
    survey = _survey(school, director, "elder_participation", opens=_at(start, 8),
                     closes=_at(start + dt.timedelta(days=14), 18), status=SurveyStatus.CLOSED, for_elders=True,
                     anonymous=False, title=f"{start.year}年五老参与关工委工作情况调查")
    _answer(rng, survey, [(pk, Audience.ELDER, None, None) for pk in elders if rng.random() < 0.8],
            _days(start, start + dt.timedelta(days=13)))

    build_mailbox(ctx)

    # next term's teacher feedback, still a draft
    _survey(school, director, "teacher_feedback", opens=_at(today + dt.timedelta(days=30), 8),
            closes=_at(today + dt.timedelta(days=44), 18), status=SurveyStatus.DRAFT, for_teachers=True,
            title="关爱工作教师反馈（下学期初）")


# (days ago, box, written as, anonymous, subject, body, what happened: assignee username or "", reply, public)
LETTERS = (
    (41, "principal", "parent", True, "放学时段校门口交通拥堵",
     "每天下午放学时校门口车辆很多，孩子过马路很危险，建议增加护学岗。",
     "depthead", "感谢您的建议。自11月起，学校在放学时段安排家长志愿者和五老护学岗，并与交警中队联系加强疏导。", True),
    (33, "heart", "student", True, "和同桌闹矛盾了",
     "最近和同桌因为一点小事吵架，现在谁也不理谁，我不知道怎么办。",
     "counsellor", "谢谢你愿意说出来。可以先试着写一张小纸条，说说你的感受；也欢迎午休时到心理辅导室聊聊。", False),
    (27, "heart", "student", True, "有人总是欺负我",
     "班上有几个人总是欺负我，下课把我的书扔到地上，还威胁我不许告诉老师。",
     "counsellor", "你好，谢谢你告诉我们，这不是你的错。心理老师和德育处已经介入，请放心，你的信息会被保护。", False),
    (20, "principal", "student", False, "希望图书馆午休也开放",
     "中午吃完饭有一段空闲时间，希望图书馆能开放，我们可以去看书。",
     "director", "好建议！从下周一起，图书馆每天12:10–13:00开放，由学生志愿者协助管理。", True),
    (16, "principal", "elder", False, "五老讲座时间建议",
     "我们几位老同志上午精神好，建议革命传统讲座安排在上午第三、四节。", "director",
     "感谢老同志们的建议，下学期讲座将优先安排在上午。", True),
    (9, "principal", "parent", True, "食堂饭菜价格", "听孩子说食堂最近涨价了，能否公示一下价格和菜品？",
     "leader", "", False),
    (5, "principal", "parent", False, "在外地务工，能否线上参加家长会",
     "孩子爸爸在外地打工，很想参加家长会，能不能开通线上参加的方式？", "teacher", "", False),
    (2, "heart", "student", True, "考试前总是睡不着", "每次考试前一晚都睡不着，越想睡越睡不着，很着急。",
     "", "", False),
    (1, "heart", "teacher", True, "班主任工作压力大", "最近班级事务很多，常常觉得很累，希望学校能有一些心理支持。",
     "", "", False),
)


def build_mailbox(ctx) -> None:
    """The autumn's letters, each in the state its story reached: closed with a public reply, replied, a letter
    that alerted the counsellors at once, one assigned and due, one overdue, and two waiting to be assigned."""
    from xinhuo.core.access import Actor, build_actor

    from .mailbox.services import message_assign, message_close, message_reply, message_write
    from .models import Message, MessageStep

    school, today = ctx.school, ctx.today
    users = {u.username: u for u in User.objects.filter(
        username__in=["student", "parent", "elder", "teacher", "director", "leader", "counsellor", "depthead"])}

    def actor_of(username: str) -> Actor:
        actor = build_actor(users[username], school.pk)
        assert actor is not None  # the README's accounts all hold a role in the demo school
        return actor

    director = actor_of("director")
    for ago, box, role, anonymous, subject, body, assignee, reply, public in LETTERS:
        writer = actor_of(role)  # the README's student, parent, elder and teacher write as themselves
        message, _code = message_write(actor=writer, box=box, subject=subject, body=body, anonymous=anonymous,
                                       writer_role=role)
        if assignee:
            handler = users[assignee]
            if handler.pk != director.user.pk:
                message = message_assign(actor=director, message=message, assignee=handler)
            if reply:
                actor = actor_of(assignee)
                message = message_reply(actor=actor, message=message, reply=reply, reply_public=public)
                if public:
                    message = message_close(actor=director, message=message)
        # back to the day it came: the steps follow on the days after
        day = today - dt.timedelta(days=ago)
        due = day + dt.timedelta(days=7) if message.reply_due else None
        Message.objects.filter(pk=message.pk).update(
            received_on=day, reply_due=due, replied_on=day + dt.timedelta(days=3) if reply else None)
        for n, step in enumerate(MessageStep.objects.filter(message=message).order_by("at", "pk")):
            stamp = day + dt.timedelta(days=min(n * 2, max(ago - 1, 0)))
            MessageStep.objects.filter(pk=step.pk).update(
                at=_at(stamp, 0) if n == 0 else _at(stamp, 10 + n))
