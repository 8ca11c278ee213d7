"""`site/` in the repository is the built demo of `examples/`: it must not go stale."""

import filecmp
import os

from click.testing import CliRunner

from notecheck.cli import main

from conftest import ROOT


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_site_folder_is_the_current_build_of_the_examples(tmp_path):
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["build", "-j", "1", "examples", "-o", str(tmp_path / "site")])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    fresh, committed = tmp_path / "site", ROOT / "site"
    assert _files(fresh) == _files(committed), "site/ is stale: run `notecheck build examples/` and commit site/"
    stale = [name for name in _files(fresh) if not filecmp.cmp(fresh / name, committed / name, shallow=False)]
    assert not stale, f"site/ is stale ({', '.join(stale[:5])}): run `notecheck build examples/` and commit site/"
