"""Keys of the document information dictionary beyond the fixed set ReportLab writes."""

from __future__ import annotations


def record_info(canvas, key: str, value: object) -> None:  # type: ignore[no-untyped-def]
    """Add `key` to the Info dictionary: a text (written as a PDF string) or any ReportLab PDF object."""
    from reportlab.pdfbase.pdfdoc import PDFString

    info = canvas._doc.info
    standard = info.format
    obj = PDFString(value) if isinstance(value, str) else value

    def with_extra(document):  # type: ignore[no-untyped-def]
        out = standard(document)
        end = out.rindex(b">>")
        return out[:end] + b"/" + key.encode() + b" " + obj.format(document) + b"\n" + out[end:]

    info.format = with_extra
