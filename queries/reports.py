"""The CLI reports: named queries run against a source, shaped into ``Report`` objects.

Each function is what one ``policykg`` command prints; the command itself only parses options.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

from policykg.queries import QueryError, named_queries, run_named, stream_named
from policykg.queries.agency_match import agencies_named, closest_names, match_agencies
from policykg.queries.choices import ROLES, check_districts, check_role
from policykg.queries.output import Report, Row, Show
from policykg.queries.source import QuerySource
from policykg.queries.task_path import task_path


def plural(n: int, word: str) -> str:
    """1 task, 2 tasks."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def none_found(what: str, offset: int = 0) -> str:
    """The sentence for an empty answer, past the page asked for when there is one.

    >>> none_found("targets whose indicator contains '森林'"), none_found("documents", 40)
    ("No targets whose indicator contains '森林'.", 'No documents after row 40.')
    """
    return f"No {what}" + (f" after row {offset}" if offset else "") + "."


def _in(district: str | None) -> str:
    return f" in {district}" if district else ""


def section(row: Row) -> str:
    """The section a task sits in, as written: （一）推进工业绿色升级."""
    return f"{row.get('section_number') or ''}{row.get('section_title') or ''}"


def doc_label(row: Row, prefix: str = "doc") -> str:
    """A document's 文号, or its title when it has none."""
    return str(row.get(f"{prefix}_number") or row.get(f"{prefix}_title") or row.get(prefix) or "")


def role_label(row: Row) -> str:
    """lead (listing order), co (explicit) …"""
    basis = str(row.get("basis") or "").replace("_", " ")
    return f"{row.get('role')} ({basis})" if basis else str(row.get("role"))


def agency_label(row: Row) -> str:
    """重庆市永川区生态环境局（永川区）."""
    return f"{row.get('agency_name')}（{row.get('district')}）"


def role_totals(links: Sequence[Row]) -> str:
    """60 tasks: lead 40, co 20, joint 0, co_handler 0; 26 in A, 34 in B."""
    tasks = {r["task"] for r in links}
    by_role = Counter(r["role"] for r in links)
    by_doc = Counter(doc_label(r) for r in {r["task"]: r for r in links}.values())
    roles = ", ".join(f"{role} {by_role[role]}" for role in ROLES)
    docs = ", ".join(f"{n} in {d}" for d, n in by_doc.items())
    return f"{plural(len(tasks), 'task')}: {roles}" + (f"; {docs}" if docs else "")


TASK_SHOW = (
    Show("document", "doc_number", doc_label, width=24),
    Show("task", "path"),
    Show("section", "section", section, wrap=True),
    Show("role", "role", role_label),
    Show("text", "text", wrap=True),
)


def matched_agencies(source: QuerySource, agency: str, district: str | None) -> list[Row]:
    """The agencies a name matches (short form, full form or alias); LookupError with the
    closest names when none does."""
    matches = match_agencies(agencies_named(source, agency, district), agency, district)
    if matches:
        return matches
    agencies = run_named(source, "agencies", district=district)  # for the closest names
    matches = match_agencies(agencies, agency, district)
    if not matches:
        where = f" in {district}" if district else ""
        close = closest_names(agencies, agency)
        hint = f"; closest: {'、'.join(close)}" if close else ""
        raise LookupError(f"no agency named {agency!r}{where}{hint}")
    return matches


