"""The explorer site, checked without a browser: layout, links, safety, determinism, CLI."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SCENARIOS
from graph import compile_glossary
from graph.cli import main
from graph.site import build_site, page_name, site_files
from test_html import embedded_data, external_references


@pytest.fixture(scope="module")
def animals():
    return compile_glossary(SCENARIOS / "html-animals")


@pytest.fixture(scope="module")
def animal_site(animals, tmp_path_factory):
    root = tmp_path_factory.mktemp("site") / "out"
    build_site(animals, root)
    return root


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_layout_of_the_site(animal_site):
    files = sorted(str(p.relative_to(animal_site)) for p in animal_site.rglob("*") if p.is_file())
    assert files == ["assets/explorer.js", "assets/site.css", "assets/site.js", "assets/vis-network.min.js",
                     "index.html", "missing/wolf.html", "overview.html",
                     "terms/animal.html", "terms/cat.html", "terms/dog.html", "terms/fish.html", "terms/mammal.html"]


def test_pages_share_one_copy_of_vis_network(animal_site):
    bundle = (animal_site / "assets" / "vis-network.min.js").stat().st_size
    assert bundle > 300_000
    for page in site_files(animal_site):
        text = read(page)
        assert "vis-network" not in text or 'src="' in text
        assert len(text.encode()) < bundle / 5, page  # the bundle is linked, never inlined
    term = read(animal_site / "terms" / "dog.html")
    assert '<script src="../assets/vis-network.min.js"></script>' in term
    assert '<link rel="stylesheet" href="../assets/site.css">' in term


def test_no_page_loads_anything_from_the_network(animal_site):
    for page in site_files(animal_site):
        assert external_references(read(page)) == [], page


def test_every_relative_link_points_at_a_file_of_the_site(animal_site):
    for page in site_files(animal_site):
        text = read(page)
        targets = re.findall(r'(?:href|src)="([^"#]+)', text)
        data = [n.get("href") for n in (embedded_data(text)["nodes"] if 'id="gg-data"' in text else [])]
        for target in targets + [t for t in data if t]:
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).resolve().is_file(), (page, target)


def test_concept_page_shows_every_field(animal_site):
    page = read(animal_site / "terms" / "dog.html")
    for text in ("<h1>dog</h1>", "canis familiaris", "hound", "A domesticated carnivorous mammal.",
                 "Why leaders care.", "What builders do.", "A good use.", "A bad use.", "validity",
                 "Some risk.", "A second paragraph.", "CC0-1.0", "2026-01-15", "dog.yml", "engineering",
                 '<a href="https://example.org/source" rel="noopener noreferrer nofollow">Example source</a>'):
        assert text in page, text
    # neighbours link to their pages; the missing one to its page under missing/
    assert '<a href="../terms/mammal.html">mammal</a>' in page
    assert '<a href="../missing/wolf.html" class="gg-missing-link">wolf</a>' in page
    data = embedded_data(page)
    assert data["center"] == "dog" and {n["id"]: n["href"] for n in data["nodes"]}["wolf"] == "../missing/wolf.html"


def test_deprecated_and_inferred_links_are_marked(animal_site):
    fish = read(animal_site / "terms" / "fish.html")
    assert "This term is deprecated." in fish
    animal = read(animal_site / "terms" / "animal.html")  # animal.yml states no links itself
    assert animal.count("(stated there)") == 2


def test_missing_page_lists_who_links_to_it(animal_site):
    page = read(animal_site / "missing" / "wolf.html")
    assert '<a href="../terms/dog.html">dog</a></td><td>related</td>' in page
    assert "wolf.yml" in page and "missing term" in page


def test_index_lists_terms_with_search_data(animal_site):
    page = read(animal_site / "index.html")
    entries = embedded_data(page, "gg-index")
    assert [e["l"] for e in entries] == ["animal", "cat", "dog", "fish", "mammal"]
    assert entries[2]["a"] == ["canis familiaris", "hound"] and entries[2]["r"] == ["product", "engineering"]
    assert page.count('class="gg-card"') == 5
    assert '<a href="missing/wolf.html">wolf</a>' in page
    assert '<option value="deprecated">deprecated</option>' in page


def test_building_twice_gives_identical_files(animals, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(animals, first)
    build_site(animals, second)
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_stale_pages_are_removed_and_other_files_kept(animals, tmp_path):
    root = tmp_path / "site"
    (root / "terms").mkdir(parents=True)
    (root / "terms" / "gone.html").write_text("old")
    (root / "terms" / "notes.txt").write_text("mine")
    (root / "CNAME").write_text("glossary.example.org")
    result = build_site(animals, root)
    assert [p.name for p in result.removed] == ["gone.html"]
    assert (root / "terms" / "notes.txt").read_text() == "mine" and (root / "CNAME").exists()


def test_unsafe_names_stay_inside_the_site_and_markup_stays_text(tmp_path):
    glossary = compile_glossary(SCENARIOS / "html-unsafe")
    root = tmp_path / "deep" / "site"
    build_site(glossary, root)
    assert sorted(p.name for p in (root / "terms").iterdir()) == ["etc-passwd.html", "payload-b-bold-b.html"]
    assert sorted(p.relative_to(tmp_path).parts[:2] for p in tmp_path.rglob("*") if p.is_file()) == \
        sorted(("deep", "site") for _ in range(len(list(root.rglob("*.*")))))
    for page in site_files(root):
        text = read(page)
        assert not re.search(r"(href|src)=[\"']?\s*javascript:", text, re.I), page
        for raw in ("<script>window", "<img src=x", "<b>bold</b>", "<i>&</i>"):
            assert raw not in text, (page, raw)
        assert external_references(text) == []
    payload = read(root / "terms" / "payload-b-bold-b.html")
    assert "&lt;script&gt;window.__pwned" in payload  # shown as text
    assert '<a href="https://example.org/a?b=1&amp;c=%3C2%3E"' in payload or \
        '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in payload
    assert "evil link <span class=\"gg-muted\">(javascript:" in payload  # shown, not linked


@pytest.mark.parametrize("node_id, name", [
    ("overfitting", "overfitting.html"),
    ("café-au-lait", "café-au-lait.html"),
    ("../etc", None), (".hidden", None), ("a/b", None), ("", None), ("x" * 300, None),
])
def test_page_names_are_plain_slugs_or_hashes(node_id, name):
    result = page_name(node_id)
    if name:
        assert result == name
    else:
        assert re.fullmatch(r"term-[0-9a-f]{16}\.html", result)


def test_cli_site_builds_into_the_default_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["site", str(SCENARIOS / "html-animals")]) == 0
    assert (tmp_path / "exports" / "site" / "index.html").is_file()
    err = capsys.readouterr().err
    assert "5 concept pages, 1 missing-term pages" in err


def test_cli_site_refuses_a_glossary_with_errors_and_writes_nothing(tmp_path):
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "broken.yml").write_text("term: broken\naliases: [x]\n")
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "graph", "site", str(terms), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "site not built" in run.stderr and "broken.yml" in run.stderr
    assert not out.exists()


def test_cli_site_output_that_is_a_file_is_an_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    run = subprocess.run([sys.executable, "-m", "graph", "site", str(SCENARIOS / "html-animals"), "-o", str(target)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.startswith("Error:") and "Traceback" not in run.stderr
    assert target.read_text() == "x"


def test_corpus_site(corpus, tmp_path):
    glossary = compile_glossary(corpus)
    result = build_site(glossary, tmp_path)
    assert result.terms == len(glossary.resolution.terms) and result.missing == len(glossary.resolution.missing)
    for page in site_files(tmp_path):
        assert external_references(read(page)) == [], page


def test_missing_terms_link_only_when_there_are_some(animal_site, tmp_path):
    assert 'href="index.html#missing"' in read(animal_site / "index.html")
    glossary = compile_glossary(SCENARIOS / "html-animals" / "animal.yml")  # links to nothing
    build_site(glossary, tmp_path)
    assert "#missing" not in read(tmp_path / "index.html") and not list((tmp_path / "missing").glob("*"))
