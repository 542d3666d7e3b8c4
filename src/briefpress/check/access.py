"""Accessibility (profile ua): the machine-checkable core of PDF/UA-1, read with pypdf only.

What a screen reader depends on, checked on any PDF, ours or another tool's:
- ua-tagged: the catalog says the file is tagged (/MarkInfo /Marked true) and has a structure tree;
- ua-untagged-content: every painted thing is tagged content or an artifact, and the two never nest;
- ua-struct-parents: every MCID on a page has exactly one parent element through /StructParents and
  the ParentTree, and that element points back at it;
- ua-heading-order: the first heading is H1 and no level is skipped;
- ua-figure-alt: every Figure has /Alt (or /ActualText);
- ua-note-id: every Note has an /ID, and no two share one;
- ua-link-tagged: every link annotation belongs to a Link element (an OBJR, /StructParent) and has
  /Contents; ua-tabs: a page with annotations orders them by structure (/Tabs /S);
- ua-lang, ua-display-title, ua-xmp-pdfuaid: /Lang, DisplayDocTitle, and XMP with dc:title and
  pdfuaid:part.
The structure tree is walked iteratively with a visited set and a size limit, so a damaged or
cyclic tree gives findings, never a hang.  Passing these rules is necessary, not sufficient: a
human still judges alt texts and reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .context import Document
from .records import resolve
from .report import ERROR, CheckResult, grouped

MAX_ELEMENTS = 500_000  # a structure tree larger than this is not walked further
HEADING_RE = re.compile(r"^/H([1-6])$")


@dataclass
class Tree:
    """The structure tree in document order, with what the rules need from it."""

    elements: list[tuple[str, Any]] = field(default_factory=list)  # (role, element dict) in order
    mcrs: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (page obj id, mcid) -> element ids
    objrs: dict[int, list[int]] = field(default_factory=dict)  # annotation obj id -> element ids
    problems: list[str] = field(default_factory=list)


def _idnum(obj: Any) -> int:
    """An object's number in the file, whether given as a reference or as the object read through one."""
    number = getattr(obj, "idnum", None) or getattr(getattr(obj, "indirect_reference", None), "idnum", None)
    return int(number) if number else id(resolve(obj))


def is_true(value: Any) -> bool:
    """A PDF boolean (pypdf's BooleanObject, or a plain bool) that is true."""
    value = resolve(value)
    return value is True or getattr(value, "value", None) is True


def _role(elem: Any, role_map: Any) -> str:
    role = str(elem.get("/S", ""))
    mapped = role_map.get(role) if role_map is not None else None
    return str(mapped) if mapped is not None else role


def read_tree(doc: Document) -> Tree | None:
    """Walk /StructTreeRoot depth first (document order); None when the file has none."""
    root = resolve(doc.reader.trailer["/Root"]).get("/StructTreeRoot")
    root = resolve(root)
    if root is None:
        return None
    tree = Tree()
    role_map = resolve(root.get("/RoleMap"))
    stack: list[tuple[Any, Any]] = [(k, None) for k in reversed(_kids(root.get("/K")))]
    seen: set[int] = set()
    while stack:
        ref, page = stack.pop()
        obj = resolve(ref)
        if not hasattr(obj, "get"):
            continue
        key = _idnum(ref)
        if key in seen:
            tree.problems.append("the structure tree reaches one element twice (a loop or a shared kid)")
            continue
        seen.add(key)
        if len(seen) > MAX_ELEMENTS:
            tree.problems.append(f"the structure tree has over {MAX_ELEMENTS} elements; the rest was not read")
            break
        page = obj.get("/Pg", page)
        tree.elements.append((_role(obj, role_map), obj))
        for kid in reversed(_kids(obj.get("/K"))):
            _kid(tree, stack, kid, page, key)
    return tree


def _kids(k: Any) -> list[Any]:
    k = resolve(k)
    if k is None:
        return []
    return list(k) if isinstance(k, list) else [k]


def _kid(tree: Tree, stack: list[tuple[Any, Any]], kid: Any, page: Any, owner: int) -> None:
    value = resolve(kid)
    if isinstance(value, int) and not isinstance(value, bool):
        if page is None:
            tree.problems.append("an element marks content (an MCID) but names no page (/Pg)")
            return
        tree.mcrs.setdefault((_idnum(page), value), []).append(owner)
    elif hasattr(value, "get") and value.get("/Type") == "/MCR":
        pg = value.get("/Pg", page)
        if pg is None or value.get("/MCID") is None:
            tree.problems.append("a marked-content reference lacks its page or MCID")
            return
        tree.mcrs.setdefault((_idnum(pg), int(resolve(value.get("/MCID")))), []).append(owner)
    elif hasattr(value, "get") and value.get("/Type") == "/OBJR":
        target = value.get("/Obj")
        if target is not None:
            tree.objrs.setdefault(_idnum(target), []).append(owner)
    elif hasattr(value, "get"):
        stack.append((kid, page))


