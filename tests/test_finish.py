"""Issue 10, the typographic finish: even spacing, nothing past its frame, covers measured, runts, heads,
note numbers, the press profile and the web PDF without a padding page.

The figures are read back from the PDF (pypdf, PDFium) where a reader would see them, and from the
layout where that is the cheapest honest level (the stats are computed from the layout itself, exactly).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import SAMPLE
from pdfprobe import chunks


@pytest.fixture(scope="module")
def stats(sample_pdf: Path) -> dict:
    return json.loads(PdfReader(str(sample_pdf)).metadata["/BriefpressStats"])


def _layout(target: Path, layout: str = "print"):  # type: ignore[no-untyped-def]
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    warnings = Warnings()
    spec = load_layout(layout)
    brief = load_brief(target, warnings)
    return layout_document(brief, spec, FontBook(spec.fonts.fallback, warnings), warnings)


# -- even spacing: the tight side ----------------------------------------------------------------------
def test_no_tight_lines_and_few_snug_ones(stats: dict) -> None:
    n = stats["justified_lines"]
    assert n > 300
    assert stats["tight_lines"] == 0  # no justified line's spaces average below 0.15 em
    assert stats["space_min_em"] >= 0.15
    assert stats["snug_lines"] <= 0.02 * n  # at most 2 % below 0.18 em (pdfLaTeX: 1.7 %)
    assert stats["space_p1_em"] >= 0.17
    assert stats["loose_lines"] == 0 and stats["space_p99_em"] <= 0.40
    assert stats["hyphenated_lines"] <= 45 and stats["longest_hyphen_run"] <= 2


def test_spaces_measured_on_the_pdf(sample_pdf: Path) -> None:
    """The same, from the PDF as PDFium reads it: a word space is the distance from the origin of the space
    glyph (where the word before it ends) to the origin of the next word's first letter, in em; a line's
    mean over its spaces, for every full justified line (body 10.5 pt, notes 7.6 pt, abstract 11 pt)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(sample_pdf))
    means: list[float] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        for index in range(len(pdf) - 1):
            tp = pdf[index].get_textpage()
            mid = pdf[index].get_size()[0] / 2
            rows: dict[tuple[int, bool, float], list[tuple[float, str, float]]] = {}
            for i in range(tp.count_chars()):
                size = raw.FPDFText_GetFontSize(tp, i)
                if not any(abs(size - s) < 0.05 for s in (10.5, 7.6, 11.0)):
                    continue
                raw.FPDFText_GetCharOrigin(tp, i, x, y)
                ch = tp.get_text_range(i, 1)
                if ch in "\r\n":
                    continue
                rows.setdefault((round(y.value), x.value > mid, round(size, 1)), []).append((x.value, ch, size))
            for row in rows.values():
                row.sort()
                gaps = [(nxt[0] - cur[0]) / cur[2] for cur, nxt in zip(row, row[1:])
                        if cur[1] == " " and nxt[1] != " "]
                ink = [c[0] for c in row if c[1] != " "]
                if len(gaps) >= 4 and ink[-1] - ink[0] > 225:  # a full line of a column, a note or the abstract
                    means.append(sum(gaps) / len(gaps))
    finally:
        pdf.close()
    assert len(means) > 250
    assert min(means) >= 0.15, sorted(means)[:5]
    assert sum(m < 0.18 for m in means) <= 0.02 * len(means), sorted(means)[:10]


