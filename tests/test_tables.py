"""Tables (issue 9): widths and splits on tiny inputs, then a real brief in print and web.

The fixture brief (tests/fixtures/tables) holds a narrow right-aligned numeric
table with a note in a cell (Table 1, in a column), a 6-column table too wide
for a column (Table 2, across the page), a 40-row table that must split
(Table 3), nested lists and a chart.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefpress.errors import BriefpressError, Warnings
from briefpress.layout.page import PlacedLine, PlacedRule
from briefpress.layout.table import column_widths, rows_that_fit
from briefpress.model.nodes import ListBlock, NoteRef, Table, Text

from pdftree import structure

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tables"
HEAD = "---\ntitle: T\npublisher: P\ndate: D\nabstract: A\n---\n\nSome text.\n\n"


# -- the cheapest level: the two algorithms ---------------------------------------

def test_column_widths_use_the_maxima_when_they_fit() -> None:
    assert column_widths([10, 20], [30, 40], 100, fill=False) == [30, 40]
    assert column_widths([10, 20], [30, 40], 140, fill=True) == [60, 80]  # widened in proportion


def test_column_widths_share_what_is_left_over_the_minima() -> None:
    widths = column_widths([10, 20], [110, 20], 80, fill=True)
    assert widths == [60, 20]  # only the first column wants more; it gets all 50 pt left
    assert column_widths([60, 50], [100, 90], 100, fill=True) is None  # the minima alone are too wide


def test_rows_split_leave_two_rows_on_each_side() -> None:
    rows = [1] * 10
    # caption + header take 2 slots; 8 slots of room: 6 rows fit
    assert rows_that_fit(rows, 0, 8, 2, 0, 2) == 6
    # 11 slots hold 9 rows, but the last row would be alone: 8 go here, 2 to the next part
    assert rows_that_fit(rows, 0, 11, 2, 0, 2) == 8
    # room for one row only: no split that leaves two, so nothing
    assert rows_that_fit(rows, 0, 3, 2, 0, 2) == 0
    # the rest fits, but not with its source line: split before the last rows
    assert rows_that_fit(rows, 6, 6, 2, 1, 2) == 2
    assert rows_that_fit(rows, 6, 7, 2, 1, 2) == 4
    # a two-line row counts twice
    assert rows_that_fit([2, 1, 1, 1, 1], 0, 5, 2, 0, 2) == 2


# -- the manuscript ------------------------------------------------------------------

def _brief(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "brief.md").write_text(HEAD + body, encoding="utf-8")
    return folder


def test_table_caption_source_alignment_and_wide(tmp_path: Path) -> None:
    from briefpress.model.load import load_brief

    folder = _brief(tmp_path, "Table 1: Growth, *in per cent* {.wide}\n\n| A | B | C |\n|:-|-:|:-:|\n"
                              "| x | 1 | y |\n\nSource: Census.\n\nAfter.\n")
    brief = load_brief(folder, Warnings())
    table = next(b for b in brief.blocks if isinstance(b, Table))
    assert table.label == "Table 1" and table.wide and table.align == ("left", "right", "center")
    assert "".join(r.text for r in table.caption if isinstance(r, Text)) == "Growth, in per cent"
    assert "".join(r.text for r in table.source if isinstance(r, Text)) == "Source: Census."
    assert table.line == 12 and len(table.rows) == 1


@pytest.mark.parametrize("body, line, words", [
    ("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", 12, "3 cells but the header has 2"),
    ("| a | b |\n|---|---|\n\nMore.\n", 10, "no rows"),
    ("Table 2: X\n\n| a |\n|---|\n| 1 |\n", 10, "says Table 2"),
    ("- item\n  - nested\n    - too deep\n", 12, "more than one level"),
    ("> quote\n>\n> | a |\n> |---|\n> | 1 |\n", 12, "inside a quote"),
])
def test_bad_tables_are_one_line_errors(tmp_path: Path, body: str, line: int, words: str) -> None:
    from briefpress.model.load import load_brief

    folder = _brief(tmp_path, body)
    with pytest.raises(BriefpressError) as err:
        load_brief(folder, Warnings())
    message = str(err.value)
    assert f"brief.md:{line}:" in message and words in message and "\n" not in message


def test_a_table_of_100_columns_is_an_error_naming_its_line(tmp_path: Path) -> None:
    from briefpress.pipeline import build

    n = 100
    body = ("|" + "|".join(f"c{i}" for i in range(n)) + "|\n|" + "---|" * n + "\n|"
            + "|".join(f"value{i}" for i in range(n)) + "|\n")
    folder = _brief(tmp_path, body)
    with pytest.raises(BriefpressError, match=r"brief\.md:10: error: Table 1 is too wide for the page"):
        build(folder, output=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_lists_nest_one_level(tmp_path: Path) -> None:
    from briefpress.model.load import load_brief

    folder = _brief(tmp_path, "- one\n- two\n  - two a\n  - two b\n- three\n")
    block = next(b for b in load_brief(folder, Warnings()).blocks if isinstance(b, ListBlock))
    assert len(block.items) == 3
    nested = block.items[1][1]
    assert isinstance(nested, ListBlock) and len(nested.items) == 2


# -- the fixture brief, built -------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from briefpress.pipeline import build

    os.environ["SOURCE_DATE_EPOCH"] = "1138752000"
    out: dict[str, object] = {}
    for layout in ("print", "web"):
        pdf = tmp_path_factory.mktemp(layout) / f"{layout}.pdf"
        out[layout] = build(FIXTURE, layout=layout, output=pdf)  # preflight (and the ua rules) included
    return out


@pytest.fixture(scope="module")
def laid_out() -> object:
    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    return layout_document(load_brief(FIXTURE, warnings), spec, FontBook(spec.fonts.fallback, warnings), warnings)


def _tables() -> list[Table]:
    from briefpress.model.load import load_brief

    return [b for b in load_brief(FIXTURE, Warnings()).blocks if isinstance(b, Table)]


def _printed(cell: tuple) -> str:  # type: ignore[type-arg]
    """A cell's text as extracted: its words, and its note numbers (raised, but text all the same)."""
    return "".join(r.text if isinstance(r, Text) else str(r.number) if isinstance(r, NoteRef) else ""
                   for r in cell).strip()


