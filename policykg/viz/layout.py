"""Precomputed node positions, so that pages open settled with physics switched off."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx

# networkx's spring layout needs scipy from 500 nodes on; larger groups get a ring instead
SPRING_LIMIT = 400


def grouped_layout(
    graph: nx.Graph, group: Mapping[Hashable, str], spacing: float = 90.0
) -> dict[Hashable, tuple[float, float]]:
    """Spring layout inside each group (e.g. a district), groups placed on a grid, largest first.

    >>> pos = grouped_layout(nx.path_graph(3), {0: "a", 1: "a", 2: "b"})
    >>> sorted(pos) == [0, 1, 2]
    True
    """
    members: dict[str, list[Hashable]] = defaultdict(list)
    for node in graph:
        members[group.get(node, "")].append(node)
    blocks = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    columns = max(1, math.ceil(math.sqrt(len(blocks))))
    cell = spacing * (2.0 + 2 * math.sqrt(max((len(m) for _, m in blocks), default=1)))
    positions: dict[Hashable, tuple[float, float]] = {}
    for index, (_, nodes) in enumerate(blocks):
        cx, cy = (index % columns) * cell, (index // columns) * cell
        radius = spacing * math.sqrt(len(nodes))
        for node, (x, y) in _block_layout(graph.subgraph(nodes), radius).items():
            positions[node] = (round(cx + x, 1), round(cy + y, 1))
    return positions


def _block_layout(sub: nx.Graph, radius: float) -> dict[Hashable, tuple[float, float]]:
    """Positions of one group around (0, 0) within the given radius."""
    if len(sub) == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    if len(sub) <= SPRING_LIMIT:
        pos = nx.spring_layout(sub, seed=7, weight="weight", method="force", scale=radius)
    else:
        pos = nx.circular_layout(sorted(sub, key=str), scale=radius)
    return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}


def ring_layout(
    centre: Hashable, rings: list[list[Hashable]], gap: float = 160.0
) -> dict[Hashable, tuple[float, float]]:
    """One node at the centre, each following list on its own ring further out.

    >>> ring_layout("a", [["b", "c"]])["b"]
    (160.0, 0.0)
    """
    positions: dict[Hashable, tuple[float, float]] = {centre: (0.0, 0.0)}
    radius = 0.0
    for ring in rings:
        # the ring grows with its population so that neighbours keep ~50 px apart
        radius = max(radius + gap, 50 * len(ring) / (2 * math.pi))
        for index, node in enumerate(ring):
            angle = 2 * math.pi * index / max(1, len(ring))
            positions[node] = (
                round(radius * math.cos(angle), 1),
                round(radius * math.sin(angle), 1),
            )
    return positions


def separate(positions: dict[Hashable, tuple[float, float]],
             boxes: Mapping[Hashable, tuple[float, float]],
             rounds: int = 60) -> dict[Hashable, tuple[float, float]]:
    """Move the nodes of ``boxes`` (node → width, height of node and label) apart until no two
    boxes overlap, each step along the axis where the overlap is smaller; others stay put.

    >>> separate({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (100, 20), "b": (100, 20)})
    {'a': (0.0, -10.0), 'b': (10.0, 10.0)}
    """
    pos = {n: list(positions[n]) for n in boxes}
    nodes = list(boxes)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                ox = (boxes[a][0] + boxes[b][0]) / 2 - abs(dx)
                oy = (boxes[a][1] + boxes[b][1]) / 2 - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                axis, push, sign = (0, ox, dx) if ox < oy else (1, oy, dy)
                step = (push / 2) * (1 if sign >= 0 else -1)
                pos[a][axis] -= step
                pos[b][axis] += step
        if not moved:
            break
    return {**positions, **{n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}}
