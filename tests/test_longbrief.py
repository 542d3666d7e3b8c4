"""A long generated brief in the print layout, judged from the PDF as a reader sees it.

The sample brief is too short to show what goes wrong over many pages with many
notes, figures, quotes and lists; bench/longbrief.py writes a brief that has all
of them.  It is built once for the module (a 24-page brief keeps this under ten
seconds) and every check reads the PDF, not the layout's internals.
"""

from __future__ import annotations

import bisect
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfprobe import chunks, fonts, glyphs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from longbrief import write_long_brief  # noqa: E402

PAGES = 24
BODY_SIZE = 10.5


@pytest.fixture(scope="module")
def long_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_long_brief(tmp_path_factory.mktemp("longbrief") / "long-brief", pages=PAGES, seed=0)


@pytest.fixture(scope="module")
def built(long_brief: Path):  # type: ignore[no-untyped-def]
    from briefpress.pipeline import build

    return build(long_brief, layout="print", output=long_brief.parent / "long.pdf")


@pytest.fixture(scope="module")
def pdf(built) -> Path:  # type: ignore[no-untyped-def]
    return built.pdf


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(str(pdf))


@pytest.fixture(scope="module")
def page_chunks(reader: PdfReader) -> list[list]:
    return [chunks(p) for p in reader.pages]


def test_build_succeeds_without_warnings(built, pdf: Path) -> None:  # type: ignore[no-untyped-def]
    """No warnings but the expected one: the generator cites a few notes a second time, on a
    later page, which preflight points out (fine for a repeated citation)."""
    assert pdf.is_file() and pdf.stat().st_size > 0
    unexpected = [str(w) for w in built.warnings if "is cited again" not in str(w)]
    assert not unexpected, unexpected


def test_page_count_near_the_asked_size_and_even(reader: PdfReader) -> None:
    n = len(reader.pages)
    assert PAGES * 0.85 <= n <= PAGES * 1.15, f"{n} pages for a brief sized for {PAGES}"
    assert n % 2 == 0


def test_every_font_is_embedded(reader: PdfReader) -> None:
    used = fonts(reader)
    assert used, "no fonts found"
    assert all(used.values()), {k: v for k, v in used.items() if not v}