class Access:
    """Reads what every ua rule needs once, lazily, from one Document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.catalog = resolve(doc.reader.trailer["/Root"])
        self.tree = read_tree(doc)
        self.parent_tree = self._parent_tree()

    def _parent_tree(self) -> dict[int, Any]:
        """ParentTree number tree -> {key: value}, read iteratively."""
        out: dict[int, Any] = {}
        root = resolve(self.catalog.get("/StructTreeRoot"))
        node = resolve(root.get("/ParentTree")) if root is not None else None
        stack, seen = ([node] if node is not None else []), set()
        while stack and len(seen) < MAX_ELEMENTS:
            node = resolve(stack.pop())
            if not hasattr(node, "get") or id(node) in seen:
                continue
            seen.add(id(node))
            nums = resolve(node.get("/Nums")) or []
            for i in range(0, len(nums) - 1, 2):
                try:
                    out[int(resolve(nums[i]))] = nums[i + 1]
                except (TypeError, ValueError):
                    continue
            stack.extend(_kids(node.get("/Kids")))
        return out


def check_tagged(doc: Document) -> Iterator[CheckResult]:
    access = Access(doc)
    mark = resolve(access.catalog.get("/MarkInfo"))
    marked = mark is not None and is_true(mark.get("/Marked"))
    if access.tree is None or not marked:
        missing = " and ".join(w for w, bad in (("no structure tree (/StructTreeRoot)", access.tree is None),
                                                ("no /MarkInfo /Marked true", not marked)) if bad)
        yield CheckResult("ua-tagged", ERROR, f"the PDF is not tagged: {missing}; a screen reader gets no "
                                              "headings, notes or figure descriptions; export it as a tagged PDF")
        return
    for problem in sorted(set(access.tree.problems)):
        yield CheckResult("ua-tagged", ERROR, f"the structure tree is damaged: {problem}")
    doc.access = access  # type: ignore[attr-defined]  # the other ua rules reuse what was read


def _access(doc: Document) -> Access | None:
    access = getattr(doc, "access", None)
    if access is None:
        access = Access(doc)
        doc.access = access  # type: ignore[attr-defined]
    return access if access.tree is not None else None


def check_untagged(doc: Document) -> Iterator[CheckResult]:
    """Content outside marks, on every page that has some; nothing when the file is not tagged at all
    (ua-tagged says so once)."""
    if _access(doc) is None:
        return
    unmarked: list[int] = []
    sample = ""
    nesting: dict[str, list[int]] = {}
    for number, _page in doc.numbered():
        content = doc.content(number)
        if content is None:
            continue
        if content.unmarked_count:
            unmarked.append(number)
            sample = sample or f"{', '.join(content.unmarked[:2])} on page {number}"
        for problem in content.mark_problems:
            nesting.setdefault(f"marked content nests wrongly: {problem}", []).append(number)
    if unmarked:
        yield from grouped("ua-untagged-content", ERROR, {
            f"content outside tagged content and artifacts (first: {sample}): tag it, or mark page "
            "furniture as an artifact": unmarked})
    yield from grouped("ua-untagged-content", ERROR, nesting)


def check_struct_parents(doc: Document) -> Iterator[CheckResult]:
    access = _access(doc)
    if access is None:
        return
    tree = access.tree
    assert tree is not None
    problems: dict[str, list[int]] = {}
    for number, page in doc.numbered():
        content = doc.content(number)
        mcids = content.mcids if content is not None else []
        if not mcids:
            continue
        for problem in _page_parents(access, page, mcids):
            problems.setdefault(problem, []).append(number)
    yield from grouped("ua-struct-parents", ERROR, problems)


def _page_parents(access: Access, page: Any, mcids: list[int]) -> Iterator[str]:
    tree = access.tree
    assert tree is not None
    twice = sorted({m for m in mcids if mcids.count(m) > 1}) if len(mcids) != len(set(mcids)) else []
    if twice:
        yield f"MCID {twice[0]} marks two sequences: each needs its own MCID"
    key = page.get("/StructParents")
    entry = resolve(access.parent_tree.get(int(resolve(key)))) if key is not None else None
    if key is None or not isinstance(entry, list):
        yield "the page has marked content but no /StructParents entry in the ParentTree"
        return
    page_key = _idnum(page)
    for mcid in sorted(set(mcids)):
        owners = tree.mcrs.get((page_key, mcid), [])
        parent = entry[mcid] if 0 <= mcid < len(entry) else None
        if len(owners) != 1:
            yield (f"MCID {mcid} has {len(owners)} parent elements in the structure tree; it needs exactly one"
                   if owners else f"MCID {mcid} belongs to no structure element: its content is lost to readers")
            return
        if parent is None or _idnum(parent) != owners[0]:
            yield f"the ParentTree does not lead MCID {mcid} back to the element that holds it"
            return


def check_heading_order(doc: Document) -> Iterator[CheckResult]:
    access = _access(doc)
    if access is None:
        return
    assert access.tree is not None
    levels = [int(m.group(1)) for role, _e in access.tree.elements if (m := HEADING_RE.match(role))]
    if not levels:
        return
    if levels[0] != 1:
        yield CheckResult("ua-heading-order", ERROR, f"the first heading is H{levels[0]}, not H1: tag the "
                                                     "document title as H1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            yield CheckResult("ua-heading-order", ERROR, f"an H{after} follows an H{before}: heading levels "
                                                         f"skip H{before + 1}; a screen reader's outline breaks")
            break


def check_figures_and_notes(doc: Document) -> Iterator[CheckResult]:
    access = _access(doc)
    if access is None:
        return
    assert access.tree is not None
    no_alt = 0
    ids: dict[str, int] = {}
    no_id = 0
    for role, elem in access.tree.elements:
        if role == "/Figure":
            alt = str(resolve(elem.get("/Alt", "")) or resolve(elem.get("/ActualText", "")) or "")
            no_alt += not alt.strip()
        elif role == "/Note":
            ident = elem.get("/ID")
            if ident is None:
                no_id += 1
            else:
                ids[str(resolve(ident))] = ids.get(str(resolve(ident)), 0) + 1
    if no_alt:
        yield CheckResult("ua-figure-alt", ERROR, f"{no_alt} figure(s) without /Alt text: a screen reader "
                                                  "cannot describe them; give each figure a description")
    if no_id:
        yield CheckResult("ua-note-id", ERROR, f"{no_id} note(s) without an /ID: PDF/UA-1 asks each Note "
                                               "element for a unique ID")
    shared = sorted(i for i, n in ids.items() if n > 1)
    if shared:
        yield CheckResult("ua-note-id", ERROR, f"notes share the /ID {shared[0]!r}: each needs its own")


def check_links(doc: Document) -> Iterator[CheckResult]:
    access = _access(doc)
    tree = access.tree if access is not None else None
    untagged: list[int] = []
    silent: list[int] = []
    tabs: list[int] = []
    link_elems = {_idnum(e) for role, e in (tree.elements if tree else []) if role == "/Link"}
    for number, page in doc.numbered():
        annots = [a for a in (resolve(page.get("/Annots")) or []) if hasattr(resolve(a), "get")]
        if annots and page.get("/Tabs") != "/S":
            tabs.append(number)
        for ref in annots:
            annot = resolve(ref)
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(resolve(annot.get("/Contents", "")) or "").strip():
                silent.append(number)
            owners = tree.objrs.get(_idnum(ref), []) if tree is not None else []
            if annot.get("/StructParent") is None or not owners or not set(owners) & link_elems:
                untagged.append(number)
    if untagged:
        yield from grouped("ua-link-tagged", ERROR, {"link annotations that no Link element owns (an OBJR "
                                                     "and /StructParent): tag each link": untagged})
    if silent:
        yield from grouped("ua-link-tagged", ERROR, {"link annotations without /Contents: a screen reader "
                                                     "cannot say where they lead": silent})
    if tabs:
        yield from grouped("ua-tabs", ERROR, {"annotations without /Tabs /S on the page: the tab order "
                                              "must follow the structure": tabs})


def check_catalog(doc: Document) -> Iterator[CheckResult]:
    catalog = resolve(doc.reader.trailer["/Root"])
    if not str(resolve(catalog.get("/Lang", "")) or "").strip():
        yield CheckResult("ua-lang", ERROR, "the catalog names no language (/Lang): a screen reader cannot "
                                            "choose its voice; set the document language")
    prefs = resolve(catalog.get("/ViewerPreferences"))
    if prefs is None or not is_true(prefs.get("/DisplayDocTitle")):
        yield CheckResult("ua-display-title", ERROR, "the window shows the file name, not the title: set "
                                                     "/ViewerPreferences /DisplayDocTitle true")
    yield from _xmp(catalog)


def _xmp(catalog: Any) -> Iterator[CheckResult]:
    stream = resolve(catalog.get("/Metadata"))
    data = b""
    if stream is not None:
        try:
            data = stream.get_data()
        except Exception:  # noqa: BLE001 - a damaged stream is a missing one
            data = b""
    text = data.decode("utf-8", "replace")
    missing = [what for what, pattern in (("pdfuaid:part", r"pdfuaid:part\W+1\b|pdfuaid:part=.1"),
                                          ("dc:title", r"<dc:title\b")) if not re.search(pattern, text)]
    if missing:
        yield CheckResult("ua-xmp-pdfuaid", ERROR, f"the XMP metadata lacks {' and '.join(missing)}: a PDF/UA "
                                                   "file says so in its metadata, with its title")
