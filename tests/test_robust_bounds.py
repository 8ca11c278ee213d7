"""Notes that ask for unbounded work get a finding at once, not a hang or a crash.

Each test is one of the minimal hostile notes of issue 14: a huge exponent, a huge or
empty declared size, a Kronecker tower, a sum to 10²⁰, a ragged matrix, thousands of
claims. What a user sees: the claim reported unverified with the reason, in a second,
and no NC901 ("notecheck crashed").
"""

import json
import subprocess
import sys
import time

from click.testing import CliRunner

from notecheck.cli import main

SQUARE = "Let $A \\in \\mathbb{R}^{3\\times 3}$.\n\n"


def check(tmp_path, text: str, name: str = "note.md"):
    """The JSON report of one note and the seconds it took."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    out = CliRunner().invoke(main, ["check", "--format", "json", "-j", "1", str(path)], catch_exceptions=False)
    seconds = time.perf_counter() - start
    assert out.exit_code in (0, 1), out.output
    return json.loads(out.stdout)["notes"][0], seconds


def claim_reasons(note) -> list[tuple[str, str | None]]:
    return [(c["verdict"], c["message"]) for c in note["claims"]]


def codes(note) -> set[str]:
    return {f["code"] for f in note["findings"]}


def test_a_power_to_123456789_is_unverified_at_once_with_the_reason(tmp_path):
    note, seconds = check(tmp_path, SQUARE + "$$A^{123456789} = A$$\n")
    [(verdict, reason)] = claim_reasons(note)
    assert verdict == "unverified" and "exponent beyond" in reason
    assert seconds < 30 and "NC901" not in codes(note)


def test_a_power_to_ten_to_the_hundred_is_unverified_at_once(tmp_path):
    note, seconds = check(tmp_path, SQUARE + "$$A^{10^{100}} = A A$$\n")
    [(verdict, reason)] = claim_reasons(note)
    assert verdict == "unverified" and "exponent beyond" in reason
    assert seconds < 30


def test_powers_by_squaring_still_check_a_derivative_and_catch_a_wrong_one(tmp_path):
    right, _ = check(tmp_path, SQUARE + "$$\\frac{\\partial \\operatorname{tr}(A^{9})}{\\partial A} = 9 (A^{8})^T$$\n")
    wrong, _ = check(tmp_path, SQUARE + "$$\\frac{\\partial \\operatorname{tr}(A^{9})}{\\partial A} = 8 (A^{8})^T$$\n", "w.md")
    assert [c["verdict"] for c in right["claims"]] == ["verified"]
    assert [c["verdict"] for c in wrong["claims"]] == ["failed"]


def test_a_20000_by_20000_declaration_is_checked_on_small_draws(tmp_path):
    text = "Let $X \\in \\mathbb{R}^{20000\\times 20000}$.\n\n$$X^T X = X X^T$$\n\n$$(X^T)^T = X$$\n"
    note, seconds = check(tmp_path, text)
    assert [c["verdict"] for c in note["claims"]] == ["failed", "verified"]
    assert "NC901" not in codes(note) and seconds < 30


def test_a_symbol_declared_with_size_0_is_unverified_not_vacuously_verified(tmp_path):
    note, _ = check(tmp_path, "Let $Z \\in \\mathbb{R}^{0\\times 3}$.\n\n$$Z^T Z = Z^T Z$$\n")
    assert claim_reasons(note) == [("unverified", "Z has a size of 0")]


def test_a_kronecker_tower_past_the_memory_limit_is_unverified_with_the_reason(tmp_path):
    text = ("Let $A \\in \\mathbb{R}^{30\\times 30}$.\n\n"
            "$$(A \\otimes A) \\otimes (A \\otimes A) = A \\otimes (A \\otimes (A \\otimes A))$$\n")
    note, _ = check(tmp_path, text)
    [(verdict, reason)] = claim_reasons(note)
    assert verdict == "unverified" and "memory" in reason


def test_a_kronecker_tower_of_a_9_by_8_matrix_is_refused_before_it_takes_the_memory(tmp_path):
    """4096×6561 entries per draw, and tangents: a check of this note once peaked at 2 GB."""
    path = tmp_path / "note.md"
    path.write_text("Let $A \\in \\mathbb{R}^{8\\times 9}$.\n\n"
                    "$$(A \\otimes A) \\otimes (A \\otimes A) = A \\otimes (A \\otimes (A \\otimes A))$$\n",
                    encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", "import re, sys; from notecheck.cli import main\n"
         "try: main(['check', '--no-cache', '--format', 'json', sys.argv[1]])\n"
         "except SystemExit: pass\n"  # VmHWM, not ru_maxrss: that keeps the forking parent's peak
         "peak = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())\n"
         "print(int(peak.group(1)) // 1024 if peak else 0, file=sys.stderr)", str(path)],
        capture_output=True, text=True, timeout=120)
    [claim] = json.loads(run.stdout)["notes"][0]["claims"]
    assert claim["verdict"] == "unverified"
    assert claim["message"].startswith("a Kronecker product of 4096×6561 entries")
    assert int(run.stderr.split()[-1]) < 300, f"peak {run.stderr.split()[-1]} MiB"


def test_a_sum_up_to_ten_to_the_twenty_is_too_many_terms_not_an_overflow(tmp_path):
    text = "Let $x_i \\in \\mathbb{R}^3$.\n\n$$\\sum_{i=1}^{99999999999999999999} x_i = 0$$\n"
    note, _ = check(tmp_path, text)
    assert claim_reasons(note) == [("unverified", "a sum with too many terms")]


def test_a_ragged_bmatrix_gets_a_real_finding(tmp_path):
    text = ("Let $A \\in \\mathbb{R}^{2\\times 2}$, $x \\in \\mathbb{R}^2$ and $a, b, c \\in \\mathbb{R}$.\n\n"
            "$$\\begin{bmatrix} a & b \\\\ c \\end{bmatrix} x = A x$$\n\n"
            "$$\\begin{bmatrix} a & b \\\\ c \\end{bmatrix}^{-1} = A$$\n")
    note, _ = check(tmp_path, text)
    assert [v for v, _ in claim_reasons(note)] == ["unverified", "unverified"]
    assert all(reason for _, reason in claim_reasons(note)) and "NC901" not in codes(note)


def python_calls(tmp_path, claims: int) -> int:
    """How many Python functions ran to check `claims` claims: a count, not a time, so
    that a loaded machine cannot fail the test (a timed ratio once did, in CI)."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        note, _ = check(tmp_path, "$$x = y$$\n\n" * claims, f"many{claims}.md")
    finally:
        sys.setprofile(None)
    assert len(note["claims"]) == claims - 1
    return calls


def test_checking_claims_is_linear_in_their_number(tmp_path):
    """`$$x = y$$` 400 and 1,600 times: four times the claims, at most five times the work
    (it was sixteen times: every claim redid every formula of its section)."""
    check(tmp_path, "$$x = y$$\n")  # imports and caches warm
    assert python_calls(tmp_path, 1600) <= 5 * python_calls(tmp_path, 400)


def test_a_scalar_power_past_the_largest_float_is_a_bad_draw_not_a_crash(tmp_path):
    text = "Let $c \\in \\mathbb{R}$.\n\n$$(100 c)^{999} = 100^{999} c^{999}$$\n"
    note, _ = check(tmp_path, text)
    assert claim_reasons(note) == [("unverified", "every random draw was ill-conditioned (a power too large to represent)")]
    assert "NC901" not in codes(note)
