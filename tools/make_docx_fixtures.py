"""Regenerate tests/fixtures/docx/in-focus-2006-02.docx, the Word file `briefpress import` is tested on.

It stands in for a Word manuscript written independently of briefpress: the
sample brief's Markdown body, with a pandoc metadata block (title, subtitle,
author, date, abstract -> Word's Title, Subtitle, Author, Date and Abstract
paragraph styles), converted by Debian's pandoc (real Word footnotes, Heading 2
sections, Block Text quotes, figures with Image Caption paragraphs).  The two
CSV charts become small PNG bar charts drawn with Pillow (a .docx cannot hold
a CSV figure), and figure 1 gets a Word alt text that differs from its caption.

The subtitle and author are fixture-only values: the sample prints neither.

    apt-get install -y pandoc      # pandoc 2.17 (Debian 12)
    .venv/bin/python tools/make_docx_fixtures.py

The exact command it runs:

    SOURCE_DATE_EPOCH=1138752000 pandoc -f markdown-smart --standalone <tmp>/manuscript.md -o <tmp>/out.docx
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "in-focus-2006-02"
OUT = ROOT / "tests" / "fixtures" / "docx" / "in-focus-2006-02.docx"
SUBTITLE = "Why a labor accord belongs in North American integration"
AUTHOR = "Immigration Policy Center staff"
ALT_TEXT = "Bar chart: U.S. trade with Canada and Mexico rises from 343 to 790 billion dollars between 1994 and 2005"


def bar_chart(csv_path: Path, png: Path) -> None:
    """A plain bar chart of the CSV's first numeric column (the fixture needs an image, not a fine chart)."""
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))[1:]
    values = [float(r[1]) for r in rows]
    width, height, pad = 600, 300, 20
    im = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(im)
    bar = (width - 2 * pad) / len(values)
    for i, v in enumerate(values):
        top = height - pad - (height - 2 * pad) * v / max(values)
        draw.rectangle([pad + i * bar + 4, top, pad + (i + 1) * bar - 4, height - pad], fill=90)
    draw.line([pad, height - pad, width - pad, height - pad], fill=0, width=2)
    im.save(png, "PNG", dpi=(150, 150), optimize=True)


def manuscript(tmp: Path) -> Path:
    text = (SAMPLE / "brief.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = re.search(r'^title: "(.*)"$', front, re.M).group(1)  # type: ignore[union-attr]
    date = re.search(r'^date: "(.*)"$', front, re.M).group(1)  # type: ignore[union-attr]
    abstract = re.search(r"^abstract: >-\n  (.*)$", front, re.M).group(1)  # type: ignore[union-attr]
    for csv_file in sorted((SAMPLE / "figures").glob("*.csv")):
        bar_chart(csv_file, tmp / f"{csv_file.stem}.png")
        body = re.sub(rf"\(figures/{csv_file.stem}\.csv(?: \"line\")?\)", f"({csv_file.stem}.png)", body)
    meta = (f'---\ntitle: "{title}"\nsubtitle: "{SUBTITLE}"\nauthor: ["{AUTHOR}"]\ndate: "{date}"\n'
            f'abstract: "{abstract}"\n---\n')
    path = tmp / "manuscript.md"
    path.write_text(meta + body, encoding="utf-8")
    return path


def set_alt_text(docx: Path, out: Path) -> None:
    """Give figure 1 a Word alt text (pandoc copies the caption into it)."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            info.date_time = (2006, 2, 1, 0, 0, 0)  # the same bytes on every run
            if info.filename == "word/document.xml":
                data = data.replace(b'descr="Figure 1:', f'descr="{ALT_TEXT}" x-caption="'.encode(), 1)
                data = re.sub(rb' x-caption="[^"]*"', b"", data)
            dst.writestr(info, data)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = manuscript(tmp)
        subprocess.run(["pandoc", "-f", "markdown-smart", "--standalone", str(src), "-o", str(tmp / "out.docx")],
                       check=True, cwd=tmp, env={**os.environ, "SOURCE_DATE_EPOCH": "1138752000"})
        OUT.parent.mkdir(parents=True, exist_ok=True)
        set_alt_text(tmp / "out.docx", OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
