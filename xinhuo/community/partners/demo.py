# ruff: noqa: E501 - the demo data: one organisation a line
"""The demo school's partners and practice bases, their agreements (one ending within 30 days, one renewed), two
joint meetings, the activities held at the bases (the red-culture study trips at the 县革命纪念馆 and the 烈士陵园)
and the social resource directory (its 县心理咨询中心 and 法律援助中心 are offered to the wellbeing referrals).
Deterministic, bulk-written."""

from __future__ import annotations

import datetime as dt

from xinhuo.core import pinyin

from .models import (
    ActivityBase,
    Agreement,
    AgreementStatus,
    FollowUp,
    JointMeeting,
    Partner,
    PartnerContact,
    PartnerKind,
    Resource,
    ResourceKind,
    ResourceStatus,
)

K = PartnerKind
RK = ResourceKind

# name, kind, practice base, address, offers, status, the activities' place held there (or "")
PARTNERS = [
    ("城关社区居民委员会", K.COMMUNITY, True, "城关镇解放路88号", "学雷锋志愿服务岗位、社区“四点半课堂”场地、假期社会实践", "active",
     "城关社区"),
    ("县烈士陵园", K.RED_BASE, True, "城关镇北山路1号", "清明祭扫、烈士事迹讲解、入团入队仪式场地", "active", ""),
    ("县革命纪念馆", K.RED_BASE, True, "城关镇人民路12号", "红色研学路线、讲解员培训学生志愿讲解员、党史教育展", "active",
     "县革命纪念馆"),
    ("县博物馆", K.MUSEUM, True, "文化路6号", "馆校共建课程、文物知识讲座、寒暑假小小讲解员", "active", ""),
    ("县科技馆", K.OTHER, True, "新城区科创大道20号", "科普展厅参观、科技辅导员进校园、青少年科技创新大赛辅导", "active",
     ""),
    ("绿源生态农业有限公司", K.COMPANY, True, "城郊乡绿源村", "劳动实践基地：农耕体验、果蔬种植、职业体验", "active",
     "劳动实践基地"),
    ("武警县中队", K.MILITARY, False, "城关镇营房路3号", "新生军训教官、国防教育讲座、营区开放日", "active", ""),
    ("市师范学院", K.UNIVERSITY, False, "市大学城学府路1号", "师范生支教、心理健康教育专家讲座、教师培训", "active", ""),
    ("城关敬老院", K.OTHER, True, "城关镇东风路45号", "敬老志愿服务、重阳节慰问演出", "active", "城关敬老院"),
    ("县人民法院", K.OTHER, False, "城关镇法院街2号", "法治副校长、模拟法庭、庭审观摩", "active", ""),
    ("县消防救援大队", K.OTHER, False, "城关镇119路9号", "消防安全讲座、疏散演练指导、消防站开放日", "active", ""),
    ("县图书馆", K.OTHER, False, "文化路8号", "流动图书站、读书分享会", "paused", ""),
    ("红星机械厂", K.COMPANY, False, "工业园区红星路", "工业参观（已停产搬迁）", "ended", ""),
]

CONTACTS = {
    "城关社区居民委员会": [("王秀兰", "社区党委书记"), ("李建国", "社区网格员")],
    "县烈士陵园": [("赵志刚", "管理所所长")],
    "县革命纪念馆": [("陈丽", "宣教部主任"), ("刘洋", "讲解员")],
    "县博物馆": [("孙明", "社教部主任")],
    "县科技馆": [("周婷", "科普部主管")],
    "绿源生态农业有限公司": [("吴海", "总经理")],
    "武警县中队": [("郑军", "中队指导员")],
    "市师范学院": [("何静", "教育学院副院长")],
    "城关敬老院": [("马桂芳", "院长")],
    "县人民法院": [("林涛", "法治副校长")],
    "县消防救援大队": [("黄磊", "防火参谋")],
}

