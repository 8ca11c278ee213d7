"""Entry points read without importlib.metadata: the same ones, and a third party's honoured."""

from __future__ import annotations

import sys
import textwrap
from importlib.metadata import entry_points as standard_entry_points

import pytest

from notecheck.read.entry_points import entry_points, version_of


@pytest.mark.parametrize("group", ["notecheck.plugins", "console_scripts", "pytest11"])
def test_the_installed_entry_points_are_the_ones_importlib_metadata_finds(group):
    ours = [(point.name, point.value) for point in entry_points(group)]
    theirs = [(point.name, point.value) for point in standard_entry_points(group=group)]
    assert ours == theirs


def _distribution(folder, name, module, body, entry):
    """A distribution as pip installs it: a module and a dist-info folder naming its plugin."""
    (folder / f"{module}.py").write_text(body, encoding="utf-8")
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry), encoding="utf-8")


def test_a_third_party_plugin_on_the_path_is_found_and_loads(tmp_path, monkeypatch):
    _distribution(tmp_path, "Notecheck_Example", "notecheck_example_plugin", "class Hooks:\n    kind = 'example'\n",
                  """
                  # a comment
                  [console_scripts]
                  other = somewhere:main

                  [notecheck.plugins]
                  example = notecheck_example_plugin:Hooks
                  """)
    later = tmp_path / "later"
    later.mkdir()
    _distribution(later, "notecheck.example", "shadowed_plugin", "", "[notecheck.plugins]\nshadowed = shadowed_plugin\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(later), *sys.path])
    points = {point.name: point for point in entry_points("notecheck.plugins")}
    assert "shadowed" not in points  # the first distribution of a name on the path wins, as in importlib
    assert points["example"].value == "notecheck_example_plugin:Hooks"
    assert points["example"].load().kind == "example"
    assert [(p.name, p.value) for p in entry_points("notecheck.plugins")] == \
        [(p.name, p.value) for p in standard_entry_points(group="notecheck.plugins")]


def test_a_plugins_version_is_the_one_importlib_metadata_reads(tmp_path, monkeypatch):
    """The cache's key names each plugin's version: read from the metadata file, it must be
    what importlib.metadata says, or an upgraded plugin would be served old results."""
    _distribution(tmp_path, "notecheck_versioned", "versioned_plugin", "",
                  "[notecheck.plugins]\nversioned = versioned_plugin\n")
    (tmp_path / "notecheck_versioned-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: notecheck_versioned\nVersion: 2.3.post1\n\nVersion: 9 (the description)\n",
        encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    ours = {point.name: version_of(point) for point in entry_points("notecheck.plugins")}
    theirs = {point.name: point.dist.version for point in standard_entry_points(group="notecheck.plugins")}
    assert ours == theirs
    assert ours["versioned"] == "2.3.post1"
