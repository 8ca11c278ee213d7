"""The table of regular expressions compiled at an earlier run: a pattern taken from it is the
pattern `re` compiles, and a missing, damaged or unwritable table changes nothing."""

from __future__ import annotations

import re

import pytest

from notecheck import compiled_patterns

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0),
    (r"(?<![A-Za-z])\\(?:sub){0,2}section\*?\{", 0),
    (r"\b(?:if|iff|whenever)\s*[,:]?\s*$", re.I | re.M),
    (r"[\u4e00-\u9fff]+|(?:矩阵|向量)", 0),
    (r"(a)|(b)(?(2)c|d)", re.S),
]
TEXTS = ["2026-12 and 1999-01", "x \\subsection{Gaussian}", "A is idempotent IF\nnext", "设矩阵 A", "bc a bd"]


@pytest.fixture
def table(tmp_path, monkeypatch):
    """A table in a temporary folder, `re`'s cache of its own, bytecode writing on."""
    path = tmp_path / "__pycache__" / "patterns.marshal"
    monkeypatch.setattr(compiled_patterns, "table_path", lambda: path)
    monkeypatch.setattr(compiled_patterns, "_loaded", {})
    monkeypatch.setattr(compiled_patterns, "FRESH_ENOUGH", 1)
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    return path


def test_a_pattern_from_the_table_is_the_pattern_re_compiles(table):
    compiled = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    compiled_patterns.save()
    assert table.exists()
    re._cache.clear()
    compiled_patterns.load()
    for (pattern, flags), before in zip(PATTERNS, compiled):
        loaded = re._cache[str, pattern, int(flags)]
        assert re.compile(pattern, flags) is loaded  # found in the table, not compiled again
        assert loaded == before and loaded.groupindex == before.groupindex
        assert [m.span() for text in TEXTS for m in loaded.finditer(text)] == \
            [m.span() for text in TEXTS for m in before.finditer(text)]


def test_a_damaged_or_missing_table_leaves_re_to_compile(table):
    compiled_patterns.load()  # none yet
    assert re._cache == {}
    table.parent.mkdir()
    table.write_bytes(b"\x00not a table")
    compiled_patterns.load()
    assert re._cache == {} and compiled_patterns._loaded == {}
    assert re.compile(PATTERNS[0][0]).match("2026-12").group("month") == "12"


def test_no_table_is_written_where_bytecode_is_not(table, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    compiled_patterns.save()
    assert not table.exists()


def test_an_re_laid_out_otherwise_keeps_no_table(table, monkeypatch):
    """Python 3.10 has no `re._parser`: a run there ends as it always did, with no table."""
    import builtins

    real_import = builtins.__import__

    def without_parser(name, *args, **kwargs):
        if name == "re" and args and args[2] and "_parser" in args[2]:
            raise ImportError("no re._parser")
        return real_import(name, *args, **kwargs)

    re.compile(PATTERNS[0][0])
    monkeypatch.setattr(builtins, "__import__", without_parser)
    compiled_patterns.save()
    assert not table.exists()
