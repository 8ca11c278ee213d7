"""At least 97% of the formulas of the seeds and the corpus parse, and every one that
does not is listed, with its reason, in tests/fixtures/unparsed.tsv: the figure in the
README cannot drop without this test saying which formula broke."""

import csv
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from parse_rate import FIXTURE, failures  # noqa: E402


def listed() -> set[tuple[str, str]]:
    with open(FIXTURE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {(row["file"], row["latex-head"]) for row in rows}


def test_at_least_97_percent_parse_and_every_failure_is_listed(seeds, corpus):
    total, failed = failures()
    assert total > 700
    rate = (total - len(failed)) / total
    assert rate >= 0.97, f"{rate:.1%} of {total} formulas parse"
    unlisted = [row for row in failed if (row[0], row[2]) not in listed()]
    assert unlisted == [], "new parse failures; fix them or run scripts/parse_rate.py --write"


def test_the_fixture_gives_a_reason_for_each_formula():
    with open(FIXTURE, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle][1:]
    assert rows and all(len(row) == 4 and row[3].strip() for row in rows)
