"""glossary-graph fix: link repairs that keep every untouched line, never guess, and converge."""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from graph import compile_glossary
from graph.cli import main
from graph.fix import fix_glossary
from graph.quality import run_checks

from conftest import SCENARIOS


def copy_terms(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def relationship_lines(text: str) -> set[int]:
    """0-based numbers of the lines of the top-level ``relationships:`` block."""
    inside, lines = False, set()
    for n, line in enumerate(text.splitlines()):
        if line and not line[0].isspace() and not line.startswith("#"):
            inside = line.startswith("relationships:")
        if inside:
            lines.add(n)
    return lines


def changed_lines_outside_relationships(old: str, new: str) -> list[str]:
    old_rel, new_rel = relationship_lines(old), relationship_lines(new)
    a, b = old.splitlines(), new.splitlines()
    outside = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        outside += [a[i] for i in range(i1, i2) if i not in old_rel]
        outside += [b[j] for j in range(j1, j2) if j not in new_rel]
    return outside


# ----------------------------------------------------------------- layout and safety

def test_fix_keeps_comments_styles_and_untouched_lines(tmp_path):
    folder = copy_terms(SCENARIOS / "fix-layout" / "terms", tmp_path / "terms")
    before = snapshot(folder)
    plan = fix_glossary(folder)
    after = snapshot(folder)

    alpha = after["alpha.yml"].decode()
    for line in before["alpha.yml"].decode().splitlines():
        if line.strip() not in ("- Gamma thing    # an alias of gamma", "- gamma", "- alpha", "- Epsilon"):
            assert line in alpha.splitlines(), f"untouched line lost: {line!r}"
    assert "        - gamma    # an alias of gamma\n" in alpha  # renamed in place, comment kept
    assert "    broader: [beta]\n" in alpha  # flow list untouched
    data = yaml.safe_load(alpha)
    assert data["relationships"] == {"broader": ["beta"], "narrower": ["delta", "epsilon"], "related": ["gamma"]}

    beta = yaml.safe_load(after["beta.yml"])
    assert beta["relationships"] == {"broader": [], "narrower": ["alpha"], "related": ["gamma"]}
    assert after["beta.yml"].decode().endswith("# end of beta\n")

    gamma = after["gamma.yml"]
    assert b"\n" not in gamma.replace(b"\r\n", b"")  # CRLF file stays CRLF
    assert b"# nothing yet" in gamma
    assert yaml.safe_load(gamma)["relationships"]["related"] == ["alpha", "beta"]

    epsilon = yaml.safe_load(after["epsilon.yml"])  # had no relationships and no final newline
    assert epsilon == {"term": "epsilon", "status": "draft", "relationships": {"broader": ["alpha"]}}

    # delta ends in a folded scalar without a final newline: appending would change that
    # scalar's value, so the file is left exactly as it was and reported
    assert after["delta.yml"] == before["delta.yml"]
    assert [p.file for p in plan.skipped] == [str(folder / "delta.yml")]
    for name in before:
        assert changed_lines_outside_relationships(before[name].decode(), after[name].decode()) == []


def test_fix_is_idempotent_and_dry_run_writes_nothing(tmp_path, capsys):
    folder = copy_terms(SCENARIOS / "fix-layout" / "terms", tmp_path / "terms")
    before = snapshot(folder)
    assert main(["fix", str(folder), "--dry-run"]) == 1  # 1: delta.yml could not be fixed
    out = capsys.readouterr()
    assert snapshot(folder) == before
    assert f"--- {folder / 'beta.yml'}" in out.out and "+  narrower:" in out.out and "+  - alpha" in out.out
    assert "delta.yml: warning: left unchanged" in out.err

    fix_glossary(folder)
    fixed = snapshot(folder)
    second = fix_glossary(folder)
    assert second.changes == [] and snapshot(folder) == fixed
    main(["fix", str(folder), "--dry-run"])
    assert capsys.readouterr().out == ""


def test_unparseable_files_are_never_touched(tmp_path, capsys):
    folder = copy_terms(SCENARIOS / "check-urc" / "bad", tmp_path / "terms")
    broken = folder / "broken.yml"
    broken.write_text("term: broken\nrelationships:\n  related: [widget\n")
    before = broken.read_bytes()
    main(["fix", str(folder)])
    assert broken.read_bytes() == before
    assert "urc" not in {p.code for p in run_checks(compile_glossary(folder))}


def test_fix_keeps_file_permissions(tmp_path):
    folder = copy_terms(SCENARIOS / "check-urc" / "bad", tmp_path / "terms")
    os.chmod(folder / "widget.yml", 0o600)
    os.chmod(folder / "gauge.yml", 0o600)
    plan = fix_glossary(folder)
    assert plan.changes
    assert (os.stat(folder / "gauge.yml").st_mode & 0o777) == 0o600


def test_drop_clashes_removes_related_links_that_clash_with_the_hierarchy(tmp_path):
    folder = copy_terms(SCENARIOS / "check-rc" / "bad", tmp_path / "terms")
    fix_glossary(folder)  # without the flag the clash stays
    assert {p.code for p in run_checks(compile_glossary(folder))} >= {"rc"}
    plan = fix_glossary(folder, drop_clashes=True)
    assert plan.counts()["clashing related link(s) dropped"] == 2  # both directions
    found = run_checks(compile_glossary(folder))
    assert not [p for p in found if p.code in ("rc", "urc")]
    assert yaml.safe_load((folder / "lever.yml").read_text())["relationships"]["related"] == []


def test_fix_rewrites_aliases_and_drops_duplicates_and_self_links(tmp_path):
    folder = copy_terms(SCENARIOS / "check-self-link" / "bad", tmp_path / "terms")
    widget = folder / "widget.yml"
    widget.write_text(widget.read_text().replace('  - "widget"\n', '  - "widget"\n  - "GAUGE alias"\n  - "Gauge"\n'))
    plan = fix_glossary(folder)
    counts = plan.counts()
    assert counts["self-link(s) dropped"] == 1 and counts["duplicate link(s) dropped"] == 2
    assert yaml.safe_load(widget.read_text())["relationships"]["related"] == ["gauge"]


# ----------------------------------------------------------------- the ai-glossary corpus

def _key(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_fix_on_the_corpus(corpus, tmp_path):
    folder = copy_terms(corpus, tmp_path / "terms")
    before = snapshot(folder)
    docs = [yaml.safe_load(text) for text in before.values()]
    names = {_key(d["term"]): d["term"] for d in docs}
    owners = defaultdict(set)
    for d in docs:
        for alias in d["aliases"]:
            if _key(alias) != _key(d["term"]):
                owners[_key(alias)].add(d["term"])

    def resolve(text):
        return names.get(_key(text)) or (next(iter(owners[_key(text)])) if len(owners[_key(text)]) == 1 else None)

    links = [(d["term"], rel, text, resolve(text)) for d in docs
             for rel in ("broader", "narrower", "related") for text in d["relationships"].get(rel) or []]
    inverse = {"broader": "narrower", "narrower": "broader", "related": "related"}
    asserted = {(s, r, t) for s, r, _, t in links if t}
    one_way = sum(1 for s, r, _, t in links if t and t != s and (t, inverse[r], s) not in asserted)
    respelled = sum(1 for _, _, text, t in links if t and text != t)

    proc = subprocess.run([sys.executable, "-m", "graph", "fix", str(folder)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"{one_way} inverse link(s) added" in proc.stderr
    assert f"{respelled} link(s) renamed" in proc.stderr

    after = snapshot(folder)
    for name in before:
        assert changed_lines_outside_relationships(before[name].decode(), after[name].decode()) == [], name
        old, new = yaml.safe_load(before[name]), yaml.safe_load(after[name])
        assert {k: v for k, v in old.items() if k != "relationships"} == \
               {k: v for k, v in new.items() if k != "relationships"}

    assert main(["validate", str(folder), "-q"]) == 0
    report = subprocess.run([sys.executable, "-m", "graph", "check", str(folder), "--format", "json",
                             "--fail-on", "never"], capture_output=True, text=True)
    codes = [f["check"] for f in json.loads(report.stdout)["findings"]]
    assert "urc" not in codes and "tchbc" not in codes
    assert codes.count("unresolved-link") == 56  # fix never invents terms
    assert fix_glossary(folder).changes == []  # converged


def test_fix_names_the_files_it_cannot_parse_and_leaves_them_alone(tmp_path, capsys):
    from graph.cli import main
    from conftest import SCENARIOS
    shutil.copytree(SCENARIOS / "valid", tmp_path / "terms")
    broken = tmp_path / "terms" / "broken.yml"
    broken.write_bytes((SCENARIOS / "malformed-yaml" / "broken.yml").read_bytes())
    before = broken.read_bytes()
    assert main(["fix", str(tmp_path / "terms")]) == 1
    err = capsys.readouterr().err
    assert f"not fixed: {broken}:4:8: error: malformed YAML" in err
    assert broken.read_bytes() == before
    assert "- dog" in (tmp_path / "terms" / "mammal.yml").read_text()  # the others were fixed
