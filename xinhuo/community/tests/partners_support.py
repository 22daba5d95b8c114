"""What the partners part's tests share: a partner, an agreement, a directory entry, files."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from xinhuo.community.partners.models import Agreement, Partner, PartnerContact, PartnerKind, Resource, ResourceKind

PHONE = "13812349876"


def partner(w, name: str = "县革命纪念馆", *, school=None, kind: str = PartnerKind.RED_BASE, base: bool = True,
            phone: str = PHONE) -> Partner:
    p = Partner.objects.create(school=school or w.school, name=name, kind=kind, is_base=base,
                               address="人民路12号", offers="红色研学讲解")
    PartnerContact.objects.create(partner=p, name="陈丽", position="宣教部主任", phone=phone)
    return p


def agreement(w, p: Partner, *, ends_in: int = 200, starts_ago: int = 300, title: str = "共建协议") -> Agreement:
    today = timezone.localdate()
    return Agreement.objects.create(school=p.school, partner=p, title=title, starts_on=today - dt.timedelta(
        days=starts_ago), ends_on=today + dt.timedelta(days=ends_in))


def resource(w, name: str, kind: str = ResourceKind.PSYCHOLOGICAL, *, school=None, services: str = "心理咨询",
             **kw) -> Resource:
    from xinhuo.core import pinyin

    return Resource.objects.create(school=school or w.school, name=name, kind=kind, services=services,
                                   name_initials=pinyin.initials(name), contact_phone="0571-88886666", **kw)


def pdf(name: str = "协议.pdf") -> SimpleUploadedFile:
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def jpeg(name: str = "协议.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")
