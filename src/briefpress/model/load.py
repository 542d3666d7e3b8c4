"""Manuscript file -> validated Brief: the first stage of the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import ManuscriptError, Warnings
from ..source.frontmatter import parse_front_matter
from ..source.markdown import RawFigure, make_parser, parse_body, parse_inline
from ..source.read import read_manuscript_text, resolve_manuscript
from .figures import resolve_figure
from .meta import build_meta
from .nodes import (Block, Brief, Figure, Footnote, Heading, Inline, ListBlock, NoteRef, Paragraph, Quote, Table,
                    Text)


def load_brief(target: Path, warnings: Warnings) -> Brief:
    path = resolve_manuscript(target)
    text = read_manuscript_text(path)
    if not text.startswith("---"):
        raise ManuscriptError("the manuscript has no front matter", path=path, line=1,
                              hint="begin the file with a line '---', the YAML keys (title, publisher, date, "
                                   "abstract), and another '---'")
    first = text.split("\n", 1)[0].strip()
    if first != "---":
        raise ManuscriptError("the first line must be exactly '---'", path=path, line=1,
                              hint="put '---' alone on the first line and the YAML keys on the lines below")
    lines = text.split("\n")
    close = next((i for i, ln in enumerate(lines[1:], 2) if ln.rstrip() in ("---", "...")), None)
    if close is None:
        raise ManuscriptError("the front matter is not closed", path=path, line=1,
                              hint="add a line '---' after the last front-matter key")
    # lang decides quotes and hyphenation, so peek at it before the full parse
    body = parse_body(text, path, _peek_lang(text), warnings)
    if body.front_matter is None:
        raise ManuscriptError("the front matter could not be read", path=path, line=1,
                              hint="begin the file with '---', the YAML keys, and '---' alone on a line")
    fm = parse_front_matter(body.front_matter, path, body.front_matter_line)
    md = make_parser(str(fm.data.get("lang", "en-US")))
    meta = build_meta(fm, path, lambda s, line: parse_inline(md, s, path, line, warnings))
    blocks: list[Block] = []
    count = 0
    for block in body.blocks:
        if isinstance(block, RawFigure):
            count += 1
            figure = resolve_figure(block.alt, block.src, block.title, block.line, path, count)
            blocks.append(_with_attributes(figure, block.attrs, path, warnings))
        else:
            blocks.append(block)
    blocks, notes = _number_notes(blocks, body.notes, path, warnings)
    blocks = _check_anchor_links(blocks, notes, body.anchor_links, path, warnings)
    if blocks and all(isinstance(b, Heading) for b in blocks):
        raise ManuscriptError("the brief has headings but no text", path=path, line=blocks[0].line,
                              hint="write the text of the section under its heading")
    if not blocks:
        warnings.warn("the brief has no body text", path=path, line=close,
                      hint="write the text after the front matter")
    return Brief(source=path, meta=meta, blocks=tuple(blocks), notes=notes)


def _map_paragraphs(block: Block, fn: Callable[[Paragraph], Paragraph]) -> Block:
    """`block` with `fn` applied to each of its paragraphs (and table cells), in reading order."""
    if isinstance(block, Paragraph):
        return fn(block)
    if isinstance(block, Quote):
        return replace(block, paragraphs=tuple(fn(p) for p in block.paragraphs))
    if isinstance(block, ListBlock):  # its items' paragraphs, and the lists nested in them
        return replace(block, items=tuple(tuple(_map_paragraphs(p, fn) for p in item)  # type: ignore[misc]
                                          for item in block.items))
    if isinstance(block, Table):  # caption, header, rows, source line: the order a reader meets them
        def cell(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
            return fn(Paragraph(runs, block.line)).inlines

        return replace(block, caption=cell(block.caption), header=tuple(cell(c) for c in block.header),
                       rows=tuple(tuple(cell(c) for c in row) for row in block.rows), source=cell(block.source))
    return block


def _number_notes(blocks: list[Block], notes: dict[int, Footnote], path: Path,
                  warnings: Warnings) -> tuple[list[Block], dict[int, Footnote]]:
    """Number notes in reading order: a note cited only inside another note comes right after it.

    markdown-it numbers a note at its first citation in the file, and cites inside a note's text
    count where the note is defined (usually at the end); reading the brief, such a note is met
    when the note that cites it is read.  Only the first citation of a note is `first`.
    """
    numbers: dict[int, int] = {}  # markdown-it's number -> ours
    rewritten: dict[int, Footnote] = {}

    def para(p: Paragraph) -> Paragraph:
        out: list[Inline] = []
        for run in p.inlines:
            if isinstance(run, NoteRef):
                first = run.number not in numbers
                if first:
                    numbers[run.number] = len(numbers) + 1
                out.append(NoteRef(numbers[run.number], run.label, first))
                if first and run.number in notes:  # the note is read here, with the notes it cites
                    note = notes[run.number]
                    rewritten[numbers[run.number]] = replace(
                        note, number=numbers[run.number], paragraphs=tuple(para(q) for q in note.paragraphs))
            else:
                out.append(run)
        return replace(p, inlines=tuple(out))

    blocks = [_map_paragraphs(b, para) for b in blocks]
    for number, note in notes.items():
        if number not in numbers:  # cited only by itself, or by notes that are never cited
            warnings.warn(f"footnote [^{note.label}] is cited only inside notes that the text never cites; "
                          "it is not printed", path=path, line=note.line or None,
                          hint=f"cite [^{note.label}] in the text, or delete the definition")
    return blocks, dict(sorted(rewritten.items()))


def _check_anchor_links(blocks: list[Block], notes: dict[int, Footnote], links: dict[str, int], path: Path,
                        warnings: Warnings) -> list[Block]:
    """A '#name' link must lead somewhere in the PDF; one that does not is printed as plain text."""
    headings = sum(1 for b in blocks if isinstance(b, Heading))
    known = {"#page-1"} | {f"#section-{k}" for k in range(1, headings + 1)}
    known |= {f"#{kind}-{n}" for n in notes for kind in ("note", "ref")}
    broken = {href for href in links if href not in known}
    if not broken:
        return blocks
    for href in sorted(broken, key=lambda h: links[h]):
        warnings.warn(f"link target '{href}' is no anchor in the brief; the text is printed without the link",
                      path=path, line=links[href],
                      hint="link to a web address, or to #section-N (the N-th heading) or #note-N")

    def para(p: Paragraph) -> Paragraph:
        if not any(isinstance(r, Text) and r.link in broken for r in p.inlines):
            return p
        return replace(p, inlines=tuple(replace(r, link=None) if isinstance(r, Text) and r.link in broken else r
                                        for r in p.inlines))

    out = [_map_paragraphs(b, para) for b in blocks]
    for number, note in notes.items():
        notes[number] = replace(note, paragraphs=tuple(para(q) for q in note.paragraphs))
    return out


FIGURE_ATTRIBUTES = ("alt", "class")
FIGURE_CLASSES = ("wide",)


def _with_attributes(figure: Figure, attrs: dict[str, str], path: Path, warnings: Warnings) -> Figure:
    """A figure's {alt="…"} and {.wide}; an attribute briefpress does not know is reported, not silently dropped."""
    hint = 'a figure takes {alt="a description for screen readers"} and {.wide} (across both columns)'
    for key in attrs:
        if key not in FIGURE_ATTRIBUTES and attrs[key]:
            warnings.warn(f"figure attribute '{key}' is not used", path=path, line=figure.line, hint=hint)
    classes = attrs.get("class", "").split()
    for name in classes:
        if name not in FIGURE_CLASSES:
            warnings.warn(f"figure class '.{name}' is not used", path=path, line=figure.line, hint=hint)
    if "wide" in classes:
        figure = replace(figure, wide=True)
    alt = " ".join(attrs.get("alt", "").split())
    return replace(figure, alt=alt) if alt else figure


def _peek_lang(text: str) -> str:
    for line in text.split("\n")[1:60]:
        if line.startswith("lang:"):
            value = line.partition(":")[2].strip().strip("'\"")
            return value or "en-US"
        if line.strip() in ("---", "..."):
            break
    return "en-US"
