"""Rows for the views, read from the graph through the named queries (store or endpoint)."""

from __future__ import annotations

from collections.abc import Sequence

from policykg.queries import run_named
from policykg.queries.source import QuerySource
from policykg.queries.views import Row
from policykg.viz.agencies import agencies_view, focus_view
from policykg.viz.lineage import lineage_view
from policykg.viz.page import View


def with_short_names(links: Sequence[Row], agencies: Sequence[Row]) -> list[Row]:
    """Links labelled with each agency's usual short form (区生态环境局), full name kept.

    >>> with_short_names([{"agency": "a", "agency_name": "重庆市永川区生态环境局"}],
    ...                  [{"agency": "a", "short_name": "区生态环境局"}])[0]["agency_name"]
    '区生态环境局'
    """
    short = {a["agency"]: a.get("short_name") for a in agencies}
    return [{**r, "agency_full": r.get("agency_name"),
             "agency_name": short.get(r["agency"]) or r.get("agency_name")} for r in links]


def resolve_agency(agencies: Sequence[Row], name: str, district: str | None) -> str:
    """IRI of the one agency name designates (short form, full form or alias), else LookupError."""
    from policykg.queries.agency_match import closest_names, match_agencies

    matches = match_agencies(agencies, name, district)
    if len(matches) == 1:
        return str(matches[0]["agency"])
    if matches:
        where = "、".join(f"{m.get('agency_name')}（{m.get('district')}）" for m in matches)
        raise LookupError(f"{name!r} matches {len(matches)} agencies ({where}); add --district")
    close = closest_names(agencies, name)
    hint = f"; closest: {'、'.join(close)}" if close else ""
    raise LookupError(f"no agency named {name!r}{' in ' + district if district else ''}{hint}")


def agencies_page(source: QuerySource, district: str | None = None,
                  agency: str | None = None) -> View:
    """The agency network (or, with agency, that agency and its tasks) from the graph."""
    from policykg.queries.choices import check_districts

    check_districts(source, [district])
    agencies = run_named(source, "agencies", district=district)
    if agency:
        focus = resolve_agency(agencies, agency, district)
        links = run_named(source, "task-links", district=district)
        return focus_view(with_short_names(links, agencies), focus)
    links = run_named(source, "task-links", district=district)
    if not links:
        raise LookupError(f"no task–agency links{' in ' + district if district else ''}")
    return agencies_view(with_short_names(links, agencies), district=district)


def lineage_page(source: QuerySource, doc: str | None = None, clauses: bool = False) -> View:
    """The lineage view of the graph, or of one document's lineage (文号, title or IRI). Each
    section's panel names the upstream clause it implements (accepted links); with ``clauses``
    those links are drawn too, as edges to the upstream clauses' boxes."""
    from policykg.queries.lineage import find_document

    documents = run_named(source, "documents")
    start = str(find_document(documents, doc)["doc"]) if doc else None
    relations = run_named(source, "document-relations")
    outline = run_named(source, "outline")
    tasks = [str(o["item"]) for o in outline if o["kind"] == "task"]
    # sections' links only: the tasks' are ~10 times as many (1M triples: 3.4 s against 18.6)
    links = run_named(source, "clause-links", status="accepted", kind="section")
    return lineage_view(documents, relations, outline, start=start, clause_links=links,
                        owners=task_owners(source, tasks), draw_clauses=clauses)


ROLE_NAMES = {"lead": "牵头", "co": "配合", "joint": "共同负责", "co_handler": "协办"}


def task_owners(source: QuerySource, tasks: Sequence[str], batch: int = 200) -> dict[str, str]:
    """Each task's agencies with their roles: 区生态环境局（牵头 lead）、区财政局（配合 co）."""
    owners: dict[str, list[tuple[int, str]]] = {}
    roles = list(ROLE_NAMES)
    for start in range(0, len(tasks), batch):
        for row in run_named(source, "task-details", task=list(tasks[start:start + batch])):
            if row.get("agency"):
                name = row.get("short_name") or row.get("agency_name")
                role = str(row["role"])
                owners.setdefault(str(row["task"]), []).append(
                    (roles.index(role), f"{name}（{ROLE_NAMES[role]} {role}）"))
    return {task: "、".join(text for _, text in sorted(set(found)))
            for task, found in owners.items()}
