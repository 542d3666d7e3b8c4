"""The YAML front matter: from the document's Title/Subtitle/Author/Date/Abstract paragraphs, its core
properties (docProps/core.xml) and the organisation's --defaults file, in that order of preference.

A required key that none of them gives is left out, with a `# TODO key:`
comment where it belongs, so that `briefpress build` stops with its usual
one-line error naming the key instead of printing a made-up value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.meta import FRONT_MATTER_KEYS, LANG_RE
from .errors import WordImportError
from .package import DocxPackage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DCTERMS = "{http://purl.org/dc/terms/}"
NOT_AUTHORS = {"", "microsoft office user", "python-docx", "unknown", "administrator", "user", "author"}
MAX_DEFAULTS_BYTES = 1_000_000


@dataclass(frozen=True)
class CoreProperties:
    """What docProps/core.xml says about the document (each value may be missing)."""

    title: str | None = None
    creator: str | None = None
    description: str | None = None
    subject: str | None = None
    keywords: str | None = None
    created: str | None = None
    language: str | None = None  # the default language of the text (styles.xml), e.g. de-DE


@dataclass(frozen=True)
class FrontMatterText:
    """The front matter as written, the title (for the folder name), and the required keys left as TODO."""

    text: str
    title: str | None
    missing: tuple[str, ...]


def _language(package: DocxPackage) -> str | None:
    styles = package.xml("word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang") if styles is not None else None
    value = lang.get(W + "val") if lang is not None else None
    return value if value and LANG_RE.match(value) else None


def core_properties(package: DocxPackage) -> CoreProperties:
    """The core properties, and the document's default language from its styles."""
    root = package.xml("docProps/core.xml")
    if root is None:
        return CoreProperties(language=_language(package))

    def value(tag: str) -> str | None:
        el = root.find(tag)
        text = " ".join((el.text or "").split()) if el is not None else ""
        return text or None

    return CoreProperties(value(DC + "title"), value(DC + "creator"), value(DC + "description"),
                          value(DC + "subject"), value(CP + "keywords"), value(DCTERMS + "created"),
                          _language(package))


def load_defaults(path: Path) -> dict[str, Any]:
    """The organisation's front-matter defaults: safe-loaded YAML, a mapping of known keys."""
    from ..model.meta import _closest

    try:
        if path.stat().st_size > MAX_DEFAULTS_BYTES:
            raise WordImportError("the defaults file is too large", path=path, hint="give a YAML file of front-matter keys")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WordImportError("defaults file not found", path=path, hint="check the name and the folder") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WordImportError(f"the defaults file is not valid YAML ({getattr(exc, 'problem', None) or exc})",
                              path=path, line=mark.line + 1 if mark else None,
                              hint="write one 'key: value' a line, as in a brief's front matter") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WordImportError(f"the defaults file cannot be read ({exc})", path=path,
                              hint="save it as UTF-8 text") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise WordImportError("the defaults file must be a mapping of front-matter keys", path=path,
                              hint="write one 'key: value' a line, e.g. publisher: \"Immigration Policy Center\"")
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            raise WordImportError(f"unknown front-matter key '{key}'", path=path, key=str(key),
                                  hint=_closest(str(key), list(FRONT_MATTER_KEYS)))
    return data


def split_names(text: str) -> list[str]:
    """`A One; B Two`, `A One, B Two and C Three` -> names (a lone comma before Jr./PhD is kept)."""
    parts = re.split(r"\s*;\s*|\s+(?:and|&)\s+|,\s+(?!(?:Jr|Sr|PhD|MD|III|II)\b)", text)
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def document_values(meta: Mapping[str, tuple[str, ...]], core: CoreProperties) -> dict[str, Any]:
    """The keys the Word file gives: its styled paragraphs first, then its core properties."""
    values: dict[str, Any] = {}
    title = " ".join(meta.get("title", ())) or core.title
    if title:
        values["title"] = title
    if meta.get("subtitle"):
        values["subtitle"] = " ".join(meta["subtitle"])
    authors = [n for line in meta.get("authors", ()) for n in split_names(line)]
    if not authors and core.creator:
        authors = [n for n in split_names(core.creator) if n.lower() not in NOT_AUTHORS]
    if authors:
        values["authors"] = authors
    if meta.get("date"):
        values["date"] = " ".join(meta["date"])
    abstract = "\n\n".join(meta.get("abstract", ())) or core.description or core.subject
    if abstract:
        values["abstract"] = abstract
    if core.language and core.language != "en-US":
        values["lang"] = core.language
    if core.keywords:
        values["keywords"] = [k.strip() for k in re.split(r"[;,]", core.keywords) if k.strip()]
    return values


def _yaml_value(key: str, value: Any) -> str:
    """One key as YAML: text as a JSON string (valid YAML), the abstract as a literal block."""
    if key == "abstract" and isinstance(value, str):
        return "abstract: |-\n" + "\n".join(f"  {line}" if line else "" for line in value.split("\n"))
    if isinstance(value, str):
        return f"{key}: {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return f"{key}: [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100_000).rstrip("\n")


def _todo(key: str, core: CoreProperties) -> str:
    where = " (Word's file properties give only the date the file was created, " + core.created[:10] + ")" \
        if key == "date" and core.created else ""
    return (f"# TODO {key}: the Word file does not give it{where}; add a line '{key}: \"…\"' here, "
            f"or import again with --defaults FILE.yaml")


def front_matter(meta: Mapping[str, tuple[str, ...]], core: CoreProperties, defaults: Mapping[str, Any],
                 source: Path) -> FrontMatterText:
    """The front matter, keys in the order of the content format; TODO comments for missing required keys."""
    values = document_values(meta, core)
    lines = [f"# Imported from {source.name} by briefpress import; check every key below."]
    missing: list[str] = []
    for key, (required, _kind) in FRONT_MATTER_KEYS.items():
        if key in values:
            lines.append(_yaml_value(key, values[key]))
        elif key in defaults:
            lines.append(_yaml_value(key, defaults[key]))
        elif required:
            lines.append(_todo(key, core))
            missing.append(key)
    return FrontMatterText("---\n" + "\n".join(lines) + "\n---\n", values.get("title"), tuple(missing))


def slug(text: str, limit: int = 60) -> str:
    """A folder name from a title: lower-case ASCII words joined by hyphens, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit and out:
            break
        out = f"{out}-{word}" if out else word
    return out