def test_no_text_outside_the_trim_box(pdf: Path, reader: PdfReader) -> None:
    outside = []
    for index, page in enumerate(reader.pages):
        trim = page.trimbox
        left, bottom, right, top = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
        for g in glyphs(pdf, index):
            if g.x0 < left - 0.5 or g.x1 > right + 0.5 or g.y0 < bottom - 0.5 or g.y1 > top + 0.5:
                outside.append((index + 1, g.char, round(g.x0), round(g.y0)))
    assert not outside, f"glyphs outside the trim box (page, char, x, y): {outside[:20]}"


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a = write_long_brief(tmp_path / "a", pages=6, seed=3)
    b = write_long_brief(tmp_path / "b", pages=6, seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (write_long_brief(tmp_path / "c", pages=6, seed=4) / "brief.md").read_bytes() != (a / "brief.md").read_bytes()


# -- glyphs: every character drawn is one the manuscript has -------------------------------------
# What the layout adds by itself: bullets, the footer's dot, dashes, quotes, digits (folios, note
# numbers, list numbers, chart axes), hyphens at line ends (PDFium reads them as U+FFFE).
LAYOUT_CHARS = set("•·-‐–—“”‘’…©0123456789 \r\n\ufffe\x02")


def _pdfium_text(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_no_stray_glyphs(pdf: Path, long_brief: Path) -> None:
    allowed = set((long_brief / "brief.md").read_text(encoding="utf-8")) | LAYOUT_CHARS | {"\x00"}
    stray = []
    for number, text in enumerate(_pdfium_text(pdf), 1):
        for m in re.finditer("|".join(re.escape(c) for c in set(text) - allowed) or "(?!)", text):
            stray.append((number, text[max(0, m.start() - 12):m.end() + 4]))
    assert not stray, f"{len(stray)} characters the manuscript does not have (page, context): {stray[:6]}"


def test_no_missing_glyphs(reader: PdfReader) -> None:
    missing = []
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        for m in re.finditer("[\x00\ufffd]+", text):
            missing.append((number, text[max(0, m.start() - 20):m.end() + 8]))
    assert not missing, f"glyphs with no character, i.e. .notdef boxes (page, context): {missing[:6]}"


# -- notes: the reference logic of test_sample_print.py, made strict about what counts ------------
def _ref_font(c) -> bool:  # type: ignore[no-untyped-def]
    """Note references are set in the layout's notes.number_font: Lato's lining figures in print and web
    (issue 10), Garamond in a layout that keeps the text face; chart labels are Lato too, but at 6.5 pt."""
    return "Garamond" in c.font or ("Lato-Regular" in c.font and abs(c.size - 6.5) > 0.004)


def _refs_and_notes(page_chunks: list[list]) -> tuple[dict[int, int], dict[int, int]]:
    """Page of each note number's first reference, and page where each note starts.

    A reference is a lone number in small Garamond (notes themselves are 7.6 pt, so
    the bound is tighter than the sample test's).  A note starts where its number
    and a full stop open a note-sized line; notes are taken strictly in number
    order, so a page number such as "90." wrapping to a note line's start cannot
    pass for note 90 unless it comes right where note 90 belongs.
    """
    refs: dict[int, int] = {}
    notes: dict[int, int] = {}
    expected = 1
    for number, page in enumerate(page_chunks, 1):
        for c in page:
            t = c.text.strip()
            if re.fullmatch(r"\d{1,3}", t) and 4 < c.size < 7.2 and _ref_font(c):
                refs.setdefault(int(t), number)
            m = re.match(r"^(\d{1,3})\.(\s|$)", t)
            if m and 6 < c.size < 8.5 and int(m.group(1)) == expected:
                notes[expected] = number
                expected += 1
    return refs, notes


def _note_count(long_brief: Path) -> int:
    return len(re.findall(r"^\[\^[^\]]+\]:", (long_brief / "brief.md").read_text(encoding="utf-8"), re.M))


def test_every_note_is_on_the_page_of_its_first_reference(page_chunks: list[list], long_brief: Path) -> None:
    count = _note_count(long_brief)
    assert count >= 3 * PAGES * 0.85, "the generator should give about 3.5 notes a page"
    refs, notes = _refs_and_notes(page_chunks)
    expected = list(range(1, count + 1))
    assert sorted(refs) == expected, f"references missing: {sorted(set(expected) - set(refs))}"
    assert sorted(notes) == expected, f"notes missing from note {len(notes) + 1} on"
    off = {n: (refs[n], notes[n]) for n in refs if refs[n] != notes[n]}
    assert not off, f"notes off their first reference's page (ref page, note page): {off}"


def test_note_numbers_follow_order_of_reference(page_chunks: list[list]) -> None:
    refs, _notes = _refs_and_notes(page_chunks)
    pages = [refs[n] for n in sorted(refs)]
    assert pages == sorted(pages)


# -- text: every paragraph is there ------------------------------------------------------------------
def _words(text: str) -> list[str]:
    """Runs of letters and runs of digits, lower case: what survives line breaking and extraction.

    Letters outside ASCII are left out (Żółtowski reads "towski") and other non-ASCII
    characters (dashes, quotes) separate words: whether accented letters are drawn
    right is for the glyph tests to judge, this one asks whether the text is there.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
        elif not unicodedata.category(ch).startswith("L"):
            out.append(" ")
    return re.findall(r"[a-z]+|\d+", "".join(out).lower())


def _manuscript(long_brief: Path) -> str:
    return (long_brief / "brief.md").read_text(encoding="utf-8")


def _printed_link(m: re.Match[str]) -> str:
    """A link as the print layout sets it (output.print_urls): its words, then its address in parentheses."""
    from briefpress.layout.printurls import with_urls
    from briefpress.model.nodes import Text

    return "".join(r.text for r in with_urls((Text(m.group(1), link=m.group(2)),)))  # type: ignore[union-attr]


def _manuscript_sentences(long_brief: Path) -> list[str]:
    """Sentences of the body paragraphs, list items and quotes in reading order, Markdown removed."""
    text = _manuscript(long_brief).split("\n---\n", 1)[1]
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith(("#", "![", "[^")):
            continue
        line = re.sub(r"^(?:>\s*|-\s+|\d+\.\s+)", "", line)
        line = re.sub(r"\[\^[^\]]+\]", "", line)  # note references
        line = re.sub(r"\[([^\]]*)\]\(([^)\s]*)\)", _printed_link, line)  # links: the text, and the address
        line = line.replace("*", "")
        out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line) if len(_words(s)) >= 6)
    return out


# Two words of a sentence may be up to NEAR tokens apart (a word hyphenated at a line end counts
# twice); a sentence must start within FAR tokens after the one before it.
NEAR, FAR = 3, 400


class BodyWords:
    """The words of the body text (Garamond of 10 pt or more: paragraphs, quotes, lists, drop
    caps; not notes, captions, chart labels, headings or running feet) in drawing order,
    indexed by where each word, or each word hyphenated in two, ends."""

    def __init__(self, page_chunks: list[list], manuscript: str) -> None:
        parts: list[str] = []
        prev = None
        for page in page_chunks:
            for c in page:
                if "Garamond" in c.font and c.size >= 9.9:
                    # pieces of one line (style or font-subset changes, even inside a word) join as they are
                    same_line = prev is not None and abs(c.y - prev.y) < 1.0
                    parts.append(c.text if same_line else "\n" + c.text)
                    prev = c
            prev = None
        # characters the manuscript does not have (stray and missing glyphs, see the glyph tests)
        # are left out here, so that this test judges only whether the text is there
        known = set(manuscript) | set(" \n")
        self.stream = _words("".join(ch for ch in "".join(parts) if ch in known))
        self.ends: dict[str, list[int]] = {}
        for i, w in enumerate(self.stream):
            self.ends.setdefault(w, []).append(i)
            if i + 1 < len(self.stream):
                self.ends.setdefault(w + self.stream[i + 1], []).append(i + 1)
        for positions in self.ends.values():
            positions.sort()

    def between(self, word: str, lo: int, hi: int) -> list[int]:
        """End positions of `word` starting after position lo, ending before hi."""
        positions = self.ends.get(word, [])
        return positions[bisect.bisect_right(positions, lo):bisect.bisect_left(positions, hi)]

    def find(self, words: list[str], lo: int) -> int | None:
        """End of the first nearly contiguous match of `words` starting within FAR tokens after `lo`."""

        def rest(k: int, pos: int) -> int | None:
            if k == len(words):
                return pos
            for e in self.between(words[k], pos, pos + NEAR + 2):
                if (end := rest(k + 1, e)) is not None:
                    return end
            if k + 1 < len(words):  # two words read as one
                for e in self.between(words[k] + words[k + 1], pos, pos + NEAR + 2):
                    if (end := rest(k + 2, e)) is not None:
                        return end
            return None

        for e in self.between(words[0], lo - 1, lo + FAR):
            if (end := rest(1, e)) is not None:
                return end
        if len(words) > 1:  # a drop cap read together with its line: "A far" as "afar"
            for e in self.between(words[0] + words[1], lo - 1, lo + FAR):
                if (end := rest(2, e)) is not None:
                    return end
        return None

    def align(self, sentences: list[str]) -> list[int | None]:
        """Each sentence's end, each searched for after the previous one found."""
        ends: list[int | None] = []
        pos = 0
        for sentence in sentences:
            ends.append(self.find(_words(sentence), pos))
            pos = ends[-1] + 1 if ends[-1] is not None else pos
        return ends


def test_text_of_paragraphs_appears_in_order(page_chunks: list[list], long_brief: Path) -> None:
    """20 random sentences, each found where it belongs: after the one before it in the manuscript.

    All sentences are aligned in order (it is cheap), so that a sentence only counts
    as found near its place, not anywhere in a text that repeats phrases of a small
    corpus.
    """
    sentences = _manuscript_sentences(long_brief)
    assert len(sentences) > 200
    ends = BodyWords(page_chunks, _manuscript(long_brief)).align(sentences)
    picked = random.Random(20).sample(range(len(sentences)), 20)
    missing = [sentences[k] for k in picked if ends[k] is None]
    assert not missing, f"{len(missing)} of 20 sentences not found in order in the PDF text: {missing[:3]}"


def test_missing_text_would_be_noticed(page_chunks: list[list], long_brief: Path) -> None:
    """The check is not so lenient that text found elsewhere passes: a sentence of 12 words
    or more, searched for just after its own place (as if it had been dropped there), is
    not found again."""
    words = BodyWords(page_chunks, _manuscript(long_brief))
    sentences = _manuscript_sentences(long_brief)
    ends = words.align(sentences)
    long_ones = [k for k, s in enumerate(sentences) if len(_words(s)) >= 12 and ends[k] is not None]
    found_again = [sentences[k] for k in long_ones if words.find(_words(sentences[k]), ends[k] + 1) is not None]
    assert len(found_again) <= len(long_ones) * 0.02, found_again[:3]


# -- figures ---------------------------------------------------------------------------------------
def _column_pitch(reader: PdfReader, page_chunks: list[list]) -> float:
    """Distance between the left edges of the two text columns (column width + gutter)."""
    pitches = []
    for number in range(1, len(reader.pages) - 1):
        body = [c for c in page_chunks[number] if abs(c.size - BODY_SIZE) < 0.3]
        if len(body) < 40:
            continue
        mid = float(reader.pages[number].trimbox.left) + float(reader.pages[number].trimbox.width) / 2
        first = [c.x for c in body if c.x < mid]
        second = [c.x for c in body if c.x >= mid]
        if first and second:
            pitches.append(min(second) - min(first))
    assert pitches, "no two-column body page found"
    return sorted(pitches)[len(pitches) // 2]


def _image_widths(pdf: Path) -> list[tuple[int, float]]:
    """(page, placed width in pt) of every raster image, as PDFium places it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for index in range(len(doc)):
            for obj in doc[index].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                left, _bottom, right, _top = obj.get_bounds()
                out.append((index + 1, right - left))
        return out
    finally:
        doc.close()


def test_spanning_figure_is_wider_than_a_column(pdf: Path, reader: PdfReader, page_chunks: list[list]) -> None:
    pitch = _column_pitch(reader, page_chunks)
    widths = _image_widths(pdf)
    assert len(widths) == 4, f"the generator writes four raster figures, found {widths}"
    wide = [w for _page, w in widths if w > pitch]
    assert len(wide) == 1, f"one figure should span both columns (column pitch {pitch:.0f} pt): {widths}"
    assert wide[0] == pytest.approx(1980 / 300 * 72, rel=0.02)  # placed at its natural 300 ppi size
    narrow = [w for _page, w in widths if w <= pitch]
    assert all(w < pitch - 10 for w in narrow), "column figures must fit their column"
