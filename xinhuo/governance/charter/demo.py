"""The demo school's governing documents: the 章程 in two versions (v1 of last year superseded, v2 in force with its
change note), the 职责分工 in force, and three rules (例会制度, 档案管理制度, 经费管理制度) whose text follows the seed
plans' 保障措施. Written by the director, approved by the leader (李校长, of the leading group), published and filed
in the archive. The second school has none. Bulk-written, the same whatever the school's size."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.core.models import User

from .filing import file_version
from .models import CharterDocument, CharterKind, CharterStep, CharterVersion, VersionStatus

S = VersionStatus

CHARTER_V1 = "\n".join([
    "第一章 总则",
    "第一条 本会名称为“{school}关心下一代工作委员会”（简称“学校关工委”）。",
    "第二条 学校关工委在学校党支部领导下开展工作，坚持立德树人，组织老干部、老战士、"
    "老专家、老教师、老模范（“五老”）关心教育青少年。",
    "第二章 组织机构",
    "第三条 成立以学校党支部书记为组长、校长为副组长的关工委工作领导小组，研究部署重大事项。",
    "第四条 关工委设主任一名，主持日常工作；设秘书一名，负责会务、档案和联络。",
    "第三章 主要任务",
    "第五条 开展理想信念教育、红色传统教育和法治教育。",
    "第六条 关爱留守儿童、单亲家庭、困难家庭等特殊群体学生，实施结对帮扶。",
    "第四章 附则",
    "第七条 本章程经领导小组审议通过后施行，由关工委负责解释。",
])

CHARTER_V2 = "\n".join([
    "第一章 总则",
    "第一条 本会名称为“{school}关心下一代工作委员会”（简称“学校关工委”）。",
    "第二条 学校关工委在学校党支部领导下开展工作，坚持立德树人，组织老干部、老战士、"
    "老专家、老教师、老模范（“五老”）关心教育青少年。",
    "第二章 组织机构",
    "第三条 成立以学校党支部书记为组长、校长为副组长，各部门负责人、年级组长、班主任"
    "及“五老”代表为成员的关工委工作领导小组，定期召开工作会议，研究部署工作。",
    "第四条 关工委设主任一名，主持日常工作；设秘书一名，负责会务、档案和联络；设财务"
    "联络员一名，负责经费报销的审核。",
    "第三章 主要任务",
    "第五条 开展理想信念教育、红色传统教育和法治教育。",
    "第六条 关爱留守儿童、单亲家庭、困难家庭等特殊群体学生，实施结对帮扶。",
    "第七条 开展心理健康教育和家庭教育指导，推动家校社协同育人。",
    "第四章 工作制度",
    "第八条 建立健全例会制度、学习制度、考核制度、档案管理制度，确保各项工作有章可循、规范运行。",
    "第九条 工作经费纳入学校年度预算，实行专款专用，接受监督。",
    "第五章 附则",
    "第十条 本章程经领导小组审议通过后施行，由关工委负责解释。",
])

DUTIES = "\n".join([
    "组长（党支部书记）：全面领导关工委工作，主持领导小组会议，审定年度工作计划和总结。",
    "副组长（校长）：协助组长工作，统筹学校行政资源，保障关工委工作经费和活动场地。",
    "主任：主持关工委日常工作，组织制定年度工作计划，召集例会，督促各项任务落实。",
    "秘书：负责会议通知、会议纪要、档案整理归档和对外联络。",
    "年级组长、班主任：组织本年级、本班学生参加关工委活动，掌握特殊群体学生情况，配合"
    "开展家访和结对帮扶。",
    "“五老”代表：参与德育宣讲、结对帮扶和义务监督，反映青少年成长中的问题和建议。",
    "财务人员：审核关工委经费报销，登记支出，按预算和专款专用要求管理经费。",
])

RULES = [
    ("例会制度", "关工委每月第一个周三召开例会，领导小组每学期至少召开一次会议。\n"
                 "例会由主任召集，通报上月工作，研究部署下月工作，会议形成纪要并归档。\n"
                 "会议确定的事项明确责任人和完成时限，下次例会通报落实情况。"),
    ("档案管理制度", "关工委档案包括会议纪要、工作计划、工作总结、活动照片、荣誉证书、共建协议和经费票据。\n"
                     "档案按年度、类别整理编号，会议纪要、工作总结、荣誉证书永久保存，其他档案保存三十年或十年。\n"
                     "保管期满的档案经领导小组鉴定后方可销毁，销毁须登记说明，目录永久保留。"),
    ("经费管理制度", "关工委工作经费纳入学校年度预算，为开展活动提供必要的经费支持。\n"
                     "经费实行专款专用，按预算科目使用，报销凭合法票据，经财务审核、主任审批。\n"
                     "经费使用情况每学期向领导小组报告，接受监督。"),
]


def _at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _version(ctx, doc, number: int, body: str, status: str, day: dt.date, note: str, leader) -> CharterVersion:
    director = ctx.director
    v = CharterVersion.objects.create(
        school=ctx.school, document=doc, number=number, body=body, change_note=note, status=status,
        created_by=director, created_at=_at(day - dt.timedelta(days=14)), approved_by=leader,
        approved_at=_at(day - dt.timedelta(days=3)), published_at=_at(day), effective_on=day)
    walk = [("", S.DRAFT, director, day - dt.timedelta(days=14), ""),
            (S.DRAFT, S.SUBMITTED, director, day - dt.timedelta(days=10), ""),
            (S.SUBMITTED, S.APPROVED, leader, day - dt.timedelta(days=3), "同意"),
            (S.APPROVED, S.PUBLISHED, director, day, "")]
    if status == S.SUPERSEDED:
        walk.append((S.PUBLISHED, S.SUPERSEDED, director, ctx.today - dt.timedelta(days=30), "由第2版取代"))
    CharterStep.objects.bulk_create([CharterStep(version=v, from_status=a, to_status=b, by=who, at=_at(on),
                                                 comment=c) for a, b, who, on, c in walk])
    return v


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    school, director = ctx.school, ctx.director
    leader = User.objects.filter(username="leader", memberships__school=school).first()
    last_year = ctx.today - dt.timedelta(days=400)
    recent = ctx.today - dt.timedelta(days=30)
    name = school.name
    charter = CharterDocument.objects.create(school=school, kind=CharterKind.CHARTER, title="关工委章程",
                                             created_by=director)
    published = [
        _version(ctx, charter, 1, CHARTER_V1.format(school=name), S.SUPERSEDED, last_year, "首次制定", leader),
        _version(ctx, charter, 2, CHARTER_V2.format(school=name), S.PUBLISHED, recent,
                 "领导小组增加成员范围；增设财务联络员；新增家校社协同育人任务和工作制度一章。", leader),
    ]
    duties = CharterDocument.objects.create(school=school, kind=CharterKind.DUTIES, title="关工委职责分工",
                                            created_by=director)
    published.append(_version(ctx, duties, 1, DUTIES, S.PUBLISHED, last_year, "首次制定", leader))
    for title, body in RULES:
        doc = CharterDocument.objects.create(school=school, kind=CharterKind.RULES, title=title, created_by=director)
        published.append(_version(ctx, doc, 1, body, S.PUBLISHED, last_year, "首次制定", leader))
    for v in published:
        file_version(v, by_user=director)
