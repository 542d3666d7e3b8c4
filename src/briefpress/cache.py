"""The per-user cache folder: derived data (parsed fonts, hyphenation patterns, a compressed press
profile) kept between builds so that a cold process does not compute it again.

Everything in it can be rebuilt from the inputs, so any failure to read or write it only costs time.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/briefpress`, or `~/.cache/briefpress`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefpress"


def store(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; a read-only home just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except (OSError, ValueError):
        pass


def cached_bytes(name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes cached under `name` (which must change whenever the input does), made once.

    The file holds a CRC-32 of the bytes before them: a damaged cache file is made again, never used
    (a press profile embedded from it would reach the printer broken)."""
    path = cache_dir() / name
    try:
        raw = path.read_bytes()
        if len(raw) >= 4 and int.from_bytes(raw[:4], "big") == zlib.crc32(raw[4:]):
            return raw[4:]
    except OSError:
        pass
    data = make()
    store(path, zlib.crc32(data).to_bytes(4, "big") + data)
    return data
