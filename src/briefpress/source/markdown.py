"""Markdown body -> document-model blocks, with markdown-it-py doing the parsing.

We only walk the token stream: paragraphs, `##` section heads, block quotes,
lists, image-only paragraphs (figures) and footnotes.  Every block keeps its
manuscript line.  Typographer rules turn straight quotes and `--` into the
characters a typesetter would use, in the brief's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import ManuscriptError, Warnings
from ..model.nodes import Footnote, Heading, Inline, LineBreak, ListBlock, NoteRef, Paragraph, Quote, Text
from .tables import TableReader

# Quotation marks by language (primary open/close, secondary open/close).
QUOTES = {
    "en": "“”‘’", "de": "„“‚‘", "fr": ["« ", " »", "‹ ", " ›"], "es": "«»“”", "it": "«»“”",
    "pt": "«»“”", "nl": "“”‘’", "pl": "„”‚’", "sv": "””’’", "da": "»«›‹", "ru": "«»„“",
}
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]}’']"
                    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
UNDEFINED_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
# Link schemes markdown-it refuses by default; it then prints the markup as text, silently.  We let it
# parse them and refuse them loudly instead (figures refuse every scheme in model.figures).
LINK_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
HOST_RE = re.compile(r"^[A-Za-z][\w+.\-]*://[^/\s]+")
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
REFUSED_LINK_RE = re.compile(r"^\s*(javascript|vbscript|file|data):", re.I)


def _any_link(url: str) -> bool:
    """Accept every link target in the parser, so that bad ones reach our checks with their line."""
    return True


def make_parser(lang: str) -> MarkdownIt:
    quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
    md = MarkdownIt("commonmark", {"typographer": True, "quotes": quotes})
    md.use(front_matter_plugin).use(footnote_plugin).use(attrs_plugin)  # {alt="…"} after a figure
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.enable(["replacements", "smartquotes", "table"])  # GFM pipe tables
    return md


@dataclass
class RawFigure:
    """An image-only paragraph; resolved into a Figure by model.figures."""

    alt: str
    src: str
    title: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)  # {alt="…"} written after the image


@dataclass
class ParsedBody:
    front_matter: str | None
    front_matter_line: int
    blocks: list[Any] = field(default_factory=list)  # Paragraph | Heading | Quote | ListBlock | RawFigure
    notes: dict[int, Footnote] = field(default_factory=dict)
    anchor_links: dict[str, int] = field(default_factory=dict)  # '#name' link target -> first line it is on


def split_urls(text: str, italic: bool, bold: bool, link: str | None) -> list[Inline]:
    """Mark bare URLs in running text as links (for the web PDF and for line breaking)."""
    if link is not None or ("://" not in text and "www." not in text and "@" not in text):
        return [Text(text, italic, bold, link)]
    out: list[Inline] = []
    pos = 0
    for m in URL_RE.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos:m.start()], italic, bold, None))
        url = m.group(0)
        target = url if "://" in url else f"mailto:{url}" if "@" in url and "/" not in url else "https://" + url
        out.append(Text(url, italic, bold, target))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:], italic, bold, None))
    return out


class _InlineWalker:
    def __init__(self, path: Path, warnings: Warnings) -> None:
        self.path = path
        self.warnings = warnings
        self.anchor_links: dict[str, int] = {}

    def runs(self, token: Token, line: int) -> tuple[Inline, ...]:
        italic = bold = 0
        links: list[str] = []
        out: list[Inline] = []
        cur_line = line
        for child in token.children or []:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                if kind == "text":  # `[^1]` in code is literal text, not a reference
                    self._check_refs(child.content, cur_line)
                out.extend(split_urls(child.content, italic > 0, bold > 0, links[-1] if links else None))
            elif kind == "softbreak":
                cur_line += 1
                out.append(Text(" ", italic > 0, bold > 0, links[-1] if links else None))
            elif kind == "hardbreak":
                cur_line += 1
                out.append(LineBreak())
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if REFUSED_LINK_RE.match(href):
                    raise ManuscriptError(
                        f"link target '{_shorten(href)}' is not allowed in a brief", path=self.path, line=cur_line,
                        hint="link to a web address (https://…) or an e-mail address (mailto:…)")
                if href.startswith("#"):
                    self.anchor_links.setdefault(href, cur_line)
                    links.append(href)
                else:
                    links.append(self._web_target(href, cur_line))
            elif kind == "link_close":
                links.pop()
            elif kind == "footnote_ref":
                meta = child.meta
                # an inline note (^[text]) has no label and is cited once
                out.append(NoteRef(number=meta["id"] + 1, label=meta.get("label") or f"inline {meta['id'] + 1}",
                                   first=meta.get("subId", 0) == 0))
            elif kind == "image":
                raise ManuscriptError(
                    "an image must stand alone in its own paragraph to be a figure",
                    path=self.path, line=cur_line,
                    hint="put a blank line before and after ![Figure N: caption](figures/file)")
            elif kind == "html_inline":
                self.warnings.warn(f"raw HTML {child.content!r} is not supported and was left out",
                                   path=self.path, line=cur_line, hint="use Markdown markup instead")
        return tuple(_merge(out))

    def _web_target(self, href: str, line: int) -> str | None:
        """A link's target as a PDF viewer can open it: 'www.x.org' gains https://, an e-mail address
        mailto:; a relative path or a web address without a host leads nowhere, so the text is printed
        without the link (with a warning naming the line)."""
        target = href.strip()
        if LINK_SCHEME_RE.match(target):
            if not target.lower().startswith(("http:", "https:")) or HOST_RE.match(target):
                return target
        elif target.lower().startswith("www.") and "." in target[4:]:
            return "https://" + target
        elif EMAIL_RE.match(target):
            return "mailto:" + target
        self.warnings.warn(f"link target '{_shorten(href)}' is not a web or e-mail address; the text is printed "
                           "without the link", path=self.path, line=line,
                           hint="write the full address, e.g. https://www.example.org/page")
        return None

    def _check_refs(self, text: str, line: int) -> None:
        m = UNDEFINED_REF_RE.search(text)
        if m:
            raise ManuscriptError(
                f"footnote reference [^{m.group(1)}] has no definition", path=self.path, line=line,
                hint=f"add a line '[^{m.group(1)}]: note text' (usually at the end of the brief)")


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _merge(runs: list[Inline]) -> list[Inline]:
    """Join neighbouring text runs of the same style (fewer, longer runs lay out faster)."""
    out: list[Inline] = []
    for r in runs:
        prev = out[-1] if out else None
        if (isinstance(r, Text) and isinstance(prev, Text) and prev.italic == r.italic
                and prev.bold == r.bold and prev.link == r.link):
            out[-1] = Text(prev.text + r.text, r.italic, r.bold, r.link)
        else:
            out.append(r)
    return out


def parse_inline(md: MarkdownIt, text: str, path: Path, line: int, warnings: Warnings) -> tuple[Inline, ...]:
    """Inline Markdown (italic, bold, links) in a front-matter string such as the abstract."""
    tokens = md.parseInline(text)
    walker = _InlineWalker(path, warnings)
    return walker.runs(tokens[0], line) if tokens else ()


def _image_only(token: Token) -> Token | None:
    kids = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())
            and c.type != "softbreak"]
    if len(kids) == 1 and kids[0].type == "image":
        return kids[0]
    return None


DEFINITION_RE = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")


def _refuse_duplicate_definitions(source_lines: list[str], path: Path) -> None:
    """Two `[^x]:` lines for one label: markdown-it keeps the last, and the first note would vanish."""
    seen: dict[str, int] = {}
    fence: str | None = None
    for i, text in enumerate(source_lines, 1):
        f = FENCE_RE.match(text)
        if f:
            fence = None if fence == f.group(1) else fence or f.group(1)
            continue
        m = DEFINITION_RE.match(text) if fence is None else None
        if m is None:
            continue
        label = m.group(1)
        if label in seen:
            raise ManuscriptError(f"footnote [^{label}] is defined twice (first on line {seen[label]})",
                                  path=path, line=i, hint="keep one definition, or give the other note its own label")
        seen[label] = i


def _definition_lines(source_lines: list[str]) -> dict[str, int]:
    """The first line of each `[^label]:` definition, found in one pass over the manuscript.

    (Looking each note's line up by scanning every line made reading quadratic in the notes.)
    """
    first: dict[str, int] = {}
    for i, text in enumerate(source_lines, 1):
        if "[^" not in text:
            continue
        m = DEFINITION_RE.match(text)
        if m is not None:
            first.setdefault(m.group(1), i)
    return first


# Containers the model cannot hold: their text used to vanish from the PDF without a word.
_NESTING_HINTS = {
    ("a quote", "list_item"): "end the list first: a blank line, then the '>' quote at the left margin",
    ("a quote", "footnote"): "put the quoted words in quotation marks in the note",
    ("a list", "footnote"): "write the items as sentences in the note",
    ("a list", "blockquote"): "end the quote before the list, or write the items as sentences in the quote",
}


def _refuse_nesting(what: str, stack: list[str], path: Path, line: int) -> None:
    """Refuse a quote or list inside a container whose content the model would drop or reorder."""
    for outer in ("footnote", "list_item", "blockquote"):
        if outer in stack and (what, outer) in _NESTING_HINTS:
            name = {"footnote": "a footnote", "list_item": "a list item", "blockquote": "a quote"}[outer]
            raise ManuscriptError(f"{what} inside {name} is not supported", path=path, line=line,
                                  hint=_NESTING_HINTS[(what, outer)])


def parse_body(text: str, path: Path, lang: str, warnings: Warnings) -> ParsedBody:
    md = make_parser(lang)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    walker = _InlineWalker(path, warnings)
    result = ParsedBody(front_matter=None, front_matter_line=1)
    if tokens and tokens[0].type == "front_matter":
        fm = tokens[0]
        result.front_matter = fm.content
        result.front_matter_line = (fm.map[0] if fm.map else 0) + 2
    source_lines = text.split("\n")
    _refuse_duplicate_definitions(source_lines, path)
    definition_lines = _definition_lines(source_lines)

    stack: list[str] = []  # open containers
    quote_paras: list[Paragraph] = []
    list_items: list[list[Paragraph]] = []
    outer_items: list[list[Paragraph]] = []
    list_meta: list[tuple[bool, int, int]] = []
    note_paras: list[Paragraph] = []
    note_meta: tuple[int, str] | None = None
    note_line = 0
    dropcap_next = True
    heading_count = 0
    tables = TableReader(path, source_lines, walker)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        line = (tok.map[0] + 1) if tok.map else 0
        if kind == "front_matter":
            pass
        elif kind == "heading_open":
            inline = tokens[i + 1]
            runs = walker.runs(inline, line)
            if any(isinstance(r, NoteRef) for r in runs):
                raise ManuscriptError("a footnote reference in a heading is not supported", path=path,
                                      line=line, hint="move the [^N] reference into the paragraph below")
            title = "".join(r.text for r in runs if isinstance(r, Text)).strip()
            if not title:
                raise ManuscriptError("a heading has no text", path=path, line=line,
                                      hint="write the heading after the '#' marks, or delete the line")
            level = int(tok.tag[1])
            if "footnote" in stack or "blockquote" in stack or "list" in stack:
                raise ManuscriptError("a heading inside a quote, list or footnote is not supported",
                                      path=path, line=line, hint="start the heading at the left margin")
            heading_count += 1
            result.blocks.append(Heading(title, max(2, level), line, heading_count))
            dropcap_next = level <= 2
            i += 2
        elif kind == "paragraph_open":
            inline = tokens[i + 1]
            i += 2
            image = _image_only(inline)
            if image is not None:
                if stack:
                    raise ManuscriptError("a figure inside a quote, list or footnote is not supported",
                                          path=path, line=line, hint="give the figure its own paragraph")
                result.blocks.append(RawFigure(
                    alt="".join(c.content for c in image.children or []) or image.content,
                    src=unquote(str(image.attrs.get("src", ""))), title=str(image.attrs.get("title") or ""), line=line,
                    attrs={str(k): str(v) for k, v in image.attrs.items() if k not in ("src", "title")}))
            else:
                runs = walker.runs(inline, line)
                if not stack and tables.take_source(result.blocks, runs):
                    pass  # "Source: …" under a table belongs to it
                elif not stack:
                    result.blocks.append(Paragraph(runs, line, dropcap=dropcap_next))
                    dropcap_next = False
                elif stack[-1] == "footnote":
                    note_paras.append(Paragraph(runs, line))
                elif stack[-1] == "blockquote":
                    quote_paras.append(Paragraph(runs, line))
                elif stack[-1] == "list_item":
                    list_items[-1].append(Paragraph(runs, line))
        elif kind == "blockquote_open":
            _refuse_nesting("a quote", stack, path, line)
            stack.append("blockquote")
            if stack.count("blockquote") == 1 and "footnote" not in stack:
                quote_paras = []
                quote_line = line
        elif kind == "blockquote_close":
            stack.pop()
            if "blockquote" not in stack and "footnote" not in stack and "list" not in stack:
                if quote_paras:
                    result.blocks.append(Quote(tuple(quote_paras), quote_line))
                dropcap_next = False
        elif kind in ("bullet_list_open", "ordered_list_open"):
            _refuse_nesting("a list", stack, path, line)
            depth = stack.count("list")
            if depth >= 2:
                raise ManuscriptError("a list nested more than one level deep is not supported", path=path,
                                      line=line, hint="keep to one level of nesting: write deeper items as "
                                                      "sentences in their item")
            stack.append("list")
            if "footnote" not in stack:
                if depth == 1:  # a list in a list item: its items are set apart, then the outer list goes on
                    outer_items = list_items
                list_items = []
                start = int(tok.attrs.get("start", 1) or 1)
                list_meta.append((kind == "ordered_list_open", start, line))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
            if "footnote" not in stack and list_meta:
                ordered, start, lline = list_meta.pop()
                items = tuple(tuple(p) for p in list_items if p)
                block = ListBlock(items, ordered, start, lline) if items else None
                if "list" in stack:
                    list_items = outer_items
                    if block is not None and list_items:
                        list_items[-1].append(block)  # type: ignore[arg-type]
                else:
                    if block is not None:
                        result.blocks.append(block)
                    dropcap_next = False
        elif kind == "list_item_open":
            stack.append("list_item")
            if "footnote" not in stack:
                list_items.append([])
        elif kind == "list_item_close":
            stack.pop()
        elif kind == "footnote_open":
            stack.append("footnote")
            note_meta = (tok.meta["id"] + 1, tok.meta.get("label") or f"inline {tok.meta['id'] + 1}")
            note_paras = []
        elif kind == "footnote_close":
            stack.pop()
            assert note_meta is not None
            number, label = note_meta
            note_line = definition_lines.get(label) or (note_paras[0].line if note_paras else 0)
            result.notes[number] = Footnote(number, label, tuple(note_paras), note_line)
        elif kind in ("fence", "code_block"):
            lines = tok.content.rstrip("\n").split("\n")
            runs: list[Inline] = []
            for k, text_line in enumerate(lines):
                if k:
                    runs.append(LineBreak())
                runs.append(Text(text_line))
            para = Paragraph(tuple(runs), line)
            if not stack:
                result.blocks.append(Quote((para,), line))
            elif stack[-1] == "footnote":
                note_paras.append(para)
            elif stack[-1] == "list_item":
                list_items[-1].append(para)
            else:
                quote_paras.append(para)
        elif kind == "table_open":
            if stack:
                raise ManuscriptError("a table inside a quote, list or footnote is not supported", path=path,
                                      line=line, hint="start the table at the left margin, after a blank line")
            i = tables.read(tokens, i, result.blocks)
            dropcap_next = False
            continue
        elif kind == "html_block":
            warnings.warn("raw HTML is not supported and was left out", path=path, line=line,
                          hint="use Markdown markup instead")
        i += 1

    result.anchor_links = walker.anchor_links
    for key, ident in env.get("footnotes", {}).get("refs", {}).items():
        if ident == -1:
            label = key[1:]
            warnings.warn(f"footnote [^{label}] is defined but never referenced; it is not printed",
                          path=path, line=definition_lines.get(label),
                          hint=f"add [^{label}] where the note belongs, or delete the definition")
    return result
