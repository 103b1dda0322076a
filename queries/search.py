"""``policykg search``: tasks found by a text in their own words, their section's or document's
title, or their agencies' names, ranked, with their owners and documents.

Matching is exact substring matching, so a two-character word (垃圾, 碳汇) finds every task that
contains it, also inside a longer word (垃圾分类); word segmentation would split those
differently in different texts. Ranking: where the text was found (the task's own text counts
most), then the document's 文号 order and the task's position. Two steps keep it fast on large
graphs: a scan of the searched texts, then the tasks under the matched sections, documents and
agencies, starting from those nodes; details are read only for the tasks shown.
"""

from __future__ import annotations

from collections import defaultdict

from policykg.queries import QueryError, run_named
from policykg.queries.choices import ROLES, check_districts, check_role
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import doc_label, plural
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path

WEIGHTS = {"task": 4, "agency": 2, "section": 2, "document": 1}
TEXT = "https://w3id.org/policykg/ontology#text"
NAMES = ("https://w3id.org/policykg/ontology#agencyName",
         "https://w3id.org/policykg/ontology#shortName")
BATCH = 200  # nodes or tasks bound in one query


def matched_tasks(source: QuerySource, text: str, district: str | None) -> dict[str, set[str]]:
    """Each task the text leads to, with the nodes it was found in (the task itself, or the
    section, document or agency standing for it) as ``task`` / ``agency`` / a title's IRI."""
    found: dict[str, set[str]] = defaultdict(set)
    titled: dict[str, str] = {}
    for hit in run_named(source, "search", text_contains=text, district=district):
        via, prop = str(hit["via"]), str(hit["property"])
        if prop == TEXT:
            found[via].add("task")
        else:
            titled[via] = "agency" if prop in NAMES else via
    vias = list(titled)
    for start in range(0, len(vias), BATCH):
        for row in run_named(source, "tasks-under", via=vias[start:start + BATCH]):
            found[str(row["task"])].add(titled[str(row["via"])])
    return found


def ranked(found: dict[str, set[str]]) -> list[tuple[int, str]]:
    """(score bound, task) best first; a title counts as a section until details tell.

    >>> ranked({"a": {"agency"}, "b": {"task", "doc/x"}, "c": {"task"}})
    [(6, 'b'), (4, 'c'), (2, 'a')]
    """
    def bound(places: set[str]) -> int:
        return sum(WEIGHTS.get(p, WEIGHTS["section"]) for p in places)

    return sorted(((bound(p), t) for t, p in found.items()), key=lambda s: (-s[0], s[1]))


def search_report(source: QuerySource, text: str, district: str | None = None,
                  role: str | None = None, limit: int = 20) -> Report:
    """The ``limit`` best tasks matching ``text`` (in ``district``, with an agency in ``role``)."""
    if not text.strip():
        raise QueryError("the search text is empty")
    check_districts(source, [district])
    check_role(role)
    found = matched_tasks(source, text, district)
    order = ranked(found)
    rows: list[Row] = []
    kept = 0
    for start in range(0, len(order), BATCH):
        tasks = [t for _, t in order[start:start + BATCH]]
        details = _details(source, tasks)
        for task in tasks:
            links = details.get(task)
            if not links or (role and not any(link.get("role") == role for link in links)):
                continue
            kept += 1
            if len(rows) < limit:
                rows.append(_row(found[task], links))
        if len(rows) >= limit and not role:
            kept = len(order)  # without a role filter every matched task counts
            break
    rows.sort(key=lambda r: (-int(r["score"]), r.pop("_order")))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
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


def _row(places: set[str], links: list[Row]) -> Row:
    first = links[0]
    # a matched title is the task's document or one of its sections
    kinds = {p if p in WEIGHTS else ("document" if p == first.get("doc") else "section")
             for p in places}
    owners = sorted({(str(link.get("role")), str(link.get("short_name") or link.get("agency_name")))
                     for link in links if link.get("agency")},
                    key=lambda o: (ROLES.index(o[0]), o[1]))
    return {"score": sum(WEIGHTS[k] for k in kinds), "matched": "、".join(sorted(kinds)),
            "district": first.get("district"), "doc": first.get("doc"),
            "doc_number": first.get("doc_number"), "doc_title": first.get("doc_title"),
            "task": first.get("task"), "path": task_path(first), "text": first.get("text"),
            "agencies": "、".join(f"{name}（{role}）" for role, name in owners),
            "_order": (int(first.get("doc_order") or 0), int(first.get("task_order") or 0))}
