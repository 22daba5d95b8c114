"""Checking uploaded photos and files before anything is written, for every app that takes uploads.

A photo is checked in the request from its header only: a JPEG, PNG or WebP (whatever its name says),
at most MAX_IMAGE_PIXELS (read from the header, before any pixel is decoded: a 160 KB PNG can claim
49 megapixels and cost seconds of CPU), and whole (PNG chunk checksums, JPEG end marker, WebP length).
It is stored as uploaded under a "pending-" name and the task worker (core.tasks.process_image) decodes
it: turned upright, shrunk to at most 1600 px on its longer side and encoded again without its EXIF
block (no GPS position, camera serial or time stamp of where a minor's school was photographed). Until
then, and if the worker cannot decode it ("failed-", the upload kept as sent), stream_file serves a
placeholder, never the original with its metadata. A document must have an allowed extension AND be that
kind of file inside (PDF header and trailer; an OOXML zip with its required parts, within limits on
entries and unpacked size).

The checks return a new in-memory file with a random name (the uploader's file name can hold a person's
name; it is returned separately for display). They touch neither the database nor storage: a service
checks every upload first, writes only when all passed, then calls process_later() for each record.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import uuid
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import PurePath, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MB = 1024 * 1024
MAX_IMAGE_BYTES = 10 * MB
MAX_IMAGE_SIDE = 1600
MAX_IMAGE_PIXELS = 40_000_000  # a phone's 12-48 MP photo is fine; decoding more costs seconds for nothing
MAX_FILE_BYTES = 20 * MB
# Pillow itself refuses (DecompressionBombError) twice this, wherever a picture is opened in the process
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# An Office file is a zip: limits on what it unpacks to, so a 20 MB upload cannot be a zip bomb
MAX_ZIP_ENTRIES = 2000
MAX_INFLATED_BYTES = 100 * MB

# The name of a stored picture tells its state: "pending-<hex>.<ext>" is as uploaded, waiting for the worker;
# "failed-<hex>.<ext>" is as uploaded, the worker could not decode it. Neither is ever served.
PENDING, FAILED = "pending-", "failed-"

# Pillow's format name -> (extension, content type). HEIC needs a plug-in the project does not ship;
# a phone's browser converts HEIC to JPEG when it uploads through <input type="file" accept="image/*">.
IMAGE_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
IMAGE_ACCEPT = ",".join(sorted({ct for _ext, ct in IMAGE_FORMATS.values()}))

# extension -> content type, for documents (training materials, activity files ...)
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
# extension -> (content type of the main part in [Content_Types].xml, namespace its root element is in)
_OOXML: dict[str, tuple[str, str]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "wordprocessingml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "spreadsheetml"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
             "presentationml"),
}

# extension -> content type, for audio a phone plays in an <audio> element (the self-help corner's recordings)
AUDIO_TYPES: dict[str, str] = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "wav": "audio/wav"}


@dataclass
class CheckedFile:
    content: ContentFile  # named <random>.<ext>, ready for a FileField/ImageField
    original_name: str  # the uploader's name, for display only
    content_type: str
    size: int
    pending: bool = False  # a picture stored as uploaded: process_later() has the worker finish it


def upload_name(upload) -> str:
    """The uploader's file name without any folder part."""
    return PurePath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name or _("file")


def content_type_for(name: str) -> str:
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext == "webp":
        return "image/webp"
    return DOCUMENT_TYPES.get(ext) or AUDIO_TYPES.get(ext, "application/octet-stream")


def _megabytes(size: int, *, up: bool = False) -> str:
    """MB with one decimal; a size over a limit is rounded up, so 10 MB and 1 byte never reads "10 MB"."""
    tenths = math.ceil(size * 10 / MB) if up else round(size * 10 / MB)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is %(size)s MB; a file can be at most %(max)s MB.")
        % {"name": name, "size": _megabytes(size, up=True), "max": _megabytes(limit)},
        code="too_large",
    )


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _not_a_picture(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a picture Xinhuo can read: upload a JPEG, PNG or WebP photo.") % {"name": name},
        code="not_an_image",
    )


