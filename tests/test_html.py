"""Neighbourhood and overview HTML, checked without a browser: contents, safety, determinism."""
from __future__ import annotations

import html
import html.parser
import json
import re
import subprocess
import sys

import pytest

from graph import compile_glossary
from graph.cli import main
from graph.errors import GlossaryError
from graph.layout import clustered_layout, force_directed
from graph.visualize import (csp_hash, neighbourhood_data, neighbourhood_html, overview_data,
                             overview_html, script_json)

URL_ATTR = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_URL = re.compile(r"""(?:@import\s+|url\(\s*)["']?\s*(?:https?:)?//""", re.I)


class Resources(html.parser.HTMLParser):
    """Collects what a page would load: script src, link href, inline script and style text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads, self.scripts, self.styles, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        if tag in ("img", "iframe", "source", "embed", "object", "audio", "video") and \
                (attrs.get("src") or attrs.get("data")):
            self.loads.append(attrs.get("src") or attrs.get("data"))
        self._in = (tag, attrs.get("type"), []) if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            text = "".join(self._in[2])
            if tag == "style":
                self.styles.append(text)
            elif self._in[1] != "application/json" and text:
                self.scripts.append(text)
        self._in = None

    def handle_data(self, data):
        if self._in:
            self._in[2].append(data)


def external_references(text: str) -> list[str]:
    """Every http(s) or protocol-relative script, style, font or link the page would load."""
    parser = Resources()
    parser.feed(text)
    found = [url for url in parser.loads if re.match(r"\s*(https?:)?//", url, re.I)]
    for style in parser.styles:
        found += CSS_URL.findall(style)
    for match in re.finditer(r"<link\b[^>]*>", text, re.I):
        if URL_ATTR.search(match.group(0)):
            found.append(match.group(0))
    return found


def embedded_data(text: str, element_id: str = "gg-data"):
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', text, re.S)
    assert match, f"no JSON element {element_id}"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def animals(scenario_dir):
    return compile_glossary(scenario_dir / "html-animals")


@pytest.fixture(scope="module")
def unsafe(scenario_dir):
    return compile_glossary(scenario_dir / "html-unsafe")


@pytest.fixture(scope="module")
def scenario_dir():
    from conftest import SCENARIOS
    return SCENARIOS


def ids(data):
    return sorted(n["id"] for n in data["nodes"])


def pairs(data):
    return sorted((e["rel"], e["from"], e["to"]) for e in data["edges"])


# ---------------------------------------------------------------- what is drawn

def test_depth_one_draws_the_term_its_links_and_one_edge_per_linked_pair(animals):
    data = neighbourhood_data(animals, "mammal", depth=1)
    assert ids(data) == ["animal", "cat", "dog", "mammal"]
    # dog->mammal is stated in dog.yml and inferred in reverse: drawn once, arrow to the general term
    assert pairs(data) == [("broader", "cat", "mammal"), ("broader", "dog", "mammal"),
                           ("broader", "mammal", "animal"), ("related", "cat", "dog")]
    assert data["center"] == "mammal" and data["physics"] is True
    assert {n["id"]: n["hops"] for n in data["nodes"]} == {"mammal": 0, "animal": 1, "cat": 1, "dog": 1}


def test_depth_two_reaches_a_missing_term_drawn_as_a_ghost(animals):
    data = neighbourhood_data(animals, "mammal", depth=2)
    assert ids(data) == ["animal", "cat", "dog", "fish", "mammal", "wolf"]
    wolf = next(n for n in data["nodes"] if n["id"] == "wolf")
    assert wolf["missing"] is True and wolf["refs"] == ["dog"] and "cat" not in wolf
    assert ("related", "dog", "wolf") in pairs(data) and ("broader", "fish", "animal") in pairs(data)
    assert len(data["edges"]) == 6


def test_relations_are_followed_in_their_own_direction(animals):
    up = neighbourhood_data(animals, "dog", depth=3, relations=("broader",))
    assert ids(up) == ["animal", "dog", "mammal"]
    assert pairs(up) == [("broader", "dog", "mammal"), ("broader", "mammal", "animal")]
    down = neighbourhood_data(animals, "animal", depth=1, relations="narrower")
    assert ids(down) == ["animal", "fish", "mammal"]
    assert all(e["rel"] == "broader" and e["to"] == "animal" for e in down["edges"])
    side = neighbourhood_data(animals, "dog", depth=1, relations=["related"])
    assert ids(side) == ["cat", "dog", "wolf"] and {e["rel"] for e in side["edges"]} == {"related"}


def test_edges_record_which_term_stated_the_link(animals):
    data = neighbourhood_data(animals, "dog", depth=1)
    stated = {(e["from"], e["to"]): e["stated"] for e in data["edges"]}
    assert stated[("dog", "mammal")] == ["dog"]
    assert stated[("cat", "dog")] == ["dog"]  # only dog.yml lists cat as related


def test_hierarchical_levels_put_general_terms_above(animals):
    data = neighbourhood_data(animals, "dog", depth=2, layout="hierarchical")
    level = {n["id"]: n["level"] for n in data["nodes"]}
    assert level["animal"] < level["mammal"] < level["dog"]
    assert level["cat"] == level["dog"] == level["wolf"]  # related terms share the row


def test_colours_follow_the_primary_category_and_the_legend_counts_them(animals):
    data = neighbourhood_data(animals, "dog", depth=1)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["dog"]["cat"] == "Pets" and by_id["dog"]["cats"] == ["Pets", "Biology"]
    legend = {c["name"]: c for c in data["categories"]}
    assert legend["Pets"]["count"] == 2 and legend["Biology"]["count"] == 1  # dog, cat / mammal
    overview = overview_data(animals)
    assert {c["name"]: c["color"] for c in overview["categories"]}["Pets"] == legend["Pets"]["color"]


def test_term_is_matched_by_alias_and_unknown_terms_suggest(animals):
    page = neighbourhood_html(animals, "Canis familiaris")
    assert embedded_data(page)["center"] == "dog"
    with pytest.raises(GlossaryError, match="did you mean 'mammal'"):
        neighbourhood_html(animals, "mamal")


@pytest.mark.parametrize("kwargs, message", [
    ({"relations": ("broader", "parent")}, "unknown relation"),
    ({"layout": "radial"}, "unknown layout"),
    ({"relations": ()}, "unknown relation"),
])
def test_bad_options_raise_glossary_errors(animals, kwargs, message):
    with pytest.raises(GlossaryError, match=message):
        neighbourhood_html(animals, "dog", **kwargs)


def test_big_neighbourhoods_are_laid_out_in_python(animals, monkeypatch):
    import graph.visualize as vz
    monkeypatch.setattr(vz, "PHYSICS_LIMIT", 3)
    data = neighbourhood_data(animals, "mammal", depth=2)
    assert data["physics"] is False and all("x" in n and "y" in n for n in data["nodes"])


# ---------------------------------------------------------------- the document

def test_page_is_self_contained_with_vis_network_inline(animals):
    page = neighbourhood_html(animals, "dog", depth=2)
    assert page.startswith("<!DOCTYPE html>") and "<meta charset=\"utf-8\">" in page
    assert external_references(page) == []
    assert "vis-network" in page and "new vis.Network" in page
    assert "cdn" not in page.lower().split("</head>")[0]


def test_content_security_policy_allows_exactly_the_inline_scripts(animals):
    page = neighbourhood_html(animals, "dog")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    policy = html.unescape(policy)
    parser = Resources()
    parser.feed(page)
    hashes = sorted(re.findall(r"'sha256-[^']+'", policy))
    assert hashes == sorted(csp_hash(s) for s in parser.scripts) and len(hashes) == 2
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy


def test_overview_has_every_node_with_fixed_positions(animals):
    data = embedded_data(overview_html(animals))
    assert ids(data) == sorted(animals.graph.nodes)
    assert data["physics"] is False and data["view"] == "overview"
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])


def test_output_is_deterministic(animals):
    assert neighbourhood_html(animals, "dog", depth=2) == neighbourhood_html(animals, "dog", depth=2)
    assert overview_html(animals) == overview_html(animals)


# ---------------------------------------------------------------- glossary text is data

def test_script_json_cannot_close_its_element_and_round_trips():
    value = {"a": "</script><script>x()</script>", "b": "&amp; <!-- \u2028\u2029"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_markup_in_the_glossary_never_reaches_the_page_as_markup(unsafe):
    page = neighbourhood_html(unsafe, "payload <b>bold</b>", depth=2)
    for raw in ("<script>window.__pwned", "<img src=x", "<b>bold</b>", "<i>&</i>", "</script><script>"):
        assert raw not in page, raw
    assert "payload &lt;b&gt;bold&lt;/b&gt;" in page  # the title, escaped
    data = embedded_data(page)
    node = next(n for n in data["nodes"] if n["id"] == data["center"])
    assert "<script>window.__pwned" in node["short"]  # the text itself is kept, as data
    assert "\u2028" in node["short"]
    assert external_references(page) == []


def test_explorer_script_never_uses_html_sinks():
    from graph.visualize import asset_text
    for name in ("explorer.js", "site.js"):
        code = asset_text(name)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in code, (name, sink)


# ---------------------------------------------------------------- layout

def test_force_directed_is_deterministic_and_fills_a_unit_disc():
    nodes = [f"n{i}" for i in range(60)]
    edges = [(f"n{i}", f"n{i // 2}") for i in range(1, 60)]
    first = force_directed(nodes, edges, seed=3)
    assert first == force_directed(nodes, edges, seed=3)
    radius = sorted((x * x + y * y) ** 0.5 for x, y in first.values())
    assert radius[-1] <= 1.0 + 1e-9 and radius[0] < 0.2
    assert len({(round(x, 6), round(y, 6)) for x, y in first.values()}) == 60


def test_clusters_do_not_overlap():
    groups = {"big": [f"b{i}" for i in range(50)], "small": [f"s{i}" for i in range(8)], "one": ["o"]}
    pos = clustered_layout(groups, [("b1", "b2"), ("s1", "b1")])
    def box(name):
        xs = [pos[n][0] for n in groups[name]]
        ys = [pos[n][1] for n in groups[name]]
        return (sum(xs) / len(xs), sum(ys) / len(ys)), max(((x - sum(xs) / len(xs)) ** 2 + (y - sum(ys) / len(ys)) ** 2) ** 0.5 for x, y in zip(xs, ys))
    (cb, rb), (cs, rs) = box("big"), box("small")
    assert ((cb[0] - cs[0]) ** 2 + (cb[1] - cs[1]) ** 2) ** 0.5 > rb + rs


# ---------------------------------------------------------------- command line

def test_cli_html_writes_the_file_and_reports(animals, scenario_dir, tmp_path, capsys):
    out = tmp_path / "out" / "dog.html"
    code = main(["html", "hound", str(scenario_dir / "html-animals"), "--depth", "2", "-o", str(out)])
    assert code == 0
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["center"] == "dog" and data["depth"] == 2
    assert f"wrote {out}: {len(data['nodes'])} concepts, {len(data['edges'])} links" in capsys.readouterr().err


def test_cli_html_default_path_folder_and_stdout(scenario_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    src = str(scenario_dir / "html-animals")
    assert main(["html", "cat", src, "-q"]) == 0
    assert (tmp_path / "exports" / "html" / "cat.html").is_file()
    (tmp_path / "pages").mkdir()
    assert main(["html", "cat", src, "-q", "-o", "pages"]) == 0
    assert (tmp_path / "pages" / "cat.html").is_file()
    capsys.readouterr()
    assert main(["html", "cat", src, "--relations", "related", "--layout", "hierarchical", "-o", "-"]) == 0
    data = embedded_data(capsys.readouterr().out)
    assert data["relations"] == ["related"] and data["layout"] == "hierarchical"


def test_cli_html_errors_are_one_line_without_traceback(scenario_dir):
    src = str(scenario_dir / "html-animals")
    run = subprocess.run([sys.executable, "-m", "graph", "html", "mamal", src], capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().startswith("Error: no term named 'mamal'; did you mean 'mammal'")
    assert len(run.stderr.strip().splitlines()) == 1
    run = subprocess.run([sys.executable, "-m", "graph", "html", "dog", src, "--relations", "parent"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "unknown relation parent" in run.stderr and "Traceback" not in run.stderr


def test_cli_html_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["html", "--help"])
    out = capsys.readouterr().out
    assert "Examples:" in out and "--relations" in out and "--depth" in out


def test_corpus_neighbourhood_is_self_contained(corpus):
    glossary = compile_glossary(corpus)
    page = neighbourhood_html(glossary, "overfitting", depth=2)
    assert external_references(page) == []
    assert len(embedded_data(page)["nodes"]) > 10


def test_the_first_cluster_is_placed_in_the_middle():
    groups = {"big": [f"b{i}" for i in range(50)], "small": [f"s{i}" for i in range(8)]}
    pos = clustered_layout(groups, [], first="small")
    xs, ys = zip(*(pos[n] for n in groups["small"]))
    assert abs(sum(xs) / len(xs)) < 40 and abs(sum(ys) / len(ys)) < 40
    bx, by = zip(*(pos[n] for n in groups["big"]))
    assert (sum(bx) / 50) ** 2 + (sum(by) / 50) ** 2 > 200 ** 2


def test_cli_html_draws_even_when_other_files_have_errors(scenario_dir, tmp_path, capsys):
    import shutil
    terms = tmp_path / "terms"
    shutil.copytree(scenario_dir / "html-animals", terms)
    (terms / "broken.yml").write_text("term: broken\naliases: [x]\n", encoding="utf-8")
    out = tmp_path / "dog.html"
    assert main(["html", "dog", str(terms), "--depth", "0", "-o", str(out)]) == 0
    assert "note: the glossary has" in capsys.readouterr().err
    assert ids(embedded_data(out.read_text(encoding="utf-8"))) == ["dog"]


def test_tree_rows_wrap_when_a_level_is_crowded():
    import networkx as nx
    from graph.visualize import TREE_ROW, LinkTable, _levels
    g = nx.MultiDiGraph()
    g.add_edge("hub", "top", key="broader", relation="broader", inferred=False)
    g.add_edge("top", "hub", key="narrower", relation="narrower", inferred=True)
    friends = [f"f{i:02d}" for i in range(20)]
    for f in friends:
        g.add_edge("hub", f, key="related", relation="related", inferred=False)
        g.add_edge(f, "hub", key="related", relation="related", inferred=True)
    rows = _levels(LinkTable(g), "hub", set(g.nodes))
    assert rows["top"] == 0 and rows["hub"] == 1  # the broader term above, the centre first in its row
    per_row = {}
    for node, row in rows.items():
        per_row.setdefault(row, []).append(node)
    assert max(len(v) for v in per_row.values()) == TREE_ROW
    assert sorted(per_row) == [0, 1, 2, 3] and all(rows[f] >= 1 for f in friends)
