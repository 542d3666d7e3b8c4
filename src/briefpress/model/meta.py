"""Validate the front matter against the content-format contract -> Meta.

Unknown keys are errors (a typo such as `abstarct` must not vanish), as are
missing required keys and values of the wrong shape; each message names the
file, the line and the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ManuscriptError
from ..model.nodes import Colophon, Inline, Meta, Paragraph, Text
from ..source.frontmatter import FrontMatter

TEXT, TEXT_LIST, TEXT_OR_LIST, BLOCKS, MAPPING = "text", "list of text", "text or list of text", "list of lists of text", "mapping"

# key: (required, kind, description used in messages)
FRONT_MATTER_KEYS: dict[str, tuple[bool, str]] = {
    "title": (True, TEXT),
    "subtitle": (False, TEXT),
    "series": (False, TEXT),
    "publisher": (True, TEXT),
    "division": (False, TEXT),
    "date": (True, TEXT),
    "volume": (False, TEXT),
    "issue": (False, TEXT),
    "authors": (False, TEXT_LIST),
    "abstract": (True, TEXT),
    "keywords": (False, TEXT_LIST),
    "lang": (False, TEXT),
    "contact": (False, TEXT_LIST),
    "colophon": (False, MAPPING),
    "hyphenation": (False, TEXT_LIST),
}
COLOPHON_KEYS: dict[str, str] = {
    "copyright": TEXT, "other_publications": TEXT, "about_heading": TEXT, "about": TEXT_OR_LIST,
    "address": TEXT, "phone": TEXT, "fax": TEXT, "email": TEXT, "website": TEXT, "contacts": BLOCKS,
}
# Longest value of each kind of key, in characters: a cover line, a paragraph-long field, the abstract.
# Far beyond any real brief; a longer value is a paste gone wrong, and would not fit where it is printed
# (nor, past some megabytes, in a PDF a reader can open).
MAX_LINE_CHARS = 500  # title, subtitle, publisher, date, an author, a contact line, …
MAX_PARAGRAPH_CHARS = 5_000  # a colophon paragraph (about, copyright, other_publications)
MAX_ABSTRACT_CHARS = 20_000
MAX_LIST_ITEMS = 100  # authors, keywords, contact lines, colophon blocks and their lines
LONG_KEYS = {"abstract": MAX_ABSTRACT_CHARS, "colophon.about": MAX_PARAGRAPH_CHARS,
             "colophon.copyright": MAX_PARAGRAPH_CHARS, "colophon.other_publications": MAX_PARAGRAPH_CHARS}
# Characters a text value must not hold: YAML's escapes ("\a", "\0", "\e", "\x85", "\uffff", "\ud800")
# reach past the manuscript's own control-character check.  Tab and newline are whitespace in every value.
BAD_CHAR_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
                         "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe"
                         "\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
                         "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe"
                         "\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff"
                         "\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")

InlineParser = Callable[[str, int], tuple[Inline, ...]]


def _closest(key: str, known: list[str]) -> str:
    import difflib

    match = difflib.get_close_matches(key, known, n=1)
    return f"did you mean '{match[0]}'?" if match else "known keys: " + ", ".join(known)


class _Checker:
    def __init__(self, fm: FrontMatter, path: Path) -> None:
        self.fm = fm
        self.path = path

    def fail(self, key: str, message: str, hint: str | None = None, at: str | None = None) -> ManuscriptError:
        """An error naming `key`, on the line of `at` (a list item such as 'authors.2') when given."""
        return ManuscriptError(message, path=self.path, line=self.fm.line_of(at or key), key=key, hint=hint)

    def text(self, key: str, value: Any, at: str | None = None) -> str:
        # the loader keeps numbers and dates as written, so anything but str here is a YAML shape
        if not isinstance(value, str):
            shown = ("empty" if value is None else "yes/no" if isinstance(value, bool)
                     else "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict)
                     else type(value).__name__)
            raise self.fail(key, f"must be text, not {shown}", "write the value as text, in quotes if needed", at)
        text = value.strip()
        if not text:
            raise self.fail(key, "must not be empty", "give a value or remove the key", at)
        bad = BAD_CHAR_RE.search(text)
        if bad:
            code = ord(bad.group())
            what = ("a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a noncharacter" if code >= 0xFDD0
                    else "an invisible control character")
            raise self.fail(key, f"holds {what}, U+{code:04X}, at character {bad.start() + 1}",
                            "delete it; in double quotes, '\\' starts an escape such as \\a or \\u0000, "
                            "so write '\\\\' for a backslash", at)
        limit = LONG_KEYS.get(key, MAX_LINE_CHARS)
        if len(text) > limit:
            raise self.fail(key, f"is {len(text)} characters long, more than the {limit} it may have",
                            "shorten it; is this the value you meant to paste?", at)
        return text

    def text_list(self, key: str, value: Any, at: str | None = None) -> tuple[str, ...]:
        at = at or key
        if isinstance(value, str):
            return (self.text(key, value, at),)
        if not isinstance(value, list):
            raise self.fail(key, "must be a list of text lines", f"write it as '{key.rpartition('.')[2]}: "
                            '["first", "second"]\'', at)
        if len(value) > MAX_LIST_ITEMS:
            raise self.fail(key, f"has {len(value)} items, more than the {MAX_LIST_ITEMS} it may have",
                            "shorten the list", at)
        return tuple(self.text(key, v, f"{at}.{i}") for i, v in enumerate(value))

    def blocks(self, key: str, value: Any) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, list):
            raise self.fail(key, "must be a list of blocks, each a list of lines",
                            f"write it as '{key.rpartition('.')[2]}: [[\"Name\", \"Street\"], "
                            '["Other", "Street"]]\'')
        if len(value) > MAX_LIST_ITEMS:
            raise self.fail(key, f"has {len(value)} blocks, more than the {MAX_LIST_ITEMS} it may have",
                            "shorten the list")
        return tuple(self.text_list(key, block, f"{key}.{i}") for i, block in enumerate(value))


def build_meta(fm: FrontMatter, path: Path, parse_inline: InlineParser) -> Meta:
    data = fm.data
    check = _Checker(fm, path)
    for key in data:
        if not isinstance(key, str) or key not in FRONT_MATTER_KEYS:
            raise check.fail(str(key), f"unknown front-matter key '{key}'", _closest(str(key), list(FRONT_MATTER_KEYS)))
    for key, (required, _kind) in FRONT_MATTER_KEYS.items():
        if required and key not in data:
            raise ManuscriptError(f"missing required front-matter key '{key}'", path=path, line=fm.first_line,
                                  key=key, hint=f"add a line '{key}: …' to the front matter")
    values: dict[str, Any] = {}
    for key, value in data.items():
        kind = FRONT_MATTER_KEYS[key][1]
        if kind == TEXT:
            values[key] = check.text(key, value)
        elif kind == TEXT_LIST:
            values[key] = check.text_list(key, value) if value is not None else ()
        elif kind == MAPPING:
            values[key] = _colophon(check, value)
    lang = values.get("lang", "en-US")
    if not LANG_RE.match(lang):
        raise check.fail("lang", f"'{lang}' is not a language tag", "use a tag such as en-US, fr, de-DE")
    abstract_text = values["abstract"]
    if FOOTNOTE_REF_RE.search(abstract_text):
        raise check.fail("abstract", "a footnote reference in the abstract is not supported",
                         "move the [^N] reference into the body text")
    line = fm.line_of("abstract")
    try:
        paragraphs = tuple(
            Paragraph(parse_inline(" ".join(chunk.split()), line), line, dropcap=(i == 0))
            for i, chunk in enumerate(re.split(r"\n\s*\n", abstract_text)) if chunk.strip()
        )
    except ManuscriptError as exc:  # the inline parser knows the line, not that this is the abstract
        d = exc.diagnostic
        raise ManuscriptError(d.message, path=d.path, line=d.line, key="abstract", hint=d.hint) from None
    return Meta(
        title=values["title"], publisher=values["publisher"], date=values["date"],
        abstract=paragraphs, abstract_text=" ".join(abstract_text.split()),
        series=values.get("series", "In Focus"), subtitle=values.get("subtitle"),
        division=values.get("division"), volume=values.get("volume"), issue=values.get("issue"),
        authors=values.get("authors", ()), keywords=values.get("keywords", ()), lang=lang,
        contact=values.get("contact", ()), colophon=values.get("colophon"), key_lines=dict(fm.lines),
        hyphenation=values.get("hyphenation", ()),
    )


def _colophon(check: _Checker, value: Any) -> Colophon | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise check.fail("colophon", "must be a mapping of colophon keys",
                         "known keys: " + ", ".join(COLOPHON_KEYS))
    fields: dict[str, Any] = {}
    for key, item in value.items():
        full = f"colophon.{key}"
        if key not in COLOPHON_KEYS:
            raise check.fail(full, f"unknown colophon key '{key}'", _closest(str(key), list(COLOPHON_KEYS)))
        kind = COLOPHON_KEYS[key]
        if kind == TEXT:
            fields[key] = check.text(full, item)
        elif kind == TEXT_OR_LIST:
            fields[key] = check.text_list(full, item)
        elif kind == BLOCKS:
            fields[key] = check.blocks(full, item)
    return Colophon(**fields)


def plain_text(runs: tuple[Inline, ...]) -> str:
    return "".join(r.text for r in runs if isinstance(r, Text))
