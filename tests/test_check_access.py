"""The accessibility rules of `briefpress check` (profile ua): each fires on a seeded fault.

Every fault is made in a copy of the good tagged web PDF with pypdf, so the test shows that the
rule sees exactly that fault; the unchanged PDF passes them all.  A PDF from another tool (Typst)
and an untagged one give their real findings, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from briefpress.check import preflight

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "other-tools"


def ua_ids(pdf: Path, **kw: object) -> set[str]:
    report = preflight(pdf, "ua", **kw)  # type: ignore[arg-type]
    assert not any("could not be checked" in r.message for r in report.results), report.results
    return {r.id for r in report.results if r.severity == "error"}


def _elements(writer: PdfWriter, role: str) -> list[DictionaryObject]:
    out: list[DictionaryObject] = []
    stack = [writer._root_object["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if node.get("/S") == role:
            out.append(node)
        kids = node.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            value = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(value, DictionaryObject) and value.get("/Type") not in ("/MCR", "/OBJR"):
                stack.append(value)
    return out


def _content(writer: PdfWriter, index: int, change: Callable[[bytes], bytes]) -> None:
    page = writer.pages[index]
    data = page.get_contents().get_data()
    stream = DecodedStreamObject()
    stream.set_data(change(data))
    page[NameObject("/Contents")] = writer._add_object(stream)


def _first_annotation(writer: PdfWriter) -> DictionaryObject:
    return next(a.get_object() for p in writer.pages for a in (p.get("/Annots") or []))


FAULTS: dict[str, tuple[str, Callable[[PdfWriter], None]]] = {
    "no MarkInfo": ("ua-tagged", lambda w: w._root_object.pop("/MarkInfo")),
    "an untagged folio": ("ua-untagged-content", lambda w: _content(
        w, 1, lambda d: d.replace(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC", b"/Span BMC"))),
    "an artifact inside a paragraph": ("ua-untagged-content", lambda w: _content(
        w, 1, lambda d: d.replace(b"<</MCID 1>> BDC", b"<</MCID 1>> BDC /Artifact BMC 0 0 1 1 re f EMC", 1))),
    "an MCID used twice": ("ua-struct-parents", lambda w: _content(
        w, 1, lambda d: d.replace(b"<</MCID 1>>", b"<</MCID 0>>", 1))),
    "a page without StructParents": ("ua-struct-parents", lambda w: w.pages[1].pop("/StructParents")),
    "an H2 first": ("ua-heading-order", lambda w: _elements(w, "/H1")[0].__setitem__(
        NameObject("/S"), NameObject("/H2"))),
    "a skipped level": ("ua-heading-order", lambda w: _elements(w, "/H2")[0].__setitem__(
        NameObject("/S"), NameObject("/H4"))),
    "a figure without alt": ("ua-figure-alt", lambda w: _elements(w, "/Figure")[0].pop("/Alt")),
    "a note without ID": ("ua-note-id", lambda w: _elements(w, "/Note")[2].pop("/ID")),
    "two notes with one ID": ("ua-note-id", lambda w: _elements(w, "/Note")[1].__setitem__(
        NameObject("/ID"), TextStringObject("note-1"))),
    "a link no element owns": ("ua-link-tagged", lambda w: _first_annotation(w).pop("/StructParent")),
    "a link without Contents": ("ua-link-tagged", lambda w: _first_annotation(w).pop("/Contents")),
    "no tab order": ("ua-tabs", lambda w: w.pages[0].pop("/Tabs")),
    "no language": ("ua-lang", lambda w: w._root_object.pop("/Lang")),
    "the file name as window title": ("ua-display-title", lambda w: w._root_object["/ViewerPreferences"]
                                      .__setitem__(NameObject("/DisplayDocTitle"), BooleanObject(False))),
    "no PDF/UA claim": ("ua-xmp-pdfuaid", lambda w: w._root_object.pop("/Metadata")),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_rule_fires_on_its_fault(fault: str, web_pdf: Path, tmp_path: Path) -> None:
    rule, damage = FAULTS[fault]
    writer = PdfWriter(clone_from=PdfReader(web_pdf))
    damage(writer)
    broken = tmp_path / "broken.pdf"
    with open(broken, "wb") as fh:
        writer.write(fh)
    assert rule in ua_ids(broken), f"{rule} missed {fault}"


def test_the_good_pdfs_pass_every_rule(web_pdf: Path, sample_pdf: Path) -> None:
    assert ua_ids(web_pdf) == set()
    assert ua_ids(sample_pdf) == set()
    assert "ua-tagged" in preflight(web_pdf).rules  # a tagged file gets the ua rules without asking


def test_a_typst_pdf_gets_its_real_findings() -> None:
    found = ua_ids(FIXTURES / "typst-tagged.pdf")
    assert found == {"ua-figure-alt", "ua-display-title", "ua-xmp-pdfuaid"}


def test_an_untagged_pdf_is_told_so_once(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    canvas = Canvas(str(plain))
    canvas.drawString(72, 720, "Hello")
    canvas.linkURL("https://example.org", (72, 700, 200, 730))
    canvas.save()
    report = preflight(plain, "ua")
    ids = [r.id for r in report.results]
    assert ids.count("ua-tagged") == 1 and "ua-untagged-content" not in ids
    assert {"ua-lang", "ua-display-title", "ua-xmp-pdfuaid", "ua-link-tagged"} <= set(ids)
    assert "ua-tagged" not in preflight(plain).rules  # an untagged file is not judged on tagging unasked


def test_a_structure_tree_that_loops_is_reported(web_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(web_pdf))
    document = _elements(writer, "/Document")[0]
    kids = document["/K"]
    kids.append(kids[0])  # the masthead twice: a shared kid
    broken = tmp_path / "loop.pdf"
    with open(broken, "wb") as fh:
        writer.write(fh)
    assert "ua-tagged" in ua_ids(broken)


def test_cli_profile_ua(tmp_path: Path, web_pdf: Path) -> None:
    from click.testing import CliRunner

    from briefpress.cli import main

    result = CliRunner().invoke(main, ["check", str(FIXTURES / "typst-tagged.pdf"), "--profile", "ua"])
    assert result.exit_code == 1 and "[ua-figure-alt]" in result.output
    result = CliRunner().invoke(main, ["check", str(web_pdf), "--no-ua"])
    assert result.exit_code == 0 and "ua-tagged" not in result.output


