"""The XMP metadata packet: one writer for the tagged (PDF/UA) and the press (PDF/X-4) claims.

PDF/UA wants dc:title and pdfuaid:part; PDF/X-4 wants dates, document ids and
its version.  A file may make both claims, so both come from here, and the
producer is the one the Info dictionary names.
"""

from __future__ import annotations

from dataclasses import dataclass
from ..model.nodes import Meta

PRODUCER = "briefpress (ReportLab)"


def escape(text: str) -> str:
    """XML character data: & < > as entities (xml.sax.saxutils would import urllib, http and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
PDFX_VERSION = "PDF/X-4"


@dataclass(frozen=True)
class PressIds:
    """What PDF/X-4 adds: the creation date (XMP form) and a document id."""

    date: str
    doc_id: str


def xmp_packet(meta: Meta, author: str, pdfua: bool, press: PressIds | None = None) -> bytes:
    """An XMP packet for `meta`, claiming PDF/UA-1 and (with `press`) PDF/X-4."""
    keywords = escape(", ".join(meta.keywords))
    lines = [
        '   <dc:format>application/pdf</dc:format>',
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>',
        f'   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>',
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.abstract_text)}</rdf:li>'
        '</rdf:Alt></dc:description>',
        f'   <dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>',
        '   <xmp:CreatorTool>briefpress</xmp:CreatorTool>',
        f'   <pdf:Producer>{escape(PRODUCER)}</pdf:Producer>',
        f'   <pdf:Keywords>{keywords}</pdf:Keywords>',
    ]
    if pdfua:
        lines.append('   <pdfuaid:part>1</pdfuaid:part>')
    if press is not None:
        lines += [
            f'   <xmp:CreateDate>{press.date}</xmp:CreateDate>',
            f'   <xmp:ModifyDate>{press.date}</xmp:ModifyDate>',
            f'   <xmp:MetadataDate>{press.date}</xmp:MetadataDate>',
            '   <pdf:Trapped>False</pdf:Trapped>',
            f'   <xmpMM:DocumentID>uuid:{press.doc_id}</xmpMM:DocumentID>',
            f'   <xmpMM:InstanceID>uuid:{press.doc_id}</xmpMM:InstanceID>',
            '   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>',
            '   <xmpMM:VersionID>1</xmpMM:VersionID>',
            f'   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>',
        ]
    body = "\n".join(lines)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
{body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()
