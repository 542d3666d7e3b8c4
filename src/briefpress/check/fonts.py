"""font-embedded and font-subset: every font a page can draw with is in the file, and only the glyphs used.

Fonts are found in page resources, in the resources of Form XObjects (to
any depth), of Type3 glyph procedures and of annotation appearance streams;
a Type0 font is judged by its descendant CIDFont.  Type3 fonts are drawn
from the file itself, so they count as embedded and are not subset-checked.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .context import Document
from .opener import short_error
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
    damaged: str | None = None  # why the embedded font program cannot be read, if it cannot
    pages: list[int] = field(default_factory=list)


def _program_problem(descriptor: Any) -> str | None:
    """Why the embedded font program (FontFile2 / FontFile3) cannot be used, or None.

    pypdf quietly returns what it could inflate of a damaged stream (often nothing), so a
    Flate-compressed program is inflated here strictly, and the result must look like a font.
    """
    for key in ("/FontFile2", "/FontFile3"):
        if key not in descriptor:
            continue
        stream = resolve(descriptor[key])
        if stream is None or not hasattr(stream, "get_data"):
            return f"its {key[1:]} is not a stream"
        filters = resolve(stream.get("/Filter"))
        filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
        try:
            if filters == ["/FlateDecode"] and resolve(stream.get("/DecodeParms")) is None:
                data = zlib.decompress(stream._data)
            else:
                data = stream.get_data()
        except Exception as exc:  # noqa: BLE001 - zlib.error, pypdf's own errors: the same finding
            return f"its {key[1:]} stream does not decompress ({short_error(exc)})"
        if not data:
            return f"its {key[1:]} stream is empty"
        expected = resolve(stream.get("/Length1")) if key == "/FontFile2" else None
        if key == "/FontFile2" and data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf"):
            return "its FontFile2 stream is not a TrueType font"
        if isinstance(expected, int) and expected > 0 and len(data) != expected:
            return f"its FontFile2 stream holds {len(data)} bytes, not the {expected} it declares"
    return None


def _judge(font: Any) -> tuple[str, str, bool, bool, str | None]:
    """(name, subtype, embedded, subset, damaged) of a font dictionary."""
    subtype = str(font.get("/Subtype", "?")).lstrip("/")
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    if subtype == "Type3":
        return name if name != "?" else "Type3 font", subtype, True, True, None
    target = font
    if subtype == "Type0":
        kids = resolve(font.get("/DescendantFonts"))
        if kids:
            target = resolve(kids[0])
    descriptor = resolve(target.get("/FontDescriptor"))
    embedded = descriptor is not None and any(k in descriptor for k in FONT_FILES)
    base = str(target.get("/BaseFont", name)).lstrip("/")
    damaged = _program_problem(descriptor) if embedded else None
    return name, subtype, embedded, bool(SUBSET.match(base) or SUBSET.match(name)), damaged


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
    by_name: dict[tuple[str, str, bool, bool, str], list[int]] = {}
    for f in found.values():
        by_name.setdefault((f.name, f.kind, f.embedded, f.subset, f.damaged or ""), []).extend(f.pages)
    for (name, kind, embedded, subset, damaged), pages in sorted(by_name.items(),
                                                                 key=lambda kv: (min(kv[1]), kv[0][0])):
        where = f"page{'s' if len(set(pages)) > 1 else ''} {page_list(pages)}"
        if not embedded:
            yield CheckResult("font-embedded", ERROR,
                              f"font {name} ({kind}) is not embedded ({where}): printers and readers will "
                              "substitute another font; embed all fonts when exporting (briefpress embeds the "
                              "TrueType files named in the layout, so a font drawn outside them is the cause)",
                              min(pages))
        elif damaged:
            yield CheckResult("font-embedded", ERROR,
                              f"font {name} ({kind}) is embedded but cannot be read ({where}): {damaged}; "
                              "printers and readers will fail or substitute another font: export the PDF again",
                              min(pages))
        elif not subset:
            yield CheckResult("font-subset", WARNING,
                              f"font {name} ({kind}) is embedded whole, not as a subset ({where}): the file is "
                              "larger than needed and the whole font is redistributed; turn on font subsetting",
                              min(pages))
