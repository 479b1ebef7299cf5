"""Interactive concept maps: a term's neighbourhood and the whole-glossary overview as HTML.

The pictures are drawn by vis-network, the library pyvis wraps, taken from the copy inside the
installed pyvis package and embedded in the page, so a file opens offline and can be mailed.
pyvis's own templates are not used (DESIGN.md section 5: they link CDNs, write ``lib/`` into
the working directory and pass tooltip text to ``innerHTML``): the pages come from our own
templates, the data travels as JSON in ``<script type="application/json">`` and the browser
code (``assets/explorer.js``) puts every glossary string on the page with ``textContent``.

>>> from graph import compile_glossary  # doctest: +SKIP
>>> html = neighbourhood_html(compile_glossary("data/terms"), "overfitting", depth=2)  # doctest: +SKIP
"""
from __future__ import annotations

import base64
import colorsys
import hashlib
import heapq
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jinja2
import networkx as nx

from .errors import GlossaryError
from .layout import clustered_layout
from .neighbourhood import LinkTable, hops
from .resolve import RELATIONS

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
LAYOUTS = ("force", "hierarchical")

#: Above this many nodes a neighbourhood is laid out in Python (physics in the browser is slow).
PHYSICS_LIMIT = 300

#: Most terms per row of the tree layout; a fuller level wraps onto the next row.
TREE_ROW = 8

#: Category colours (Tableau 10, readable on white); more categories get evenly spaced hues.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#86bcb6")
UNCATEGORISED = "(no category)"


# ---------------------------------------------------------------- assets and templates

def vis_network_path() -> Path:
    """The vis-network bundle shipped inside pyvis (a peer build: no CSS is injected)."""
    import pyvis

    root = Path(pyvis.__file__).resolve().parent
    for candidate in sorted(root.glob("templates/lib/vis-*/vis-network.min.js"), reverse=True) + \
            sorted(root.glob("lib/vis-*/vis-network.min.js"), reverse=True):
        return candidate
    raise GlossaryError(f"vis-network not found inside the pyvis package at {root}",
                        hint="reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'")


@lru_cache(maxsize=None)
def vis_network_js() -> str:
    return _inline_safe(vis_network_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """A file of ``graph/assets`` (our CSS and JavaScript)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def _inline_safe(script: str) -> str:
    """Script text that cannot end its ``<script>`` element early (``</script`` and ``<!--``
    are the only sequences that matter; a blanket ``</`` rewrite would break regex literals)."""
    return _SCRIPT_END.sub(r"<\\/\1", script).replace("<!--", "<\\!--")


@lru_cache(maxsize=None)
def templates() -> jinja2.Environment:
    """Jinja environment with autoescaping on: every ``{{ value }}`` is HTML-escaped."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = lambda value: jinja2.utils.markupsafe.Markup(script_json(value))
    return env


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: stable, and inert as markup.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes (so ``</script>`` in a definition
    cannot close the element) and U+2028/U+2029 are escaped for older JavaScript parsers.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def csp_hash(script: str) -> str:
    """A Content-Security-Policy source allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# ---------------------------------------------------------------- data for the browser

def _strings(value: Any) -> list[str]:
    """A field that should be a list of strings, tolerant of what a broken file may hold."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def primary_category(attrs: dict) -> str:
    cats = _strings(attrs.get("categories"))
    return cats[0] if cats else UNCATEGORISED


def category_colours(graph: nx.MultiDiGraph) -> dict[str, str]:
    """One colour per category, most used first, so every page of a site agrees."""
    counts: dict[str, int] = {}
    for _, attrs in graph.nodes(data=True):
        if not attrs.get("missing"):
            name = primary_category(attrs)
            counts[name] = counts.get(name, 0) + 1
    names = sorted(counts, key=lambda name: (name == UNCATEGORISED, -counts[name], name))
    colours = {}
    for i, name in enumerate(names):
        if name == UNCATEGORISED:
            colours[name] = "#a0a7b0"
        elif i < len(PALETTE):
            colours[name] = PALETTE[i]
        else:
            colours[name] = _hue_colour(i - len(PALETTE))
    return colours


def _hue_colour(i: int) -> str:
    hue = (i * 137.508 + 20) % 360 / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.55, 0.55)
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


