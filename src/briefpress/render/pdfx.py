"""PDF/X-4 output intent and the metadata that goes with it, added with pypdf.

ReportLab cannot write OutputIntents or XMP, so the print PDF is
post-processed: the layout's CMYK ICC profile is embedded as the
destination output profile, the Info dictionary gets GTS_PDFXVersion and
Trapped, and an XMP packet repeats title, author, dates and the PDF/X
version, so a printer's preflight accepts the file as PDF/X-4.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from ..model.nodes import Meta
from .xmp import PDFX_VERSION, PressIds, xmp_packet


def _xmp_date(pdf_date: str) -> str:
    """D:20060201000000+00'00' -> 2006-02-01T00:00:00+00:00"""
    raw = pdf_date[2:] if pdf_date.startswith("D:") else pdf_date
    try:
        stamp = datetime.strptime(raw[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        stamp = datetime.now(timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def add_output_intent(pdf: bytes, icc: Path, condition: str, meta: Meta, author: str, tagged: bool) -> bytes:
    """The PDF `pdf` rewritten with a PDF/X-4 output intent for the CMYK profile `icc`."""
    import hashlib
    import io
    import uuid

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                               TextStringObject)

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = "%PDF-1.6"  # PDF/X-4 is based on PDF 1.6
    profile = DecodedStreamObject()
    profile.set_data(icc.read_bytes())
    profile[NameObject("/N")] = NumberObject(4)
    profile = profile.flate_encode()
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition or icc.stem),
        NameObject("/OutputCondition"): TextStringObject(condition or icc.stem),
        NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
        NameObject("/Info"): TextStringObject(condition or icc.stem),
        NameObject("/DestOutputProfile"): writer._add_object(profile),
    })
    root = writer._root_object
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    created = str((reader.metadata or {}).get("/CreationDate", ""))
    info = writer._info.get_object() if writer._info is not None else None
    if info is not None:
        info[NameObject("/GTS_PDFXVersion")] = TextStringObject(PDFX_VERSION)
        info[NameObject("/Trapped")] = NameObject("/False")
    digest = hashlib.md5(pdf).hexdigest()  # deterministic: same input, same id
    doc_id = str(uuid.UUID(digest))
    xmp = DecodedStreamObject()
    xmp.set_data(xmp_packet(meta, author, tagged, PressIds(_xmp_date(created), doc_id)))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
