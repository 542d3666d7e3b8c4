"""notes-on-page: every footnote reference has its note at the foot of the same page.

Found by type size relative to the page's body size (the size that carries
most characters), so it works for any layout:
- a reference is a run of 1-3 digits at 40-80% of the body size, raised
  (text rise, or a baseline above the body text beside it);
- a note starts a line of small type (at most 90% of the body size) with
  "N." or, as word processors set it, with a raised N followed by the note.
A document without any notes but with raised digits (exponents, ordinals)
gets one warning instead of errors.  A note cited a second time on a later
page (its text printed at the first citation) is a warning.  Endnotes fail
this rule by design.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import Document, dominant_size
from .records import TextRun
from .report import ERROR, WARNING, CheckResult, page_list

REF = re.compile(r"^\d{1,3}$")
REFS = re.compile(r"^\d{1,3}(?:, ?\d{1,3})*$")
NOTE = re.compile(r"^(\d{1,3})\.(\s|$)")
MIN_PAGE_CHARS = 200  # fewer characters than this: use the document's body size
COLUMN_SLACK = 1.0  # pt: body runs closer than this belong to one column (a gutter is wider)


def _lines(runs: list[TextRun]) -> list[list[TextRun]]:
    """Runs grouped into lines: same baseline, no gap wider than 1.5 em (so columns stay apart)."""
    rows: list[list[TextRun]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.25 * max(1.0, min(rows[-1][0].size, run.size)):
            rows[-1].append(run)
        else:
            rows.append([run])
    segments: list[list[TextRun]] = []
    for row in rows:
        row.sort(key=lambda r: r.box[0])
        current = [row[0]]
        for run in row[1:]:
            prev = current[-1]
            if run.box[0] - prev.box[2] > 1.5 * max(prev.size, run.size):
                segments.append(current)
                current = [run]
            else:
                current.append(run)
        segments.append(current)
    return segments


def _raised(run: TextRun, runs: list[TextRun], body: float) -> bool:
    if run.rise >= 0.15 * body:
        return True
    for other in runs:
        if other is run or other.size < 0.85 * body:
            continue
        near = other.box[2] >= run.box[0] - 0.5 * body and other.box[0] <= run.box[2] + 0.5 * body
        lift = (run.y + run.rise) - (other.y + other.rise)
        if near and 0.15 * body <= lift <= 0.7 * body:
            return True
    return False


def _columns(runs: list[TextRun], body: float) -> list[tuple[float, float]]:
    """The x-ranges of the page's text columns: where runs of the body size lie, merged where they overlap.

    Body text never crosses a gutter, however narrow, so the runs set at the body size (within
    0.2 pt: an abstract or a heading a little larger or smaller does not count) fall into one
    interval per column.  A page without body text is one column.
    """
    spans = sorted((r.box[0], r.box[2]) for r in runs if abs(r.size - body) <= 0.2 and r.text.strip())
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + COLUMN_SLACK:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged] or [(-1e9, 1e9)]


def _by_column(runs: list[TextRun], columns: list[tuple[float, float]]) -> list[list[TextRun]]:
    """Runs split by the column their centre lies in (or is nearest to)."""
    out: list[list[TextRun]] = [[] for _ in columns]
    for run in runs:
        centre = (run.box[0] + run.box[2]) / 2
        best = min(range(len(columns)), key=lambda i: 0.0 if columns[i][0] <= centre <= columns[i][1]
                   else min(abs(centre - columns[i][0]), abs(centre - columns[i][1])))
        out[best].append(run)
    return out


def _page_notes(runs: list[TextRun], body: float) -> tuple[list[int], list[int]]:
    """(reference numbers, note numbers) on one page, read column by column."""
    refs: list[int] = []
    notes: list[int] = []
    for column in _by_column(runs, _columns(runs, body)):
        if not column:
            continue
        markers: set[int] = set()
        for segment in _lines(column):
            first = segment[0]
            if not 0.4 * body <= first.size <= 0.9 * body:
                continue
            text = "".join(r.text for r in segment).lstrip()
            # the number may be a text run of its own (a tagged PDF marks it apart as the note's label)
            m = NOTE.match(text) or NOTE.match(first.text.strip() + " ")
            if m:
                notes.append(int(m.group(1)))
            elif (REF.match(first.text.strip()) and len(segment) > 1 and segment[1].size <= 0.9 * body
                  and _raised(first, column, body)):
                notes.append(int(first.text))  # a raised number opening a line of small type: a note's marker
                markers.add(id(first))
        for run in column:
            if id(run) in markers or not REFS.match(run.text.strip()):
                continue
            if 0.4 * body <= run.size <= 0.8 * body and _raised(run, column, body):
                refs.extend(int(n) for n in run.text.split(","))  # "1,2": two references in a row
    return refs, notes


def _text_size(runs: list[TextRun]) -> float | None:
    """The body size, not counting note lines: on a short or note-heavy page the notes may carry
    more characters than the text, and would otherwise be taken for it.

    A note line is found by the run that opens it ("N. …") and the runs of its size on its baseline.
    """
    starts = {(round(r.size, 1), round(r.y, 1)) for r in runs if NOTE.match(r.text.lstrip())}
    kept = [r for r in runs if (round(r.size, 1), round(r.y, 1)) not in starts]
    return dominant_size(kept) or dominant_size(runs)


def check_notes(doc: Document) -> Iterator[CheckResult]:
    pages: list[tuple[int, list[TextRun]]] = []
    for number, _page in doc.numbered():
        content = doc.content(number)
        if content is not None:
            pages.append((number, [r for r in content.runs if r.visible and r.text.strip()]))
    doc_body = _text_size([r for _n, runs in pages for r in runs])
    if doc_body is None:
        return
    refs: list[tuple[int, int]] = []
    notes: dict[int, list[int]] = {}
    for number, runs in pages:
        chars = sum(len(r.text) for r in runs)
        # a page of tables or captions is mostly small type: its body is never smaller than the document's
        body = max((_text_size(runs) if chars >= MIN_PAGE_CHARS else None) or doc_body, doc_body)
        page_refs, page_notes = _page_notes(runs, body)
        refs.extend((n, number) for n in page_refs)
        for n in page_notes:
            notes.setdefault(n, []).append(number)
    if not notes:
        if refs:
            yield CheckResult("notes-on-page", WARNING,
                              f"raised small digits that look like note references on pages "
                              f"{page_list([p for _n, p in refs])}, but no notes ('N.' lines in small type) "
                              "anywhere: if they are footnote references, their notes are missing", refs[0][1])
        return
    referenced: set[int] = set()
    placed: set[int] = set()  # notes already met with their reference on the same page
    for n, page in refs:
        referenced.add(n)
        if page in notes.get(n, []):
            placed.add(n)
            continue
        if n in placed:  # Markdown lets the text cite one note twice; it is printed at the first reference
            yield CheckResult("notes-on-page", WARNING,
                              f"note {n} is cited again here; its text is on page {page_list(notes[n])}, with the "
                              "first reference: fine for a repeated citation, or give this one its own note", page)
        elif n in notes:
            where = page_list(notes[n])
            yield CheckResult("notes-on-page", ERROR,
                              f"note {n} is on page {where} but its reference is on page {page}: a note must be "
                              "at the foot of its reference's page; shorten or move text so both fit", page)
        else:
            yield CheckResult("notes-on-page", ERROR,
                              f"note reference {n} has no note {n}. on this page or any other: the note text is "
                              "missing or not set in note type", page)
    for n, pages in sorted(notes.items()):
        if n not in referenced:
            yield CheckResult("notes-on-page", WARNING,
                              f"note {n} has no reference {n} in the text: check the reference is set as a "
                              "raised number", pages[0])