def _plain(cell: tuple) -> str:  # type: ignore[type-arg]
    return "".join(r.text for r in cell if isinstance(r, Text)).strip()


@pytest.mark.parametrize("layout", ["print", "web"])
def test_every_cell_is_in_the_text_row_by_row(built: dict, layout: str) -> None:  # type: ignore[type-arg]
    text = "\n".join(p.extract_text() for p in PdfReader(built[layout].pdf).pages)
    assert "|" not in text and "---" not in text and "—|—" not in text
    flat = re.sub(r"\s+", " ", text)
    for table in _tables():
        for row in (table.header, *table.rows):
            cells = [re.escape(_printed(c)) for c in row]
            assert re.search(r"\s*".join(cells), flat), f"row {cells} not found in {layout}"
    assert built[layout].stats.tables == 3
    assert [str(w) for w in built[layout].warnings] == []  # preflight and the ua rules ran in the build


def test_briefpress_check_passes_on_the_table_pdfs(built: dict) -> None:  # type: ignore[type-arg]
    from click.testing import CliRunner

    from briefpress.cli import main

    for layout in ("print", "web"):
        result = CliRunner().invoke(main, ["check", str(built[layout].pdf), "--ua"])
        assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output, result.output


def test_numbers_of_a_right_aligned_column_share_their_right_edge(built: dict) -> None:  # type: ignore[type-arg]
    import pdfplumber

    table = _tables()[0]
    numbers = {_plain(r[1]) for r in table.rows}
    with pdfplumber.open(built["print"].pdf) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    edges = [w["x1"] for w in words if w["text"] in numbers]
    assert len(edges) == len(numbers)  # 9,814 is found without its note number, set smaller
    assert max(edges) - min(edges) < 0.3


