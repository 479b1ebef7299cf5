"""Loading: every failure mode of bad input gives one clear, located message and exit 1."""
from __future__ import annotations

import subprocess
import sys

import pytest

from graph import glossary as glossary_module
from graph.cli import main
from graph.errors import GlossaryError
from graph.glossary import compile_glossary
from graph.loading import find_term_files, load_terms

from conftest import ROOT, SCENARIOS


def run_cli(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name, expected", [
    ("malformed-yaml", "malformed-yaml/broken.yml:4:8: error: malformed YAML"),
    ("not-a-mapping", "not-a-mapping/list.yml:1: error: expected a mapping of fields"),
    ("empty-file", "empty-file/empty.yml:1: error: file holds no term"),
    ("non-utf8", "non-utf8/latin1.yml:1:10: error: byte 0xe9 is not valid UTF-8"),
    ("duplicate-term", "duplicate-term/two.yml:1: term: error: term 'Neural Network' is already defined in"),
    ("duplicate-slug", "duplicate-slug/b.yml:1: term: error: term 'K means' is already defined in"),
    ("alias-bomb", "alias-bomb/bomb.yml:1: error: YAML aliases expand this file to more than 100,000 values"),
])
def test_bad_file_is_reported_with_location_and_exit_1(name, expected, capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    code, out, _ = run_cli(["validate", name], capsys)
    assert code == 1
    assert expected in out


@pytest.mark.parametrize("name, expected", [
    ("missing-folder", "Error: missing-folder: no such file or folder"),
    ("empty-folder", "Error: empty-folder: no term files (*.yml, *.yaml) in this folder"),
])
def test_nothing_to_compile_is_one_message(name, expected, capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    code, _, err = run_cli(["validate", name], capsys)
    assert code == 1
    assert err.strip().startswith(expected)


def test_oversized_file_is_refused_and_the_limit_is_configurable(capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    code, out, _ = run_cli(["validate", "oversized", "--max-file-size", "100"], capsys)
    assert code == 1
    assert "oversized/big.yml:1: error: file is" in out and "over the limit of 100" in out
    assert "--max-file-size" in out
    code, out, _ = run_cli(["validate", "oversized"], capsys)
    assert code == 0


def test_alias_bomb_is_refused_without_expanding_it():
    result = load_terms([SCENARIOS / "alias-bomb"])
    assert result.records == []
    assert [p.code for p in result.problems] == ["alias-bomb"]


@pytest.mark.parametrize("name", ["malformed-yaml", "non-utf8", "missing-folder", "alias-bomb"])
def test_no_traceback_from_the_command(name):
    proc = subprocess.run([sys.executable, "-m", "graph", "build", name, "--out", "never-written"],
                          cwd=SCENARIOS, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert name in proc.stderr
    assert not (SCENARIOS / "never-written").exists()


def test_folders_are_searched_recursively_and_files_can_be_named():
    files = find_term_files([SCENARIOS / "valid"])
    assert [f.name for f in files] == ["animal.yml", "cat.yml", "dog.yml", "mammal.yml", "bird.yml"]
    one = find_term_files([SCENARIOS / "valid" / "dog.yml", SCENARIOS / "valid" / "dog.yml"])
    assert len(one) == 1


def test_missing_path_raises_glossary_error():
    with pytest.raises(GlossaryError, match="no such file or folder"):
        compile_glossary(SCENARIOS / "does-not-exist")


def test_unquoted_dates_are_read_as_iso_text():
    result = load_terms([SCENARIOS / "schema-errors" / "typed.yml"])
    assert result.records[0].data["last_reviewed"] == "2026-01-15"


def test_parallel_loading_gives_the_same_result_as_sequential(monkeypatch):
    if not (ROOT / "data" / "terms").is_dir():
        pytest.skip("no data/terms")
    sequential = compile_glossary(ROOT / "data" / "terms", workers=1)
    monkeypatch.setattr(glossary_module, "PARALLEL_FROM", 1)
    parallel = compile_glossary(ROOT / "data" / "terms", workers=2)
    assert [r.data for r in parallel.records] == [r.data for r in sequential.records]
    assert sorted(parallel.graph.edges(keys=True, data=True)) == sorted(sequential.graph.edges(keys=True, data=True))
    broken = compile_glossary([SCENARIOS / "schema-errors", SCENARIOS / "malformed-yaml"], workers=2)
    expected = compile_glossary([SCENARIOS / "schema-errors", SCENARIOS / "malformed-yaml"], workers=1)
    assert [p.format() for p in broken.problems] == [p.format() for p in expected.problems]
