"""Typesetting figures of a laid-out document: how good is the setting?

The measures publications staff and the issue tracker judge a layout by:
interword space of justified lines (in em of their type size), loose lines
(mean space over 0.5 em), hyphenated line ends and the longest run of them,
widows and orphans, notes away from their reference's page, note references
at a line start, overfull lines, and the balance of the last text page.
Computed from the layout itself, so the figures are exact; the build stores
them in the PDF (document info /BriefpressStats) for proofs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .layout.page import LaidOutDocument, PlacedLine
from .model.nodes import Table

LOOSE_EM = 0.5  # a justified line whose spaces average more than this looks gappy
TIGHT_EM = 0.15  # ... and one whose spaces average less than this reads as words run together
SNUG_EM = 0.18  # at most a few lines (issue 10: 2 %) may be set this tight
OVERFULL_PT = 0.1  # a line wider than its measure by more than this runs past its frame
RUNT_LETTERS = 5  # a paragraph's last line of one word of this many letters or digits is a runt
JUSTIFIED_ROLES = ("body", "note", "abstract")


@dataclass(frozen=True)
class TypesetStats:
    pages: int
    justified_lines: int
    space_median_em: float
    space_p99_em: float
    space_max_em: float
    space_p1_em: float
    space_min_em: float
    tight_lines: int  # justified lines whose mean space is below TIGHT_EM
    snug_lines: int  # ... below SNUG_EM
    loose_lines: int
    hyphenated_lines: int
    longest_hyphen_run: int
    widows: int
    orphans: int
    notes_off_page: int
    refs_at_line_start: int
    overfull_lines: int
    last_page_balance: int  # lines between the feet of the last text page's columns
    tables: int = 0  # tables in the brief (each set whole or in parts)
    runts: int = 0  # paragraphs whose last line is one short word
    unfilled_lines: tuple[int, ...] = ()  # empty grid lines at the foot of each column (last text page excluded)
    short_note_splits: int = 0  # notes split across columns with a single line on one side
    heading_short: int = 0  # columns more than a line short because a heading moved on (the rules force it)
    note_short: int = 0  # ... because the next line's note could not come with it, even split (a rule too)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def summary(self) -> str:
        short = sum(1 for n in self.unfilled_lines if n > 1) - self.heading_short - self.note_short
        return (f"{self.pages} pages; word space median {self.space_median_em:.3f} em, p1 {self.space_p1_em:.3f}, "
                f"min {self.space_min_em:.3f}, p99 {self.space_p99_em:.3f}, max {self.space_max_em:.3f}; "
                f"{self.tight_lines} lines below {TIGHT_EM} em, {self.snug_lines} below {SNUG_EM} em; "
                f"{self.loose_lines} loose lines; "
                f"{self.hyphenated_lines} hyphens (run ≤ {self.longest_hyphen_run}); {self.widows} widows, "
                f"{self.orphans} orphans; {self.notes_off_page} notes off page; {self.refs_at_line_start} refs "
                f"at line start; {self.overfull_lines} overfull; last page balance {self.last_page_balance}; "
                f"{self.runts} runts; {short} columns more than a line short, {self.heading_short} more where a "
                f"heading moves on, {self.note_short} where a note cannot join its line "
                f"({sum(self.unfilled_lines)} unfilled lines); {self.short_note_splits} notes "
                f"split with one line on a side; {self.tables} tables")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def document_stats(doc: LaidOutDocument) -> TypesetStats:
    spaces: list[float] = []
    loose = hyphens = run = longest = overfull = refs_at_start = runts = 0
    unfilled: list[tuple[int, int, bool]] = []  # (page, empty lines at a column foot, a heading moved on)
    note_parts: dict[str, list[int]] = {}  # note id -> lines of it in each column it occupies
    widows = orphans = 0
    ref_page: dict[str, int] = {}
    note_page: dict[str, int] = {}
    last_text_page = None
    for page in doc.pages:
        lines = [it for it in page.items if isinstance(it, PlacedLine)]
        for anchor in page.anchors:
            kind, _, number = anchor.name.partition("-")
            if kind == "ref":
                ref_page.setdefault(number, page.number)
            elif kind == "note":
                note_page.setdefault(number, page.number)
        prev_key = None
        for placed in lines:
            line = placed.line
            # any line, justified or ragged, cover and back cover included, measured as set
            left = min((r.x for r in line.runs), default=0.0) + line.offset  # a hanging number or label
            # a protruding glyph (optical margin alignment) hangs into the margin by design
            if line.overfull or line.natural > line.measure + OVERFULL_PT or \
                    left < -OVERFULL_PT - line.protrusion[0]:
                overfull += 1
            if placed.role == "body" and placed.para is not None:
                _item, index, count = placed.para
                words = "".join((" " if r.space_before else "") + r.frag.text
                                for r in line.runs if r.frag.rise <= 0).split()  # note refs aside
                if count > 1 and index == count - 1 and len(words) == 1 and \
                        sum(ch.isalnum() for ch in words[0]) <= RUNT_LETTERS:
                    runts += 1
            if placed.role not in JUSTIFIED_ROLES:
                continue
            if line.justified and line.spaces:
                # a word gap is its space and the letterspacing after the word's last glyph (layout.adjust)
                mean = (sum(line.spaces) / len(line.spaces) + line.track) / line.size
                spaces.append(mean)
                if mean > LOOSE_EM:
                    loose += 1
            column_key = (placed.role, round(placed.x))
            if line.hyphen:
                run = run + 1 if prev_key == column_key else 1
                hyphens += 1
                longest = max(longest, run)
            else:
                run = 0
            prev_key = column_key
            if line.runs and line.runs[0].link and line.runs[0].link.startswith("#note-") and \
                    line.runs[0].frag.rise > 0:
                refs_at_start += 1
        # widows and orphans: look at each column's first and last body line
        columns: dict[float, list[PlacedLine]] = {}
        feet: dict[float, float] = {}
        for placed in lines:
            if placed.role == "body" and placed.para is not None:
                columns.setdefault(round(placed.x), []).append(placed)
            if placed.role == "body":  # the text's feet: notes sit at the page foot, balanced or not
                feet[round(placed.x)] = min(placed.y, feet.get(round(placed.x), placed.y))
        for col in columns.values():
            col.sort(key=lambda p: -p.y)
            head, foot = col[0].para, col[-1].para
            assert head is not None and foot is not None
            _item, index, count = head
            if index > 0 and count - index == 1:
                widows += 1  # the last line of a paragraph alone at a column top
            _item, index, count = foot
            if index == 0 and count > 1:
                orphans += 1  # the first line of a paragraph alone at a column foot
        if columns and page.kind in ("cover", "body"):
            last_text_page = list(feet.values())
        unfilled += [(page.number, frame.unfilled, frame.heading_moved, frame.note_moved) for frame in page.frames
                     if frame.kind == "column"]
        seen: dict[tuple[str, int], int] = {}
        for placed in lines:
            if placed.role == "note" and placed.node:
                key = (placed.node.split(".")[0], round(placed.x))
                seen[key] = seen.get(key, 0) + 1
        for (note, _x), count in seen.items():
            note_parts.setdefault(note, []).append(count)
    off = sum(1 for n, p in ref_page.items() if note_page.get(n) != p)
    text_pages = [p.number for p in doc.pages if p.kind in ("cover", "body")]
    last_no = max(text_pages, default=0)
    lead = doc.spec.text.leading
    balance = (round((max(last_text_page) - min(last_text_page)) / lead)
               if last_text_page and len(last_text_page) > 1 else 0)
    return TypesetStats(
        pages=len(doc.pages), justified_lines=len(spaces),
        space_median_em=round(_percentile(spaces, 0.5), 4), space_p99_em=round(_percentile(spaces, 0.99), 4),
        space_max_em=round(max(spaces, default=0.0), 4), space_p1_em=round(_percentile(spaces, 0.01), 4),
        space_min_em=round(min(spaces, default=0.0), 4), tight_lines=sum(1 for v in spaces if v < TIGHT_EM),
        snug_lines=sum(1 for v in spaces if v < SNUG_EM), loose_lines=loose, hyphenated_lines=hyphens,
        longest_hyphen_run=longest, widows=widows, orphans=orphans, notes_off_page=off,
        refs_at_line_start=refs_at_start, overfull_lines=overfull, last_page_balance=balance, runts=runts,
        unfilled_lines=tuple(n for page_no, n, _h, _n in unfilled if page_no != last_no),
        heading_short=sum(1 for page_no, n, moved, _n in unfilled if page_no != last_no and moved and n > 1),
        note_short=sum(1 for page_no, n, head, note in unfilled
                       if page_no != last_no and note and not head and n > 1),
        short_note_splits=sum(1 for parts in note_parts.values() if len(parts) > 1 and min(parts) < 2),
        tables=sum(1 for b in doc.brief.blocks if isinstance(b, Table)))
