"""Node positions computed in Python, so big views draw at once with the browser's physics off.

A browser laying out 1,000+ nodes with vis-network's physics takes a minute; here the whole
glossary is laid out in about a second: each category becomes a cluster (a force-directed
layout of its own terms), and the clusters are packed side by side. Same input, same
positions: the generator is seeded and the results are rounded, so builds are byte-identical.

networkx's ``spring_layout`` needs SciPy above 500 nodes and loops in Python there, so the
force-directed step is a small NumPy Fruchterman-Reingold of our own.
"""
from __future__ import annotations

import math
from typing import Hashable, Iterable, Sequence

import numpy as np

#: Pixels of disc radius per sqrt(node): about 40 px between neighbouring nodes.
SPACING = 40.0


def force_directed(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], *,
                   iterations: int = 60, seed: int = 0) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold positions in a disc of radius about 1, with a little gravity.

    Repulsion is computed in row blocks so memory stays bounded (O(block x n)) for large groups.
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array(sorted({(index[a], index[b]) for a, b in edges
                             if a in index and b in index and a != b}), dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    # Sunflower start: evenly spread, deterministic, no two nodes on the same spot.
    golden = math.pi * (3 - math.sqrt(5))
    i = np.arange(n, dtype=float)
    radius = np.sqrt((i + 0.5) / n)
    pos = np.column_stack((radius * np.cos(i * golden), radius * np.sin(i * golden)))
    pos += rng.normal(scale=1e-3, size=pos.shape)
    k = math.sqrt(math.pi / n)  # ideal distance for n nodes in a unit disc
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, min(n, 4_000_000 // n))
    pos = pos.astype(np.float32)
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        disp = np.zeros_like(pos)
        for start in range(0, n, block):
            dx = x[start:start + block, None] - x[None, :]
            dy = y[start:start + block, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-6, out=force)
            np.divide(k * k, force, out=force)
            disp[start:start + block, 0] = (dx * force).sum(axis=1)
            disp[start:start + block, 1] = (dy * force).sum(axis=1)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt((delta * delta).sum(axis=1))[:, None]
            pull = delta * dist / k
            np.subtract.at(disp, pairs[:, 0], pull)
            np.add.at(disp, pairs[:, 1], pull)
        disp -= pos * (0.08 * n * k)  # gravity keeps small components near the cluster
        length = np.sqrt((disp * disp).sum(axis=1))[:, None]
        np.maximum(length, 1e-9, out=length)
        pos += disp / length * np.minimum(length, temperature)
        temperature -= cooling
    pos = pos.astype(np.float64)
    pos -= pos.mean(axis=0)
    # Even out the density: keep each node's direction and its rank in distance from the
    # centre, but give it the radius of an evenly filled disc (FR packs cluster cores tightly).
    radius = np.sqrt(np.einsum("ij,ij->i", pos, pos))
    order = np.argsort(radius, kind="stable")
    even = np.empty(n)
    even[order] = np.sqrt((np.arange(n) + 0.5) / n)
    angle = np.arctan2(pos[:, 1], pos[:, 0])
    pos = np.column_stack((even * np.cos(angle), even * np.sin(angle)))
    return {node: (float(pos[j, 0]), float(pos[j, 1])) for j, node in enumerate(nodes)}


def pack_discs(radii: Sequence[float], margin: float) -> list[tuple[float, float]]:
    """Centres for discs (largest first is best) placed along a spiral without overlapping."""
    placed: list[tuple[float, float, float]] = []
    centres = []
    for r in radii:
        if not placed:
            centre = (0.0, 0.0)
        else:
            step, angle, dist = 0, 0.0, 0.0
            while True:
                x, y = dist * math.cos(angle), dist * math.sin(angle)
                if all(math.hypot(x - px, y - py) >= r + pr + margin for px, py, pr in placed):
                    centre = (x, y)
                    break
                step += 1
                angle = step * 0.35
                dist = 4.0 * step
        placed.append((centre[0], centre[1], r))
        centres.append(centre)
    return centres


def clustered_layout(groups: dict[str, list[Hashable]], edges: Sequence[tuple[Hashable, Hashable]],
                     *, seed: int = 0, first: str | None = None) -> dict[Hashable, tuple[int, int]]:
    """Pixel positions: one force-directed cluster per group, clusters packed largest first.

    ``groups`` maps a group name (a category) to its nodes; ``edges`` inside a group shape its
    cluster, edges between groups are drawn but do not pull clusters apart. The group ``first``
    (e.g. the centre term's) goes in the middle.
    """
    order = sorted(groups, key=lambda name: (name != first, -len(groups[name]), name))
    radii = [SPACING * math.sqrt(len(groups[name])) + SPACING for name in order]
    centres = pack_discs(radii, margin=2 * SPACING)
    member = {node: name for name, nodes in groups.items() for node in nodes}
    inner: dict[str, list[tuple[Hashable, Hashable]]] = {name: [] for name in groups}
    for a, b in edges:
        if a in member and member.get(b) == member[a]:
            inner[member[a]].append((a, b))
    positions: dict[Hashable, tuple[int, int]] = {}
    for name, (cx, cy), radius in zip(order, centres, radii):
        local = force_directed(list(groups[name]), inner[name], seed=seed)
        for node, (x, y) in local.items():
            positions[node] = (round(cx + x * (radius - SPACING)), round(cy + y * (radius - SPACING)))
    return positions
