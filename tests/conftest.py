"""Shared fixtures: where the acceptance seeds and the public corpus live, and the
hypothesis profile every property test runs under.

The seeds and corpus are not copied into the repository; CI has `../shared` beside the
clone, and a fresh clone without it skips the tests that need them, saying why.
Property tests are derandomized: the same examples on every run and every machine, so
a failure is a bug to fix, not a coin toss (failures found once stay as plain tests).
"""

from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "notes"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"acceptance seeds not found at {SEEDS}; clone next to shared/ to run this test")
    return SEEDS


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"public corpus not found at {CORPUS}; clone next to shared/ to run this test")
    return CORPUS
