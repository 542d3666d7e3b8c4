"""The logical structure at the cheapest level: the tree model.structure builds from a tiny brief, the
order layout places items in, and the figure descriptions, without writing a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from briefpress.errors import Warnings
from briefpress.model.describe import describe_chart
from briefpress.model.load import load_brief
from briefpress.model.nodes import ChartData
from briefpress.model.structure import StructNode, document_tree

FRONT = ('---\ntitle: "T"\npublisher: "P"\ndate: "2026"\nabstract: "An abstract."\n---\n\n')


def _brief(tmp_path: Path, body: str, figures: dict[str, bytes] | None = None):  # type: ignore[no-untyped-def]
    folder = tmp_path / "b"
    (folder / "figures").mkdir(parents=True)
    for name, data in (figures or {}).items():
        (folder / "figures" / name).write_bytes(data)
    (folder / "brief.md").write_text(FRONT + body, encoding="utf-8")
    warnings = Warnings()
    return load_brief(folder, warnings), warnings


def _roles(node: StructNode, depth: int = 0) -> list[str]:
    out = [f"{'  ' * depth}{node.role} {node.id}"]
    for kid in node.kids:
        out += _roles(kid, depth + 1)
    return out


def test_notes_follow_their_first_citing_paragraph(tmp_path: Path) -> None:
    brief, _ = _brief(tmp_path, "One.[^a]\n\nTwo.[^b] Again.[^a]\n\n[^a]: Note a.\n[^b]: Note b.\n")
    body = [n for n in document_tree(brief).kids if re.fullmatch(r"[bn]\d+", n.id)]
    assert [(n.role, n.id) for n in body] == [("P", "b0"), ("Note", "n1"), ("P", "b1"), ("Note", "n2")]
    note = body[1]
    assert note.note_id == "note-1" and [k.role for k in note.kids] == ["Lbl", "P"]


def test_headings_never_skip_a_level(tmp_path: Path) -> None:
    brief, _ = _brief(tmp_path, "Text.\n\n## A\n\nText.\n\n#### Deep\n\nText.\n\n## B\n\nText.\n")
    heads = [n.role for n in document_tree(brief).kids if n.role.startswith("H")]
    assert heads == ["H1", "H2", "H3", "H2"]  # the title; a #### under a ## is the next level down


def test_lists_and_quotes(tmp_path: Path) -> None:
    brief, _ = _brief(tmp_path, "Lead.\n\n- one\n- two\n\n> Quoted.\n")
    tree = "\n".join(_roles(document_tree(brief)))
    assert "L b1\n    LI b1.0\n      Lbl b1.0.lbl\n      LBody b1.0.body\n        P b1.0.0" in tree
    assert "BlockQuote b2\n    P b2.0" in tree


def test_cover_and_back_cover_come_first_and_last(tmp_path: Path) -> None:
    brief, _ = _brief(tmp_path, "Text.\n")
    kids = document_tree(brief).kids
    assert [k.id for k in kids[:3]] == ["masthead", "title", "abstract"] and kids[-1].id == "back"
    assert [k.id for k in kids[0].kids] == ["masthead.publisher", "masthead.date", "masthead.series"]


def test_figure_alt_from_the_writer_and_from_chart_data(tmp_path: Path) -> None:
    csv = b"Year,Trade\n1994,290\n2000,650\n2005,810\n"
    brief, warnings = _brief(tmp_path, 'Text.\n\n![Figure 1: Trade](figures/a.csv){alt="Trade tripled."}\n\n'
                                       '![Figure 2: Trade again](figures/a.csv){wide=yes}\n',
                             {"a.csv": csv})
    figures = [n for n in document_tree(brief).kids if n.role == "Figure"]
    assert figures[0].alt == "Trade tripled."
    assert figures[1].alt == ("Bar chart of Trade again. 3 categories (Year), 1994 to 2005. "
                              "Trade: from 290 to 810, highest 810 in 2005.")
    assert [w.line for w in warnings if "attribute 'wide'" in str(w)] == [12]


def test_chart_description_names_each_series_and_its_peak() -> None:
    chart = ChartData(("1990-94", "2000-04"), ("Migrants", "Returns"), ((260000.0, 485000.0), (9.0, 4.0)), "line")
    text = describe_chart(chart, "Undocumented migration")
    assert text.startswith("Line chart of Undocumented migration. 2 categories, 1990-94 to 2000-04.")
    assert "Migrants: from 260,000 to 485,000, highest 485,000 in 2000-04." in text
    assert "Returns: from 9 to 4, highest 9 in 1990-94." in text


def test_columns_are_placed_in_reading_order(sample_pdf: Path) -> None:
    """Layout output itself: on every page, a heading comes before the lines under it and a column's
    notes after its text, which is the order the renderer draws (and extraction reads) them in."""
    from conftest import SAMPLE

    from briefpress.fonts import FontBook
    from briefpress.layout.document import layout_document
    from briefpress.layout.page import PlacedLine
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    brief = load_brief(SAMPLE, warnings)
    doc = layout_document(brief, spec, FontBook(spec.fonts.fallback, warnings), warnings)
    for page in doc.pages[1:-1]:
        lines = [i for i in page.items if isinstance(i, PlacedLine)]
        for a, b in zip(lines, lines[1:]):
            same_column = abs(a.x - b.x) < 1
            if same_column and a.role in ("heading", "body") and b.role in ("heading", "body"):
                assert b.y < a.y, f"page {page.number}: {b.line.text[:30]!r} drawn after a line below it"
            if a.role == "note" and same_column:
                assert b.role == "note", "a column's notes come after all its text"
        assert all(i.node for i in lines), "every line names its model node"


def test_a_raster_figure_without_alt_is_a_warning(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefpress.cli import main
    from test_bad_input import png_bytes

    folder = tmp_path / "b"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "p.png").write_bytes(png_bytes((600, 400), dpi=300))
    (folder / "brief.md").write_text(FRONT + "Text.\n\n![Figure 1: A map](figures/p.png)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 0
    assert "brief.md:10: warning: Figure 1 ('p.png') has no description for screen readers" in result.output
