"""`briefpress import`: the stages in order, and the warnings the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Warnings
from .convert import to_html
from .errors import WordImportError
from .frontmatter import core_properties, front_matter, load_defaults, slug
from .hygiene import Finding, scan
from .output import check_target, write_folder
from .package import open_docx
from .stylemap import load_style_map
from .writer import Body, write_body


@dataclass(frozen=True)
class ImportResult:
    """What was written, for the CLI's summary line."""

    folder: Path
    brief: Path
    figures: int
    notes: int
    headings: int
    missing: tuple[str, ...]
    warnings: Warnings


def _where(source: Path, finding: Finding) -> str:
    return f"{source}: {finding.where}" if finding.where else str(source)


def _refuse_empty(source: Path, body: Body, findings: list[Finding]) -> None:
    if body.markdown.strip() or body.figures:
        return
    boxes = any("text box" in f.message for f in findings)
    raise WordImportError("the Word file has no body text", path=source,
                          hint="move the text out of its text boxes into the body, and import again" if boxes
                          else "write the brief's text in the document (headers, footers and the title page "
                               "styles are not body text) and import again")


def import_docx(source: Path, output: Path | None = None, defaults: Path | None = None,
                style_map: Path | None = None, force: bool = False,
                content: Path = Path("content")) -> ImportResult:
    """Import one Word file into a brief folder; nothing is written unless everything succeeded."""
    if output is not None and output.name == "brief.md":
        output = output.parent  # the brief's file named instead of its folder: the same brief
    elif output is not None and output.suffix.lower() in (".md", ".markdown", ".txt"):
        raise WordImportError("the output must be a brief folder, not a file", path=output,
                              hint="give a folder with -o, e.g. -o content/my-brief; brief.md is written inside it")
    style = load_style_map(style_map)
    default_keys = load_defaults(defaults) if defaults is not None else {}
    if output is not None:
        check_target(output, force)
    package = open_docx(source)
    converted = to_html(package, style, style_map)
    body = write_body(converted.html, converted.images)
    findings = scan(package)
    _refuse_empty(source, body, findings)
    fm = front_matter(body.meta, core_properties(package), default_keys, source)
    folder = output if output is not None else content / (slug(fm.title or "") or slug(source.stem) or "brief")
    brief = folder / "brief.md"
    warnings = Warnings()
    for f in findings:
        warnings.warn(f.message, path=_where(source, f), hint=f.hint)
    for style in converted.unmapped_styles:
        warnings.warn(f"the Word style '{style}' is not in the style map; its paragraphs became plain paragraphs",
                      path=source, hint=f"map it with --style-map, e.g. p[style-name='{style}'] => p.bp-title:fresh "
                                        "(or bp-author, bp-abstract, bp-caption, blockquote > p:fresh)")
    for message, hint in body.notices:
        warnings.warn(message, path=brief, hint=hint)
    for key in fm.missing:
        warnings.warn(f"the Word file does not give '{key}'; brief.md has a TODO line for it", path=brief, key=key,
                      hint=f"add '{key}: …' to the front matter, or import with --defaults FILE.yaml")
    files: dict[str, str | bytes] = {"brief.md": fm.text + "\n" + body.markdown}
    files.update((fig.filename, converted.images[fig.image].data) for fig in body.figures
                 if 0 <= fig.image < len(converted.images))
    write_folder(folder, files, force)
    return ImportResult(folder, brief, len(body.figures), body.notes, len(body.headings), fm.missing, warnings)