def tasks_report(source: QuerySource, agency: str, district: str | None = None,
                 role: str | None = None, due_before: date | None = None,
                 limit: int | None = None, offset: int = 0) -> Report:
    """Tasks of every agency the name matches (short form, full form or alias), by agency;
    with ``due_before``, only tasks whose deadline falls before that day (with the deadline).
    ``limit`` and ``offset`` page through the rows of all matches in order."""
    check_districts(source, [district])
    check_role(role)
    matches = matched_agencies(source, agency, district)
    page = Page(limit, offset)
    rows: list[Row] = []
    notes = []
    for match in matches:
        if page.full:
            break
        # a page asks each agency only for the rows it can still contribute
        links = list(with_paths(run_named(source, "task-links", agency=match["agency"], role=role,
                                          limit=page.wanted(due_before is None))))
        if due_before is not None:
            due = {str(r["task"]): r for r in _agency_due(
                source, str(match["agency"]), due_before=due_before.isoformat())}
            links = [{**link, "due_by": due[str(link["task"])]["due_by"],
                      "deadline": due[str(link["task"])]["deadline"]}
                     for link in links if str(link["task"]) in due]
        kept = page.take(links)
        rows += kept
        if not page.paged:
            notes.append(f"{agency_label(match)}: {role_totals(links)}")
    count = f"{len(matches)} agenc{'y' if len(matches) == 1 else 'ies'}"
    title = f"Tasks of {agency}{' as ' + role if role else ''}: {count} matched"
    if page.paged:
        title += f", rows {offset + 1}–{offset + len(rows)}"
    columns, show = _with_path(_columns("task-links")), list(TASK_SHOW)
    if due_before is not None:
        title += f", due before {due_before.isoformat()}"
        columns += ["due_by", "deadline"]
        show[-1:-1] = [Show("due by", "due_by"), Show("deadline", "deadline", width=16)]
    wanted = f"tasks of {agency}{' as ' + role if role else ''}{_in(district)}" + (
        f" due before {due_before.isoformat()}" if due_before else "")
    return Report(rows, columns=columns, show=show, title=title, notes=notes,
                  group=agency_label, empty=none_found(wanted, offset))


class Page:
    """``limit`` rows after skipping ``offset``, taken from consecutive lists of rows."""

    def __init__(self, limit: int | None, offset: int = 0) -> None:
        if (limit is not None and limit < 0) or offset < 0:
            raise QueryError("--limit and --offset take whole numbers, 0 or more")
        self.paged = limit is not None or offset > 0
        self.skip, self.left = offset, limit

    @property
    def full(self) -> bool:
        """No more rows are wanted."""
        return self.left == 0

    def wanted(self, exact: bool = True) -> int | None:
        """How many of the next list's first rows can still be kept or skipped (None: all)."""
        return self.skip + self.left if exact and self.left is not None else None

    def take(self, rows: list[Row]) -> list[Row]:
        """The rows of ``rows`` that fall on the page.

        >>> page = Page(2, 1)
        >>> page.take([{"n": 1}]), page.take([{"n": 2}, {"n": 3}, {"n": 4}]), page.full
        ([], [{'n': 2}, {'n': 3}], True)
        """
        skipped = min(self.skip, len(rows))
        self.skip -= skipped
        kept = rows[skipped:] if self.left is None else rows[skipped:skipped + self.left]
        if self.left is not None:
            self.left -= len(kept)
        return kept


def due_report(source: QuerySource, as_of: date, district: str | None = None,
               agency: str | None = None, limit: int | None = None, offset: int = 0) -> Report:
    """Tasks with deadlines and their owners, each overdue, due or ongoing as of ``as_of``.

    The due query lists them in the report's order (dated ones by their last day, so overdue
    before due whatever ``as_of`` is, then ongoing, then undated): a page is read as a page of
    the query, and its title counts the rows it shows."""
    check_districts(source, [district])
    page = Page(limit, offset)
    if agency:
        rows = [row for match in matched_agencies(source, agency, district)
                for row in _agency_due(source, str(match["agency"]), district)]
    else:
        rows = run_named(source, "due", district=district, limit=limit, offset=offset)
    rows = list(with_paths(rows))
    for row in rows:
        row["status"] = due_status(row, as_of)
        row["as_of"] = as_of.isoformat()
    if agency:  # the rows of several agencies, each in the report's order
        rows.sort(key=lambda r: (DUE_ORDER.index(str(r["status"])), str(r["due_by"] or "")))
        rows = page.take(rows) if page.paged else rows
    counts = Counter(str(r["status"]) for r in rows)
    title = f"Deadlines as of {as_of.isoformat()}: " + ", ".join(
        f"{counts[s]} {s}" for s in DUE_ORDER if counts[s])
    title += "".join(f" · {k} {v}" for k, v in (("district", district), ("agency", agency)) if v)
    if page.paged:
        title += f"; rows {offset + 1}–{offset + len(rows)}"
    show = [Show("status", "status"), Show("due by", "due_by"), Show("deadline", "deadline", width=16),
            Show("district", "district"), Show("document", "doc_number", doc_label, width=24),
            Show("task", "path"), Show("owners", "owners", wrap=True),
            Show("text", "text", wrap=True)]
    columns = ["status", "as_of",
               *_with_path([c for c in _columns("due") if c not in ("due_before", "agency")])]
    wanted = f"deadlines{_in(district)}" + (f" of tasks of {agency}" if agency else "")
    return Report(rows, columns=columns, show=show, title=title if rows else "No deadlines",
                  empty=none_found(wanted, offset))


