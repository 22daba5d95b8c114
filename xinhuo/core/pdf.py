"""A small PDF helper for documents with Chinese text (certificates, notices, reports).

ReportLab ships the Adobe CID font STSong-Light (宋体): its metrics are in ReportLab and the glyphs
come from the PDF reader, so Chinese renders on a fresh machine with no system font installed and
the text extracts back as Unicode. `cjk_font()` registers it once; `wrap()` breaks a paragraph into
lines of a given width the way Chinese is set (between any two characters, never before a closing
punctuation mark, keeping Latin words and numbers whole); `xinhuo.core.chinese.chinese_date()` writes 2026年11月29日.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .chinese import chinese_date

CJK_FONT = "STSong-Light"

# Marks that may not begin a line (避头) and may not end one (避尾).
NO_LINE_START = set("，。、；：！？）》」』】〕”’…—,.;:!?)]}%")
NO_LINE_END = set("（《「『【〔“‘([{")


class PdfFontError(RuntimeError):
    """The Chinese font could not be loaded; the message says what to do."""


def cjk_font() -> str:
    """Register ReportLab's built-in Chinese CID font (once) and return its name."""
    try:
        pdfmetrics.getFont(CJK_FONT)
    except KeyError:
        try:
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        except Exception as exc:  # a broken or stripped reportlab install: say so instead of a blank PDF
            raise PdfFontError(
                _("The Chinese font %(font)s built into ReportLab could not be loaded (%(error)s). Reinstall the "
                  "reportlab package of the project's pinned version, then try again.")
                % {"font": CJK_FONT, "error": exc}
            ) from exc
    return CJK_FONT


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _pieces(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """Units that stay together on a line: a phrase of `keep`, a run of Latin letters/digits, or one other
    character."""
    for phrase in keep:
        if phrase and phrase in text:
            before, _sep, after = text.partition(phrase)
            return [*_pieces(before, keep), phrase, *_pieces(after, keep)]
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_./@#&+"):
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


def _wrap_line(text: str, font: str, size: float, width: float, keep: tuple[str, ...] = ()) -> list[str]:
    lines: list[str] = []
    line: list[str] = []  # the tokens of the line being set

    def fits(tokens: list[str]) -> bool:
        return text_width("".join(tokens), font, size) <= width

    for piece in _pieces(text, keep):
        if piece == " " and not line:
            continue  # no space at the start of a line
        if not line or fits([*line, piece]):
            line.append(piece)
            continue
        if piece in NO_LINE_START and len(line) > 1 and line[-1] not in NO_LINE_START:
            # a closing mark goes with the character before it: carry that character down with it
            carry = line.pop()
            lines.append("".join(line).rstrip())
            line = [carry, piece]
        elif piece in NO_LINE_START:
            line.append(piece)  # a run of marks: let the line run a little long rather than loop
        elif line[-1] in NO_LINE_END and len(line) > 1:
            opening = line.pop()  # an opening mark goes down with what it opens
            lines.append("".join(line).rstrip())
            line = [opening, piece]
        else:
            lines.append("".join(line).rstrip())
            line = [] if piece == " " else [piece]
    if line:
        lines.append("".join(line).rstrip())
    return lines


def wrap(text: str, font: str, size: float, width: float, keep: Iterable[str] = ()) -> list[str]:
    """The paragraph broken into lines no wider than `width` points (explicit line breaks are kept). Phrases
    of `keep` (a name, an award's title in its quotes) are not broken unless one alone is wider than a line."""
    phrases = tuple(p for p in keep if p and text_width(p, font, size) <= width)
    lines: list[str] = []
    for part in (text or "").replace("\r\n", "\n").split("\n"):
        lines.extend(_wrap_line(part, font, size, width, phrases) or [""])
    return lines


def fit(text: str, font: str, width: float, height: float, sizes: Iterable[float], leading: float = 1.6,
        keep: Iterable[str] = ()) -> tuple[float, list[str]]:
    """The largest of `sizes` at which the wrapped text fits the box, with its lines (the smallest size when
    none fits: the caller limits the text's length so that the smallest always fits)."""
    size = 0.0
    lines: list[str] = []
    for size in sizes:
        lines = wrap(text, font, size, width, keep)
        if len(lines) * size * leading <= height:
            break
    return size, lines


# the certificate (荣誉证书): one A4 landscape page, shared by the elders' awards and the honour selections


@dataclass(frozen=True)
class Certificate:
    """What a certificate says. The wording is the formal Chinese of a certificate whatever the reader's UI
    language: it is a document handed to the person honoured."""

    addressee: str  # the first line, e.g. 周老同志： / 张小明同学： / 初一1班：
    text: str  # the paragraph under it, opened with INDENT
    issuer: str
    on: dt.date
    number: str
    subject: str  # the honour, in the PDF's metadata
    keep: tuple[str, ...] = ()  # phrases not to break across lines (the honour in its quotes)


INDENT = "\u3000\u3000"  # two full-width spaces open a Chinese paragraph
CERT_RED = HexColor("#A31515")
CERT_GOLD = HexColor("#C49A3A")
CERT_INK = HexColor("#1F1F1F")
CERT_PAPER = Color(1, 0.985, 0.95)


def draw_certificate(cert: Certificate, out: BinaryIO, *, author: str = "") -> None:
    """Draw the certificate into `out`. Raises PdfFontError when the Chinese font cannot be loaded."""
    font = cjk_font()
    width, height = landscape(A4)
    c = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"荣誉证书 {cert.number}")
    c.setSubject(cert.subject)
    c.setAuthor(author or cert.issuer)
    c.setCreator("薪火 Xinhuo")

    # paper and a double border: a broad red frame, a fine gold line inside it, small corner squares
    c.setFillColor(CERT_PAPER)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setStrokeColor(CERT_RED)
    c.setLineWidth(7)
    c.rect(22, 22, width - 44, height - 44, stroke=1, fill=0)
    c.setStrokeColor(CERT_GOLD)
    c.setLineWidth(1.5)
    c.rect(36, 36, width - 72, height - 72, stroke=1, fill=0)
    c.setFillColor(CERT_GOLD)
    for x, y in ((36, 36), (width - 36, 36), (36, height - 36), (width - 36, height - 36)):
        c.rect(x - 5, y - 5, 10, 10, stroke=0, fill=1)

    # heading
    c.setFillColor(CERT_RED)
    c.setFont(font, 48)
    c.drawCentredString(width / 2, height - 118, "荣誉证书")
    c.setStrokeColor(CERT_GOLD)
    c.setLineWidth(1)
    c.line(width / 2 - 150, height - 136, width / 2 + 150, height - 136)

    # the person honoured, then the paragraph, wrapped to the text block
    left, right = 110, width - 110
    c.setFillColor(CERT_INK)
    c.setFont(font, 26)
    c.drawString(left, height - 200, cert.addressee)
    top, bottom = height - 240, 200
    size, lines = fit(cert.text, font, right - left, top - bottom, (22, 20, 18, 16, 14, 12), leading=1.7,
                      keep=cert.keep)
    c.setFont(font, size)
    y = top
    for line in lines:
        c.drawString(left, y, line)
        y -= size * 1.7

    # issuer and date at the bottom right, the number at the bottom left
    c.setFont(font, 20)
    c.drawRightString(right, 150, cert.issuer)
    c.drawRightString(right, 118, chinese_date(cert.on))
    c.setFont(font, 12)
    c.setFillColor(HexColor("#555555"))
    c.drawString(60, 56, f"证书编号：{cert.number}")
    c.showPage()
    c.save()
