"""Precomputed node positions, so that pages open settled with physics switched off."""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

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


def text_width(text: str, size: float) -> float:
    """Width of text (its longest line) at a font size, px: a Chinese character (or an ambiguous one:
    …, “) is one em, others at most 0.6 em (over-estimates for digits and Latin letters).

    >>> text_width("国发〔2021〕4号", 10)
    80.0
    """
    return round(max(sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in line)
                     for line in text.split("\n")) * size, 1)


def box_width(label: str, size: float) -> float:
    """Width of a vis-network box holding label at a font size (5 px margins, 1 px border)."""
    return text_width(label, size) + 12


def clip_label(text: str, width: float, size: float) -> str:
    """text cut (with an ellipsis) so that it fits a box of this width on one line.

    >>> clip_label("（一）推进工业绿色升级", 100, 10), clip_label("（一）", 100, 10)
    ('（一）推进工业…', '（一）')
    """
    if box_width(text, size) <= width:
        return text
    while text and box_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def pack_row(wanted: Sequence[tuple[Hashable, float, float]], gap: float,
             within: tuple[float, float] | None = None) -> dict[Hashable, float]:
    """x of each box of one row (node, wanted x, width): in the order of the wanted x, each one
    clear of the one before by gap, and the whole row shifted to sit on the wanted x on average
    (but inside ``within``, a span of x, where the row is narrow enough to fit it).

    >>> pack_row([("a", 0.0, 100.0), ("b", 0.0, 100.0)], 20.0)
    {'a': -60.0, 'b': 60.0}
    >>> pack_row([("a", 0.0, 100.0), ("b", 0.0, 100.0)], 20.0, (-10.0, 500.0))
    {'a': 40.0, 'b': 160.0}
    """
    placed: list[tuple[Hashable, float, float]] = []  # node, x, width
    for node, x, width in sorted(wanted, key=lambda w: (w[1], str(w[0]))):
        if placed:
            x = max(x, placed[-1][1] + (placed[-1][2] + width) / 2 + gap)
        placed.append((node, x, width))
    if not placed:
        return {}
    shift = (sum(w[1] for w in wanted) - sum(p[1] for p in placed)) / len(placed)
    xs = [x + shift for _, x, _ in placed]
    widths = [w for _, _, w in placed]
    if within is not None and sum(widths) + gap * (len(xs) - 1) <= within[1] - within[0]:
        # into the span: pushed right from its left end, then left from its right end
        for i in range(len(xs)):
            floor = xs[i - 1] + (widths[i - 1] + widths[i]) / 2 + gap if i else within[0] + widths[0] / 2
            xs[i] = max(xs[i], floor)
        for i in reversed(range(len(xs))):
            ceiling = xs[i + 1] - (widths[i + 1] + widths[i]) / 2 - gap if i < len(xs) - 1 \
                else within[1] - widths[i] / 2
            xs[i] = min(xs[i], ceiling)
    return {node: round(x, 1) for (node, _, _), x in zip(placed, xs, strict=True)}
