"""A small PDF helper for documents with Chinese text (certificates, notices, reports).

ReportLab ships the Adobe CID font STSong-Light (宋体): its metrics are in ReportLab and the glyphs
come from the PDF reader, so Chinese renders on a fresh machine with no system font installed and
the text extracts back as Unicode. `cjk_font()` registers it once; `wrap()` breaks a paragraph into
lines of a given width the way Chinese is set (between any two characters, never before a closing
punctuation mark, keeping Latin words and numbers whole); `xinhuo.core.chinese.chinese_date()` writes 2026年11月29日.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

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
