"""A short, seeded fuzz budget in every run of the suite (about a minute).

`scripts/fuzz.py` makes mutated notes from the examples, the test notes and (when
present) the seeds and corpus, and checks each alone and all together. Whatever the
input: no traceback, exit 0 or 1, a JSON report naming every note, each note within its
time and memory, the same JSON alone and among the others, the same site twice. The
long run is on demand: `python scripts/fuzz.py --notes 10000`.
"""

import importlib.util
import sys

from conftest import ROOT

spec = importlib.util.spec_from_file_location("fuzz", ROOT / "scripts" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
sys.modules["fuzz"] = fuzz  # its workers' functions are pickled by module name
spec.loader.exec_module(fuzz)


def test_the_generator_makes_the_same_notes_from_the_same_seed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    names = fuzz.generate(tmp_path / "a", 60, seed=3)
    assert names == fuzz.generate(tmp_path / "b", 60, seed=3)
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)


def test_a_short_seeded_fuzz_run_finds_no_crash_hang_or_difference():
    summary = fuzz.fuzz(count=800, seed=14, jobs=2, builds=200)
    assert summary["problems"] == [], "\n".join(summary["problems"])
    assert summary["tracebacks"] == 0 and set(summary["exits"]) <= {"0", "1"}
    assert summary["missing_from_own_report"] == summary["missing_from_report_of_all"] == 0
    assert summary["differing_json"] == 0 and summary["notes_with_nc901"] == 0
    assert summary["max_seconds"][0] < fuzz.TIME_LIMIT and summary["max_peak_mb"][0] < fuzz.MEMORY_LIMIT_MB
