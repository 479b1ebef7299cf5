"""The command line: documented commands, exit codes, build outputs and their safety."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys

import pytest

from graph import __version__
from graph.cli import build_parser, main

from conftest import ROOT, SCENARIOS


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_command_has_help_with_an_example():
    commands = subcommands()
    assert {"validate", "build", "show", "stats"} <= set(commands)
    for name, parser in commands.items():
        text = parser.format_help()
        assert "Example" in text, f"{name} --help has no example"
        assert f"glossary-graph {name}" in text


def test_commands_are_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in subcommands():
        assert f"glossary-graph {name}" in readme, f"README does not document {name}"


def test_version_and_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["show"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["show", "dog", "--depth", "-1"])
    assert info.value.code == 2


def test_python_dash_m_is_the_same_cli():
    proc = subprocess.run([sys.executable, "-m", "graph", "stats", "valid", "--format", "json"],
                          cwd=SCENARIOS, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout)
    assert stats["terms"] == 5 and stats["missing_terms"] == 2 and stats["unresolved_links"] == 2


def test_show_prints_definition_and_neighbours(capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    assert main(["show", "Canine", "valid", "--depth", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dog  [dog]")
    assert "Short definition of dog." in out
    assert "broader: mammal" in out
    assert "narrower" not in out.split("2 hops")[0].split("broader")[0]
    assert "2 hops: animal, bird, purring thing (missing)" in out.replace("Purring Thing", "purring thing")


def test_show_unknown_term_suggests(capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    assert main(["show", "dgo", "valid"]) == 1
    assert "did you mean 'dog'" in capsys.readouterr().err


def test_build_writes_exports_and_is_deterministic(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    assert main(["build", "valid", "--out", str(tmp_path / "a")]) == 0
    assert main(["build", "valid", "--out", str(tmp_path / "b"), "-q"]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {"glossary.graph.json", "glossary.graphml"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert not list((tmp_path / "a").glob(".*.tmp"))


def test_build_with_errors_writes_nothing_and_keeps_old_exports(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    out = tmp_path / "out"
    assert main(["build", "valid", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "broken"
    shutil.copytree(SCENARIOS / "valid", broken)
    (broken / "dog.yml").write_text("term: [unclosed\n")
    assert main(["build", str(broken), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "dog.yml:2:1: error: malformed YAML" in err and "not built" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_default_path_is_data_terms(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    assert "data/terms: no such file or folder" in capsys.readouterr().err
    (tmp_path / "data").mkdir()
    shutil.copytree(SCENARIOS / "valid", tmp_path / "data" / "terms")
    assert main(["build", "-q"]) == 0
    assert (tmp_path / "exports" / "glossary.graph.json").is_file()
