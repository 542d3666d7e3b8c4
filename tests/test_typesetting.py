"""The setting of the sample brief against the typesetting targets, read back from the PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfprobe import glyphs


@pytest.fixture(scope="module")
def stats(sample_pdf: Path) -> dict:
    raw = PdfReader(str(sample_pdf)).metadata["/BriefpressStats"]
    return json.loads(raw)


def test_no_loose_lines_and_even_spacing(stats: dict) -> None:
    assert stats["justified_lines"] > 300
    assert stats["loose_lines"] == 0
    assert stats["space_p99_em"] <= 0.40
    assert stats["space_max_em"] < 0.5
    assert stats["overfull_lines"] == 0


def test_few_hyphens_never_more_than_two_in_a_row(stats: dict, sample_pdf: Path) -> None:
    assert stats["hyphenated_lines"] <= 45
    assert stats["longest_hyphen_run"] <= 2
    # cross-check on the PDF text: lines ending in a hyphen, in the whole document
    text = "\n".join(p.extract_text() for p in PdfReader(str(sample_pdf)).pages)
    ends = [ln for ln in text.split("\n") if re.search(r"[A-Za-z]-$", ln.rstrip())]
    assert len(ends) <= 45


def test_no_widows_orphans_or_notes_off_their_page(stats: dict) -> None:
    assert stats["widows"] == 0
    assert stats["orphans"] == 0
    assert stats["notes_off_page"] == 0
    assert stats["refs_at_line_start"] == 0


def test_last_page_is_balanced(stats: dict) -> None:
    assert stats["last_page_balance"] <= 1


def test_full_pages_end_on_the_same_baseline(sample_pdf: Path) -> None:
    """On every inner page the two columns' last lines (text or notes) share a baseline."""
    reader = PdfReader(str(sample_pdf))
    for index in range(1, len(reader.pages) - 2):  # inner pages before the last text page
        marks = glyphs(sample_pdf, index)
        body = [g for g in marks if 6.5 < g.size < 11 and g.y0 > 78]  # above the running footer
        if not body:
            continue
        mid = float(reader.pages[index].mediabox.width) / 2
        feet = [min(g.y0 for g in body if (g.x0 < mid) == left) for left in (True, False)]
        assert abs(feet[0] - feet[1]) < 3.5, f"page {index + 1}: column feet at {feet}"


def test_columns_read_in_order(sample_pdf: Path) -> None:
    text = PdfReader(str(sample_pdf)).pages[1].extract_text().replace("-\n", "").replace("\n", " ")
    first = text.find("LABOR MIGRATION AND ECONOMIC INTEGRATION")
    later = text.find("THE NAFTA CASE")
    assert 0 <= first < later


def test_optimal_breaking_beats_greedy(tmp_path: Path) -> None:
    from conftest import SAMPLE

    from briefpress.pipeline import build

    greedy_layout = tmp_path / "greedy.yaml"
    greedy_layout.write_text("extends: print\nbreaking:\n  method: greedy\n", encoding="utf-8")
    greedy = build(SAMPLE, layout=str(greedy_layout), output=tmp_path / "g.pdf").stats
    optimal = build(SAMPLE, layout="print", output=tmp_path / "o.pdf").stats
    assert greedy is not None and optimal is not None
    # greedy fills lines as it goes: many lines end up tight, some gappy (letterspacing keeps them under 0.5 em
    # now, layout.adjust), and it hyphenates three times as often
    assert optimal.loose_lines <= greedy.loose_lines
    assert optimal.snug_lines < greedy.snug_lines
    assert optimal.space_max_em < greedy.space_max_em
    assert optimal.hyphenated_lines < greedy.hyphenated_lines
    assert optimal.longest_hyphen_run <= 2
