"""The WeChat export of a published news item (RES-4): the article as simple, inline-styled HTML (the WeChat editor
keeps inline styles and drops stylesheets and scripts) zipped with its pictures, and a long poster image (title,
date, the pictures stacked, the school's name) for Moments and group chats. Only what the public page may show goes
out: the same masking of names and the same choice of pictures (selectors.public_pictures)."""

from __future__ import annotations

import glob
import io
import zipfile
from functools import cache
from pathlib import PurePath

from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont, ImageOps

from . import selectors
from .models import NewsItem

POSTER_WIDTH = 750  # the width WeChat lays articles and long images out at
MARGIN = 40
MAX_PICTURES = 9
# where Debian / Ubuntu (fonts-noto-cjk), Fedora and Alpine put Noto Sans CJK; the first found is used
FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{weight}.ttc",
    "/usr/share/fonts/**/NotoSansCJK*-{weight}.ttc",
    "/usr/share/fonts/**/NotoSansCJK*-{weight}.otf",
    "/usr/share/fonts/**/wqy-microhei.ttc",
)


@cache
def font_path(weight: str = "Regular") -> str | None:
    for pattern in FONT_GLOBS:
        found = sorted(glob.glob(pattern.format(weight=weight), recursive=True))
        if found:
            return found[0]
    return None


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A CJK font of this size; without one on the machine, Pillow's own (Chinese then shows as boxes, but the
    poster is still made rather than failing: docs/publicity.md says to install fonts-noto-cjk)."""
    path = font_path("Bold" if bold else "Regular") or font_path("Regular")
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def public_text(item: NewsItem) -> tuple[str, str, list[str]]:
    """(title, body, names of consented participants) as the public may read them."""
    named, unnamed = selectors.participant_names(item)
    return selectors.masked(item.title, unnamed), selectors.masked(item.body, unnamed), named


def _date(item: NewsItem) -> str:
    return timezone.localtime(item.published_at or item.created_at).date().isoformat()


def article_zip(item: NewsItem, school_name: str) -> bytes:
    """article.html (inline styles only) and images/01.jpg ... as a zip."""
    title, body, named = public_text(item)
    pictures = selectors.public_pictures(item)[:MAX_PICTURES]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        parts = [f'<h1 style="font-size:22px;font-weight:bold;line-height:1.4;margin:0 0 8px;">{escape(title)}</h1>',
                 f'<p style="font-size:14px;color:#888;margin:0 0 16px;">{escape(school_name)} · {_date(item)}</p>']
        for para in [p.strip() for p in body.split("\n") if p.strip()]:
            parts.append(f'<p style="font-size:16px;line-height:1.8;margin:0 0 12px;text-indent:2em;">'
                         f'{escape(para)}</p>')
        if named:
            parts.append(f'<p style="font-size:14px;color:#555;">{escape("、".join(named))}</p>')
        for n, picture in enumerate(pictures, start=1):
            name = f"images/{n:02d}{PurePath(picture.image.name).suffix.lower() or '.jpg'}"
            with picture.image.open("rb") as handle:
                zf.writestr(name, handle.read())
            caption = getattr(picture, "caption", "")
            parts.append(f'<p style="text-align:center;margin:12px 0;"><img src="{name}" style="max-width:100%;">'
                         + (f'<br><span style="font-size:13px;color:#888;">{escape(caption)}</span>' if caption
                            else "") + "</p>")
        html = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + escape(title) + "</title></head>"
                '<body><section style="max-width:677px;margin:0 auto;font-family:sans-serif;color:#333;">'
                + "".join(parts) + "</section></body></html>")
        zf.writestr("article.html", html)
    return out.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    """Lines of at most `width` pixels, broken between any two characters (Chinese has no spaces)."""
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=face) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


def poster(item: NewsItem, school_name: str) -> bytes:
    """A long JPEG, POSTER_WIDTH wide: a red band with the title and date, the pictures stacked, the school's name
    at the foot."""
    title, _body, _named = public_text(item)
    inner = POSTER_WIDTH - 2 * MARGIN
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_face, small_face = font(44, bold=True), font(26)
    title_lines = _wrap(measure, title, title_face, inner)[:4]
    pictures = []
    for picture in selectors.public_pictures(item)[:MAX_PICTURES]:
        try:
            with picture.image.open("rb") as handle:
                img = ImageOps.exif_transpose(Image.open(handle)).convert("RGB")
        except Exception:  # noqa: BLE001,S112 - a picture unreadable or lost: left out, the poster still made
            continue
        height = max(1, round(img.height * inner / img.width))
        pictures.append(img.resize((inner, height)))
    head = MARGIN + len(title_lines) * 60 + 50 + MARGIN
    total = head + sum(p.height + 20 for p in pictures) + 120
    canvas = Image.new("RGB", (POSTER_WIDTH, total), (255, 250, 240))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, POSTER_WIDTH, head - 10), fill=(178, 34, 34))
    y = MARGIN
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_face, fill=(255, 255, 255))
        y += 60
    draw.text((MARGIN, y + 5), _date(item), font=small_face, fill=(255, 230, 200))
    y = head + 10
    for img in pictures:
        canvas.paste(img, (MARGIN, y))
        y += img.height + 20
    draw.line((MARGIN, y + 20, POSTER_WIDTH - MARGIN, y + 20), fill=(178, 34, 34), width=2)
    draw.text((MARGIN, y + 40), school_name, font=small_face, fill=(120, 30, 30))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85)
    return out.getvalue()
