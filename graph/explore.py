"""Explore a glossary from Python and Jupyter: one object over the graph with the questions
analysts ask (what is near this term, how are two terms connected, what is central, what is
missing), answered as plain data that also displays well in a notebook.

The functions take a NetworkX graph as built by :func:`graph.compile_glossary`, so they work
on any glossary, whether it came from YAML files, an imported SKOS file or the node-link JSON
export. :func:`load` and :class:`Explorer` wrap them behind one entry point.

Examples
--------
>>> import graph
>>> ex = graph.explore.from_terms([
...     {"term": "model", "relationships": {"narrower": ["classifier", "regressor"]}},
...     {"term": "classifier", "aliases": ["classification model"],
...      "short_def": "A model that predicts a label."},
...     {"term": "regressor", "short_def": "A model that predicts a number."},
... ])
>>> ex.lookup("Classification model")
'classifier'
>>> print(ex.path("classifier", "regressor"))
classifier -broader-> model -narrower-> regressor
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import networkx as nx

from .build import build_graph
from .errors import GlossaryError, did_you_mean
from .glossary import DEFAULT_TERMS_DIR, Glossary, compile_glossary
from .loading import DEFAULT_MAX_FILE_SIZE, Record
from .neighbourhood import neighbourhood as _neighbourhood
from .resolve import RELATIONS, TermIndex, resolve
from .textkeys import match_key, slugify
from .validation import validate_records

log = logging.getLogger(__name__)

#: File suffixes read as RDF (through :func:`graph.skos_import.compile_skos`).
RDF_SUFFIXES = (".ttl", ".rdf", ".owl", ".xml", ".nt", ".n3", ".jsonld", ".json-ld", ".trig", ".nq")
#: The centrality measures :func:`centrality` knows.
MEASURES = ("degree", "betweenness", "pagerank")
#: Exact betweenness costs one breadth-first search per term, O(n(n+m)) in pure Python: about
#: this many node+edge visits take ten seconds on one core. Above it, sources are sampled.
BETWEENNESS_BUDGET = 5_000_000
#: The fewest sampled sources, however large the glossary.
BETWEENNESS_MIN_SAMPLE = 50


# ------------------------------------------------------------------ plain results

class Table:
    """Rows of plain dicts with named columns: iterate it, index it, or turn it into a DataFrame.

    Results stay plain Python (no pandas needed); :meth:`to_dataframe` converts when pandas is
    installed, and notebooks show the table as HTML.

    Examples
    --------
    >>> t = Table([{"id": "a", "score": 2}, {"id": "b", "score": 1}])
    >>> len(t), t.columns, t[0]["id"]
    (2, ['id', 'score'], 'a')
    >>> t.column("id")
    ['a', 'b']
    """

    def __init__(self, rows: Iterable[dict], columns: Sequence[str] | None = None, title: str = ""):
        self.rows = [dict(r) for r in rows]
        if columns is None:
            columns = []
            for row in self.rows:
                columns.extend(k for k in row if k not in columns)
        self.columns = list(columns)
        self.title = title

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict]:
        return iter(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Table(self.rows[index], self.columns, self.title)
        return self.rows[index]

    def __eq__(self, other) -> bool:
        if isinstance(other, Table):
            return self.rows == other.rows and self.columns == other.columns
        return NotImplemented

    def column(self, name: str) -> list:
        """The values of one column, in row order."""
        return [row.get(name) for row in self.rows]

    def to_dataframe(self):
        """A :class:`pandas.DataFrame` of the rows (raises a clear error without pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise GlossaryError("to_dataframe needs pandas",
                                hint="pip install pandas, or install the notebook extra: "
                                     "pip install 'glossary-graph[notebook]'") from None
        return pd.DataFrame(self.rows, columns=self.columns)

    def __repr__(self) -> str:
        from .notebook import table_text
        return table_text(self)

    def _repr_html_(self) -> str:
        from .notebook import table_html
        return table_html(self)


@dataclass(frozen=True)
class Step:
    """One step of a conceptual path: ``source`` is ``relation`` of ``target``."""

    source: str
    relation: str
    target: str
    inferred: bool


@dataclass
class ConceptPath:
    """The shortest chain of links between two terms, with the relation of every step."""

    steps: list[Step]
    labels: dict[str, str]
    source: str
    target: str

    @property
    def terms(self) -> list[str]:
        """The ids along the path, both ends included (one id when a term is its own path)."""
        return [self.source] + [s.target for s in self.steps]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __str__(self) -> str:
        parts = [self.labels[self.source]]
        for step in self.steps:
            parts.append(f"-{step.relation}-> {self.labels[step.target]}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<ConceptPath {len(self)} step(s): {self}>"

    def _repr_html_(self) -> str:
        from .notebook import path_html
        return path_html(self)


@dataclass
class Term:
    """One term (or missing term) with its fields and its direct links, ready to display."""

    id: str
    attrs: dict
    links: dict[str, list[tuple[str, str, bool, bool]]] = field(default_factory=dict)
    # relation -> [(other id, other label, inferred, other is missing)]

    @property
    def label(self) -> str:
        return self.attrs.get("label", self.id)

    @property
    def missing(self) -> bool:
        return bool(self.attrs.get("missing"))

    @property
    def definition(self) -> str | None:
        value = self.attrs.get("short_def")
        return value if isinstance(value, str) else None

    @property
    def aliases(self) -> list[str]:
        return _strings(self.attrs.get("aliases"))

    @property
    def categories(self) -> list[str]:
        return _strings(self.attrs.get("categories"))

    def __getitem__(self, key: str):
        return self.attrs[key]

    def get(self, key: str, default=None):
        return self.attrs.get(key, default)

    def __repr__(self) -> str:
        return f"<Term {self.id!r}: {self.label}{' (missing)' if self.missing else ''}>"

    def __str__(self) -> str:
        from .notebook import term_text
        return term_text(self)

    def _repr_html_(self) -> str:
        from .notebook import term_html
        return term_html(self)


class Neighbourhood:
    """The terms within ``depth`` hops of a centre term; displays as an interactive picture.

    ``graph`` is the subgraph (nodes carry ``hops``). In a notebook the object shows the
    interactive view inline (a sandboxed iframe) when the HTML view is available, and a list of
    the terms by distance otherwise.
    """

    def __init__(self, explorer: "Explorer", center: str, depth: int, relations: tuple[str, ...]):
        self.explorer = explorer
        self.center = center
        self.depth = depth
        self.relations = relations
        self.graph = _neighbourhood(explorer.graph, center, depth, relations)

    @property
    def label(self) -> str:
        return self.graph.nodes[self.center].get("label", self.center)

    @property
    def nodes(self) -> list[str]:
        """The ids in the neighbourhood, nearest first, then by id."""
        return sorted(self.graph.nodes, key=lambda n: (self.graph.nodes[n]["hops"], n))

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __contains__(self, term_id: str) -> bool:
        return term_id in self.graph

    def table(self) -> Table:
        """One row per term: id, label, hops from the centre, and whether it is missing."""
        g = self.graph
        return Table(({"id": n, "label": g.nodes[n].get("label", n), "hops": g.nodes[n]["hops"],
                       "missing": bool(g.nodes[n].get("missing"))} for n in self.nodes),
                     ["id", "label", "hops", "missing"], title=f"within {self.depth} hop(s) of {self.label}")

    def html(self, **options) -> str | None:
        """The complete interactive page, or None when the HTML view is not available."""
        return self.explorer.neighbourhood_page(self.center, self.depth, self.relations, **options)

    def picture(self, height: int = 520, **options):
        """The interactive view as a displayable object (``options`` go to the HTML view)."""
        from .notebook import InlinePage
        page = self.html(**options)
        if page is None:
            raise GlossaryError("the interactive view is not available in this installation",
                                hint="use .table() for the terms, or update glossary-graph")
        return InlinePage(page, height=height, title=f"Neighbourhood of {self.label}")

    def __repr__(self) -> str:
        return (f"<Neighbourhood of {self.center!r}: {len(self)} term(s) within {self.depth} hop(s), "
                f"{self.graph.number_of_edges()} edge(s)>")

    def _repr_html_(self) -> str:
        from .notebook import neighbourhood_html
        return neighbourhood_html(self)


# ------------------------------------------------------------------ graph functions

def concept_graph(graph: nx.MultiDiGraph, relations: Iterable[str] = RELATIONS,
                  include_missing: bool = False) -> nx.Graph:
    """An undirected simple graph of the links, the shape centrality and communities need.

    A pair of terms is linked once whatever the direction or number of relations between them;
    nodes and edges are added in sorted order so every algorithm on it is deterministic.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", missing=False); g.add_node("b", missing=False); g.add_node("x", missing=True)
    >>> g.add_edge("a", "b", key="broader", relation="broader", inferred=False)
    'broader'
    >>> g.add_edge("b", "a", key="narrower", relation="narrower", inferred=True)
    'narrower'
    >>> g.add_edge("a", "x", key="related", relation="related", inferred=False)
    'related'
    >>> sorted(concept_graph(g).edges())
    [('a', 'b')]
    >>> sorted(concept_graph(g, include_missing=True).edges())
    [('a', 'b'), ('a', 'x')]
    """
    wanted = set(_check_relations(relations))
    keep = {n for n, missing in graph.nodes(data="missing") if include_missing or not missing}
    pairs = set()
    for source, target, relation in graph.edges(data="relation"):
        if relation in wanted and source in keep and target in keep and source != target:
            pairs.add((source, target) if source < target else (target, source))
    simple = nx.Graph()
    simple.add_nodes_from(sorted(keep))
    simple.add_edges_from(sorted(pairs))
    return simple


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str,
                  relations: Iterable[str] = RELATIONS, include_missing: bool = False) -> ConceptPath:
    """The shortest chain of links from ``source`` to ``target`` (ids), each step with its relation.

    Links count in both directions; each step is reported from the side of the term it leaves
    (``A -broader-> B`` reads "B is a broader term of A"), preferring a
    relation someone wrote over one inferred from the other side. Among equally short paths the
    first in id order is returned, so the answer is stable. Raises :class:`GlossaryError` when
    the two terms are not connected.
    """
    relations = _check_relations(relations)
    for node in (source, target):
        if node not in graph:
            raise GlossaryError(f"no term with id {node!r}")
    simple = concept_graph(graph, relations, include_missing=True)
    if not include_missing:
        simple.remove_nodes_from([n for n in list(simple) if graph.nodes[n].get("missing")
                                  and n not in (source, target)])
    try:
        ids = _bfs_path(simple, source, target)
    except nx.NetworkXNoPath:
        raise GlossaryError(
            f"no path between {_label(graph, source)!r} and {_label(graph, target)!r} over "
            + ", ".join(relations),
            hint="they are in separate parts of the glossary"
                 + ("" if include_missing else "; include_missing=True also walks through missing terms")
        ) from None
    steps = [_step(graph, a, b, relations) for a, b in zip(ids, ids[1:])]
    return ConceptPath(steps, {n: _label(graph, n) for n in ids}, source, target)


def _bfs_path(simple: nx.Graph, source: str, target: str) -> list[str]:
    """Breadth-first search visiting neighbours in id order: the lexicographically first shortest path."""
    if source == target:
        return [source]
    parent = {source: None}
    frontier = [source]
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(simple.adj[node]):
                if other not in parent:
                    parent[other] = node
                    if other == target:
                        path = [other]
                        while parent[path[-1]] is not None:
                            path.append(parent[path[-1]])
                        return path[::-1]
                    nxt.append(other)
        frontier = nxt
    raise nx.NetworkXNoPath(f"no path between {source} and {target}")


def _step(graph: nx.MultiDiGraph, a: str, b: str, relations: Sequence[str]) -> Step:
    options = []
    for key, attrs in (graph.get_edge_data(a, b) or {}).items():
        if attrs.get("relation") in relations:
            options.append((bool(attrs.get("inferred")), RELATIONS.index(attrs["relation"]), attrs["relation"]))
    if options:
        inferred, _, relation = min(options)
        return Step(a, relation, b, inferred)
    # only the other side wrote the link and no inverse edge exists (e.g. an imported graph)
    for key, attrs in sorted((graph.get_edge_data(b, a) or {}).items()):
        if attrs.get("relation") in relations:
            inverse = {"broader": "narrower", "narrower": "broader"}.get(attrs["relation"], attrs["relation"])
            return Step(a, inverse, b, True)
    raise AssertionError(f"no edge between {a} and {b}")  # pragma: no cover - path came from the edges


def centrality(graph: nx.MultiDiGraph, measure: str = "degree", relations: Iterable[str] = RELATIONS,
               include_missing: bool = False, sample: int | None = None) -> dict[str, float]:
    """Every term's centrality by ``measure``: ``degree``, ``betweenness`` or ``pagerank``.

    Computed with NetworkX on the undirected :func:`concept_graph`. Degree is the normalised
    count of distinct neighbours. Betweenness is exact while that takes seconds (see
    :data:`BETWEENNESS_BUDGET`); on larger glossaries it is estimated from a seeded sample of
    ``sample`` source terms (by default as many as fit the budget, at least
    :data:`BETWEENNESS_MIN_SAMPLE`), the same on every run; ``sample=len(graph)`` forces the
    exact value. PageRank uses ``networkx.pagerank`` (which needs SciPy) or, without SciPy, the
    same power iteration in pure Python.

    Examples
    --------
    >>> star = nx.MultiDiGraph()
    >>> for leaf in "bcd":
    ...     _ = star.add_edge("a", leaf, key="narrower", relation="narrower", inferred=False)
    >>> nx.set_node_attributes(star, False, "missing")
    >>> c = centrality(star, "betweenness")
    >>> c["a"], c["b"]
    (1.0, 0.0)
    """
    _check_measure(measure)
    return simple_centrality(concept_graph(graph, relations, include_missing), measure, sample)


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise GlossaryError(f"unknown centrality measure {measure!r}",
                            hint=did_you_mean(measure, MEASURES) or "use one of " + ", ".join(MEASURES))


def simple_centrality(simple: nx.Graph, measure: str, sample: int | None = None) -> dict[str, float]:
    """:func:`centrality` on an already built :func:`concept_graph`."""
    _check_measure(measure)
    if simple.number_of_nodes() == 0:
        return {}
    if measure == "degree":
        return nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    if measure == "betweenness":
        n = simple.number_of_nodes()
        k = sample if sample is not None else max(
            BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (n + simple.number_of_edges()))
        if k < n:
            log.info("betweenness estimated from %d of %d sources", k, n)
            return nx.betweenness_centrality(simple, k=k, seed=0)
        return nx.betweenness_centrality(simple)
    try:
        return nx.pagerank(simple)
    except ImportError:  # networkx's implementation needs scipy; the algorithm does not
        return pagerank_python(simple)


def pagerank_python(simple: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-6,
                    max_iter: int = 100) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration, as ``networkx.pagerank`` defines it.

    Isolated nodes spread their rank evenly over all nodes (NetworkX's dangling-node rule).
    """
    nodes = list(simple)
    n = len(nodes)
    if n == 0:
        return {}
    degree = {v: simple.degree(v) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        last = rank
        dangling = alpha * sum(last[v] for v in nodes if degree[v] == 0) / n
        rank = dict.fromkeys(nodes, dangling + (1.0 - alpha) / n)
        for v in nodes:
            if degree[v]:
                share = alpha * last[v] / degree[v]
                for w in simple.adj[v]:
                    rank[w] += share
        if sum(abs(rank[v] - last[v]) for v in nodes) < n * tol:
            return rank
    raise GlossaryError(f"PageRank did not converge in {max_iter} iterations")


def communities(graph: nx.MultiDiGraph, relations: Iterable[str] = RELATIONS, *, seed: int = 0,
                resolution: float = 1.0, min_size: int = 2, include_missing: bool = False) -> list[list[str]]:
    """Groups of terms more linked among themselves than to the rest (Louvain, seeded).

    Returns lists of ids, largest group first (ties by first id), each sorted. Groups smaller
    than ``min_size`` are left out; with the default that drops terms without links, which
    :func:`orphans` lists. The same glossary and seed always give the same groups.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]:
    ...     _ = g.add_edge(a, b, key="related", relation="related", inferred=False)
    >>> nx.set_node_attributes(g, False, "missing")
    >>> communities(g)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    return simple_communities(concept_graph(graph, relations, include_missing), seed=seed,
                              resolution=resolution, min_size=min_size)


def simple_communities(simple: nx.Graph, *, seed: int = 0, resolution: float = 1.0,
                       min_size: int = 2) -> list[list[str]]:
    """:func:`communities` on an already built :func:`concept_graph`."""
    if simple.number_of_edges() == 0:
        groups = [{n} for n in simple]
    else:
        groups = nx.community.louvain_communities(simple, seed=seed, resolution=resolution)
    found = [sorted(group) for group in groups if len(group) >= min_size]
    return sorted(found, key=lambda members: (-len(members), members[0]))


def orphans(graph: nx.MultiDiGraph) -> list[str]:
    """Ids of terms with no link at all, written or inferred (qSKOS "orphan concept"), sorted."""
    return sorted(n for n, missing in graph.nodes(data="missing") if not missing and graph.degree(n) == 0)


def missing_terms(graph: nx.MultiDiGraph) -> list[dict]:
    """Link targets no file defines, most referenced first: what to write next.

    Each row has ``id``, ``label``, ``references`` (written links to it), ``referenced_by``
    (the ids of the terms whose links name it) and ``relations`` (how it is linked).
    """
    rows = []
    for node, attrs in graph.nodes(data=True):
        if not attrs.get("missing"):
            continue
        written = [(s, r) for s, _, r, inferred in _in_edges(graph, node) if not inferred]
        if not written:  # a graph without the inferred flag: count every incoming link
            written = [(s, r) for s, _, r, _ in _in_edges(graph, node)]
        relations: dict[str, int] = {}
        for _, relation in written:
            relations[relation] = relations.get(relation, 0) + 1
        rows.append({"id": node, "label": attrs.get("label", node), "references": len(written),
                     "referenced_by": sorted({s for s, _ in written}),
                     "relations": dict(sorted(relations.items()))})
    return sorted(rows, key=lambda r: (-r["references"], r["label"].casefold(), r["id"]))


def _in_edges(graph, node):
    for source, target, attrs in graph.in_edges(node, data=True):
        yield source, target, attrs.get("relation"), bool(attrs.get("inferred"))


SEARCH_FIELDS = {"label": 8.0, "aliases": 4.0, "short_def": 2.0, "long_def": 1.0}


def search(graph: nx.MultiDiGraph, query: str, limit: int | None = 20,
           fields: Iterable[str] = tuple(SEARCH_FIELDS), _cache: dict | None = None) -> list[dict]:
    """Terms whose label, aliases or definitions contain every word of ``query``.

    Matching ignores case and accents, and a query word matches the start of longer words
    ("regular" finds "regularization"). Hits are ranked by where the words were found
    (label, then aliases, then the short and the long definition; an exact name first), then
    by label. Each hit has ``id``, ``label``, ``score``, ``matched`` (the fields that matched)
    and ``snippet`` (the text around the first match, plain text).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("overfitting", label="overfitting", missing=False,
    ...            short_def="A model memorises noise in its training data.")
    >>> g.add_node("training-data", label="training data", missing=False, aliases=["training set"])
    >>> [hit["id"] for hit in search(g, "training")]
    ['training-data', 'overfitting']
    """
    words = _words(query)
    if not words:
        return []
    fields = list(fields)
    unknown = [f for f in fields if f not in SEARCH_FIELDS]
    if unknown:
        raise GlossaryError(f"cannot search field {unknown[0]!r}",
                            hint="search fields: " + ", ".join(SEARCH_FIELDS))
    hits = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("missing"):
            continue
        texts = {f: _field_texts(attrs, f) for f in fields}
        found: set[str] = set()
        score = 0.0
        matched = []
        for f in fields:
            if _cache is not None and (node, f) in _cache:
                field_words = _cache[(node, f)]
            else:
                field_words = frozenset(w for text in texts[f] for w in _words(text))
                if _cache is not None:
                    _cache[(node, f)] = field_words
            here = {w for w in words if w in field_words or any(fw.startswith(w) for fw in field_words)}
            if here:
                matched.append(f)
                found |= here
                score += SEARCH_FIELDS[f] * len(here) / len(words)
        if found != words:
            continue
        key = match_key(query)
        if any(match_key(t) == key for f in ("label", "aliases") if f in texts for t in texts[f]):
            score += 100.0
        snippet = _snippet(_first_matching(texts[matched[0]], words), words)
        hits.append({"id": node, "label": attrs.get("label", node), "score": round(score, 3),
                     "matched": matched, "snippet": snippet})
    hits.sort(key=lambda h: (-h["score"], h["label"].casefold(), h["id"]))
    return hits[:limit] if limit is not None else hits


def _first_matching(texts: list[str], words: set[str]) -> str:
    for text in texts:
        if any(fw.startswith(w) for fw in _words(text) for w in words):
            return text
    return texts[0]


def _field_texts(attrs: dict, name: str) -> list[str]:
    value = attrs.get(name)
    if isinstance(value, str):
        return [value]
    return _strings(value)


_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in folded if not unicodedata.combining(c))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_fold(text)))


