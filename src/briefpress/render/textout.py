"""Set lines as PDF text: one text object per line, exact positions, real spaces.

Every word is placed at the x the line breaker gave it.  Word spaces are
written as real space characters followed by a TJ adjustment, so that text
extraction and copy-paste see words separated by spaces and never glued or
split; the drop cap is written in the same text object as the rest of its
first line (with a text rise) so that "D" + "uring" reads back as "During".
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfdoc import PDFDocument

from ..fonts import FontBook
from ..layout.lines import Run
from .colors import Palette


def _num(v: float, places: int = 3) -> str:
    text = f"{v:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _escape(data: bytes) -> str:
    """A PDF string literal's body: ASCII only, so bytes of 0x80 and up survive the page stream's encoding."""
    return escapePDF(data)


EMBOLDEN = 0.035  # outline stroke of synthetic bold, in em: close to the weight of EB Garamond Bold


class TextWriter:
    def __init__(self, doc: PDFDocument, fonts: FontBook, palette: Palette) -> None:
        self.doc = doc
        self.fonts = fonts
        self.palette = palette
        self._cache: dict[tuple[str, str, bool], list[tuple[int, str, str, int]]] = {}
        self._words: dict[tuple[str, str], list[tuple[int, str, str, int]]] = {}
        self._names: dict[tuple[str, int], str] = {}

    def _encoded(self, font_file: str, text: str, space_before: bool) -> list[tuple[int, str, str, int]]:
        """(subset, subset font name, string literal, kern after it) for a word; words recur, so cached.

        With `space_before` the first item's literal is what follows the space glyph, which the caller
        writes itself (the space is in the first subset, code 32, in every font).
        """
        key = (font_file, text, space_before)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if not space_before:
            out = self._word(font_file, text)
        else:  # the space (code 32 of the first subset in every font, whenever it is first used), then the word
            word = self._word(font_file, text)
            space = (0, self._subset_name(font_file, 0), "", 0)
            out = [(0, space[1], word[0][2], word[0][3])] + word[1:] if word and word[0][0] == 0 else [space] + word
        self._cache[key] = out
        return out

    def _word(self, font_file: str, text: str) -> list[tuple[int, str, str, int]]:
        """(subset, subset font name, string literal, kern after it) for `text` in the font's subsets."""
        cached = self._words.get((font_file, text))
        if cached is not None:
            return cached
        font = self.fonts.load(font_file)
        out: list[tuple[int, str, str, int]] = []
        for piece, kern in self.fonts.kerned(text, font_file):
            parts = font.splitString(piece, self.doc)
            for k, (subset, chunk) in enumerate(parts):
                literal = f"({_escape(chunk)})" if chunk else ""
                out.append((subset, self._subset_name(font_file, subset), literal,
                            kern if k == len(parts) - 1 else 0))
        self._words[(font_file, text)] = out
        return out

    def _subset_name(self, font_file: str, subset: int) -> str:
        """The PDF name of one of a font's subsets (ReportLab's lookup, asked once)."""
        name = self._names.get((font_file, subset))
        if name is None:
            font = self.fonts.load(font_file)
            if subset == 0:
                font.splitString(" ", self.doc)  # the first subset exists once a glyph is in it
            name = self._names[(font_file, subset)] = font.getSubsetInternalName(subset, self.doc)
        return name

    def line(self, x: float, y: float, runs: tuple[Run, ...] | list[Run], scale: float = 1.0,
             word_space: float | None = None, marks: Sequence[str | None] | None = None,
             space_after: bool = False) -> str:
        """PDF operators drawing `runs` on the baseline y, run x positions relative to x.

        `scale` is the line's font expansion, set with Tz; a drop cap (a lowered run) keeps its
        natural width.  Tz scales every horizontal advance in the text object, so the TJ
        adjustments are divided by the scale in force.  `word_space`, the width of the line's
        justified spaces, is set once with Tw, so most lines need no adjustment between words at
        all: a smaller file, and faster to read back.  `marks` (tagged PDF) gives, for each run, the BDC
        that opens a new marked-content sequence there, or None where the run continues the last one.
        `space_after` ends a line that broke at a word space with a real space glyph, past the text, so
        that the words either side of the line end are never read as one ("and" + "Labor").
        """
        if not runs:
            return ""
        out = [f"BT 1 0 0 1 {_num(x)} {_num(y)} Tm"]
        tw = 0.0  # extra width of every space, in user space before the line's scale
        if word_space is not None:
            first = next((r for r in runs if r.space_before), None)
            if first is not None:
                natural = self.fonts.width(" ", first.frag.font, first.frag.size)
                # the word before a space ends with its letterspacing (Tc), which the space glyph gets too
                tw = word_space / scale - natural - first.track / scale
                if abs(tw) > 0.0005:
                    out.append(f"{_num(tw)} Tw")
                else:
                    tw = 0.0
        cur_scale = 1.0
        cur_track = 0.0  # letterspacing in force (Tc), in user space after the scale
        cur_bold = False
        cur_font: tuple[str, int] | None = None
        cur_size = -1.0
        cur_rise = 0.0
        cur_color = None
        cursor = 0.0  # where the text cursor stands, relative to x
        pending: list[str] = []  # TJ array elements for the current font

        def flush() -> None:
            if pending:
                out.append("[" + " ".join(pending) + "] TJ")
                pending.clear()

        def show(literal: str) -> None:
            # neighbouring strings with no adjustment between them are one string: a smaller file
            if pending and pending[-1].startswith("("):
                pending[-1] = pending[-1][:-1] + literal[1:]
            else:
                pending.append(literal)

        marked = False
        cap_word = None if marks is not None else drop_cap_word(runs)  # tagged lines mark it themselves
        for index, run in enumerate(runs):
            frag = run.frag
            size = frag.size
            space_w = self.fonts.width(" ", frag.font, size) if run.space_before else 0.0
            run_scale = 1.0 if frag.rise < 0 else scale
            if run.space_before:
                space_w += tw + run.track / run_scale
            gap = run.x - space_w * run_scale - cursor  # how far the natural position is from the wanted one
            if abs(gap) < 0.005:
                gap = 0.0  # a hundredth of a point is below what any device can show
            if not run.space_before and pending and abs(gap) > 0.0005:
                # move in the previous run's font: a jump right after a big drop cap stays a kern,
                # not a word space, for text extraction
                pending.append(_num(-gap * 1000 / (cur_size * cur_scale)))
                gap = 0.0
            if marks is not None and marks[index] is not None:  # after the kern, which stays with the run before
                flush()
                if marked:
                    out.append("EMC")
                out.append(marks[index])  # type: ignore[arg-type]
                marked = True
            if cap_word and index in (0, 1, cap_word[0]):
                flush()
                if index:
                    out.append("EMC")
                if index < cap_word[0]:
                    out.append(f"/Span <</ActualText {actual_text(cap_word[1] if index else ' ')}>> BDC")
            if run_scale != cur_scale or run.track != cur_track:
                flush()
                if run_scale != cur_scale:
                    out.append(f"{_num(run_scale * 100)} Tz")
                if run.track != cur_track or (run.track and run_scale != cur_scale):
                    # letterspacing (layout.adjust): Tc, an advance Tz scales like every other
                    out.append(f"{_num(run.track / run_scale, 4)} Tc")
                cur_scale, cur_track = run_scale, run.track
            if frag.color != cur_color:
                flush()
                out.append(self.palette.fill_op(frag.color))
                cur_color = frag.color
            if frag.rise != cur_rise:
                flush()
                out.append(f"{_num(frag.rise)} Ts")
                cur_rise = frag.rise
            if frag.embolden != cur_bold:
                flush()
                if frag.embolden:  # fill and stroke: a synthetic bold for glyphs the bold font lacks
                    out.append(f"{self.palette.stroke_op(frag.color)} {_num(frag.size * EMBOLDEN)} w 2 Tr")
                else:
                    out.append("0 Tr")
                cur_bold = frag.embolden
            first = True
            for subset, name, chunk, kern in self._encoded(frag.font, frag.text, run.space_before):
                if (frag.font, subset) != cur_font or size != cur_size:
                    flush()
                    out.append(f"{name} {_num(size)} Tf")
                    cur_font, cur_size = (frag.font, subset), size
                if first and run.space_before:
                    # the space glyph, then the adjustment that puts the word where it belongs
                    show("( )")
                    if abs(gap) > 0.0005:
                        pending.append(_num(-gap * 1000 / (size * cur_scale)))
                elif first and abs(gap) > 0.0005:
                    pending.append(_num(-gap * 1000 / (size * cur_scale)))
                if chunk:
                    show(chunk)
                if kern:
                    pending.append(str(-kern))  # pair kerning, in the thousandths of an em TJ counts in
                first = False
            cursor = run.x + self.fonts.width(frag.text, frag.font, size) * cur_scale + len(frag.text) * cur_track
        if cap_word and cap_word[0] == len(runs):
            flush()
            out.append("EMC")
        if space_after:
            last = runs[-1].frag
            _subset, name, _chunk, _kern = self._encoded(last.font, "", True)[0]
            if (last.font, 0) != cur_font:
                flush()
                out.append(f"{name} {_num(last.size)} Tf")
            show("( )")
        flush()
        if marked:
            out.append("EMC")
        if cur_rise:
            out.append("0 Ts")
        if cur_scale != 1.0:
            out.append("100 Tz")
        if cur_track:
            out.append("0 Tc")
        if tw:
            out.append("0 Tw")
        if cur_bold:
            out.append("0 Tr")
        out.append("ET")
        return "\n".join(out)

    def text(self, x: float, y: float, text: str, font: str, size: float, color: str, align: str = "left",
             mark: str | None = None) -> str:
        from ..layout.items import Frag

        text = text.replace("\u00ad", "").replace("\u200b", "")  # soft hyphen, zero-width space: no glyph
        pieces = self.fonts.split_coverage(text, font)
        width = sum(self.fonts.width(t, f, size) for f, t in pieces)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        runs = []
        cx = 0.0
        for f, t in pieces:
            runs.append(Run(cx, Frag(t, f, size, 0.0, color), self.fonts.width(t, f, size)))
            cx += runs[-1].width
        return self.line(x, y, runs, marks=[mark] + [None] * (len(runs) - 1) if mark else None)


def drop_cap_word(runs: Sequence[Run]) -> tuple[int, str] | None:
    """A drop cap's word, for tools that read text by position, such as pdftotext: they set the big
    letter apart from its word, and may read it, and the paragraph beside it, out of order.  So the cap
    is given the /ActualText of a space and the rest of the word the whole word ("D" + "uring" ->
    " " + "During"; with a one-letter cap, "A" + " household" -> " " + "A household"), which stands
    where the line begins.  (An empty /ActualText would be cleaner, but PDFium ignores an empty one.)
    Text read in content order (pypdf) and by the structure tree reads the glyphs or the ActualText
    alike.  Returns (index of the first run after the word, the word), or None."""
    if len(runs) < 2 or runs[0].frag.rise >= 0 or runs[1].link or runs[1].mark:
        return None
    end = 2
    while end < len(runs) and not runs[end].space_before and runs[end].link == runs[1].link:
        end += 1
    return end, "".join((" " if r.space_before else "") + r.frag.text for r in runs[:end]).replace("\u00ad", "")


def actual_text(text: str) -> str:
    """A PDF text string for /ActualText: UTF-16BE with its byte-order mark, in hex."""
    return "<" + ("\ufeff" + text).encode("utf-16-be").hex().upper() + ">"
