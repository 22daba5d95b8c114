"""The printable certificate (荣誉证书): its text extracts as the right Chinese, it is an A4 landscape page,
only the committee and the awarded elder may print it, and a missing Chinese font is said clearly."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from xinhuo.core import pdf
from xinhuo.core.chinese import chinese_date
from xinhuo.core.models import AccessLog
from xinhuo.elders.models import Award
from xinhuo.elders.team import certificate
from xinhuo.elders.tests.matrix_team import award, other_elder


def flat(text: str) -> str:
    """The extracted text without the line breaks and spaces that layout puts in."""
    return "".join(text.split())


def render(a: Award) -> bytes:
    buf = io.BytesIO()
    certificate.render_certificate(a, buf, school_name="薪火实验中学")
    return buf.getvalue()


def test_the_certificate_text_extracts_as_the_right_chinese(world):
    a = award(world)
    text = extract_text(io.BytesIO(render(a)))
    body = flat(text)
    assert "荣誉证书" in body
    assert "周老同志：" in body
    assert "热心关心下一代工作，长期坚持进校园宣讲。" in body
    assert "特授予“优秀五老”荣誉称号，特发此证，以资鼓励。" in body
    assert "县关工委" in body
    assert "2026年11月29日" in body
    assert "证书编号：XH2026-001" in body
    # the heading and the number are lines of their own, not run together with other text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "荣誉证书" in lines
    assert "2026年11月29日" in lines


def test_the_certificate_is_one_a4_landscape_page(world):
    pages = list(PDFPage.get_pages(io.BytesIO(render(award(world)))))
    assert len(pages) == 1
    x0, y0, x1, y1 = pages[0].mediabox
    assert (round(x1 - x0), round(y1 - y0)) == (842, 595)


def test_a_long_citation_is_wrapped_and_kept_whole_on_the_page(world):
    citation = ("退休后坚持参与学校关心下一代工作十余年，担任校外辅导员和党史宣讲员，" * 6)[:300]
    a = Award.objects.create(school=world.school, elder=world.elder, title="关心下一代工作先进个人",
                             awarded_on=dt.date(2026, 1, 5), issuer="市关工委", citation=citation,
                             certificate_no="XH2026-002")
    data = render(a)
    assert len(list(PDFPage.get_pages(io.BytesIO(data)))) == 1
    text = extract_text(io.BytesIO(data))
    assert citation in flat(text)
    assert "2026年1月5日" in flat(text)  # no leading zeros, as printed on Chinese certificates
    body_lines = [ln for ln in text.splitlines() if "校外辅导员" in ln or "党史宣讲员" in ln]
    assert len(body_lines) > 3  # wrapped over several lines, not one line running off the page


@pytest.mark.parametrize("persona", ["director", "leader", "admin", "elder"])
def test_the_committee_and_the_awarded_elder_print_it(world, persona):
    a = award(world)
    response = world.client(persona).get(f"/elders/awards/{a.pk}/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "XH2026-001" in response["Content-Disposition"] or "filename*" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert "周老同志" in flat(extract_text(io.BytesIO(data)))
    log = AccessLog.objects.filter(action="export", object_type="award", object_id=str(a.pk)).get()
    assert log.user == world.users[persona]


@pytest.mark.parametrize("persona", ["parent_x", "student_x", "head_teacher_a", "counsellor", "finance", "outsider"])
def test_others_get_404(world, persona):
    a = award(world)
    assert world.client(persona).get(f"/elders/awards/{a.pk}/certificate/").status_code == 404
    assert not AccessLog.objects.filter(object_type="award").exists()


def test_another_elder_gets_404_for_someone_elses_certificate(world):
    li = other_elder(world, "李老", username="li")
    a = award(world)
    from django.test import Client

    client = Client()
    client.force_login(li.user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    assert client.get(f"/elders/awards/{a.pk}/certificate/").status_code == 404
    own = Award.objects.create(school=world.school, elder=li, title="优秀五老", awarded_on=dt.date(2026, 3, 1),
                               issuer="学校关工委", certificate_no="XH2026-003")
    assert client.get(f"/elders/awards/{own.pk}/certificate/").status_code == 200


def test_a_missing_chinese_font_is_said_clearly(world, monkeypatch):
    class NoFonts:
        @staticmethod
        def getFont(name):  # noqa: N802 - reportlab's name
            raise KeyError(name)

        @staticmethod
        def registerFont(font):  # noqa: N802
            raise AssertionError("not reached")

    def broken(name):
        raise FileNotFoundError("UniGB-UCS2-H.json")

    monkeypatch.setattr(pdf, "pdfmetrics", NoFonts)
    monkeypatch.setattr(pdf, "UnicodeCIDFont", broken)
    with pytest.raises(pdf.PdfFontError, match="STSong-Light"):
        pdf.cjk_font()
    a = award(world)
    response = world.client("director").get(f"/elders/awards/{a.pk}/certificate/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "无法加载 ReportLab 内置的中文字体 STSong-Light" in page
    assert "重新安装 reportlab" in page
    assert "XH2026-001" in page


# --- the PDF helper ------------------------------------------------------------------------------------


def test_wrap_keeps_lines_within_the_width_and_the_text_whole():
    font = pdf.cjk_font()
    text = "在2026年度关心下一代工作中，积极参与“五老”进校园宣讲团，为学生讲述革命传统故事二十余场，表现突出。"
    lines = pdf.wrap(text, font, 16, 200)
    assert "".join(lines) == text
    assert all(pdf.text_width(line, font, 16) <= 200 for line in lines)
    assert not any(line[0] in "，。、；：！？）”" for line in lines)  # no line opens with a closing mark
    assert not any(line[-1] in "（“" for line in lines)  # nor ends with an opening one
    assert any("2026" in line for line in lines)  # a number is never split


def test_wrap_keeps_explicit_line_breaks():
    lines = pdf.wrap("第一行\n第二行", pdf.cjk_font(), 12, 500)
    assert lines == ["第一行", "第二行"]


def test_chinese_date():
    assert chinese_date(dt.date(2026, 11, 29)) == "2026年11月29日"
    assert chinese_date(dt.date(2026, 3, 5)) == "2026年3月5日"


def test_wrap_keeps_a_phrase_whole_when_it_fits():
    font = pdf.cjk_font()
    text = "深受师生爱戴。特授予“优秀五老”荣誉称号。"
    width = pdf.text_width("深受师生爱戴。特授予“优秀", font, 20)
    assert any(line.endswith("“优秀") for line in pdf.wrap(text, font, 20, width))
    lines = pdf.wrap(text, font, 20, width, keep=["“优秀五老”"])
    assert any("“优秀五老”" in line for line in lines)
    assert "".join(lines) == text
