"""meta-title, meta-author, meta-lang: what a viewer, a search engine and a screen reader read first.

The title and author come from the document information dictionary, with
the XMP metadata (dc:title, dc:creator) as a second source; the language
is the catalog's /Lang and must look like a language tag (en-US).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .context import Document
from .records import resolve
from .report import ERROR, WARNING, CheckResult

LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _info(doc: Document, key: str) -> str:
    try:
        meta = doc.reader.metadata
        value = meta.get(key) if meta is not None else None
    except Exception:  # noqa: BLE001 - a damaged info dictionary reads as empty
        value = None
    return str(resolve(value) or "").strip()


def _xmp(doc: Document, attr: str) -> str:
    try:
        xmp = doc.reader.xmp_metadata
        value: Any = getattr(xmp, attr, None) if xmp is not None else None
    except Exception:  # noqa: BLE001
        return ""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value or "").strip()


def check_meta(doc: Document) -> Iterator[CheckResult]:
    if not (_info(doc, "/Title") or _xmp(doc, "dc_title")):
        yield CheckResult("meta-title", ERROR,
                          "the PDF has no title (document info /Title): viewers and search results show the "
                          "file name instead; set it (briefpress: title: in the brief's front matter)")
    if not (_info(doc, "/Author") or _xmp(doc, "dc_creator")):
        yield CheckResult("meta-author", WARNING,
                          "the PDF names no author (document info /Author); set it (briefpress: authors: or "
                          "publisher: in the front matter)")
    root = resolve(doc.reader.trailer.get("/Root"))
    lang = resolve(root.get("/Lang")) if root is not None else None
    lang = lang.decode("latin-1") if isinstance(lang, bytes) else str(lang or "").strip()
    if not lang:
        yield CheckResult("meta-lang", ERROR,
                          "the PDF does not name its language (catalog /Lang): screen readers may read it with "
                          "the wrong voice; set it (briefpress: lang: in the front matter, e.g. en-US)")
    elif not LANG.match(lang):
        yield CheckResult("meta-lang", ERROR,
                          f"the language '{lang}' (catalog /Lang) is not a language tag: write it like en-US")
