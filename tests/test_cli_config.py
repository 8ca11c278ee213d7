"""[tool.notecheck] settings and which files a run reads."""

from pathlib import Path

import pytest

from notecheck.config import Config, ConfigError, from_table, load, with_options
from notecheck.read import MissingPath, discover


def test_settings_come_from_the_nearest_pyproject_with_a_notecheck_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.notecheck]\ndisable = ["nc701"]\nlayout = "numerator"\n')
    notes = tmp_path / "notes"
    notes.mkdir()
    config = load(notes)
    assert config.disable == {"NC701"}
    assert config.layout == "numerator"
    assert config.root == tmp_path


def test_a_pyproject_without_the_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load(tmp_path) == Config()


def test_bad_settings_say_what_to_change():
    with pytest.raises(ConfigError, match="layout must be one of numerator, denominator"):
        from_table({"layout": "post"})
    with pytest.raises(ConfigError, match="unknown key"):
        from_table({"includes": ["*.md"]})


def test_command_line_options_win_over_the_file():
    config = with_options(from_table({"disable": ["NC201"], "layout": "numerator"}),
                          disable=["NC701"], layout="denominator")
    assert config.disable == {"NC201", "NC701"}
    assert config.layout == "denominator"


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_folders_give_markdown_and_notebooks_but_not_hidden_or_other_files(tmp_path):
    _tree(tmp_path, ["a.md", "b.markdown", "c.ipynb", "d.txt", "sub/e.md", ".git/f.md", "node_modules/g.md",
                     "h.qmd", "i.Rmd"])
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path], Config().include, ())]
    assert found == ["a.md", "b.markdown", "c.ipynb", "h.qmd", "i.Rmd", "sub/e.md"]


def test_include_and_exclude_globs(tmp_path):
    _tree(tmp_path, ["a.md", "drafts/b.md", "drafts/deep/c.md", "notes.txt"])
    found = discover([tmp_path], ("**/*.md", "*.txt"), ("drafts/**",))
    assert [p.name for p in found] == ["a.md", "notes.txt"]


def test_a_file_named_on_the_command_line_is_read_whatever_its_extension(tmp_path):
    _tree(tmp_path, ["seed.txt"])
    assert discover([tmp_path / "seed.txt", tmp_path / "seed.txt"], Config().include, ()) == [tmp_path / "seed.txt"]


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(MissingPath):
        discover([tmp_path / "nope.md"], Config().include, ())


def test_config_globs_are_relative_to_the_pyproject_folder(tmp_path):
    _tree(tmp_path, ["examples/a.md", "examples/sub/b.md", "other/c.md"])
    found = discover([tmp_path / "examples", tmp_path / "other"], ("examples/**/*.md",), (), root=tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["examples/a.md", "examples/sub/b.md"]
