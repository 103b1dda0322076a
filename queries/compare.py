"""District comparison: the targets each district sets for the same indicator, and the agencies each
puts in charge of the same kind of task, side by side, saying where a district sets none.

Rows come from the named queries ``targets``, ``tasks-mentioning`` and ``districts``; indicator
names are matched by the rules of ``queries.compare_match`` (names differ between documents).
"""

from __future__ import annotations

from collections.abc import Sequence

from policykg.queries import QueryError, run_named
from policykg.queries.choices import check_districts
from policykg.queries.compare_match import match_kind, related_note
from policykg.queries.output import Report, Row, Show, text
from policykg.queries.reports import doc_label, plural
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path

TARGET_COLUMNS = (
    "query", "district", "status", "match", "indicator", "value", "unit", "year", "comparator",
    "direction", "base_year", "aspirational", "kind", "category", "doc_number", "doc_title",
    "task_number", "path", "target", "doc", "line", "note",
)
AGENCY_COLUMNS = (
    "query", "district", "status", "agency", "agency_name", "short_name", "role", "tasks",
    "task_refs",
)
NONE_SET = "（未设定）none set"
NO_AGENCY = "（未指定）no {role}agency named"
NO_TASK = "（无此类任务）no such task"


def compared_districts(source: QuerySource, wanted: Sequence[str], need: str) -> list[str]:
    """The districts to compare: ``wanted`` (checked), else every district with some ``need``.

    ``need`` is a column of the ``districts`` query (``targets`` or ``tasks``).
    """
    if wanted:
        return check_districts(source, wanted)
    rows = run_named(source, "districts")
    return [str(r["district"]) for r in rows if int(r[need] or 0) > 0]


def matched_targets(targets: Sequence[Row], query: str) -> list[Row]:
    """The rows of the ``targets`` query whose indicator matches ``query``, with the match kind."""
    rows = []
    for row in targets:
        kind = match_kind(query, str(row["indicator"]))
        if kind:
            note = related_note(query, str(row["indicator"])) if kind == "related" else None
            path = task_path(row) if row.get("kind") == "task" else None
            rows.append({**row, "path": path, "query": query, "match": kind, "status": "set",
                         "note": note})
    return rows


def compare_targets_report(source: QuerySource, indicators: Sequence[str],
                           districts: Sequence[str] = ()) -> Report:
    """Per indicator, each district's targets side by side; a district setting none says so."""
    chosen = compared_districts(source, districts, "targets")
    rows: list[Row] = []
    group_notes = {}
    targets = run_named(source, "targets")
    for query in dict.fromkeys(indicators):
        matched = matched_targets(targets, query)
        summary = []
        for district in chosen:
            found = sorted((r for r in matched if r["district"] == district), key=_target_order)
            rows += found or [{"query": query, "district": district, "status": "none"}]
            summary.append(f"{district} " + ("、".join(_value(r) for r in found) or "none"))
        group_notes[query] = "; ".join(summary)
    show = [Show("district", "district"), Show("indicator", "indicator", _indicator, wrap=True),
            Show("value", "value", _change), Show("unit", "unit"), Show("year", "year"),
            Show("cmp", "comparator"), Show("stated in", "kind", _stated_in),
            Show("document", "doc_number", _document, width=24), Show("match", "match", _match)]
    return Report(rows, columns=TARGET_COLUMNS, show=show, group=_query,
                  group_notes=group_notes, title=_title("Targets", indicators, chosen))


def compare_agencies_report(source: QuerySource, texts: Sequence[str],
                            districts: Sequence[str] = (), role: str | None = "lead") -> Report:
    """Per task text, the agencies each district puts in charge (in ``role``), side by side."""
    chosen = compared_districts(source, districts, "tasks")
    rows: list[Row] = []
    group_notes = {}
    for query in dict.fromkeys(texts):
        summary = []
        for district in chosen:
            links = run_named(source, "tasks-mentioning", text_contains=query,
                              district=district, role=role)
            found = _agency_rows(query, district, role, links)
            rows += found
            named = [f"{r['short_name'] or r['agency_name']} {r['tasks']}" for r in found
                     if r["agency"]]
            tasks = len({link["task"] for link in links})
            none = f"no {role + ' ' if role else ''}agency named" if tasks else "no such task"
            summary.append(f"{district} " + ("、".join(named) or none))
        group_notes[query] = "; ".join(summary)
    show = [Show("district", "district"), Show("agency", "agency_name", _agency, wrap=True),
            Show("role", "role"), Show("tasks", "tasks"),
            Show("tasks (paths)", "task_refs", wrap=True)]
    title = _title(f"Agencies in charge ({role or 'any role'}) of tasks mentioning", texts, chosen)
    return Report(rows, columns=AGENCY_COLUMNS, show=show, group=_query,
                  group_notes=group_notes, title=title)


