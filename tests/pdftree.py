"""Read a tagged PDF's structure the way a screen reader's PDF library would, with pypdf alone.

Independent of briefpress's own check module on purpose: the tests judge the
PDF with this, and the check rules are tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

PAINT = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"Tj", b"TJ", b"'", b'"', b"Do", b"sh",
         b"INLINE IMAGE"}


@dataclass
class Elem:
    role: str
    obj: Any
    ref: Any
    depth: int
    kids: list[Elem] = field(default_factory=list)
    mcrs: list[tuple[int, int]] = field(default_factory=list)  # (page index, mcid)
    objrs: list[int] = field(default_factory=list)  # annotation object numbers
    parent: Elem | None = None

    def descendants(self) -> list[Elem]:
        out = [self]
        for k in self.kids:
            out += k.descendants()
        return out


def page_index(reader: PdfReader) -> dict[int, int]:
    return {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}


def structure(reader: PdfReader) -> Elem:
    """The tree under /StructTreeRoot (the root itself as role 'Root')."""
    pages = page_index(reader)
    root_obj = reader.trailer["/Root"]["/StructTreeRoot"]

    def build(ref: Any, obj: Any, depth: int, page: Any, parent: Elem | None) -> Elem:
        elem = Elem(str(obj.get("/S", "Root")), obj, ref, depth, parent=parent)
        page = obj.get("/Pg", page)
        k = obj.get("/K")
        k = k.get_object() if hasattr(k, "get_object") else k
        kids = list(k) if isinstance(k, list) else ([] if k is None else [k])
        for kid in kids:
            value = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(value, int):
                elem.mcrs.append((pages[page.idnum], value))
            elif value.get("/Type") == "/MCR":
                elem.mcrs.append((pages[value.get("/Pg", page).idnum], int(value["/MCID"])))
            elif value.get("/Type") == "/OBJR":
                elem.objrs.append(value.raw_get("/Obj").idnum)
            else:
                elem.kids.append(build(kid, value, depth + 1, page, elem))
        return elem

    return build(None, root_obj, 0, None, None)


def elements(reader: PdfReader) -> list[Elem]:
    return structure(reader).descendants()[1:]


@dataclass
class Marks:
    mcids: list[int] = field(default_factory=list)
    unmarked: list[bytes] = field(default_factory=list)  # painting operators outside any mark
    nested_wrong: int = 0  # an artifact inside tagged content or the reverse
    artifacts: list[str] = field(default_factory=list)  # the property lists of artifacts, as text


def marks(reader: PdfReader, index: int) -> Marks:
    """What page `index`'s content stream marks (our PDFs draw no marked content inside forms)."""
    page = reader.pages[index]
    out = Marks()
    stack: list[str] = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op in (b"BMC", b"BDC"):
            tag = str(operands[0])
            props = operands[1] if op == b"BDC" else {}
            kind = "artifact" if tag == "/Artifact" else "mcid" if "/MCID" in props else "other"
            if kind == "mcid":
                out.mcids.append(int(props["/MCID"]))
            if kind == "artifact":
                out.artifacts.append(" ".join(f"{k}={v}" for k, v in dict(props).items()))
            if {kind, *stack} >= {"mcid", "artifact"}:
                out.nested_wrong += 1
            stack.append(kind)
        elif op == b"EMC":
            stack.pop()
        elif op in PAINT and "mcid" not in stack and "artifact" not in stack:
            out.unmarked.append(op)
    assert not stack, "marked content left open at the page end"
    return out


def parent_tree(reader: PdfReader) -> dict[int, Any]:
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