def test_the_long_table_repeats_its_header_after_each_split(built: dict) -> None:  # type: ignore[type-arg]
    pages = [p.extract_text() for p in PdfReader(built["print"].pdf).pages]
    text = "\n".join(pages)
    parts = text.count("Table 3 (continued)")
    assert parts >= 1
    assert len(re.findall(r"State\s*Households\s*Per cent", text)) == parts + 1


def test_nothing_of_a_table_outside_its_frame(laid_out: object) -> None:
    doc = laid_out
    checked = rules_checked = 0
    for page in doc.pages:  # type: ignore[attr-defined]
        columns = [f for f in page.frames if f.kind == "column"]
        if not columns:
            continue
        left = min(f.x for f in columns)
        right = max(f.x + f.w for f in columns)
        top = doc.spec.page.height - doc.spec.page.margin_top  # type: ignore[attr-defined]
        bottom = doc.spec.page.margin_bottom  # type: ignore[attr-defined]
        rules = (doc.spec.table.heavy_rule, doc.spec.table.light_rule)  # type: ignore[attr-defined]
        footer_rule = doc.spec.footer.baseline + doc.spec.footer.size * 1.5  # type: ignore[attr-defined]
        for item in page.items:
            if isinstance(item, PlacedLine) and item.role in ("table", "caption"):
                x1 = item.x + item.line.offset
                x2 = x1 + item.line.natural
                frame = next((f for f in columns if f.x - 0.5 <= x1 <= f.x + f.w), None)
                span = x2 > (frame.x + frame.w + 0.5) if frame else True
                assert left - 0.5 <= x1 and x2 <= (right if span else frame.x + frame.w) + 0.5, item.line.text
                assert bottom < item.y < top
                checked += 1
            elif isinstance(item, PlacedRule) and item.y1 == item.y2 and abs(item.y1 - footer_rule) > 0.01 \
                    and item.width in rules:
                if item.x2 - item.x1 > 60:  # table rules (the note separator is shorter)
                    assert left - 0.5 <= item.x1 and item.x2 <= right + 0.5
                    assert bottom < item.y1 < top
                    rules_checked += 1
    assert checked > 100 and rules_checked >= 3 * 4  # three rules a part, four parts at least


def test_rows_sit_on_the_baseline_grid(laid_out: object) -> None:
    doc = laid_out
    lead = doc.spec.text.leading  # type: ignore[attr-defined]
    for page in doc.pages:  # type: ignore[attr-defined]
        body = [i.y for i in page.items if isinstance(i, PlacedLine) and i.role == "body"]
        cells = [i.y for i in page.items if isinstance(i, PlacedLine) and i.role == "table"]
        if not body or not cells:
            continue
        ref = body[0]
        for y in cells:
            assert abs(((ref - y) / lead) - round((ref - y) / lead)) < 1e-6


def test_tagging_of_tables(built: dict) -> None:  # type: ignore[type-arg]
    reader = PdfReader(built["print"].pdf)
    root = structure(reader)
    tables = [e for e in root.descendants() if e.role == "/Table"]
    assert len(tables) == 3
    model = _tables()
    for elem, table in zip(tables, model):
        kids = [k.role for k in elem.kids]
        assert kids == ["/Caption", "/THead", "/TBody"]
        head, body = elem.kids[1], elem.kids[2]
        ths = [c for c in head.descendants() if c.role == "/TH"]
        assert len(ths) == len(table.header)
        for th in ths:
            attrs = th.obj["/A"]
            assert attrs["/O"] == "/Table" and attrs["/Scope"] == "/Column"
            assert len({page for page, _mcid in th.mcrs}) == 1  # repeated headers are artifacts
        rows = [k for k in body.kids if k.role == "/TR"]
        assert len(rows) == len(table.rows)
        assert all(len([c for c in r.kids if c.role == "/TD"]) == len(table.header) for r in rows)
    # the note cited from a cell is a Note element after the table
    notes = [e for e in root.descendants() if e.role == "/Note"]
    assert notes


