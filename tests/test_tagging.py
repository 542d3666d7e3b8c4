"""Tagged PDF, judged on the PDF: the structure tree, marked content, reading order, what a screen reader gets.

Built on the sample (print and web) and on a generated long brief with lists, quotes, many notes and
figures; read with pypdf through tests/pdftree.py, which shares no code with briefpress.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdftree import elements, marks, parent_tree, structure

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "content" / "in-focus-2006-02" / "brief.md"
sys.path.insert(0, str(ROOT / "bench"))
from longbrief import write_long_brief  # noqa: E402


@pytest.fixture(scope="module")
def long_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from briefpress.pipeline import build

    folder = write_long_brief(tmp_path_factory.mktemp("tagged-long") / "long", pages=12, seed=5)
    return {name: build(folder, layout=name, output=folder.parent / f"{name}.pdf").pdf for name in ("print", "web")}


@pytest.fixture(params=["print", "web", "long-print", "long-web"])
def any_pdf(request: pytest.FixtureRequest, sample_pdf: Path, web_pdf: Path,
            long_pdfs: dict[str, Path]) -> PdfReader:
    path = {"print": sample_pdf, "web": web_pdf, "long-print": long_pdfs["print"],
            "long-web": long_pdfs["web"]}[request.param]
    return PdfReader(path)


def _resolved(obj):  # type: ignore[no-untyped-def]
    return obj.get_object() if hasattr(obj, "get_object") else obj


# -- structure and marked content --------------------------------------------------------------------

def test_every_mcid_has_exactly_one_parent(any_pdf: PdfReader) -> None:
    tree = elements(any_pdf)
    owners: dict[tuple[int, int], list] = {}
    for elem in tree:
        for mcr in elem.mcrs:
            owners.setdefault(mcr, []).append(elem)
    parents = parent_tree(any_pdf)
    seen = 0
    for index, page in enumerate(any_pdf.pages):
        drawn = marks(any_pdf, index).mcids
        assert len(drawn) == len(set(drawn)), f"page {index + 1}: an MCID used twice"
        if not drawn:
            continue
        assert drawn == list(range(len(drawn))), f"page {index + 1}: MCIDs not dense from 0"
        entry = parents[int(page["/StructParents"])]
        for mcid in drawn:
            found = owners.get((index, mcid), [])
            assert len(found) == 1, f"page {index + 1} MCID {mcid} has {len(found)} parents"
            assert _resolved(_resolved(entry)[mcid]) is found[0].obj, "ParentTree leads elsewhere"
            seen += 1
    assert seen == len(owners), "the tree references MCIDs no page draws"


def test_nothing_is_painted_outside_tagged_content_or_artifacts(any_pdf: PdfReader) -> None:
    for index in range(len(any_pdf.pages)):
        page_marks = marks(any_pdf, index)
        assert not page_marks.unmarked, f"page {index + 1}: {page_marks.unmarked[:5]} outside marked content"
        assert page_marks.nested_wrong == 0


def test_folios_and_footer_are_pagination_artifacts(sample_pdf: Path, web_pdf: Path) -> None:
    web, press = PdfReader(web_pdf), PdfReader(sample_pdf)
    assert "/Type=/Pagination /Subtype=/Footer" in marks(web, 1).artifacts
    assert "/Type=/Pagination" in marks(press, 1).artifacts  # PDF 1.6 (PDF/X-4) has no pagination subtypes
    assert not any("Subtype" in a for i in range(len(press.pages)) for a in marks(press, i).artifacts)
    assert web.pdf_header == "%PDF-1.7" and press.pdf_header == "%PDF-1.6"


def test_headings_follow_the_manuscript_with_no_skipped_level(any_pdf: PdfReader) -> None:
    headings = [e.role for e in elements(any_pdf) if re.fullmatch(r"/H\d", e.role)]
    assert headings[0] == "/H1"
    levels = [int(h[2]) for h in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_sample_headings_are_the_sections(web_pdf: Path) -> None:
    sections = [ln[3:].strip() for ln in MANUSCRIPT.read_text(encoding="utf-8").splitlines() if ln.startswith("## ")]
    tree = elements(PdfReader(web_pdf))
    # the title, the sections, and the back cover's "About" heading
    assert [e.role for e in tree if e.role.startswith("/H")] == ["/H1"] + ["/H2"] * (len(sections) + 1)
    assert [e.role for e in tree[:2]] == ["/Document", "/Sect"]  # Document > the masthead, then the title
    assert structure(PdfReader(web_pdf)).kids[0].role == "/Document"


def test_each_note_has_its_id_and_label_and_follows_its_citing_paragraph(any_pdf: PdfReader) -> None:
    tree = elements(any_pdf)
    notes = [e for e in tree if e.role == "/Note"]
    assert notes
    ids = [str(n.obj["/ID"]) for n in notes]
    assert len(set(ids)) == len(ids)
    assert ids == [f"note-{k}" for k in range(1, len(ids) + 1)], "notes out of order in the tree"
    for note in notes:
        assert [k.role for k in note.kids][:2] == ["/Lbl", "/P"]
        siblings = note.parent.kids
        before = siblings[: siblings.index(note)]
        citing = next(e for e in reversed(before) if e.role != "/Note")
        refs = [d for d in citing.descendants() if d.role == "/Reference"]
        assert refs, f"{note.obj['/ID']} does not follow a paragraph that cites it"


def test_figures_have_alt_text_and_captions(long_pdfs: dict[str, Path]) -> None:
    tree = elements(PdfReader(long_pdfs["web"]))
    figures = [e for e in tree if e.role == "/Figure"]
    assert figures
    for fig in figures:
        alt = str(fig.obj["/Alt"])
        assert len(alt) > 20
        nxt = fig.parent.kids[fig.parent.kids.index(fig) + 1]
        assert nxt.role == "/Caption"
    alts = [str(f.obj["/Alt"]) for f in figures]
    assert any(a.startswith("A shaded map") for a in alts), "the writer's {alt} is carried over"
    assert any(re.match(r"(Bar|Line) chart of .*highest \d", a) for a in alts), "charts are described from data"


def test_lists_are_l_li_lbl_lbody(long_pdfs: dict[str, Path]) -> None:
    tree = elements(PdfReader(long_pdfs["web"]))
    lists = [e for e in tree if e.role == "/L"]
    assert lists
    for lst in lists:
        for item in lst.kids:
            assert item.role == "/LI" and [k.role for k in item.kids] == ["/Lbl", "/LBody"]
    assert any(e.role == "/BlockQuote" for e in tree)


def test_links_own_their_annotations(web_pdf: Path) -> None:
    reader = PdfReader(web_pdf)
    tree = elements(reader)
    owner = {n: e for e in tree for n in e.objrs}
    parents = parent_tree(reader)
    count = 0
    for page in reader.pages:
        annots = page.get("/Annots") or []
        if annots:
            assert page["/Tabs"] == "/S"
        for ref in annots:
            annot = ref.get_object()
            count += 1
            assert annot["/Subtype"] == "/Link" and str(annot["/Contents"]).strip()
            assert int(annot["/F"]) & 4, "a link annotation must print"
            elem = owner[ref.idnum]
            assert elem.role == "/Link"
            assert _resolved(parents[int(annot["/StructParent"])]) is elem.obj
    assert count > 20  # URLs, note references and the notes' links back


def test_catalog_and_metadata_say_tagged(any_pdf: PdfReader) -> None:
    root = any_pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert str(root["/Lang"]) == "en-US"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<dc:title>" in xmp


# -- what a reader gets ---------------------------------------------------------------------------

QUOTES = re.compile("[\"'“”‘’„«»]")


def _words(markdown: str, n: int = 6) -> str:
    text = re.sub(r"\[\^\w+\]", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "")
    return " ".join(QUOTES.sub("", text).split()[:n])


def _extracted(reader: PdfReader) -> str:
    """The text as pypdf reads it, line-end soft hyphens rejoined, quotes (the typographer's) left out."""
    text = "\n".join(p.extract_text() for p in reader.pages)
    return " ".join(QUOTES.sub("", text.replace("\xad\n", "").replace("\xad", "")).split())


def test_extracted_text_reads_in_manuscript_order(any_pdf: PdfReader, long_pdfs: dict[str, Path]) -> None:
    long_source = long_pdfs["print"].parent / "long" / "brief.md"
    is_long = "Győző" in _extracted(any_pdf) or "Szőke" in _extracted(any_pdf)
    source = (long_source if is_long else MANUSCRIPT).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    text = _extracted(any_pdf)
    body = [b.strip() for b in source.split("\n\n") if b.strip()]
    blocks = [b for b in body if not b.startswith(("![", "[^", "|", "-", "1."))]
    pos = 0
    for block in blocks:
        first = block.splitlines()[0].lstrip("#> ").strip()
        snippet = _words(first.upper() if block.startswith("## ") else first)
        if not snippet:
            continue
        found = text.find(snippet, pos)
        assert found >= 0, f"block out of order or missing: {snippet!r}"
        pos = found
    notes = [m.group(1) for m in re.finditer(r"(?m)^\[\^\w+\]: (.*)$", source)]
    assert notes


def test_a_one_letter_drop_cap_word_keeps_its_space(brief_dir: Path, tmp_path: Path) -> None:
    from briefpress.pipeline import build

    path = brief_dir / "brief.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("The dominant neo-liberal school", "A dominant neo-liberal school")
    path.write_text(text, encoding="utf-8")
    pdf = build(brief_dir, layout="web", output=tmp_path / "cap.pdf").pdf
    words = _extracted(PdfReader(pdf))
    assert "A dominant neo-liberal school" in words and "Adominant" not in words
    assert "During a visit" in words  # a cap that starts a longer word stays joined to it


def test_masthead_fields_are_not_glued(web_pdf: Path) -> None:
    first = PdfReader(web_pdf).pages[0].extract_text()
    assert "IN FOCUSFebruary" not in first and "2006IN" not in first
    assert re.search(r"February 2006\s+IN FOCUS", first)


def test_line_end_hyphens_are_soft(sample_pdf: Path) -> None:
    raw = "\n".join(p.extract_text() for p in PdfReader(sample_pdf).pages)
    assert raw.count("\xad\n") >= 10, "line-end hyphens come back as soft hyphens"
    assert "competitiveness" in _extracted(PdfReader(sample_pdf))


def test_tagging_can_be_switched_off(tmp_path: Path) -> None:
    from briefpress.pipeline import build

    layout = tmp_path / "plain.yaml"
    layout.write_text("extends: web\noutput:\n  tagged: false\n", encoding="utf-8")
    pdf = build(ROOT / "content" / "in-focus-2006-02", layout=str(layout), output=tmp_path / "plain.pdf").pdf
    root = PdfReader(pdf).trailer["/Root"]
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root


def test_tagged_builds_are_byte_identical(web_pdf: Path, tmp_path: Path) -> None:
    from briefpress.pipeline import build

    again = build(ROOT / "content" / "in-focus-2006-02", layout="web", output=tmp_path / "again.pdf").pdf
    assert again.read_bytes() == web_pdf.read_bytes()


# -- independent tools, where installed -------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed (apt-get install "
                                                            "poppler-utils)")
