"""font-embedded and font-subset: every font a page can draw with is in the file, and only the glyphs used.

Fonts are found in page resources, in the resources of Form XObjects (to
any depth), of Type3 glyph procedures and of annotation appearance streams;
a Type0 font is judged by its descendant CIDFont.  Type3 fonts are drawn
from the file itself, so they count as embedded and are not subset-checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .context import Document
from .records import resolve
from .report import ERROR, WARNING, CheckResult, page_list

SUBSET = re.compile(r"^[A-Z]{6}\+")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass
class _Font:
    name: str
    kind: str
    embedded: bool
    subset: bool
    pages: list[int] = field(default_factory=list)


def _judge(font: Any) -> tuple[str, str, bool, bool]:
    """(name, subtype, embedded, subset) of a font dictionary."""
    subtype = str(font.get("/Subtype", "?")).lstrip("/")
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    if subtype == "Type3":
        return name if name != "?" else "Type3 font", subtype, True, True
    target = font
    if subtype == "Type0":
        kids = resolve(font.get("/DescendantFonts"))
        if kids:
            target = resolve(kids[0])
    descriptor = resolve(target.get("/FontDescriptor"))
    embedded = descriptor is not None and any(k in descriptor for k in FONT_FILES)
    base = str(target.get("/BaseFont", name)).lstrip("/")
    return name, subtype, embedded, bool(SUBSET.match(base) or SUBSET.match(name))


def _walk(resources: Any, number: int, found: dict[int, _Font], seen: set[int], depth: int = 0) -> None:
    resources = resolve(resources)
    if resources is None or depth > 12 or not hasattr(resources, "get"):
        return
    for ref in (resolve(resources.get("/Font")) or {}).values():
        font = resolve(ref)
        if font is None or not hasattr(font, "get"):
            continue
        key = id(font)
        if key not in found:
            found[key] = _Font(*_judge(font))
            if font.get("/Subtype") == "/Type3" and id(font) not in seen:
                seen.add(id(font))
                _walk(font.get("/Resources"), number, found, seen, depth + 1)
        if number not in found[key].pages:
            found[key].pages.append(number)
    for ref in (resolve(resources.get("/XObject")) or {}).values():
        xo = resolve(ref)
        if xo is not None and hasattr(xo, "get") and xo.get("/Subtype") == "/Form" and id(xo) not in seen:
            seen.add(id(xo))
            _walk(xo.get("/Resources"), number, found, seen, depth + 1)
            seen.discard(id(xo))  # the same form on another page must count there too


def _appearances(page: Any) -> Iterator[Any]:
    for annot in resolve(page.get("/Annots")) or []:
        annot = resolve(annot)
        ap = resolve(annot.get("/AP")) if hasattr(annot, "get") else None
        normal = resolve(ap.get("/N")) if ap is not None else None
        if normal is None:
            continue
        streams = [normal] if "/Subtype" in normal or hasattr(normal, "get_data") else \
            [resolve(v) for v in normal.values()]
        for stream in streams:
            if stream is not None and hasattr(stream, "get"):
                yield stream.get("/Resources")


def check_fonts(doc: Document) -> Iterator[CheckResult]:
    found: dict[int, _Font] = {}
    for number, page in doc.numbered():
        _walk(page.get("/Resources"), number, found, set())
        for resources in _appearances(page):
            _walk(resources, number, found, set())
    by_name: dict[tuple[str, str, bool, bool], list[int]] = {}
    for f in found.values():
        by_name.setdefault((f.name, f.kind, f.embedded, f.subset), []).extend(f.pages)
    for (name, kind, embedded, subset), pages in sorted(by_name.items(), key=lambda kv: (min(kv[1]), kv[0][0])):
        where = f"page{'s' if len(set(pages)) > 1 else ''} {page_list(pages)}"
        if not embedded:
            yield CheckResult("font-embedded", ERROR,
                              f"font {name} ({kind}) is not embedded ({where}): printers and readers will "
                              "substitute another font; embed all fonts when exporting (briefpress embeds the "
                              "TrueType files named in the layout, so a font drawn outside them is the cause)",
                              min(pages))
        elif not subset:
            yield CheckResult("font-subset", WARNING,
                              f"font {name} ({kind}) is embedded whole, not as a subset ({where}): the file is "
                              "larger than needed and the whole font is redistributed; turn on font subsetting",
                              min(pages))
