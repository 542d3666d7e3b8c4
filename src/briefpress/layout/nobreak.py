"""Places a line must never break: ties (written break points, soft hyphens and zero-width spaces, are
set by items.ItemBuilder).

- a section sign and its number (`§ 12`, `§§ 21061-21062`), and a number and its unit (`15 km`, `20 %`) are
  tied with a no-break space (a fixed space: the words move as one), and a hyphen or en dash between digits
  (`21061-21062`, `1990–2006`) is not a break point;
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
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
