"""Typed values of layout files: lengths and colours, parsed once when read."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "pc": 12.0}
LENGTH_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(pt|in|mm|cm|pc)?\s*$")


def parse_length(value: object) -> float:
    """`12`, `"12pt"`, `"0.75in"`, `"3mm"` -> points; raises ValueError with the accepted forms."""
    if isinstance(value, bool):
        raise ValueError("expected a length such as 12pt, 0.75in or 3mm")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = LENGTH_RE.match(value)
        if m:
            return float(m.group(1)) * UNITS[m.group(2) or "pt"]
    raise ValueError("expected a length such as 12pt, 0.75in or 3mm")


@dataclass(frozen=True, slots=True)
class Color:
    """A colour as written in the layout; converted to the output's colour space when drawn.

    CMYK values are fractions 0..1 and RGB values too.  Conversions between the
    two are the naive device formulas: layouts meant for print should give CMYK
    (what the printer receives), layouts meant for screens RGB.
    """

    cmyk: tuple[float, float, float, float] | None = None
    rgb: tuple[float, float, float] | None = None

    def as_cmyk(self) -> tuple[float, float, float, float]:
        if self.cmyk is not None:
            return self.cmyk
        assert self.rgb is not None
        r, g, b = self.rgb
        k = 1 - max(r, g, b)
        if k >= 1:
            return (0.0, 0.0, 0.0, 1.0)
        return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)

    def as_rgb(self) -> tuple[float, float, float]:
        if self.rgb is not None:
            return self.rgb
        assert self.cmyk is not None
        c, m, y, k = self.cmyk
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


COLOR_RE = re.compile(r"^\s*(cmyk|rgb|gray|grey)\s*\(([^)]*)\)\s*$", re.I)


def parse_color(value: object) -> Color:
    """`#1f3a5f`, `rgb(31, 58, 95)`, `cmyk(100, 70, 0, 40)` (percent), `gray(60)` (percent black)."""
    message = "expected a colour such as cmyk(100, 70, 0, 40), #1f3a5f, rgb(31, 58, 95) or gray(60)"
    if not isinstance(value, str):
        raise ValueError(message)
    text = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return Color(rgb=tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5)))  # type: ignore[arg-type]
    m = COLOR_RE.match(text)
    if not m:
        raise ValueError(message)
    try:
        parts = [float(p) for p in m.group(2).split(",")]
    except ValueError:
        raise ValueError(message) from None
    kind = m.group(1).lower()
    if kind == "cmyk" and len(parts) == 4 and all(0 <= p <= 100 for p in parts):
        return Color(cmyk=tuple(p / 100 for p in parts))  # type: ignore[arg-type]
    if kind == "rgb" and len(parts) == 3 and all(0 <= p <= 255 for p in parts):
        return Color(rgb=tuple(p / 255 for p in parts))  # type: ignore[arg-type]
    if kind in ("gray", "grey") and len(parts) == 1 and 0 <= parts[0] <= 100:
        return Color(cmyk=(0.0, 0.0, 0.0, parts[0] / 100))
    raise ValueError(message + " (cmyk and gray take percentages 0-100, rgb 0-255)")
