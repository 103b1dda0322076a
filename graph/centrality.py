"""Degree and betweenness centrality of agencies in the co-responsibility graph.

Computed once at build time (graph/derived.py) for the whole graph and for each district's
subgraph, so that `policykg agencies` reads a page of stored scores instead of every pair.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import networkx as nx


def centrality(agencies: Sequence[Hashable], pairs: Iterable[tuple[Hashable, Hashable]]
               ) -> dict[Hashable, dict[str, float]]:
    """Degree and betweenness centrality of ``agencies`` in the graph of the ``pairs`` (sharing
    tasks) whose two agencies are both among them: networkx's degree centrality (1, an integer,
    for a graph's only agency) and normalised betweenness, computed by rustworkx on one thread
    (the same bits on every build).

    The graph is built as networkx builds it (nodes in the order given, each one's neighbours
    in the order of its pairs), so that the sums add up in the same order as they did on the
    networkx graph of the same agencies and pairs.

    >>> centrality(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "x")])["b"]
    {'degree': 1.0, 'betweenness': 1.0}
    """
    import rustworkx as rx

    neighbours: dict[Hashable, dict[Hashable, None]] = {a: {} for a in agencies}
    for a, b in pairs:
        if a in neighbours and b in neighbours:
            neighbours[a][b] = neighbours[b][a] = None
    if len(neighbours) <= 1:
        degree: dict[Hashable, float] = dict.fromkeys(neighbours, 1)
    else:
        scale = 1.0 / (len(neighbours) - 1.0)
        degree = {a: len(others) * scale for a, others in neighbours.items()}
    # weight is a strength, not a distance: unweighted shortest paths are the honest reading.
    # rustworkx computes networkx's normalised values (to 1e-20) ~20× faster: 0.1 s instead of
    # 2 s for the 1,426 agencies and 28,843 pairs of the 1M-triple synthetic graph
    index = {a: i for i, a in enumerate(neighbours)}
    projection = rx.PyGraph()
    projection.add_nodes_from(list(neighbours))
    seen: set[Hashable] = set()
    edges = []
    for a, others in neighbours.items():  # each edge once, in networkx's Graph.edges() order
        edges.extend((index[a], index[b]) for b in others if b not in seen)
        seen.add(a)
    projection.add_edges_from_no_data(edges)
    # one thread: summed in parallel, the last bits changed from one build to the next (a graph
    # of over 50 nodes); on one thread they are the same every time (1,426 agencies: ~0.1 s)
    betweenness = rx.graph_betweenness_centrality(projection, normalized=True,
                                                  parallel_threshold=len(neighbours) + 1)
    return {a: {"degree": degree[a], "betweenness": betweenness[index[a]]} for a in neighbours}


def agency_centrality(graph: nx.Graph) -> dict[Hashable, dict[str, float]]:
    """``centrality`` of a networkx graph's nodes and edges.

    >>> agency_centrality(nx.path_graph(["a", "b", "c"]))["b"]
    {'degree': 1.0, 'betweenness': 1.0}
    """
    return centrality(list(graph), graph.edges())
