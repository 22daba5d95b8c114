"""Small but real files for upload tests: core.uploads checks a document's structure, not only its first bytes."""

from __future__ import annotations

import io
import zipfile

_MAIN = {  # extension -> (main part, its content type, its root element)
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml",
             '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/>'
             "</w:document>"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml",
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml",
             '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'),
}


def pdf_bytes(text: str = "hello") -> bytes:
    """A one-object PDF with its header, a cross-reference table and its trailer."""
    obj = f"1 0 obj\n<< /Title ({text}) >>\nendobj\n".encode()
    head = b"%PDF-1.7\n"
    xref = f"xref\n0 2\n0000000000 65535 f \n{len(head):010d} 00000 n \n".encode()
    tail = f"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{len(head) + len(obj)}\n%%EOF\n".encode()
    return head + obj + xref + tail


def office_bytes(ext: str = "docx", *, main: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An Office Open XML package of the kind `ext`, with its required parts (main: another main part's text)."""
    part, ctype, root = _MAIN[ext]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                   f'{ctype}"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   f'officeDocument/2006/relationships/officeDocument" Target="{part}"/></Relationships>')
        z.writestr(part, '<?xml version="1.0" encoding="UTF-8"?>' + (root if main is None else main))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()
