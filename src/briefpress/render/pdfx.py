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
from xml.sax.saxutils import escape

from ..model.nodes import Meta

PDFX_VERSION = "PDF/X-4"


def _xmp(meta: Meta, author: str, date: str, doc_id: str) -> bytes:
    keywords = escape(", ".join(meta.keywords))
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.abstract_text)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>briefpress</xmp:CreatorTool>
   <pdf:Producer>briefpress (ReportLab, pypdf)</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _xmp_date(pdf_date: str) -> str:
    """D:20060201000000+00'00' -> 2006-02-01T00:00:00+00:00"""
    raw = pdf_date[2:] if pdf_date.startswith("D:") else pdf_date
    try:
        stamp = datetime.strptime(raw[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        stamp = datetime.now(timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def add_output_intent(pdf: Path, icc: Path, condition: str, meta: Meta, author: str) -> None:
    """Rewrite `pdf` in place with a PDF/X-4 output intent for the CMYK profile `icc`."""
    import hashlib
    import uuid

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                               TextStringObject)

    reader = PdfReader(str(pdf))
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
    digest = hashlib.md5(pdf.read_bytes()).hexdigest()  # deterministic: same input, same id
    doc_id = str(uuid.UUID(digest))
    xmp = DecodedStreamObject()
    xmp.set_data(_xmp(meta, author, _xmp_date(created), doc_id))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = writer._add_object(xmp)
    tmp = pdf.with_name(pdf.name + ".x")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    tmp.replace(pdf)