DUE_ORDER = ("overdue", "due", "ongoing", "undated")


def due_status(row: Row, as_of: date) -> str:
    """overdue (its last day is past), due, ongoing (长期坚持) or undated (the year is unknown)."""
    if row.get("kind") == "ongoing":
        return "ongoing"
    if not row.get("due_by"):
        return "undated"
    return "overdue" if str(row["due_by"]) < as_of.isoformat() else "due"


_DEADLINE_TASKS = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                   "SELECT DISTINCT ?task WHERE { ?task pol:responsibleAgency ?agency ; "
                   "pol:hasDeadline ?deadline }")


def _agency_due(source: QuerySource, agency: str, district: str | None = None,
                due_before: str | None = None) -> list[Row]:
    """The due rows of one agency: its tasks with a deadline read from the agency, then the due
    query bound to those tasks. Bound to the agency alone, Oxigraph started from every deadline
    of the store (~0.3 s an agency at ~1M triples, ~20 s at ~62M)."""
    from policykg.queries.terms import to_term

    tasks = sorted({str(r["task"]) for r in source.select(
        _DEADLINE_TASKS, {"agency": to_term(agency, "iri")})})
    return run_named(source, "due", task=tasks, agency=agency, district=district,
                     due_before=due_before) if tasks else []


_LAST_WORKLOAD = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                  "SELECT (MAX(?order) AS ?agencies) WHERE { ?agency pol:workloadOrder ?order }")


def _listed_agencies(source: QuerySource, district: str | None) -> int:
    """How many agencies the workload ranking lists: of one district, agency-counts'; of all, the
    last pol:workloadOrder (graph/derived numbers the listed agencies 1..N, each of one district;
    summing agency-counts' districts joined every agency to its district's name: 3 s at ~62M
    triples, the last position 31 ms)."""
    if district is not None:
        return sum(int(str(r["agencies"]))
                   for r in run_named(source, "agency-counts", district=district))
    rows = source.select(_LAST_WORKLOAD)
    return int(str(rows[0]["agencies"])) if rows and rows[0].get("agencies") is not None else 0


def agencies_report(source: QuerySource, district: str | None = None,
                    top: int | None = None, limit: int | None = None, offset: int = 0) -> Report:
    """Workload ranking with degree and betweenness centrality in the co-responsibility graph
    (of all agencies, or of the district's); ``limit`` and ``offset`` page through the ranking.

    Both scores are computed once at build time (graph/derived.py), so a page reads its rows
    and their scores only, not every co-responsible pair."""
    check_districts(source, [district])
    page = Page(limit, offset)  # checks limit and offset
    total = _listed_agencies(source, district)
    listed = min(top, total) if top else total
    end = listed if limit is None else min(listed, offset + limit)
    rows = run_named(source, "agency-workload", district=district,
                     limit=None if end == total else max(end - offset, 0),
                     offset=offset) if end > offset else []
    paged = len(rows) < total  # the scores of a page's agencies, or all of them at once
    scores = {str(r["agency"]): r for r in run_named(
        source, "agency-centrality", district=district,
        agency=[str(r["agency"]) for r in rows] if paged else None)} if rows else {}
    prefix = "district_" if district else ""
    for rank, row in enumerate(rows, offset + 1):
        row["rank"] = rank
        score = scores.get(str(row["agency"]), {})
        row["degree"] = round(score.get(prefix + "degree", 0.0), 4)
        row["betweenness"] = round(score.get(prefix + "betweenness", 0.0), 4)
    shown = rows
    show = [Show("#", "rank"), Show("agency", "agency_name"),
            Show("district", "district"), Show("type", "agency_type"), Show("tasks", "tasks"),
            *(Show(c, c) for c in ROLES), Show("docs", "documents"), Show("degree", "degree"),
            Show("betweenness", "betweenness")]
    title = f"Agency workload{' in ' + district if district else ''}: {total} agencies"
    title += f", top {min(top, total)}" if top else ""
    title += f", ranks {offset + 1}–{offset + len(shown)}" if page.paged else ""
    return Report(shown, columns=["rank", *_columns("agency-workload"), "degree", "betweenness"],
                  show=show, title=title, empty=none_found(f"agencies{_in(district)}", offset))


