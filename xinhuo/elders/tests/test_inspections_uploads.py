"""The shared upload checks (xinhuo/core/uploads.py) behind inspection photos and training files: a
picture is judged by its content, turned upright, shrunk, and stripped of EXIF/GPS and text chunks."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from xinhuo.core import uploads
from xinhuo.core.tests.upload_samples import office_bytes


def encoded(fmt: str, size=(100, 50), mode="RGB", **save) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, "green").save(buf, fmt, **save)
    return buf.getvalue()


def opened(checked: uploads.CheckedFile) -> Image.Image:
    return Image.open(io.BytesIO(checked.content.read()))


def test_webp_is_accepted_and_stays_webp():
    c = uploads.check_image(SimpleUploadedFile("a.webp", encoded("WEBP", (3000, 1000))), defer=False)
    img = opened(c)
    assert img.format == "WEBP" and img.size == (1600, 533) and c.content.name.endswith(".webp")
    assert c.content_type == "image/webp"


def test_the_orientation_is_applied_before_the_exif_goes():
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: rotate 90° when shown
    c = uploads.check_image(SimpleUploadedFile("p.jpg", encoded("JPEG", (400, 300), exif=exif)), defer=False)
    img = opened(c)
    assert img.size == (300, 400) and 0x0112 not in img.getexif()


def test_png_text_chunks_are_not_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "学校南门 39.9N 116.4E")
    c = uploads.check_image(SimpleUploadedFile("a.png", encoded("PNG", pnginfo=info)), defer=False)
    img = opened(c)
    assert "Location" not in img.info and img.format == "PNG"


def test_a_gif_a_truncated_jpeg_and_a_pixel_bomb_are_refused():
    with pytest.raises(ValidationError) as exc:
        uploads.check_image(SimpleUploadedFile("a.gif", encoded("GIF")))
    assert exc.value.code == "not_an_image"
    whole = encoded("JPEG", (800, 600))
    with pytest.raises(ValidationError) as exc:
        uploads.check_image(SimpleUploadedFile("cut.jpg", whole[: len(whole) // 3]))
    assert exc.value.code == "not_an_image"
    bomb = encoded("PNG", (10000, 6000), mode="1")  # 60 megapixels in a few kilobytes
    with pytest.raises(ValidationError) as exc:
        uploads.check_image(SimpleUploadedFile("bomb.png", bomb))
    assert exc.value.code == "too_many_pixels"


def test_office_files_are_checked_inside():
    assert uploads.check_file(SimpleUploadedFile("a.pptx", office_bytes("pptx"))).content.name.endswith(".pptx")
    assert uploads.check_file(SimpleUploadedFile("a.XLSX", office_bytes("xlsx"))).content_type.endswith(
        "spreadsheetml.sheet")
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile("a.pptx", office_bytes("docx")))
    assert exc.value.code == "file_content"
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile("a.doc", b"\xd0\xcf\x11\xe0"))  # the old binary Word is not allowed
    assert exc.value.code == "file_type"


def test_a_caller_can_narrow_the_whitelist_and_the_size():
    only_pdf = {"pdf": uploads.DOCUMENT_TYPES["pdf"]}
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile("a.png", encoded("PNG")), allowed=only_pdf)
    assert "PDF" in exc.value.messages[0] and exc.value.code == "file_type"
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2000), allowed=only_pdf, max_bytes=1000)
    assert exc.value.code == "too_large"
