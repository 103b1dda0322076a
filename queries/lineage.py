"""The lineage report: a document's chain up to national policy and down to the tasks.

Three named queries give the pieces (``lineage-up``, ``lineage-down``, ``lineage-tasks``); this
module finds the starting document from what the analyst typed and assembles the tree.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence

from policykg.queries import run_named
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, section
from policykg.queries.source import QuerySource

COLUMNS = ("direction", "doc", "doc_number", "doc_title", "doc_level", "upstream",
           "upstream_number", "upstream_title", "upstream_level", "task", "task_number",
           "section_number", "section_title", "text")


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


def lineage_report(source: QuerySource, wanted: str) -> Report:
    """Up the implements chain and down to implementing documents and their tasks."""
    start = find_document(run_named(source, "documents"), wanted)
    iri = start["doc"]
    up = run_named(source, "lineage-up", start=iri)
    down = run_named(source, "lineage-down", start=iri)
    tasks = run_named(source, "lineage-tasks", start=iri)
    rows = [{"direction": "up", **r} for r in up] + [{"direction": "down", **r} for r in down]
    rows += [{"direction": "task", **r} for r in tasks]
    for row in rows:
        row.pop("start", None)
    docs = {r["doc"] for r in down} | {iri}
    title = (f"Lineage of {doc_label(start, 'doc') or start.get('title')}: "
             f"{len({r['upstream'] for r in up})} upstream, {len(docs) - 1} implementing, "
             f"{len(tasks)} tasks")
    show = [Show("direction", "direction"), Show("document", "doc_number", doc_label, width=24),
            Show("implements", "upstream_number", lambda r: doc_label(r, "upstream")),
            Show("no.", "task_number"), Show("section", "section", section, wrap=True),
            Show("task", "text", wrap=True)]
    return Report(rows, columns=COLUMNS, show=show, title=title,
                  tree=lineage_tree(start, up, down, tasks))


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
            row.add_row(Text(str(task["task_number"] or "·")), Text(str(task["text"])))
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