def test_tight_lines_narrow_glyphs_before_spaces() -> None:
    """The cheapest level: one tight line in a tiny frame; glyphs take the shrink first."""
    from briefpress.layout.items import Box, Frag, Glue, Penalty
    from briefpress.layout.linebreak import BreakResult
    from briefpress.layout.lines import set_lines

    frag = Frag("word", "f", 10.0)
    items = [Box(30.0, (frag,)), Glue(2.0, 1.0, 0.44), Box(30.0, (frag,)), Glue(2.0, 1.0, 0.44),
             Box(30.0, (frag,)), Penalty(0, 0), Glue(2.0, 1.0, 0.44), Box(30.0, (frag,)),
             Penalty(0, 10000), Glue(0, 10000, 0), Penalty(0, -10000)]
    # the first line (three words, natural 94 pt) set to 93 pt: 1 pt of shrink, 90 pt of glyphs at 2.5 %
    lines = set_lines(items, BreakResult([5, 10], [-0.5, 0.0]), lambda n: (0.0, 93.0), 10.0, True, 0.025)
    first = lines[0]
    assert first.scale < 1.0 and abs(first.natural - 93.0) < 1e-6
    assert min(first.spaces) == pytest.approx(2.0)  # the spaces keep their width


# -- nothing past its frame --------------------------------------------------------------------------
def test_no_line_past_its_frame(stats: dict) -> None:
    assert stats["overfull_lines"] == 0


def test_every_placed_line_within_its_measure() -> None:
    """Every line of every role — heads, captions, notes, cover and back cover — as set, by 0.1 pt."""
    from briefpress.layout.page import PlacedLine

    doc = _layout(SAMPLE)
    for page in doc.pages:
        for it in page.items:
            if isinstance(it, PlacedLine):
                line = it.line
                assert line.natural <= line.measure + 0.1, (page.number, it.role, line.text)
                left = line.offset + min((r.x for r in line.runs), default=0.0) + line.protrusion[0]
                assert left >= -0.1, (page.number, line.text)
                assert max(line.protrusion) <= 0.25 * line.size  # optical margin alignment hangs a little


def test_upper_case_head_breaks_within_a_narrow_measure() -> None:
    """A tiny frame: a long capital head, first fit, measured as drawn (after upper-casing, kerned)."""
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.layout.items import InlineStyle
    from briefpress.layout.typeset import Shape, TypeSetter
    from briefpress.model.nodes import Text
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    fonts = FontBook(spec.fonts.fallback, warnings)
    setter = TypeSetter(spec, fonts, "en-US", warnings)
    font = spec.font(spec.heading.font)
    style = InlineStyle(font, font, font, font, spec.heading.size)
    text = "THE NAFTA CASE: UNFULFILLED PROMISES ON MIGRATION AND LABOR MOBILITY, AVOWEDLY"
    for width in (80.0, 120.0, 163.0, 243.0):
        result = setter.set((Text(text),), style, Shape(width), 12.0, justify=False)
        assert result is not None
        for line in result.lines:
            drawn = sum(fonts.width(r.frag.text, r.frag.font, r.frag.size) for r in line.runs)
            assert line.natural <= width + 0.1 and drawn <= width + 0.1, (width, line.text)


# -- heads -------------------------------------------------------------------------------------------
def test_head_to_text_distance_is_the_same_at_a_column_top() -> None:
    from briefpress.layout.page import PlacedLine

    sys_path = Path(__file__).resolve().parent.parent / "bench"
    import sys

    sys.path.insert(0, str(sys_path))
    from longbrief import write_long_brief

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        doc = _layout(write_long_brief(Path(tmp) / "b", pages=12, seed=0))
    gaps: list[float] = []
    at_top = 0
    for page in doc.pages:
        lines = [it for it in page.items if isinstance(it, PlacedLine) and it.role in ("heading", "body")]
        for i, it in enumerate(lines[:-1]):
            nxt = lines[i + 1]
            if it.role == "heading" and nxt.role == "body" and abs(nxt.x - it.x) < 1:
                gaps.append(it.y - nxt.y)
                column = [ln.y for ln in lines if abs(ln.x - it.x) < 1]
                at_top += it.y >= max(column) - 0.01
    assert gaps and at_top >= 1
    assert max(gaps) - min(gaps) <= 1.0, sorted(set(round(g, 2) for g in gaps))