def documents_report(source: QuerySource, limit: int | None = None, offset: int = 0,
                     stream: bool = False) -> Report:
    """Documents with 文号, type, date, issuer, district, level, task count and status."""
    rows = Tally(lambda row: str(row["status"]))
    pending = rows.count(stream_named(source, "documents", limit=limit, offset=offset))
    show = [Show("文号", "doc_number", width=24), Show("title", "title", wrap=True), Show("type", "type"),
            Show("date", "date"), Show("issuer", "issuer", wrap=True),
            Show("district", "district"), Show("level", "level"), Show("tasks", "task_count"),
            Show("status", "status")]

    def summary() -> tuple[str, list[str]]:
        notes = [", ".join(f"{n} {s}" for s, n in sorted(rows.counts.items()))]
        return f"{rows.total} documents", notes

    return listing(Report([], columns=_columns("documents"), show=show, pending=pending,
                          summary=summary, empty=none_found("documents", offset)), stream)


def targets_report(source: QuerySource, indicator: str | None = None,
                   limit: int | None = None, offset: int = 0, stream: bool = False) -> Report:
    """Targets by indicator across districts: task targets and indicator-table rows."""
    rows = Tally()
    pending = rows.count(_target_paths(stream_named(source, "targets", indicator_contains=indicator,
                                                    limit=limit, offset=offset)))
    columns = _with_path([c for c in _columns("targets") if c != "indicator_contains"])
    show = [Show("indicator", "indicator", wrap=True), Show("value", "value"),
            Show("unit", "unit"), Show("year", "year"), Show("cmp", "comparator"),
            Show("change", "direction"), Show("base", "base_year"),
            Show("category", "category"), Show("district", "district"),
            Show("document", "doc_number", doc_label, width=24),
            Show("stated in", "path", _stated_in)]
    which = f" whose indicator contains {indicator!r}" if indicator else ""
    return listing(Report([], columns=columns, show=show, pending=pending,
                          summary=lambda: (f"{rows.total} targets{which}", []),
                          empty=none_found(f"targets{which}", offset)), stream)


def _target_paths(rows: Iterable[Row]) -> Iterator[Row]:
    """Target rows with the task's path; a table row has no task, so no path."""
    for row in rows:
        row["path"] = task_path(row) if row.get("kind") == "task" else None
        yield row


def _stated_in(row: Row) -> str:
    """Where a target is written: task 三（三）21, or a row of the indicator table."""
    return f"task {row['path']}" if row.get("kind") == "task" else "indicator table"


def unassigned_report(source: QuerySource, district: str | None = None,
                      limit: int | None = None, offset: int = 0, stream: bool = False) -> Report:
    """Tasks with no responsible agency (collective phrases shown beside them)."""
    check_districts(source, [district])
    rows = Tally()
    pending = rows.count(with_paths(stream_named(source, "unassigned", district=district,
                                                 limit=limit, offset=offset)))
    show = [Show("district", "district"), Show("document", "doc_number", doc_label, width=24),
            Show("task", "path"), Show("section", "section", section, wrap=True),
            Show("collective", "collective", wrap=True), Show("text", "text", wrap=True)]
    where = f" in {district}" if district else ""
    return listing(Report([], columns=_with_path(_columns("unassigned")), show=show,
                          pending=pending, summary=lambda: (
                              f"{plural(rows.total, 'task')} without a responsible agency{where}",
                              []),
                          empty=none_found(f"tasks without a responsible agency{where}",
                                           offset)), stream)


