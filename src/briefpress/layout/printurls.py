"""Print keeps link targets: an inline link's address is printed after its words, in parentheses.

On paper a link cannot be followed, so the layout key `output.print_urls` (on in the print layout, off in
web, where links are clickable) adds " (example.org/report)" after the linked words.  A link whose words
already are its address (a bare URL in the text), and links within the document (note references), are
left alone.
"""

from __future__ import annotations

from ..model.nodes import Inline, Text


def _shown(url: str) -> str:
    for prefix in ("mailto:", "https://", "http://"):
        if url.startswith(prefix):
            return url[len(prefix):].rstrip("/")
    return url


def with_urls(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The runs with each outside link's address after its last run."""
    if not any(isinstance(r, Text) and r.link and not r.link.startswith("#") for r in runs):
        return runs
    out: list[Inline] = []
    words = ""
    for k, run in enumerate(runs):
        out.append(run)
        link = run.link if isinstance(run, Text) else None
        if not link or link.startswith("#"):
            words = ""
            continue
        words += run.text  # type: ignore[union-attr]
        nxt = runs[k + 1] if k + 1 < len(runs) else None
        if isinstance(nxt, Text) and nxt.link == link:
            continue
        shown = _shown(link)
        if _shown(words.strip()) != shown and words.strip() != link:
            out.append(Text(f" ({shown})", run.italic, run.bold, link))  # type: ignore[union-attr]
        words = ""
    return tuple(out)
