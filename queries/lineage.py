"""The lineage report: a document's chain up to national policy and down to the tasks.

Named queries give the pieces (``lineage-up``, ``lineage-down``, ``lineage-tasks``, and
``lineage-counts`` for the summary); this module finds the starting document from what the
analyst typed and assembles the tree, or, when the lineage holds more than ``SUMMARY_OVER`` tasks
(a national policy on a large graph), one row per document with its counts.
"""

from __future__ import annotations

import contextlib
import difflib
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from policykg.queries import get_query, run_named
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, section
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path

COLUMNS = ("direction", "doc", "doc_number", "doc_title", "doc_level", "upstream",
           "upstream_number", "upstream_title", "upstream_level", "task", "task_number", "path",
           "section_number", "section_title", "text")
SUMMARY_OVER = 50  # tasks down the lineage beyond which they are counted, not listed
_NAMED = ("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
          "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
          "SELECT DISTINCT ?doc WHERE { { ?doc eli:id_local ?name } UNION "
          "{ ?doc dcterms:title ?name } }")


def find_document(documents: Sequence[Row], wanted: str) -> Row:
    """The document whose 文号 (any bracket variant), title or IRI is ``wanted``."""
    from policykg.loaders.doc_number import normalise

    key = normalise(wanted)
    for row in documents:
        if key in (row.get("doc_number"), row.get("title"), row.get("doc")):
            return row
    numbers = [str(r["doc_number"]) for r in documents if r.get("doc_number")]
    close = difflib.get_close_matches(key, numbers, n=5, cutoff=0.5)
    hint = f"; closest: {'、'.join(close)}" if close else ""
    raise LookupError(f"no document {wanted!r} in the graph{hint}")


def documents_of(source: QuerySource, docs: Iterable[object]) -> list[Row]:
    """The ``documents`` rows of the documents ``docs`` (IRIs), in that listing's order.

    The listing binds ?doc in its innermost query: a few documents cost a few lookups (12 of
    18,944 at ~62M triples: 15 ms, the whole listing 4.3 s).
    """
    wanted = [ox.NamedNode(str(doc)) for doc in dict.fromkeys(docs)]
    if not wanted:
        return []
    return source.select(get_query("documents").text, {"doc": wanted})


def document_named(source: QuerySource, wanted: str) -> Row:
    """``find_document`` over the documents whose 文号, title or IRI can be ``wanted`` (looked up,
    not listed); over every document when none is, for the closest 文号s."""
    from policykg.loaders.doc_number import normalise

    key = normalise(wanted)
    names = [ox.Literal(key), ox.Literal(key, language="zh")]
    candidates = [r["doc"] for r in source.select(_NAMED, {"name": names})]
    if "://" in key:
        with contextlib.suppress(ValueError):  # not an IRI
            candidates.append(ox.NamedNode(key).value)
    try:
        return find_document(documents_of(source, candidates), wanted)
    except LookupError:
        return find_document(run_named(source, "documents"), wanted)


def lineage_report(source: QuerySource, wanted: str, expand: bool | None = None) -> Report:
    """Up the implements chain and down to implementing documents and their tasks.

    Over ``SUMMARY_OVER`` tasks down the lineage the report counts them per document instead of
    listing them (``expand=True`` lists them anyway; ``expand=False`` always counts).
    """
    start = document_named(source, wanted)
    iri = start["doc"]
    up = run_named(source, "lineage-up", start=iri)
    down = run_named(source, "lineage-down", start=iri)
    lineage = [iri, *dict.fromkeys(r["doc"] for r in down)]
    known = {r["doc"]: r for r in documents_of(source, lineage)}
    total = sum(_count(known.get(doc, {}).get("task_count")) for doc in lineage)
    if expand is None:
        expand = total <= SUMMARY_OVER
    if not expand:
        return lineage_summary(source, start, up, down, known)
    tasks = run_named(source, "lineage-tasks", start=iri)
    for task in tasks:
        task["path"] = task_path(task)
    rows = [{"direction": "up", **r} for r in up] + [{"direction": "down", **r} for r in down]
    rows += [{"direction": "task", **r} for r in tasks]
    for row in rows:
        row.pop("start", None)
    title = (f"Lineage of {doc_label(start, 'doc') or start.get('title')}: "
             f"{len({r['upstream'] for r in up})} upstream, {len(lineage) - 1} implementing, "
             f"{len(tasks)} tasks")
    show = [Show("direction", "direction"), Show("document", "doc_number", doc_label, width=24),
            Show("implements", "upstream_number", lambda r: doc_label(r, "upstream")),
            Show("task", "path"), Show("section", "section", section, wrap=True),
            Show("text", "text", wrap=True)]
    return Report(rows, columns=COLUMNS, show=show, title=title,
                  tree=lineage_tree(start, up, down, tasks))


def _count(value: object) -> int:
    return int(str(value)) if value not in (None, "") else 0


