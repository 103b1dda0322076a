"""``policykg search``: tasks found by a text in their own words, their section's or document's
title, or their agencies' names, ranked, with their owners and documents.

Matching is exact substring matching, so a two-character word (垃圾, 碳汇) finds every task that
contains it, also inside a longer word (垃圾分类); word segmentation would split those
differently in different texts. Ranking: where the text was found (the task's own text counts
most), then the document's 文号 order and the task's position.

On the embedded store the build's search index (graph/search_index.py) finds and ranks the tasks;
only the shown ones are read from the graph. Over an endpoint (no index) two SPARQL steps do the
same, slower: a scan of the searched texts, then the tasks under the matched sections, documents
and agencies, both giving each task's district and position; details are read for the shown
tasks (for every match when a role filter must be checked on them). Both give the same rows.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from policykg.graph.search_index import SearchIndex
from policykg.queries import QueryError, run_named
from policykg.queries.choices import ROLES, check_districts, check_role
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, none_found, plural
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


def indexed_best(index: SearchIndex, text: str, district: str | None, role: str | None,
                 limit: int) -> tuple[list[tuple[int, frozenset[str]]], int]:
    """The ``limit`` best (task number, kinds found through) and how many tasks match.

    Filters apply first; the matches are split by the kinds of text they were found through
    (at most 15 groups) with set operations, so ranking tens of thousands of matches costs no
    Python loop over them.
    """
    own, others = index.find(text)
    allowed: set[int] | None = None
    for name, wanted in (("district", district), ("role", role)):
        if wanted:
            subset = index.subset(f"{name}:{wanted}")
            allowed = subset if allowed is None else allowed & subset
    by_kind: dict[str, set[int]] = defaultdict(set, task=own)
    for entry, tasks in index.tasks_of(others):
        by_kind[others[entry]].update(tasks)
    if allowed is not None:
        by_kind = defaultdict(set, {k: tasks & allowed for k, tasks in by_kind.items()})
    groups = {frozenset(): set().union(*by_kind.values())}
    kept = len(groups[frozenset()])
    for kind, members in by_kind.items():
        split: dict[frozenset[str], set[int]] = {}
        for kinds, tasks in groups.items():
            inside, outside = tasks & members, tasks - members
            if inside:
                split[kinds | {kind}] = inside
            if outside:
                split[kinds] = outside
        groups = split
    best: list[tuple[int, frozenset[str]]] = []
    for kinds in sorted(groups, key=lambda k: -score(k)):
        if len(best) >= limit and score(kinds) < score(best[-1][1]):
            break
        best += [(t, kinds) for t in heapq.nsmallest(limit, groups[kinds])]
    best.sort(key=lambda b: (-score(b[1]), b[0]))
    return best[:limit], kept


def sparql_matches(source: QuerySource, text: str) -> tuple[Found, dict[str, tuple]]:
    """Each task the text leads to through SPARQL, with the kinds of text it was found through,
    and each one's (district, document order, position)."""
    found: dict[str, set[str]] = defaultdict(set)
    where: dict[str, tuple] = {}
    titled: dict[str, str] = {}
    for hit in run_named(source, "search", text_contains=text):
        if hit["kind"] == "task":
            task = str(hit["via"])
            found[task].add("task")
            where[task] = (hit["node_district"], hit["doc_order"], hit["task_order"])
        else:
            titled[str(hit["via"])] = str(hit["kind"])
    vias = list(titled)
    for start in range(0, len(vias), BATCH):
        for row in run_named(source, "tasks-under", via=vias[start:start + BATCH]):
            task = str(row["task"])
            found[task].add(titled[str(row["via"])])
            where[task] = (row["task_district"], row["doc_order"], row["task_order"])
    return {task: frozenset(kinds) for task, kinds in found.items()}, where


def search_report(source: QuerySource, text: str, district: str | None = None,
                  role: str | None = None, limit: int = 20) -> Report:
    """The ``limit`` best tasks matching ``text`` (in ``district``, with an agency in ``role``)."""
    if not text.strip():
        raise QueryError("the search text is empty")
    check_districts(source, [district])
    check_role(role)
    index = SearchIndex.of(getattr(source, "location", None))
    if index is not None:
        best, kept = indexed_best(index, text, district, role, limit)
        iris = index.iris(t for t, _ in best)
        details = _details(source, list(iris.values()))
        rows = [_row(kinds, details[iris[t]]) for t, kinds in best if details.get(iris[t])]
    else:
        rows, kept = _sparql_rows(source, text, district, role, limit)
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    where = f" in {district}" if district else ""
    title = (f"{plural(kept, 'task')}{where} match {text!r}"
             + (f" with an agency as {role}" if role else "")
             + (f"; the best {len(rows)} shown" if kept > len(rows) else ""))
    show = [Show("#", "rank"), Show("district", "district"),
            Show("document", "doc_number", doc_label, width=24), Show("task", "path"),
            Show("found in", "matched"), Show("agencies", "agencies", _owners, wrap=True),
            Show("text", "text", wrap=True)]
    columns = ["rank", "score", "matched", "district", "doc", "doc_number", "doc_title", "task",
               "path", "text", "agencies"]
    wanted = f"tasks{where} match {text!r}" + (f" with an agency as {role}" if role else "")
    return Report(rows, columns=columns, show=show, title=title, empty=none_found(wanted))


def _sparql_rows(source: QuerySource, text: str, district: str | None, role: str | None,
                 limit: int) -> tuple[list[Row], int]:
    """The best rows and the number of matching tasks, without an index (details are read for
    the shown tasks only, or for every match when the role filter must be checked on them)."""
    # every district's nodes: a task of this district may have an agency of another
    found, where = sparql_matches(source, text)
    if district:
        found = {t: k for t, k in found.items() if where[t][0] == district}
    order = sorted(found, key=lambda t: (-score(found[t]), int(where[t][1] or 0),
                                         int(where[t][2] or 0), t))
    rows: list[Row] = []
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        details = _details(source, batch)
        for task in batch:
            links = details.get(task)
            if links and (not role or any(link.get("role") == role for link in links)):
                rows.append(_row(found[task], links))
        if len(rows) >= limit and not role:
            break
    return rows[:limit], len(rows) if role else len(found)


def _owners(row: Row) -> str:
    """The agencies with their roles, or a note that the task names none (石柱县's table is absent)."""
    return str(row["agencies"] or "（未指定）none named")


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
            "agencies": "、".join(f"{name}（{role}）" for role, name in owners)}
