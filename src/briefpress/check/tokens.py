"""A small, fast reader of PDF content streams: bytes -> [(operands, operator), …].

The preflight's walker needs every operator of every page, and pypdf's
general-purpose `ContentStream.operations` spends most of a check building
pypdf objects one byte at a time.  This tokenizer reads the same syntax
(ISO 32000 7.2 and 7.8.2) with one regular expression and gives the walker
what pypdf would: numbers as int/float, names as str ("/F1"), strings as
bytes (escapes decoded), arrays as lists, dictionaries as dicts, true/false/
null, and an inline image (BI … ID … EI) as pypdf's (``{"settings": …,
"data": …}``, b"INLINE IMAGE").  It is still an independent reading of the
written file: it never asks the renderer anything.
"""

from __future__ import annotations

import re
from typing import Any

_DELIM = rb"()<>\[\]{}/%"
_WS = rb"\x00\t\n\x0c\r "
_TOKEN = re.compile(
    rb"[" + _WS + rb"]*(?:"
    rb"(?P<ws>%[^\r\n]*)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WS + _DELIM + rb"])"
    rb"|(?P<name>/[^" + _WS + _DELIM + rb"]*)"
    rb"|(?P<str>\((?:[^()\\]|\\.)*\))"
    rb"|(?P<dopen><<)|(?P<dclose>>>)"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<aopen>\[)|(?P<aclose>\])"
    rb"|(?P<op>[^" + _WS + _DELIM + rb"]+)"
    rb"|(?P<paren>\()"
    rb"|(?P<other>.)"
    rb"|(?P<end>$))",
    re.S,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}


class ContentSyntaxError(ValueError):
    """The content stream is not PDF syntax the walker can follow."""


def _unescape(m: re.Match[bytes]) -> bytes:
    s = m.group(1)
    if s in _SIMPLE:
        return _SIMPLE[s]
    if s[:1].isdigit():
        return bytes([int(s, 8) & 0xFF])
    return s  # \( \) \\ and any other character stands for itself


