"""Quality checks: each check fires on its scenario and stays quiet on its near miss; corpus figures."""
from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from graph import compile_glossary
from graph.errors import ERROR, INFO, WARNING
from graph.quality import CHECKS, QualityConfig, run_checks, write_next

from conftest import SCENARIOS

AS_OF = _dt.date(2026, 12, 3)
CONFIG = QualityConfig(today=AS_OF)


def findings(folder, code=None, config=CONFIG):
    found = run_checks(compile_glossary(folder), config)
    return [p for p in found if code is None or p.code == code]


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_fires_on_its_scenario_and_not_on_the_near_miss(code):
    folder = SCENARIOS / f"check-{code}"
    assert folder.is_dir(), f"check {code} has no scenario folder tests/scenarios/check-{code}"
    bad = findings(folder / "bad", code)
    assert bad, f"{code} did not fire on its scenario"
    for problem in bad:
        assert problem.severity == CHECKS[code].severity
        assert problem.file and Path(problem.file).parent == folder / "bad"
        assert problem.line is not None and problem.line >= 1
        assert problem.hint_text
    assert findings(folder / "good", code) == []


def test_severity_follows_the_skos_reference():
    errors = {code for code, info in CHECKS.items() if info.severity == ERROR}
    assert errors == {"dlv", "ipl", "rc"}  # S13, S14, S27: the W3C integrity conditions
    assert CHECKS["chr"].severity == WARNING  # cycles are legal SKOS, only advised against
    assert CHECKS["unlinked-mention"].severity == INFO


def test_findings_point_at_the_offending_line():
    for problem in findings(SCENARIOS / "check-rc" / "bad", "rc"):
        line = Path(problem.file).read_text().splitlines()[problem.line - 1]
        assert line.strip() == '- "widget"' and problem.path == "relationships.related[0]"
    (stale,) = findings(SCENARIOS / "check-stale-review" / "bad", "stale-review")
    assert Path(stale.file).read_text().splitlines()[stale.line - 1].startswith("last_reviewed:")
    assert "2514 days" in stale.message  # 2020-01-15 .. 2026-12-03


def test_stale_review_age_is_configurable():
    folder = SCENARIOS / "check-stale-review" / "bad"
    assert findings(folder, "stale-review", QualityConfig(today=AS_OF, stale_after_days=5000)) == []
    assert findings(folder, "stale-review", QualityConfig(today=_dt.date(2020, 6, 1))) == []


def test_only_and_skip_select_checks():
    folder = SCENARIOS / "check-urc" / "bad"
    only = findings(folder, config=QualityConfig(today=AS_OF, only=frozenset({"oc"})))
    assert {p.code for p in only} <= {"oc"}
    skipped = findings(folder, config=QualityConfig(today=AS_OF, skip=frozenset({"urc"})))
    assert "urc" not in {p.code for p in skipped}


def test_compiler_problems_are_reported_once():
    found = findings(SCENARIOS / "check-unresolved-link" / "bad")
    codes = [p.code for p in found]
    assert codes.count("unresolved-link") == 1 and "ambiguous-link" not in codes
    schema = findings(SCENARIOS / "schema-errors")
    assert any(p.code.startswith("schema-") and p.severity == ERROR for p in schema)


def test_unlinked_mentions_prefer_the_longer_name(tmp_path):
    src = SCENARIOS / "check-unlinked-mention" / "bad"
    for f in src.iterdir():
        (tmp_path / f.name).write_text(f.read_text())
    text = (tmp_path / "widget.yml").read_text()
    # "lever basket" is an alias of the lever: the basket inside it is not a mention of its own
    (tmp_path / "widget.yml").write_text(text.replace("stored in a basket near", "stored in a lever basket near"))
    lever = (tmp_path / "lever.yml").read_text().replace('- "lever alias"', '- "lever basket"')
    (tmp_path / "lever.yml").write_text(lever)
    (mention,) = findings(tmp_path, "unlinked-mention")
    assert mention.terms == ("widget", "lever")


def test_write_next_ranks_missing_terms_by_referencing_terms(tmp_path):
    for name, links in (("a", ["gap one", "gap two"]), ("b", ["gap two"]), ("c", ["Gap Two", "gap one"])):
        (tmp_path / f"{name}.yml").write_text(yaml.safe_dump(
            {"term": name, "relationships": {"related": links}}))
    ranked = write_next(compile_glossary(tmp_path))
    assert [(e["term"], e["count"], e["referenced_by"]) for e in ranked] == [
        ("gap-two", 3, ["a", "b", "c"]), ("gap-one", 2, ["a", "c"])]


# ----------------------------------------------------------------- RDF input

def test_rdf_label_checks_read_the_skos_graph():
    rdflib = pytest.importorskip("rdflib")
    from graph.quality_rdf import RDF_VARIANTS

    config = QualityConfig(rdf_file="x.ttl")
    for kind, expect in (("bad", True), ("good", False)):
        graph = rdflib.Graph().parse(SCENARIOS / "check-rdf" / f"{kind}.ttl", format="turtle")
        for code, func in RDF_VARIANTS.items():
            found = func(graph, config)
            assert bool(found) == expect, (kind, code, found)
            assert all(p.code == code and p.path.startswith("<") for p in found)


# ----------------------------------------------------------------- the ai-glossary corpus

