"""Policy lineage view: national → municipal → district documents, then sections and tasks.

Layers from the top: national policies, municipal ones, cited documents that are not known
(level unknown), district documents and the proposals they answer, then sections, then tasks.
Tasks start folded into their section (or document); clicking it unfolds them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import count

import networkx as nx

from policykg.queries.task_path import outline_paths
from policykg.queries.views import Row, lineage_graph
from policykg.viz.page import View, render_page

SLOT = 190.0  # horizontal room of one column of sections (or of a document box), px
LAYER = 150.0  # vertical distance between layers, px
ROW = 46.0  # vertical distance between stacked sections, px
TASK_COLUMNS, TASK_STEP = 6, 24.0  # unfolded tasks: a grid under their section
LAYERS = {"national": 0, "municipal": 1, "unknown": 2, "district": 3, "section": 4}
LAYER_NAMES = {"national": "国家 national", "municipal": "市级 municipal",
               "unknown": "未收录 not in the graph", "district": "区县 district"}
DOC_STYLE = {  # background, font colour
    "national": ("#8c1c13", "#ffffff"), "municipal": ("#d4a017", "#000000"),
    "district": ("#2e75b6", "#ffffff"), "unknown": ("#eeeeee", "#333333"),
}
RELATION_STYLE = {  # name, colour, width, dashes
    "implements": ("贯彻落实 implements", "#1f4e79", 2.5, False),
    "cites": ("引用 cites", "#7f7f7f", 1.5, [8, 4]),
    "repeals": ("废止 repeals", "#d62728", 2.5, [3, 3]),
    "respondsTo": ("答复 responds to", "#2ca02c", 2.0, [1, 4]),
    "partOf": ("组成部分 part of", "#c0c0c0", 1.0, False),
    "implementsClause": ("落实条款 implements clause", "#9467bd", 1.5, [2, 3]),
}


def doc_level(row: Row) -> str:
    """Layer of a document row: its level, or 'unknown' when the graph does not know it."""
    level = row.get("level") or ""
    return level if level in ("national", "municipal", "district") else "unknown"


def lineage_scope(documents: Sequence[Row], relations: Sequence[Row], start: str) -> set[str]:
    """Documents in the lineage of start: everything it leads to, and what implements it."""
    graph = lineage_graph(documents, relations)
    implements = nx.DiGraph((a, b) for a, b, r in graph.edges(data="relation")
                            if r == "implements")
    down = nx.ancestors(implements, start) if start in implements else set()
    return {start} | nx.descendants(graph, start) | down


def lineage_view(documents: Iterable[Row], relations: Iterable[Row], outline: Iterable[Row],
                 start: str | None = None, clause_links: Iterable[Row] = (),
                 owners: dict[str, str] | None = None) -> View:
    """The layered lineage page; with start (a document IRI), only that document's lineage;
    with clause_links (rows of the clause-links query), section → upstream clause edges;
    ``owners`` gives each task's agencies and roles as shown in the panels (task IRI → text).
    """
    documents, relations, outline = list(documents), list(relations), list(outline)
    docs = {d["doc"]: d for d in documents}
    if start:
        scope = lineage_scope(documents, relations, start)
        relations = [r for r in relations if r["source"] in scope and r["target"] in scope]
        docs = {k: v for k, v in docs.items() if k in scope}
        outline = [o for o in outline if o["doc"] in scope]
    proposals = sorted({r["target"] for r in relations if r["target"] not in docs})
    sections = [o for o in outline if o["kind"] == "section" and o["doc"] in docs]
    tasks = [o for o in outline if o["kind"] == "task" and o["doc"] in docs]
    pos, columns = _positions(docs, relations, sections, proposals)
    ids = {iri: f"n{i}" for i, iri in enumerate([*docs, *proposals, *(s["item"] for s in sections)])}
    nodes = [_doc_node(ids[d], row, pos[d]) for d, row in docs.items()]
    nodes += [{"id": ids[p], "label": _proposal_label(p), "shape": "ellipse", "x": pos[p][0],
               "y": pos[p][1], "color": "#98df8a"} for p in proposals]
    nodes += [{"id": ids[s["item"]], "label": _short(f"{s.get('number') or ''}{s.get('text') or ''}"),
               "shape": "ellipse", "x": pos[s["item"]][0], "y": pos[s["item"]][1],
               "color": "#e8eef7", "font": {"size": 16}} for s in sections]
    edges = [_edge(f"r{i}", ids[r["source"]], ids[r["target"]], r["relation"])
             for i, r in enumerate(relations) if r["source"] in ids]
    edges += [_edge(f"p{i}", ids[s.get("parent") or s["doc"]], ids[s["item"]], "partOf",
                    curved=bool(s.get("parent"))) for i, s in enumerate(sections)]
    section_info = {ids[s["item"]]: [s.get("number") or "", s.get("text") or "",
                                     docs[s["doc"]].get("doc_number") or ""] for s in sections}
    links = [c for c in clause_links if c["unit"] in ids and c["upstream_doc"] in docs]
    clause_nodes, clause_edges = _clause_layer(links, ids, pos, section_info)
    nodes += clause_nodes
    edges += clause_edges
    folded = _folded_tasks(tasks, ids, outline_paths(outline), owners or {})
    data = {
        "docs": {ids[d]: _doc_info(row) for d, row in docs.items()},
        "proposals": {ids[p]: _proposal_label(p) for p in proposals},
        "sections": section_info,
        "folded": folded,
        "columns": [[x, y0, [ids[i] for i in items]] for x, y0, items in columns],
        "row": ROW, "taskGrid": [TASK_COLUMNS, TASK_STEP],
        "relations": {k: list(v) for k, v in RELATION_STYLE.items()},
        "docStyle": {k: [LAYER_NAMES[k], *v] for k, v in DOC_STYLE.items()},
    }
    title = "政策传导 Policy lineage"
    if start:
        title += " · " + (docs[start].get("doc_number") or docs[start].get("title") or "")
    return render_page(title=title, nodes=nodes, edges=edges, data=data, view_js="lineage.js",
                       controls_html=CONTROLS_HTML, directed=True)


def _positions(docs: dict, relations: Sequence[Row], sections: Sequence[Row],
               proposals: Sequence[str]) -> tuple[dict[str, tuple[float, float]], list[list]]:
    """Layered positions and the section columns: one column per top-level section (or per
    document without sections), its subsections stacked below it in reading order."""
    children: dict[str, list[str]] = defaultdict(list)
    for s in sections:
        children[s.get("parent") or s["doc"]].append(s["item"])

    def stack(item: str) -> list[str]:
        return [item, *(d for kid in children.get(item, []) for d in stack(kid))]

    answered = defaultdict(list)
    for r in relations:
        if r["relation"] == "respondsTo" and r["target"] in proposals:
            answered[r["source"]].append(r["target"])
    # a loaded document of another level (a municipal plan, an untitled excerpt) keeps its layer
    # but gets section columns too: without them its sections had no place (a KeyError)
    local = sorted((d for d in docs if doc_level(docs[d]) == "district" or children.get(d)),
                   key=lambda d: (docs[d].get("district") or "", docs[d].get("date") or "", d))
    pos: dict[str, tuple[float, float]] = {}
    columns: list[list] = []  # [x, y of the first item, item IRIs]
    doc_y, section_y = LAYERS["district"] * LAYER, LAYERS["section"] * LAYER
    slots = count()
    for doc in [*local, *(p for p in proposals if p not in {t for v in answered.values() for t in v})]:
        tops = children.get(doc, [])
        for top in tops:
            columns.append([next(slots) * SLOT, section_y, stack(top)])
        if tops:
            xs = [c[0] for c in columns[-len(tops):]]
            level = doc_level(docs[doc]) if doc in docs else "district"
            pos[doc] = (round(sum(xs) / len(xs), 1), LAYERS[level] * LAYER)
        else:
            columns.append([next(slots) * SLOT, doc_y, [doc]])
        for proposal in answered.get(doc, []):  # a proposal sits beside the reply answering it
            pos.setdefault(proposal, (next(slots) * SLOT, doc_y))
    for x, y0, items in columns:
        for k, item in enumerate(items):
            pos[item] = (x, y0 + k * ROW)
    _place_upstream(docs, relations, pos)
    return pos, columns


def _clause_layer(links: Sequence[Row], ids: dict, pos: dict,
                  info: dict) -> tuple[list[dict], list[dict]]:
    """Upstream clauses linked from the sections shown: a node per clause above its document,
    at the mean x of the sections implementing it (stacked upwards), and an edge per link.
    Clause nodes join ``info`` (the page shows them as it shows sections)."""
    readers: dict[str, list[Row]] = defaultdict(list)
    for link in links:
        readers[link["upstream_unit"]].append(link)
    nodes: list[dict] = []
    taken: list[tuple[float, float]] = []
    def natural(item: tuple[str, list[Row]]) -> tuple:
        return tuple(int(p) if p.isdigit() else 0 for p in item[0].rsplit("/", 1)[-1].split("."))

    for clause, rows in sorted(readers.items(), key=natural):
        if clause not in ids:  # a reference clause (a loaded document's section is drawn already)
            ids[clause] = f"c{len(ids)}"
            xs = [pos[r["unit"]][0] for r in rows if r["unit"] in pos]
            x, y = sum(xs) / len(xs) if xs else 0.0, pos[rows[0]["upstream_doc"]][1] - LAYER / 2
            while any(abs(tx - x) < SLOT / 2 and ty == y for tx, ty in taken):
                y -= ROW  # clauses of one column stack upwards, mirroring their sections
            taken.append((x, y))
            number = f"{rows[0].get('upstream_parent_number') or ''}{rows[0]['upstream_unit_number']}"
            nodes.append({"id": ids[clause], "label": _short(f"{number}{rows[0]['upstream_title']}"),
                          "shape": "ellipse", "x": round(x, 1), "y": y, "color": "#e5dbf0",
                          "font": {"size": 16}})
            info[ids[clause]] = [number, str(rows[0]["upstream_title"]),
                                 str(rows[0].get("upstream_number") or "")]
    edges = [_edge(f"k{i}", ids[r["unit"]], ids[r["upstream_unit"]], "implementsClause",
                   curved=True) for i, r in enumerate(links)]
    return nodes, edges


def _place_upstream(docs: dict, relations: Sequence[Row], pos: dict) -> None:
    """Upstream documents at the mean x of the documents pointing at them, layer by level."""
    readers: dict[str, list[str]] = defaultdict(list)
    for r in relations:
        readers[r["target"]].append(r["source"])
    upstream = [d for d in docs if d not in pos]
    # lower layers first, so that a national policy can sit above the municipal ones reading it
    for doc in sorted(upstream, key=lambda d: (-LAYERS[doc_level(docs[d])], d)):
        xs = [pos[s][0] for s in readers.get(doc, []) if s in pos]
        x = sum(xs) / len(xs) if xs else 0.0
        layer = LAYERS[doc_level(docs[doc])]
        while any(abs(px - x) < SLOT and py == layer * LAYER for px, py in pos.values()):
            x += SLOT  # keep documents of one layer apart
        pos[doc] = (round(x, 1), layer * LAYER)


def _folded_tasks(tasks: Sequence[Row], ids: dict, paths: dict[str, str],
                  owners: dict[str, str]) -> dict[str, list]:
    """Per section (or document) node: its tasks as vis nodes and edges, added when unfolded
    (the page places them under their section and moves the rest of the column down), and
    [node, path, text, agencies with roles] for the panel."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for t in tasks:
        parent = t.get("parent") if t.get("parent") in ids else t["doc"]
        groups[parent].append(t)
    folded = {}
    for parent, group in groups.items():
        nodes, edges, info = [], [], []
        for k, t in enumerate(group):
            tid = f"{ids[parent]}t{k}"
            nodes.append({"id": tid, "label": str(t.get("number") or ""), "shape": "square",
                          "size": 6, "color": "#888888", "font": {"size": 10}})
            edges.append(_edge(f"{tid}e", ids[parent], tid, "partOf"))
            info.append([tid, paths.get(t["item"]) or str(t.get("number") or ""),
                         t.get("text") or "", owners.get(t["item"], "")])
        folded[ids[parent]] = [nodes, edges, info]
    return folded


