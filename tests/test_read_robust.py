"""Hostile input: a finding or a clean result, never an exception or a hang."""

from __future__ import annotations

import random
import time

import pytest

from notecheck.read import load_plugins
from notecheck.read import read_path, read_text


def codes(note) -> list[str]:
    return [finding.code for finding in note.findings]


def test_random_bytes_are_an_unreadable_file_finding(tmp_path):
    rng = random.Random(7)
    for index in range(5):
        path = tmp_path / f"noise{index}.md"
        path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
        note = read_path(path, plugins=load_plugins())
        assert codes(note) == ["NC102"] and note.formulas == []


def test_nul_bytes_mean_binary(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    note = read_path(path, plugins=[])
    assert codes(note) == ["NC102"] and "binary" in note.findings[0].message


def test_empty_file_is_a_clean_empty_note(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    note = read_path(path, plugins=load_plugins())
    assert note.formulas == [] and note.findings == [] and note.title == "empty"


def test_a_file_that_cannot_be_opened_is_a_note_with_nc102(tmp_path):
    note = read_path(tmp_path / "absent.md", plugins=[])
    assert [(f.code, f.message) for f in note.findings] == [("NC102", "file cannot be read: No such file or directory")]
    assert note.formulas == [] and note.path.endswith("absent.md")


def test_file_over_20_mb_is_too_large(tmp_path):
    path = tmp_path / "dump.md"
    path.write_bytes(b"$x$ " * (5 * 2**20 + 1))
    note = read_path(path, plugins=[])
    assert codes(note) == ["NC102"] and "too large" in note.findings[0].message


def test_5_mb_note_is_read_in_seconds(seeds):
    (path,) = seeds.glob("004_*.txt")
    chunk = path.read_text(encoding="utf-8")
    text = chunk * (5 * 2**20 // len(chunk.encode("utf-8")) + 1)
    started = time.perf_counter()
    note = read_text(text, "big.md", plugins=load_plugins())
    elapsed = time.perf_counter() - started
    per_copy = len(read_text(chunk, "one.md", plugins=load_plugins()).formulas)
    assert len(note.formulas) >= per_copy * (text.count("# Notation") - 1)
    assert elapsed < 30, f"5 MB took {elapsed:.1f} s"


@pytest.mark.parametrize("text", [
    "$" + "{" * 10_000 + "x" + "}" * 10_000 + "$\n",
    "$" + "{" * 10_000 + "$\n",
    "$$\n" + "\\left(" * 10_000 + "\n$$\n",
    ">" * 10_000 + " $x$\n",
    "- " * 5_000 + "$x$\n",
    "[" * 10_000 + "$x$" + "]" * 10_000 + "\n",
    "*" * 10_000 + "$x$" + "*" * 10_000 + "\n",
    "![" * 5_000 + "](https://www.zhihu.com/equation?tex=x)\n",
], ids=["braces", "unclosed-braces", "left", "quotes", "lists", "brackets", "emphasis", "zhihu-images"])
def test_deep_nesting_never_blows_the_stack(text):
    note = read_text(text, "deep.md", plugins=load_plugins())
    assert all(formula.line >= 1 for formula in note.formulas)


def test_deep_front_matter_is_a_finding():
    yaml_note = read_text("---\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n$x$\n", "deep.md", plugins=[])
    toml_note = read_text("+++\nx = " + "[" * 10_000 + "]" * 10_000 + "\n+++\n$x$\n", "deep.md", plugins=[])
    assert codes(yaml_note) == codes(toml_note) == ["NC104"]
    assert len(yaml_note.formulas) == len(toml_note.formulas) == 1


def test_yaml_aliases_do_not_explode():
    levels = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    note = read_text("---\na: &a [lol, lol, lol]\n" + levels + "---\n$x$\n", "laughs.md", plugins=[])
    assert note.formulas[0].latex == "x"


def test_yaml_tags_are_not_executed():
    note = read_text("---\nx: !!python/object/apply:os.system ['true']\n---\n$x$\n", "evil.md", plugins=[])
    assert codes(note) == ["NC104"]


@pytest.mark.parametrize("content, where", [
    (b'{"cells": [', (1, 12)),
    (b"[1, 2]", None),
    (b'{"cells": "no"}', None),
    (b"[" * 100_000, None),
], ids=["truncated", "not-a-dict", "cells-not-a-list", "deep"])
def test_broken_notebook_is_a_finding(tmp_path, content, where):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    note = read_path(path, plugins=load_plugins())
    assert codes(note) == ["NC106"] and note.formulas == []
    if where:
        assert (note.findings[0].line, note.findings[0].col) == where


def test_a_crashing_plugin_hook_is_a_finding_not_a_crash():
    class Broken:
        @staticmethod
        def on_formula(formula, note):
            raise ValueError("boom")

    note = read_text("$x$ and $y$\n", "note.md", plugins=[Broken()])
    assert codes(note) == ["NC901", "NC901"] and "boom" in note.findings[0].message


def test_a_page_of_unfinished_images_stays_fast():
    """Linear, not quadratic, in the number of unfinished images: four times as many take
    well under sixteen times as long. A ratio, so that a loaded machine cannot fail it."""
    plugins = load_plugins()
    read_text("![a\n", "warm.md", plugins=plugins)

    def seconds(count: int) -> float:
        """The best of three CPU times: the time other processes take is not counted."""
        def once() -> float:
            started = time.process_time()
            read_text("![a" * count + "\n", "images.md", plugins=plugins)
            return time.process_time() - started
        return min(once() for _ in range(3))

    assert seconds(20_000) < 8 * seconds(5_000)


def test_a_crashing_parser_rule_is_a_finding_and_a_broken_extension_a_clear_error():
    from notecheck.read import PluginError

    class BadRule:
        @staticmethod
        def on_markdown(md):
            def rule(state, silent):
                if state.src.startswith("@", state.pos):
                    raise KeyError("bad rule")
                return False

            md.inline.ruler.before("escape", "bad_rule", rule)

    class BadExtension:
        @staticmethod
        def on_markdown(md):
            raise RuntimeError("no")

    note = read_text("ok $x$ @ here\n", "note.md", plugins=[BadRule()])
    assert codes(note) == ["NC901"] and "bad rule" in note.findings[0].message
    with pytest.raises(PluginError, match="failed to extend the Markdown parser: RuntimeError: no"):
        read_text("$x$\n", "note.md", plugins=[BadExtension()])
