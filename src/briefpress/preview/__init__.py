"""`briefpress preview`: one warm process that rebuilds a brief on save and shows its pages in a browser.

- `Preview` keeps the layout spec and fonts between builds (pipeline.WarmState), rebuilds when the brief's
  folder, its figures or the layout file change (watchfiles), writes the PDF where `build` would, atomically,
  and renders to PNG (PDFium) only the pages whose content streams changed.
- The preflight runs after the PDF is written, in a thread; its findings reach the page when they arrive.
- A bad edit leaves the last good PDF and page images as they were and shows the located one-line error.
- `serve()` answers on 127.0.0.1 only: the proof page, its server-sent events, page images and the PDF.
"""

from __future__ import annotations

from .app import Preview, PreviewError, serve

__all__ = ["Preview", "PreviewError", "serve"]
