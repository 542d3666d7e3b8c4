"""What mammoth hides: tracked changes, comments, typed heading numbers, spacing paragraphs, text boxes,
charts, headers and footers, read from the document XML with zipfile + ElementTree.

Mammoth accepts insertions, drops deletions and comments, and leaves out text
boxes, charts and headers without a word, so the writer would never learn that
the brief differs from what they saw in Word.  Each finding names the
paragraph (its number in the body, counting from 1, and its first words).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .package import DocxPackage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
TEXT_BOX = (W + "txbxContent",)
# "1. ", "2.3 ", "IV. ", "B. ", "a) ", "(c) "; a bare number ("2005 in review", "10 lessons") is not a typed number
TYPED_NUMBER_RE = re.compile(r"^\s*((?:\d+\.)+\d*|\d+\)|[IVXLCDM]+\.|[A-Z]\.|[a-z]\)|\(\w\))\s+\S")
HEADING_RE = re.compile(r"^(heading|überschrift|titre)\s*\d", re.I)
WORDS = 6


@dataclass(frozen=True)
class Finding:
    """One problem in the Word file: where (paragraph number and first words, a note, or '' for the whole
    file), the message and the fix."""

    paragraph: int | None
    where: str
    message: str
    hint: str


def _text(el: ET.Element, tags: tuple[str, ...] = (W + "t",), boxes_too: bool = False) -> str:
    """The text of `el`, leaving out text boxes (their text is reported on its own)."""
    out: list[str] = []

    def visit(node: ET.Element) -> None:
        for child in node:
            if child.tag in TEXT_BOX and not boxes_too:
                continue
            if child.tag in tags and child.text:
                out.append(child.text)
            elif child.tag == W + "tab":
                out.append(" ")
            visit(child)

    visit(el)
    return " ".join("".join(out).split())


def first_words(text: str, count: int = WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _paragraphs(body: ET.Element) -> Iterator[tuple[ET.Element, bool]]:
    """Body paragraphs in order, with whether each is in a table; text-box paragraphs belong to their host."""
    def visit(node: ET.Element, in_table: bool) -> Iterator[tuple[ET.Element, bool]]:
        for child in node:
            if child.tag == W + "p":
                yield child, in_table
            else:
                yield from visit(child, in_table or child.tag == W + "tbl")
    yield from visit(body, False)


def _style_names(package: DocxPackage) -> dict[str, str]:
    styles = package.xml("word/styles.xml")
    names: dict[str, str] = {}
    for style in (styles.iter(W + "style") if styles is not None else ()):
        name = style.find(W + "name")
        names[style.get(W + "styleId", "")] = name.get(W + "val", "") if name is not None else ""
    return names


def _comments(package: DocxPackage) -> dict[str, tuple[str, str]]:
    root = package.xml("word/comments.xml")
    return {c.get(W + "id", ""): (c.get(W + "author", "") or "someone", _text(c))
            for c in (root.iter(W + "comment") if root is not None else ())}


def _tracked(p: ET.Element) -> Finding | None:
    inserted = " ".join(_text(i) for tag in ("ins", "moveTo") for i in p.iter(W + tag))
    deleted = " ".join(_text(d, (W + "delText",)) for tag in ("del", "moveFrom") for d in p.iter(W + tag))
    if not inserted.strip() and not deleted.strip():
        if p.find(f"{W}pPr/{W}rPr/{W}ins") is None and p.find(f"{W}pPr/{W}rPr/{W}del") is None:
            return None
    parts = [f"inserted “{first_words(inserted)}” (kept)"] if inserted.strip() else []
    parts += [f"deleted “{first_words(deleted)}” (left out)"] if deleted.strip() else []
    what = ", ".join(parts) or "a paragraph mark inserted or deleted"
    return Finding(None, "", f"unaccepted tracked change: {what}",
                   "accept or reject every change in Word (Review > Accept > Accept All Changes) and import again")


def _text_boxes(p: ET.Element) -> list[tuple[str, bool]]:
    """Each text box once, with whether mammoth keeps its text: Word writes a box twice (DrawingML, and a
    VML fallback), and mammoth reads only the VML copy, setting its text after the paragraph."""
    boxes: list[tuple[str, bool]] = []

    def visit(node: ET.Element, vml: bool) -> None:
        for child in node:
            if child.tag == MC + "AlternateContent":
                fallback = child.find(MC + "Fallback")
                has_box = fallback is not None and next(fallback.iter(W + "txbxContent"), None) is not None
                visit(fallback if has_box and fallback is not None else child, vml)
            elif child.tag == W + "txbxContent":
                boxes.append((_text(child, (W + "t",), boxes_too=True), vml))
            else:
                visit(child, vml or child.tag == V + "textbox")

    visit(p, False)
    return boxes


def _paragraph_findings(p: ET.Element, text: str, style: str, comments: dict[str, tuple[str, str]]) -> list[Finding]:
    found: list[Finding] = []
    tracked = _tracked(p)
    if tracked is not None:
        found.append(tracked)
    for ref in {r.get(W + "id", ""): r for r in p.iter(W + "commentReference")}.keys():
        author, said = comments.get(ref, ("someone", ""))
        found.append(Finding(None, "", f"a comment by {author} (“{first_words(said)}”) was left out of the brief",
                             "resolve or delete the comments in Word (Review > Delete > Delete All Comments) "
                             "and import again"))
    m = TYPED_NUMBER_RE.match(text)
    if m and HEADING_RE.match(style):
        found.append(Finding(None, "", f"the heading starts with a typed number '{m.group(1)}'",
                             "delete the number in Word; briefpress headings are not numbered"))
    for box_text, kept in _text_boxes(p):
        fate = "set after this paragraph, out of its place" if kept else "left out"
        found.append(Finding(None, "", f"a text box (“{first_words(box_text) or 'empty'}”) is not part of the "
                             f"text flow; its text was {fate}",
                             "move the text into the body (or a quote) in Word, delete the text box, and import again"))
    if any(g.get("uri") == CHART_URI for g in p.iter(A + "graphicData")):
        found.append(Finding(None, "", "a Word chart is not a picture and was left out",
                             "save the chart's data as a CSV file in the brief's figures/ folder and add "
                             "![Figure N: caption](figures/figure-N.csv) where it belongs"))
    return found


def _is_empty(p: ET.Element, text: str) -> bool:
    if text.strip() or p.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    busy = ("drawing", "pict", "object", "footnoteReference", "endnoteReference", "txbxContent", "sym")
    return not any(next(p.iter(W + tag), None) is not None for tag in busy)


def scan_body(package: DocxPackage) -> list[Finding]:
    """Findings for the body paragraphs, in document order."""
    root = package.xml("word/document.xml")
    body = root.find(W + "body") if root is not None else None
    if body is None:
        return []
    names, comments = _style_names(package), _comments(package)
    paragraphs = list(_paragraphs(body))
    found: list[Finding] = []
    previous = ""
    for number, (p, in_table) in enumerate(paragraphs, 1):
        text = _text(p)
        style_el = p.find(f"{W}pPr/{W}pStyle")
        style = names.get(style_el.get(W + "val", ""), style_el.get(W + "val", "")) if style_el is not None else ""
        words = first_words(text)
        for f in _paragraph_findings(p, text, style, comments):
            found.append(Finding(number, f"paragraph {number} “{words}”" if words else f"paragraph {number}",
                                 f.message, f.hint))
        last = number == len(paragraphs)
        if not in_table and not last and _is_empty(p, text) and not (found and found[-1].paragraph == number - 1
                                                                       and found[-1].message.startswith("empty")):
            found.append(Finding(number, f"paragraph {number} (empty, after “{first_words(previous, 4)}”)",
                                 "empty paragraph used as spacing was left out",
                                 "delete it in Word; briefpress spaces paragraphs itself "
                                 "(use Space Before/After in the paragraph style for spacing in Word)"))
        previous = text or previous
    return found


def scan_notes(package: DocxPackage) -> list[Finding]:
    """Tracked changes and comments inside footnotes and endnotes, named by the note's first words."""
    comments = _comments(package)
    found: list[Finding] = []
    for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
        root = package.xml(part)
        for note in (root.iter(W + kind) if root is not None else ()):
            if note.get(W + "type") not in (None, "normal"):
                continue  # the separator lines Word keeps among the notes
            where = f"{kind} “{first_words(_text(note))}”"
            for p in note.iter(W + "p"):
                found.extend(Finding(None, where, f.message, f.hint)
                             for f in _paragraph_findings(p, _text(p), "", comments))
    return found


def scan_headers_footers(package: DocxPackage) -> list[Finding]:
    """Headers and footers are dropped: the layout sets running heads and folios."""
    found: list[Finding] = []
    seen: set[str] = set()
    for name in sorted(package.names):
        m = re.fullmatch(r"word/(header|footer)\d*\.xml", name)
        root = package.xml(name) if m else None
        text = _text(root) if root is not None else ""
        if m and re.search(r"[^\W\d_]", text) and text not in seen:  # a bare page number is no loss
            seen.add(text)
            found.append(Finding(None, "", f"the {m.group(1)} “{first_words(text)}” was left out",
                                 "the layout sets running heads and folios; put any text the brief needs "
                                 "into the body or the front matter"))
    return found


def scan(package: DocxPackage) -> list[Finding]:
    """Every finding: body paragraphs first, then notes, headers and footers."""
    return scan_body(package) + scan_notes(package) + scan_headers_footers(package)
