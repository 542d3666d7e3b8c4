"""Inline HTML -> brief Markdown: emphasis, links, note references, escapes.

Text is escaped so that a writer's literal `*`, `[` or `_` stays literal, and
so that `[^3]` typed in the text can never become a note reference.  Note
references (mammoth's <sup><a href="#footnote-N">) are handed to a callback
that numbers notes in order of first reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .htmltree import Node

NOTE_HREF_RE = re.compile(r"^#((?:foot|end)note-[\w-]+)$")
BACKLINK_RE = re.compile(r"^#(?:foot|end)note-ref-")
ESCAPE_RE = re.compile(r"([\\`*_\[\]<])")
ENTITY_RE = re.compile(r"&(?=#?\w+;)")
LINE_START_RE = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s|$))")
SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
LOCAL_LINK_RE = re.compile(r"^\s*(javascript|vbscript|file|data):", re.I)  # the build refuses these
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}


@dataclass(frozen=True)
class InlineContext:
    """How to write inline content here: note numbering, and whether `|` and line breaks are special."""

    note_ref: Callable[[str], int]
    notice: Callable[[str, str], None] = lambda message, hint: None
    in_table: bool = False


def escape_text(text: str, in_table: bool = False) -> str:
    text = ENTITY_RE.sub("&amp;", ESCAPE_RE.sub(r"\\\1", SPACE_RE.sub(" ", text)))
    return text.replace("|", "\\|") if in_table else text


def escape_line_start(line: str) -> str:
    """A paragraph line that would start a heading, quote, list or rule is escaped at its first mark."""
    m = LINE_START_RE.match(line)
    if not m:
        return line
    mark = m.group(2)
    escaped = mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark
    return m.group(1) + escaped + line[m.end():]


def _wrap(marker: str, content: str) -> str:
    """Emphasis markers hug the words: `* a *` is not emphasis in CommonMark, so spaces go outside."""
    core = content.strip(" ")
    if not core or core == "\\\n":
        return content
    lead = content[: len(content) - len(content.lstrip(" "))]
    trail = content[len(content.rstrip(" ")):]
    return f"{lead}{marker}{core}{marker}{trail}"


def _link(node: Node, ctx: InlineContext) -> str:
    href = node.attrs.get("href", "")
    if BACKLINK_RE.match(href):
        return ""  # mammoth's "↑" link from a note back to its reference
    note = NOTE_HREF_RE.match(href)
    if note:
        return f"[^{ctx.note_ref(note.group(1))}]"
    content = render_inline(node.children, ctx)
    if not href or href.startswith("#"):
        return content  # bookmarks and cross-references: the words only
    if LOCAL_LINK_RE.match(href):
        ctx.notice(f"a link to '{href[:60]}' was left out (the words are kept)",
                   "a brief links to web addresses (https://…) and e-mail addresses (mailto:…)")
        return content
    target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{content}]({target})" if content.strip() else ""


def _element(node: Node, ctx: InlineContext) -> str:
    tag = node.tag
    if tag == "a":
        return _link(node, ctx)
    if tag == "br":
        return " " if ctx.in_table else "\\\n"
    if tag == "img":
        return ""  # figures are lifted out of the paragraph by the block writer
    content = render_inline(node.children, ctx)
    if tag in EMPHASIS:
        return _wrap(EMPHASIS[tag], content)
    return content  # u, s, sup, sub, span…: the text without the markup


def render_inline(children: list[Node | str], ctx: InlineContext) -> str:
    """The Markdown for a run of inline HTML."""
    out = []
    for child in children:
        out.append(escape_text(child, ctx.in_table) if isinstance(child, str) else _element(child, ctx))
    return "".join(out)


def paragraph_text(children: list[Node | str], ctx: InlineContext) -> str:
    """One paragraph's Markdown: inline content, spaces collapsed, each line safe at its start."""
    text = render_inline(children, ctx)
    text = re.sub(r" {2,}", " ", text).strip(" ")
    lines = [escape_line_start(line.strip(" ")) for line in text.split("\\\n")]
    return "\\\n".join(line for line in lines)


def _is_note_link(node: Node) -> bool:
    href = node.attrs.get("href", "") if node.tag == "a" else ""
    return bool(NOTE_HREF_RE.match(href) or BACKLINK_RE.match(href))


def plain(children: list[Node | str]) -> str:
    """Plain text without markup (front-matter values, captions), spaces collapsed."""
    text = "".join(c if isinstance(c, str) else (" " if c.tag == "br" else plain(c.children)) for c in children
                   if isinstance(c, str) or not _is_note_link(c))
    return SPACE_RE.sub(" ", text).strip()
