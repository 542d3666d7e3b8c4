"""The preview's state (last good PDF, page images, error, preflight findings), its HTTP server and its watcher."""

from __future__ import annotations

import hashlib
import html
import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import BriefpressError, Warnings
from ..pipeline import WarmState, build, build_findings, default_output

HOST = "127.0.0.1"  # loopback only: the preview is for the person at this machine
KEEPALIVE_S = 10.0


class PreviewError(BriefpressError):
    """The preview cannot start (the port is taken, the brief folder does not exist)."""


@dataclass
class PageImage:
    digest: str  # hash of the page's content streams and the images they draw
    png: bytes


@dataclass
class Outcome:
    """What one rebuild did, as printed on the terminal and sent to the page."""

    ok: bool
    ms: float
    pages: int = 0
    changed: list[int] = field(default_factory=list)
    message: str = ""


def page_digests(data: bytes) -> list[str]:
    """One hash per page of everything that decides its pixels: content streams, images and forms drawn,
    fonts used (by name and embedded file), and the page boxes.

    (No quiet_pypdf() here: its warning filters are process-wide, and the preflight thread uses them.)"""
    from pypdf import PdfReader

    from ..check.tokens import page_data

    out = []
    reader = PdfReader(io.BytesIO(data), strict=False)
    for page in reader.pages:
        h = hashlib.sha256(page_data(page))
        for box in ("/MediaBox", "/CropBox"):
            h.update(repr(page.get(box)).encode())
        res = page.get("/Resources")
        res = res.get_object() if res is not None else {}
        xobjects = res.get("/XObject")
        for name, ref in sorted((xobjects.get_object() if xobjects is not None else {}).items()):
            xo = ref.get_object()
            h.update(name.encode() + b"\0" + getattr(xo, "_data", b"") + repr(xo.get("/Matrix")).encode())
        fonts = res.get("/Font")
        for name, ref in sorted((fonts.get_object() if fonts is not None else {}).items()):
            font = ref.get_object()
            h.update(name.encode() + repr(font.get("/BaseFont")).encode())
            desc = font.get("/FontDescriptor") or next(
                (d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])), None)
            if desc is not None:
                file = desc.get_object().get("/FontFile2")
                if file is not None:
                    h.update(hashlib.sha256(file.get_object()._data).digest())
        out.append(h.hexdigest()[:16])
    return out


def render_png(data: bytes, indices: list[int], dpi: int) -> dict[int, bytes]:
    """PNG images of some pages of a PDF (given as bytes), rendered with PDFium."""
    import pypdfium2 as pdfium

    out: dict[int, bytes] = {}
    doc = pdfium.PdfDocument(data)
    try:
        for i in indices:
            page = doc[i]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            buf = io.BytesIO()
            image.save(buf, "PNG", compress_level=1)
            out[i] = buf.getvalue()
    finally:
        doc.close()
    return out


