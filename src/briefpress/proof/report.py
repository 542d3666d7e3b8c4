"""index.html: the proof as one self-contained page (inline style, images linked relatively).

Shows the contact sheet, the preflight findings, the diff when there is one,
the typesetting figures the build stored in the PDF (/BriefpressStats) and
every page.  No dates or absolute paths, so the same proof gives the same
file and the directory can be moved or zipped as a whole.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from .guides import LEGEND

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;
vertical-align:top}th{background:#f3f3f3}.error{color:#b00;font-weight:bold}.warning{color:#a60}
.ok{color:#070;font-weight:bold}.pages figure{display:inline-block;margin:0 1em 1.5em 0;vertical-align:top}
.pages img{max-width:480px;border:1px solid #aaa}img.sheet{max-width:100%;border:1px solid #aaa}
.swatch{display:inline-block;width:1em;height:.7em;margin:0 .3em 0 1em}
""".strip()


def read_stats(reader: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The build's typesetting figures from /BriefpressStats: (figures, raw text when it is not JSON)."""
    try:
        meta = reader.metadata
        raw = meta.get("/BriefpressStats") if meta is not None else None
    except Exception:  # noqa: BLE001 - a damaged info dictionary: not recorded
        return None, None
    if raw is None:
        return None, None
    text = str(raw.get_object() if hasattr(raw, "get_object") else raw)
    try:
        data = json.loads(text)
    except ValueError:
        return None, text
    return (data, None) if isinstance(data, dict) else (None, text)


def _stats_html(stats: dict[str, Any] | None, raw: str | None) -> str:
    if stats is None and raw is None:
        return "<p>Typesetting figures: not recorded in this PDF.</p>"
    if stats is None:
        return f"<p>Typesetting figures are recorded but not readable as JSON: <code>{escape(raw or '')}</code></p>"
    rows = "".join(f"<tr><th>{escape(str(k))}</th><td>{escape(v if isinstance(v, str) else json.dumps(v))}</td></tr>"
                   for k, v in stats.items())
    return f"<table>{rows}</table>"


def _preflight_html(report: Any) -> str:
    verdict = ('<span class="ok">OK</span>' if report.ok else '<span class="error">FAILED</span>')
    head = (f"<p>{verdict}: {report.errors} errors, {report.warnings} warnings "
            f"({escape(report.profile)} profile).</p>")
    if not report.results:
        return head + "<p>No findings.</p>"
    rows = "".join(f'<tr><td class="{escape(r.severity)}">{escape(r.severity)}</td><td>{escape(r.id)}</td>'
                   f'<td>{"" if r.page is None else r.page}</td><td>{escape(r.message)}</td></tr>'
                   for r in report.results)
    return head + f"<table><tr><th>severity</th><th>rule</th><th>page</th><th>message</th></tr>{rows}</table>"


def _diff_html(diff: Any) -> str:
    rows = []
    for p in diff.pages:
        link = f'<a href="{escape(p.image)}"><img src="{escape(p.image)}" width="160" alt="changes on page ' \
               f'{p.page}"></a>' if p.image else "unchanged"
        size = "yes" if p.size_changed else ""
        rows.append(f"<tr><td>{p.page}</td><td>{p.changed:.3%}</td><td>{p.changed_pixels}</td><td>{size}</td>"
                    f"<td>{link}</td></tr>")
    notes = "".join(f"<p>{escape(n)}</p>" for n in diff.notes)
    return (f"<p>{escape(diff.summary())}</p>{notes}<table><tr><th>page</th><th>changed</th><th>pixels</th>"
            f"<th>size changed</th><th>changes (red)</th></tr>{''.join(rows)}</table>")


def write_index(out_dir: Path, *, title: str, pages: list[Path], dpi: int, guides: bool, report: Any,
                diff: Any | None, stats: dict[str, Any] | None, stats_raw: str | None, notes: list[str]) -> Path:
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Proof: {escape(title)}</title>"
             f"<style>{STYLE}</style></head><body>",
             f"<h1>Proof: {escape(title)}</h1>",
             f"<p>{len(pages)} pages rendered at {dpi} dpi{' with guides' if guides else ''}.</p>"]
    if guides:
        parts.append("<p>Guides:" + "".join(f'<span class="swatch" style="background:rgb{c}"></span>{n}'
                                            for n, c in LEGEND) + "</p>")
    parts += [f"<p>{escape(n)}</p>" for n in notes]
    parts += ["<h2>Contact sheet</h2>",
              '<a href="contact-sheet.png"><img class="sheet" src="contact-sheet.png" alt="all pages in spreads">'
              "</a>",
              "<h2>Preflight</h2>", _preflight_html(report)]
    if diff is not None:
        parts += ["<h2>Changes</h2>", _diff_html(diff)]
    parts += ["<h2>Typesetting figures</h2>", _stats_html(stats, stats_raw), "<h2>Pages</h2>", '<div class="pages">']
    for number, page in enumerate(pages, 1):
        parts.append(f'<figure><a href="{escape(page.name)}"><img src="{escape(page.name)}" loading="lazy" '
                     f'alt="page {number}"></a><figcaption>Page {number}</figcaption></figure>')
    parts.append("</div></body></html>\n")
    target = out_dir / "index.html"
    target.write_text("\n".join(parts), encoding="utf-8")
    return target
