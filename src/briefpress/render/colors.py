"""Colour roles -> PDF colour operators in the output's colour space.

Print output is CMYK only (a press has no RGB); screen output is RGB.  Body
text in print is pure black (K=100) so it does not misregister on press.
"""

from __future__ import annotations

from ..style.spec import LayoutSpec
from ..style.values import Color


def _fmt(v: float) -> str:
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return text or "0"


class Palette:
    def __init__(self, spec: LayoutSpec) -> None:
        self.spec = spec
        self.cmyk = spec.output.color_space == "cmyk"
        self._ops: dict[tuple[str | Color, str], str] = {}

    def color(self, role: str | Color) -> Color:
        c = role if isinstance(role, Color) else self.spec.color(role)
        if self.cmyk and role == "text":
            return Color(cmyk=(0.0, 0.0, 0.0, c.as_cmyk()[3] if c.cmyk else 1.0))
        return c

    def fill_op(self, role: str | Color) -> str:
        return self._op(role, "k", "rg")

    def stroke_op(self, role: str | Color) -> str:
        return self._op(role, "K", "RG")

    def _op(self, role: str | Color, cmyk_op: str, rgb_op: str) -> str:
        """The colour operator for `role`; every line asks, so each role's is made once."""
        key = (role, cmyk_op)
        op = self._ops.get(key)
        if op is None:
            c = self.color(role)
            values = c.as_cmyk() if self.cmyk else c.as_rgb()
            op = self._ops[key] = " ".join(_fmt(v) for v in values) + " " + (cmyk_op if self.cmyk else rgb_op)
        return op
