"""Precision on real notes: every error notecheck raises on the public corpus (notes by
other people, ../shared/corpus/notes) is a real mistake, listed with the reason in
tests/fixtures/corpus-errors.tsv. A new false alarm fails here; so does a listed
mistake that is no longer flagged."""

import csv
from pathlib import Path

import pytest

from notecheck.config import Config
from notecheck.findings import ERROR
from notecheck.pipeline import run

from conftest import CORPUS

LISTED = Path(__file__).parent / "fixtures" / "corpus-errors.tsv"


def listed() -> set[tuple[str, int, str]]:
    lines = [line for line in LISTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert all(row["why"].strip() for row in rows), "every listed error says why it is a real mistake"
    return {(row["file"], int(row["line"]), row["code"]) for row in rows}


@pytest.fixture(scope="module")
def corpus_errors():
    if not CORPUS.is_dir():
        pytest.skip(f"public corpus not found at {CORPUS}")
    results = run(sorted(CORPUS.iterdir()), Config(), jobs=1)
    return {(Path(r.note.path).name, f.line, f.code) for r in results for f in r.findings
            if f.severity == ERROR}


def test_every_error_on_the_corpus_is_a_listed_real_mistake(corpus_errors):
    assert corpus_errors - listed() == set()


def test_every_listed_mistake_is_still_flagged(corpus_errors):
    assert listed() - corpus_errors == set()
