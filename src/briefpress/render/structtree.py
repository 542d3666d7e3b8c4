"""The structure tree of a tagged PDF, written into ReportLab's document before it is saved.

The tree is model.structure's, in its order — the model's reading order, not
the order things were drawn in — with what `tagging` recorded hung on it:
marked-content references (a bare MCID on the element's own page, an MCR
dictionary on another), inline elements where their first words stood, and
OBJRs for link annotations.  A node that got no content is left out.  The
ParentTree maps every page's MCIDs, and every annotation, back to exactly one
element.  Everything is emitted in a fixed order, so a build with
SOURCE_DATE_EPOCH stays byte-identical.

ReportLab has no tagging of its own but formats any dictionary we give it;
pages learn /StructParents and /Tabs through their list of optional keys.
"""

from __future__ import annotations

from typing import Any

from ..model.structure import StructNode
from .tagging import Marks, Tagger


def _page_ref(index: int) -> Any:
    from reportlab.pdfbase.pdfdoc import PDFObjectReference

    return PDFObjectReference(f"Page{index + 1}")  # ReportLab names page objects Page1, Page2, …


class _Writer:
    def __init__(self, doc: Any, tagger: Tagger) -> None:
        self.doc = doc
        self.tagger = tagger
        self.marks: Marks = tagger.marks
        self.count = 0
        self.refs: dict[str, Any] = {}  # node id -> its element's reference
        self.ids: list[tuple[str, Any]] = []  # Note /ID -> element, for the IDTree
        self.has_content: dict[str, bool] = {}

    def filled(self, node: StructNode) -> bool:
        known = self.has_content.get(node.id)
        if known is None:
            known = bool(self.marks.content.get(node.id)) | any([self.filled(k) for k in node.kids])
            self.has_content[node.id] = known
        return known

    def element(self, role: str, node: str, parent: Any, static: StructNode | None) -> Any:
        """Write one StructElem (and, depth first, its kids); return its reference."""
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

        self.count += 1
        name = f"SE{self.count}"
        ref = PDFObjectReference(name)
        self.refs[node] = ref
        elem = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(role), "P": parent})
        kids: list[Any] = []
        if static is not None:
            # a table row keeps every cell, empty ones too, so that its cells line up with the header
            kids += [self.element(k.role, k.id, ref, k) for k in static.kids
                     if self.filled(k) or (static.role == "TR" and self.filled(static))]
            if static.alt:
                elem["Alt"] = PDFString(static.alt)
            if static.scope:
                elem["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(static.scope)})
            if static.note_id:
                elem["ID"] = PDFString(static.note_id)
                self.ids.append((static.note_id, ref))
        content = self.marks.content.get(node, [])
        first_page = next((entry[1] for entry in content if entry[0] == "mcr"), None)
        if first_page is not None:
            elem["Pg"] = _page_ref(first_page)
        for entry in content:
            kids.append(self._kid(entry, ref, first_page))
        elem["K"] = PDFArray(kids) if len(kids) != 1 else kids[0]
        self.doc.Reference(elem, name)
        return ref

    def _kid(self, entry: tuple, parent: Any, first_page: int | None) -> Any:  # type: ignore[type-arg]
        from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

        kind = entry[0]
        if kind == "mcr":
            _, page, mcid = entry
            if page == first_page:
                return mcid
            return PDFDictionary({"Type": PDFName("MCR"), "Pg": _page_ref(page), "MCID": mcid})
        if kind == "kid":
            return self.element(self.tagger.role(entry[1]), entry[1], parent, None)
        page, annot, _node, _key = self.marks.annots[entry[1]]
        return PDFDictionary({"Type": PDFName("OBJR"), "Obj": annot, "Pg": _page_ref(page)})

    def parent_tree(self) -> Any:
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

        entries: list[tuple[int, Any]] = []
        for page, key in zip(self.marks.pages, self.marks.keys):
            entries.append((key, PDFArray([self.refs[node] for node in page])))
        for _page, _annot, node, key in self.marks.annots:
            entries.append((key, self.refs[node]))
        nums: list[Any] = []
        for key, value in sorted(entries, key=lambda e: e[0]):
            nums += [key, value]
        return PDFDictionary({"Nums": PDFArray(nums)})


def write_structure(canvas: Any, tree: StructNode, tagger: Tagger) -> None:
    """StructTreeRoot, ParentTree, IDTree and MarkInfo in the catalog of `canvas`'s document."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

    doc = canvas._doc
    writer = _Writer(doc, tagger)
    root = PDFObjectReference("StructTreeRoot")
    top = writer.element(tree.role, tree.id, root, tree)
    unplaced = [node for node in tagger.marks.content if node not in writer.refs]
    if unplaced:
        raise AssertionError(f"content for nodes outside the structure tree: {unplaced[:3]}")
    parent_tree = writer.parent_tree()
    doc.Reference(parent_tree, "ParentTree")
    root_dict = PDFDictionary({"Type": PDFName("StructTreeRoot"), "K": top,
                               "ParentTree": PDFObjectReference("ParentTree"),
                               "ParentTreeNextKey": tagger.marks.next_key})
    if writer.ids:
        names: list[Any] = []
        for ident, ref in sorted(writer.ids, key=lambda e: e[0].encode("utf-8")):
            names += [PDFString(ident), ref]
        root_dict["IDTree"] = PDFDictionary({"Names": PDFArray(names)})
    doc.Reference(root_dict, "StructTreeRoot")
    doc.Catalog.StructTreeRoot = root
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def tag_page(page: Any, key: int, has_annotations: bool) -> None:
    """/StructParents (and /Tabs /S where there are annotations) on a ReportLab page object."""
    from reportlab.pdfbase.pdfdoc import PDFName, PDFPage

    page.__NoDefault__ = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]
    page.StructParents = key
    page.Tabs = PDFName("S") if has_annotations else None
