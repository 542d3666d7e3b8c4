"""The sample brief in the print layout, judged from the PDF as a reader sees it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfprobe import chunks, fonts

LETTER = (612.0, 792.0)
BODY_SIZE = 10.5


@pytest.fixture(scope="module")
def reader(sample_pdf: Path) -> PdfReader:
    return PdfReader(str(sample_pdf))


@pytest.fixture(scope="module")
def page_chunks(reader: PdfReader) -> list[list]:
    return [chunks(p) for p in reader.pages]


def test_every_page_is_us_letter_at_trim(reader: PdfReader) -> None:
    for page in reader.pages:
        trim = page.trimbox
        assert (round(float(trim.width), 2), round(float(trim.height), 2)) == LETTER
        assert float(page.mediabox.width) > LETTER[0]  # room for bleed and marks


def test_page_count_is_even_and_more_than_cover_and_back(reader: PdfReader) -> None:
    assert len(reader.pages) % 2 == 0
    assert len(reader.pages) >= 4


def test_every_font_is_embedded_and_no_helvetica(reader: PdfReader, sample_pdf: Path) -> None:
    used = fonts(reader)
    assert used, "no fonts found"
    assert all(used.values()), {k: v for k, v in used.items() if not v}
    assert not any("Helvetica" in name for name in used)
    assert b"Helvetica" not in sample_pdf.read_bytes()


def test_body_pages_have_two_justified_columns(reader: PdfReader, page_chunks: list[list]) -> None:
    width = LETTER[0]
    for number in range(1, len(reader.pages) - 1):
        body = [c for c in page_chunks[number] if abs(c.size - BODY_SIZE) < 0.3]
        if len(body) < 40:
            continue  # a blank or nearly empty page
        trim_x = float(reader.pages[number].trimbox.left)
        lefts = [c.x - trim_x for c in body]
        first = [x for x in lefts if x < width / 2]
        second = [x for x in lefts if x >= width / 2]
        assert len(first) > 8 and len(second) > 8, f"page {number + 1} is not in two columns"
        # line starts line up on two column edges (allowing paragraph indents and drop caps)
        assert min(first) == pytest.approx(min(lefts), abs=0.5)
        assert min(second) - min(first) > width * 0.4


def test_opening_drop_cap_reads_back_whole_and_is_big(sample_pdf: Path, reader: PdfReader,
                                                      page_chunks: list[list]) -> None:
    cover = page_chunks[0]
    caps = [c for c in cover if c.text.strip() == "D" and c.size > BODY_SIZE * 2.5]
    assert len(caps) == 1, "no drop cap D on the cover"
    cap = caps[0]
    # the rest of the word follows the big letter in the text, in body type, on the cap's first line
    rest = cover[cover.index(cap) + 1]
    assert rest.text.startswith("uring") and abs(rest.size - BODY_SIZE) < 0.3
    assert "During a visit" in reader.pages[0].extract_text()
    # readers that honour /ActualText (PDFium, as in Chrome; poppler) read the word whole too
    import pypdfium2 as pdfium

    assert "During a visit" in pdfium.PdfDocument(str(sample_pdf))[0].get_textpage().get_text_range()


def test_each_section_opens_with_a_drop_cap(page_chunks: list[list]) -> None:
    caps = [c.text.strip() for page in page_chunks for c in page
            if c.size > BODY_SIZE * 2.5 and "Garamond" in c.font]
    # the abstract, the opening, and the five sections of the sample
    assert len(caps) == 7
    assert all(len(c) == 1 and c.isalpha() for c in caps)


def test_section_heads_are_capitals(reader: PdfReader) -> None:
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "LABOR MIGRATION AND ECONOMIC INTEGRATION" in text
    assert "LESSONS FROM THE EUROPEAN EXPERIENCE" in text


def _ref_font(c) -> bool:  # type: ignore[no-untyped-def]
    """Note references are set in the layout's notes.number_font: Lato's lining figures in print and web
    (issue 10), Garamond in a layout that keeps the text face; chart labels are Lato too, but at 6.5 pt."""
    return "Garamond" in c.font or ("Lato-Regular" in c.font and abs(c.size - 6.5) > 0.004)


def _refs_and_notes(page_chunks: list[list]) -> tuple[dict[int, int], dict[int, int]]:
    refs: dict[int, int] = {}
    notes: dict[int, int] = {}
    for number, page in enumerate(page_chunks, 1):
        for c in page:
            t = c.text.strip()
            if re.fullmatch(r"\d{1,3}", t) and 4 < c.size < BODY_SIZE * 0.75 and _ref_font(c):
                refs.setdefault(int(t), number)
            m = re.match(r"^(\d{1,3})\.(\s|$)", t)
            if m and 6 < c.size < 8.5:
                notes.setdefault(int(m.group(1)), number)
    return refs, notes


def test_every_note_is_on_the_page_of_its_reference(page_chunks: list[list]) -> None:
    refs, notes = _refs_and_notes(page_chunks)
    assert sorted(refs) == list(range(1, 24)), sorted(refs)
    assert sorted(notes) == list(range(1, 24)), sorted(notes)
    off = {n: (refs[n], notes[n]) for n in refs if refs[n] != notes[n]}
    assert not off, f"notes off their reference's page (ref page, note page): {off}"


def test_note_numbers_follow_order_of_reference(page_chunks: list[list]) -> None:
    refs, _notes = _refs_and_notes(page_chunks)
    pages = [refs[n] for n in sorted(refs)]
    assert pages == sorted(pages)


def test_figures_are_drawn_with_captions(reader: PdfReader) -> None:
    texts = [p.extract_text() for p in reader.pages]
    for label in ("Figure 1:", "Figure 2:"):
        where = [i for i, t in enumerate(texts) if label in t]
        assert where, f"{label} caption missing"
    page = texts[[i for i, t in enumerate(texts) if "Figure 1:" in t][0]]
    assert "1994" in page and "2005" in page  # the line chart's category axis
    all_text = "\n".join(texts)
    assert "485,000" in all_text and "260,000" in all_text  # the bar chart's value labels


def test_colophon_is_on_the_last_page(reader: PdfReader) -> None:
    last = reader.pages[-1].extract_text()
    assert "ABOUT THE FOUNDATION" in last
    assert "Copyright 2006" in last
    assert "www.ailf.org" in last


def test_folios_on_inner_pages_only(reader: PdfReader, page_chunks: list[list]) -> None:
    n = len(reader.pages)
    for number in range(1, n + 1):
        text = reader.pages[number - 1].extract_text()
        has_footer = "Immigration Policy Center · In Focus · February 2006" in text
        if number in (1, n):
            assert not has_footer
        elif text.strip():
            assert has_footer
            digits = [c for c in page_chunks[number - 1] if c.text.strip() == str(number)]
            assert digits, f"no folio on page {number}"


def test_cover_has_masthead_title_and_abstract(reader: PdfReader) -> None:
    text = reader.pages[0].extract_text()
    for expected in ("IN FOCUS", "Immigration Policy Center", "February 2006",
                     "A division of the American Immigration Law Foundation",
                     "NAFTA, North American Economic", "918 F Street", "ost of the border-enforcement"):
        assert expected in text, expected


def test_metadata(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta.title == "NAFTA, North American Economic Integration, and Labor Migration"
    assert meta.author == "Immigration Policy Center"
    assert meta.subject.startswith("Most of the border-enforcement")
    assert str(meta["/CreationDate"]).startswith("D:20060201")
    lang = reader.trailer["/Root"].get("/Lang")
    assert lang == "en-US"


def test_rebuild_is_byte_identical(sample_pdf: Path, tmp_path: Path) -> None:
    from conftest import SAMPLE

    from briefpress.pipeline import build

    again = tmp_path / "again.pdf"
    build(SAMPLE, layout="print", output=again)
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_text_has_no_glued_words(reader: PdfReader) -> None:
    text = " ".join(p.extract_text() for p in reader.pages)
    for phrase in ("announced a “comprehensive strategy”", "neo-liberal school of economics",
                   "Security and Prosperity Partnership of North America"):
        assert phrase in " ".join(text.split()), phrase  # a line that ends between words ends with a space
    assert not re.search(r"[a-z]{3}[A-Z][a-z]{3}", text.replace("McDonald", "")), "words glued together"
