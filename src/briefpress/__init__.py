"""briefpress: think-tank briefs from Markdown to print-ready two-column PDF.

The pipeline: source (manuscript) -> model (Brief) -> style (LayoutSpec) ->
layout (pages) -> render (PDF) -> check / proof.  Heavy modules are imported
when a command needs them, so `briefpress --help` stays instant.
"""

__version__ = "0.1.0"