def lineage_summary(source: QuerySource, start: Row, up: Sequence[Row], down: Sequence[Row],
                    known: dict[object, Row]) -> Report:
    """One row per document of the lineage, from the start down: level, district, what it
    implements, its tasks, those with a responsible agency, and the agencies."""
    iri = start["doc"]
    implements: dict[object, list[object]] = defaultdict(list)
    children: dict[object, list[object]] = defaultdict(list)
    for r in down:
        implements[r["doc"]].append(r["upstream"])
        children[r["upstream"]].append(r["doc"])
    depth, frontier = {iri: 0}, deque([iri])  # depth: the shortest implements chain to the start
    while frontier:
        doc = frontier.popleft()
        for child in children[doc]:
            if child not in depth:
                depth[child] = depth[doc] + 1
                frontier.append(child)
    counts: dict[object, Row] = {}
    whole: Row = {}
    for row in run_named(source, "lineage-counts", start=iri):
        if row["scope"] == "lineage":
            whole = row
        else:
            counts[row["doc"]] = row
    level_order = {"national": 0, "provincial": 1, "municipal": 2, "district": 3}

    def number(doc: object) -> str:
        info = known.get(doc, {})
        return str(info.get("doc_number") or info.get("title") or doc)

    rows = []
    for doc in sorted(depth, key=lambda d: (depth[d], level_order.get(
            str(known.get(d, {}).get("level")), 3), number(d))):
        info = known.get(doc, {})
        rows.append({"depth": depth[doc], "doc": doc, "doc_number": info.get("doc_number"),
                     "doc_title": info.get("title"), "level": info.get("level"),
                     "district": info.get("district"),
                     "implements": "、".join(sorted(number(u) for u in implements[doc])),
                     "tasks": _count(info.get("task_count")),
                     "assigned": _count(counts.get(doc, {}).get("assigned")),
                     "agencies": _count(counts.get(doc, {}).get("agencies"))})
    upstream = sorted({doc_label(r, "upstream") for r in up})
    title = (f"Lineage of {doc_label(start, 'doc') or start.get('title')}: "
             + (f"implements {'、'.join(upstream)}; " if upstream else "")
             + f"{len(rows) - 1} implementing documents, {sum(r['tasks'] for r in rows)} tasks, "
             f"{_count(whole.get('agencies'))} agencies; counted per document (--tasks lists every task)")
    show = [Show("depth", "depth"), Show("level", "level"), Show("district", "district"),
            Show("document", "doc_number", doc_label, width=24),
            Show("implements", "implements", width=24), Show("tasks", "tasks"),
            Show("with agency", "assigned"), Show("agencies", "agencies"),
            Show("title", "doc_title", wrap=True)]
    columns = ["depth", "doc", "doc_number", "doc_title", "level", "district", "implements",
               "tasks", "assigned", "agencies"]
    return Report(rows, columns=columns, show=show, title=title)


def _label(number: object, title: object, level: object) -> str:
    parts = [str(p) for p in (number, title) if p]
    return " ".join(parts) + (f" [{level}]" if level else "")


def lineage_tree(start: Row, up: Sequence[Row], down: Sequence[Row], tasks: Sequence[Row]):
    """A rich Tree: the start, what it implements (upward), what implements it, and tasks."""
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    labels = {start["doc"]: _label(start.get("doc_number"), start.get("title"), start.get("level"))}
    parents: dict[object, list[object]] = defaultdict(list)
    children: dict[object, list[object]] = defaultdict(list)
    for r in up:
        labels.setdefault(r["upstream"], _label(r["upstream_number"], r["upstream_title"],
                                                r["upstream_level"]))
        parents[r["doc"]].append(r["upstream"])
    for r in down:
        labels.setdefault(r["doc"], _label(r["doc_number"], r["doc_title"], r["doc_level"]))
        children[r["upstream"]].append(r["doc"])
    by_doc: dict[object, list[Row]] = defaultdict(list)
    for r in tasks:
        by_doc[r["doc"]].append(r)

    def add_up(node: Tree, doc: object, seen: frozenset) -> None:
        for parent in parents.get(doc, []):
            if parent not in seen:
                add_up(node.add(Text("↑ " + labels[parent])), parent, seen | {parent})

    def add_tasks(node: Tree, doc: object) -> None:
        sections: dict[str, Tree] = {}
        for task in by_doc.get(doc, []):
            name = section(task)
            parent = node
            if name:
                parent = sections.get(name) or sections.setdefault(name, node.add(Text(name)))
            row = Table.grid(padding=(0, 1))
            row.add_column(no_wrap=True)
            row.add_column(overflow="fold")
            row.add_row(Text(str(task.get("path") or "·")), Text(str(task["text"])))
            parent.add(row)

    def add_down(node: Tree, doc: object, seen: frozenset) -> None:
        add_tasks(node, doc)
        for child in children.get(doc, []):
            if child not in seen:
                add_down(node.add(Text("↓ " + labels[child])), child, seen | {child})

    root = Tree(Text(labels[start["doc"]]), guide_style="dim")
    if parents.get(start["doc"]):
        add_up(root.add(Text("implements ↑")), start["doc"], frozenset({start["doc"]}))
    add_down(root, start["doc"], frozenset({start["doc"]}))
    return root
