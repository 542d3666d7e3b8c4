"""Manuscript file -> validated Brief: the first stage of the pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import ManuscriptError, Warnings
from ..source.frontmatter import parse_front_matter
from ..source.markdown import RawFigure, make_parser, parse_body, parse_inline
from ..source.read import read_manuscript_text, resolve_manuscript
from .figures import resolve_figure
from .meta import build_meta
from .nodes import Block, Brief, Figure


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
    if not blocks:
        warnings.warn("the brief has no body text", path=path, line=close,
                      hint="write the text after the front matter")
    return Brief(source=path, meta=meta, blocks=tuple(blocks), notes=body.notes)


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