def _snippet(text: str, words: set[str], width: int = 100) -> str:
    positions = [m.start() for m in _WORD.finditer(text) if any(_fold(m.group()).startswith(w) for w in words)]
    if len(text) <= width or not positions:
        return text if len(text) <= width else text[:width - 1].rstrip() + "…"
    start = max(0, positions[0] - width // 5)
    if start:  # begin at a word boundary
        space = text.find(" ", start, positions[0])
        start = space + 1 if space != -1 else start
    piece = text[start:start + width].strip()
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


TABLE_COLUMNS = ("id", "label", "aliases", "categories", "status", "last_reviewed", "short_def",
                 "broader", "narrower", "related", "links", "missing", "file")


def term_rows(graph: nx.MultiDiGraph, include_missing: bool = False) -> list[dict]:
    """One plain row per term, sorted by id: the fields analysts filter and count on.

    ``broader``/``narrower``/``related`` hold the linked ids (written and inferred), ``links``
    the number of distinct linked terms, missing ones included.
    """
    rows = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        if attrs.get("missing") and not include_missing:
            continue
        by_relation: dict[str, set[str]] = {r: set() for r in RELATIONS}
        neighbours = set()
        for _, other, relation in graph.out_edges(node, data="relation"):
            by_relation.setdefault(relation, set()).add(other)
            neighbours.add(other)
        for other, _, relation in graph.in_edges(node, data="relation"):
            neighbours.add(other)
        rows.append({
            "id": node, "label": attrs.get("label", node), "aliases": _strings(attrs.get("aliases")),
            "categories": _strings(attrs.get("categories")), "status": attrs.get("status"),
            "last_reviewed": _text(attrs.get("last_reviewed")), "short_def": attrs.get("short_def"),
            "broader": sorted(by_relation["broader"]), "narrower": sorted(by_relation["narrower"]),
            "related": sorted(by_relation["related"]), "links": len(neighbours),
            "missing": bool(attrs.get("missing")), "file": attrs.get("file"),
        })
    return rows


# ------------------------------------------------------------------ the entry point

class Explorer:
    """A glossary graph with the questions analysts ask as methods; see :func:`load`.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A glossary graph (node id = slug, attributes ``label``, ``missing``..., edges with
        ``relation`` and ``inferred``), as built by :func:`graph.compile_glossary`.
    glossary : Glossary, optional
        The compiled glossary the graph came from (its problems are then available).
    source : str, optional
        Where it was loaded from, for display.
    """

    def __init__(self, graph: nx.MultiDiGraph, glossary: Glossary | None = None, source: str | None = None):
        self.graph = graph
        self.glossary = glossary
        self.source = source
        self._index = TermIndex()
        for node, attrs in sorted(graph.nodes(data=True)):
            if not attrs.get("missing"):
                self._index.add(node, str(attrs.get("label", node)), _strings(attrs.get("aliases")))
        self._cache: dict = {}

    @classmethod
    def from_glossary(cls, glossary: Glossary, source: str | None = None) -> "Explorer":
        return cls(glossary.graph, glossary, source)

    # -- terms
    @property
    def terms(self) -> list[str]:
        """Ids of the defined terms (not the missing ones), sorted."""
        return sorted(n for n, m in self.graph.nodes(data="missing") if not m)

    @property
    def problems(self) -> list:
        """Problems found while compiling (empty for a graph loaded without its files)."""
        return self.glossary.locate_problems() if self.glossary is not None else []

    def lookup(self, name: str) -> str:
        """The id of the term called ``name`` (its name, an alias or its slug; case and
        punctuation ignored), or of a missing term of that name. Raises :class:`GlossaryError`
        with suggestions when nothing matches.
        """
        term_id = self._index.lookup(name)
        if term_id is not None:
            return term_id
        slug = slugify(name)
        if self.graph.nodes.get(slug, {}).get("missing"):
            return slug
        return self._index.get(name)  # raises with "did you mean"

    def term(self, name: str) -> Term:
        """The term called ``name`` with its fields and direct links (displays as a card)."""
        term_id = self.lookup(name)
        links: dict[str, list] = {}
        for _, other, attrs in sorted(self.graph.out_edges(term_id, data=True), key=lambda e: (e[1], e[2]["relation"])):
            links.setdefault(attrs["relation"], []).append(
                (other, _label(self.graph, other), bool(attrs.get("inferred")),
                 bool(self.graph.nodes[other].get("missing"))))
        ordered = {r: links[r] for r in RELATIONS if r in links}
        ordered.update({r: v for r, v in links.items() if r not in ordered})
        return Term(term_id, dict(self.graph.nodes[term_id]), ordered)

    def __getitem__(self, name: str) -> Term:
        return self.term(name)

    def __contains__(self, name: str) -> bool:
        try:
            self.lookup(name)
        except GlossaryError:
            return False
        return True

    def __len__(self) -> int:
        return len(self.terms)

    def _concept_graph(self, relations: Iterable[str], include_missing: bool) -> nx.Graph:
        key = ("concept_graph", _check_relations(relations), include_missing)
        if key not in self._cache:
            self._cache[key] = concept_graph(self.graph, relations, include_missing)
        return self._cache[key]

    # -- structure
    def neighbourhood(self, name: str, depth: int = 1, relations: Iterable[str] = RELATIONS) -> Neighbourhood:
        """Terms within ``depth`` hops of ``name`` over ``relations``, each followed in its own
        direction (``broader`` climbs, ``narrower`` descends), as in the HTML views."""
        if not isinstance(depth, int) or depth < 0:
            raise GlossaryError(f"depth must be a whole number of hops, 0 or more, not {depth!r}")
        return Neighbourhood(self, self.lookup(name), depth, _check_relations(relations))

    def neighbourhood_page(self, center: str, depth: int = 1, relations: Iterable[str] = RELATIONS,
                           **options) -> str | None:
        """The interactive HTML page of a neighbourhood (None without the HTML view)."""
        if not _has_module("visualize"):
            return None
        from .visualize import neighbourhood_html
        # the view needs only .graph and .lookup; the explorer's lookup also knows missing terms
        return neighbourhood_html(self, center, depth=depth, relations=tuple(relations), **options)

    def overview(self, height: int = 640):
        """The whole glossary as one interactive picture, clustered by category (shows inline)."""
        from .notebook import InlinePage
        if not _has_module("visualize"):
            raise GlossaryError("the interactive view is not available in this installation")
        from .visualize import overview_html
        return InlinePage(overview_html(self), height=height, title="Glossary overview")

    def path(self, source: str, target: str, relations: Iterable[str] = RELATIONS,
             include_missing: bool = False) -> ConceptPath:
        """The shortest chain of links between two terms, with the relation of each step."""
        return shortest_path(self.graph, self.lookup(source), self.lookup(target), relations, include_missing)

    def search(self, query: str, limit: int | None = 20,
               fields: Iterable[str] = tuple(SEARCH_FIELDS)) -> Table:
        """Terms whose label, aliases or definitions contain every word of ``query``, best first."""
        words = self._cache.setdefault("words", {})
        return Table(search(self.graph, query, limit, fields, _cache=words),
                     ["id", "label", "score", "matched", "snippet"],
                     title=f"search: {query}")

    def centrality(self, measure: str = "degree", relations: Iterable[str] = RELATIONS,
                   include_missing: bool = False, sample: int | None = None) -> dict[str, float]:
        """Every term's score for ``measure`` (``degree``, ``betweenness`` or ``pagerank``);
        see :func:`centrality`. Computed once per explorer and reused."""
        key = ("centrality", measure, _check_relations(relations), include_missing, sample)
        if key not in self._cache:
            _check_measure(measure)
            self._cache[key] = simple_centrality(self._concept_graph(relations, include_missing), measure, sample)
        return self._cache[key]

    def central(self, measure: str = "degree", n: int | None = 10, relations: Iterable[str] = RELATIONS,
                include_missing: bool = False, sample: int | None = None) -> Table:
        """The ``n`` most central terms by ``measure``, with their score and number of links."""
        scores = self.centrality(measure, relations, include_missing, sample)
        simple = self._concept_graph(relations, include_missing)
        ranked = sorted(scores, key=lambda t: (-round(scores[t], 9), t))[:n]
        return Table(({"rank": i, "id": t, "label": _label(self.graph, t), "score": round(scores[t], 6),
                       "links": simple.degree(t)} for i, t in enumerate(ranked, 1)),
                     ["rank", "id", "label", "score", "links"], title=f"most central by {measure}")

    def communities(self, relations: Iterable[str] = RELATIONS, *, seed: int = 0, resolution: float = 1.0,
                    min_size: int = 2) -> Table:
        """Groups of closely linked terms, largest first; ``hub`` is each group's best-linked term.

        ``ids`` holds the members' ids (use them to colour a picture or filter :meth:`table`).
        """
        simple = self._concept_graph(relations, False)
        groups = simple_communities(simple, seed=seed, resolution=resolution, min_size=min_size)
        rows = []
        for number, members in enumerate(groups, 1):
            hub = min(members, key=lambda m: (-simple.degree(m), m))
            rows.append({"community": number, "size": len(members), "hub": _label(self.graph, hub),
                         "terms": ", ".join(_label(self.graph, m) for m in members), "ids": members})
        return Table(rows, ["community", "size", "hub", "terms", "ids"], title="communities")

    def orphans(self) -> Table:
        """Terms with no link at all: candidates for a broader or related term."""
        return Table(({"id": t, "label": _label(self.graph, t),
                       "categories": _strings(self.graph.nodes[t].get("categories")),
                       "file": self.graph.nodes[t].get("file")} for t in orphans(self.graph)),
                     ["id", "label", "categories", "file"], title="orphans")

    def missing(self) -> Table:
        """Terms that links name but no file defines, most referenced first."""
        return Table(missing_terms(self.graph), ["id", "label", "references", "referenced_by", "relations"],
                     title="missing terms")

    def table(self, include_missing: bool = False, columns: Sequence[str] | None = None) -> Table:
        """All terms as rows (``.to_dataframe()`` for pandas); ``columns`` picks and orders them."""
        columns = list(columns) if columns is not None else list(TABLE_COLUMNS)
        unknown = [c for c in columns if c not in TABLE_COLUMNS]
        if unknown:
            raise GlossaryError(f"no column {unknown[0]!r}", hint=did_you_mean(unknown[0], TABLE_COLUMNS)
                                or "columns: " + ", ".join(TABLE_COLUMNS))
        rows = term_rows(self.graph, include_missing)
        return Table(({c: row[c] for c in columns} for row in rows), columns, title="terms")

    def dataframe(self, include_missing: bool = False):
        """:meth:`table` as a pandas DataFrame indexed by id (needs pandas)."""
        return self.table(include_missing).to_dataframe().set_index("id")

    def summary(self) -> dict:
        """Counts: terms, missing terms, links, orphans, connected parts, problems."""
        terms = self.terms
        simple = self._concept_graph(RELATIONS, False)
        return {
            "terms": len(terms),
            "missing_terms": sum(1 for _, m in self.graph.nodes(data="missing") if m),
            "links_written": sum(1 for *_, inf in self.graph.edges(data="inferred") if not inf),
            "orphans": len(orphans(self.graph)),
            "connected_parts": nx.number_connected_components(simple) if len(simple) else 0,
            "errors": len(self.glossary.errors) if self.glossary is not None else 0,
            "warnings": len(self.glossary.warnings) if self.glossary is not None else 0,
        }

    def __repr__(self) -> str:
        s = self.summary()
        where = f" from {self.source}" if self.source else ""
        return (f"<Explorer{where}: {s['terms']} terms, {s['links_written']} links, "
                f"{s['missing_terms']} missing, {s['errors']} error(s), {s['warnings']} warning(s)>")

    def _repr_html_(self) -> str:
        from .notebook import explorer_html
        return explorer_html(self)


def load(path: str | os.PathLike | Iterable[str | os.PathLike] | Glossary | None = None, *,
         max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Explorer:
    """Load a glossary to explore: a folder of term files, term files, or a SKOS/RDF file.

    Parameters
    ----------
    path : str, path, list of them, or Glossary, optional
        A folder (searched recursively for ``*.yml``/``*.yaml``), one or more term files, an
        RDF file (``.ttl``, ``.rdf``, ``.jsonld``... read as SKOS), the node-link JSON export
        (``glossary.graph.json``), or an already compiled :class:`Glossary`. Default: the
        ``data/terms`` folder of this directory or the nearest parent that has one (so a
        notebook in ``notebooks/`` finds the project's glossary).

    Returns
    -------
    Explorer
        Problems found while compiling do not stop loading; see ``Explorer.problems``.

    Examples
    --------
    >>> ex = load("data/terms")  # doctest: +SKIP
    >>> ex.central("pagerank", n=5)  # doctest: +SKIP
    """
    if isinstance(path, Glossary):
        return Explorer.from_glossary(path)
    if path is None:
        path = default_terms_dir()
    if isinstance(path, (str, os.PathLike)):
        p = Path(path)
        suffix = p.suffix.casefold()
        if p.is_file() and suffix in RDF_SUFFIXES:
            return Explorer.from_glossary(_compile_rdf(p), str(path))
        if p.is_file() and suffix == ".json":
            return _from_node_link(p)
        glossary = compile_glossary(path, max_file_size=max_file_size)
        return Explorer.from_glossary(glossary, str(path))
    paths = list(path)
    glossary = compile_glossary(paths, max_file_size=max_file_size)
    return Explorer.from_glossary(glossary, ", ".join(map(str, paths)))


def default_terms_dir() -> Path:
    """``data/terms`` under the working directory or its nearest parent that has one."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_TERMS_DIR
        if candidate.is_dir():
            return candidate
    return DEFAULT_TERMS_DIR  # compile_glossary then says it does not exist


def _compile_rdf(path: Path) -> Glossary:
    if not _has_module("skos_import"):
        raise GlossaryError("reading SKOS/RDF files is not available in this installation",
                            file=str(path), hint="load the folder of term files instead")
    from .skos_import import compile_skos
    return compile_skos(path)


def _from_node_link(path: Path) -> Explorer:
    import json

    from .graph_io import node_link_graph
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        graph = node_link_graph(data)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, nx.NetworkXError) as exc:
        raise GlossaryError(f"not a node-link glossary graph: {exc}", file=str(path),
                            hint="give the glossary.graph.json written by 'glossary-graph build'") from None
    return Explorer(graph, None, str(path))


def from_terms(terms: Iterable[dict]) -> Explorer:
    """An explorer over terms given as dicts (the YAML fields), e.g. to try an idea in a notebook.

    Only ``term`` is needed; missing fields are reported as problems, as for files.

    >>> ex = from_terms([{"term": "a", "relationships": {"related": ["b", "c"]}}, {"term": "b"}])
    >>> ex.missing().column("id")
    ['c']
    """
    records = [Record(dict(data), f"<term {i}>", 1) for i, data in enumerate(terms)]
    problems = list(validate_records(records))
    resolution = resolve(records)
    problems.extend(resolution.problems)
    glossary = Glossary([r.file for r in records], records, resolution, build_graph(resolution), problems)
    return Explorer.from_glossary(glossary, "memory")


# ------------------------------------------------------------------ helpers

def _has_module(name: str) -> bool:
    """Whether an optional part of the package is installed (a broken one still raises on import)."""
    return importlib.util.find_spec(f"{__package__}.{name}") is not None


def _check_relations(relations: Iterable[str]) -> tuple[str, ...]:
    if isinstance(relations, str):
        relations = (relations,)
    relations = tuple(relations)
    for relation in relations:
        if relation not in RELATIONS:
            raise GlossaryError(f"unknown relation {relation!r}",
                                hint=did_you_mean(relation, RELATIONS) or "use " + ", ".join(RELATIONS))
    return relations


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value) -> str | None:
    return None if value is None else str(value)
