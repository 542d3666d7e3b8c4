"""Write the brief folder all at once: into a temporary folder beside the target, then rename.

A failed import leaves nothing behind, and an existing brief (someone's
edited brief.md) is replaced only with --force, and then whole, never mixed
with the files of the earlier import.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from .errors import WordImportError


def check_target(folder: Path, force: bool) -> None:
    """Refuse before any work is done: a file in the way, or a brief that would be overwritten."""
    if folder.exists() and not folder.is_dir():
        raise WordImportError("the output is a file, not a folder", path=folder,
                              hint="give a folder with -o, e.g. -o content/my-brief")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        what = "a brief" if (folder / "brief.md").exists() else "a folder that is not empty"
        raise WordImportError(f"{what} is already there and is not overwritten", path=folder,
                              hint="import with --force to replace it, or give another folder with -o")


def write_folder(folder: Path, files: Mapping[str, str | bytes], force: bool) -> None:
    """Write `files` (relative name -> text or bytes) as `folder`, atomically."""
    check_target(folder, force)
    tmp = folder.with_name(f".{folder.name}.import-{os.getpid()}.tmp")
    old = folder.with_name(f".{folder.name}.replaced-{os.getpid()}.tmp")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        for name, content in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
    except OSError as exc:
        if old.exists() and not folder.exists():
            os.replace(old, folder)
        raise WordImportError(f"the brief folder cannot be written ({exc.strerror or exc})", path=folder,
                              hint="check that the folder is writable and the disk is not full") from None
    finally:
        for leftover in (tmp, old):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