DUTIES_SCHOOL = "每学期组织学生到基地开展实践活动不少于一次；安排带队教师，负责学生往返安全；及时反馈活动效果。"
DUTIES_PARTNER = "免费提供活动场地和讲解服务；指定联系人配合学校制定活动方案；为表现突出的学生出具实践证明。"


def _agreements(today: dt.date) -> list[tuple]:
    """(partner, title, starts, ends, status, renews title) — one in force ends within 30 days (县博物馆), one
    within 60 (县科技馆), the 烈士陵园's first agreement expired and was renewed."""
    y = today.year
    return [
        ("城关社区居民委员会", "校社共建协议", dt.date(y - 1, 9, 1), dt.date(y + 2, 8, 31), "in_force", None),
        ("县烈士陵园", "爱国主义教育基地共建协议", dt.date(y - 3, 9, 1), dt.date(y, 8, 31), "renewed", None),
        ("县烈士陵园", "爱国主义教育基地共建协议（续签）", dt.date(y, 9, 1), dt.date(y + 3, 8, 31), "in_force",
         "爱国主义教育基地共建协议"),
        ("县革命纪念馆", "红色研学实践基地共建协议", dt.date(y - 1, 3, 1), dt.date(y + 2, 2, 28), "in_force", None),
        ("县博物馆", "馆校共建合作协议", dt.date(y - 2, 1, 1), today + dt.timedelta(days=20), "in_force", None),
        ("县科技馆", "科普教育基地共建协议", dt.date(y - 2, 2, 1), today + dt.timedelta(days=55), "in_force", None),
        ("绿源生态农业有限公司", "劳动教育实践基地协议", dt.date(y, 3, 1), dt.date(y + 3, 2, 28), "in_force", None),
        ("武警县中队", "军民共建国防教育协议", dt.date(y - 1, 9, 1), dt.date(y + 1, 8, 31), "in_force", None),
        ("市师范学院", "教育实习与支教合作协议", dt.date(y, 9, 1), dt.date(y + 2, 7, 31), "in_force", None),
        ("红星机械厂", "工业参观合作协议", dt.date(y - 4, 9, 1), dt.date(y - 1, 8, 31), "expired", None),
    ]


