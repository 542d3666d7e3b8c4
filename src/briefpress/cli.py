"""The `briefpress` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 success, 1 a problem with the input (message names file and
line), 2 usage errors (click's own).  No traceback reaches the user unless
BRIEFPRESS_DEBUG is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__


def _report_warnings(warnings) -> None:  # type: ignore[no-untyped-def]
    for w in warnings:
        click.echo(str(w), err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        from .errors import BriefpressError

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
            click.echo(f"internal error: {type(exc).__name__}: {exc} (this is a briefpress bug; "
                       "run with BRIEFPRESS_DEBUG=1 for details and report it)", err=True)
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefpress")
def main() -> None:
    """Typeset think-tank briefs (Markdown + YAML front matter) as print and web PDFs."""


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: build/<brief>.pdf, or build/<brief>-<layout>.pdf).")
@click.option("--layout", "layout", default="print", show_default=True,
              help="Layout name from layouts/ or path to a layout .yaml.")
@click.option("--timings", is_flag=True, help="Print the time each stage took.")
@click.option("--stats", "show_stats", is_flag=True, help="Print the typesetting figures (spacing, hyphens, widows…).")
def build(brief: Path, output: Path | None, layout: str, timings: bool, show_stats: bool) -> None:
    """Build BRIEF (a brief folder or its brief.md) into a PDF."""
    from .pipeline import build as run_build

    result = run_build(brief, layout=layout, output=output)
    _report_warnings(result.warnings)
    click.echo(f"wrote {result.pdf} ({result.pages} pages, layout {result.layout})")
    if show_stats and result.stats is not None:
        click.echo(result.stats.summary())
    if timings:
        for stage, seconds in result.timings.items():
            click.echo(f"  {stage:<14} {seconds * 1000:7.1f} ms")


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


if __name__ == "__main__":
    main()
