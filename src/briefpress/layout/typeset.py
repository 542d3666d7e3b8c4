"""Set one paragraph into lines: items, line breaking, drop cap, indents.

The one place that knows how a paragraph's shape (indent, drop cap, quote
indents, list hang) becomes a line-width function for the line breaker, and
how the drop cap's letter is cut from the first word and placed beside the
first lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from ..errors import Warnings
from ..fonts import FontBook
from ..model.nodes import Inline, Text
from ..style.spec import LayoutSpec
from .hyphenate import hyphenator
from .items import Frag, InlineStyle, ItemBuilder
from .linebreak import BreakParams, BreakResult, break_lines, greedy_breaks
from .lines import Line, Run, set_lines
from .printurls import with_urls


@dataclass(frozen=True)
class Shape:
    """Geometry of a paragraph: measure, indents, and an optional drop cap."""

    measure: float
    first_indent: float = 0.0
    left: float = 0.0
    right: float = 0.0
    dropcap_lines: int = 0
    hang: float = 0.0  # list items: every line indented, first line carries a label in the hang


@dataclass(frozen=True)
class SetParagraph:
    lines: tuple[Line, ...]
    demerits_pass: int  # which line-breaking pass succeeded (1 = no hyphenation needed)
    min_lines: int = 0  # a drop cap reserves this many lines even for a short paragraph


def protrusion_table(text: str) -> dict[str, float]:
    """'-=0.2 ,=0.12' -> {'-': 0.2, ',': 0.12} (breaking.protrusion; validated when the layout loads)."""
    table: dict[str, float] = {}
    for pair in text.split():
        char, _, amount = pair.rpartition("=")
        if len(char) == 1:
            table[char] = float(amount)
    return table


_UNSET = object()


class TypeSetter:
    def __init__(self, spec: LayoutSpec, fonts: FontBook, lang: str, warnings: Warnings,
                 exceptions: tuple[str, ...] = ()) -> None:
        self.spec = spec
        self.fonts = fonts
        self.warnings = warnings
        b = spec.breaking
        self.params = BreakParams(
            tolerance=b.tolerance, pretolerance=b.pretolerance, line_penalty=b.line_penalty,
            double_hyphen_demerits=b.double_hyphen_demerits, final_hyphen_demerits=b.final_hyphen_demerits,
            fitness_demerits=b.fitness_demerits, emergency_stretch=b.emergency_stretch,
            max_hyphen_run=b.max_hyphen_run, expansion=b.expansion,
            shrink_badness=b.shrink_badness, runt_demerits=b.runt_demerits, runt_letters=b.runt_letters)
        words = tuple(b.exceptions) + tuple(exceptions)  # the brief's own come last and win
        self.hyph = hyphenator(lang, b.min_word, b.min_before, b.min_after, words) if b.hyphenate else None
        self.protrusion = protrusion_table(b.protrusion)
        self._params_by_size: dict[float, BreakParams] = {}
        if self.hyph is not None and not self.hyph.available:
            warnings.warn(f"no hyphenation patterns for language '{lang}'; the text is not hyphenated",
                          key="lang", hint="use a language pyphen knows, e.g. en-US, fr, de")
            self.hyph = None
        # Word items and set paragraphs depend only on the spec, the fonts, the hyphenator and the call's
        # arguments: kept with the fonts, so a warm rebuild re-breaks only the paragraphs an edit changed.
        shared = fonts.shared
        shared[("spec", id(spec))] = spec  # keep the objects whose ids are in the keys below alive,
        shared[("hyph", id(self.hyph))] = self.hyph  # so that no other object can take their ids
        self._item_caches: dict[InlineStyle, dict] = shared.setdefault(  # type: ignore[assignment]
            ("items", id(spec), id(self.hyph)), {})
        self._set_memo: dict = shared.setdefault(("paragraphs", id(spec), id(self.hyph)), {})  # type: ignore[assignment,type-arg]

    def inline_style(self, kind: str) -> InlineStyle:
        """Fonts and size of a paragraph kind: body, quote, note, abstract, colophon."""
        s = self.spec
        f = s.fonts
        link = "link" if s.output.links else "text"
        ref = s.font(s.notes.number_font)  # note numbers in lining figures when the layout says so
        if kind == "note":
            return InlineStyle(f.small, f.small_italic, f.text_bold, f.text_bold_italic, s.notes.size,
                               link_color=link, ref_font=ref)
        # breaking.word_space: text: a paragraph in the italic keeps the roman's word space (EB Garamond Italic's
        # space is 0.25 em against the roman's 0.2, which made quotes the loosest lines on the page, issue 10)
        text_space = f.text if s.breaking.word_space == "text" else ""
        if kind == "quote":
            q = s.quote
            reg = s.font(q.font)
            ital = f.text if reg == f.text_italic else f.text_italic
            return InlineStyle(reg, ital, f.text_bold, f.text_bold_italic, q.size, link_color=link,
                               ref_scale=s.notes.ref_scale, ref_rise=s.notes.ref_rise, ref_font=ref,
                               space_font=text_space if reg == f.text_italic else "")
        if kind == "abstract":
            reg = s.font(s.cover.abstract_font)
            ital = f.text if reg == f.text_italic else f.text_italic
            return InlineStyle(reg, ital, f.text_bold, f.text_bold_italic, s.cover.abstract_size, link_color=link,
                               space_font=text_space if reg == f.text_italic else "")
        if kind == "colophon":
            return InlineStyle(f.text, f.text_italic, f.text_bold, f.text_bold_italic, s.colophon.text_size,
                               link_color=link)
        return InlineStyle(s.font(s.text.font), f.text_italic, f.text_bold, f.text_bold_italic, s.text.size,
                           link_color=link, ref_scale=s.notes.ref_scale, ref_rise=s.notes.ref_rise, ref_font=ref)

    def set(self, runs: tuple[Inline, ...], style: InlineStyle, shape: Shape, leading: float,
            looseness: int = 0, where: tuple[object, int] | None = None,
            justify: bool | None = None, hyphenate: bool = True) -> SetParagraph | None:
        """Break a paragraph into lines; None only when `looseness` asks for a length it cannot reach.

        Remembered by content and shape; a setting that warned (an overfull line) or met a character no
        font has is not remembered, so its warning comes again."""
        if self.spec.output.print_urls:
            runs = with_urls(runs)  # layout.printurls: print keeps link targets
        key = (runs, style, shape, leading, looseness, justify, hyphenate)
        try:
            known = self._set_memo.get(key, _UNSET)
        except TypeError:  # an unhashable run: set it every time
            return self._fit_cap(runs, style, shape, leading, looseness, where, justify, hyphenate)[0]
        if known is not _UNSET:
            return known  # type: ignore[return-value]
        missing = len(self.fonts.missing)
        result, warned = self._fit_cap(runs, style, shape, leading, looseness, where, justify, hyphenate)
        if not warned and len(self.fonts.missing) == missing:
            self._set_memo[key] = result
        return result

    def _fit_cap(self, runs: tuple[Inline, ...], style: InlineStyle, shape: Shape, leading: float,
                 looseness: int, where: tuple[object, int] | None, justify: bool | None,
                 hyphenate: bool) -> tuple[SetParagraph | None, bool]:
        """A paragraph shorter than its drop cap would leave a hole under the cap (issue 10): set it with a
        cap of as many lines as it has (dropcap.short: smaller), or none at all; a one-line one gets none."""
        res, warned = self._set(runs, style, shape, leading, looseness, where, justify, hyphenate)
        n = shape.dropcap_lines
        while n > 1 and res is not None and res.lines and len(res.lines) < n:
            n = len(res.lines) if self.spec.dropcap.short == "smaller" else 0
            n = n if n > 1 else 0
            res, again = self._set(runs, style, replace(shape, dropcap_lines=n), leading, looseness, where,
                                   justify, hyphenate)
            warned = warned or again
        return res, warned

    def _set(self, runs: tuple[Inline, ...], style: InlineStyle, shape: Shape, leading: float,
             looseness: int, where: tuple[object, int] | None, justify: bool | None,
             hyphenate: bool) -> tuple[SetParagraph | None, bool]:
        cap: Run | None = None
        cap_indent = 0.0
        n_cap = shape.dropcap_lines
        cap_word = False
        if n_cap > 0:
            runs, cap, cap_indent, cap_word = self._dropcap(runs, style, leading, n_cap)
            if cap is None:
                n_cap = 0
        cache = self._item_caches.setdefault(style, {})
        builder = ItemBuilder(self.fonts, style, self.spec.breaking, self.hyph, cache)
        items = builder.build(runs, hyphenate)
        width_full = shape.measure - shape.left - shape.right - shape.hang

        def shape_of(n: int) -> tuple[float, float]:
            x = shape.left + shape.hang
            if n < n_cap:
                return x + cap_indent, width_full - cap_indent
            if n == 0 and shape.first_indent:
                return x + shape.first_indent, width_full - shape.first_indent
            return x, width_full

        def width(n: int) -> float:
            return shape_of(n)[1]

        if self.spec.breaking.method == "greedy" or justify is False:
            if looseness:
                return None, False
            # ragged text (headings, captions, cover fields) is set without font expansion, so a line
            # first fit accepts is a line that fits as drawn: counting the glyphs' 2 % shrink here, which
            # ragged setting never applies, let heads and captions run past the column edge (issue 10)
            params = self.params if justify is not False else replace(self.params, expansion=0.0)
            result: BreakResult = greedy_breaks(items, width, params)
            result.passes = 1
        else:
            params = self._params_by_size.get(style.size)
            if params is None:  # breaking.letterspacing is in em of the paragraph's type
                params = replace(self.params, letterspacing=self.spec.breaking.letterspacing * style.size)
                self._params_by_size[style.size] = params
            found = break_lines(items, width, params, looseness)
            if found is None:
                return None, False
            result = found
        if looseness and (result.passes > 2 or max(result.ratios[:-1], default=0) > self.params.tolerance):
            return None, False
        do_justify = self.spec.text.align == "justify" if justify is None else justify
        b = self.spec.breaking
        lines = set_lines(items, result, shape_of, style.size, do_justify,
                          self.params.expansion if do_justify else 0.0, self.protrusion,
                          b.letterspacing if do_justify else 0.0,
                          (b.max_word_gap, b.letterspacing_rescue) if do_justify else (0.0, 0.0))
        if result.overfull and where is not None and not looseness:
            for ln in result.overfull:
                text = lines[ln].text.strip()
                self.warnings.warn(f"line too long for its column, nothing can be broken: '{text[:60]}'",
                                   path=str(where[0]), line=where[1],
                                   hint="shorten the word or URL, or add a break point")
        if cap is not None and lines:
            first = lines[0]
            runs0 = first.runs
            if cap_word and runs0:  # "A household": the cap is a word, and a real space follows it
                runs0 = (replace(runs0[0], space_before=True),) + runs0[1:]
            lines[0] = replace(first, runs=(replace(cap, x=cap.x - first.offset + shape.left + shape.hang),)
                               + runs0)
        return SetParagraph(tuple(lines), result.passes, n_cap), bool(result.overfull)

    def _dropcap(self, runs: tuple[Inline, ...], style: InlineStyle, leading: float,
                 n: int) -> tuple[tuple[Inline, ...], Run | None, float, bool]:
        """Cut the first letter (with any opening punctuation) off the paragraph and size it to span n lines;
        the flag says the letter is a word of its own ("A household"), so a space must follow it."""
        if not runs or not isinstance(runs[0], Text):
            return runs, None, 0.0, False
        first = runs[0]
        text = first.text.lstrip()
        k = 0
        while k < len(text) and unicodedata.category(text[k]).startswith("P"):
            k += 1
        if k >= len(text) or not text[k].isalnum():
            return runs, None, 0.0, False
        letter = text[: k + 1]
        rest = text[k + 1:]
        dc = self.spec.dropcap
        cap_font = self.spec.font(dc.font)
        text_cap = self.fonts.metrics(style.regular).cap_height * style.size
        cap_ratio = self.fonts.metrics(cap_font).cap_height
        cap_size = ((n - 1) * leading + text_cap) / cap_ratio
        pieces = self.fonts.split_coverage(letter, cap_font)
        cap_font = pieces[0][0]
        cap_w = self.fonts.width(letter, cap_font, cap_size)
        frag = Frag(letter, cap_font, cap_size, -(n - 1) * leading, dc.color)
        new_runs = ((Text(rest, first.italic, first.bold, first.link),) if rest else ()) + runs[1:]
        return new_runs, Run(0.0, frag, cap_w), cap_w + dc.gap, rest[:1].isspace()


