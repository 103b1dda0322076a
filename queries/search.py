"""``policykg search``: tasks found by a text in their own words, their section's or document's
title, or their agencies' names, ranked, with their owners and documents.

Matching is exact substring matching, so a two-character word (垃圾, 碳汇) finds every task that
contains it, also inside a longer word (垃圾分类); word segmentation would split those
differently in different texts. Ranking: where the text was found (the task's own text counts
most), then the document's 文号 order and the task's position.

On the embedded store the build's search index (graph/search_index.py) finds and ranks the tasks;
only the shown ones are read from the graph. Over an endpoint (no index) two SPARQL steps do the
same, slower: a scan of the searched texts, then the tasks under the matched sections, documents
and agencies; details are read for every candidate that can still be shown.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from policykg.graph.search_index import SearchIndex
from policykg.queries import QueryError, run_named
from policykg.queries.choices import ROLES, check_districts, check_role
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, plural
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path

WEIGHTS = {"task": 4, "agency": 2, "section": 2, "document": 1}
BATCH = 200  # nodes or tasks bound in one query
Found = dict[str, frozenset[str]]  # task IRI → the kinds of text it was found through


def score(kinds: frozenset[str] | set[str]) -> int:
    """The rank score of a task found through ``kinds`` of text.

    >>> score({"task", "document"}), score({"agency"})
    (5, 2)
    """
    return sum(WEIGHTS[k] for k in kinds)


def indexed_matches(index: SearchIndex, text: str, district: str | None,
                    role: str | None) -> tuple[list[tuple[int, int]], dict[int, frozenset[str]]]:
    """(score, task number) of every matching task, and the kinds each was found through."""
    kinds: dict[int, set[str]] = defaultdict(set)
    others: dict[int, str] = {}
    for entry, kind in index.entries(text):
        if kind == "task":
            kinds[entry].add(kind)  # a task's own text is entry n of task n
        else:
            others[entry] = kind
    for entry, tasks in index.tasks_of(sorted(others)).items():
        for task in tasks:
            kinds[task].add(others[entry])
    keep = set(kinds)
    if district:
        keep &= index.subset(f"district:{district}")
    if role:
        keep &= index.subset(f"role:{role}")
    frozen = {t: frozenset(kinds[t]) for t in keep}
    return [(score(k), t) for t, k in frozen.items()], frozen


def sparql_matches(source: QuerySource, text: str) -> Found:
    """Each task the text leads to through SPARQL, with the kinds of text it was found through."""
    found: dict[str, set[str]] = defaultdict(set)
    titled: dict[str, str] = {}
    for hit in run_named(source, "search", text_contains=text):
        if hit["kind"] == "task":
            found[str(hit["via"])].add("task")
        else:
            titled[str(hit["via"])] = str(hit["kind"])
    vias = list(titled)
    for start in range(0, len(vias), BATCH):
        for row in run_named(source, "tasks-under", via=vias[start:start + BATCH]):
            found[str(row["task"])].add(titled[str(row["via"])])
    return {task: frozenset(kinds) for task, kinds in found.items()}


def search_report(source: QuerySource, text: str, district: str | None = None,
                  role: str | None = None, limit: int = 20) -> Report:
    """The ``limit`` best tasks matching ``text`` (in ``district``, with an agency in ``role``)."""
    if not text.strip():
        raise QueryError("the search text is empty")
    check_districts(source, [district])
    check_role(role)
    index = SearchIndex.of(getattr(source, "location", None))
    if index is not None:
        scored, kinds = indexed_matches(index, text, district, role)
        best = heapq.nsmallest(limit, scored, key=lambda s: (-s[0], s[1]))
        iris = index.iris([t for _, t in best])
        details = _details(source, list(iris.values()))
        rows = [_row(kinds[t], details[iris[t]]) for _, t in best if details.get(iris[t])]
        kept = len(scored)
    else:
        rows, kept = _sparql_rows(source, text, district, role, limit)
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
        row.pop("_order", None)
    where = f" in {district}" if district else ""
    title = (f"{plural(kept, 'task')}{where} match {text!r}"
             + (f" with an agency as {role}" if role else "")
             + (f"; the best {len(rows)} shown" if kept > len(rows) else ""))
    show = [Show("#", "rank"), Show("district", "district"),
            Show("document", "doc_number", doc_label, width=24), Show("task", "path"),
            Show("found in", "matched"), Show("agencies", "agencies", wrap=True),
            Show("text", "text", wrap=True)]
    columns = ["rank", "score", "matched", "district", "doc", "doc_number", "doc_title", "task",
               "path", "text", "agencies"]
    return Report(rows, columns=columns, show=show, title=title)


def _sparql_rows(source: QuerySource, text: str, district: str | None, role: str | None,
                 limit: int) -> tuple[list[Row], int]:
    """The best rows and the number of matching tasks, without an index.

    Tasks of equal score are ordered by document and position, which only their details tell:
    details are read for every task down to the score of the last one shown (for every task
    when a district or role filter must be checked on them).
    """
    # every district's nodes: a task of this district may have an agency of another
    found = sparql_matches(source, text)
    order = sorted(found, key=lambda t: (-score(found[t]), t))
    if not (district or role) and len(order) > limit:
        cutoff = score(found[order[limit - 1]])
        order = [t for t in order if score(found[t]) >= cutoff]
    rows: list[Row] = []
    for start in range(0, len(order), BATCH):
        details = _details(source, order[start:start + BATCH])
        for task, links in details.items():
            if district and links[0].get("district") != district:
                continue  # reached through an agency of this district, in another's document
            if role and not any(link.get("role") == role for link in links):
                continue
            rows.append(_row(found[task], links))
    kept = len(rows) if (district or role) else len(found)
    rows.sort(key=lambda r: (-int(r["score"]), r["_order"]))
    return rows[:limit], kept


def _details(source: QuerySource, tasks: list[str]) -> dict[str, list[Row]]:
    by_task: dict[str, list[Row]] = defaultdict(list)
    for row in run_named(source, "task-details", task=tasks):
        by_task[str(row["task"])].append(row)
    return by_task


def _row(kinds: frozenset[str], links: list[Row]) -> Row:
    first = links[0]
    owners = sorted({(str(link.get("role")), str(link.get("short_name") or link.get("agency_name")))
                     for link in links if link.get("agency")},
                    key=lambda o: (ROLES.index(o[0]), o[1]))
    return {"score": score(kinds), "matched": "、".join(sorted(kinds)),
            "district": first.get("district"), "doc": first.get("doc"),
            "doc_number": first.get("doc_number"), "doc_title": first.get("doc_title"),
            "task": first.get("task"), "path": task_path(first), "text": first.get("text"),
            "agencies": "、".join(f"{name}（{role}）" for role, name in owners),
            "_order": (int(first.get("doc_order") or 0), int(first.get("task_order") or 0),
                       str(first.get("task")))}
