"""The demo school's archive: the records of the past four school years and of this one — plans, summaries,
photos, certificates, agreements and receipts, each with a small generated file (PDF, Word or JPEG) — plus what the
other modules made in the demo (the adopted work plans, the signed co-building agreements, the awarded selections),
filed through filing.file_record as their receivers would. A few records are past their retention date (waiting
for appraisal) and one was destroyed, with its log. The same few dozen records whatever the school's size; the
second school has none."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from .filing import file_record, school_year_of
from .models import ArchiveEvent, ArchiveRecord, EventKind, RecordStatus


def pdf(text: str) -> bytes:
    obj = f"1 0 obj\n<< /Title ({text}) >>\nendobj\n".encode()
    head = b"%PDF-1.7\n"
    xref = f"xref\n0 2\n0000000000 65535 f \n{len(head):010d} 00000 n \n".encode()
    tail = f"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{len(head) + len(obj)}\n%%EOF\n".encode()
    return head + obj + xref + tail


def docx(title: str, lines: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def jpeg(shade: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60 + shade % 150, 60)).save(buf, "JPEG", quality=70)
    return buf.getvalue()


def _year_records(year: int) -> list[tuple[str, str, dt.date, str, str]]:
    """(category, title, date, keywords, file kind) of one school year's hand-filed records."""
    y = year
    return [
        ("summary", f"{y}—{y + 1}学年关工委工作总结", dt.date(y + 1, 7, 5), "总结 年度", "docx"),
        ("photo", f"{y}年清明节烈士陵园祭扫活动照片", dt.date(y + 1, 4, 4), "清明 祭扫 红色教育", "jpeg"),
        ("photo", f"{y}年国庆主题升旗仪式照片", dt.date(y, 10, 8), "升旗仪式 国庆", "jpeg"),
        ("certificate", f"{y}年县关工委先进集体证书", dt.date(y + 1, 6, 20), "先进集体 县关工委", "pdf"),
        ("receipt", f"{y}年重阳节慰问五老物品发票", dt.date(y, 10, 20), "重阳 慰问 五老", "pdf"),
        ("receipt", f"{y}年暑期研学活动交通费票据", dt.date(y + 1, 7, 15), "研学 交通费", "pdf"),
    ]


def _content(kind: str, title: str, n: int) -> tuple[bytes, str]:
    if kind == "docx":
        return docx(title, ["一、主要工作", "二、存在的问题", "三、下一步打算"]), f"{title}.docx"
    if kind == "jpeg":
        return jpeg(n), f"{title}.jpg"
    return pdf("archive"), f"{title}.pdf"


def _from_modules(ctx) -> None:
    """What the modules made in the demo, filed as their receivers file it."""
    from xinhuo.community.models import Agreement
    from xinhuo.plans.models import PlanStatus, WorkPlan
    from xinhuo.selections.models import Nomination, Selection, Stage

    school, director = ctx.school, ctx.director
    for plan in WorkPlan.objects.filter(school=school, status=PlanStatus.ADOPTED).order_by("year", "pk")[:5]:
        file_record(school_id=school.pk, category="plan", title=plan.title, dated=dt.date(plan.year, 9, 1),
                    source=f"plans.workplan:{plan.pk}", keywords=f"工作计划 {plan.year}学年",
                    content=docx(plan.title, [plan.subtitle or "学校关工委工作计划"]),
                    file_name=f"{plan.title}.docx", by_user=director)
    for a in (Agreement.objects.filter(school=school, signed_on__isnull=False).select_related("partner")
              .order_by("signed_on", "pk")[:10]):
        file_record(school_id=school.pk, category="agreement", title=f"{a.partner.name} · {a.title}",
                    dated=a.signed_on or ctx.today, source=f"community.agreement:{a.pk}",
                    keywords=f"共建协议 {a.partner.name}",
                    content=pdf("agreement"), file_name=f"{a.title}.pdf", by_user=director)
    for sel in Selection.objects.filter(school=school, stage=Stage.AWARDED).order_by("pk")[:5]:
        names = list(Nomination.objects.filter(selection=sel, awarded_at__isnull=False)
                     .order_by("rank", "pk").values_list("name", flat=True)[:10])
        on = sel.awarded_on or ctx.today
        file_record(school_id=school.pk, category="certificate", title=f"{sel.title} 获奖名单", dated=on,
                    source=f"selections.selection:{sel.pk}", keywords=" ".join(["评选", sel.honour, *names])[:200],
                    content=pdf("winners"), file_name=f"{sel.title}-获奖名单.pdf", by_user=director)


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    school, director = ctx.school, ctx.director
    this_year = school_year_of(ctx.today)
    n = 0
    for year in range(this_year - 4, this_year + 1):
        for category, title, dated, keywords, kind in _year_records(year):
            if dated > ctx.today:
                continue
            n += 1
            content, name = _content(kind, title, n)
            file_record(school_id=school.pk, category=category, title=title, dated=dated, keywords=keywords,
                        content=content, file_name=name, by_user=director)
    # older records past their retention date: the committee's list 到期待鉴定
    for title, category, dated, retention in [
        (f"{this_year - 9}年六一儿童节活动照片", "photo", dt.date(this_year - 9, 6, 1), "5"),
        (f"{this_year - 11}年学雷锋活动照片", "photo", dt.date(this_year - 11, 3, 5), "10"),
        (f"{this_year - 12}年关工委办公用品报销票据", "receipt", dt.date(this_year - 12, 11, 10), "10"),
    ]:
        n += 1
        content, name = _content("jpeg" if category == "photo" else "pdf", title, n)
        file_record(school_id=school.pk, category=category, title=title, dated=dated, retention=retention,
                    keywords="到期", content=content, file_name=name, by_user=director)
    # one destroyed after appraisal: its catalogue row and log stay, its file is gone
    gone = file_record(school_id=school.pk, category="receipt", title=f"{this_year - 13}年活动材料采购票据",
                       dated=dt.date(this_year - 13, 5, 12), retention="10", keywords="票据", by_user=director)
    ArchiveRecord.objects.filter(pk=gone.pk).update(status=RecordStatus.DESTROYED)
    ArchiveEvent.objects.create(
        school=school, record=gone, kind=EventKind.DESTROYED, by=director,
        at=timezone.now() - dt.timedelta(days=60),
        note="经关工委领导小组鉴定，已过保管期限且无继续保存价值，由主任和秘书监督碎纸销毁。")
    _from_modules(ctx)
