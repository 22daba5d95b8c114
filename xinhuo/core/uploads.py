"""Checking uploaded photos and files before anything is written, for every app that takes uploads.

A photo is opened with Pillow (so a renamed document is refused whatever its name says), turned
upright, shrunk to at most 1600 px on its longer side and encoded again: the new file carries no
EXIF block, so no GPS position, camera serial or time stamp of where a minor's school was
photographed. A document must have an allowed extension AND look like that kind of file inside.

Both return a new in-memory file with a random name (the uploader's file name can hold a person's
name; it is returned separately for display). Nothing here touches the database or the disk: a
service checks every upload first and writes only when all passed.
"""

from __future__ import annotations

import io
import math
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MB = 1024 * 1024
MAX_IMAGE_BYTES = 10 * MB
MAX_IMAGE_SIDE = 1600
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo still opens; a "pixel bomb" does not
MAX_FILE_BYTES = 20 * MB

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
_OFFICE_FOLDER = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}

# extension -> content type, for audio a phone plays in an <audio> element (the self-help corner's recordings)
AUDIO_TYPES: dict[str, str] = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "wav": "audio/wav"}


@dataclass
class CheckedFile:
    content: ContentFile  # named <random>.<ext>, ready for a FileField/ImageField
    original_name: str  # the uploader's name, for display only
    content_type: str
    size: int


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


def check_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES, max_side: int = MAX_IMAGE_SIDE) -> CheckedFile:
    """A real JPEG, PNG or WebP picture, at most `max_bytes`, returned upright, at most `max_side` px
    on its longer side and without its metadata (EXIF, GPS). Raises ValidationError otherwise."""
    name = upload_name(upload)
    size = int(getattr(upload, "size", 0) or 0)
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)
    not_a_picture = ValidationError(
        _("“%(name)s” is not a picture Xinhuo can read: upload a JPEG, PNG or WebP photo.") % {"name": name},
        code="not_an_image",
    )
    data = _read(upload)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if fmt not in IMAGE_FORMATS:
                raise not_a_picture
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels (%(w)d × %(h)d) to be a photo.")
                    % {"name": name, "w": width, "h": height}, code="too_many_pixels")
            probe.verify()  # checks the file's structure without decoding it
        with Image.open(io.BytesIO(data)) as img:
            img.load()  # decodes every pixel: a truncated or corrupt file fails here
            picture = ImageOps.exif_transpose(img)  # the orientation tag is about to go with the EXIF block
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any decoder error means the upload is not a usable picture
        raise not_a_picture from None
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    ext, content_type = IMAGE_FORMATS[fmt]
    out = io.BytesIO()
    options: dict = {}
    icc = img.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc  # colours, not personal data
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
    body = out.getvalue()
    return CheckedFile(ContentFile(body, name=f"{uuid.uuid4().hex}.{ext}"), name, content_type, len(body))


def check_images(uploads, *, max_count: int, max_bytes: int = MAX_IMAGE_BYTES,
                 max_side: int = MAX_IMAGE_SIDE) -> list[CheckedFile]:
    """Every upload checked; one ValidationError naming every refused file (nothing is kept then)."""
    uploads = [u for u in uploads if u]
    if len(uploads) > max_count:
        raise ValidationError(_("At most %(n)d photos at a time.") % {"n": max_count}, code="too_many")
    checked, errors = [], []
    for u in uploads:
        try:
            checked.append(check_image(u, max_bytes=max_bytes, max_side=max_side))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _looks_like(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return b"%PDF-" in data[:1024]
    if ext in _OFFICE_FOLDER:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(_OFFICE_FOLDER[ext]) for n in names)
    if ext == "mp3":  # an ID3 tag, or an MPEG audio frame's sync bits
        return data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    if ext == "m4a":
        return data[4:8] == b"ftyp"
    if ext == "ogg":
        return data[:4] == b"OggS"
    if ext == "wav":
        return data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    return False


def check_file(upload, *, allowed: dict[str, str] | None = None, max_bytes: int = MAX_FILE_BYTES) -> CheckedFile:
    """A document of an allowed type (by extension and by content), at most `max_bytes`. Pictures among
    the allowed types go through check_image (upright, resized, no EXIF)."""
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
        checked = check_image(upload, max_bytes=max_bytes)
        checked.original_name = name
        return checked
    data = _read(upload)
    if not _looks_like(ext, data):
        raise ValidationError(_("“%(name)s” is not really a %(kind)s file; it may be damaged or renamed.")
                              % {"name": name, "kind": ext.upper()}, code="file_content")
    return CheckedFile(ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"), name, allowed[ext], len(data))
