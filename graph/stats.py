"""Counts that describe a compiled glossary (what ``glossary-graph stats`` prints)."""
from __future__ import annotations

from collections import Counter

import networkx as nx

from .glossary import Glossary


def glossary_stats(glossary: Glossary) -> dict:
    """Plain, JSON-ready numbers: terms, links, gaps, structure and problems."""
    graph = glossary.graph
    terms = [n for n, missing in graph.nodes(data="missing") if not missing]
    missing = [n for n, m in graph.nodes(data="missing") if m]
    edges = Counter()
    for _, _, attrs in graph.edges(data=True):
        edges[(attrs["relation"], "inferred" if attrs["inferred"] else "asserted")] += 1
    categories = Counter(c for t in terms for c in _strings(graph.nodes[t].get("categories")))
    statuses = Counter(str(graph.nodes[t].get("status")) for t in terms)
    top = [t for t in terms if not any(r == "broader" for _, _, r in graph.out_edges(t, data="relation"))]
    components = nx.number_weakly_connected_components(graph.subgraph(terms)) if terms else 0
    links = glossary.resolution.links
    return {
        "files": len(glossary.files),
        "terms": len(terms),
        "missing_terms": len(missing),
        "links": len(links),
        "unresolved_links": sum(1 for link in links if link.target is None),
        "edges": {f"{rel}_{kind}": n for (rel, kind), n in sorted(edges.items())},
        "top_concepts": len(top),
        "connected_components": components,
        "hierarchy_depth": hierarchy_depth(graph, terms),
        "categories": dict(sorted(categories.items())),
        "status": dict(sorted(statuses.items())),
        "errors": len(glossary.errors),
        "warnings": len(glossary.warnings),
    }


def hierarchy_depth(graph: nx.MultiDiGraph, terms: list[str]) -> int:
    """Levels in the longest broader chain among real terms (1 = flat); cycles are ignored."""
    up = nx.DiGraph()
    up.add_nodes_from(terms)
    up.add_edges_from((s, t) for s, t, r in graph.edges(data="relation")
                      if r == "broader" and s in up and t in up)
    if not nx.is_directed_acyclic_graph(up):
        up = nx.condensation(up)
    return nx.dag_longest_path_length(up) + 1 if up.number_of_nodes() else 0


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