def _edges(links: LinkTable, nodes: Iterable[str], relations: Iterable[str]) -> list[dict]:
    """One drawn edge per linked pair and kind: ``broader`` from the specific to the general
    term (so the arrow points at the more general concept), ``related`` once per pair."""
    wanted = set(relations)
    keep = set(nodes)
    merged: dict[tuple[str, str, str], list[str]] = {}
    for source in keep:
        for target, rel, inferred in links[source]:
            if target not in keep or rel not in wanted or source == target:
                continue
            if rel == "broader":
                key = ("broader", source, target)
            elif rel == "narrower":
                key = ("broader", target, source)
            else:
                key = ("related", min(source, target), max(source, target))
            stated = merged.setdefault(key, [])
            if not inferred and source not in stated:
                stated.append(source)
    return [{"from": a, "to": b, "rel": rel, "stated": sorted(stated)}
            for (rel, a, b), stated in sorted(merged.items())]


def _levels(links: LinkTable, center: str, nodes: set[str]) -> dict[str, int]:
    """Tree rows for the hierarchical layout: broader terms above, narrower below.

    The hierarchy sets the rows; a term reached over a "related" link shares the row of the
    term it is related to. Paths with fewer "related" steps win, then shorter paths, then
    names, so the rows do not depend on the order links were written in.
    """
    step = {"broader": -1, "narrower": 1, "related": 0}
    level: dict[str, int] = {}
    heap = [(0, 0, center, 0)]
    while heap:
        sideways, hops, node, row = heapq.heappop(heap)
        if node in level:
            continue
        level[node] = row
        for other, rel, _ in links[node]:
            if other in nodes and other not in level and rel in step:
                heapq.heappush(heap, (sideways + (rel == "related"), hops + 1, other, row + step[rel]))
    for node in nodes:
        level.setdefault(node, 0)
    # A level with many terms (often the related ones) wraps onto several rows, so the tree
    # stays about as wide as the screen instead of one long line.
    rows: dict[str, int] = {}
    row = 0
    for value in sorted(set(level.values())):
        members = sorted((n for n in level if level[n] == value), key=lambda n: (n != center, n))
        for i, node in enumerate(members):
            rows[node] = row + i // TREE_ROW
        row += (len(members) - 1) // TREE_ROW + 1
    return rows


def node_data(graph: nx.MultiDiGraph, node: str) -> dict:
    """What the browser needs to draw, describe and search one node (empty fields omitted)."""
    attrs = graph.nodes[node]
    item: dict[str, Any] = {"id": node, "label": str(attrs.get("label") or node)}
    if attrs.get("missing"):
        item["missing"] = True
        item["refs"] = sorted(str(r) for r in attrs.get("referenced_by", ()))
        return item
    item["cat"] = primary_category(attrs)
    cats = _strings(attrs.get("categories"))
    if len(cats) > 1:
        item["cats"] = cats
    for key, field in (("short", "short_def"), ("status", "status")):
        text = _text(attrs.get(field))
        if text:
            item[key] = text
    aliases = _strings(attrs.get("aliases"))
    if aliases:
        item["aliases"] = aliases
    return item


def neighbourhood_data(glossary, term_id: str, depth: int = 1, relations: Iterable[str] = RELATIONS,
                       layout: str = "force", href=None, colours: dict[str, str] | None = None,
                       links: LinkTable | None = None) -> dict:
    """The JSON a neighbourhood view is drawn from (also used by the site's concept pages).

    ``href(node_id, missing) -> str`` adds a link per node (the site's pages); None for none.
    ``colours`` (:func:`category_colours`) and ``links`` (a :class:`LinkTable`) may be passed
    in by callers that draw many neighbourhoods of one glossary.
    """
    relations = _check_relations(relations)
    if layout not in LAYOUTS:
        raise GlossaryError(f"unknown layout {layout!r}", hint="use one of: " + ", ".join(LAYOUTS))
    if depth < 0:
        raise GlossaryError(f"depth must be 0 or more, got {depth}")
    graph = glossary.graph
    links = links if links is not None else LinkTable(graph)
    distance = hops(graph, term_id, depth, relations, links)
    nodes = sorted(distance)
    levels = _levels(links, term_id, set(nodes))
    colours = colours or category_colours(graph)
    items = []
    for node in nodes:
        item = node_data(graph, node)
        item["hops"] = distance[node]
        item["level"] = levels[node]
        if href is not None:
            item["href"] = href(node, bool(graph.nodes[node].get("missing")))
        items.append(item)
    edges = _edges(links, nodes, relations)
    data = {"view": "neighbourhood", "center": term_id, "depth": depth, "relations": list(relations),
            "layout": layout, "nodes": items, "edges": edges, "physics": len(items) <= PHYSICS_LIMIT,
            "categories": _legend(items, colours)}
    if not data["physics"]:
        _place(items, edges, center=term_id)
    return data


