from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "in-focus-2006-02"


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once in the print layout, reproducibly dated."""
    from briefpress.pipeline import build

    os.environ["SOURCE_DATE_EPOCH"] = "1138752000"  # 1 February 2006
    out = tmp_path_factory.mktemp("sample") / "print.pdf"
    build(SAMPLE, layout="print", output=out)
    return out


@pytest.fixture(scope="session")
def web_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once in the web layout."""
    from briefpress.pipeline import build

    os.environ["SOURCE_DATE_EPOCH"] = "1138752000"
    out = tmp_path_factory.mktemp("sample-web") / "web.pdf"
    build(SAMPLE, layout="web", output=out)
    return out


@pytest.fixture
def brief_dir(tmp_path: Path) -> Path:
    """A copy of the sample brief that a test may change."""
    target = tmp_path / "brief"
    shutil.copytree(SAMPLE, target)
    return target
