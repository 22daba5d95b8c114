"""core.uploads: a picture is judged from its header in the request (its pixel count before any decoding), and
a document by what is inside it (issue 21, findings 7 and 10). The worker's part and the upload pages are tested
in activities/tests/test_uploads_processing.py."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from xinhuo.core import uploads
from xinhuo.core.tests.upload_samples import office_bytes, pdf_bytes


def encoded(fmt: str, size=(100, 50), mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, "green").save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def no_decoding(monkeypatch):
    """Any pixel decoded fails the test: the request's checks read headers and checksums only."""
    def refuse(self):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


# --- pictures --------------------------------------------------------------------------------------------------


def test_a_49_megapixel_png_of_160_kb_is_refused_before_it_is_decoded(no_decoding):
    bomb = encoded("PNG", (7000, 7000))
    assert len(bomb) < 200 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        uploads.check_image(SimpleUploadedFile("big.png", bomb))
    assert exc.value.code == "too_many_pixels"
    assert exc.value.messages == ["“big.png”像素过多（7000 × 7000），不像是一张照片。"]
    assert time.perf_counter() - started < 0.5


def test_pillow_itself_refuses_a_bomb_wherever_a_picture_is_opened():
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_IMAGE_PIXELS == 40_000_000
    huge = encoded("PNG", (10_000, 9_000), mode="1")  # 90 MP: Pillow's DecompressionBombError, not a 500
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile("huge.png", huge))
    assert exc.value.code == "too_many_pixels"
    assert exc.value.messages == ["“huge.png”像素过多，不像是一张照片。"]


def test_the_request_keeps_the_picture_as_sent_and_decodes_nothing(no_decoding):
    data = encoded("JPEG", (3000, 2000))
    checked = uploads.check_image(SimpleUploadedFile("IMG_0001.jpg", data))
    assert checked.pending and checked.content.name.startswith(uploads.PENDING)
    assert checked.content.name.endswith(".jpg") and "IMG_0001" not in checked.content.name
    assert checked.content.read() == data and checked.size == len(data)
    assert uploads.state(f"activities/1/2/photos/{checked.content.name}") == "pending"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_cut_off_picture_is_refused_without_decoding(no_decoding, fmt):
    whole = encoded(fmt, (800, 600))
    with pytest.raises(ValidationError) as exc:
        uploads.check_image(SimpleUploadedFile("cut.img", whole[: len(whole) * 2 // 3]))
    assert exc.value.code == "not_an_image"


def test_the_worker_part_resizes_and_refuses_a_bomb():
    out = Image.open(io.BytesIO(uploads.render_image(encoded("JPEG", (4000, 3000)))))
    assert out.format == "JPEG" and out.size == (1600, 1200)
    with pytest.raises(ValueError, match="too many pixels"):
        uploads.render_image(encoded("PNG", (7000, 7000)))


def test_the_placeholder_says_what_is_happening():
    assert "照片处理中" in uploads.placeholder("x/pending-ab.png").decode()
    assert "这张图片无法处理" in uploads.placeholder("x/failed-ab.png").decode()
    assert uploads.state("x/ab.png") == "" and uploads.state("pending-x/ab.png") == ""


# --- documents -----------------------------------------------------------------------------------------------


def refused(name: str, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        uploads.check_file(SimpleUploadedFile(name, data))
    return exc.value


def zipped(entries: dict[str, bytes], prefix: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return prefix + buf.getvalue()


def test_real_office_files_and_pdfs_are_accepted():
    import docx
    import openpyxl
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关心下一代工作计划")
    document.save(buf)
    assert uploads.check_file(SimpleUploadedFile("计划.docx", buf.getvalue())).content_type.endswith("document")
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    assert uploads.check_file(SimpleUploadedFile("名单.xlsx", buf.getvalue())).content_type.endswith("sheet")
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 72, "hello")
    page.save()
    assert uploads.check_file(SimpleUploadedFile("总结.pdf", buf.getvalue())).content_type == "application/pdf"
    for ext in ("docx", "xlsx", "pptx"):
        assert uploads.check_file(SimpleUploadedFile(f"a.{ext}", office_bytes(ext))).size > 0
    assert uploads.check_file(SimpleUploadedFile("a.pdf", pdf_bytes())).size > 0


@pytest.mark.parametrize("data", [
    b"<html><body><script>alert(1)</script>%PDF-1.4 1 0 obj %%EOF</body></html>",  # HTML that mentions a PDF
    b"<!doctype html><p>%PDF-1.7</p>",
    b"%PDF-1.7\n<html>no objects, no trailer</html>",
    pdf_bytes()[:60],  # cut off: no trailer
])
def test_html_or_a_cut_off_file_named_pdf_is_refused(data):
    exc = refused("通知.pdf", data)
    assert exc.code == "file_content"
    assert exc.messages == ["“通知.pdf”实际上不是 PDF 文件，可能已损坏或被改了扩展名。"]


@pytest.mark.parametrize("data", [
    b"<html><body>Word</body></html>",
    zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<html><script>x()</script></html>"}),
    office_bytes("docx", main="<html><body><script>x()</script></body></html>"),
    b"<html>" + office_bytes("docx"),  # an HTML page with a zip appended: a zip reader still finds the zip
    office_bytes("xlsx"),  # a workbook named .docx
])
def test_html_or_another_kind_of_file_named_docx_is_refused(data):
    exc = refused("讲稿.docx", data)
    assert exc.code == "file_content"
    assert exc.messages == ["“讲稿.docx”实际上不是 DOCX 文件，可能已损坏或被改了扩展名。"]


def test_a_zip_bomb_named_docx_is_refused():
    bomb = office_bytes("docx", extra={"word/media/fill.bin": b"\0" * (200 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024, "200 MB of zeros deflate to a few hundred KB"
    exc = refused("资料.docx", bomb)
    assert exc.code == "zip_bomb"
    assert exc.messages == ["“资料.docx”解压后超过 100 MB 或包含超过 2000 个部件，不能上传。"]


def test_a_zip_of_too_many_parts_is_refused():
    many = office_bytes("xlsx", extra={f"xl/x{i}.xml": b"<x/>" for i in range(uploads.MAX_ZIP_ENTRIES)})
    assert refused("表.xlsx", many).code == "zip_bomb"


def test_a_zip_whose_header_lies_about_its_size_is_refused(monkeypatch):
    data = bytearray(office_bytes("docx", extra={"word/media/a.bin": b"\0" * 100_000}))
    # the central directory's "uncompressed size" of the last entry, made small: inflating must not trust it
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/media/a.bin")
    central = data.rfind(b"PK\x01\x02")
    assert data[central + 46:central + 46 + len(info.filename)] == info.filename.encode()
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    assert refused("a.docx", bytes(data)).code == "file_content"
