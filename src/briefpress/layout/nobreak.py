"""Places a line must never break, and written break points: ties, soft hyphens, zero-width spaces.

- a section sign and its number (`§ 12`, `§§ 21061-21062`), and a number and its unit (`15 km`, `20 %`) are
  tied with a no-break space (a fixed space: the words move as one), and a hyphen or en dash between digits
  (`21061-21062`, `1990–2006`) is not a break point;
- a soft hyphen (U+00AD) written in a word is a break point that prints a hyphen only at a line end (the
  writer's hyphenation of that word replaces the patterns');
- a zero-width space (U+200B) is a break point that prints nothing.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
ZWSP = "\u200b"
SOFT_HYPHEN = "\u00ad"
UNITS = r"(?:%|‰|°C|°F|(?:km|m|cm|mm|kg|mi|ft|lb|ha|kWh|MWh|MW|GW|km2|bn|pp)\b)"
_SECTION_RE = re.compile(r"(§§?|¶)[ \t]+(?=\d)")
_UNIT_RE = re.compile(r"(?<=\d)[ \t]+(?=" + UNITS + ")")


def tie(text: str) -> str:
    """The text with its no-break spaces in place."""
    if "§" not in text and "¶" not in text and not any(c.isdigit() for c in text):
        return text
    return _UNIT_RE.sub(NBSP, _SECTION_RE.sub(r"\1" + NBSP, text))


def digits_around(text: str, i: int) -> bool:
    """Is text[i] (a hyphen or dash) between two digits, as in a range?"""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def soft_points(piece: str) -> tuple[str, tuple[int, ...]]:
    """The word without its soft hyphens, and where they were."""
    clean: list[str] = []
    points: list[int] = []
    for ch in piece:
        if ch == SOFT_HYPHEN:
            if clean:
                points.append(len(clean))
        else:
            clean.append(ch)
    word = "".join(clean)
    return word, tuple(p for p in dict.fromkeys(points) if 0 < p < len(word))
