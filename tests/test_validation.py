"""Schema validation: every problem in one run, located, with "did you mean" hints."""
from __future__ import annotations

import json

from graph.cli import main
from graph.glossary import compile_glossary
from graph.validation import explain_record, term_schema, validate_records
from graph.loading import load_terms

from conftest import ROOT, SCENARIOS


def messages(folder):
    glossary = compile_glossary(folder)
    return [p.format() for p in glossary.locate_problems()]


def test_all_errors_of_a_file_are_reported_at_once_with_lines():
    found = [m.replace(str(SCENARIOS) + "/", "") for m in messages(SCENARIOS / "schema-errors")]
    assert "schema-errors/sloppy.yml:2:1: aliasses: error: unknown field 'aliasses'; did you mean 'aliases'?" in found
    assert "schema-errors/sloppy.yml:31:9: status: error: 'aproved' is not an allowed value; did you mean 'approved'?" in found
    assert "schema-errors/sloppy.yml:32:16: last_reviewed: error: '2026-02-30' is not a date written YYYY-MM-DD" in found
    assert any(m.startswith("schema-errors/sloppy.yml:1:1: short_def: error: missing required field 'short_def'")
               for m in found)
    assert "schema-errors/typed.yml:4:13: categories: error: expected a list, got text" in found
    assert sum("sloppy.yml" in m for m in found) == 6  # each problem once, none lost


def test_valid_glossary_has_no_schema_errors():
    records = load_terms([SCENARIOS / "valid"]).records
    assert validate_records(records) == []


def test_fast_and_collecting_validators_agree_on_every_scenario():
    for folder in ("valid", "schema-errors", "links"):
        for record in load_terms([SCENARIOS / folder]).records:
            assert bool(validate_records([record])) == bool(explain_record(record))


def test_uri_and_date_formats_are_checked(tmp_path):
    text = (SCENARIOS / "valid" / "dog.yml").read_text()
    (tmp_path / "dog.yml").write_text(text.replace("https://example.org/dog", "not a url"))
    found = messages(tmp_path)
    assert any("citations[0].url: error: 'not a url' is not an absolute URL" in m for m in found)


def test_errors_and_warnings_are_distinct(capsys, monkeypatch):
    monkeypatch.chdir(SCENARIOS)
    assert main(["validate", "links"]) == 0
    assert main(["validate", "links", "--strict"]) == 1
    capsys.readouterr()
    assert main(["validate", "links", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"] == {"error": 0, "warning": 6, "info": 0}
    assert {p["severity"] for p in payload["problems"]} == {"warning"}
    assert main(["validate", "schema-errors", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["error"] == 7
    assert all(p["line"] and p["file"] for p in payload["problems"])


def test_packaged_schema_accepts_the_shipped_glossary_shape():
    schema = term_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"term", "aliases", "relationships", "status", "last_reviewed"}
    assert (ROOT / "graph" / "schema" / "term.schema.json").is_file()
