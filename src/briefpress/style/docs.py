"""layouts/README.md's key reference, generated from the declarations in style.spec."""

from __future__ import annotations

from .spec import SECTIONS, TOP_LEVEL_KEYS, all_keys

INTRO = """# Layout files

A layout file decides everything about how a brief looks: page size and
margins, columns, fonts, colours, type sizes, spacing, line breaking, and
what the output is for (press or screen).  `briefpress build BRIEF --layout NAME`
uses `layouts/NAME.yaml`; `--layout path/to/ours.yaml` uses any file.
`briefpress layouts` lists the shipped ones.

Shipped layouts:

- `print.yaml` — the In Focus format for the press: US Letter trim with
  0.125 in bleed and crop marks, TrimBox and BleedBox on every page, CMYK
  colours only (text pure black), images converted to CMYK.
- `web.yaml` — `extends: print` and changes only what a screen needs: no
  bleed or marks, RGB colours, clickable note references (and links back),
  clickable URLs, bookmarks, page labels, images downsampled to 150 ppi.

## Making your own

Start from a shipped layout and override only what differs:

```yaml
extends: print          # a shipped name, or a path relative to this file
description: "Our blue edition"
colors:
  accent: cmyk(100, 40, 0, 10)
```

Sections merge key by key: a section you write replaces only the keys you
give.  Every key is checked when the file is read: an unknown key, a key
written twice, a value of the wrong type or outside its range (given with
its type below), an impossible geometry (columns wider than the page,
negative margins, a cover band taller than half the page) or an unknown
placeholder in `footer.text` is an error naming the file, the line and the key.

Values: lengths are numbers in points or strings with a unit (`12pt`,
`0.75in`, `3mm`, `1pc`); colours are `cmyk(c, m, y, k)` in percent,
`gray(k)` in percent black, `#rrggbb` or `rgb(r, g, b)` (0-255).  Print
layouts should give CMYK; RGB values are converted with the naive device
formula.  Fonts are TrueType files in `fonts/`.

To give the print PDF a PDF/X-4 output intent, name a CMYK ICC output
profile (from your printer) in `output.output_intent`, relative to the
layout file, and its condition in `output.output_condition` (e.g. FOGRA39).
Images are then converted to CMYK through that profile.

## Every key
"""


def reference() -> str:
    """The README text: intro plus one table per section."""
    lines = [INTRO]
    lines.append("### Top level\n")
    lines.append("| key | meaning |\n| --- | --- |")
    for key, doc in TOP_LEVEL_KEYS.items():
        lines.append(f"| `{key}` | {doc} |")
    lines.append("")
    rows = all_keys()
    for section in SECTIONS:
        lines.append(f"### `{section}`\n")
        lines.append("| key | type | meaning |\n| --- | --- | --- |")
        for key, kind, doc in rows:
            if key.startswith(section + "."):
                lines.append(f"| `{key}` | {kind} | {doc.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)
