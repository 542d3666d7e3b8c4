"""web-outline and web-links: bookmarks and links lead somewhere.

Internal targets (explicit destinations, named destinations from the
catalog's /Dests or the /Names tree, in /Dest or a GoTo action) must
resolve to a page of this file.  URI links must have a scheme
(https:, mailto:, …); http(s) links also need a host.  Links to other files
(GoToR, Launch) and JavaScript cannot be checked and are warnings.  A web PDF
without any link at all is a warning: a brief without URLs or notes may
legitimately have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .context import Document, clip
from .records import resolve
from .report import ERROR, WARNING, CheckResult

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def _named_destinations(doc: Document) -> dict[str, Any]:
    root = resolve(doc.reader.trailer.get("/Root"))
    out: dict[str, Any] = {}
    old = resolve(root.get("/Dests")) if root is not None else None
    if old is not None:
        for key, value in old.items():
            out[str(key).lstrip("/")] = value
    names = resolve(root.get("/Names")) if root is not None else None
    tree = resolve(names.get("/Dests")) if names is not None else None
    stack: list[Any] = [tree]
    seen: set[int] = set()
    while stack:
        node = resolve(stack.pop())
        if node is None or id(node) in seen or len(seen) > 100000:
            continue
        seen.add(id(node))
        pairs = resolve(node.get("/Names")) or []
        for i in range(0, len(pairs) - 1, 2):
            out[str(resolve(pairs[i]))] = pairs[i + 1]
        stack.extend(resolve(node.get("/Kids")) or [])
    return out


class _Targets:
    def __init__(self, doc: Document) -> None:
        self.pages = {getattr(p.indirect_reference, "idnum", None) for _n, p in doc.numbered()}
        self.count = len(doc.pages)
        self.names = _named_destinations(doc)

    def problem(self, dest: Any) -> str | None:
        """Why an internal destination leads nowhere, or None when it resolves to a page."""
        target = resolve(dest)
        if isinstance(target, (str, bytes)):
            name = target.decode("latin-1") if isinstance(target, bytes) else str(target)
            name = name.lstrip("/") if isinstance(dest, str) and str(dest).startswith("/") else name
            if name not in self.names and f"/{name}" not in self.names:
                return f"destination '{name}' does not exist"
            target = resolve(self.names.get(name, self.names.get(f"/{name}")))
            if hasattr(target, "get") and "/D" in target:
                target = resolve(target["/D"])
        if not isinstance(target, list) or not target:
            return "its destination is not a page location"
        page = target[0]
        if isinstance(resolve(page), int) and not hasattr(page, "idnum"):
            return None if 0 <= int(resolve(page)) < self.count else f"page index {page} is outside the document"
        if getattr(page, "idnum", None) in self.pages:
            return None
        return "its destination page is not a page of this document"


def _outline_items(items: Any, depth: int = 0) -> Iterator[Any]:
    for item in items or []:
        if isinstance(item, list):
            if depth < 50:
                yield from _outline_items(item, depth + 1)
        else:
            yield item


def check_outline(doc: Document) -> Iterator[CheckResult]:
    try:
        items = list(_outline_items(doc.reader.outline))
    except Exception as exc:  # noqa: BLE001 - a broken outline tree is a finding, not a crash
        yield CheckResult("web-outline", ERROR, f"the bookmarks (outline) cannot be read ({type(exc).__name__}); "
                                                "export the PDF again")
        return
    if not items:
        yield CheckResult("web-outline", ERROR,
                          "no bookmarks (outline): readers cannot navigate the sections; turn them on "
                          "(briefpress: layout output.outline: true)")
        return
    for item in items:
        title = clip(str(item.get("/Title", "?")))
        try:
            number = doc.reader.get_destination_page_number(item)
        except Exception:  # noqa: BLE001
            number = None
        if number is None or number < 0:
            yield CheckResult("web-outline", ERROR,
                              f"bookmark '{title}' leads to no page of this document: point it at a page")


def _text_under(doc: Document, number: int, rect: Any) -> str:
    try:
        (x0, x1), (y0, y1) = sorted(float(v) for v in rect[0::2]), sorted(float(v) for v in rect[1::2])
    except Exception:  # noqa: BLE001 - no usable /Rect: the message names the page only
        return ""
    content = doc.content(number)
    if content is None:
        return ""
    words = [r.text for r in content.runs
             if r.box[0] < x1 and r.box[2] > x0 and r.box[1] < y1 and r.box[3] > y0]
    return clip(" ".join(words), 30)


def _link_problem(annot: Any, targets: _Targets) -> tuple[str, str] | None:
    """(severity, reason) for a link that is wrong or cannot be checked, else None."""
    if "/Dest" in annot:
        reason = targets.problem(annot["/Dest"])
        return (ERROR, reason) if reason else None
    action = resolve(annot.get("/A"))
    if action is None:
        return ERROR, "it has no target (neither /Dest nor an action)"
    kind = str(action.get("/S", ""))
    if kind == "/GoTo":
        reason = targets.problem(action.get("/D"))
        return (ERROR, reason) if reason else None
    if kind == "/URI":
        uri = resolve(action.get("/URI"))
        uri = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri or "")
        m = SCHEME.match(uri)
        if not uri.strip():
            return ERROR, "its URI is empty"
        if not m:
            return ERROR, f"the URI '{clip(uri)}' has no scheme: write 'https://{clip(uri.lstrip('/'))}' (or mailto:)"
        if m.group(1).lower() in ("http", "https") and not re.match(r"^[A-Za-z][\w+.\-]*://[^/\s]+", uri):
            return ERROR, f"the URI '{clip(uri)}' has no host name"
        return None
    if kind in ("/GoToR", "/Launch", "/GoToE"):
        return WARNING, "it opens another file, which cannot be checked and breaks when the PDF is moved"
    if kind == "/JavaScript":
        return WARNING, "it runs JavaScript, which many readers block"
    if kind == "/Named":
        return None
    return WARNING, f"its action {kind or '(none)'} cannot be checked"


def check_links(doc: Document) -> Iterator[CheckResult]:
    targets = _Targets(doc)
    links = 0
    for number, page in doc.numbered():
        for annot in resolve(page.get("/Annots")) or []:
            annot = resolve(annot)
            if not hasattr(annot, "get") or annot.get("/Subtype") != "/Link":
                continue
            links += 1
            found = _link_problem(annot, targets)
            if found is None:
                continue
            severity, reason = found
            label = _text_under(doc, number, annot.get("/Rect") or [])
            on = f" on '{label}'" if label else ""
            yield CheckResult("web-links", severity, f"the link{on} is broken: {reason}"
                              if severity == ERROR else f"the link{on} cannot be checked: {reason}", number)
    if links == 0:
        yield CheckResult("web-links", WARNING,
                          "the PDF has no links: note references, URLs and e-mail addresses should be clickable "
                          "on screen (briefpress: layout output.links: true)")