class Preview:
    """A brief kept built: `rebuild()` after every change; thread-safe for the HTTP handlers."""

    def __init__(self, brief: Path, layout: str = "print", output: Path | None = None, dpi: int = 80) -> None:
        self.brief = brief
        self.layout = layout
        self.output = output if output is not None else default_output(brief, layout)  # where build writes
        self.dpi = dpi
        self.warm = WarmState()
        self.cond = threading.Condition()
        self.seq = 0                      # event counter, for the server-sent events
        self.events: list[tuple[int, str, str]] = []
        self.pages: list[PageImage] = []  # of the last good PDF
        self.error: str | None = None     # of the last build, when it failed
        self.build_no = 0
        self.findings: list[dict[str, Any]] | None = None  # preflight of the last good PDF, once it has run
        self.warnings: list[str] = []
        self.last: Outcome | None = None
        self._checker: threading.Thread | None = None

    # -- building --------------------------------------------------------------------------------------
    def rebuild(self) -> Outcome:
        """Build once; on success write the PDF, re-render the changed pages and start the preflight."""
        t0 = time.perf_counter()
        warnings = Warnings()
        try:
            result = build(self.brief, layout=self.layout, output=self.output, warnings=warnings, check=False,
                           warm=self.warm)
        except Exception as exc:  # noqa: BLE001 - a bad edit (or a bug) must never stop the preview
            text = str(exc).split("\n")[0] if isinstance(exc, BriefpressError) else (
                f"internal error: {type(exc).__name__}: {exc} (this is a briefpress bug; please report it)")
            outcome = Outcome(False, (time.perf_counter() - t0) * 1000, message=text)
            with self.cond:
                self.error = outcome.message
                self.last = outcome
            self._publish("error", {"message": outcome.message})
            return outcome
        written_ms = (time.perf_counter() - t0) * 1000
        data = result.data or self.output.read_bytes()
        digests = page_digests(data)
        old = {i: p for i, p in enumerate(self.pages)}
        changed = [i for i, d in enumerate(digests) if i not in old or old[i].digest != d]
        images = render_png(data, changed, self.dpi)
        pages = [PageImage(d, images[i] if i in images else old[i].png) for i, d in enumerate(digests)]
        outcome = Outcome(True, written_ms, len(pages), [i + 1 for i in changed])
        with self.cond:
            self.build_no += 1
            number = self.build_no
            self.pages = pages
            self.error = None
            self.findings = None
            self.warnings = [str(w) for w in warnings]
            self.last = outcome
        self._publish("rebuilt", {"build": number, "pages": len(pages), "changed": outcome.changed,
                                  "ms": round(written_ms, 1),
                                  "pixels_ms": round((time.perf_counter() - t0) * 1000, 1)})
        self._checker = threading.Thread(target=self._check, args=(number, result), daemon=True,
                                         name="preview-preflight")
        self._checker.start()
        return outcome

    def _check(self, number: int, result: Any) -> None:
        """The preflight of a written PDF, off the critical path; stale results (a newer build) are dropped."""
        from ..check import preflight

        try:
            report = preflight(result.pdf, result.profile, accessibility=result.tagged, data=result.data)
            found = [{"severity": r.severity, "text": str(r)} for r in build_findings(report, result.blank_pages)]
        except Exception as exc:  # noqa: BLE001 - the preview keeps running whatever the check does
            found = [{"severity": "error", "text": f"the preflight could not run: {type(exc).__name__}: {exc}"}]
        with self.cond:
            if number != self.build_no:
                return
            self.findings = found
        self._publish("preflight", {"build": number, "errors": sum(f["severity"] == "error" for f in found),
                                    "findings": found})

    def wait_checked(self, timeout: float = 30.0) -> None:
        if self._checker is not None:
            self._checker.join(timeout)

    def _publish(self, name: str, payload: dict[str, Any]) -> None:
        with self.cond:
            self.seq += 1
            self.events.append((self.seq, name, json.dumps(payload)))
            del self.events[:-50]
            self.cond.notify_all()

    # -- what the page shows ---------------------------------------------------------------------------
    def page_html(self) -> str:
        with self.cond:
            seq, error, findings, pages = self.seq, self.error, self.findings, list(self.pages)
            warnings, last = list(self.warnings), self.last
        parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>preview: {html.escape(str(self.brief))}"
                 "</title><style>body{font:14px/1.4 sans-serif;background:#666;margin:0;padding:8px}"
                 "#bar{background:#fff;padding:6px 10px;margin-bottom:8px}"
                 "#error{background:#b00;color:#fff;padding:8px 10px;margin-bottom:8px;font-family:monospace}"
                 ".pages img{display:block;margin:0 auto 12px;box-shadow:0 1px 4px #000;max-width:100%}"
                 ".finding{font-family:monospace;font-size:12px}.finding.error{color:#b00}</style></head><body>"]
        status = "no PDF yet" if not pages else f"{len(pages)} pages"
        if last is not None and last.ok:
            status += f", built in {last.ms:.0f} ms"
        parts.append(f"<div id=bar><b>{html.escape(str(self.output))}</b> — {html.escape(status)}; "
                     "preflight: " + ("running…" if findings is None and pages else
                                      f"{sum(f['severity'] == 'error' for f in findings or [])} errors, "
                                      f"{sum(f['severity'] != 'error' for f in findings or [])} warnings"))
        for f in (findings or []) + [{"severity": "warning", "text": w} for w in warnings]:
            parts.append(f"<div class='finding {f['severity']}'>{html.escape(f['text'])}</div>")
        parts.append("</div>")
        if error:
            parts.append(f"<div id=error>{html.escape(error)}</div>")
        parts.append("<div class=pages>")
        for i, p in enumerate(pages, 1):
            parts.append(f"<img alt='page {i}' src='/page/{i}.png?h={p.digest}'>")
        parts.append("</div><script>"
                     f"const es=new EventSource('/events?since={seq}');"
                     "for(const k of ['rebuilt','error','preflight'])es.addEventListener(k,()=>location.reload());"
                     "</script></body></html>")
        return "".join(parts)

    def page_png(self, number: int) -> bytes | None:
        with self.cond:
            return self.pages[number - 1].png if 1 <= number <= len(self.pages) else None

    def events_after(self, since: int, timeout: float) -> list[tuple[int, str, str]] | None:
        """Events newer than `since`, waiting up to `timeout`; None when the server is stopping."""
        with self.cond:
            self.cond.wait_for(lambda: self.seq > since or self.stopping, timeout)
            if self.stopping:
                return None
            return [e for e in self.events if e[0] > since]

    stopping = False

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: the terminal shows builds
        pass

    def _send(self, code: int, body: bytes, ctype: str, cache: bool = False) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=31536000, immutable" if cache else "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/":
            self._send(200, self.preview.page_html().encode(), "text/html; charset=utf-8")
        elif url.path.startswith("/page/") and url.path.endswith(".png"):
            try:
                png = self.preview.page_png(int(url.path[6:-4]))
            except ValueError:
                png = None
            if png is None:
                self._send(404, b"no such page\n", "text/plain")
            else:
                self._send(200, png, "image/png", cache="h" in query)
        elif url.path == "/pdf":
            try:
                self._send(200, self.preview.output.read_bytes(), "application/pdf")
            except OSError:
                self._send(404, b"no PDF yet\n", "text/plain")
        elif url.path == "/state":
            p = self.preview
            with p.cond:
                state = {"seq": p.seq, "error": p.error, "pages": [x.digest for x in p.pages],
                         "findings": p.findings, "build": p.build_no}
            self._send(200, json.dumps(state).encode(), "application/json")
        elif url.path == "/events":
            self._events(int((query.get("since") or ["0"])[0] or 0))
        else:
            self._send(404, b"not found\n", "text/plain")

    def _events(self, since: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                events = self.preview.events_after(since, KEEPALIVE_S)
                if events is None:
                    return
                if not events:
                    self.wfile.write(b": keep-alive\n\n")
                for seq, name, data in events:
                    self.wfile.write(f"id: {seq}\nevent: {name}\ndata: {data}\n\n".encode())
                    since = seq
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start the HTTP server on 127.0.0.1:`port` (0: any free port) in a thread; PreviewError if taken."""
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise PreviewError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                           hint="another program uses that port; choose another with --port") from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                     name="preview-http").start()
    return server


def watched_paths(preview: Preview) -> list[Path]:
    """The brief's folder (manuscript and figures) and the folder of the layout file (and what it extends)."""
    from ..resources import layouts_dir
    from ..style.load import find_layout

    folder = preview.brief if preview.brief.is_dir() else preview.brief.parent
    paths = {folder.resolve()}
    try:
        paths.add(find_layout(preview.layout).resolve().parent)
    except BriefpressError:
        pass
    paths.add(layouts_dir().resolve())
    return sorted(p for p in paths if p.exists())


def watch(preview: Preview, stop: threading.Event | None = None, on_build: Any = None) -> None:
    """Rebuild on every change under the watched paths until `stop` is set (or Ctrl-C)."""
    import watchfiles

    out = preview.output.resolve()
    default = watchfiles.DefaultFilter()

    def wanted(change: Any, path: str) -> bool:
        p = Path(path)
        if p == out or (p.parent == out.parent and p.name.startswith(f".{out.name}.")):
            return False  # our own output and its temporary file
        return default(change, path)

    for _changes in watchfiles.watch(*watched_paths(preview), watch_filter=wanted, stop_event=stop,
                                     debounce=400, step=10, rust_timeout=200, yield_on_timeout=False):
        outcome = preview.rebuild()
        if on_build is not None:
            on_build(outcome)
