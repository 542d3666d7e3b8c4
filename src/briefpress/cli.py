"""The `briefpress` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 success, 1 a problem with the input (message names file and
line), 2 usage errors (click's own).  No traceback reaches the user unless
BRIEFPRESS_DEBUG is set.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from . import __version__


def _report_warnings(warnings) -> None:  # type: ignore[no-untyped-def]
    for w in warnings:
        click.echo(str(w), err=True)


@contextlib.contextmanager
def _signals_stop_the_build():  # type: ignore[no-untyped-def]
    """SIGTERM, SIGINT and SIGHUP raise BuildInterrupted, so the build's cleanup removes its temporary file."""
    import signal
    import threading

    from .errors import BuildInterrupted

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):  # type: ignore[no-untyped-def]
        raise BuildInterrupted(signum)

    names = [n for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n)]
    previous = {n: signal.signal(getattr(signal, n), stop) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        from .errors import BriefpressError, printable

        try:
            return super().invoke(ctx)
        except BriefpressError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: a message, not a traceback
            if os.environ.get("BRIEFPRESS_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {printable(exc)} (this is a briefpress bug; "
                       "run with BRIEFPRESS_DEBUG=1 for details and report it)", err=True)
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefpress")
def main() -> None:
    """Typeset think-tank briefs (Markdown + YAML front matter) as print and web PDFs."""


@main.command()
@click.argument("brief", type=click.Path(path_type=Path, readable=False))  # unreadable: our own message
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: build/<brief>.pdf, or build/<brief>-<layout>.pdf).")
@click.option("--layout", "layout", default="print", show_default=True,
              help="Layout name from layouts/ or path to a layout .yaml.")
@click.option("--timings", is_flag=True, help="Print the time each stage took.")
@click.option("--stats", "show_stats", is_flag=True, help="Print the typesetting figures (spacing, hyphens, widows…).")
@click.option("--no-check", is_flag=True, help="Write the PDF without running the preflight (briefpress check).")
def build(brief: Path, output: Path | None, layout: str, timings: bool, show_stats: bool, no_check: bool) -> None:
    """Build BRIEF (a brief folder or its brief.md) into a PDF."""
    import signal

    from .errors import BuildInterrupted, PreflightFailed, Warnings, printable
    from .pipeline import build as run_build

    warnings = Warnings()
    try:
        with _signals_stop_the_build():
            result = run_build(brief, layout=layout, output=output, check=not no_check, warnings=warnings)
    except PreflightFailed:
        _report_warnings(warnings)  # the located causes ("line too long", "characters in no font") come first
        raise
    except BuildInterrupted as exc:
        name = signal.Signals(exc.signum).name
        click.echo(f"{printable(brief)}: build interrupted by {name}; no PDF was written", err=True)
        sys.exit(128 + exc.signum)
    _report_warnings(result.warnings)
    click.echo(f"wrote {printable(result.pdf)} ({result.pages} pages, layout {result.layout})")
    if show_stats and result.stats is not None:
        click.echo(result.stats.summary())
    if timings:
        for stage, seconds in result.timings.items():
            click.echo(f"  {stage:<14} {seconds * 1000:7.1f} ms")


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--layout", "layout", default="print", show_default=True,
              help="Layout name from layouts/ or path to a layout .yaml.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 for the proof page (0: any free port).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: the same as build).")