# type, name, services, audience, cooperation, contact, location, status, last contact (days ago)
RESOURCES = [
    (RK.MUSEUM, "县博物馆", "文物展览、馆校共建课程、小小讲解员", "中小学生", "共建基地、预约参观", "孙明", "文化路6号", 20),
    (RK.MUSEUM, "县革命纪念馆", "党史教育展、红色研学讲解", "中小学生、教师", "共建基地", "陈丽", "城关镇人民路12号", 12),
    (RK.MUSEUM, "市自然博物馆", "自然科学展、标本制作体验", "中小学生", "预约参观", "钱晓", "市文化中心", 120),
    (RK.LIBRARY, "县图书馆", "流动图书站、读书分享会、自习室", "全体师生", "流动书站", "冯梅", "文化路8号", 200),
    (RK.LIBRARY, "市少儿图书馆", "亲子阅读、绘本讲读、阅读推广", "小学生及家长", "活动合作", "褚红", "市文化中心", 150),
    (RK.SCIENCE, "县科技馆", "科普展厅、科技辅导员进校园", "中小学生", "共建基地", "周婷", "新城区科创大道20号", 30),
    (RK.SCIENCE, "市青少年科技活动中心", "机器人、航模、科技创新大赛辅导", "中学生", "课程合作", "卫东", "市青年路5号", 90),
    (RK.YOUTH_PALACE, "县青少年宫", "艺术、体育兴趣班，假期托管", "中小学生", "课程合作", "蒋丽", "城关镇青年路18号", 60),
    (RK.YOUTH_PALACE, "市青少年活动中心", "夏令营、素质拓展、研学", "中小学生", "活动合作", "沈阳", "市青年路1号", 240),
    (RK.PSYCHOLOGICAL, "县心理咨询中心", "青少年心理咨询、危机干预、家庭治疗", "青少年及家长", "转介、专家讲座", "韩冰",
     "城关镇健康路16号", 15),
    (RK.PSYCHOLOGICAL, "12355青少年服务台", "心理热线、线上咨询、权益维护", "青少年", "转介、热线", "杨帆", "团县委", 45),
    (RK.PSYCHOLOGICAL, "市精神卫生中心儿童青少年门诊", "心理评估、诊断与治疗", "青少年", "转介", "朱医生", "市康宁路2号", 70),
    (RK.LEGAL, "县法律援助中心", "免费法律咨询、法律援助、未成年人维权", "未成年人及家庭", "转介、法治讲座", "秦律师",
     "城关镇法院街6号", 25),
    (RK.LEGAL, "县人民检察院未成年人检察科", "未成年人司法保护、法治副校长", "中小学生", "法治教育", "许检察官",
     "城关镇检察路1号", 80),
    (RK.LEGAL, "明德律师事务所", "公益法律讲座、家庭教育法律咨询", "家长、教师", "公益合作", "何律师", "城关镇商贸街20号",
     300),
    (RK.MEDICAL, "市第一人民医院心理科", "心理门诊、睡眠障碍、青少年情绪问题", "青少年", "转介", "吕医生", "市人民路100号", 40),
    (RK.MEDICAL, "县妇幼保健院", "青春期健康教育、视力筛查", "中小学生", "健康讲座", "施护士长", "城关镇健康路2号", 110),
    (RK.MEDICAL, "县疾控中心", "传染病防控、健康教育", "全体师生", "健康讲座", "张科长", "城关镇卫生路7号", 95),
    (RK.NGO, "县妇联家庭教育指导中心", "家庭教育讲座、家长课堂", "家长", "家长学校合作", "孔主任", "县妇联", 35),
    (RK.NGO, "阳光志愿者协会", "关爱留守儿童、课业辅导、陪伴成长", "留守儿童", "志愿服务", "曹会长", "城关镇青年路30号", 50),
    (RK.NGO, "县红十字会", "应急救护培训、博爱助学", "师生", "培训、助学", "严秘书长", "城关镇和平路11号", 140),
    (RK.NGO, "县关心下一代基金会", "助学金、奖学金、爱心捐赠", "困难学生", "资助", "华秘书长", "县委老干部局", 60),
    (RK.NGO, "县慈善总会", "助学帮困、大病救助", "困难家庭", "资助", "金会长", "城关镇民生路9号", 180),
    (RK.COMPANY, "绿源生态农业有限公司", "农耕体验、劳动实践", "中小学生", "共建基地", "吴海", "城郊乡绿源村", 18),
    (RK.COMPANY, "县供电公司", "安全用电讲座、电力科普", "中小学生", "科普讲座", "魏工", "城关镇电力路1号", 220),
    (RK.COMPANY, "县融媒体中心", "小记者培训、新闻采写体验", "中学生", "活动合作", "陶编辑", "城关镇广电路3号", 75),
    (RK.GOVERNMENT, "县民政局未成年人保护中心", "困境儿童保障、临时监护", "困境儿童", "转介", "姜科长", "县民政局", 55),
    (RK.GOVERNMENT, "县公安局城关派出所", "法治安全教育、护校安园", "全体师生", "警校共建", "戚所长", "城关镇公安路5号", 28),
    (RK.GOVERNMENT, "团县委", "团队活动、志愿服务、青少年权益", "中学生", "活动合作", "谢书记", "县委大院", 65),
    (RK.OTHER, "县老年大学", "书画、戏曲、五老宣讲", "五老、学生", "活动合作", "邹校长", "城关镇夕阳路2号", 260),
    (RK.OTHER, "县档案馆", "地方史料、校史资料查阅", "教师", "资料查阅", "喻馆长", "县委大院", 400),
]