def _doc_node(node_id: str, row: Row, xy: tuple[float, float]) -> dict:
    """vis node of a document: a box coloured by level, dashed when the graph does not hold it."""
    background, font = DOC_STYLE[doc_level(row)]
    node = {"id": node_id, "label": row.get("doc_number") or _short(row.get("title") or ""),
            "shape": "box", "x": xy[0], "y": xy[1],
            # large enough to stay legible when the whole lineage is fitted to the screen
            "font": {"color": font, "size": 30},
            "color": {"background": background, "border": "#333333"}}
    if row.get("status") == "unresolved":
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


def _doc_info(row: Row) -> dict:
    """Page data of one document (shown on hover and in the panel)."""
    keys = ("doc_number", "title", "type", "date", "issuer", "district", "task_count", "status")
    return {"level": LAYER_NAMES[doc_level(row)],
            **{k: "" if row.get(k) is None else str(row[k]) for k in keys}}


def _edge(edge_id: str, a: str, b: str, relation: str, curved: bool = False) -> dict:
    """vis edge drawn in the style of its relation (curved beside a column of sections)."""
    _, colour, width, dashes = RELATION_STYLE[relation]
    edge = {"id": edge_id, "from": a, "to": b, "color": {"color": colour}, "width": width,
            "dashes": dashes, "rel": relation,
            "arrows": {"to": {"enabled": relation != "partOf", "scaleFactor": 0.6}}}
    if curved:
        edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.5}
    return edge


def _proposal_label(iri: str) -> str:
    """Proposal label from its IRI (…/proposal/綦江区/区政协三届一次会议/第024号)."""
    parts = iri.split("/proposal/", 1)[-1].split("/")
    return "提案 " + " ".join(parts[1:] or parts)


def _short(text: str, n: int = 14) -> str:
    """text cut to n characters for a node label."""
    return text if len(text) <= n else text[:n] + "…"


CONTROLS_HTML = """
<button id="pkg-unfold">展开全部任务 unfold all tasks</button>
<button id="pkg-fold">折叠 fold</button>
<span class="pkg-note" id="pkg-note"></span>
"""

