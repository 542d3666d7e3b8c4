"""Where the shipped fonts and layouts are: the repository in a checkout, package data when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name  # src/briefpress -> repository root


def fonts_dir() -> Path:
    return _data_dir("fonts")


def layouts_dir() -> Path:
    return _data_dir("layouts")