class Tally:
    """Counts rows by ``key`` as they stream past (a listing's title counts what it printed)."""

    def __init__(self, key: Callable[[Row], str] = lambda row: "") -> None:
        self.key = key
        self.counts: Counter[str] = Counter()

    def count(self, rows: Iterable[Row]) -> Iterator[Row]:
        """``rows``, each counted as it is read."""
        for row in rows:
            self.counts[self.key(row)] += 1
            yield row

    @property
    def total(self) -> int:
        """Rows counted so far."""
        return sum(self.counts.values())


def listing(report: Report, stream: bool) -> Report:
    """``report`` with its pending rows left to stream (csv, json), or read and held."""
    return report if stream else report.hold()


def queries_report() -> Report:
    """The named queries with their summaries and parameters."""
    rows: list[Row] = [
        {"name": q.name, "summary": q.summary,
         "params": ", ".join(f"{p.name} ({p.type}{'' if p.required else ', optional'})"
                             for p in q.params),
         "columns": ", ".join(c.name for c in q.columns)}
        for q in named_queries().values()
    ]
    show = [Show("name", "name"), Show("summary", "summary", wrap=True),
            Show("params", "params", wrap=True)]
    return Report(rows, columns=["name", "summary", "params", "columns"], show=show,
                  title=f"{len(rows)} named queries")


def sparql_report(source: QuerySource, query: str | None, name: str | None,
                  params: Mapping[str, str], limit: int | None = None, offset: int = 0,
                  stream: bool = False) -> Report:
    """Rows of a named query, or of an ad-hoc SELECT given as text or as a file path;
    ``stream`` leaves a named query's rows pending (read as they are printed)."""
    if name:
        if query:
            raise QueryError("give a QUERY or --name, not both")
        check_role(params.get("role"))
        check_districts(source, [params.get("district")])
        rows = stream_named(source, name, limit=limit, offset=offset, **params)
        return listing(Report([], columns=_columns(name), pending=rows,
                              empty=none_found(f"rows from the query {name}", offset)), stream)
    if not query:
        raise QueryError("give a SPARQL query, a .rq file or --name NAME")
    if limit is not None or offset:
        raise QueryError("--limit and --offset page named queries; write LIMIT/OFFSET in QUERY")
    path = Path(query)
    text = path.read_text(encoding="utf-8") if _is_file(path) else query
    return Report(source.select(text, ad_hoc_bindings(params)), empty="The query gave no rows.")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a query text too long or odd to be a path
        return False


def ad_hoc_bindings(params: Mapping[str, str]) -> dict[str, object]:
    """Bindings for an ad-hoc query: ``<…>`` is an IRI, anything else a plain literal."""
    from policykg.queries.terms import to_term

    return {k: to_term(v[1:-1], "iri") if v.startswith("<") and v.endswith(">")
            else to_term(v, "string") for k, v in params.items()}


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["k=v", …]`` from ``--param`` as a dict; a pair without ``=`` is a QueryError."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"--param name {key!r} is not a SPARQL variable name "
                             "(letters, digits and _, not starting with a digit)")
        if not value.strip():
            raise QueryError(f"--param {key}= has an empty value")
        params[key] = value
    return params


def with_paths(rows: Iterable[Row]) -> Iterator[Row]:
    """Rows with the task's path as written (三（五）2): a task number alone repeats per section."""
    for row in rows:
        row["path"] = task_path(row)
        yield row


def _with_path(columns: list[str]) -> list[str]:
    at = columns.index("task_number") + 1
    return [*columns[:at], "path", *columns[at:]]


def _columns(name: str) -> list[str]:
    return [c.name for c in named_queries()[name].columns]
