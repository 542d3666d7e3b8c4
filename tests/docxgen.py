"""Tiny Word files written as XML with zipfile, for the import tests (no python-docx needed).

Only the parts mammoth and `briefpress import` read are written: content
types, relationships, document, styles, numbering, notes, comments, headers
and core properties.  `para()` and `run()` build the WordprocessingML for one
paragraph or run; the tests compose documents from them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = ["Title", "Subtitle", "Author", "Date", "Abstract", "Heading 1", "Heading 2", "Heading 3", "Quote",
          "Intense Quote", "Caption", "Brief Title", "List Paragraph"]


def style_id(name: str) -> str:
    return name.replace(" ", "")


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A paragraph of runs (plain strings become runs), in a style, optionally a list item (numId, level)."""
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style_id(style)}"/>' if style else "")
        ppr += (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
        ppr += "</w:pPr>"
    runs = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{ppr}{runs}</w:p>"


def link(rid: str, text: str) -> str:
    """A hyperlink run to the relationship `rid` (give its URL in make_docx(links=…))."""
    return f'<w:hyperlink r:id="{rid}">{run(text)}</w:hyperlink>'


def note_ref(kind: str, ident: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{ident}"/></w:r>'


def notes_xml(kind: str, notes: dict[int, list[str]]) -> str:
    """Footnotes or endnotes: each a list of paragraphs, as text or as para() XML."""
    body = "".join(f'<w:{kind} w:id="{i}">' + "".join(p if p.startswith("<w:p>") else para(p) for p in paras)
                   + f"</w:{kind}>"
                   for i, paras in notes.items())
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s {NS}>{body}</w:{kind}s>'


def styles_xml() -> str:
    body = "".join(f'<w:style w:type="paragraph" w:styleId="{style_id(n)}"><w:name w:val="{n}"/></w:style>'
                   for n in STYLES)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{body}</w:styles>'


def numbering_xml() -> str:
    """numId 1 is a bullet list, numId 2 a decimal list, each with two levels."""
    def abstract(ident: int, fmt: str) -> str:
        levels = "".join(f'<w:lvl w:ilvl="{lv}"><w:numFmt w:val="{fmt}"/></w:lvl>' for lv in (0, 1))
        return f'<w:abstractNum w:abstractNumId="{ident}">{levels}</w:abstractNum>'
    nums = "".join(f'<w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>' for i in (1, 2))
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{abstract(1, "bullet")}'
            f'{abstract(2, "decimal")}{nums}</w:numbering>')


def make_docx(path: Path, body: list[str], *, footnotes: dict[int, list[str]] | None = None,
              endnotes: dict[int, list[str]] | None = None, comments: dict[int, tuple[str, str]] | None = None,
              header: str | None = None, core: dict[str, str] | None = None, links: dict[str, str] | None = None,
              images: dict[str, tuple[str, bytes]] | None = None,
              extra: dict[str, bytes] | None = None) -> Path:
    """Write a .docx whose body is the given paragraphs (and tables); return its path."""
    parts: dict[str, str | bytes] = {
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>'
                             + "".join(body) + "</w:body></w:document>",
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
    }
    rels = [("styles", "styles.xml"), ("numbering", "numbering.xml")]
    if footnotes:
        parts["word/footnotes.xml"] = notes_xml("footnote", footnotes)
        rels.append(("footnotes", "footnotes.xml"))
    if endnotes:
        parts["word/endnotes.xml"] = notes_xml("endnote", endnotes)
        rels.append(("endnotes", "endnotes.xml"))
    if comments:
        items = "".join(f'<w:comment w:id="{i}" w:author="{escape(a)}">{para(t)}</w:comment>'
                        for i, (a, t) in comments.items())
        parts["word/comments.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:comments {NS}>{items}</w:comments>'
        rels.append(("comments", "comments.xml"))
    if header is not None:
        parts["word/header1.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {NS}>{para(header)}</w:hdr>'
        rels.append(("header", "header1.xml"))
    rel_xml = "".join(f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(rels, 1))
    rel_xml += "".join(f'<Relationship Id="{rid}" Type="{REL}/hyperlink" Target="{escape(url)}" TargetMode="External"/>'
                       for rid, url in (links or {}).items())
    rel_xml += "".join(f'<Relationship Id="{rid}" Type="{REL}/image" Target="media/{name}"/>'
                       for rid, (name, _data) in (images or {}).items())
    parts.update((f"word/media/{name}", data) for name, data in (images or {}).values())
    parts["word/_rels/document.xml.rels"] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                                             f'"http://schemas.openxmlformats.org/package/2006/relationships">'
                                             f"{rel_xml}</Relationships>")
    parts["_rels/.rels"] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                            f'{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    parts["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                                    'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                                    'ContentType="application/xml"/><Default Extension="rels" ContentType='
                                    '"application/vnd.openxmlformats-package.relationships+xml"/>'
                                    '<Default Extension="png" ContentType="image/png"/>'
                                    '<Default Extension="gif" ContentType="image/gif"/></Types>')
    if core:
        fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in core.items())
        parts["docProps/core.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http:'
                                      '//schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                                      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl'
                                      f'.org/dc/terms/">{fields}</cp:coreProperties>')
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def text_box(text: str) -> str:
    """A run holding a DrawingML text box (wps:txbx) with one paragraph."""
    return ('<w:r><w:drawing><wp:anchor><wp:docPr id="9" name="Text Box 1"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
            f'<w:txbxContent>{para(text)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>'
            '</wp:anchor></w:drawing></w:r>')


def image(rid: str, alt: str = "") -> str:
    """A run holding an inline picture (give its bytes in make_docx(images=…)) with Word alt text."""
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
            f'<wp:docPr id="3" name="Picture 1" descr="{escape(alt)}"/><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            '<pic:cNvPr id="0" name="x"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
            f'<a:blip r:embed="{rid}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r>')


def chart() -> str:
    """A run holding a Word chart (c:chart in a drawing), which is not an image."""
    return ('<w:r><w:drawing><wp:inline><wp:docPr id="7" name="Chart 1"/><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId99"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"
