"""``policykg search``: tasks found by a text in their own words, their section's or document's
title, or their agencies' names, ranked, with their owners and documents.

Matching is exact substring matching, so a two-character word (垃圾, 碳汇) finds every task that
contains it, also inside a longer word (垃圾分类); word segmentation would split those
differently in different texts. Ranking: where the text was found (the task's own text counts
most), then the document's 文号 order and the task's position.
"""

from __future__ import annotations

from collections import defaultdict

from policykg.queries import QueryError, run_named
from policykg.queries.choices import check_districts, check_role
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, plural
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path

WEIGHTS = {"task": 4, "agency": 2, "section": 2, "document": 1}
BATCH = 50  # tasks whose details are read at once


def ranked_tasks(hits: list[Row]) -> list[tuple[str, int, list[str]]]:
    """(task, score, places matched) best first: the sum of the places' weights, then order.

    >>> ranked_tasks([{"task": "a", "matched": "document", "doc_order": 1, "task_order": 1},
    ...               {"task": "b", "matched": "task", "doc_order": 2, "task_order": 5},
    ...               {"task": "a", "matched": "agency", "doc_order": 1, "task_order": 1}])
    [('b', 4, ['task']), ('a', 3, ['agency', 'document'])]
    """
    places: dict[str, set[str]] = defaultdict(set)
    order: dict[str, tuple[int, int]] = {}
    for hit in hits:
        task = str(hit["task"])
        places[task].add(str(hit["matched"]))
        order[task] = (int(hit.get("doc_order") or 0), int(hit.get("task_order") or 0))
    scored = [(task, sum(WEIGHTS[p] for p in found), sorted(found))
              for task, found in places.items()]
    return sorted(scored, key=lambda s: (-s[1], order[s[0]], s[0]))


def search_report(source: QuerySource, text: str, district: str | None = None,
                  role: str | None = None, limit: int = 20) -> Report:
    """The ``limit`` best tasks matching ``text`` (in ``district``, with an agency in ``role``)."""
    if not text.strip():
        raise QueryError("the search text is empty")
    check_districts(source, [district])
    check_role(role)
    ranked = ranked_tasks(run_named(source, "search", text_contains=text, district=district))
    rows: list[Row] = []
    kept = 0
    for start in range(0, len(ranked), BATCH):
        batch = ranked[start:start + BATCH]
        details = _details(source, [task for task, _, _ in batch])
        for task, score, places in batch:
            links = details[task]
            if role and not any(link.get("role") == role for link in links):
                continue
            kept += 1
            if len(rows) < limit:
                rows.append(_row(len(rows) + 1, score, places, links))
        if len(rows) >= limit and not role:
            kept = len(ranked)  # without a role filter every match counts
            break
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


def _details(source: QuerySource, tasks: list[str]) -> dict[str, list[Row]]:
    by_task: dict[str, list[Row]] = defaultdict(list)
    for row in run_named(source, "task-details", task=tasks):
        by_task[str(row["task"])].append(row)
    return by_task


def _row(rank: int, score: int, places: list[str], links: list[Row]) -> Row:
    first = links[0]
    owners = sorted({(str(link.get("role")), str(link.get("short_name") or link.get("agency_name")))
                     for link in links if link.get("agency")},
                    key=lambda o: (["lead", "co", "joint", "co_handler"].index(o[0]), o[1]))
    return {"rank": rank, "score": score, "matched": "、".join(places),
            "district": first.get("district"), "doc": first.get("doc"),
            "doc_number": first.get("doc_number"), "doc_title": first.get("doc_title"),
            "task": first.get("task"), "path": task_path(first), "text": first.get("text"),
            "agencies": "、".join(f"{name}（{role}）" for role, name in owners)}