def _too_many_pixels(name: str, width: int, height: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” has too many pixels (%(w)d × %(h)d) to be a photo.") % {"name": name, "w": width, "h": height},
        code="too_many_pixels")


def _jpeg_complete(data: bytes) -> bool:
    """A JPEG's end marker follows its first scan (0xFF is escaped inside scan data, so FFD9 can only be the
    marker): a cut-off upload has none. Walks the header segments without decoding anything."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", pos) != -1
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
    return False


def inspect_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedFile:
    """Everything that can be checked without decoding a pixel (milliseconds, whatever the picture's size): a
    JPEG, PNG or WebP by its content, at most `max_bytes` and MAX_IMAGE_PIXELS, not cut off. Returns the
    upload as sent, named "pending-<random>.<ext>": store it, then call process_later()."""
    name = upload_name(upload)
    size = int(getattr(upload, "size", 0) or 0)
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)
    data = _read(upload)
    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels(name, width, height)
            probe.verify()  # PNG: every chunk's checksum, up to the end chunk; decodes nothing
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # over twice the limit: Pillow refuses to open it at all
        raise ValidationError(_("“%(name)s” has too many pixels to be a photo.") % {"name": name},
                              code="too_many_pixels") from None
    except Exception:  # noqa: BLE001 - any parser error means the upload is not a usable picture
        raise _not_a_picture(name) from None
    if fmt not in IMAGE_FORMATS or (fmt == "JPEG" and not _jpeg_complete(data)) or (
            fmt == "WEBP" and int.from_bytes(data[4:8], "little") + 8 > len(data)):
        raise _not_a_picture(name)
    ext, content_type = IMAGE_FORMATS[fmt]
    return CheckedFile(ContentFile(data, name=f"{PENDING}{uuid.uuid4().hex}.{ext}"), name, content_type, len(data),
                       pending=True)


def render_image(data: bytes, *, max_side: int = MAX_IMAGE_SIDE) -> bytes:
    """The expensive part, for the task worker: the picture decoded, turned upright, at most `max_side` px on its
    longer side, encoded again in its own format without its metadata. Raises ValueError (too many pixels) or
    a decoder error (OSError, SyntaxError ...) for a picture that cannot be used."""
    with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as img:
        fmt = img.format or ""
        if img.width * img.height > MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")
        img.draft(None, (2 * max_side, 2 * max_side))  # a JPEG decodes at 1/2..1/8 scale when that is enough
        img.load()  # decodes every pixel: a corrupt file fails here
        picture = ImageOps.exif_transpose(img)  # the orientation tag is about to go with the EXIF block
        icc = img.info.get("icc_profile")
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    options: dict = {"icc_profile": icc} if icc else {}  # colours, not personal data
    picture.info = {}  # EXIF, XMP, text chunks: Pillow may write back what info still holds
    if fmt == "JPEG":
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=85, optimize=True, **options)
    elif fmt == "WEBP":
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
        picture.save(out, "WEBP", quality=85, **options)
    else:
        if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            picture = picture.convert("RGBA")
        picture.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def check_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES, max_side: int = MAX_IMAGE_SIDE,
                defer: bool = True) -> CheckedFile:
    """A real JPEG, PNG or WebP picture, at most `max_bytes` and MAX_IMAGE_PIXELS. Deferred (the default): as
    uploaded, pending, for a service that stores it and calls process_later(). With defer=False, processed
    now (upright, at most `max_side` px, no EXIF) - only for a caller that cannot wait for the worker.
    Raises ValidationError otherwise."""
    checked = inspect_image(upload, max_bytes=max_bytes)
    if defer:
        return checked
    try:
        body = render_image(checked.content.read(), max_side=max_side)
    except Exception:  # noqa: BLE001 - any decoder error means the upload is not a usable picture
        raise _not_a_picture(checked.original_name) from None
    name = (checked.content.name or "").removeprefix(PENDING)
    return CheckedFile(ContentFile(body, name=name), checked.original_name, checked.content_type, len(body))


def check_images(uploads, *, max_count: int, max_bytes: int = MAX_IMAGE_BYTES,
                 max_side: int = MAX_IMAGE_SIDE, defer: bool = True) -> list[CheckedFile]:
    """Every upload checked (see check_image); one ValidationError naming every refused file (nothing is kept
    then)."""
    uploads = [u for u in uploads if u]
    if len(uploads) > max_count:
        raise ValidationError(_("At most %(n)d photos at a time.") % {"n": max_count}, code="too_many")
    checked, errors = [], []
    for u in uploads:
        try:
            checked.append(check_image(u, max_bytes=max_bytes, max_side=max_side, defer=defer))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b([^>]*)>")
_ATTR = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def _pdf_whole(data: bytes) -> bool:
    """A PDF's header at its very first byte (so not an HTML page that mentions one), at least one object, and
    its end-of-file marker in the trailer. Readers tolerate junk before the header; browsers sniff it as HTML."""
    return bool(_PDF_HEADER.match(data)) and b"%%EOF" in data[-1024:] and bool(_PDF_OBJECT.search(data))


def _ooxml_problem(ext: str, name: str, data: bytes) -> ValidationError | None:
    """An Office Open XML file: a zip from its first byte, within MAX_ZIP_ENTRIES and MAX_INFLATED_BYTES (each
    entry inflated, so a header lying about its size fails its checksum), with [Content_Types].xml, the package
    relationships and the main part of this kind (a document, workbook or presentation) in its namespace."""
    not_really = _not_really(name, ext)
    if data[:4] != b"PK\x03\x04":
        return not_really
    main_type, namespace = _OOXML[ext]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_INFLATED_BYTES:
                return _zip_bomb(name)
            total = 0
            for info in infos:  # inflate every entry in chunks: CRC checked, real size counted
                with z.open(info) as entry:
                    while chunk := entry.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_INFLATED_BYTES:
                            return _zip_bomb(name)
            names = {i.filename.lower(): i.filename for i in infos}
            if "[content_types].xml" not in names or "_rels/.rels" not in names:
                return not_really
            types = z.read(names["[content_types].xml"])[:MB].decode("utf-8", "replace")
            parts = [dict(_ATTR.findall(m)) for m in _OVERRIDE.findall(types)]
            main = next((p.get("PartName", "") for p in parts if p.get("ContentType") == main_type), "")
            member = names.get(main.lstrip("/").lower())
            if member is None:
                return not_really
            with z.open(member) as entry:
                head = entry.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return not_really
    if namespace not in head or "<html" in head.lower():
        return not_really
    return None


def _not_really(name: str, ext: str) -> ValidationError:
    return ValidationError(_("“%(name)s” is not really a %(kind)s file; it may be damaged or renamed.")
                           % {"name": name, "kind": ext.upper()}, code="file_content")


def _zip_bomb(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” unpacks to more than %(max)s MB or holds more than %(n)d parts: it cannot be uploaded.")
        % {"name": name, "max": _megabytes(MAX_INFLATED_BYTES), "n": MAX_ZIP_ENTRIES}, code="zip_bomb")


def _content_problem(ext: str, name: str, data: bytes) -> ValidationError | None:
    if ext in _OOXML:
        return _ooxml_problem(ext, name, data)
    if ext == "pdf":
        ok = _pdf_whole(data)
    elif ext == "mp3":  # an ID3 tag, or an MPEG audio frame's sync bits
        ok = data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    elif ext == "m4a":
        ok = data[4:8] == b"ftyp"
    elif ext == "ogg":
        ok = data[:4] == b"OggS"
    elif ext == "wav":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    else:
        ok = False
    return None if ok else _not_really(name, ext)


def check_file(upload, *, allowed: dict[str, str] | None = None, max_bytes: int = MAX_FILE_BYTES,
               defer: bool = True) -> CheckedFile:
    """A document of an allowed type (by extension and by content), at most `max_bytes`. Pictures among
    the allowed types go through check_image (deferred: process_later() after storing)."""
    allowed = DOCUMENT_TYPES if allowed is None else allowed
    name = upload_name(upload)
    size = int(getattr(upload, "size", 0) or 0)
    ext = PurePath(name).suffix.lower().lstrip(".")
    kinds = ", ".join(sorted({e.upper() for e in allowed if e != "jpeg"}))
    if ext not in allowed:
        raise ValidationError(_("“%(name)s”: this kind of file cannot be uploaded. Allowed: %(kinds)s.")
                              % {"name": name, "kinds": kinds}, code="file_type")
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if allowed[ext].startswith("image/"):
        checked = check_image(upload, max_bytes=max_bytes, defer=defer)
        checked.original_name = name
        return checked
    data = _read(upload)
    problem = _content_problem(ext, name, data)
    if problem is not None:
        raise problem
    return CheckedFile(ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"), name, allowed[ext], len(data))


# --- pictures finished by the task worker ------------------------------------------------------------------


def state(name: str) -> str:
    """"pending", "failed" or "" (a finished picture, or any other file) for a stored file's name."""
    base = PurePosixPath(name or "").name
    return "pending" if base.startswith(PENDING) else "failed" if base.startswith(FAILED) else ""


def process_later(obj, field: str, *, size_field: str = "") -> None:
    """After a service saved `obj` with a pending picture in `field`: queue the worker's processing. Called
    inside the service's transaction: the database task backend's row commits, or rolls back, with the record.
    `size_field` names the record's field holding the file's size, brought up to date with the new file."""
    if state(getattr(obj, field).name) != "pending":
        return
    from .tasks import process_image

    process_image.enqueue(obj._meta.label_lower, str(obj.pk), field, size_field)


def process_stored(model: str, pk: str, field: str, size_field: str = "") -> str:
    """The worker's part: the record's pending picture decoded, resized and re-encoded without metadata, stored
    under a new random name through the field's storage, and the record pointed at it; the original goes.
    A picture that cannot be decoded is kept as uploaded under a "failed-" name (never lost, never served).
    The record is changed only if it still holds the same file (it may have been deleted or replaced meanwhile).
    Returns "done", "failed", or "skipped" (nothing pending any more)."""
    from django.apps import apps

    Model = apps.get_model(model)
    obj = Model._default_manager.filter(pk=pk).first()
    old = getattr(obj, field).name if obj is not None else ""
    if state(old) != "pending":
        return "skipped"
    storage = getattr(obj, field).storage
    with storage.open(old, "rb") as handle:
        data = handle.read()
    folder, base = PurePosixPath(old).parent, PurePosixPath(old).name.removeprefix(PENDING)
    try:
        body, outcome = render_image(data), "done"
    except Exception:  # noqa: BLE001 - any decoder error: the upload is kept for a person to look at
        body, outcome, base = data, "failed", FAILED + base
    new = storage.save(str(folder / base), ContentFile(body))
    changes = {field: new, **({size_field: len(body)} if size_field else {})}
    if Model._default_manager.filter(pk=pk, **{field: old}).update(**changes):
        storage.delete(old)
        return outcome
    storage.delete(new)
    return "skipped"


def resume_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Queue again every picture still pending after `older_than` (its task failed on a storage error, or the
    worker was down): a pending upload is never left as a placeholder for good. Returns how many."""
    from django.apps import apps
    from django.db.models import FileField
    from django.utils import timezone

    from .tasks import process_image

    cutoff, count = timezone.now() - older_than, 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            rows = model._default_manager.filter(**{f"{field.name}__contains": f"/{PENDING}"})
            for pk, name in rows.values_list("pk", field.name):
                try:
                    stale = field.storage.get_modified_time(name) < cutoff
                except (OSError, NotImplementedError):
                    stale = True
                if state(name) == "pending" and stale:
                    size = "size" if any(f.name == "size" for f in model._meta.concrete_fields) else ""
                    process_image.enqueue(model._meta.label_lower, str(pk), field.name, size)
                    count += 1
    return count


def placeholder(name: str) -> bytes:
    """The picture served instead of a pending or failed upload: a grey box saying which (never the original,
    which still carries its EXIF block)."""
    text = _("Processing the photo…") if state(name) == "pending" else _("This picture could not be processed.")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320" viewBox="0 0 480 320">'
        '<rect width="480" height="320" fill="#e9ecef"/>'
        '<text x="240" y="165" font-size="22" text-anchor="middle" fill="#495057">'
        f"{escape(text)}</text></svg>"
    ).encode()
