"""`briefpress preview` as a writer uses it: a real process, a real HTTP and server-sent-events client on a
free loopback port, edits saved to the brief; and warm rebuilds byte-identical to cold builds."""

from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefpress.pipeline import WarmState, build

from conftest import ROOT, SAMPLE

EDIT_FROM = "The dominant neo-liberal school of economics predicts"
TIMEOUT = 60  # seconds for any one step: generous on a loaded machine, never hangs the suite


class Sse:
    """Reads a server-sent-event stream in a thread; `next(name)` waits for the next event of that name."""

    def __init__(self, port: int) -> None:
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.conn.request("GET", "/events")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200 and self.resp.getheader("Content-Type") == "text/event-stream"
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = data = None
        try:
            for raw in self.resp:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif not line and name:
                    self.events.put((name, json.loads(data or "{}")))
                    name = data = None
        except (OSError, ValueError):
            return

    def next(self, *names: str) -> tuple[str, dict]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            name, data = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if name in names:
                return name, data


def get(port: int, path: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.getheader("Content-Type") or "", body


def start_preview(brief: Path, out: Path, port: int = 0) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1138752000"}
    env.pop("BRIEFPRESS_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "briefpress", "preview", str(brief), "--port", str(port),
                             "-o", str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def stop(proc: subprocess.Popen) -> tuple[int, str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out, err


def test_preview_rebuilds_on_save_serves_pages_and_keeps_the_last_good_pdf(brief_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "brief.pdf"
    md = brief_dir / "brief.md"
    text = md.read_text(encoding="utf-8")
    proc = start_preview(brief_dir, out)
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        assert "http://127.0.0.1:" in first, first
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        sse = Sse(port)
        status, ctype, page = get(port, "/")
        assert status == 200 and ctype.startswith("text/html")
        sse.next("rebuilt")  # the first build (events so far are replayed to a new client)
        state = json.loads(get(port, "/state")[2])
        assert state["error"] is None and len(state["pages"]) == 6
        status, ctype, png = get(port, "/page/1.png")
        assert status == 200 and ctype == "image/png" and png.startswith(b"\x89PNG")
        sse.next("preflight")  # the check runs after the PDF is written, and reports when done
        assert get(port, "/page/99.png")[0] == 404

        # an edit of one paragraph on page 2: rebuilt, only the pages it touched rendered again
        before = {i: get(port, f"/page/{i}.png")[2] for i in range(1, 7)}
        md.write_text(text.replace(EDIT_FROM, "The dominant neoliberal school of economics predicts", 1),
                      encoding="utf-8")
        _name, built = sse.next("rebuilt")
        assert 1 not in built["changed"] and 2 in built["changed"], built
        assert get(port, "/page/1.png")[2] == before[1]
        assert get(port, "/page/2.png")[2] != before[2]
        good = out.read_bytes()
        cold = tmp_path / "cold.pdf"  # cache correctness: the warm rebuild is what a cold build writes
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1138752000"}
        subprocess.run([sys.executable, "-m", "briefpress", "build", str(brief_dir), "-o", str(cold), "--no-check"],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=TIMEOUT)
        assert cold.read_bytes() == good
        sse.next("preflight")

        # a bad edit: the located one-line error, on the page too; the PDF and the page images stay as they were
        md.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
        _name, error = sse.next("error")
        assert "brief.md:" in error["message"] and "\n" not in error["message"], error
        assert out.read_bytes() == good
        assert get(port, "/page/2.png")[2] != before[2]
        page = get(port, "/")[2].decode()
        assert "id=error" in page and "brief.md:" in page
        assert not list(out.parent.glob(".*.tmp"))

        md.write_text(text, encoding="utf-8")  # fixed again
        sse.next("rebuilt")
        assert json.loads(get(port, "/state")[2])["error"] is None
    finally:
        code, stdout, stderr = stop(proc)
    assert code == 0, stderr
    assert "preview stopped" in stdout


def test_preview_on_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start_preview(SAMPLE, tmp_path / "x.pdf", port)
        code, _out, err = stop_after_exit(proc)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "--port" in lines[0], err
    assert not (tmp_path / "x.pdf").exists()


def stop_after_exit(proc: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return stop(proc)
    return proc.returncode, out, err


def test_preview_listens_on_loopback_only(tmp_path: Path) -> None:
    from briefpress.preview.app import Preview, serve

    server = serve(Preview(SAMPLE, output=tmp_path / "x.pdf"), 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()
        server.server_close()


def test_warm_rebuild_after_an_edit_is_byte_identical_to_a_cold_build(brief_dir: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1138752000")
    warm = WarmState()
    md = brief_dir / "brief.md"
    text = md.read_text(encoding="utf-8")
    build(brief_dir, output=tmp_path / "warm.pdf", check=False, warm=warm)
    for k, edit in enumerate(["The dominant neo-liberal school of economic thought predicts",
                              "The dominant school predicts", EDIT_FROM]):
        md.write_text(text.replace(EDIT_FROM, edit, 1), encoding="utf-8")
        warm_pdf = build(brief_dir, output=tmp_path / "warm.pdf", check=False, warm=warm).data
        cold_pdf = build(brief_dir, output=tmp_path / f"cold-{k}.pdf", check=False).data
        assert warm_pdf == cold_pdf, f"edit {k}: the warm rebuild differs from a cold build"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_preview_page_in_a_real_browser(tmp_path: Path) -> None:
    """A headless Chromium screenshot of the proof page: the pages are drawn (not a blank or broken page)."""
    from PIL import Image

    from briefpress.preview.app import Preview, serve

    state = Preview(SAMPLE, output=tmp_path / "x.pdf", dpi=40)
    state.rebuild()
    server = serve(state, 0)
    shot = tmp_path / "shot.png"
    try:
        profile = tmp_path / "chromium-profile"  # left to pytest: chromium's helpers may still write there
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",  # type: ignore[list-item]
                        "--disable-background-networking", "--disable-quic", "--no-first-run",
                        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                        "--window-size=900,1400", f"--screenshot={shot}",
                        f"http://127.0.0.1:{server.server_address[1]}/"],
                       check=True, capture_output=True, timeout=TIMEOUT)
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
    if os.environ.get("BRIEFPRESS_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["BRIEFPRESS_KEEP_SCREENSHOT"])
    image = Image.open(shot).convert("L")
    colours = image.getcolors(1 << 16) or []
    assert len(colours) > 50, "the screenshot shows no page images"
    white = sum(n for n, v in colours if v > 245)
    assert white > image.width * image.height * 0.1, "no white page in the screenshot"
