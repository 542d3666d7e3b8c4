"""Inline runs -> boxes, glue and penalties (Knuth and Plass's item model).

Words become boxes measured in their own font; spaces become glue that can
stretch and shrink; places where a line may end inside a word (hyphenation
points, after an explicit hyphen, after a slash in a URL) become penalties.
A note reference is a box glued to what precedes it, so it can never start a
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..fonts import FontBook
from ..model.nodes import Inline, LineBreak, NoteRef, Text
from ..style.spec import BreakSpec
from .hyphenate import Hyphenator
from .nobreak import digits_around, tie

INFINITY = 10000.0  # a penalty this large forbids a break; its negative forces one


@dataclass(frozen=True, slots=True)
class Frag:
    """Text in one font, size, raise and colour role.

    `embolden` marks glyphs a bold font lacks, taken from a regular fallback font: they are drawn
    with a thin outline stroke so they keep the weight of the bold around them.
    """

    text: str
    font: str
    size: float
    rise: float = 0.0
    color: str = "text"
    embolden: bool = False


class Box:
    __slots__ = ("width", "frags", "widths", "link", "note", "chars")

    def __init__(self, width: float, frags: tuple[Frag, ...], link: str | None = None, note: int | None = None,
                 widths: tuple[float, ...] | None = None):
        self.width = width
        self.frags = frags
        self.widths = widths if widths is not None else (width,)
        self.link = link
        self.note = note  # number of the note whose first reference this is
        self.chars = sum(len(f.text) for f in frags)  # glyphs, for letterspacing (layout.adjust)


class Glue:
    __slots__ = ("width", "stretch", "shrink")

    def __init__(self, width: float, stretch: float, shrink: float):
        self.width = width
        self.stretch = stretch
        self.shrink = shrink


class Penalty:
    __slots__ = ("width", "cost", "flagged", "hyphen")

    def __init__(self, width: float, cost: float, flagged: bool = False, hyphen: Frag | None = None):
        self.width = width
        self.cost = cost
        self.flagged = flagged
        self.hyphen = hyphen  # drawn at the line end when the line breaks here


Item = Box | Glue | Penalty


@dataclass(frozen=True, slots=True)
class InlineStyle:
    """Fonts and size for one kind of paragraph (body, quote, note, abstract)."""

    regular: str
    italic: str
    bold: str
    bold_italic: str
    size: float
    color: str = "text"
    link_color: str = "text"
    ref_scale: float = 0.62
    ref_rise: float = 0.36
    ref_font: str = ""  # font of note reference numbers (lining figures); empty: the regular font
    space_font: str = ""  # font whose space is the word space (breaking.word_space); empty: the regular font

    def font(self, italic: bool, bold: bool) -> str:
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


URLISH_RE = re.compile(r"^(?:https?://|www\.)|^[\w.+-]+@[\w-]+\.|\.(?:org|com|gov|edu|net|int)(?:/|$)")
# Where a URL may break, after the Chicago Manual of Style: after "//" (never inside it), before a
# single slash, period, comma, hyphen, underscore, tilde, question mark, number sign or percent sign,
# before or after "=" and "&".  Breaking *before* punctuation keeps a line from ending in something
# that reads as a hyphen or a full stop.  No hyphen is ever added.
URL_BREAK_BEFORE = "/.,-_~?#%=&@"
URL_BREAK_AFTER = "=&"
URL_BREAK_COST = 100.0
# As a last resort a long URL may break between any two letters, so it never overflows the column.
URL_ANYWHERE_COST = 800.0
EXPLICIT_HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"
DASHES = "\u2013\u2014"
BREAK_AFTER_CHARS = EXPLICIT_HYPHENS + DASHES + "/"
SOFT_SHY = SOFT_HYPHEN  # a written soft hyphen: may break here, with a hyphen; never drawn mid-line
SOFT_ZWSP = "\u200b"  # zero-width space: may break here, with nothing drawn
SOFT_SPLIT_RE = re.compile("([\u00ad\u200b])")


class ItemBuilder:
    """Turns one paragraph's inline runs into items, in the paragraph's style."""

    def __init__(self, fonts: FontBook, style: InlineStyle, breaking: BreakSpec, hyph: Hyphenator | None,
                 cache: dict | None = None) -> None:  # type: ignore[type-arg]
        self.fonts = fonts
        self.style = style
        self.breaking = breaking
        self.hyph = hyph
        # a word's items depend only on its text, font, link and whether it may hyphenate; a brief
        # repeats its words thousands of times, and items are never changed once made, so they are
        # shared through a cache that the caller keeps per paragraph style
        self._cache: dict = cache if cache is not None else {}  # type: ignore[type-arg]

    def build(self, runs: tuple[Inline, ...], hyphenate: bool = True) -> list[Item]:
        items: list[Item] = []
        words = self._words(runs)
        last_word = max((i for i, w in enumerate(words) if isinstance(w, tuple) and w[0]), default=-1)
        for index, word in enumerate(words):
            if word == "space":
                if items and isinstance(items[-1], Box):
                    items.append(self._space())
                continue
            if word == "newline":
                while items and isinstance(items[-1], Glue):
                    items.pop()
                items.append(Glue(0, INFINITY, 0))
                items.append(Penalty(0, -INFINITY))
                continue
            parts, note = word
            if note is not None:
                # a reference binds to the word before it: drop the space the writer left
                while items and isinstance(items[-1], Glue):
                    items.pop()
                if items and isinstance(items[-1], Box) and (items[-1].link or "").startswith("#note-"):
                    items.append(self._ref_comma())  # two references in a row: 1,2 and not 12
                items.append(self._note_box(note))
                continue
            self._word_items(parts, items, hyphenate and index != last_word)
        while items and isinstance(items[-1], Glue):
            items.pop()
        items.append(Penalty(0, INFINITY))
        items.append(Glue(0, INFINITY, 0))  # \parfillskip
        items.append(Penalty(0, -INFINITY, False))
        return items

    # -- words ---------------------------------------------------------------
    def _words(self, runs: tuple[Inline, ...]) -> list:  # type: ignore[type-arg]
        """Split runs into 'space', 'newline' and words; a word is ([(text, font, link)], note|None)."""
        out: list = []  # type: ignore[type-arg]
        current: list[tuple[str, str, str | None]] = []
        for run in runs:
            if isinstance(run, LineBreak):
                if current:
                    out.append((current, None))
                    current = []
                out.append("newline")
            elif isinstance(run, NoteRef):
                if current:
                    out.append((current, None))
                    current = []
                out.append(([], run))
            elif isinstance(run, Text):
                font = self.style.font(run.italic, run.bold)
                for chunk in re.split(r"([ \t\n]+)", tie(run.text)):
                    if not chunk:
                        continue
                    if chunk.isspace():
                        if current:
                            out.append((current, None))
                            current = []
                        out.append("space")
                    else:
                        current.append((chunk, font, run.link))
        if current:
            out.append((current, None))
        # drop leading spaces
        while out and out[0] == "space":
            out.pop(0)
        return out

    def _space(self) -> Glue:
        glue = self._cache.get(" ")
        if glue is None:
            w = self.fonts.width(" ", self.style.space_font or self.style.regular, self.style.size)
            glue = self._cache[" "] = Glue(w, w * self.breaking.space_stretch, w * self.breaking.space_shrink)
        return glue

    def _note_box(self, ref: NoteRef) -> Box:
        size = self.style.size * self.style.ref_scale
        text = str(ref.number)
        frag = Frag(text, self.style.ref_font or self.style.regular, size, self.style.size * self.style.ref_rise,
                    self.style.color)
        return Box(self.fonts.width(text, frag.font, size), (frag,), link=f"#note-{ref.number}",
                   note=ref.number if ref.first else None)

    def _ref_comma(self) -> Box:
        size = self.style.size * self.style.ref_scale
        frag = Frag(",", self.style.regular, size, self.style.size * self.style.ref_rise, self.style.color)
        return Box(self.fonts.width(",", frag.font, size), (frag,))

    def _box(self, text: str, font: str, link: str | None) -> Box:
        color = self.style.link_color if link else self.style.color
        size = self.style.size
        pieces = self.fonts.split_coverage(text, font)
        bold = font in (self.style.bold, self.style.bold_italic) and font != self.style.regular
        if len(pieces) == 1:
            used = pieces[0][0]  # the whole piece may come from a fallback font
            frag = Frag(text, used, size, 0.0, color, bold and used != font)
            return Box(self.fonts.width(text, used, size), (frag,), link)
        frags = tuple(Frag(t, f, size, 0.0, color, bold and f != font) for f, t in pieces)
        widths = tuple(self.fonts.width(t, f, size) for f, t in pieces)
        return Box(sum(widths), frags, link, widths=widths)

    def _word_items(self, parts: list[tuple[str, str, str | None]], items: list[Item], hyphenate: bool) -> None:
        for text, font, link in parts:
            key = (text, font, link, hyphenate)
            made = self._cache.get(key)
            if made is None:
                made = []
                self._part_items(text, font, link, made, hyphenate)
                self._cache[key] = made
            items.extend(made)

    def _part_items(self, text: str, font: str, link: str | None, items: list[Item], hyphenate: bool) -> None:
        b = self.breaking
        if SOFT_SHY in text or SOFT_ZWSP in text:
            self._soft_items(text, font, link, items, hyphenate)
            return
        urlish = bool(link) and (text.startswith(("http", "www")) or "/" in text) or bool(URLISH_RE.search(text))
        if urlish:
            self._url_items(text, font, link, items)
            return
        pieces = self._explicit_breaks(text)
        for k, piece in enumerate(pieces):
            points = self.hyph.points(piece) if (hyphenate and self.hyph is not None) else ()
            if points:
                # the hyphen a break inserts is the soft hyphen's glyph (U+00AD): it looks like "-", and text
                # extraction and screen readers know to join the word again
                hyphen = self._box(SOFT_HYPHEN, font, link)
                start = 0
                for p in points:
                    items.append(self._box(piece[start:p], font, link))
                    items.append(Penalty(hyphen.width, b.hyphen_penalty, True,
                                         Frag(SOFT_HYPHEN, font, self.style.size, 0.0, hyphen.frags[0].color)))
                    start = p
                items.append(self._box(piece[start:], font, link))
            else:
                items.append(self._box(piece, font, link))
            if k < len(pieces) - 1:
                flagged = piece[-1] in EXPLICIT_HYPHENS
                items.append(Penalty(0.0, b.explicit_hyphen_penalty, flagged))

    def _soft_items(self, text: str, font: str, link: str | None, items: list[Item], hyphenate: bool) -> None:
        """A word holding soft hyphens (U+00AD) or zero-width spaces (U+200B): neither is drawn.

        A soft hyphen is a hyphenation point the writer chose: a hyphen appears only when the line
        ends there, and the word is hyphenated nowhere else.  A zero-width space is a break
        opportunity with no hyphen.
        """
        pieces = SOFT_SPLIT_RE.split(text)
        words = [p for p in pieces[::2]]
        if not any(words):
            return
        auto = hyphenate and SOFT_SHY not in text
        start = len(items)
        for k, piece in enumerate(words):
            if piece:
                self._part_items(piece, font, link, items, auto)
            if k == len(words) - 1 or len(items) == start or not any(words[k + 1:]):
                continue  # no break before the word's first letter or after its last
            if pieces[2 * k + 1] == SOFT_SHY:  # drawn as the soft hyphen's glyph, as a hyphenation break is
                hyphen = self._box(SOFT_HYPHEN, font, link)
                items.append(Penalty(hyphen.width, self.breaking.hyphen_penalty, True,
                                     Frag(SOFT_HYPHEN, font, self.style.size, 0.0, hyphen.frags[0].color)))
            else:
                items.append(Penalty(0.0, 0.0, False))

    def _explicit_breaks(self, text: str) -> list[str]:
        """Split after hyphens and dashes (and slashes) that have letters on both sides."""
        if not any(ch in text for ch in BREAK_AFTER_CHARS):
            return [text]
        pieces: list[str] = []
        start = 0
        for i, ch in enumerate(text[:-1]):
            if ch in EXPLICIT_HYPHENS or ch in DASHES or ch == "/":
                if ch in "-\u2010\u2013" and digits_around(text, i):
                    continue  # a range such as 1990–2006 or §§ 21061-21062 stays on one line
                left, right = text[start:i], text[i + 1:]
                if len(re.sub(r"\W", "", left)) >= 2 and len(re.sub(r"\W", "", right)) >= 2:
                    pieces.append(text[start:i + 1])
                    start = i + 1
        pieces.append(text[start:])
        return pieces

    def _url_items(self, text: str, font: str, link: str | None, items: list[Item]) -> None:
        """A URL as boxes with break points between them (see URL_BREAK_BEFORE)."""
        cuts: dict[int, float] = {}  # position -> cost of breaking there
        scheme = text.find("//")
        for i in range(2, len(text) - 1):
            if scheme >= 0 and i <= scheme + 1:
                continue  # never inside "https://"
            ch, prev = text[i], text[i - 1]
            if (ch in URL_BREAK_BEFORE and prev not in URL_BREAK_BEFORE) or prev in URL_BREAK_AFTER:
                cuts[i] = URL_BREAK_COST
            elif scheme >= 0 and i == scheme + 2:
                cuts[i] = URL_BREAK_COST  # after the double slash
        # between letters of long runs without punctuation, at a higher cost
        run_start = 0
        for i in range(1, len(text)):
            if i in cuts or not text[i].isalnum():
                run_start = i
            elif i - run_start >= 6 and len(text) - i >= 3 and (scheme < 0 or i > scheme + 2):
                cuts.setdefault(i, URL_ANYWHERE_COST)
                run_start = i
        start = 0
        for i in sorted(cuts):
            items.append(self._box(text[start:i], font, link))
            items.append(Penalty(0.0, cuts[i], False))
            start = i
        items.append(self._box(text[start:], font, link))