def overview_data(glossary, href=None) -> dict:
    """The whole glossary with positions computed here (physics off in the browser)."""
    graph = glossary.graph
    colours = category_colours(graph)
    nodes = sorted(graph.nodes)
    items = []
    for node in nodes:
        item = node_data(graph, node)
        item["deg"] = len({other for _, other in graph.out_edges(node)})
        if href is not None:
            item["href"] = href(node, bool(graph.nodes[node].get("missing")))
        items.append(item)
    edges = _edges(LinkTable(graph), nodes, RELATIONS)
    _place(items, edges)
    return {"view": "overview", "center": None, "layout": "fixed", "nodes": items, "edges": edges,
            "physics": False, "categories": _legend(items, colours)}


def _place(items: list[dict], edges: list[dict], center: str | None = None) -> None:
    """Give every node x/y: a cluster per category; a missing term joins its first referrer's;
    the centre's cluster goes in the middle."""
    category = {item["id"]: item.get("cat") for item in items}
    groups: dict[str, list[str]] = {}
    for item in items:
        cat = item.get("cat")
        if cat is None:  # missing term
            refs = [r for r in item.get("refs", ()) if category.get(r)]
            cat = category[refs[0]] if refs else UNCATEGORISED
        groups.setdefault(cat, []).append(item["id"])
    first = next((name for name, members in groups.items() if center in members), None)
    positions = clustered_layout(groups, [(e["from"], e["to"]) for e in edges], first=first)
    for item in items:
        item["x"], item["y"] = positions[item["id"]]


def _legend(items: list[dict], colours: dict[str, str]) -> list[dict]:
    counts: dict[str, int] = {}
    for item in items:
        if "cat" in item:
            counts[item["cat"]] = counts.get(item["cat"], 0) + 1
    order = list(colours)
    return [{"name": name, "color": colours[name], "count": counts[name]}
            for name in sorted(counts, key=lambda n: order.index(n))]


def _check_relations(relations: Iterable[str]) -> tuple[str, ...]:
    if isinstance(relations, str):
        relations = [part.strip() for part in relations.split(",") if part.strip()]
    chosen = tuple(dict.fromkeys(relations))
    unknown = [r for r in chosen if r not in RELATIONS]
    if unknown or not chosen:
        raise GlossaryError(f"unknown relation(s): {', '.join(map(repr, unknown)) or 'none given'}",
                            hint="choose from " + ",".join(RELATIONS))
    return chosen


# ---------------------------------------------------------------- complete HTML documents

def standalone_page(data: dict, title: str, subtitle: str) -> str:
    """A complete HTML document with vis-network, our CSS, JS and the data all inside it."""
    scripts = [vis_network_js(), _inline_safe(asset_text("explorer.js"))]
    policy = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src "
              + " ".join(csp_hash(s) for s in scripts) + "; base-uri 'none'; form-action 'none'")
    return templates().get_template("graph_page.html").render(
        title=title, subtitle=subtitle, data=data,
        css=jinja2.utils.markupsafe.Markup(_STYLE_END.sub(r"<\\/\1", asset_text("explorer.css"))),
        scripts=[jinja2.utils.markupsafe.Markup(s) for s in scripts], policy=policy)


def neighbourhood_html(glossary, term: str, depth: int = 1, relations: Iterable[str] = RELATIONS,
                       layout: str = "force") -> str:
    """One self-contained HTML document: the ``depth``-hop neighbourhood of ``term``.

    ``term`` is a name, alias or slug (matched like links are); an unknown term raises
    :class:`~graph.errors.GlossaryError` with a "did you mean". The document references
    nothing outside itself: it works from ``file://``, as a mail attachment or in a notebook.
    """
    term_id = glossary.lookup(term)
    return neighbourhood_document(glossary, neighbourhood_data(glossary, term_id, depth, relations, layout))


def neighbourhood_document(glossary, data: dict) -> str:
    """The standalone page for data from :func:`neighbourhood_data`."""
    label = str(glossary.graph.nodes[data["center"]].get("label") or data["center"])
    depth = data["depth"]
    subtitle = (f"{len(data['nodes'])} concepts within {depth} hop{'s' if depth != 1 else ''}"
                f" · links: {', '.join(data['relations'])}")
    return standalone_page(data, title=label, subtitle=subtitle)


def overview_html(glossary) -> str:
    """One self-contained HTML document showing every term, clustered by category."""
    data = overview_data(glossary)
    terms = sum(1 for item in data["nodes"] if not item.get("missing"))
    missing = len(data["nodes"]) - terms
    subtitle = f"{terms} terms · {missing} missing · {len(data['edges'])} links"
    return standalone_page(data, title="Glossary overview", subtitle=subtitle)