@click.option("--dpi", default=80, show_default=True, type=click.IntRange(20, 300), help="Resolution of the page images.")
def preview(brief: Path, layout: str, port: int, output: Path | None, dpi: int) -> None:
    """Rebuild BRIEF on every save and show its pages at http://127.0.0.1:PORT/ (Ctrl-C to stop)."""
    from .preview.app import Preview, PreviewError, serve, watch

    if not brief.exists():
        raise PreviewError("no such brief folder or file", path=brief, hint="give a brief folder or its brief.md")
    state = Preview(brief, layout, output, dpi)
    server = serve(state, port)  # the port first: a port in use is one line, before any work

    def report(outcome) -> None:  # type: ignore[no-untyped-def]
        if outcome.ok:
            changed = ", ".join(map(str, outcome.changed)) or "none"
            click.echo(f"wrote {state.output} ({outcome.pages} pages) in {outcome.ms:.0f} ms; pages changed: {changed}")
        else:
            click.echo(outcome.message, err=True)

    click.echo(f"preview of {brief} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        report(state.rebuild())
        watch(state, on_build=report)
    except KeyboardInterrupt:
        pass
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
    click.echo("preview stopped")


@main.command("import")
@click.argument("docx", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Brief folder to write (default: content/<slug>/, the slug made from the title).")
@click.option("--defaults", type=click.Path(path_type=Path),
              help="YAML file of front-matter keys the Word file does not give (publisher, division…).")
@click.option("--style-map", type=click.Path(path_type=Path),
              help="Mammoth style-map lines for a house template, added before the default map.")
@click.option("--force", is_flag=True, help="Replace the brief folder if it already exists.")
def import_(docx: Path, output: Path | None, defaults: Path | None, style_map: Path | None, force: bool) -> None:
    """Import a Word manuscript (DOCX) as a brief folder: brief.md and figures/."""
    from .wordimport import import_docx

    result = import_docx(docx, output, defaults, style_map, force)
    _report_warnings(result.warnings)
    click.echo(f"wrote {result.brief} ({result.headings} headings, {result.notes} notes, "
               f"{result.figures} figures)")


@main.command()
@click.option("--explain", is_flag=True, help="Print the reference of every layout key (layouts/README.md).")
def layouts(explain: bool) -> None:
    """List the layouts shipped in layouts/."""
    if explain:
        from .style.docs import reference

        click.echo(reference())
        return
    from .style.load import available_layouts

    for name, description in available_layouts().items():
        click.echo(f"{name:<10} {description}")


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path, readable=False))  # unreadable: our own message
@click.option("--profile", type=click.Choice(["print", "web", "ua"]), default=None,
              help="Rules for press, for screens, or for accessibility (PDF/UA) alone (default: print when the "
                   "PDF has TrimBoxes, else web; with the ua rules when the PDF says it is tagged).")
@click.option("--ua/--no-ua", "accessibility", default=None,
              help="Add (or leave out) the accessibility rules, whatever the file says of itself.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (structure in the README).")
def check(pdf: Path, profile: str | None, accessibility: bool | None, as_json: bool) -> None:
    """Preflight PDF: fonts, page boxes, colour, images, links, metadata, text, notes and tagging.

    Exit code 0 when there are no errors (warnings allowed), 1 otherwise.
    """
    from .check import preflight
    from .errors import printable

    report = preflight(pdf, profile, accessibility)
    if as_json:
        click.echo(report.to_json())
    elif report.pages is None:  # the file could not be read: one line, on stderr
        click.echo(f"{printable(pdf)}: {report.results[0]}", err=True)
    else:
        for result in report.results:
            click.echo(f"{printable(pdf)}: {result}")
        click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path, readable=False))  # unreadable: our own message
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the page images, contact sheet and index.html (created if needed).")
@click.option("--dpi", default=100, show_default=True, type=click.IntRange(10, 600),
              help="Resolution of the page images.")
@click.option("--guides", is_flag=True, help="Draw trim, bleed, margins and column frames over the pages.")
@click.option("--layout", "layout", default=None,
              help="Layout (name or .yaml path) for the guides' margins and columns (default: print or web).")
@click.option("--against", type=click.Path(path_type=Path), default=None,
              help="Earlier proof directory or PDF to compare with, page by page.")
def proof(pdf: Path, out_dir: Path, dpi: int, guides: bool, layout: str | None, against: Path | None) -> None:
    """Render PDF to page images, a contact sheet and an HTML proof report (optionally diffed)."""
    from .proof import make_proof
    from .proof.progress import ProgressBar

    with ProgressBar("rendering") as bar:
        result = make_proof(pdf, out_dir, dpi=dpi, guides=guides, layout=layout, against=against,
                            progress=bar.update)
    for note in result.notes:
        click.echo(f"{pdf}: warning: {note}", err=True)
    if result.diff is not None:
        click.echo(result.diff.summary())
    click.echo(f"wrote {result.index} ({len(result.pages)} pages at {dpi} dpi; preflight: "
               f"{result.preflight.errors} errors, {result.preflight.warnings} warnings)")


def run() -> None:
    """The `briefpress` program: `main` with a process's start-up and exit costs cut.

    What is loaded at start-up is frozen out of the collector's sight, and the collector runs rarely
    during the command (a build makes many small objects and few cycles); at the end, once stdout
    and stderr are flushed and every file is closed (the PDF was written and renamed), the process
    ends with os._exit instead of tearing down every module and object one by one.
    """
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 50, 1000)
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a closed pipe: exit as Python would
        sys.exit(code)
    os._exit(code or 0)


if __name__ == "__main__":
    run()
