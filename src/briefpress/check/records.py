"""What the content walker records about a page, and the small geometry and colour-space helpers it uses."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in default user space
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector order: `m n` maps through m first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def bbox(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class TextRun:
    """The glyphs of one show operator (Tj, TJ, ', ")."""

    text: str
    font: str
    size: float       # type size as seen on the page, in points
    x: float          # origin of the first glyph on the baseline (without rise)
    y: float
    rise: float       # text rise (Ts) on the page, in points
    box: Box
    visible: bool     # render mode 3/7 (invisible, e.g. an OCR layer) is not seen
    order: int


@dataclass(frozen=True)
class ImageUse:
    name: str
    pixels: tuple[int, int]
    placed: tuple[float, float]  # size of the image's x and y axes on the page, in points
    colour: str                  # "rgb", "rgb-cal", "other" or "none"
    box: Box
    mask: bool


@dataclass
class ColourSet:
    """A colour space chosen by an operator; `painted` once something was drawn with it."""

    what: str
    kind: str  # "rgb" or "rgb-cal"
    painted: bool = False


@dataclass(frozen=True)
class Fill:
    box: Box
    white: bool
    order: int


@dataclass
class PageContent:
    runs: list[TextRun] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)
    colours: list[ColourSet] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    painted: list[Box] = field(default_factory=list)
    shaded: bool = False  # a shading (`sh`) covers an unknown area
    problems: list[str] = field(default_factory=list)
    # marked content (tagged PDF): MCIDs in content order, what painted outside any marked content or
    # artifact (first few), and sequences that nest wrongly (an artifact inside tagged content, …)
    mcids: list[int] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    unmarked_count: int = 0
    mark_problems: list[str] = field(default_factory=list)


def num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) else 0.0


def resolve(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def colour_kind(cs: Any, resources: Any, depth: int = 0) -> str:
    """'rgb' for DeviceRGB, 'rgb-cal' for ICC-based or calibrated RGB, 'other', or 'none'."""
    cs = resolve(cs)
    if cs is None or depth > 6:
        return "none"
    if isinstance(cs, str):
        if cs in ("/DeviceRGB", "/RGB"):
            return "rgb"
        if cs in ("/DeviceCMYK", "/CMYK", "/DeviceGray", "/G", "/Pattern"):
            return "other"
        named = resolve((resolve(resources.get("/ColorSpace")) or {}).get(cs)) if resources is not None else None
        return colour_kind(named, resources, depth + 1) if named is not None else "other"
    if isinstance(cs, list) and cs:
        family = str(resolve(cs[0]))
        if family == "/ICCBased" and len(cs) > 1:
            return "rgb-cal" if int(num(resolve(cs[1]).get("/N", 0))) == 3 else "other"
        if family == "/CalRGB":
            return "rgb-cal"
        if family in ("/Indexed", "/I", "/Pattern") and len(cs) > 1:
            return colour_kind(cs[1], resources, depth + 1)
    return "other"
