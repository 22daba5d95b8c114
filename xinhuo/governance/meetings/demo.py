"""The demo school's meetings (GOV-1): a year of monthly 关工委例会 (a series, the first Wednesday, from September of
the current school year to today) with minutes approved and filed in the archive for those held and action items —
most closed with notes, two open and one overdue; two leading-group meetings, a 五老座谈会, a 家长委员会会议, a
student forum linked to care's forum record when there is one; invitations with replies and attendance; the next
meeting circulated with replies coming in. Texts drawn from the seed plans' 保障措施 and activities. The second school
has none. A few hundred rows at most whatever the size."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.core.models import Membership, Role, User

from . import recurrence
from .models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    MeetingStep,
    Reply,
)

S = MeetingStatus
# month -> (agenda, minutes, resolutions, action items (title, days to do it))
MONTHS: dict[int, tuple[list[str], list[str], list[str], list[tuple[str, int]]]] = {
    9: (["传达上级关工委工作会议精神", "讨论本学年关工委工作计划（征求意见稿）", "部署“五老进校园”开学第一课"],
        ["会议传达了县关工委工作会议精神，强调坚持立德树人根本任务，充分发挥“五老”政治、经验、威望优势。",
         "与会同志逐条讨论了本学年工作计划，建议增加“五老”结对帮扶留守儿童的具体措施。"],
        ["原则通过本学年工作计划，修改后提交领导小组审定", "九月中旬开展“五老进校园”开学第一课"],
        [("修改完善学年工作计划并报领导小组", 10), ("联系三位老教师准备开学第一课", 14)]),
    10: (["国庆主题升旗仪式和国旗下讲话总结", "筹备重阳节敬老活动", "“五老”人员信息库更新"],
         ["会议总结了国庆主题升旗仪式，邀请老战士讲述的红色故事反响很好。",
          "讨论了重阳节敬老活动方案，拟组织学生代表走访慰问退休教师和老干部。"],
         ["重阳节前完成走访慰问", "十月底前完成“五老”信息库更新"],
         [("组织重阳节走访慰问退休教师", 12), ("更新五老人员信息库（特长、意愿）", 20)]),
    11: (["家长学校第一次课堂情况通报", "留守儿童“一对一”结对帮扶推进", "冬季校园安全教育"],
         ["德育处通报了家长学校第一课的出勤情况，部分家长因务工未能参加，建议增加线上课堂。",
          "“五老”结对帮扶已覆盖全部留守儿童，帮扶记录按月上报。"],
         ["开通家长课堂线上回放", "每月汇总结对帮扶记录"],
         [("开通家长课堂线上回放", 15), ("汇总十一月结对帮扶记录", 20)]),
    12: (["国家宪法日法治教育活动安排", "寒假前特殊群体学生走访计划", "关工委档案整理"],
         ["会议研究了宪法日法治教育活动，邀请老政法干部担任义务宣讲员。",
          "讨论了寒假前走访计划，重点关注单亲家庭和家庭经济困难学生。"],
         ["十二月四日开展宪法宣传活动", "期末前完成本学期档案归档"],
         [("邀请老政法干部开展宪法宣讲", 7), ("整理本学期关工委工作档案", 25)]),
    1: (["本学期关工委工作总结", "寒假“五老”关爱走访安排", "表彰优秀“五老”志愿者的推荐"],
        ["会议回顾了本学期工作，“五老进校园”宣讲十二场，结对帮扶四十余人。",
         "安排寒假期间分组走访留守儿童家庭，做好安全提醒。"],
        ["寒假分三组开展关爱走访", "推荐三名优秀“五老”志愿者"],
        [("制定寒假关爱走访分组名单", 7), ("报送优秀五老志愿者推荐材料", 14)]),
    2: (["新学期工作部署", "学雷锋志愿服务月活动安排"],
        ["会议部署了新学期工作，强调把“五老”作用发挥与学校中心工作同部署、同落实。"],
        ["三月开展学雷锋志愿服务月"], [("制定学雷锋志愿服务月方案", 10)]),
    3: (["学雷锋志愿服务月推进情况", "清明节缅怀先烈活动筹备", "家校社协同育人联席会议准备"],
        ["会议通报了学雷锋活动开展情况，学生志愿服务时长累计五百余小时。",
         "讨论了清明祭扫活动的安全预案和老战士讲解安排。"],
        ["清明前组织烈士陵园祭扫", "四月召开家校社联席会议"],
        [("落实清明祭扫车辆和安全预案", 12), ("邀请社区代表参加联席会议", 20)]),
    4: (["清明节缅怀先烈活动总结", "劳动教育实践基地活动安排", "心理健康教育月协同工作"],
         ["会议总结了清明祭扫活动，老战士现场讲解使学生深受教育。",
          "研究了五月劳动教育实践安排，由老专家担任实践基地指导。"],
         ["五月开展劳动教育实践周"], [("联系实践基地确定劳动教育日程", 14)]),
    5: (["劳动教育实践周总结", "端午节传统文化活动", "毕业班学生关爱"],
        ["会议总结了劳动教育实践周，建议形成固定课程。", "讨论了端午节包粽子、讲屈原活动安排。"],
        ["端午节前开展传统文化活动"], [("组织端午节传统文化活动", 10)]),
    6: (["端午节活动总结", "毕业班学生心理疏导", "暑期安全教育"],
        ["会议通报了端午节活动情况，安排老教师为毕业班学生做考前心理疏导。"],
        ["期末前完成暑期安全教育"], [("编印暑期安全教育提醒", 10)]),
    7: (["学年关工委工作总结", "下学年工作思路"],
        ["会议回顾了本学年工作，各项计划任务基本完成，档案整理规范。"],
        ["形成学年工作总结报领导小组"], [("起草学年工作总结", 20)]),
    8: (["暑期关爱活动情况", "新学年准备"], ["会议通报了暑期关爱走访情况。"], ["做好新学年开学准备"],
        [("准备新学年开学第一课", 10)]),
}
CLOSING_NOTES = ["已按时完成，相关材料已归档。", "已完成，情况在例会上作了通报。", "已办结，照片和记录已上传。",
                 "已落实，学生和家长反响良好。", "已完成，形成书面材料报关工委。"]


def _at(day: dt.date, hour: int, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from xinhuo.core.selectors import school_year_bounds

    school, today, director = ctx.school, ctx.today, ctx.director
    rng = random.Random(f"meetings-{school.code}")
    by_role: dict[str, list[User]] = {}
    for m in (Membership.objects.filter(school=school, user__is_active=True)
              .select_related("user").order_by("role", "user__username")):
        by_role.setdefault(m.role, []).append(m.user)
    leader = (by_role.get(Role.LEADER) or [director])[0]
    named = {u.username: u for users in by_role.values() for u in users
             if u.username in ("teacher", "elder", "parent", "finance", "counsellor")}
    recorder = named.get("teacher") or (by_role.get(Role.HEAD_TEACHER) or [director])[0]
    staff = [director, leader, recorder]
    for role in (Role.DEPARTMENT_HEAD, Role.COUNSELLOR, Role.FINANCE, Role.HEAD_TEACHER):
        staff += [u for u in by_role.get(role, [])[:2] if u not in staff]
    elders = list(by_role.get(Role.ELDER, [])[:5])
    if named.get("elder") and named["elder"] not in elders:
        elders = [named["elder"], *elders[:4]]
    parents = list(by_role.get(Role.PARENT, [])[:7])
    if named.get("parent") and named["parent"] not in parents:
        parents = [named["parent"], *parents[:6]]
    regular_invitees = list(dict.fromkeys(staff[:8] + elders))

    start, _end = school_year_bounds(school, today)
    series = MeetingSeries.objects.create(school=school, kind=MeetingKind.REGULAR, title="关工委例会", weekday=2, nth=1,
                                          time=dt.time(15, 30), duration_minutes=90, place="行政楼三楼会议室",
                                          chair=director, created_by=director)
    series.invitees.set(regular_invitees)

    tasks = _plan_tasks(director)
    invitations: list[Invitation] = []
    steps: list[MeetingStep] = []
    actions: list[ActionItem] = []
    closed: list[Meeting] = []
    year, month = start.year, start.month
    held_meetings: list[tuple[Meeting, int]] = []
    next_meeting = None
    for _ in range(13):
        nominal, held = recurrence.occurrence(year, month, 2, 1)
        agenda, minutes, resolutions, todo = MONTHS[month]
        title = f"关工委例会（{held.year}年{held.month}月）"
        moved = ""
        if held != nominal:
            moved = (f"（原定{nominal.month}月{nominal.day}日，逢{recurrence.holiday_name(nominal)}假期，"
                     f"顺延至{held.month}月{held.day}日）\n")
        meeting = Meeting(school=school, series=series, kind=MeetingKind.REGULAR, title=title,
                          starts_at=_at(held, 15), ends_at=_at(held, 17, 0), place=series.place, chair=director,
                          recorder=recorder, agenda=moved + "\n".join(agenda), created_by=director,
                          created_at=_at(held - dt.timedelta(days=10), 9))
        if held < today:
            meeting.status = S.CLOSED
            meeting.minutes = "\n".join(minutes)
            meeting.resolutions = "\n".join(resolutions)
            meeting.circulated_at = _at(held - dt.timedelta(days=5), 9)
            meeting.approved_at = _at(held + dt.timedelta(days=3), 10)
            meeting.save()
            held_meetings.append((meeting, month))
            closed.append(meeting)
        else:
            meeting.status = S.CIRCULATED
            meeting.circulated_at = _at(max(held - dt.timedelta(days=5), today - dt.timedelta(days=1)), 9)
            meeting.save()
            next_meeting = meeting
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    # the regular meetings' invitations, steps and action items
    for n, (meeting, month) in enumerate(held_meetings):
        invitations += _invited(meeting, regular_invitees, rng, held=True)
        steps += _steps(meeting, director, recorder, held=True)
        for k, (what, days) in enumerate(MONTHS[month][3]):
            owner = (elders + staff)[(n * 2 + k) % len(elders + staff)] if elders else staff[k % len(staff)]
            day = timezone.localtime(meeting.starts_at).date()
            item = ActionItem(school=school, meeting=meeting, title=what, owner=owner,
                              due_on=day + dt.timedelta(days=days), plan_task=tasks[(n + k) % len(tasks)]
                              if tasks and k == 0 else None, created_at=meeting.approved_at or meeting.starts_at)
            actions.append(item)
    if next_meeting is not None:
        invitations += _invited(next_meeting, regular_invitees, rng, held=False)
        steps += _steps(next_meeting, director, recorder, held=False)

    # most action items are closed with a note; the last meeting's stay open (two), one earlier one is overdue
    last = held_meetings[-1][0] if held_meetings else None
    overdue_done = False
    for item in reversed(actions):
        if item.meeting is last:
            continue  # open, not yet due (set below)
        if not overdue_done and item.due_on < today:
            overdue_done = True  # open and overdue
            continue
        item.status = ActionStatus.DONE
        item.closing_note = rng.choice(CLOSING_NOTES)
        item.closed_by = item.owner
        item.closed_at = _at(min(item.due_on, today), 16)
    if last is not None:
        for item in actions:
            if item.meeting is last:
                item.status, item.closing_note, item.closed_by, item.closed_at = ActionStatus.OPEN, "", None, None
                item.due_on = max(item.due_on, today + dt.timedelta(days=7))
    ActionItem.objects.bulk_create(actions)

    # the leading group, the elders' forum, the parents' committee, a student forum
    leading = [u for u in (director, leader, *staff[3:5]) if u]
    others = [
        (MeetingKind.LEADING_GROUP, "关工委领导小组会议（学年工作计划审定）", 0.15, director, leader, leading,
         ["审定本学年关工委工作计划", "研究关工委经费预算", "确定“五老”志愿者聘任名单"],
         ["会议审定了本学年关工委工作计划，同意按计划实施。", "研究了关工委年度经费预算，明确专款专用。"],
         ["通过学年工作计划", "经费纳入学校年度预算，专款专用"]),
        (MeetingKind.LEADING_GROUP, "关工委领导小组会议（期中工作督导）", 0.6, director, leader, leading,
         ["听取关工委期中工作汇报", "研究督导自查发现问题的整改"],
         ["会议听取了关工委期中工作汇报，肯定了“五老”结对帮扶成效。", "对自查中档案不齐全的问题提出整改要求。"],
         ["一个月内完成档案整改"]),
        (MeetingKind.ELDERS, "“五老”座谈会", 0.35, director, recorder, list(dict.fromkeys([director, *elders])),
         ["听取“五老”对学校关心下一代工作的意见建议", "介绍本学年“五老进校园”安排"],
         ["老同志们围绕青少年思想道德教育、留守儿童关爱等踊跃发言。", "建议增加“五老”与青年教师传帮带活动。"],
         ["建立“五老”与青年教师结对机制"]),
        (MeetingKind.PARENTS, "家长委员会会议", 0.45, director, recorder, list(dict.fromkeys([director, *parents])),
         ["通报学校关工委工作", "征求家长对家长学校课程的意见"],
         ["家长代表对家长学校课程表示认可，建议增加青春期教育和网络素养内容。"],
         ["下学期家长课堂增加青春期教育专题"]),
    ]
    span = max((today - start).days, 4)
    for kind, title, frac, chair, rec, people, agenda, minutes, resolutions in others:
        day = min(start + dt.timedelta(days=int(span * frac) + 1), today - dt.timedelta(days=1))
        meeting = Meeting.objects.create(
            school=school, kind=kind, title=title, starts_at=_at(day, 14), ends_at=_at(day, 16, 0),
            place="行政楼三楼会议室" if kind == MeetingKind.LEADING_GROUP else "关工委活动室", chair=chair,
            recorder=rec, agenda="\n".join(agenda), minutes="\n".join(minutes), resolutions="\n".join(resolutions),
            status=S.CLOSED, circulated_at=_at(day - dt.timedelta(days=4), 9),
            approved_at=_at(day + dt.timedelta(days=2), 10), created_by=director)
        invitations += _invited(meeting, people, rng, held=True)
        steps += _steps(meeting, director, rec, held=True)
        closed.append(meeting)
    forum = _latest_forum(school)
    if forum is not None:
        meeting = Meeting.objects.create(
            school=school, kind=MeetingKind.STUDENTS, title=forum.title[:100], forum=forum,
            starts_at=_at(forum.held_on, 14), place=forum.place, chair=director, recorder=recorder,
            agenda="听取学生代表对学校关心下一代工作的意见", minutes="详见学生座谈会记录。", status=S.CLOSED,
            approved_at=_at(forum.held_on, 17), created_by=director)
        invitations += _invited(meeting, [director, recorder], rng, held=True)
        steps += _steps(meeting, director, recorder, held=True)
        closed.append(meeting)
    Invitation.objects.bulk_create(invitations)
    MeetingStep.objects.bulk_create(steps)
    _file(closed, director)


def _plan_tasks(director) -> list:
    from xinhuo.core.access import build_actor
    from xinhuo.plans import selectors as plans

    actor = build_actor(director)
    if actor is None or not actor.can("plans.view"):
        return []
    return list(plans.api_tasks(actor)[:12])


def _latest_forum(school):
    from xinhuo.care.models import Forum

    return Forum.objects.filter(school=school).order_by("-held_on", "-pk").first()


def _invited(meeting: Meeting, people, rng: random.Random, *, held: bool) -> list[Invitation]:
    out = []
    start = meeting.starts_at
    for user in people:
        if held:
            reply = rng.choices([Reply.YES, Reply.NO, Reply.MAYBE], [8, 1, 1])[0]
            attendance = (Attendance.PRESENT if reply == Reply.YES else
                          rng.choice([Attendance.PRESENT, Attendance.LATE, Attendance.EXCUSED])
                          if reply == Reply.MAYBE else Attendance.EXCUSED)
            out.append(Invitation(meeting=meeting, user=user, reply=reply, replied_at=start - dt.timedelta(days=2),
                                  reply_note="身体不适，请假" if reply == Reply.NO else "",
                                  attendance=attendance, marked_at=start + dt.timedelta(minutes=5)))
        else:  # the next meeting: replies coming in; the README's elder has not answered yet
            reply = Reply.PENDING if user.username == "elder" else rng.choice([Reply.YES, Reply.YES, Reply.PENDING])
            out.append(Invitation(meeting=meeting, user=user, reply=reply,
                                  replied_at=None if reply == Reply.PENDING else meeting.circulated_at))
    return out


def _steps(meeting: Meeting, director, recorder, *, held: bool) -> list[MeetingStep]:
    start = meeting.starts_at
    rows = [("", S.PLANNED, director, meeting.created_at),
            (S.PLANNED, S.CIRCULATED, director, meeting.circulated_at or start - dt.timedelta(days=4))]
    if held:
        rows += [(S.CIRCULATED, S.HELD, recorder, start + dt.timedelta(hours=2)),
                 (S.HELD, S.MINUTES_SUBMITTED, recorder, start + dt.timedelta(days=1)),
                 (S.MINUTES_SUBMITTED, S.CLOSED, director, meeting.approved_at or start + dt.timedelta(days=2))]
    return [MeetingStep(meeting=meeting, from_status=f, to_status=t, by=by, at=at) for f, t, by, at in rows]


def _file(meetings: list[Meeting], director) -> None:
    from .services import file_minutes

    for meeting in meetings:
        file_minutes(meeting, by_user=director)
