"""networkx views of the policy graph, built directly from query rows (literals become attributes).

The input rows are plain dicts, so every view is a pure function testable without a store:

- a *link* row is one task–agency assignment: ``task``, ``doc``, ``doc_number``, ``task_number``,
  ``text``, ``agency``, ``agency_name``, ``district``, ``agency_type``, ``role``
  (``lead`` | ``co`` | ``joint`` | ``co_handler``);
- a *document* row: ``doc``, ``doc_number``, ``title``, ``level``, ``district`` (others are kept
  as attributes);
- a *relation* row: ``source``, ``relation`` (``implements`` | ``cites`` | ``repeals`` |
  ``respondsTo``), ``target``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

# computed at build time now (graph/derived.py); kept here beside the views it scores
from policykg.graph.centrality import agency_centrality as agency_centrality

ROLES = ("lead", "co", "joint", "co_handler")
RELATIONS = ("implements", "cites", "repeals", "respondsTo")

Row = Mapping[str, Any]


def agency_graph(links: Iterable[Row], around_lead: bool = False) -> nx.Graph:
    """Agency co-responsibility graph: one node per agency, edge weight = number of shared tasks.
    With ``around_lead``, co-handlers of a task with a lead are joined to the lead only (a
    reply's handling units around the handling unit, a star), not to each other.

    >>> g = agency_graph([
    ...     {"task": "t1", "doc": "d", "agency": "a", "agency_name": "A", "role": "lead"},
    ...     {"task": "t1", "doc": "d", "agency": "b", "agency_name": "B", "role": "co"},
    ... ])
    >>> g.nodes["a"]["task_count"], g.nodes["a"]["lead"], g.edges["a", "b"]["weight"]
    (1, 1, 1)
    """
    graph = nx.Graph()
    tasks: dict[str, dict[str, str]] = defaultdict(dict)  # task → agency → role
    for row in links:
        agency = row["agency"]
        if agency not in graph:
            graph.add_node(
                agency,
                name=row.get("agency_name") or agency,
                district=row.get("district") or "",
                agency_type=row.get("agency_type") or "",
                task_count=0,
                document_count=0,
                documents=set(),
                **dict.fromkeys(ROLES, 0),
            )
        attrs = graph.nodes[agency]
        if agency not in tasks[row["task"]]:
            attrs["task_count"] += 1
            attrs[row["role"]] += 1
            attrs["documents"].add(row["doc"])
        tasks[row["task"]].setdefault(agency, row["role"])
    for agency in graph:
        attrs = graph.nodes[agency]
        attrs["document_count"] = len(attrs.pop("documents"))
    shared: Counter[tuple[str, str]] = Counter()
    for roles in tasks.values():
        shared.update(task_pairs(roles) if around_lead else combinations(sorted(roles), 2))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in shared.items())
    return graph


def task_pairs(roles: Mapping[str, str]) -> list[tuple[str, str]]:
    """Pairs of agencies drawn together for one task (agency → role): every pair, except two
    co-handlers of a task that names a lead, who are each joined to the lead instead.

    >>> task_pairs({"l": "lead", "a": "co_handler", "b": "co_handler"})
    [('a', 'l'), ('b', 'l')]
    """
    pairs = combinations(sorted(roles), 2)
    if "lead" not in roles.values() or list(roles.values()).count("co_handler") < 2:
        return list(pairs)
    return [(a, b) for a, b in pairs if not roles[a] == roles[b] == "co_handler"]


def agency_pair_graph(agencies: Iterable[Row], pairs: Iterable[Row]) -> nx.Graph:
    """The graph ``agency_graph`` builds, from the facts materialised at build time instead of
    every link: agencies with a task (agency-workload rows) and the pairs sharing tasks
    (co-responsibility rows, kept when both agencies are among those).

    >>> g = agency_pair_graph(
    ...     [{"agency": "a", "agency_name": "A", "tasks": 1, "lead": 1, "documents": 1},
    ...      {"agency": "b", "agency_name": "B", "tasks": 2, "co": 2, "documents": 1},
    ...      {"agency": "c", "agency_name": "C", "tasks": 0}],
    ...     [{"agency_a": "a", "agency_b": "b", "shared_tasks": 1},
    ...      {"agency_a": "a", "agency_b": "x", "shared_tasks": 3}])
    >>> sorted(g), g.nodes["b"]["co"], g.edges["a", "b"]["weight"]
    (['a', 'b'], 2, 1)
    """
    graph = nx.Graph()
    for row in agencies:
        if row.get("tasks"):
            graph.add_node(
                row["agency"],
                name=row.get("agency_name") or row["agency"],
                district=row.get("district") or "",
                agency_type=row.get("agency_type") or "",
                task_count=row["tasks"],
                document_count=row.get("documents") or 0,
                **{role: row.get(role) or 0 for role in ROLES},
            )
    graph.add_weighted_edges_from(
        (row["agency_a"], row["agency_b"], row["shared_tasks"])
        for row in pairs
        if row["agency_a"] in graph and row["agency_b"] in graph
    )
    return graph


def lineage_graph(documents: Iterable[Row], relations: Iterable[Row]) -> nx.DiGraph:
    """Lineage DiGraph: documents as nodes, implements/cites/repeals/respondsTo as typed edges.

    >>> g = lineage_graph([{"doc": "d1"}, {"doc": "d2"}],
    ...                   [{"source": "d1", "relation": "implements", "target": "d2"}])
    >>> g.edges["d1", "d2"]["relation"]
    'implements'
    """
    graph = nx.DiGraph()
    for row in documents:
        graph.add_node(row["doc"], **{k: v for k, v in row.items() if k != "doc"})
    for row in relations:
        if row["relation"] not in RELATIONS:
            raise ValueError(f"unknown lineage relation {row['relation']!r}")
        graph.add_edge(row["source"], row["target"], relation=row["relation"])
    return graph


def document_task_agency_graph(links: Iterable[Row]) -> nx.DiGraph:
    """Document → task → agency DiGraph; task–agency edges carry the role.

    >>> g = document_task_agency_graph([{"task": "t", "doc": "d", "doc_number": "D",
    ...     "task_number": "1", "text": "x", "agency": "a", "agency_name": "A", "role": "co"}])
    >>> sorted(g.edges(data="role"))
    [('d', 't', None), ('t', 'a', 'co')]
    """
    graph = nx.DiGraph()
    for row in links:
        graph.add_node(row["doc"], kind="document", doc_number=row.get("doc_number", ""))
        graph.add_node(
            row["task"], kind="task", number=row.get("task_number", ""), text=row.get("text", "")
        )
        graph.add_node(
            row["agency"],
            kind="agency",
            name=row.get("agency_name", ""),
            district=row.get("district", ""),
            agency_type=row.get("agency_type", ""),
        )
        graph.add_edge(row["doc"], row["task"])
        graph.add_edge(row["task"], row["agency"], role=row["role"])
    return graph