# -- runts, columns ----------------------------------------------------------------------------------
def test_few_runts_and_full_columns(stats: dict) -> None:
    assert stats["runts"] <= max(1, stats["pages"] // 10)
    assert all(n <= 1 for n in stats["unfilled_lines"]), stats["unfilled_lines"]


# -- note numbers --------------------------------------------------------------------------------------
def test_note_numbers_in_lining_figures(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    refs = [c for page in reader.pages for c in chunks(page)
            if re.fullmatch(r"\d{1,3}", c.text.strip()) and 6.0 < c.size < 6.6 and c.size != 6.5]
    labels = [c for page in reader.pages for c in chunks(page) if re.match(r"^\d{1,3}\.$", c.text.strip())]
    assert len(refs) >= 23 and all("Lato" in c.font for c in refs), {c.font for c in refs}
    assert len(labels) >= 23 and all("Lato" in c.font for c in labels), {c.font for c in labels}


# -- press profile -------------------------------------------------------------------------------------
def test_print_pdf_is_pdfx4_with_fogra39(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    root = reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    icc = intent["/DestOutputProfile"].get_object()
    data = icc.get_data()
    assert icc["/N"] == 4 and data[36:40] == b"acsp" and data[16:20] == b"CMYK"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    producer = re.search(r"<pdf:Producer>([^<]*)</pdf:Producer>", xmp)
    assert producer and producer.group(1) == reader.metadata["/Producer"]


def test_profile_ships_with_its_licence() -> None:
    root = Path(__file__).resolve().parent.parent
    assert (root / "profiles" / "ISOcoated_v2_300_bas.icc").stat().st_size > 100_000
    assert "zlib" in (root / "profiles" / "ISOcoated_v2_300_bas.txt").read_text(encoding="utf-8")
    assert '"profiles" = "briefpress/_data/profiles"' in (root / "pyproject.toml").read_text(encoding="utf-8")


def test_rgb_images_go_through_the_profile(tmp_path: Path) -> None:
    from PIL import Image

    from briefpress.render.images import _to_cmyk
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    im = Image.new("RGB", (2, 2), (255, 0, 0))
    through = _to_cmyk(im, spec).getpixel((0, 0))
    assert through != im.convert("CMYK").getpixel((0, 0))  # not the device formula (0, 255, 255, 0)
    assert through[1] > 200 and through[2] > 200


def test_web_has_no_output_intent_and_no_padding_page() -> None:
    from briefpress.style.load import load_layout

    web = load_layout("web")
    assert web.output.output_intent == "" and not web.page.even_pages
    assert load_layout("print").page.even_pages
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from longbrief import write_long_brief

    import tempfile

    for seed in range(3):  # a brief of about five pages sets cover and four body pages: the press pads it
        with tempfile.TemporaryDirectory() as tmp:
            target = write_long_brief(Path(tmp) / "b", pages=5, seed=seed)
            kinds_print = [p.kind for p in _layout(target, "print").pages]
            kinds_web = [p.kind for p in _layout(target, "web").pages]
        assert "blank" not in kinds_web
        assert len(kinds_print) % 2 == 0
        if "blank" in kinds_print:
            assert len(kinds_web) == len(kinds_print) - 1
            return
    pytest.skip("no seed gave an odd page count")


# -- covers --------------------------------------------------------------------------------------------
def _front(brief_dir: Path, key: str, value: str) -> None:
    md = brief_dir / "brief.md"
    text = md.read_text(encoding="utf-8")
    if re.search(rf"^{key}:", text, re.M):
        text = re.sub(rf"^{key}: .*$", f'{key}: "{value}"', text, count=1, flags=re.M)
    else:
        text = text.replace("\npublisher:", f'\n{key}: "{value}"\npublisher:', 1)
    md.write_text(text, encoding="utf-8")


def test_long_series_stops_the_build_naming_its_key(brief_dir: Path, tmp_path: Path) -> None:
    from briefpress.errors import ManuscriptError
    from briefpress.pipeline import build

    _front(brief_dir, "series", "In Focus Extended Special Edition")
    with pytest.raises(ManuscriptError) as err:
        build(brief_dir, layout="print", output=tmp_path / "x.pdf")
    d = err.value.diagnostic
    assert d.key == "series" and d.line is not None
    assert "series" in str(d) and str(d).count("\n") == 0


def test_long_publisher_wraps_clear_of_the_contacts(brief_dir: Path, tmp_path: Path) -> None:
    from briefpress.layout.page import PlacedLine, PlacedText

    md = brief_dir / "brief.md"
    md.write_text(re.sub(r"^division: .*\n", "", md.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    _front(brief_dir, "publisher", "The Immigration Policy Center of the American Immigration Law Foundation")
    doc = _layout(brief_dir)
    cover = doc.pages[0]
    pub = [it for it in cover.items if getattr(it, "node", "") == "masthead.publisher"]
    contacts = [it for it in cover.items if isinstance(it, PlacedLine) and it.role == "contact"]
    assert pub and contacts
    right_of_pub = max(it.x + (it.line.natural if isinstance(it, PlacedLine) else 0) for it in pub)
    assert all(isinstance(it, (PlacedLine, PlacedText)) for it in pub)
    assert right_of_pub < min(c.x for c in contacts)


def test_cover_words_come_from_the_layout(brief_dir: Path, tmp_path: Path) -> None:
    from briefpress.pipeline import build

    layout = tmp_path / "fr.yaml"
    layout.write_text('extends: print\ncover:\n  by_label: "Par {authors}"\n  last_author_separator: " et "\n'
                      '  volume_label: "Tome {volume}"\n  issue_label: "Numéro {issue}"\n'
                      'colophon:\n  other_label: "Autres publications"\n  phone_label: "Tél. : {phone}"\n',
                      encoding="utf-8")
    md = brief_dir / "brief.md"
    text = md.read_text(encoding="utf-8")
    if not re.search(r"^authors:", text, re.M):
        text = text.replace("\npublisher:", '\nauthors: ["Jeanne Martin", "Paul Durand"]\nvolume: "5"\n'
                            'issue: "2"\npublisher:', 1)
    md.write_text(text, encoding="utf-8")
    out = build(brief_dir, layout=str(layout), output=tmp_path / "fr.pdf").pdf
    reader = PdfReader(str(out))
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "Par " in first and " et " in first and "Numéro" in first
    assert "Autres publications" in last


# -- optical margin alignment, drop caps, notes, the long brief ----------------------------------------
def test_hyphens_and_commas_hang_into_the_margin() -> None:
    from briefpress.layout.page import PlacedLine

    doc = _layout(SAMPLE)
    hung = 0
    for page in doc.pages:
        for it in page.items:
            if isinstance(it, PlacedLine) and it.role == "body" and it.line.justified and it.line.runs:
                last = it.line.runs[-1]
                if last.frag.text[-1:] in ("\u00ad", ",", "."):
                    frame_right = it.line.measure - it.line.protrusion[1]  # runs are placed from the offset
                    assert it.line.protrusion[1] > 0
                    assert last.x + last.width > frame_right  # past the frame's edge, by design
                    hung += 1
    assert hung > 30


def test_a_short_paragraph_never_leaves_a_hole_under_its_drop_cap() -> None:
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.layout.typeset import Shape, TypeSetter
    from briefpress.model.nodes import Text
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    setter = TypeSetter(spec, FontBook(spec.fonts.fallback, warnings), "en-US", warnings)
    style = setter.inline_style("body")
    for words in (3, 12, 25, 60):
        text = " ".join(["Migration"] + ["policy"] * words)
        res = setter.set((Text(text),), style, Shape(243.0, dropcap_lines=3), 13.0)
        assert res is not None
        assert res.min_lines <= len(res.lines)  # the cap spans no more lines than the paragraph has
        assert res.min_lines != 1
        if len(res.lines) == 1:
            assert res.min_lines == 0 and res.lines[0].runs[0].frag.size == style.size  # no cap at all


@pytest.fixture(scope="module")
def long_stats(tmp_path_factory: pytest.TempPathFactory) -> dict:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from longbrief import write_long_brief

    from briefpress.pipeline import build

    target = write_long_brief(tmp_path_factory.mktemp("long") / "b", pages=24, seed=0)
    out = build(target, layout="print", output=target.parent / "long.pdf")
    return json.loads(PdfReader(str(out.pdf)).metadata["/BriefpressStats"])


def test_long_brief_finish(long_stats: dict) -> None:
    s = long_stats
    assert s["tight_lines"] == 0
    assert s["snug_lines"] <= 0.02 * s["justified_lines"]
    assert s["overfull_lines"] == 0
    assert s["short_note_splits"] == 0  # no note split with a single line on one side
    assert s["runts"] <= max(1, s["pages"] // 10)
    assert s["longest_hyphen_run"] <= 2
    assert s["last_page_balance"] <= 1


def test_notes_sit_at_the_page_foot_on_the_balanced_last_page(sample_pdf: Path) -> None:
    from pdfprobe import glyphs

    reader = PdfReader(str(sample_pdf))
    last_text = len(reader.pages) - 2  # index of the last text page (the back cover follows)

    def note_foot(index: int) -> float:
        return min(g.y0 for g in glyphs(sample_pdf, index) if 7.0 < g.size < 8.0 and g.y0 > 70)

    assert abs(note_foot(last_text) - note_foot(1)) < 0.5  # the same foot as a full page's notes


def test_paragraphs_keep_their_indent_after_a_floating_figure() -> None:
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.layout.blocks import FigureItem, ParaItem, SpaceItem, build_flow
    from briefpress.layout.geometry import Geometry
    from briefpress.layout.typeset import TypeSetter
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from longbrief import write_long_brief

    warnings = Warnings()
    spec = load_layout("print")
    with tempfile.TemporaryDirectory() as tmp:  # the sample's figures are followed by a head; the long brief's not
        brief = load_brief(write_long_brief(Path(tmp) / "b", pages=24, seed=0), warnings)
        setter = TypeSetter(spec, FontBook(spec.fonts.fallback, warnings), brief.meta.lang, warnings)
        geo = Geometry(spec)
        items = build_flow(brief, setter, geo.column_width, geo.text_width, warnings).items
    checked = 0
    for k, item in enumerate(items):
        if not (isinstance(item, ParaItem) and item.kind == "body" and k >= 2):
            continue
        before = [it for it in items[:k] if not isinstance(it, SpaceItem)]
        figures = 0
        while before and isinstance(before[-1], FigureItem):
            before.pop()
            figures += 1
        if figures and before and isinstance(before[-1], ParaItem) and before[-1].kind == "body":
            assert item.shape is not None and item.shape.first_indent == spec.text.indent
            assert item.lines[0].offset == pytest.approx(spec.text.indent)
            checked += 1
    assert checked >= 1


def test_press_document_id_follows_the_pages_not_the_folder(tmp_path: Path) -> None:
    """The XMP DocumentID of a PDF/X build: the same manuscript built in two folders gets the same id
    (reproducible builds vary the build path), an edited one another."""
    import os
    import shutil

    from briefpress.pipeline import build

    from conftest import SAMPLE

    ids = []
    for name, edit in (("a", False), ("elsewhere/b", False), ("c", True)):
        folder = tmp_path / name
        shutil.copytree(SAMPLE, folder)
        if edit:
            md = folder / "brief.md"
            md.write_text(md.read_text(encoding="utf-8").replace("During a visit", "During a short visit", 1),
                          encoding="utf-8")
        os.environ["SOURCE_DATE_EPOCH"] = "1138752000"
        pdf = build(folder, layout="print", output=tmp_path / f"{name.replace('/', '-')}.pdf").pdf
        xmp = PdfReader(str(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        ids.append(re.search(r"<xmpMM:DocumentID>uuid:([0-9a-f-]{36})</xmpMM:DocumentID>", xmp).group(1))
    assert ids[0] == ids[1] and ids[2] != ids[0], ids
