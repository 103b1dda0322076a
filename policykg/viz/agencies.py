"""Agency responsibility views: the co-responsibility network, and one agency with its tasks."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from policykg.queries.task_path import task_path
from policykg.queries.views import ROLES, Row, agency_graph
from policykg.viz.layout import grouped_layout, ring_layout, separate
from policykg.viz.page import View, render_page

# A large corpus gives tens of thousands of co-responsibility pairs; drawing them all makes the
# page slow and unreadable. Keep the strongest, and say so in the legend.
MAX_EDGES = 4000

AGENCY_TYPES = {
    "department": ("区县部门", "district department", "#4e79a7"),
    "government": ("人民政府及办公室", "government", "#76b7b2"),
    "party": ("党委机构", "party organ", "#e15759"),
    "judicial": ("法院、检察院", "court / procuratorate", "#9c755f"),
    "people_org": ("人民团体", "people's organisation", "#f28e2b"),
    "zone": ("园区、开发区", "park / development zone", "#59a14f"),
    "vertical": ("垂直管理单位", "vertically managed unit", "#b07aa1"),
    "township": ("镇、街道", "township / street", "#edc948"),
    "company": ("国有企业", "state-owned company", "#ff9da7"),
    "": ("未分类", "unclassified", "#bab0ac"),
}
ROLE_NAMES = {"lead": "牵头", "co": "配合", "joint": "共同负责", "co_handler": "协办"}
ROLE_STYLE = {  # colour, width, dashes — the same in the focus view and its legend
    "lead": ("#d62728", 3.0, False),
    "co": ("#1f77b4", 1.5, [6, 4]),
    "joint": ("#2ca02c", 2.0, [2, 3]),
    "co_handler": ("#9467bd", 1.5, [10, 3, 2, 3]),
}


def type_key(value: str | None) -> str:
    """Agency type key from a concept IRI or a bare key.

    >>> type_key("https://w3id.org/policykg/ontology#agencytype_zone"), type_key(None)
    ('zone', '')
    """
    key = (value or "").rsplit("agencytype_", 1)[-1]
    return key if key in AGENCY_TYPES else ""


def doc_tag(doc_number: str) -> str:
    """A short tag for a document on a small node: its serial, else its first characters.

    >>> doc_tag("永川府办发〔2022〕14号"), doc_tag("石柱县关于印发措施的通知")
    ('14号', '石柱县关')
    """
    match = re.search(r"\d+号$", doc_number)
    return match.group(0) if match else doc_number[:4]


def node_size(task_count: int) -> float:
    """Node radius for an agency with task_count tasks (grows as the square root, up to 40).

    >>> node_size(1), node_size(4), node_size(10_000)
    (9.0, 12.0, 40.0)
    """
    return round(min(6 + 3 * math.sqrt(task_count), 40.0), 1)


def edge_width(shared: int) -> float:
    """Edge width for two agencies sharing this many tasks."""
    return round(min(1 + 1.5 * math.sqrt(shared - 1), 14), 1)


def agencies_view(
    links: Iterable[Row], *, district: str | None = None, max_edges: int = MAX_EDGES
) -> View:
    """The agency co-responsibility network as a self-contained page."""
    links = [r for r in links if not district or r.get("district") == district]
    # a reply's co-handlers work with the handling unit, not with each other: a star, not a clique
    graph = agency_graph(links, around_lead=True)
    ids = {agency: f"a{i}" for i, agency in enumerate(sorted(graph))}
    tasks, agencies = _task_tables(links, ids, graph)
    pos = grouped_layout(graph, {a: graph.nodes[a]["district"] for a in graph})
    pos = separate(pos, _hub_boxes(graph))
    # no labels yet: the page places them once it knows the zoom (placeLabels in agencies.js)
    nodes = [_agency_node(ids[a], graph.nodes[a], pos[a], label=False) for a in sorted(graph)]
    clusters = _cluster_names(graph, pos)
    # district names as text nodes from the start (nodes added after the first drawing made
    # vis lay the 2,000-agency page out again: 2 s → 8 s to settle)
    names = [{"id": f"cluster{i}", "label": name, "x": x, "y": y, "shape": "text",
               "font": {"size": 34, "color": "#333333"}, "chosen": False}
              for i, (name, x, y) in enumerate(clusters)]
    ranked = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], ids[e[0]], ids[e[1]]))
    shown = ranked[:max_edges]
    edges = [
        {
            "id": f"e{i}",
            "from": ids[a],
            "to": ids[b],
            "w": w,
            "width": edge_width(w),
            "color": {"color": "#9aa5b1", "opacity": 0.6},
        }
        for i, (a, b, w) in enumerate(shown)
    ]
    counts = sorted(graph.nodes[a]["task_count"] for a in graph)
    data = _common_data(tasks, agencies) | {
        "mode": "network",
        "districts": sorted({graph.nodes[a]["district"] for a in graph}),
        "sizes": _size_samples(counts),
        "widths": [[w, edge_width(w)] for w in sorted({1, shown[0][2] if shown else 1})],
        "edgesShown": len(shown),
        "edgesTotal": len(ranked),
        "minWeight": shown[-1][2] if shown else 0,
        "clusters": clusters,
    }
    title = f"机构协同网络 Agency co-responsibility{' · ' + district if district else ''}"
    return render_page(
        title=title,
        nodes=nodes,
        edges=edges,
        data=data,
        view_js="agencies.js",
        controls_html=CONTROLS_HTML,
        labels=names,
    )


def focus_view(links: Sequence[Row], focus: str) -> View:
    """One agency (IRI) at the centre, its tasks around it, the agencies sharing them outside."""
    task_ids = {r["task"] for r in links if r["agency"] == focus}
    if not task_ids:
        raise LookupError(f"{'/'.join(focus.rsplit('/', 2)[-2:])} is responsible for no task")
    rows = [r for r in links if r["task"] in task_ids]
    agencies = sorted({r["agency"] for r in rows} - {focus})
    ids = {a: f"a{i}" for i, a in enumerate([focus, *agencies])}
    # counts and sizes are each agency's whole workload; the panel lists the tasks in view
    graph = agency_graph(r for r in links if r["agency"] in ids)
    tasks, agency_data = _task_tables(rows, ids, graph)
    first = {r["task"]: r for r in reversed(rows)}
    order = sorted(task_ids, key=lambda t: _task_sort_key(first[t]))
    task_index = {t: i for i, t in enumerate(_ordered_tasks(rows))}
    pos = ring_layout(
        ids[focus], [[f"t{task_index[t]}" for t in order], [ids[a] for a in agencies]]
    )
    nodes = [_agency_node(ids[a], graph.nodes[a], pos[ids[a]]) for a in [focus, *agencies]]
    focus_role = {r["task"]: r["role"] for r in rows if r["agency"] == focus}
    for t in order:
        colour = ROLE_STYLE[focus_role[t]][0]
        tid = f"t{task_index[t]}"
        nodes.append(
            {
                "id": tid,
                "label": f"{doc_tag(tasks[task_index[t]][0])}·{tasks[task_index[t]][1]}",
                "shape": "square",
                "size": 7,
                "x": pos[tid][0],
                "y": pos[tid][1],
                "color": colour,
                "font": {"size": 10},
            }
        )
    edges = [_role_edge(i, r, ids, task_index, r["agency"] == focus) for i, r in enumerate(rows)]
    data = _common_data(tasks, agency_data) | {
        "mode": "focus",
        "focus": ids[focus],
        "taskNodes": {f"t{i}": i for i in range(len(tasks))},
        "districts": sorted({graph.nodes[a]["district"] for a in graph}),
        "sizes": _size_samples(sorted(graph.nodes[a]["task_count"] for a in graph)),
        "roleStyle": {k: [ROLE_NAMES[k], *v] for k, v in ROLE_STYLE.items()},
    }
    label = graph.nodes[focus]["name"]
    return render_page(
        title=f"{label} 的任务 Tasks of one agency",
        nodes=nodes,
        edges=edges,
        data=data,
        view_js="agencies.js",
        controls_html=CONTROLS_HTML,
    )


def _ordered_tasks(rows: Sequence[Row]) -> list[str]:
    """Task IRIs in first-seen order (documents and task numbers as the rows give them)."""
    return list(dict.fromkeys(r["task"] for r in rows))


def _task_sort_key(row: Row) -> tuple:
    """Sort tasks by document, then by position in it (task_order), else by number as written."""
    number = str(row.get("task_number", ""))
    order = row.get("task_order")
    return (row.get("doc_number", ""), order if isinstance(order, int) else 0, number)


def _task_tables(links: Sequence[Row], ids: dict[str, str], graph: nx.Graph) -> tuple[list, dict]:
    """Compact page tables: tasks once each, agencies with counts and their (task, role) pairs."""
    task_index: dict[str, int] = {}
    tasks: list[list[str]] = []
    agencies: dict[str, dict] = {}
    for r in links:
        if r["task"] not in task_index:
            task_index[r["task"]] = len(tasks)
            # the task's path as written (三（五）2): its number alone repeats in every section
            tasks.append([r.get("doc_number") or "", task_path(r), r.get("text", "")])
        node = ids.get(r["agency"])
        if node is None:
            continue
        if node not in agencies:
            attrs = graph.nodes[r["agency"]]
            agencies[node] = {
                "n": attrs["name"],
                "d": attrs["district"],
                "t": type_key(attrs["agency_type"]),
                "c": [attrs[role] for role in ROLES],
                "k": attrs["document_count"],
                "tasks": [],
            }
        agencies[node]["tasks"].append([task_index[r["task"]], ROLES.index(r["role"])])
    return tasks, agencies


def _common_data(tasks: list, agencies: dict) -> dict:
    """Page data shared by both agency views."""
    present = {a["t"] for a in agencies.values()}
    return {
        "tasks": tasks,
        "agencies": agencies,
        "types": {k: list(v) for k, v in AGENCY_TYPES.items() if k in present},
        "roles": [[role, ROLE_NAMES[role]] for role in ROLES],
    }


def _agency_node(node_id: str, attrs: dict, xy: tuple[float, float], label: bool = True) -> dict:
    """vis node for one agency: size by task count, colour by type, label its short name."""
    colour = AGENCY_TYPES[type_key(attrs["agency_type"])][2]
    node = {
        "id": node_id,
        "shape": "dot",
        "size": node_size(attrs["task_count"]),
        "x": xy[0],
        "y": xy[1],
        "color": {"background": colour, "border": "#444444"},
    }
    return node | ({"label": attrs["name"], "font": {"size": 12}} if label else {})


def _role_edge(i: int, row: Row, ids: dict, task_index: dict, focus: bool) -> dict:
    """Agency → task edge drawn in the style of its role (fainter for other agencies)."""
    colour, width, dashes = ROLE_STYLE[row["role"]]
    return {
        "id": f"e{i}",
        "from": ids[row["agency"]],
        "to": f"t{task_index[row['task']]}",
        "width": width if focus else 1.0,
        "dashes": dashes,
        # the role's colour also when the panel selects the agency (vis greys highlighted edges)
        "color": {"color": colour, "highlight": colour, "hover": colour,
                  "opacity": 1.0 if focus else 0.35},
    }


def _hub_boxes(graph: nx.Graph, per_district: int = 12) -> dict[str, tuple[float, float]]:
    """Room for the busiest agencies of each district and their labels, in layout units: they
    sit together at the centre of the spring layout, where their labels would cover each other."""
    by_district: dict[str, list[str]] = defaultdict(list)
    for agency in sorted(graph, key=lambda a: (-graph.nodes[a]["task_count"], a)):
        by_district[graph.nodes[agency]["district"]].append(agency)
    return {a: (len(graph.nodes[a]["name"]) * 24 + 16, 2 * node_size(graph.nodes[a]["task_count"])
                + 40)
            for hubs in by_district.values() for a in hubs[:per_district]}


def _cluster_names(graph: nx.Graph, pos: dict) -> list[list]:
    """[district, x, y] above each district's group of nodes, where the page writes its name."""
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for agency in graph:
        groups[graph.nodes[agency]["district"]].append(pos[agency])
    return [[name, round(sum(x for x, _ in xy) / len(xy), 1), round(min(y for _, y in xy) - 70, 1)]
            for name, xy in sorted(groups.items())]


def _size_samples(counts: list[int]) -> list[list[float]]:
    """Legend samples of node size: smallest, median and largest task counts."""
    if not counts:
        return []
    picks = sorted({counts[0], counts[len(counts) // 2], counts[-1]})
    return [[c, node_size(c)] for c in picks]


CONTROLS_HTML = """
<label>区县 District <select id="pkg-district"><option value="">全部 all</option></select></label>
<label>搜索 Search <input id="pkg-search" type="search" placeholder="机构名称 agency name"></label>
<span class="pkg-note" id="pkg-note"></span>
"""