def _string(body: bytes) -> bytes:
    return _ESCAPE.sub(_unescape, body) if b"\\" in body else body


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _nested_string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string with unescaped balanced parentheses inside, from the '(' at pos."""
    depth, i, n = 0, pos, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return _string(data[pos + 1:i]), i + 1
        i += 1
    raise ContentSyntaxError("a string is not closed")


def _inline_image(data: bytes, pos: int, settings: dict[str, Any]) -> tuple[bytes, int]:
    """The image data after ID up to the EI that ends it; returns (data, position after EI)."""
    if pos < len(data) and data[pos] in b"\x00\t\n\x0c\r ":
        pos += 1
    end = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + rb"]|$)").search(data, pos)
    if end is None:
        raise ContentSyntaxError("an inline image has no EI")
    return data[pos:end.start()], end.end()


# The fast path: one findall over the whole stream (the scanning at C speed), for streams with no
# inline image and no string holding unescaped parentheses, which is every stream ReportLab writes.
# Groups: number, name, string, bracket (or a lone "(" that starts a nested string), operator, other.
_FAST = re.compile(
    rb"[" + _WS + rb"]*(?:%[^\r\n]*"
    rb"|([+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WS + _DELIM + rb"])"
    rb"|(/[^" + _WS + _DELIM + rb"]*)"
    rb"|(\((?:[^()\\]|\\.)*\))"
    rb"|(<<|>>|\[|\]|<[0-9A-Fa-f" + _WS + rb"]*>|\()"
    rb"|([^" + _WS + _DELIM + rb"]+)"
    rb"|([^" + _WS + rb"]))",
    re.S,
)


class _Slow(Exception):
    """Something only the general reader handles: an inline image, a nested string, a stray byte."""


def _fast_operations(data: bytes) -> list[tuple[list[Any], bytes]]:
    ops: list[tuple[list[Any], bytes]] = []
    operands: list[Any] = []
    stack: list[list[Any]] = []
    target = operands
    for num, name, string, bracket, op, other in _FAST.findall(data):
        if num:
            target.append(float(num) if b"." in num else int(num))
        elif op:
            if op in _KEYWORDS:
                target.append(_KEYWORDS[op])
            elif stack or op == b"BI":
                raise _Slow
            else:
                ops.append((operands, op))
                operands = target = []
        elif string:
            target.append(_string(string[1:-1]))
        elif name:
            target.append(_name(name))
        elif bracket:
            if bracket == b"[" or bracket == b"<<":
                stack.append(target)
                target = [] if bracket == b"[" else [_DictMarker]
            elif bracket == b"]" or bracket == b">>":
                if not stack or (bracket == b">>") != (bool(target) and target[0] is _DictMarker):
                    raise _Slow
                done: Any = target
                if bracket == b">>":
                    items = done[1:]
                    done = {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)}
                target = stack.pop()
                target.append(done)
            elif bracket == b"(":
                raise _Slow
            else:
                digits = re.sub(rb"[" + _WS + rb"]", b"", bracket[1:-1])
                target.append(bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode()))
        elif other:
            raise _Slow
    if stack:
        raise _Slow
    return ops


def operations(data: bytes) -> list[tuple[list[Any], bytes]]:
    """Every operator of a content stream with its operands, in order."""
    try:
        return _fast_operations(data)
    except _Slow:
        return _general_operations(data)


def _general_operations(data: bytes) -> list[tuple[list[Any], bytes]]:
    """Every operator with its operands, token by token: any syntax, with its errors located."""
    ops: list[tuple[list[Any], bytes]] = []
    operands: list[Any] = []
    stack: list[list[Any]] = []  # open arrays and dictionaries (dicts as [marker, k, v, …])
    target = operands
    match = _TOKEN.match
    pos, n = 0, len(data)
    inline: dict[str, Any] | None = None  # between BI and ID: the image's dictionary
    while pos < n:
        m = match(data, pos)
        kind = m.lastgroup  # type: ignore[union-attr]
        pos = m.end()  # type: ignore[union-attr]
        if kind == "ws":
            continue
        text = m.group(kind)  # type: ignore[union-attr]
        if kind == "num":
            target.append(float(text) if b"." in text else int(text))
        elif kind == "name":
            target.append(_name(text))
        elif kind == "str":
            target.append(_string(text[1:-1]))
        elif kind == "paren":
            value, pos = _nested_string(data, pos - 1)
            target.append(value)
        elif kind == "hex":
            digits = re.sub(rb"[" + _WS + rb"]", b"", text[1:-1])
            if len(digits) % 2:
                digits += b"0"
            target.append(bytes.fromhex(digits.decode()))
        elif kind == "aopen" or kind == "dopen":
            stack.append(target)
            target = [] if kind == "aopen" else [_DictMarker]
        elif kind == "aclose" or kind == "dclose":
            if not stack:
                raise ContentSyntaxError(f"'{text.decode()}' closes nothing")
            done: Any = target
            if (kind == "dclose") != (bool(done) and done[0] is _DictMarker):
                raise ContentSyntaxError("an array or dictionary is closed by the wrong bracket")
            if kind == "dclose":
                items = done[1:]
                done = {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)}
            target = stack.pop()
            target.append(done)
        elif kind == "op":
            if text in _KEYWORDS:
                target.append(_KEYWORDS[text])
            elif stack:
                raise ContentSyntaxError(f"operator {text.decode('latin-1')} inside an array or dictionary")
            elif text == b"BI":
                inline = {}
                operands = target = []
            elif text == b"ID" and inline is not None:
                items = operands
                settings = {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)}
                image, pos = _inline_image(data, pos, settings)
                ops.append(({"settings": settings, "data": image}, b"INLINE IMAGE"))
                inline = None
                operands = target = []
            else:
                ops.append((operands, text))
                operands = target = []
        else:
            if kind == "end":
                break
            raise ContentSyntaxError(f"unexpected byte {text!r} at {pos - 1}")
    if stack:
        raise ContentSyntaxError("an array or dictionary is not closed")
    return ops


class _DictMarker:
    """First item of a dictionary being read."""


def page_data(page: Any) -> bytes:
    """The page's content: its /Contents stream, or its streams joined (decoded with pypdf's filters)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    if isinstance(contents, list):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return contents.get_data()
