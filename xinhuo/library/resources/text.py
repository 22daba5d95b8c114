"""The text of an uploaded document, for search (RES-1): a PDF's pages (pypdf) and a Word file's paragraphs and
tables (python-docx). PowerPoint files, images, audio and video are not read (docs/library.md). Extraction never
refuses an upload: a file whose text cannot be read (scanned pages, damage) is kept with no extracted text."""

from __future__ import annotations

import io
import logging

from xinhuo.core.validators import DOCUMENT_MAX

logger = logging.getLogger(__name__)

MAX_PAGES = 300  # a textbook; beyond, the first pages are enough to find it
MAX_CHARS = DOCUMENT_MAX  # the most any text column holds; search reads a long document's beginning


def _squeeze(parts) -> str:
    out, total = [], 0
    for part in parts:
        part = " ".join((part or "").split())
        if not part:
            continue
        out.append(part)
        total += len(part) + 1
        if total >= MAX_CHARS:
            break
    return "\n".join(out)[:MAX_CHARS]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return _squeeze(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))

    def parts():
        for paragraph in document.paragraphs:
            yield paragraph.text
        for table in document.tables:
            for row in table.rows:
                yield " ".join(cell.text for cell in row.cells)

    return _squeeze(parts())


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text}


def extract(ext: str, data: bytes) -> str:
    """The document's text, or "" (a kind not read, or a file whose text cannot be read)."""
    extractor = EXTRACTORS.get(ext)
    if extractor is None:
        return ""
    try:
        return extractor(data)
    except Exception:  # noqa: BLE001 - an unreadable text layer must not refuse a file the checks accepted
        logger.info("library: no text extracted from a %s file", ext, exc_info=True)
        return ""