def build(ctx) -> None:
    if not ctx.named:
        return
    from xinhuo.activities.models import Activity

    school, today, b = ctx.school, ctx.today, ctx.builder
    director = ctx.director
    partners = Partner.objects.bulk_create([
        Partner(school=school, name=name, name_initials=pinyin.initials(name)[:100], kind=kind, is_base=base,
                address=address, offers=offers, status=status, created_by=director)
        for name, kind, base, address, offers, status, _place in PARTNERS])
    by_name = {p.name: p for p in partners}
    PartnerContact.objects.bulk_create([
        PartnerContact(partner=by_name[partner], name=name, position=position, phone=b.phone())
        for partner, people in CONTACTS.items() for name, position in people])

    made: dict[str, Agreement] = {}
    for partner, title, starts, ends, status, renews in _agreements(today):
        a = Agreement.objects.create(
            school=school, partner=by_name[partner], title=title, school_duties=DUTIES_SCHOOL,
            partner_duties=DUTIES_PARTNER, content=f"双方本着“资源共享、优势互补、共同育人”的原则，就{partner}"
                                                   "作为学校校外教育阵地开展合作。",
            starts_on=starts, ends_on=ends, signed_on=min(starts, today), status=AgreementStatus(status),
            renews=made.get(renews) if renews else None, created_by=director)
        made[title] = a

    y = today.year
    meetings = [
        (dt.date(y, 3, 20), "学校会议室", ["城关社区居民委员会", "县烈士陵园", "县革命纪念馆", "县博物馆"],
         "1. 通报上学年共建活动开展情况；2. 商定清明祭扫和“追寻红色足迹”研学安排；3. 讨论小小讲解员培训。",
         "会议回顾了上学年共建工作，确定本学期研学活动安排，各单位明确了联系人。",
         [("制定清明祭扫活动方案", "德育处", True), ("确定小小讲解员培训名单", "县革命纪念馆", True)]),
        (dt.date(y, 9, 18), "县革命纪念馆会议室",
         ["城关社区居民委员会", "县革命纪念馆", "县科技馆", "绿源生态农业有限公司", "武警县中队"],
         "1. 新学年共建计划；2. 秋季研学与劳动实践安排；3. 县科技馆、县博物馆协议到期续签事宜。",
         "各单位通报了新学年可提供的活动资源；明确秋季研学路线和劳动实践时间；协议到期前一个月启动续签。",
         [("秋季研学路线踩点", "德育处", True), ("与县博物馆商谈续签", "关工委办公室", False),
          ("劳动实践安全预案", "绿源生态农业有限公司", False)]),
    ]
    for held_on, place, names, topics, minutes, items in meetings:
        m = JointMeeting.objects.create(school=school, held_on=held_on, place=place, topics=topics, minutes=minutes,
                                        created_by=director)
        m.partners.set([by_name[n] for n in names])
        FollowUp.objects.bulk_create([FollowUp(meeting=m, text=t, owner=o, done=d) for t, o, d in items])

    places = {place: by_name[name] for name, *_rest, place in PARTNERS if place}
    links = []
    for pk, place, title in Activity.objects.filter(school=school).values_list("pk", "place", "title"):
        partner = places.get(place)
        if partner is None and "红色" in title and "研学" in title:
            partner = by_name["县革命纪念馆"]
        if partner is None and "烈士" in (place + title):
            partner = by_name["县烈士陵园"]
        if partner is not None:
            links.append(ActivityBase(school=school, activity_id=pk, partner=partner, linked_by=director))
    ActivityBase.objects.bulk_create(links)

    Resource.objects.bulk_create([
        Resource(school=school, kind=kind, name=name, name_initials=pinyin.initials(name)[:100], services=services,
                 audience=audience, cooperation=cooperation, contact_name=contact, contact_phone=b.phone(),
                 location=location, status=ResourceStatus.INACTIVE if days > 365 else ResourceStatus.ACTIVE,
                 last_contact_on=today - dt.timedelta(days=days))
        for kind, name, services, audience, cooperation, contact, location, days in RESOURCES])