def compare_report(source: QuerySource, indicators: Sequence[str] = (),
                   texts: Sequence[str] = (), districts: Sequence[str] = (),
                   role: str | None = "lead") -> Report:
    """The ``policykg compare`` report: by indicator, or by task text (exactly one of the two)."""
    if bool(indicators) == bool(texts):
        raise QueryError("give --indicator TEXT or --task-text TEXT (either may repeat), not both")
    if indicators:
        return compare_targets_report(source, indicators, districts)
    return compare_agencies_report(source, texts, districts, role)


def _agency_rows(query: str, district: str, role: str | None, links: list[Row]) -> list[Row]:
    """One row per agency (its task count and task numbers), plus one for the tasks naming none."""
    by_agency: dict[str, list[Row]] = {}
    orphans: dict[str, Row] = {}
    for link in links:
        if link["agency"]:
            by_agency.setdefault(str(link["agency"]), []).append(link)
        else:
            orphans[str(link["task"])] = link
    rows = []
    for agency, found in sorted(by_agency.items(), key=lambda kv: (-len(_tasks(kv[1])), kv[0])):
        first = found[0]
        rows.append({"query": query, "district": district, "status": "named", "agency": agency,
                     "agency_name": first["agency_name"], "short_name": first["short_name"],
                     "role": role or "、".join(sorted({str(r["role"]) for r in found})),
                     "tasks": len(_tasks(found)), "task_refs": _task_refs(found)})
    if orphans or not links:
        rows.append({"query": query, "district": district,
                     "status": "no agency" if orphans else "no task", "agency": None,
                     "agency_name": None, "short_name": None, "role": role if orphans else None,
                     "tasks": len(orphans), "task_refs": _task_refs(list(orphans.values()))})
    return rows


def _tasks(links: list[Row]) -> set[str]:
    return {str(r["task"]) for r in links}


def _task_refs(links: list[Row]) -> str:
    """永川府办发〔2022〕14号 二（八）36、三（十一）48; 永川府发〔2023〕5号 三（五）3: each task by its
    path as written (its number alone repeats in every section), in document order."""
    by_doc: dict[str, list[str]] = {}
    for link in sorted({str(r["task"]): r for r in links}.values(),
                       key=lambda r: (doc_label(r), int(r["task_order"] or 0))):
        by_doc.setdefault(doc_label(link), []).append(task_path(link))
    return "; ".join(f"{doc} {'、'.join(paths)}" for doc, paths in by_doc.items())


def _target_order(row: Row) -> tuple:
    return (row.get("year") or 0, doc_label(row), row.get("kind") != "task",
            int(row.get("task_order") or 0), text(row.get("indicator")))


def _value(row: Row) -> str:
    """≥62% (2025, table); 下降14.5% vs 2020 (2025, task) — a target as an analyst reads it."""
    cmp = row.get("comparator") if row.get("comparator") not in (None, "=") else ""
    year = f"{row['year']}, " if row.get("year") else ""
    return f"{cmp}{_change(row, str(row.get('unit') or ''))} ({year}{row['kind']})"


def _change(row: Row, unit: str = "") -> str:
    """The value, marked as a change where it is one: 下降14.5 vs 2020, 提高5; 力争 for an aim."""
    if row.get("status") == "none":
        return ""
    verb = {"decrease": "下降", "increase": "提高"}.get(str(row.get("direction")), "")
    base = f" vs {row['base_year']}" if row.get("base_year") else ""
    aim = "力争" if row.get("aspirational") else ""
    return f"{aim}{verb}{text(row.get('value'))}{unit}{base}"


def _query(row: Row) -> str:
    return str(row["query"])


def _indicator(row: Row) -> str:
    return str(row["indicator"]) if row["status"] == "set" else NONE_SET


def _agency(row: Row) -> str:
    if row["status"] == "named":
        short, full = row.get("short_name"), row["agency_name"]
        return f"{short}（{full}）" if short and short != full else str(full)
    if row["status"] == "no agency":
        return NO_AGENCY.format(role=f"{row['role']} " if row.get("role") else "")
    return NO_TASK


def _stated_in(row: Row) -> str:
    if row["status"] != "set":
        return ""
    if row["kind"] == "task":
        return f"task {row['path']}"
    return f"table: {row['category']}" if row.get("category") else "table"


def _document(row: Row) -> str:
    return doc_label(row) if row["status"] == "set" else ""


def _match(row: Row) -> str:
    return f"{row['match']} ({row['note']})" if row.get("note") else text(row.get("match"))


def _title(what: str, queries: Sequence[str], districts: Sequence[str]) -> str:
    return (f"{what} {'、'.join(dict.fromkeys(queries))} across "
            f"{plural(len(districts), 'district')}: {'、'.join(districts)}")
