"""Shared fixtures: where the acceptance seeds and the public corpus live.

They are not copied into the repository; CI has `../shared` beside the clone.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "notes"


@pytest.fixture(scope="session")
def seeds() -> Path:
    assert SEEDS.is_dir(), f"acceptance seeds not found at {SEEDS}; clone next to shared/"
    return SEEDS


@pytest.fixture(scope="session")
def corpus() -> Path:
    assert CORPUS.is_dir(), f"public corpus not found at {CORPUS}"
    return CORPUS
