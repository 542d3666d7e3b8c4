"""Pipe tables (GFM) -> model Tables, with their caption and source line.

The content contract (docs/content-format.md):

    Table 2: Remittances by state, 2004 {.wide}

    | State      | Migrants | Remittances ($ m) |
    |:-----------|---------:|------------------:|
    | Guanajuato |   92,000 |             1,520 |

    Source: Banco de México.

- the caption is the paragraph right before the table that starts with
  `Table:` or `Table N:` (briefpress numbers tables itself, in order; a
  different N is a warning); `{.wide}` at its end sets the table across both
  columns;
- a paragraph right after the table starting `Source:`, `Sources:`, `Note:`
  or `Notes:` is the table's source line, set under it;
- the alignment row is honoured; a column with no alignment whose body cells
  are all numbers is set right.

markdown-it silently drops the cells of a row beyond the header's count, and
an empty table prints nothing: both are errors naming the line here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from markdown_it.token import Token

from ..errors import ManuscriptError
from ..model.nodes import Cell, Inline, Paragraph, Table, Text

CAPTION_RE = re.compile(r"^\s*Table(?:\s+(\d+))?\s*:\s*")
WIDE_RE = re.compile(r"\s*\{\s*\.wide\s*\}\s*$")
SOURCE_RE = re.compile(r"^\s*(Sources?|Notes?)\s*:")
ALIGN_RE = re.compile(r"text-align:\s*(left|right|center)")


class _Walker(Protocol):
    def runs(self, token: Token, line: int) -> tuple[Inline, ...]: ...


def split_row(text: str) -> list[str]:
    """The cells of a raw table line: split on pipes not escaped and not in a code span."""
    s = text.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells: list[str] = []
    cur = ""
    in_code = False
    k = 0
    while k < len(s):
        ch = s[k]
        if ch == "\\" and k + 1 < len(s):
            cur += s[k:k + 2]
            k += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(cur)
            cur = ""
        else:
            cur += ch
        k += 1
    cells.append(cur)
    return cells


def _plain(runs: tuple[Inline, ...]) -> str:
    return "".join(r.text for r in runs if isinstance(r, Text))


class TableReader:
    def __init__(self, path: Path, source_lines: list[str], walker: _Walker) -> None:
        self.path = path
        self.lines = source_lines
        self.walker = walker
        self.count = 0

    def read(self, tokens: list[Token], i: int, blocks: list[Any]) -> int:
        """Read the table starting at tokens[i] (table_open) into `blocks`; return the index after it."""
        line = (tokens[i].map[0] + 1) if tokens[i].map else 0
        header: list[Cell] = []
        rows: list[list[Cell]] = []
        align: list[str] = []
        section = "thead"
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tbody_open":
                section = "tbody"
            elif tok.type == "tr_open":
                row_line = (tok.map[0] + 1) if tok.map else line
                if section == "tbody":
                    rows.append([])
                    self._check_count(row_line, len(header))
            elif tok.type in ("th_open", "td_open"):
                inline = tokens[i + 1]
                cell_line = (inline.map[0] + 1) if inline.map else line
                runs = self.walker.runs(inline, cell_line)
                if tok.type == "th_open":
                    header.append(runs)
                    m = ALIGN_RE.search(str(tok.attrs.get("style", "")))
                    align.append(m.group(1) if m else "")
                else:
                    rows[-1].append(runs)
            i += 1
        if not rows or not any(_plain(c).strip() or len(c) for r in rows for c in r):
            raise ManuscriptError("the table has a header but no rows", path=self.path, line=line,
                                  hint="add rows under the |---| line, or delete the table")
        self.count += 1
        caption: Cell = ()
        wide = False
        if blocks and isinstance(blocks[-1], Paragraph) and blocks[-1].inlines:
            first = blocks[-1].inlines[0]
            m = CAPTION_RE.match(first.text) if isinstance(first, Text) else None
            if m is not None:
                para = blocks.pop()
                if m.group(1) and int(m.group(1)) != self.count:
                    raise ManuscriptError(
                        f"the caption says Table {m.group(1)}, but this is table {self.count}",
                        path=self.path, line=para.line,
                        hint=f"write 'Table {self.count}:' or just 'Table:' (tables are numbered in order)")
                runs = list(para.inlines)
                runs[0] = Text(first.text[m.end():], first.italic, first.bold, first.link)
                last = runs[-1]
                if isinstance(last, Text) and WIDE_RE.search(last.text):
                    runs[-1] = Text(WIDE_RE.sub("", last.text), last.italic, last.bold, last.link)
                    wide = True
                caption = tuple(r for r in runs if not (isinstance(r, Text) and not r.text))
        blocks.append(Table(self.count, f"Table {self.count}", caption, tuple(header),
                            tuple(tuple(r) for r in rows), tuple(align), line, wide=wide))
        return i + 1

    def _check_count(self, line: int, columns: int) -> None:
        if 0 < line <= len(self.lines):
            cells = split_row(self.lines[line - 1])
            if len(cells) > columns:
                raise ManuscriptError(
                    f"a table row has {len(cells)} cells but the header has {columns}; the extra cells would be "
                    "lost", path=self.path, line=line,
                    hint="add a column to the header and the |---| line, or join the extra cells")

    def take_source(self, blocks: list[Any], runs: tuple[Inline, ...]) -> bool:
        """A 'Source: …' paragraph right after a table becomes that table's source line."""
        if not blocks or not isinstance(blocks[-1], Table) or blocks[-1].source or not runs:
            return False
        if not (isinstance(runs[0], Text) and SOURCE_RE.match(runs[0].text)):
            return False
        from dataclasses import replace

        blocks[-1] = replace(blocks[-1], source=runs)
        return True