def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _corpus_model(corpus):
    """The corpus links resolved independently of graph.resolve: plain dicts and a regex key."""
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(corpus).glob("*.yml"))]
    names = {_key(d["term"]): d["term"] for d in docs}
    owners = defaultdict(set)
    for d in docs:
        for alias in d.get("aliases") or []:
            if _key(alias) != _key(d["term"]):
                owners[_key(alias)].add(d["term"])

    def resolve(text):
        if _key(text) in names:
            return names[_key(text)]
        found = owners.get(_key(text), set())
        return next(iter(found)) if len(found) == 1 else None

    links = [(d["term"], rel, text, resolve(text)) for d in docs
             for rel in ("broader", "narrower", "related") for text in (d.get("relationships") or {}).get(rel) or []]
    return docs, links, owners


def test_corpus_figures(corpus):
    docs, links, owners = _corpus_model(corpus)
    found = findings(corpus)
    by_code = defaultdict(list)
    for p in found:
        by_code[p.code].append(p)

    unresolved = [l for l in links if l[3] is None]
    assert len(unresolved) == len(by_code["unresolved-link"]) == 56

    asserted = {(s, r, t) for s, r, _, t in links if t and t != s}
    inverse = {"broader": "narrower", "narrower": "broader", "related": "related"}
    one_way = {rel: sum(1 for s, r, _, t in links if r == rel and t and t != s and (t, inverse[r], s) not in asserted)
               for rel in inverse}
    reported = defaultdict(int)
    for p in by_code["urc"]:
        reported[re.match(r"relationships\.(\w+)", p.path).group(1)] += 1
    assert dict(reported) == one_way
    assert one_way["broader"] == 83 and one_way["related"] == 258  # "most" of 120 and 348

    up = defaultdict(set)
    for s, r, _, t in links:
        if t and t != s and r in ("broader", "narrower"):
            up[s if r == "broader" else t].add(t if r == "broader" else s)

    def ancestors(term):
        seen, stack = set(), [term]
        while stack:
            for parent in up[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    clashes = {frozenset((s, t)) for s, r, _, t in links
               if r == "related" and t and t != s and (t in ancestors(s) or s in ancestors(t))}
    # The corpus README counts 27 with exact-text links; matching ignores case and punctuation
    # and resolves aliases (as the glossary does), which adds one more related-vs-broader pair.
    assert len(clashes) == len(by_code["rc"]) == 28
    assert {frozenset(p.terms) for p in by_code["rc"]} == {frozenset(_key_slug(x) for x in c) for c in clashes}
    assert all(p.severity == ERROR for p in by_code["rc"])

    shared = {key: terms for key, terms in owners.items() if len(terms) > 1}
    assert list(shared) == ["supervisedfinetuning"]
    assert {p.file.rsplit("/", 1)[-1] for p in by_code["shared-alias"]} == {"fine-tuning.yml", "instruction-tuning.yml"}
    assert all("supervised fine-tuning" in p.message for p in by_code["shared-alias"])
    (overlap,) = by_code["ol"]
    assert "function calling" in overlap.message


def _key_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def test_corpus_write_next(corpus):
    _, links, _ = _corpus_model(corpus)
    referencing = defaultdict(set)
    for source, _, text, target in links:
        if target is None:
            referencing[_key_slug(text)].add(_key_slug(source))
    ranked = write_next(compile_glossary(corpus))
    assert {e["term"]: e["count"] for e in ranked} == {k: len(v) for k, v in referencing.items()}
    top = ranked[0]
    assert top["label"] == "incident response" and top["count"] == max(len(v) for v in referencing.values())
    counts = [e["count"] for e in ranked]
    assert counts == sorted(counts, reverse=True)


def test_fast_line_finder_agrees_with_the_yaml_parser(tmp_path):
    import copy

    from graph.validation import locate

    folder = tmp_path / "terms"
    folder.mkdir()
    for scenario in ("check-rc", "check-hr", "check-unlinked-mention", "check-stale-review", "check-el"):
        for f in (SCENARIOS / scenario / "bad").iterdir():
            (folder / f"{scenario}-{f.name}").write_text(f.read_text())
    # odd but valid layouts: indented lists, comments, quoted keys, a flow list, a block scalar
    (folder / "odd.yml").write_text(
        "# comment\nterm: odd\n'aliases':\n    - odd one   # c\nshort_def: |\n  related: not a key\n"
        "relationships:\n    # parent\n    broader: [widget]\n    related:\n\n        - gauge\n"
        "        - sprocket\nstatus: draft\n")
    from graph.locate_fast import locate_problems

    found = [p for p in run_checks(compile_glossary(folder), CONFIG) if p.path]
    assert len(found) > 10
    fast, exact = [copy.copy(p) for p in found], [copy.copy(p) for p in found]
    for p in fast + exact:
        p.line = p.column = None
    locate_problems(fast)
    locate(exact)
    assert [(p.file, p.path, p.line, p.column) for p in fast] == \
           [(p.file, p.path, p.line, p.column) for p in exact]


def test_mention_scan_in_a_second_process_finds_the_same(corpus):
    glossary = compile_glossary(corpus)
    here = [(p.terms, p.message) for p in run_checks(glossary, QualityConfig(today=AS_OF, parallel_from=10**9))
            if p.code == "unlinked-mention"]
    forked = [(p.terms, p.message) for p in run_checks(glossary, QualityConfig(today=AS_OF, parallel_from=0))
              if p.code == "unlinked-mention"]
    assert here == forked and len(here) > 50


def test_mention_scan_forks_where_it_can(corpus):
    from graph.mentions import MentionScan, _can_fork, find_mentions

    glossary = compile_glossary(corpus)
    can_fork = _can_fork()
    scan = MentionScan(glossary, 4, parallel_from=0)
    assert (scan.future is not None) == can_fork
    assert scan.result() == find_mentions(glossary, 4)
    assert scan.pool is None  # shut down after use
