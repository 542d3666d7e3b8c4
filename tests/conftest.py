from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fuzz profiles (tests/test_fuzz.py).  "ci", the default, is what CI runs: a fixed seed (the same examples
# every run, so a failure is reproducible and the suite's time is stable) and few enough examples to keep
# the whole fuzz suite under a minute on a 2-core machine.  "long" is for a hand run hunting for new
# failures: `pytest -m fuzz --hypothesis-profile=long` (random seeds, many examples; a failure it finds
# is printed with the input, to be turned into a test in test_robustness.py).
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
         "print_blob": True}
settings.register_profile("ci", derandomize=True, database=None, max_examples=100, **_FUZZ)
settings.register_profile("long", max_examples=1000, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
