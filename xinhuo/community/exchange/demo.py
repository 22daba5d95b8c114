"""The demo school's exchange with peer committees (COM-5), autumn term 2026: the county committee and the
education bureau's committee above, a rural primary school the school helps (结对帮扶) and a neighbouring
兄弟学校; the county's autumn meeting, a visit with donated books, the sister school's return visit to a red-culture
activity, the county's notice to handle by mid-December (the director owns it), the experience report sent up.
The second school has none."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Direction, EntryKind, ExchangeEntry, Peer, PeerKind


def _red_activity(school, start: dt.date, today: dt.date):
    """The school's red-culture activity of the term already held, for the shared-activity entry (or None)."""
    from xinhuo.activities.models import Activity, ActivityKind

    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    until = dt.datetime.combine(today, dt.time(), tzinfo=tz)
    qs = Activity.objects.filter(school=school, starts_at__gte=since, starts_at__lt=until)
    return (qs.filter(kind=ActivityKind.STUDY_TRIP, title__contains="红色").order_by("starts_at", "pk").first()
            or qs.filter(title__contains="红色").order_by("starts_at", "pk").first())


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from xinhuo.core.models import User

    school, today = ctx.school, ctx.today
    y = today.year if today.month >= 8 else today.year - 1  # the school year's first calendar year

    def day(month: int, d: int) -> dt.date:
        return dt.date(y if month >= 8 else y + 1, month, d)

    peers = Peer.objects.bulk_create([
        Peer(school=school, name="县关工委", kind=PeerKind.HIGHER, contact_name="王建国",
             contact_phone="0571-86012345", since=dt.date(2019, 3, 1),
             note="县关心下一代工作委员会，负责全县学校关工委的工作指导与年度考评。", created_by=ctx.director),
        Peer(school=school, name="县教育局关工委", kind=PeerKind.HIGHER, contact_name="刘慧敏",
             contact_phone="13857112345", since=dt.date(2019, 3, 1),
             note="教育系统关工委，组织学校关工委主任培训，收集各校经验材料。", created_by=ctx.director),
        Peer(school=school, name="青山村小学关工委", kind=PeerKind.SISTER, contact_name="陈志远",
             contact_phone="13967154321", since=dt.date(2023, 9, 1),
             note="城乡结对帮扶学校：每学期互访一次，共享“五老”宣讲资源，帮扶留守儿童阅读。", created_by=ctx.director),
        Peer(school=school, name="城南中学关工委", kind=PeerKind.SISTER, contact_name="赵丽华",
             contact_phone="13758123456", since=dt.date(2021, 3, 1),
             note="相邻的兄弟学校，两校“五老”报告团轮流到对方学校宣讲。", created_by=ctx.director),
    ])
    county, bureau, village, neighbour = peers
    leader = User.objects.filter(username="leader", memberships__school=school).first() or ctx.director
    activity = _red_activity(school, day(9, 1), today)
    rows = [
        ExchangeEntry(
            peer=county, kind=EntryKind.DOCUMENT, direction=Direction.IN, date=day(9, 4),
            title="关于做好秋季开学关心下一代工作的通知", participants="",
            summary="县关工委要求各校开学初摸排留守儿童、困难学生情况，9月底前报送关爱对象名册（仅报人数与帮扶措施）。",
            to_handle=True, due=day(9, 30), owner=leader,
            done_at=timezone.make_aware(dt.datetime.combine(day(9, 26), dt.time(16, 30))), done_by=leader,
            done_note="已完成摸排，按要求报送关爱对象人数和帮扶措施。"),
        ExchangeEntry(
            peer=county, kind=EntryKind.MEETING, date=day(9, 18), title="县关工委秋季工作推进会",
            participants="关工委主任、德育处主任",
            summary="会议通报上半年全县关心下一代工作情况，部署秋季“五老”进校园、红色教育和留守儿童关爱三项重点工作。"
                    "我校在会上作了“五老”报告团进课堂的交流发言。"),
        ExchangeEntry(
            peer=village, kind=EntryKind.VISIT, direction=Direction.OUT, date=day(10, 16),
            title="赴青山村小学开展结对帮扶暨赠书活动",
            participants="关工委主任、两位“五老”代表、初二年级学生代表 6 人",
            summary="向青山村小学捐赠课外读物 620 册、书架 4 个，参观了该校阅览室和留守儿童之家；"
                    "两校商定本学期由我校“五老”到该校开展两次读书分享。"),
        ExchangeEntry(
            peer=neighbour, kind=EntryKind.VISIT, direction=Direction.IN, date=day(10, 23),
            title="城南中学关工委来校交流“五老”报告团工作", participants="关工委主任、城南中学关工委一行 5 人",
            summary="介绍我校“五老”报告团的组建、选题和进班级宣讲的做法，双方约定下学期互派报告员。"),
        ExchangeEntry(
            peer=village, kind=EntryKind.ACTIVITY, date=(timezone.localtime(activity.starts_at).date()
                                                          if activity else day(11, 12)),
            title="青山村小学师生回访，共同参加红色教育活动", activity=activity,
            participants="青山村小学师生 20 人、我校关工委和少先队辅导员",
            summary="青山村小学师生到我校回访，与我校学生一起参加红色教育活动，听“五老”讲革命故事，"
                    "结成 20 对“书信伙伴”。"),
        ExchangeEntry(
            peer=county, kind=EntryKind.DOCUMENT, direction=Direction.IN, date=day(11, 20),
            title="关于开展年度关心下一代工作总结评估的通知",
            summary="要求各校对照考评细则开展自查，12月18日前报送年度工作总结和自评表。",
            to_handle=True, due=day(12, 18), owner=ctx.director),
        ExchangeEntry(
            peer=bureau, kind=EntryKind.DOCUMENT, direction=Direction.OUT, date=day(11, 28),
            title=f"报送《{school.name}“五老”进校园工作经验材料》", participants="关工委主任",
            summary="按县教育局关工委要求报送经验材料，介绍“五老”报告团、结对帮扶和红色教育的做法与成效。"),
        ExchangeEntry(
            peer=bureau, kind=EntryKind.MEETING, date=day(12, 3), title="全县学校关工委主任业务培训",
            participants="关工委主任",
            summary="培训内容：关心下一代工作的政策要求、未成年人信息保护、学校关工委台账规范。"),
    ]
    for r in rows:
        r.school, r.created_by = school, ctx.director
    ExchangeEntry.objects.bulk_create(rows)
