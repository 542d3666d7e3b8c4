"""The measurements beside the cold builds: warm edit, preview latency, archive pool, 130-page memory.

Each returns a list of dicts (one per version, or per version pair) for bench/run.py's report and JSON.
Versions without the feature (an old revision has no preview or warm builds) are measured doing what a
writer had to do there instead, and the row says so:

- warm edit: new = one-paragraph edit of the sample rebuilt in a warm process (pipeline.WarmState), edit
  saved -> PDF written; old = a cold `briefpress build` of the edited brief (its only way);
- preview: new = `briefpress preview`, edit saved -> `rebuilt` event (page images ready) through its
  server-sent events, and -> PDF written (the event's own timing); old = cold build + `briefpress proof`;
- archive: `python build.py` (every brief x layout, preflight and proofs), whole process, each version;
- long130: peak memory (max RSS) of a cold build of bench/longbrief.py's 130-page brief.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

EDIT_FROM = "The dominant neo-liberal school of economics predicts"


def _edit(md: Path, text: str, i: int) -> None:
    """A one-paragraph edit, different every time (so no cache can have seen it)."""
    md.write_text(text.replace(EDIT_FROM, f"{EDIT_FROM} (edit {i})", 1), encoding="utf-8")


WARM_CHILD = r"""
import os, sys, time, json
from pathlib import Path
os.environ["SOURCE_DATE_EPOCH"] = "1"
from briefpress.pipeline import build, WarmState
brief, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
md = brief / "brief.md"
text = md.read_text(encoding="utf-8")
FROM = %r
warm = WarmState()
build(brief, output=out, check=False, warm=warm)
times = []
for i in range(n):
    t0 = time.perf_counter()
    md.write_text(text.replace(FROM, FROM + f" (edit {i})", 1), encoding="utf-8")
    build(brief, output=out, check=False, warm=warm)
    times.append(time.perf_counter() - t0)
print(json.dumps(times))
""" % EDIT_FROM


def warm_edit(version: Any, sample: Path, work: Path, n: int, launch: str) -> dict[str, Any]:
    copy = work / f"warm-{version.label}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(sample, copy)
    out = work / f"warm-{version.label}.pdf"
    probe = subprocess.run([sys.executable, "-c", "import briefpress.pipeline as p; print(hasattr(p, 'WarmState'))"],
                           cwd=version.root, env=version.env(), capture_output=True, text=True)
    if probe.stdout.strip() == "True":
        done = subprocess.run([sys.executable, "-c", WARM_CHILD, str(copy), str(out), str(n)], cwd=version.root,
                              env=version.env(), capture_output=True, text=True)
        if done.returncode:
            return {"bench": "warm-edit", "version": version.label, "error": done.stderr[-500:]}
        times = json.loads(done.stdout.strip().splitlines()[-1])
        how = "warm process (WarmState)"
    else:
        md = copy / "brief.md"
        text = md.read_text(encoding="utf-8")
        times = []
        for i in range(n):
            t0 = time.perf_counter()
            _edit(md, text, i)
            subprocess.run([sys.executable, "-c", launch, "build", str(copy), "-o", str(out), "--no-check"],
                           cwd=version.root, env=version.env(), capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
        how = "cold build --no-check (no warm builds in this version)"
    return {"bench": "warm-edit", "version": version.label, "how": how, "median_s": round(statistics.median(times), 4),
            "min_s": round(min(times), 4), "runs_s": [round(t, 4) for t in times]}


def _sse_reader(port: int, events: queue.Queue, stop: threading.Event) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/events")
    resp = conn.getresponse()
    name, data = None, None
    while not stop.is_set():
        line = resp.readline()
        if not line:
            return
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and name:
            events.put((time.perf_counter(), name, json.loads(data or "{}")))
            name = data = None


def preview_latency(version: Any, sample: Path, work: Path, n: int, launch: str) -> dict[str, Any]:
    copy = work / f"preview-{version.label}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(sample, copy)
    md = copy / "brief.md"
    text = md.read_text(encoding="utf-8")
    out = work / f"preview-{version.label}.pdf"
    has = subprocess.run([sys.executable, "-c", "import briefpress.preview"], cwd=version.root, env=version.env(),
                         capture_output=True).returncode == 0
    if not has:  # the old way to see an edit: build, then proof the pages
        pixels, pdf = [], []
        for i in range(n):
            t0 = time.perf_counter()
            _edit(md, text, i)
            subprocess.run([sys.executable, "-c", launch, "build", str(copy), "-o", str(out)], cwd=version.root,
                           env=version.env(), capture_output=True, check=True)
            pdf.append(time.perf_counter() - t0)
            subprocess.run([sys.executable, "-c", launch, "proof", str(out), "-o", str(work / "old-proof"),
                            "--dpi", "80"], cwd=version.root, env=version.env(), capture_output=True, check=True)
            pixels.append(time.perf_counter() - t0)
        return {"bench": "preview", "version": version.label, "how": "cold build + proof processes",
                "edit_to_pdf_s": round(statistics.median(pdf), 4), "edit_to_pixels_s": round(statistics.median(pixels), 4)}
    env = version.env()
    env["SOURCE_DATE_EPOCH"] = "1"
    proc = subprocess.Popen([sys.executable, "-c", launch, "preview", str(copy), "--port", "0", "-o", str(out)],
                            cwd=version.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Event()
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        events: queue.Queue = queue.Queue()
        threading.Thread(target=_sse_reader, args=(port, events, stop), daemon=True).start()

        def wait_rebuilt() -> tuple[float, dict]:
            while True:
                at, name, data = events.get(timeout=60)
                if name == "rebuilt":
                    return at, data
                if name == "error":
                    raise RuntimeError(f"preview reported an error: {data}")

        wait_rebuilt()  # the first build
        time.sleep(0.5)
        pixels, pdf, build_ms = [], [], []
        for i in range(n):
            t0 = time.perf_counter()
            _edit(md, text, i)
            at, data = wait_rebuilt()
            pixels.append(at - t0)
            pdf.append(at - t0 - (data["pixels_ms"] - data["ms"]) / 1000)
            build_ms.append(data["ms"] / 1000)
            time.sleep(0.3)
        return {"bench": "preview", "version": version.label, "how": "briefpress preview (SSE)",
                "edit_to_pdf_s": round(statistics.median(pdf), 4), "edit_to_pixels_s": round(statistics.median(pixels), 4),
                "rebuild_s": round(statistics.median(build_ms), 4), "runs_pixels_s": [round(t, 4) for t in pixels]}
    except Exception as exc:  # noqa: BLE001
        return {"bench": "preview", "version": version.label, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        stop.set()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def archive(versions: list[Any], n: int) -> list[dict[str, Any]]:
    """`python build.py` as a whole, interleaved between versions."""
    runs: dict[str, list[float]] = {v.label: [] for v in versions}
    cpu: dict[str, list[float]] = {v.label: [] for v in versions}
    for r in range(n):
        for v in (versions if r % 2 == 0 else versions[::-1]):
            env = v.env()
            env["SOURCE_DATE_EPOCH"] = "1"
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "build.py"], cwd=v.root, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            runs[v.label].append(time.perf_counter() - t0)
            cpu[v.label].append(usage.ru_utime + usage.ru_stime)  # this child only (pool workers not counted)
            if os.waitstatus_to_exitcode(status):
                return [{"bench": "archive", "version": v.label, "error": "build.py failed"}]
    return [{"bench": "archive", "version": v.label, "median_s": round(statistics.median(runs[v.label]), 4),
             "runs_s": [round(t, 4) for t in runs[v.label]], "cpus": os.cpu_count()} for v in versions]
