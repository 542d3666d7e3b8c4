"""What the content walker needs to know about a font: code length, glyph widths, Unicode, ascent.

Only enough to place text on the page (safe area, blank pages) and to read
digits and full stops (note numbers); full text extraction is pypdf's job.
Missing or broken font data falls back to half an em per glyph and Latin-1,
so a damaged font lowers precision but never stops a check.
"""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_GLYPH_NAMES = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "period": ".", "space": " ", "comma": ",",
}


def _num(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _hex_to_int(raw: bytes) -> int:
    digits = re.sub(rb"\s", b"", raw)
    return int(digits, 16) if digits else 0


def _hex_to_text(raw: bytes) -> str:
    digits = re.sub(rb"\s", b"", raw)
    if len(digits) % 4:
        digits = digits.rjust(len(digits) + 4 - len(digits) % 4, b"0")
    try:
        return bytes.fromhex(digits.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return ""


def parse_tounicode(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap: code -> text."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[0::2], pairs[1::2]):
            out[_hex_to_int(src)] = _hex_to_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", block):
            lo, hi, dst = _hex_to_int(m.group(1)), _hex_to_int(m.group(2)), m.group(3)
            if hi - lo > 65535 or hi < lo:
                continue
            if dst.startswith(b"["):
                for i, item in enumerate(_HEX.findall(dst)):
                    out[lo + i] = _hex_to_text(item)
            else:
                start = _hex_to_text(dst[1:-1])
                if not start:
                    continue
                for i in range(hi - lo + 1):
                    out[lo + i] = start[:-1] + chr(min(0x10FFFF, ord(start[-1]) + i))
    return out


class FontInfo:
    """Metrics and decoding of one font resource, read once and shared by every show operation."""

    def __init__(self, font: Any) -> None:
        self.name = "?"
        self.two_byte = False
        self.widths: dict[int, float] = {}
        self.default_width = 0.5
        self.ascent = 0.8
        self.descent = -0.2
        self.unicode: dict[int, str] = {}
        self.differences: dict[int, str] = {}
        try:
            self._read(font)
        except Exception:  # noqa: BLE001 - a broken font dictionary keeps the fallbacks
            pass

    def _read(self, font: Any) -> None:
        font = font.get_object()
        self.name = str(font.get("/BaseFont", "?")).lstrip("/")
        subtype = font.get("/Subtype")
        scale = 0.001
        desc_font = font
        if subtype == "/Type0":
            self.two_byte = True
            enc = font.get("/Encoding")
            if enc is not None and hasattr(enc.get_object(), "get_data"):
                m = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", enc.get_object().get_data())
                if m and len(m.group(1)) <= 2:
                    self.two_byte = False
            kids = font.get("/DescendantFonts")
            desc_font = kids.get_object()[0].get_object() if kids else font
            self.default_width = _num(desc_font.get("/DW", 1000), 1000) * scale
            self._read_w_array(desc_font.get("/W"), scale)
        else:
            if subtype == "/Type3":
                matrix = font.get("/FontMatrix")
                scale = _num(matrix[0], 0.001) if matrix else 0.001
            first = int(_num(font.get("/FirstChar", 0), 0))
            for i, w in enumerate(font.get("/Widths") or []):
                self.widths[first + i] = _num(w.get_object() if hasattr(w, "get_object") else w, 0) * scale
            enc = font.get("/Encoding")
            enc = enc.get_object() if enc is not None else None
            if enc is not None and hasattr(enc, "get"):
                code = 0
                for item in enc.get("/Differences") or []:
                    item = item.get_object() if hasattr(item, "get_object") else item
                    if isinstance(item, (int, float)):
                        code = int(item)
                    else:
                        self.differences[code] = str(item).lstrip("/")
                        code += 1
        descriptor = desc_font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        if descriptor is not None:
            self.ascent = _num(descriptor.get("/Ascent", 800), 800) / 1000 or self.ascent
            self.descent = _num(descriptor.get("/Descent", -200), -200) / 1000
            if "/MissingWidth" in descriptor and subtype != "/Type0":
                self.default_width = _num(descriptor["/MissingWidth"], 0) * scale or self.default_width
        if self.ascent <= 0 or self.ascent > 2:
            self.ascent = 0.8
        if self.descent > 0 or self.descent < -1:
            self.descent = -0.2
        tu = font.get("/ToUnicode")
        if tu is not None and hasattr(tu.get_object(), "get_data"):
            self.unicode = parse_tounicode(tu.get_object().get_data())

    def _read_w_array(self, w: Any, scale: float) -> None:
        if w is None:
            return
        items = [i.get_object() if hasattr(i, "get_object") else i for i in w.get_object()]
        i = 0
        while i < len(items):
            first = int(_num(items[i], 0))
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, list):
                for j, width in enumerate(nxt):
                    self.widths[first + j] = _num(width, 0) * scale
                i += 2
            elif i + 2 < len(items):
                last, width = int(_num(nxt, first)), _num(items[i + 2], 0) * scale
                for code in range(first, min(last, first + 65535) + 1):
                    self.widths[code] = width
                i += 3
            else:
                break

    def glyph(self, code: int) -> tuple[float, str]:
        """(width, text) of a code, remembered: the walker asks for the same few codes thousands of times."""
        cache = self.__dict__.setdefault("_glyphs", {})
        known = cache.get(code)
        if known is None:
            known = cache[code] = (self.width(code), self.text(code))
        return known

    def codes(self, raw: bytes) -> list[int]:
        if self.two_byte:
            return [(raw[i] << 8) | (raw[i + 1] if i + 1 < len(raw) else 0) for i in range(0, len(raw), 2)]
        return list(raw)

    def width(self, code: int) -> float:
        """Advance of a glyph in text space units (em of the font size)."""
        return self.widths.get(code, self.default_width)

    def text(self, code: int) -> str:
        if code in self.unicode:
            return self.unicode[code]
        if code in self.differences:
            return _GLYPH_NAMES.get(self.differences[code], "?")
        if self.two_byte:
            return "\ufffd"
        return bytes([code]).decode("cp1252", "replace")
