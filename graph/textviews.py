"""Plain-text views for the terminal (``show``, ``stats``), kept apart from argument parsing."""
from __future__ import annotations

import textwrap

from .glossary import Glossary
from .neighbourhood import hops
from .resolve import RELATIONS


def render_term(glossary: Glossary, term_id: str, depth: int = 1, width: int = 88) -> str:
    """Definition, key fields and the neighbours within ``depth`` hops, grouped by relation."""
    graph = glossary.graph
    node = graph.nodes[term_id]
    lines = [f"{node['label']}  [{term_id}]"]
    if node.get("missing"):
        refs = ", ".join(node.get("referenced_by", []))
        lines.append(f"  missing term: no file defines it; referenced by {refs}")
        return "\n".join(lines) + "\n"
    for key, label in (("aliases", "aliases"), ("categories", "categories"), ("roles", "roles")):
        values = node.get(key)
        if isinstance(values, list) and values:
            lines.append(f"  {label}: " + ", ".join(map(str, values)))
    lines.append(f"  status: {node.get('status')}   last reviewed: {node.get('last_reviewed')}")
    lines.append(f"  file: {node.get('file')}")
    for key in ("short_def", "long_def"):
        if isinstance(node.get(key), str):
            lines.append("")
            lines.extend(textwrap.wrap(node[key], width=width, initial_indent="  ", subsequent_indent="  "))
    lines.append("")
    by_relation: dict[str, list[str]] = {}
    for _, other, attrs in sorted(graph.out_edges(term_id, data=True), key=lambda e: e[1]):
        mark = " (inferred)" if attrs["inferred"] else ""
        by_relation.setdefault(attrs["relation"], []).append(_name(graph, other) + mark)
    for relation in RELATIONS:
        if relation in by_relation:
            lines.append(f"  {relation}: " + ", ".join(by_relation[relation]))
    if not by_relation:
        lines.append("  no links")
    if depth > 1:
        distance = hops(graph, term_id, depth)
        for d in range(2, depth + 1):
            ring = sorted(n for n, k in distance.items() if k == d)
            if ring:
                lines.append(f"  {d} hops: " + ", ".join(_name(graph, n) for n in ring))
    return "\n".join(lines) + "\n"


def _name(graph, node_id: str) -> str:
    attrs = graph.nodes[node_id]
    return attrs["label"] + (" (missing)" if attrs.get("missing") else "")


def render_stats(stats: dict) -> str:
    """Aligned ``name: value`` lines; nested counts indented below their heading."""
    lines = []
    for key, value in stats.items():
        if isinstance(value, dict):
            lines.append(f"{key.replace('_', ' ')}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key.replace('_', ' ')}: {value}")
    return "\n".join(lines) + "\n"