def _pdfua() -> str | None:
    found = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    return found if Path(found).exists() else None


@pytest.mark.skipif(_pdfua() is None, reason="the pdfua checker is not installed")
@pytest.mark.parametrize("layout", ["print", "web"])
def test_pdfua_finds_nothing_in_tables(built: dict, layout: str) -> None:  # type: ignore[type-arg]
    run = subprocess.run([_pdfua(), "check", "-f", "json", str(built[layout].pdf)],  # type: ignore[list-item]
                         capture_output=True, text=True)
    report = json.loads(run.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0, run.stdout
    assert report["skipped"] == []


def test_print_keeps_link_targets_web_keeps_links(built: dict) -> None:  # type: ignore[type-arg]
    from briefpress.layout.printurls import with_urls

    runs = (Text("see "), Text("the report", link="https://example.org/r/"), Text(" and "),
            Text("example.org", link="https://example.org"))
    assert [r.text for r in with_urls(runs)] == ["see ", "the report", " (example.org/r)", " and ", "example.org"]
    printed = PdfReader(built["print"].pdf).pages[0].extract_text()
    web = PdfReader(built["web"].pdf)
    assert "México(www.banxico.org.mx/remesas)" in re.sub(r"\s+", "", printed)
    assert "banxico" not in web.pages[0].extract_text()
    uris = [a.get_object()["/A"]["/URI"] for p in web.pages for a in p.get("/Annots", [])
            if "/A" in a.get_object()]
    assert "https://www.banxico.org.mx/remesas" in uris


def test_wide_figures_and_tables_span_both_columns(laid_out: object) -> None:
    from briefpress.layout.geometry import Geometry
    from briefpress.layout.page import PlacedFigure

    doc = laid_out
    geo = Geometry(doc.spec)  # type: ignore[attr-defined]
    figures = [i for p in doc.pages for i in p.items if isinstance(i, PlacedFigure)]  # type: ignore[attr-defined]
    assert [f.figure.wide for f in figures] == [False, True]
    assert figures[0].w <= geo.column_width + 0.01 and figures[1].w > geo.column_width * 1.5
    wide = [i for p in doc.pages for i in p.items if isinstance(i, PlacedLine)  # type: ignore[attr-defined]
            and i.node.startswith(_table_node(doc, 2))]
    assert wide and max(i.x + i.line.offset + i.line.natural for i in wide) > geo.column_x(2, 1)


def _table_node(doc: object, number: int) -> str:
    from briefpress.model.structure import block_id

    blocks = doc.brief.blocks  # type: ignore[attr-defined]
    index = next(k for k, b in enumerate(blocks) if isinstance(b, Table) and b.number == number)
    return block_id(index) + "."


def test_wide_tables_at_the_page_foot(tmp_path: Path) -> None:
    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    (tmp_path / "foot.yaml").write_text("extends: print\ntable:\n  wide_place: foot\n", encoding="utf-8")
    spec = load_layout(str(tmp_path / "foot.yaml"))
    warnings = Warnings()
    doc = layout_document(load_brief(FIXTURE, warnings), spec, FontBook(spec.fonts.fallback, warnings), warnings)
    node = _table_node(doc, 2)
    page = next(p for p in doc.pages if any(isinstance(i, PlacedLine) and i.node.startswith(node) for i in p.items))
    cells = [i.y for i in page.items if isinstance(i, PlacedLine) and i.node.startswith(node)]
    body = [i.y for i in page.items if isinstance(i, PlacedLine) and i.role in ("body", "table")
            and not i.node.startswith(node)]
    assert max(cells) < min(body)  # under all the column text
    assert min(cells) > spec.page.margin_bottom


def test_nested_list_items_are_indented_and_tagged_inside_their_item(laid_out: object, built: dict) -> None:  # type: ignore[type-arg]
    from briefpress.model.structure import block_id

    doc = laid_out
    blocks = doc.brief.blocks  # type: ignore[attr-defined]
    index = next(k for k, b in enumerate(blocks) if isinstance(b, ListBlock))
    prefix = block_id(index) + "."
    lines = [i for p in doc.pages for i in p.items if isinstance(i, PlacedLine)  # type: ignore[attr-defined]
             and i.node.startswith(prefix)]
    outer = {i.line.offset for i in lines if i.node.count(".") == 2}
    inner = {i.line.offset for i in lines if i.node.count(".") == 4}
    indent = doc.spec.lists.nested_indent  # type: ignore[attr-defined]
    assert len(outer) == 1 and len(inner) == 1 and abs(inner.pop() - outer.pop() - indent) < 0.01
    root = structure(PdfReader(built["print"].pdf))
    lists = [e for e in root.descendants() if e.role == "/L"]
    nested = [e for e in lists if e.parent is not None and e.parent.role == "/LBody"]
    assert len(nested) == 1 and len([k for k in nested[0].kids if k.role == "/LI"]) == 2


TINY_LAYOUT = """extends: print
page: {width: 320pt, height: 300pt, margin_top: 20pt, margin_bottom: 30pt, margin_inner: 20pt, margin_outer: 20pt}
cover: {band_height: 40pt, series_size: 12pt, publisher_size: 8pt, masthead_top: 6pt, masthead_foot: 4pt}
footer: {baseline: 12pt}
"""


def _tiny_parts(tmp_path: Path, body: str) -> tuple[list[list[str]], object]:
    """The table's parts on 300 pt pages: the texts of each column (or across the page), in order."""
    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    (tmp_path / "tiny.yaml").write_text(TINY_LAYOUT, encoding="utf-8")
    spec = load_layout(str(tmp_path / "tiny.yaml"))
    warnings = Warnings()
    doc = layout_document(load_brief(_brief(tmp_path, body), warnings), spec, FontBook(spec.fonts.fallback, warnings),
                          warnings)
    assert [str(w) for w in warnings] == []
    parts: list[list[str]] = []
    for page in doc.pages:
        lines = [i for i in page.items if isinstance(i, PlacedLine) and i.role in ("table", "caption")]
        if lines:
            assert min(i.y for i in lines) > spec.page.margin_bottom
            parts.append([i.line.text.strip() for i in lines])
    return parts, doc


def test_a_wide_table_longer_than_a_page_splits_at_page_tops(tmp_path: Path) -> None:
    rows = "".join(f"| r{i} | {i} | {2 * i} | {3 * i} | {4 * i} | {5 * i} |\n" for i in range(30))
    parts, _doc = _tiny_parts(tmp_path, "Words.\n\nTable: Wide\n\n| Row | A | B | C | D | E |\n"
                                        "|:--|--:|--:|--:|--:|--:|\n" + rows + "\nAfter.\n")
    assert len(parts) >= 2  # 30 rows and the header: more than a 300 pt page holds
    seen: list[str] = []
    for k, part in enumerate(parts):
        assert part[0] == ("Table 1: Wide" if k == 0 else "Table 1 (continued)")
        assert part[1:7] == ["Row", "A", "B", "C", "D", "E"]
        body = [t for t in part[7:] if t.startswith("r")]
        assert len(body) >= 2
        seen += body
    assert seen == [f"r{i}" for i in range(30)]


def test_a_long_table_splits_on_tiny_pages(tmp_path: Path) -> None:
    """14 rows on 300 pt pages: parts in column after column, each with its header and two rows at least."""
    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.model.load import load_brief
    from briefpress.style.load import load_layout

    (tmp_path / "tiny.yaml").write_text(TINY_LAYOUT, encoding="utf-8")
    rows = "".join(f"| r{i} | {i * 111:,} |\n" for i in range(14))
    folder = _brief(tmp_path, "Words before.\n\nTable: Tiny\n\n| Row | Value |\n|:--|--:|\n" + rows + "\nAfter.\n")
    spec = load_layout(str(tmp_path / "tiny.yaml"))
    warnings = Warnings()
    doc = layout_document(load_brief(folder, warnings), spec, FontBook(spec.fonts.fallback, warnings), warnings)
    parts: list[list[str]] = []
    for page in doc.pages:
        frames = [f for f in page.frames if f.kind == "column"]
        for frame in frames:
            texts = [i.line.text.strip() for i in page.items if isinstance(i, PlacedLine)
                     and i.role in ("table", "caption") and frame.x <= i.x + i.line.offset < frame.x + frame.w]
            if texts:
                parts.append(texts)
                bottom = min(i.y for i in page.items if isinstance(i, PlacedLine) and i.role == "table"
                             and frame.x <= i.x < frame.x + frame.w)
                assert bottom >= frame.y  # nothing below the column's last baseline
    assert len(parts) >= 3
    seen: list[str] = []
    for k, part in enumerate(parts):
        assert part[0] == ("Table 1: Tiny" if k == 0 else "Table 1 (continued)")
        assert part[1:3] == ["Row", "Value"]
        body = [t for t in part[3:] if t.startswith("r")]
        assert len(body) >= 2
        seen += body
    assert seen == [f"r{i}" for i in range(14)]
    assert [str(w) for w in warnings] == []


def test_a_row_taller_than_a_page_is_an_error_naming_its_line(tmp_path: Path) -> None:
    from briefpress.pipeline import build

    folder = _brief(tmp_path, "| a | b |\n|---|---|\n| x | 1 |\n| " + "word " * 2000 + " | 2 |\n")
    with pytest.raises(BriefpressError, match=r"brief\.md:13: error: row 2 of Table 1 is too tall"):
        build(folder, output=tmp_path / "x.pdf")


def test_notes_of_caption_header_and_source_are_set_with_the_table(tmp_path: Path) -> None:
    from briefpress.pipeline import build

    folder = _brief(tmp_path, "Table: Cap[^c]\n\n| Head[^h] | B |\n|---|--:|\n| x | 1 |\n| y | 2 |\n\n"
                              "Source: S.[^s]\n\n[^c]: caption note.\n\n[^h]: header note.\n\n[^s]: source note.\n")
    result = build(folder, output=tmp_path / "x.pdf")
    text = PdfReader(result.pdf).pages[0].extract_text()
    assert all(f"{n}. {w} note." in text for n, w in ((1, "caption"), (2, "header"), (3, "source")))


def test_a_heading_keeps_the_first_rows_of_the_table_under_it(tmp_path: Path) -> None:
    """On tiny pages, text fills the first column until a heading and a table would fit only in part."""
    rows = "".join(f"| r{i} | {i} |\n" for i in range(6))
    for words in range(4, 60, 3):
        body = "Word " * words * 8 + "\n\n## HEAD\n\nTable: T\n\n| Row | V |\n|:--|--:|\n" + rows + "\nAfter.\n"
        folder_root = tmp_path / str(words)
        folder_root.mkdir()
        _parts, doc = _tiny_parts(folder_root, body)
        for page in doc.pages:  # type: ignore[attr-defined]
            heads = [i for i in page.items if isinstance(i, PlacedLine) and i.role == "heading"]
            for head in heads:
                below = [i for i in page.items if isinstance(i, PlacedLine) and i.role == "table"
                         and abs(i.x - head.x) < 1 and i.y < head.y]
                assert len({round(i.y, 1) for i in below}) >= 3, words  # header and two rows with it
