"""Run the rules of a profile over one PDF and collect a PreflightReport; never raises for a bad file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .report import ERROR, RULES, WARNING, CheckResult, PreflightReport, rules_for

PROFILES = ("print", "web", "ua")
Rule = Callable[..., Iterable[CheckResult]]


def _rule_table() -> list[tuple[tuple[str, ...], Rule]]:
    """(rule ids a function reports, function), in report order."""
    from .boxes import check_page_count, check_page_sizes, check_print_boxes
    from .colour import check_rgb
    from .fonts import check_fonts
    from .images import check_image_ppi
    from .links import check_links, check_outline
    from .meta import check_meta
    from .access import (check_catalog, check_figures_and_notes, check_heading_order, check_links as ua_links,
                         check_struct_parents, check_tagged, check_untagged)
    from .notes import check_notes
    from .text import check_extractable, check_safe_area

    return [
        (("font-embedded", "font-subset"), check_fonts),
        (("page-count-even",), check_page_count),
        (("page-size-consistent",), check_page_sizes),
        (("print-trimbox", "print-bleedbox", "print-bleed-size"), check_print_boxes),
        (("print-no-rgb",), check_rgb),
        (("print-image-ppi",), check_image_ppi),
        (("print-text-safe-area",), check_safe_area),
        (("web-outline",), check_outline),
        (("web-links",), check_links),
        (("meta-title", "meta-author", "meta-lang"), check_meta),
        (("text-extractable",), check_extractable),
        (("notes-on-page",), check_notes),
        (("ua-tagged",), check_tagged),
        (("ua-untagged-content",), check_untagged),
        (("ua-struct-parents",), check_struct_parents),
        (("ua-heading-order",), check_heading_order),
        (("ua-figure-alt", "ua-note-id"), check_figures_and_notes),
        (("ua-link-tagged", "ua-tabs"), ua_links),
        (("ua-lang", "ua-display-title", "ua-xmp-pdfuaid"), check_catalog),
    ]


def _default_profile(reader: object) -> str:
    """print when any page has a TrimBox (a press file), web otherwise."""
    for page in reader.pages:  # type: ignore[attr-defined]
        try:
            if "/TrimBox" in page:
                return "print"
        except Exception:  # noqa: BLE001
            continue
    return "web"


def _claims_tagged(reader: object) -> bool:
    """Does the file say it is tagged?  Then its accessibility is checked too, unless told otherwise."""
    from .access import is_true

    try:
        root = reader.trailer["/Root"].get_object()  # type: ignore[attr-defined]
        mark = root.get("/MarkInfo")
        return root.get("/StructTreeRoot") is not None or (mark is not None and is_true(mark.get_object().get("/Marked")))
    except Exception:  # noqa: BLE001 - a damaged catalog claims nothing
        return False


def preflight(path: Path | str, profile: str | None = None, accessibility: bool | None = None,
              data: bytes | None = None) -> PreflightReport:
    """Check a PDF for press (profile "print"), screens ("web") or accessibility ("ua"); None picks print or
    web by the presence of TrimBoxes.  The ua rules also run with `accessibility`, which by default is
    whether the file says it is tagged.  `data`: the file's bytes, when the caller holds them already
    (a build checks what it has just written without reading the file again)."""
    from .context import Document
    from .opener import Unreadable, open_reader, quiet_pypdf, short_error

    if profile is not None and profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: use print, web or ua")
    path = Path(path)
    with quiet_pypdf() as log:
        try:
            reader = open_reader(path, data)
        except Unreadable as exc:
            result = CheckResult("pdf-readable", ERROR, str(exc))
            return PreflightReport(str(path), profile or "unknown", None, (result,), ("pdf-readable",))
        chosen = profile or _default_profile(reader)
        wanted = {chosen}
        if accessibility or (accessibility is None and _claims_tagged(reader)):
            wanted.add("ua")
        doc = Document(path, reader, chosen)
        results: list[CheckResult] = []
        for ids, rule in _rule_table():
            if not any(wanted & set(RULES[i][1]) for i in ids):
                continue
            try:
                results.extend(r for r in rule(doc) if wanted & set(RULES[r.id][1]))
            except Exception as exc:  # noqa: BLE001 - a rule that trips on a damaged file reports, never crashes
                results.append(CheckResult(ids[0], ERROR, f"could not be checked: the PDF is damaged here "
                                                          f"({type(exc).__name__}: {short_error(exc)})"))
        results.extend(doc.problems)
        if log.messages:
            results.append(CheckResult("pdf-readable", WARNING,
                                       f"the PDF is damaged and had to be repaired to read it "
                                       f"({short_error(Exception(log.messages[0]))}); export it again"))
    order = {rule: i for i, rule in enumerate(RULES)}
    results.sort(key=lambda r: (r.page or 0, order.get(r.id, 99)))
    return PreflightReport(str(path), chosen, len(doc.pages), tuple(results), tuple(rules_for(wanted)))
