"""Policy lineage view: national → provincial → municipal → district documents, then sections
and tasks.

Rows from the top: national, provincial and municipal policies the graph holds as references,
cited documents it does not hold (level unknown) with the proposals that replies answer, then the
loaded documents by level (provincial, municipal, district), each with its sections in columns
under it (lineage_layout). Tasks start folded into their section (or document); clicking it
unfolds them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

import networkx as nx

from policykg.queries.task_path import outline_paths
from policykg.queries.views import Row, lineage_graph
from policykg.viz.layout import clip_label
from policykg.viz.lineage_layout import (
    CORNER,
    DOC_FONT,
    DOC_HALF,
    ROW,
    ROWS,
    SECTION_FONT,
    LineageLayout,
    clause_bands,
    lineage_layout,
)
from policykg.viz.page import View, render_page

TASK_GRID = [5, 28.0, 36.0]  # unfolded tasks: a grid under their section (columns, x, y step)
LAYER_NAMES = {"national": "国家 national", "provincial": "省级 provincial",
               "municipal": "市级 municipal",
               "unknown": "未收录 not in the graph", "district": "区县 district"}
DOC_STYLE = {  # background, font colour
    "national": ("#8c1c13", "#ffffff"), "provincial": ("#c55a11", "#ffffff"),
    "municipal": ("#d4a017", "#000000"),
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
    """Row of a document: its level; a loaded document whose place was not found goes with the
    district ones (its sections and tasks are drawn like theirs); else 'unknown'.

    >>> doc_level({"level": "national"}), doc_level({"status": "loaded"}), doc_level({})
    ('national', 'district', 'unknown')
    """
    level = row.get("level") or ""
    if level in DOC_STYLE and level != "unknown":
        return level
    return "district" if row.get("status") == "loaded" else "unknown"


def lineage_scope(documents: Sequence[Row], relations: Sequence[Row], start: str) -> set[str]:
    """Documents in the lineage of start: everything it leads to, and what implements it."""
    graph = lineage_graph(documents, relations)
    implements = nx.DiGraph((a, b) for a, b, r in graph.edges(data="relation")
                            if r == "implements")
    down = nx.ancestors(implements, start) if start in implements else set()
    return {start} | nx.descendants(graph, start) | down


def lineage_view(documents: Iterable[Row], relations: Iterable[Row], outline: Iterable[Row],
                 start: str | None = None, clause_links: Iterable[Row] = (),
                 owners: dict[str, str] | None = None, draw_clauses: bool = True) -> View:
    """The layered lineage page; with start (a document IRI), only that document's lineage.

    ``clause_links`` (rows of the clause-links query) name each section's upstream clause in its
    panel and tooltip and, with ``draw_clauses``, are drawn as section → clause edges to clause
    boxes; ``owners`` gives each task's agencies and roles as shown in the panels (task IRI → text).
    """
    documents, relations, outline = list(documents), list(relations), list(outline)
    docs = {d["doc"]: d for d in documents}
    if start:
        scope = lineage_scope(documents, relations, start)
        relations = [r for r in relations if r["source"] in scope and r["target"] in scope]
        docs = {k: v for k, v in docs.items() if k in scope}
        outline = [o for o in outline if o["doc"] in scope]
    proposals = sorted({r["target"] for r in relations if r["target"] not in docs})
    # every loaded document is drawn with its sections on the shelves: the provincial ones
    # first, then the municipal, then from a shelf of their own the district ones (a shelf per
    # level made the development set's initial fit 9.4 px a character, under the 10 px read)
    local = sorted((d for d in docs if docs[d].get("status") == "loaded"
                    or doc_level(docs[d]) == "district"),
                   key=lambda d: (ROWS.index(doc_level(docs[d])), docs[d].get("district") or "",
                                  docs[d].get("date") or "", d))
    breaks = {d for before, d in pairwise(local)
              if doc_level(docs[d]) == "district" != doc_level(docs[before])}
    levels = {d: "district" for d in local} | {d: doc_level(row) for d, row in docs.items()
                                                if d not in local} | dict.fromkeys(proposals, "unknown")
    sections = [o for o in outline if o["kind"] == "section" and o["doc"] in local]
    tasks = [o for o in outline if o["kind"] == "task" and o["doc"] in docs]
    # a section whose parent is not drawn hangs from its document
    drawn = {s["item"] for s in sections}
    parent = {s["item"]: s["parent"] if s.get("parent") in drawn else s["doc"] for s in sections}
    children: dict[str, list[str]] = defaultdict(list)
    for s in sections:
        children[parent[s["item"]]].append(s["item"])
    labels = {d: doc_label(row) for d, row in docs.items()} | {p: _proposal_label(p, lines=True)
                                                                  for p in proposals}
    layout = lineage_layout(levels, labels, [(r["source"], r["target"]) for r in relations],
                            children, breaks)
    pos = layout.pos
    ids = {iri: f"n{i}" for i, iri in enumerate([*docs, *proposals, *(s["item"] for s in sections)])}
    nodes = [_doc_node(ids[d], row, labels[d], pos[d]) for d, row in docs.items()]
    nodes += [{"id": ids[p], "label": labels[p], "shape": "box", "x": pos[p][0], "y": pos[p][1],
               "color": {"background": "#98df8a", "border": "#333333"},
               "font": {"size": DOC_FONT}} for p in proposals]
    nodes += [_outline_box(ids[s["item"]], f"{s.get('number') or ''}{s.get('text') or ''}",
                           pos[s["item"]], layout.widths[s["item"]], "#e8eef7") for s in sections]
    edges = [_edge(f"r{i}", ids[r["source"]], ids[r["target"]], r["relation"])
             for i, r in enumerate(relations) if r["source"] in ids]
    edges += [_edge(f"p{i}", ids[parent[s["item"]]], ids[s["item"]], "partOf")
              for i, s in enumerate(sections)]
    clause_links = [c for c in clause_links if c["unit"] in ids]
    implemented = clause_names(clause_links)
    section_info = {ids[s["item"]]: [s.get("number") or "", s.get("text") or "",
                                     docs[s["doc"]].get("doc_number") or "",
                                     implemented.get(s["item"], "")] for s in sections}
    if draw_clauses:
        links = [c for c in clause_links if c["upstream_doc"] in docs]
        clause_nodes, clause_edges = _clause_layer(links, ids, layout, section_info)
        nodes += clause_nodes
        edges += clause_edges
    for node in nodes:  # vis pads a box's bounding box by its corner radius (default 6 px)
        node.setdefault("shapeProperties", {})["borderRadius"] = CORNER
    folded = _folded_tasks(tasks, ids, outline_paths(outline), owners or {})
    data = {
        "docs": {ids[d]: _doc_info(row) for d, row in docs.items()},
        "proposals": {ids[p]: _proposal_label(p) for p in proposals},
        "sections": section_info,
        "folded": folded,
        "columns": [[x, y0, [[ids[i], *rest] for i, *rest in items], shelf]
                    for x, y0, items, shelf in layout.columns],
        "shelves": [[y, bottom, [ids[d] for d in shelf]] for y, bottom, shelf in layout.shelves],
        "docHalf": DOC_HALF,
        "rows": {LAYER_NAMES[k]: y for k, y in layout.rows.items()},
        "row": ROW, "taskGrid": TASK_GRID,
        "relations": {k: list(v) for k, v in RELATION_STYLE.items()},
        "docStyle": {k: [LAYER_NAMES[k], *v] for k, v in DOC_STYLE.items()},
    }
    title = "政策传导 Policy lineage"
    if start:
        title += " · " + (docs[start].get("doc_number") or docs[start].get("title") or "")
    return render_page(title=title, nodes=nodes, edges=edges, data=data, view_js="lineage.js",
                       controls_html=CONTROLS_HTML, directed=True)


def clause_names(links: Iterable[Row]) -> dict[str, str]:
    """Each linked unit's upstream clauses as a reader names them: 文号, path, title.

    >>> clause_names([{"unit": "s", "upstream_number": "国发〔2021〕4号", "upstream_parent_number": "二、",
    ...                "upstream_unit_number": "（四）", "upstream_title": "推进工业绿色升级"}])
    {'s': '国发〔2021〕4号 二、（四）推进工业绿色升级'}
    """
    names: dict[str, list[str]] = defaultdict(list)
    for link in links:
        path = f"{link.get('upstream_parent_number') or ''}{link.get('upstream_unit_number') or ''}"
        name = f"{link.get('upstream_number') or ''} {path}{link.get('upstream_title') or ''}".strip()
        if name not in names[link["unit"]]:
            names[link["unit"]].append(name)
    return {unit: "；".join(found) for unit, found in names.items()}


def _clause_layer(links: Sequence[Row], ids: dict, layout: LineageLayout,
                  info: dict) -> tuple[list[dict], list[dict]]:
    """Upstream clauses linked from the sections shown: a node per clause in bands above the
    documents (clause_bands), near the mean x of the sections implementing it, and an edge per
    link. Clause nodes join ``info`` (the page shows them as it shows sections)."""
    readers: dict[str, list[Row]] = defaultdict(list)
    for link in links:
        readers[link["upstream_unit"]].append(link)
    clauses = {c: rows for c, rows in readers.items() if c not in ids}  # not a drawn section
    wanted = []
    for clause, rows in clauses.items():
        ids[clause] = f"c{len(ids)}"
        xs = [layout.pos[r["unit"]][0] for r in rows if r["unit"] in layout.pos]
        wanted.append((clause, sum(xs) / len(xs) if xs else 0.0))
    clause_bands(wanted, layout)
    nodes = []
    for clause, rows in clauses.items():
        number = f"{rows[0].get('upstream_parent_number') or ''}{rows[0]['upstream_unit_number']}"
        nodes.append(_outline_box(ids[clause], f"{number}{rows[0]['upstream_title']}",
                                  layout.pos[clause], layout.widths[clause], "#e5dbf0"))
        info[ids[clause]] = [number, str(rows[0]["upstream_title"]),
                             str(rows[0].get("upstream_number") or "")]
    edges = [_edge(f"k{i}", ids[r["unit"]], ids[r["upstream_unit"]], "implementsClause",
                   curved=True) for i, r in enumerate(links)]
    return nodes, edges


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
                          "size": 7, "color": "#888888", "font": {"size": SECTION_FONT}})
            edges.append(_edge(f"{tid}e", ids[parent], tid, "partOf"))
            info.append([tid, paths.get(t["item"]) or str(t.get("number") or ""),
                         t.get("text") or "", owners.get(t["item"], "")])
        folded[ids[parent]] = [nodes, edges, info]
    return folded


def doc_label(row: Row) -> str:
    """A document's box label on two lines: its 文号 broken before the year, else its title (what
    《》 quote in a 关于印发《…》的通知) cut to two lines of 8 characters.

    >>> doc_label({"doc_number": "永川府办发〔2022〕14号"}).split("\\n")
    ['永川府办发', '〔2022〕14号']
    >>> doc_label({"title": "关于印发《石柱县加快建立健全绿色低碳循环经济体系工作措施》的通知"}).split("\\n")
    ['石柱县加快建立健', '全绿色低碳循环…']
    >>> doc_label({"title": None, "district": "咸阳市"}).split("\\n")
    ['咸阳市', '（无文号、标题）']
    """
    number = row.get("doc_number")
    if number:
        year = re.search(r"[〔\[（(【]\s*\d{4}", number)
        return f"{number[:year.start()]}\n{number[year.start():]}" if year and year.start() else number
    title = row.get("title") or ""
    quoted = re.search(r"《([^》]+)》", title)
    title = quoted.group(1) if quoted else title
    if not title.strip():  # never an empty box: where it comes from, and that it has no name
        return f"{row.get('district') or row.get('issuer') or '文件'}\n（无文号、标题）"
    return title[:8] + (f"\n{_short(title[8:], 7)}" if title[8:] else "")


def _doc_node(node_id: str, row: Row, label: str, xy: tuple[float, float]) -> dict:
    """vis node of a document: a box coloured by level, dashed when the graph does not hold it."""
    background, font = DOC_STYLE[doc_level(row)]
    node = {"id": node_id, "label": label, "shape": "box", "x": xy[0], "y": xy[1],
            "font": {"color": font, "size": DOC_FONT},
            "color": {"background": background, "border": "#333333"}}
    if row.get("status") == "unresolved":
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


def _outline_box(node_id: str, text: str, xy: tuple[float, float], width: float,
                 colour: str) -> dict:
    """vis node of a section or clause: a box of the width its column gives it, the label cut to
    fit on one line (a second line would make it taller than its row)."""
    return {"id": node_id, "label": clip_label(text, width, SECTION_FONT), "shape": "box",
            "x": xy[0], "y": xy[1],
            # the constraint is the label's: vis adds 5 px margins on each side
            "widthConstraint": {"minimum": width - 10, "maximum": width - 10},
            "color": {"background": colour, "border": "#9fb3cf"}, "font": {"size": SECTION_FONT}}


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


def _proposal_label(iri: str, lines: bool = False) -> str:
    """Proposal label from its IRI (…/proposal/綦江区/区政协三届一次会议/第024号); with lines, its
    number first and the session on a second line (for its box)."""
    parts = iri.split("/proposal/", 1)[-1].split("/")[1:] or [iri]
    return "提案 " + ("\n".join(reversed(parts)) if lines else " ".join(parts))


def _short(text: str, n: int = 14) -> str:
    """text cut to n characters for a node label."""
    return text if len(text) <= n else text[:n] + "…"


CONTROLS_HTML = """
<button id="pkg-unfold">展开全部任务 unfold all tasks</button>
<button id="pkg-fold">折叠 fold</button>
<span class="pkg-note" id="pkg-note"></span>
"""

