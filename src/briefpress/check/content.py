"""One pass over a page's content streams, shared by the colour, image, text and note rules.

Follows the graphics state the way a viewer does (q/Q, cm, the text matrix,
colour spaces) through Form XObjects, and records what each rule needs:
text runs with their box, size and rise; image placements with their
pixel size and placed size; the colour spaces that painted something; filled
areas (for text on a band that bleeds); and whether anything at all is drawn.
Clipping is ignored, so boxes are what is painted before clipping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .fontinfo import FontInfo
from .records import (IDENTITY, ColourSet, Fill, ImageUse, Matrix, PageContent, TextRun, apply, bbox,
                      colour_kind, mul)
from .records import num as _f
from .records import resolve as _resolve

MAX_FORM_DEPTH = 12
FILL_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
STROKE_OPS = {b"S", b"s", b"B", b"B*", b"b", b"b*"}


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: ColourSet | None = None
    stroke: ColourSet | None = None
    fill_white: bool = False
    font: FontInfo | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0

    def copy(self) -> _State:
        return _State(**self.__dict__)


def _raw(s: Any) -> bytes:
    if isinstance(s, bytes):
        return bytes(s)
    getter = getattr(s, "get_original_bytes", None)
    if getter is not None:
        try:
            return bytes(getter())
        except Exception:  # noqa: BLE001
            pass
    return str(s).encode("latin-1", "replace")


class Walker:
    """Walks one page; `walk(page)` returns its PageContent."""

    def __init__(self, reader: Any = None, parser: str = "fast") -> None:
        """`parser` "fast" reads content streams with check/tokens.py; "pypdf" with pypdf's own
        ContentStream (slower; the tests compare the two)."""
        self.reader = reader
        self.fonts: dict[int, FontInfo] = {}
        self.parser = parser

    def _operations(self, stream: Any, page: bool) -> list:
        if self.parser == "pypdf":
            from pypdf.generic import ContentStream

            if page:
                contents = stream.get_contents()
                return contents.operations if contents is not None else []
            return ContentStream(stream, self.reader).operations
        from .tokens import operations, page_data

        return operations(page_data(stream) if page else stream.get_data())

    def walk(self, page: Any) -> PageContent:
        out = PageContent()
        self._order = 0
        self._marks: list[str] = []  # open marked-content sequences: "mcid", "artifact" or "other"
        ops = self._operations(page, True)
        if ops:
            self._run(ops, _resolve(page.get("/Resources")), _State(), out, "", (), 0)
        if self._marks:
            out.mark_problems.append(f"{len(self._marks)} marked-content sequence(s) left open at the page end")
        return out

    def _begin_mark(self, op: bytes, operands: list, resources: Any, out: PageContent) -> None:
        """BMC/BDC: is this tagged content (an MCID), an artifact, or other marked content?"""
        tag = str(_resolve(operands[0])) if operands else ""
        props = _resolve(operands[1]) if op == b"BDC" and len(operands) > 1 else None
        if isinstance(props, str):  # a name: the properties are in the resources
            named = _resolve(resources.get("/Properties")) if resources is not None else None
            props = _resolve(named.get(props)) if named is not None else None
        mcid = props.get("/MCID") if hasattr(props, "get") else None
        kind = "artifact" if tag == "/Artifact" else "mcid" if mcid is not None else "other"
        if kind == "mcid":
            out.mcids.append(int(_f(mcid)))
        if (kind == "mcid" and "artifact" in self._marks) or (kind == "artifact" and "mcid" in self._marks):
            inner, outer = ("tagged content", "an artifact") if kind == "mcid" else ("an artifact", "tagged content")
            note = f"{inner} inside {outer}"
            if note not in out.mark_problems:
                out.mark_problems.append(note)
        self._marks.append(kind)

    def _content(self, what: str, out: PageContent) -> None:
        """Something was painted: it must be inside tagged content or an artifact."""
        if "mcid" in self._marks or "artifact" in self._marks:
            return
        out.unmarked_count += 1
        if len(out.unmarked) < 5 and what not in out.unmarked:
            out.unmarked.append(what)

    def _font(self, resources: Any, name: Any) -> FontInfo | None:
        fonts = _resolve(resources.get("/Font")) if resources is not None else None
        ref = fonts.get(name) if fonts is not None else None
        if ref is None:
            return None
        key = id(_resolve(ref))
        if key not in self.fonts:
            self.fonts[key] = FontInfo(ref)
        return self.fonts[key]

    def _run(self, operations: list, resources: Any, gs: _State, out: PageContent, prefix: str,
             forms: tuple[int, ...], depth: int) -> None:
        stack: list[_State] = []
        tm = tlm = IDENTITY
        path: list[tuple[float, float]] = []
        for operands, op in operations:
            try:
                if op == b"q":
                    stack.append(gs.copy())
                elif op == b"Q":
                    if stack:
                        gs = stack.pop()
                elif op == b"cm" and len(operands) == 6:
                    gs.ctm = mul(tuple(_f(v) for v in operands), gs.ctm)  # type: ignore[arg-type]
                elif op in (b"m", b"l") and len(operands) >= 2:
                    path.append(apply(gs.ctm, _f(operands[0]), _f(operands[1])))
                elif op in (b"c", b"v", b"y"):
                    vals = [_f(v) for v in operands]
                    path.extend(apply(gs.ctm, vals[i], vals[i + 1]) for i in range(0, len(vals) - 1, 2))
                elif op == b"re" and len(operands) == 4:
                    x, y, w, h = (_f(v) for v in operands)
                    path.extend(apply(gs.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
                elif op in FILL_OPS or op in STROKE_OPS or op == b"n":
                    if op != b"n" and path:
                        self._content(f"a path painted with {op.decode()}", out)
                    self._paint(op, path, gs, out)
                    path = []
                elif op in (b"BMC", b"BDC"):
                    self._begin_mark(op, operands, resources, out)
                elif op == b"EMC":
                    if self._marks:
                        self._marks.pop()
                    elif "EMC without a BMC or BDC" not in out.mark_problems:
                        out.mark_problems.append("EMC without a BMC or BDC")
                elif op in (b"rg", b"RG", b"g", b"G", b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN"):
                    self._colour(op, operands, resources, gs, out)
                elif op == b"sh" and operands:
                    out.shaded = True
                    self._content("a shading (sh)", out)
                    shadings = _resolve(resources.get("/Shading")) if resources is not None else None
                    shading = _resolve(shadings.get(operands[0])) if shadings is not None else None
                    kind = colour_kind(shading.get("/ColorSpace"), resources) if shading is not None else "none"
                    if kind in ("rgb", "rgb-cal"):
                        out.colours.append(ColourSet(f"shading {prefix}{operands[0]}", kind, painted=True))
                elif op == b"Do" and operands:
                    self._xobject(operands[0], resources, gs, out, prefix, forms, depth)
                elif op == b"INLINE IMAGE":
                    self._content("an inline image", out)
                    self._inline_image(operands, resources, gs, out, prefix)
                elif op == b"BT":
                    tm = tlm = IDENTITY
                elif op in (b"Td", b"TD") and len(operands) == 2:
                    tx, ty = _f(operands[0]), _f(operands[1])
                    if op == b"TD":
                        gs.leading = -ty
                    tm = tlm = mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                elif op == b"Tm" and len(operands) == 6:
                    tm = tlm = tuple(_f(v) for v in operands)  # type: ignore[assignment]
                elif op == b"T*":
                    tm = tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading), tlm)
                elif op == b"Tf" and len(operands) == 2:
                    gs.font, gs.size = self._font(resources, operands[0]), _f(operands[1])
                elif op in (b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr") and operands:
                    value = _f(operands[0])
                    if op == b"Tc":
                        gs.char_space = value
                    elif op == b"Tw":
                        gs.word_space = value
                    elif op == b"Tz":
                        gs.scale = value / 100
                    elif op == b"TL":
                        gs.leading = value
                    elif op == b"Ts":
                        gs.rise = value
                    else:
                        gs.mode = int(value)
                elif op in (b"Tj", b"TJ", b"'", b'"') and operands:
                    if op in (b"'", b'"'):
                        if op == b'"' and len(operands) == 3:
                            gs.word_space, gs.char_space = _f(operands[0]), _f(operands[1])
                        tm = tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading), tlm)
                    items = operands[0] if op == b"TJ" else [operands[-1]]
                    tm = self._show(items, gs, tm, out)
                    if out.runs and out.runs[-1].order == self._order:
                        self._content(f"text '{out.runs[-1].text.strip()[:30]}'", out)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError) as exc:
                note = f"{op.decode('latin-1', 'replace')} operator could not be read ({type(exc).__name__})"
                if note not in out.problems:
                    out.problems.append(note)

    def _paint(self, op: bytes, path: list[tuple[float, float]], gs: _State, out: PageContent) -> None:
        if not path or op == b"n":
            return
        box = bbox(path)
        out.painted.append(box)
        if op in FILL_OPS:
            if gs.fill is not None:
                gs.fill.painted = True
            self._order += 1
            out.fills.append(Fill(box, gs.fill_white, self._order))
        if op in STROKE_OPS and gs.stroke is not None:
            gs.stroke.painted = True

    def _colour(self, op: bytes, operands: list, resources: Any, gs: _State, out: PageContent) -> None:
        fill = op.islower()
        values = [_f(v) for v in operands if not isinstance(_resolve(v), str)]
        if op in (b"rg", b"RG"):
            kind, what = "rgb", f"'{' '.join(f'{v:g}' for v in values)} {op.decode()}' operator"
            white = len(values) == 3 and all(v >= 0.999 for v in values)
        elif op in (b"cs", b"CS"):
            name = operands[0] if operands else None
            kind, what = colour_kind(name, resources), f"colour space {name} ({op.decode()})"
            white = False
        elif op in (b"sc", b"SC", b"scn", b"SCN"):
            current = gs.fill if fill else gs.stroke
            names = [v for v in operands if isinstance(_resolve(v), str)]
            if names:  # a pattern: its shading's colour space decides
                patterns = _resolve(resources.get("/Pattern")) if resources is not None else None
                pattern = _resolve(patterns.get(names[0])) if patterns is not None else None
                shading = _resolve(pattern.get("/Shading")) if pattern is not None else None
                kind = colour_kind(shading.get("/ColorSpace"), resources) if shading is not None else "other"
                what = f"pattern {names[0]}"
                self._set(gs, fill, ColourSet(what, kind) if kind != "other" else None, False, out)
                return
            # new values in the current space: same colour space record, maybe white now
            white = current is None and ((len(values) == 1 and values[0] >= 0.999) or
                                         (len(values) == 4 and all(v <= 0.001 for v in values)))
            if fill:
                gs.fill_white = white
            return
        else:  # g G k K
            kind, what = "other", ""
            white = (len(values) == 1 and values[0] >= 0.999) or (len(values) == 4 and all(v <= 0.001 for v in values))
        record = ColourSet(what, kind) if kind in ("rgb", "rgb-cal") else None
        self._set(gs, fill, record, white, out)

    @staticmethod
    def _set(gs: _State, fill: bool, record: ColourSet | None, white: bool, out: PageContent) -> None:
        if record is not None:
            out.colours.append(record)
        if fill:
            gs.fill, gs.fill_white = record, white
        else:
            gs.stroke = record

    def _xobject(self, name: Any, resources: Any, gs: _State, out: PageContent, prefix: str,
                 forms: tuple[int, ...], depth: int) -> None:
        xobjects = _resolve(resources.get("/XObject")) if resources is not None else None
        ref = xobjects.get(name) if xobjects is not None else None
        xo = _resolve(ref)
        if xo is None:
            return
        subtype = xo.get("/Subtype")
        if subtype == "/Image":
            self._content(f"image {prefix}{name}", out)
            mask = bool(_resolve(xo.get("/ImageMask", False)))
            kind = "none" if mask else colour_kind(xo.get("/ColorSpace"), resources)
            self._image(f"{prefix}{name}", int(_f(xo.get("/Width"))), int(_f(xo.get("/Height"))), kind, mask, gs, out)
        elif subtype == "/Form":
            key = getattr(ref, "idnum", id(xo))
            if key in forms or depth >= MAX_FORM_DEPTH:
                out.problems.append(f"form {prefix}{name} draws itself (a loop); not followed")
                return
            matrix = xo.get("/Matrix")
            inner = gs.copy()
            if matrix is not None and len(matrix) == 6:
                inner.ctm = mul(tuple(_f(v) for v in matrix), gs.ctm)  # type: ignore[arg-type]
            form_res = _resolve(xo.get("/Resources")) or resources
            self._run(self._operations(xo, False), form_res, inner, out, f"{prefix}{name} → ",
                      forms + (key,), depth + 1)

    def _inline_image(self, operands: Any, resources: Any, gs: _State, out: PageContent, prefix: str) -> None:
        settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
        get = lambda *keys: next((settings[k] for k in keys if k in settings), None)  # noqa: E731
        mask = bool(_resolve(get("/IM", "/ImageMask")))
        kind = "none" if mask else colour_kind(get("/CS", "/ColorSpace"), resources)
        self._image(f"{prefix}inline image", int(_f(get("/W", "/Width"))), int(_f(get("/H", "/Height"))),
                    kind, mask, gs, out)

    def _image(self, name: str, w: int, h: int, kind: str, mask: bool, gs: _State, out: PageContent) -> None:
        a, b, c, d, _e, _f2 = gs.ctm
        box = bbox([apply(gs.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))])
        out.images.append(ImageUse(name, (w, h), (math.hypot(a, b), math.hypot(c, d)), kind, box, mask))
        out.painted.append(box)
        if kind in ("rgb", "rgb-cal"):
            out.colours.append(ColourSet(f"image {name}", kind, painted=True))
        if mask and gs.fill is not None:
            gs.fill.painted = True

    def _show(self, items: list, gs: _State, tm: Matrix, out: PageContent) -> Matrix:
        font = gs.font or FontInfo(None)
        start = tm
        advance, chars = 0.0, list[str]()
        left, right = math.inf, -math.inf  # the glyphs' extent along the line, kerning included
        k = gs.size * gs.scale
        char_space = gs.char_space * gs.scale
        word_space = 0.0 if font.two_byte else gs.word_space * gs.scale
        glyph_of = font.glyph
        for item in items:
            item = _resolve(item)
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                advance -= _f(item) / 1000 * k
                if _f(item) <= -250 and chars and chars[-1] != " ":
                    chars.append(" ")
                continue
            for code in font.codes(_raw(item)):
                width, char = glyph_of(code)
                glyph = width * k
                end = advance + glyph
                if glyph >= 0:
                    if advance < left:
                        left = advance
                    if end > right:
                        right = end
                else:
                    if end < left:
                        left = end
                    if advance > right:
                        right = advance
                advance = end + (char_space + word_space if code == 32 else char_space)
                chars.append(char)
        tm = mul((1.0, 0.0, 0.0, 1.0, advance, 0.0), start)
        text = "".join(chars)
        if not text.strip():
            return tm
        page_m = mul(start, gs.ctm)
        lo, hi = gs.rise + font.descent * gs.size, gs.rise + font.ascent * gs.size
        box = bbox([apply(page_m, x, y) for x, y in ((left, lo), (right, lo), (left, hi), (right, hi))])
        vscale = math.hypot(page_m[2], page_m[3])
        x, y = apply(page_m, 0, 0)
        visible = gs.mode not in (3, 7)
        self._order += 1
        out.runs.append(TextRun(text, font.name, gs.size * vscale, x, y, gs.rise * vscale, box, visible, self._order))
        if visible:
            out.painted.append(box)
            if gs.mode in (0, 2, 4, 6) and gs.fill is not None:
                gs.fill.painted = True
            if gs.mode in (1, 2, 5, 6) and gs.stroke is not None:
                gs.stroke.painted = True
        return tm
