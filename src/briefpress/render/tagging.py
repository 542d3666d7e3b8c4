"""Marked content while pages are drawn: every piece of content names its structure node.

The layout stamps each placed item with its model node; here each becomes a
marked-content sequence `/Role <</MCID n>> BDC … EMC` with a fresh MCID per
page, and furniture (tint boxes, rules, crop marks, folios) an artifact.  A
line's text is split where an inline element starts or ends — a link, a note
reference, a list or note label — so that the element owns exactly its words.
What was marked is recorded (page, MCID -> node; annotation -> Link element)
for `structtree`, which writes the tree from the model afterwards.

Inline elements are found from the runs themselves (a run's link or label
mark).  Their ids are made here in drawing order, which is reading order, so
a link that runs on from one line to the next stays one element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..layout.items import SOFT_HYPHEN
from ..layout.lines import Run
from ..model.structure import StructNode, inline_id, inline_role, label_id, parent_of
from .textout import actual_text

ARTIFACT = "/Artifact BMC"
EMC = "EMC"


@dataclass
class Marks:
    """What was marked, for the structure tree."""

    pages: list[list[str]] = field(default_factory=list)  # per page, MCID -> node id
    keys: list[int] = field(default_factory=list)  # per page, its key in the ParentTree
    # node id -> its content in reading order: ("mcr", page index, mcid) | ("kid", inline id) | ("obj", annot)
    content: dict[str, list[tuple]] = field(default_factory=dict)  # type: ignore[type-arg]
    annots: list[tuple[int, object, str, int]] = field(default_factory=list)  # (page, ref, Link id, key)
    next_key: int = 0


class Tagger:
    def __init__(self, tree: StructNode, links: bool, pagination_subtype: bool) -> None:
        self.roles: dict[str, str] = {}
        _collect(tree, self.roles)
        self.links = links
        self.marks = Marks()
        self._last: dict[str, tuple[tuple[str, ...] | None, str]] = {}  # paragraph -> (last key, its id)
        self._count: dict[str, int] = {}
        self.pagination = ("/Artifact <</Type /Pagination /Subtype /Footer>> BDC" if pagination_subtype
                           else "/Artifact <</Type /Pagination>> BDC")

    # -- pages and MCIDs -------------------------------------------------------
    def start_page(self) -> None:
        m = self.marks
        m.pages.append([])
        m.keys.append(m.next_key)
        m.next_key += 1

    def role(self, node: str) -> str:
        role = self.roles.get(node)
        if role is None:
            if parent_of(node) is None:
                raise AssertionError(f"layout placed content for node {node!r}, which the structure lacks")
            role = inline_role(node)
        return role

    def open(self, node: str, actual: str | None = None) -> str:
        """BDC for a new marked-content sequence of `node` on the current page (`actual`: its /ActualText)."""
        m = self.marks
        page = m.pages[-1]
        mcid = len(page)
        page.append(node)
        self._register(node)
        m.content.setdefault(node, []).append(("mcr", len(m.pages) - 1, mcid))
        if actual is not None:  # poppler reads /ActualText only on a Span; the element's role is in the tree
            return f"/Span <</MCID {mcid} /ActualText {actual_text(actual)}>> BDC"
        return f"/{self.role(node)} <</MCID {mcid}>> BDC"

    def _register(self, node: str) -> None:
        """An inline element joins its parent's content where its first words are."""
        parent = parent_of(node)
        if parent is None or node in self.marks.content:
            return
        self._register(parent)
        self.marks.content.setdefault(parent, []).append(("kid", node))
        self.marks.content[node] = []

    def annotation(self, ref: object, node: str) -> int:
        """Record a link annotation owned by the Link element `node`; returns its /StructParent key."""
        m = self.marks
        key = m.next_key
        m.next_key += 1
        m.annots.append((len(m.pages) - 1, ref, node, key))
        self._register(node)
        m.content.setdefault(node, []).append(("obj", len(m.annots) - 1))
        return key

    # -- inline elements of a line ---------------------------------------------
    def run_nodes(self, node: str, runs: Sequence[Run]) -> list[str]:
        """The node each run of a line of `node` belongs to: the paragraph, or one of its inline elements."""
        last_key, last_id = self._last.get(node, (None, node))
        out: list[str] = []
        for run in runs:
            key = self._key(run)
            if run.frag.text == SOFT_HYPHEN and not run.link:
                key = last_key  # a line-end hyphen belongs to the word it splits
            if key is None:
                ident = node
            elif key == last_key:
                ident = last_id
            else:
                ident = self._new_inline(node, key)
            out.append(ident)
            last_key, last_id = key, ident
        self._last[node] = (last_key, last_id)
        return out

    def _key(self, run: Run) -> tuple[str, ...] | None:
        link = run.link or ""
        if run.mark == "Lbl":
            return ("lbl", link)
        if link.startswith("#note-"):
            return ("ref", link)
        if link and self.links:
            return ("link", link)
        return None

    def _new_inline(self, node: str, key: tuple[str, ...]) -> str:
        kind, link = key
        if kind == "lbl":
            ident = label_id(node)
            return f"{ident}/link" if (link and self.links) else ident
        k = self._count.get(node, 0)
        self._count[node] = k + 1
        ident = inline_id(node, kind, k)
        return f"{ident}/link" if (kind == "ref" and self.links) else ident

    def cap_marks(self, ids: Sequence[str], cap: tuple[int, str]) -> list[str | None]:
        """A drop-cap line: the cap, then the rest of its word with the whole word as /ActualText (see
        textout.drop_cap_word), each its own sequence — not nested in the paragraph's, which readers of
        the structure (poppler's) would stop at — then the rest of the line."""
        end, word = cap
        if any(i != ids[0] for i in ids[:end]):
            return self.line_marks(ids)
        return [self.open(ids[0], " "), self.open(ids[0], word)] + [None] * (end - 2) + self.line_marks(ids[end:])

    def line_marks(self, ids: Sequence[str]) -> list[str | None]:
        """For each run, the BDC that opens its sequence, or None where the run continues the last one."""
        out: list[str | None] = []
        previous = None
        for ident in ids:
            out.append(self.open(ident) if ident != previous else None)
            previous = ident
        return out


def _collect(node: StructNode, roles: dict[str, str]) -> None:
    roles[node.id] = node.role
    for kid in node.kids:
        _collect(kid, roles)
