"""The demo school's notices to families and per-child messages, in the autumn term:

- 期中考试家长会通知 (the README head teacher to 初一1班, a yes/no reply, its deadline passed): most families read
  and replied; the class's guardians have accounts (the class runs its notices on the platform);
- 冬季安全告家长书 (the director to the whole school, a short reply form, open until 12 December): read and
  replied by part of the families with an account so far, the README parent not yet;
- 寒假放假通知: the director's draft.
Two message threads between the README head teacher and the README parent about their child (one unread).
Deterministic (own random generator) and bulk-written."""

from __future__ import annotations

import datetime as dt
import json
import random

from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import Membership, Notification, Role, User
from xinhuo.people.models import Guardian, Student, StudentGuardian

from .models import (
    FamilyMessage,
    FamilyNotice,
    FamilyNoticeRecipient,
    FamilyThread,
    NoticeAudience,
    NoticeReplyKind,
    NoticeStatus,
)

MEETING = ("期中考试家长会通知", """各位家长：
本学期期中考试已结束。为加强家校沟通，共同关注孩子的成长，定于11月14日（星期六）上午9:00在本班教室召开家长会。
内容：1. 通报期中考试情况；2. 交流孩子在校学习与生活表现；3. 讨论下阶段家校配合事项。
请每个家庭至少一位家长准时参加，并于11月12日18:00前回执是否参加。
感谢您的支持！""")
SAFETY = ("冬季安全告家长书", """尊敬的家长：
冬季天气寒冷，也是火灾、煤气中毒、交通事故和冰面溺水的高发期。请您协助学校做好以下几点：
1. 教育孩子不在冰面上行走、滑冰，远离河湖池塘；
2. 家中取暖注意通风，规范用电用火，防止一氧化碳中毒；
3. 上下学遵守交通规则，不乘坐无牌无证车辆；
4. 关注孩子的情绪变化，合理安排作息，不沉迷网络游戏。
请与孩子共同学习本告家长书，并在12月12日前填写回执。""")
SAFETY_QUESTIONS = [
    {"key": "q1", "text": "是否已与孩子共同学习本告家长书", "kind": "choice", "options": ["是", "否"]},
    {"key": "q2", "text": "寒假期间孩子的主要看护人", "kind": "choice",
     "options": ["父母", "祖辈", "其他亲属", "其他"]},
    {"key": "q3", "text": "其他需要学校了解的情况（可不填写具体内容，写“无”即可）", "kind": "text", "options": []},
]
HOLIDAY = ("寒假放假通知", """各位家长：
根据教育局校历安排，本学期于2027年1月20日结束，寒假自1月21日开始，2月20日学生返校报到。
请家长督促孩子按时完成寒假作业，注意假期安全。具体安排另行通知。""")
NOTES = ["无", "无", "无", "孩子对花生过敏", "寒假回老家，由爷爷奶奶照看", "无", "孩子有轻微哮喘，已备药"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _give_accounts(school, guardians: list[Guardian]) -> None:
    """Accounts (no password: single sign-on in a real deployment) for guardians without one."""
    lacking = {f"{school.code[:2]}gn{g.pk}".lower(): g for g in guardians if not g.user_id}
    if not lacking:
        return
    unusable = make_password(None)
    User.objects.bulk_create([User(username=u, full_name=g.name, password=unusable) for u, g in lacking.items()],
                             batch_size=500)
    ids = dict(User.objects.filter(username__in=list(lacking)).values_list("username", "pk"))
    Membership.objects.bulk_create([Membership(user_id=pk, school=school, role=Role.PARENT) for pk in ids.values()],
                                   batch_size=500)
    for username, g in lacking.items():
        g.user_id = ids[username]
    Guardian.objects.bulk_update(list(lacking.values()), ["user"], batch_size=500)


def _send(ctx, rng: random.Random, notice: FamilyNotice, students: list[tuple[int, int]], *, read_share: float,
          reply_share: float, skip: set[int], answer) -> None:
    """The notice's family rows (some read, some replied by a guardian with an account) and inbox entries."""
    accounts: dict[int, list[int]] = {}
    for student_id, user_id in (StudentGuardian.objects.filter(
            student_id__in=[s for s, _c in students], guardian__user__isnull=False)
            .order_by("-is_primary", "pk").values_list("student_id", "guardian__user_id")):
        accounts.setdefault(student_id, []).append(user_id)
    sent = notice.sent_at or timezone.now()
    rows = []
    for student_id, class_id in students:
        users = accounts.get(student_id, [])
        row = FamilyNoticeRecipient(notice=notice, student_id=student_id, school_class_id=class_id,
                                    accounts=len(users))
        if users and student_id not in skip and rng.random() < read_share:
            row.read_by_id = users[0]
            read_at = sent + dt.timedelta(minutes=rng.randint(5, 60 * 36))
            row.read_at = read_at
            if notice.asks_reply and rng.random() < reply_share / read_share:
                row.replied_by_id = users[0]
                row.replied_at = read_at + dt.timedelta(minutes=rng.randint(1, 90))
                answer(row)
        rows.append(row)
    FamilyNoticeRecipient.objects.bulk_create(rows, batch_size=1000)
    link = reverse("family:notices-read", args=[notice.pk])
    notified = {u for users in accounts.values() for u in users}
    read = {r.read_by_id: r.read_at for r in rows if r.read_by_id}
    Notification.objects.bulk_create(
        [Notification(school=ctx.school, recipient_id=u, sender_id=notice.sender_id, title=notice.title,
                      body=notice.body[:120] + "…", link=link, created_at=sent, read_at=read.get(u))
         for u in sorted(notified)], batch_size=1000)
    FamilyNotice.objects.filter(pk=notice.pk).update(total=len(rows), done=len(rows))


def build(ctx) -> None:
    school, today = ctx.school, ctx.today
    rng = random.Random(f"family-notices-{school.code}")
    teacher = User.objects.filter(username="teacher").first() if ctx.named else None
    membership = (Membership.objects.filter(user=teacher, school=school, role=Role.HEAD_TEACHER).first() if teacher
                  else Membership.objects.filter(school=school, role=Role.HEAD_TEACHER, classes__isnull=False)
                  .order_by("pk").first())
    if membership is None:
        return
    teacher = membership.user
    school_class = membership.classes.order_by("pk").first()
    if school_class is None:
        return
    director = ctx.director or User.objects.filter(
        memberships__school=school, memberships__role=Role.DIRECTOR).order_by("pk").first()
    parent = User.objects.filter(username="parent").first() if ctx.named else None
    parent_children = set(StudentGuardian.objects.filter(guardian__user=parent, student__school=school)
                          .values_list("student_id", flat=True)) if parent else set()

    enrolled = Student.objects.filter(school=school, status=Student.Status.ENROLLED,
                                      school_class__graduated_in__isnull=True).order_by("pk")
    class_students = list(enrolled.filter(school_class=school_class).values_list("pk", "school_class_id"))
    # the class's notices go through the platform: each family's first guardian has an account
    first: dict[int, Guardian] = {}
    for link in StudentGuardian.objects.filter(student__school_class=school_class).select_related("guardian").order_by(
            "-is_primary", "pk"):
        first.setdefault(link.student_id, link.guardian)
    _give_accounts(school, list({g.pk: g for g in first.values()}.values()))

    # 期中考试家长会通知: sent a month ago, deadline passed
    sent = _at(today - dt.timedelta(days=31), 16, 30)
    meeting = FamilyNotice.objects.create(
        school=school, sender=teacher, signed=teacher.display_name, title=MEETING[0], body=MEETING[1],
        audience=NoticeAudience.CLASSES, reply_kind=NoticeReplyKind.YES_NO,
        reply_deadline=_at(today - dt.timedelta(days=25), 18), status=NoticeStatus.SENT, created_at=sent,
        sent_at=sent, delivered_at=sent + dt.timedelta(seconds=3), claimed_at=sent,
        reminded_on=(today - dt.timedelta(days=27)))
    meeting.classes.set([school_class])

    def yes_no(row) -> None:
        row.agree = rng.random() < 0.93

    _send(ctx, rng, meeting, class_students, read_share=0.95, reply_share=0.9, skip=set(), answer=yes_no)

    # 冬季安全告家长书: the whole school, four days ago, open until 12 December
    sent = _at(today - dt.timedelta(days=4), 10)
    safety = FamilyNotice.objects.create(
        school=school, sender=director, signed=director.display_name if director else "", title=SAFETY[0],
        body=SAFETY[1], audience=NoticeAudience.SCHOOL, reply_kind=NoticeReplyKind.FORM, questions=SAFETY_QUESTIONS,
        reply_deadline=_at(today + dt.timedelta(days=5), 18), status=NoticeStatus.SENT, created_at=sent,
        sent_at=sent, delivered_at=sent + dt.timedelta(seconds=20), claimed_at=sent)

    def form(row) -> None:
        row.answers = json.dumps({
            "q1": "是" if rng.random() < 0.97 else "否",
            "q2": rng.choices(SAFETY_QUESTIONS[1]["options"], [70, 22, 6, 2])[0],
            "q3": rng.choice(NOTES)}, ensure_ascii=False)

    _send(ctx, rng, safety, list(enrolled.values_list("pk", "school_class_id")), read_share=0.78, reply_share=0.6,
          skip=parent_children, answer=form)

    # 寒假放假通知: the director's draft
    FamilyNotice.objects.create(school=school, sender=director, signed=director.display_name if director else "",
                                title=HOLIDAY[0], body=HOLIDAY[1], audience=NoticeAudience.SCHOOL,
                                created_at=_at(today - dt.timedelta(days=1), 15))

    if parent and parent_children:
        _threads(school, today, teacher, parent, min(parent_children))


def _threads(school, today: dt.date, teacher: User, parent: User, child_id: int) -> None:
    """Two threads between the head teacher and the parent about their child: one answered, one unread."""
    start = _at(today - dt.timedelta(days=12), 17, 20)
    first = FamilyThread.objects.create(school=school, student_id=child_id, started_by=teacher,
                                        subject="孩子近期数学作业情况", created_at=start,
                                        last_at=start + dt.timedelta(hours=20))
    FamilyMessage.objects.bulk_create([
        FamilyMessage(thread=first, author=teacher, side=FamilyMessage.Side.SCHOOL, sent_at=start,
                      body="您好！孩子这两周的数学作业有几次没有按时交，课堂上也有些走神。想了解一下孩子在家的学习情况，"
                           "方便的话我们一起想想办法。", read_at=start + dt.timedelta(hours=2), read_by=parent),
        FamilyMessage(thread=first, author=parent, side=FamilyMessage.Side.FAMILY,
                      sent_at=start + dt.timedelta(hours=3),
                      body="谢谢老师提醒！最近家里老人住院，我们照顾得少了。这几天我们会每晚检查作业，有情况再和您沟通。",
                      read_at=start + dt.timedelta(hours=15), read_by=teacher),
        FamilyMessage(thread=first, author=teacher, side=FamilyMessage.Side.SCHOOL,
                      sent_at=start + dt.timedelta(hours=20),
                      body="理解，辛苦了。在校我会多关注他，有进步及时告诉您。", read_at=start + dt.timedelta(hours=22),
                      read_by=parent),
    ])
    second_at = _at(today - dt.timedelta(days=1), 18, 5)
    second = FamilyThread.objects.create(school=school, student_id=child_id, started_by=teacher,
                                         subject="期中考试后的学习安排", created_at=second_at, last_at=second_at)
    FamilyMessage.objects.create(thread=second, author=teacher, side=FamilyMessage.Side.SCHOOL, sent_at=second_at,
                                 body="孩子这次期中考试整体有进步，语文和英语提高明显。下阶段建议每天安排二十分钟阅读，"
                                      "周末适当户外运动。您看家里是否方便配合？")