def test_poppler_struct_text_lists_the_brief_in_order(web_pdf: Path) -> None:
    out = subprocess.run(["pdfinfo", "-struct-text", str(web_pdf)], capture_output=True, text=True,
                         check=True).stdout
    flat = "".join(re.findall(r'^\s*"(.*)"$', out, re.M))  # an element's strings, one per marked sequence
    wanted = ["NAFTA, North American Economic Integration, and Labor Migration", "Most of the border-enforcement",
              "During a visit", "LABOR MIGRATION AND ECONOMIC INTEGRATION", "People generally do not leave",
              "THE NAFTA CASE", "Figure 1:", "Figure 2:", "ABOUT THE FOUNDATION"]
    positions = [flat.find(w) for w in wanted]
    assert all(p >= 0 for p in positions), [w for w, p in zip(wanted, positions) if p < 0]
    assert positions == sorted(positions)
    notes = [int(n) for n in re.findall(r"Note <note-(\d+)>", out)]
    assert notes == list(range(1, len(notes) + 1)) and len(notes) >= 20


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (apt-get install "
                                                              "poppler-utils)")
@pytest.mark.parametrize("mode", [[], ["-raw"]], ids=["layout", "raw"])
def test_pdftotext_reads_blocks_in_manuscript_order(sample_pdf: Path, mode: list[str]) -> None:
    """pdftotext -raw reads in content order, the order the pages are drawn in; without -raw poppler guesses
    the order from the layout, which a drop cap used to mislead (it is given /ActualText: see textout)."""
    out = subprocess.run(["pdftotext", *mode, str(sample_pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    text = " ".join(QUOTES.sub("", out.replace("\xad\n", "").replace("\xad", "")).split())
    source = MANUSCRIPT.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    pos = 0
    for block in [b.strip() for b in source.split("\n\n") if b.strip() and not b.strip().startswith(("![", "[^"))]:
        first = block.splitlines()[0].lstrip("#> ").strip()
        snippet = _words(first.upper() if block.startswith("## ") else first)
        found = text.find(snippet, pos)
        assert found >= 0, f"pdftotext {' '.join(mode)}: block out of order or torn: {snippet!r}"
        pos = found


def _pdfua() -> str | None:
    found = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    return found if Path(found).exists() else None


@pytest.mark.skipif(_pdfua() is None, reason="the pdfua checker is not installed (pip install pdfua, in the "
                                             "test extra)")
def test_pdfua_checker_finds_nothing(sample_pdf: Path, web_pdf: Path, long_pdfs: dict[str, Path]) -> None:
    for pdf in (sample_pdf, web_pdf, long_pdfs["print"], long_pdfs["web"]):
        run = subprocess.run([_pdfua(), "check", str(pdf)], capture_output=True, text=True)  # type: ignore[list-item]
        assert run.returncode == 0, run.stdout
        assert "errors=0 warnings=0" in run.stdout and "[skip" not in run.stdout, run.stdout


def test_every_font_subset_has_its_own_tag(web_pdf: Path, long_pdfs: dict[str, Path]) -> None:
    for pdf in (web_pdf, long_pdfs["print"]):
        names = {str(f.get_object()["/BaseFont"]) for p in PdfReader(pdf).pages
                 for f in (p["/Resources"].get("/Font") or {}).values()}
        tags = [n[1:7] for n in names]
        assert all(re.fullmatch(r"[A-Z]{6}", t) and n[7] == "+" for t, n in zip(tags, names))
        assert len(set(tags)) == len(tags), f"subset tags repeat: {sorted(names)}"
