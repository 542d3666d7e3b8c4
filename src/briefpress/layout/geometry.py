"""Page geometry from the layout: text area, columns and the baseline grid."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..style.spec import LayoutSpec


@dataclass(frozen=True)
class Geometry:
    spec: LayoutSpec

    @property
    def width(self) -> float:
        return self.spec.page.width

    @property
    def height(self) -> float:
        return self.spec.page.height

    @property
    def text_width(self) -> float:
        p = self.spec.page
        return p.width - p.margin_inner - p.margin_outer

    @property
    def column_width(self) -> float:
        c = self.spec.columns
        return (self.text_width - c.gutter * (c.count - 1)) / c.count

    @property
    def top(self) -> float:
        return self.spec.page.height - self.spec.page.margin_top

    @property
    def bottom(self) -> float:
        return self.spec.page.margin_bottom

    @property
    def topskip(self) -> float:
        """Distance from the top of a text area to its first baseline (TeX's \\topskip)."""
        return self.spec.text.size

    def left(self, page_number: int) -> float:
        """Left edge of the text area: the inner margin is on the left of odd (right-hand) pages."""
        p = self.spec.page
        return p.margin_inner if page_number % 2 == 1 else p.margin_outer

    def column_x(self, page_number: int, column: int) -> float:
        return self.left(page_number) + column * (self.column_width + self.spec.columns.gutter)

    def slots(self, top: float) -> int:
        """Grid lines that fit between `top` and the bottom margin."""
        avail = top - self.topskip - self.bottom
        return max(0, math.floor(avail / self.spec.text.leading + 1e-6) + 1)

    def baseline(self, top: float, slot: int) -> float:
        return top - self.topskip - slot * self.spec.text.leading

    def slot_top(self, top: float, slot: int) -> float:
        """Top of the space a grid line stands for: a cap height above its baseline."""
        return self.baseline(top, slot) + self.spec.text.size * 0.72
