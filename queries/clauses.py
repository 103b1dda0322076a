"""Clause-level lineage reports: the links of local units to upstream clauses, and coverage.

``clauses_report`` lists the links (one row per local unit); ``coverage_report`` walks one
upstream document's clauses and says, district by district, which sections and tasks implement
each, who leads them and what targets they set, and which clauses a district has not taken up;
``sssom_rows`` shapes the links as an SSSOM mapping table for review.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from policykg.graph.alignment import normalise
from policykg.queries import run_named
from policykg.queries.lineage import document_named, lineage_report
from policykg.queries.output import Report, Row, Show
from policykg.queries.reports import Page, doc_label, none_found
from policykg.queries.source import QuerySource

STATUSES = ("accepted", "candidate", "all")
COLUMNS = ("document", "district", "unit", "local_path", "local_title", "upstream",
           "upstream_path", "upstream_title", "score", "method", "status")


def _natural(iri: object) -> tuple:
    """An IRI's trailing section/task id as numbers, for document order: …/section/1.10."""
    tail = str(iri).rsplit("/", 1)[-1]
    return tuple(int(p) if p.isdigit() else 0 for p in tail.split("."))


def local_path(row: Row) -> str:
    """The unit's numbers from the top: 二、（一）3."""
    return "".join(str(row.get(k) or "") for k in ("grandparent_number", "parent_number",
                                                   "number"))


def link_row(row: Row) -> Row:
    """A clause-links row in the report's columns."""
    return {
        "document": doc_label(row, "doc"),
        "district": row.get("district") or "",
        "unit": row["kind"],
        "local_path": local_path(row),
        "local_title": row.get("title") or "",
        "upstream": row.get("upstream_number") or "",
        "upstream_path": f"{row.get('upstream_parent_number') or ''}{row['upstream_unit_number']}",
        "upstream_title": row.get("upstream_title") or "",
        "score": row["score"],
        "method": row["method"],
        "status": row["status"],
        "local_iri": row["unit"],
        "upstream_iri": row["upstream_unit"],
        "evidence": row.get("evidence") or "",
    }


def clause_links(source: QuerySource, doc: str | None = None, status: str = "all",
                 tasks: bool = True, upstream_doc: object = None) -> list[Row]:
    """Report rows of the clause links (of ``doc``, to the clauses of ``upstream_doc``), in
    document order; tasks that only inherit their section's link are left out unless ``tasks``."""
    # with a document, the status is kept here, not bound: bound beside it, Oxigraph started
    # from every link of that status (71 s for one document at ~62M triples instead of 0.1 s)
    bound = None if status == "all" or doc is not None or upstream_doc is not None else status
    raw = [r for r in run_named(source, "clause-links", doc=doc, status=bound,
                                upstream_doc=upstream_doc)
           if status in ("all", r["status"])]
    raw.sort(key=_link_key)
    return [link_row(r) for r in raw if tasks or r["kind"] == "section"
            or r["method"] != "inherited"]


def _link_key(row: Row) -> tuple:
    return (str(row.get("doc_number") or row.get("doc_title")), row["kind"], _natural(row["unit"]))


_DOC_NAMES = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
              "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
              "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
              "SELECT DISTINCT ?doc ?doc_number ?title WHERE { ?doc a pol:PolicyDocument "
              "OPTIONAL { ?doc eli:id_local ?doc_number } OPTIONAL { ?doc dcterms:title ?title } }")


def clause_link_pages(source: QuerySource, status: str = "all", tasks: bool = True,
                      documents: int = 16) -> Iterator[Row]:
    """The rows of ``clause_links`` for every document, in the same order, read 2, 4, 8 … up to
    ``documents`` documents at a time (a page stops reading once it is full; each bound
    document costs ~40 ms on ~1M triples)."""
    # each document's 文号 and title alone (the documents listing read for them: 5 s at ~62M
    # triples; these 2.2 s); ties by IRI
    docs = sorted(source.select(_DOC_NAMES), key=lambda r: (str(r.get("doc_number")
                                                                or r.get("title")), str(r["doc"])))
    start, size = 0, 2
    while start < len(docs):
        chunk = [d["doc"] for d in docs[start:start + size]]
        start, size = start + size, min(2 * size, documents)
        # the status is kept here, not bound: bound beside the documents, Oxigraph started from
        # every link of that status (1.3 s a page on ~1M triples instead of 0.07 s)
        raw = run_named(source, "clause-links", doc=chunk)
        kept = [r for r in raw if status in ("all", r["status"])]
        if raw and not kept:  # a rare status: the other documents' links of it in one query
            rest = {str(d["doc"]) for d in docs[start:]}
            kept = [r for r in run_named(source, "clause-links", status=status)
                    if str(r["doc"]) in rest]
            start = len(docs)
        kept.sort(key=_link_key)
        yield from (link_row(r) for r in kept if tasks or r["kind"] == "section"
                    or r["method"] != "inherited")


def clauses_report(source: QuerySource, docnumber: str | None = None, status: str = "accepted",
                   tasks: bool = False, limit: int | None = None, offset: int = 0) -> Report:
    """One row per local unit linked to an upstream clause; ``limit`` and ``offset`` page them."""
    page = Page(limit, offset)
    doc = document_named(source, docnumber)["doc"] if docnumber else None
    if page.paged and doc is None:
        rows: list[Row] = []
        for row in clause_link_pages(source, status, tasks):
            rows += page.take([row])
            if page.full:
                break
        title = f"clause links ({status}), rows {offset + 1}–{offset + len(rows)}"
    else:
        rows = clause_links(source, doc, status, tasks)
        rows = page.take(rows) if page.paged else rows
        title = f"{len(rows)} clause link{'' if len(rows) == 1 else 's'} ({status})"
    show = [Show("document", "document", width=24), Show("local", "local_path"),
            Show("title", "local_title", wrap=True), Show("upstream", "upstream", width=16),
            Show("clause", "upstream_path"), Show("clause title", "upstream_title", wrap=True),
            Show("score", "score"), Show("method", "method"), Show("status", "status")]
    wanted = f"clause links ({status})" + (f" of {docnumber}" if docnumber else "")
    return Report(rows, columns=COLUMNS, show=show, title=title,
                  empty=none_found(wanted, offset))


def _find_upstream(source: QuerySource, wanted: str) -> Row:
    """The upstream document by 文号 or title, among loaded and reference documents with a
    clause outline: looked up (every outline read for the message only: 104,230 rows, 62 s at
    ~62M triples)."""
    from policykg.loaders.doc_number import normalise

    with contextlib.suppress(LookupError):
        found = document_named(source, wanted)
        if run_named(source, "clause-outline", doc=found["doc"], limit=1):
            return found
    key = normalise(wanted)
    outline = run_named(source, "clause-outline")
    for row in outline:
        if key in (row.get("doc_number"), row.get("doc_title"), row.get("doc")):
            return row
    raise LookupError(f"no clause outline for {wanted!r}; known: "
                      + "、".join(sorted({str(r.get('doc_number') or r.get('doc_title'))
                                          for r in outline})))


def coverage_report(source: QuerySource, upstream: str, district: str | None = None) -> Report:
    """Per upstream clause: each district's implementing units, lead agencies and targets."""
    doc = _find_upstream(source, upstream)["doc"]
    clauses = run_named(source, "clause-outline", doc=doc)
    rows = coverage_rows(source, doc, clauses, (district,) if district else ())
    missing = defaultdict(list)
    for row in rows:
        if row["taken_up"] == "no":
            missing[row["district"]].append(str(row["clause"]))
    # "; " between clauses: numbers end in 、 themselves (一、、一、（一） read as one)
    notes = [f"{d}: not taken up: {'; '.join(c)}" for d, c in missing.items()]
    districts = {r["district"] for r in rows}
    return Report(rows, columns=COVERAGE_COLUMNS, show=COVERAGE_SHOW, notes=notes,
                  title=f"Coverage of {upstream}: {len(clauses)} clauses, "
                        f"{len(districts)} district(s)")


COVERAGE_COLUMNS = ("upstream", "clause", "clause_title", "district", "taken_up", "sections",
                    "tasks", "lead_agencies", "targets")
COVERAGE_SHOW = (Show("clause", "clause"), Show("title", "clause_title", wrap=True),
                 Show("district", "district"), Show("taken up", "taken_up"),
                 Show("sections", "sections", wrap=True), Show("tasks", "tasks"),
                 Show("lead agencies", "lead_agencies", wrap=True),
                 Show("targets", "targets", wrap=True))


def coverage_rows(source: QuerySource, doc: object, clauses: Sequence[Row],
                  districts: Sequence[str] = ()) -> list[Row]:
    """One row per clause of ``doc`` (of ``clauses``) and district: what implements it there."""
    # the links to this document's clauses only (every accepted link of the store: 7.7 s at ~1M)
    links = [r for r in clause_links(source, status="accepted", upstream_doc=doc)
             if not districts or r["district"] in districts]
    leads = {r["task"]: r for r in run_named(source, "clause-tasks", upstream_doc=doc)}
    # those asked for, else the districts whose documents implement ``doc`` (directly or not):
    # each clause taken up there or not
    asked = set(districts) or _lineage_districts(source, doc)
    shown = sorted({str(r["district"]) for r in links} | asked)
    by_clause: dict[tuple[object, str], list[Row]] = defaultdict(list)
    for link in links:
        by_clause[(link["upstream_iri"], str(link["district"]))].append(link)
    rows: list[Row] = []
    for clause in sorted(clauses, key=lambda r: _natural(r["unit"])):
        for d in shown:
            found = by_clause.get((clause["unit"], d), [])
            # sections and items (tasks with a link of their own), not tasks that inherit one
            units = [f"{r['document']} {r['local_path']}" for r in found
                     if r["unit"] == "section" or r["method"] != "inherited"]
            task_rows = [leads[r["local_iri"]] for r in found if r["local_iri"] in leads]
            rows.append({
                "upstream": clause.get("doc_number") or clause.get("doc_title"),
                "clause": f"{clause.get('parent_number') or ''}{clause['number']}",
                "clause_title": clause["title"], "district": d,
                "taken_up": "yes" if found else "no",
                "sections": "、".join(units),
                "tasks": len(task_rows),
                "lead_agencies": "、".join(sorted({a for t in task_rows
                                                   for a in _split(t.get("leads"))})),
                "targets": "；".join(sorted({g for t in task_rows
                                             for g in _split(t.get("targets"), "；")})),
            })
    return rows


# the start bound in a sub-select of its own, as in the lineage queries (Virtuoso starts a path
# only from a variable bound outside the path's group)
_LINEAGE_DISTRICTS = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                      "SELECT DISTINCT ?district WHERE { { SELECT ?start WHERE { } } "
                      "?doc pol:implements+ ?start ; pol:districtName ?district }")


def _lineage_districts(source: QuerySource, doc: object) -> set[str]:
    """The districts of the documents implementing ``doc``, directly or not."""
    from policykg.queries.terms import to_term

    return {str(r["district"]) for r in source.select(
        _LINEAGE_DISTRICTS, {"start": to_term(str(doc), "iri")})}


def compare_clause_report(source: QuerySource, wanted: str,
                          districts: Sequence[str] = ()) -> Report:
    """Districts side by side on the upstream clauses whose title contains ``wanted`` (or whose
    number path is ``wanted``: 二、（四）)."""
    outline = run_named(source, "clause-outline")
    key = normalise(wanted)
    chosen = [c for c in outline if key and (key in normalise(str(c["title"])) or key == normalise(
        f"{c.get('parent_number') or ''}{c['number']}"))]
    if not chosen:
        raise LookupError(f"no upstream clause titled or numbered {wanted!r}")
    rows: list[Row] = []
    for doc in sorted({c["doc"] for c in chosen}, key=str):
        rows += coverage_rows(source, doc, [c for c in chosen if c["doc"] == doc], districts)
    return Report(rows, columns=COVERAGE_COLUMNS,
                  show=(Show("upstream", "upstream", width=16), *COVERAGE_SHOW),
                  title=f"Districts on the clause(s) {wanted}: {len(chosen)} clause(s)")


def _split(value: object, sep: str = "、") -> list[str]:
    return [v for v in re.split(sep, str(value or "")) if v]


SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "confidence", "mapping_tool", "comment",
                 "subject_source", "object_source", "review_status")


_JUSTIFICATION = {"title": "semapv:LexicalMatching", "similarity": "semapv:LexicalMatching",
                  "order": "semapv:StructuralMatching", "inherited": "semapv:StructuralMatching"}


def sssom_rows(links: Sequence[Row]) -> list[Row]:
    """The links as SSSOM mapping rows (https://mapping-commons.github.io/sssom/)."""
    return [{
        "subject_id": r["local_iri"],
        "subject_label": f"{r['local_path']} {str(r['local_title'])[:60]}",
        "predicate_id": "pol:implementsClause",
        "object_id": r["upstream_iri"],
        "object_label": f"{r['upstream_path']} {r['upstream_title']}",
        "mapping_justification": _JUSTIFICATION.get(str(r["method"]), "semapv:UnspecifiedMatching"),
        "confidence": r["score"],
        "mapping_tool": f"policykg alignment:{r['method']}",
        "comment": r["evidence"],
        "subject_source": r["document"],
        "object_source": r["upstream"],
        "review_status": r["status"],
    } for r in links]


def sssom_tsv(links: Sequence[Row], base: str) -> str:
    """An SSSOM TSV: a commented YAML header (curie map, licence-free metadata), then the rows."""
    import csv
    import io

    out = io.StringIO()
    out.write("#curie_map:\n#  pol: https://w3id.org/policykg/ontology#\n"
              "#  semapv: https://w3id.org/semapv/vocab/\n"
              f"#mapping_set_id: {base}mappings/clauses.sssom.tsv\n"
              "#mapping_set_description: local units → upstream clauses (policykg clauses)\n")
    writer = csv.DictWriter(out, fieldnames=SSSOM_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(sssom_rows(links))
    return out.getvalue()


def lineage_clauses_report(source: QuerySource, wanted: str) -> Report:
    """The lineage report plus the clause links of the document and of those implementing it."""
    report = lineage_report(source, wanted, expand=True)  # clause links hang on the listed rows
    docs = {str(r["doc"]) for r in report.rows if r["direction"] == "down"}
    docs.add(str(document_named(source, wanted)["doc"]))
    links = [r for doc in sorted(docs) for r in clause_links(source, doc, "all", tasks=False)]
    report.rows += [{"direction": "clause", "doc_number": r["document"],
                     "section_number": r["local_path"], "section_title": r["local_title"],
                     "upstream_number": r["upstream"],
                     "text": f"{r['upstream_path']} {r['upstream_title']} "
                             f"({r['method']} {r['score']}, {r['status']})"} for r in links]
    if report.tree is not None and links:
        from rich.text import Text

        node = report.tree.add(Text("clause links ⇢"))
        by_doc: dict[str, list[Row]] = defaultdict(list)
        for r in links:
            by_doc[str(r["document"])].append(r)
        for doc, rows in by_doc.items():
            branch = node.add(Text(doc))
            for r in rows:
                mark = "" if r["status"] == "accepted" else " ?"
                title = str(r["local_title"])
                title = title if r["unit"] == "section" else title.partition("。")[0][:30]
                branch.add(Text(f"{r['local_path']} {title} ⇢ {r['upstream']} "
                                f"{r['upstream_path']} {r['upstream_title']}{mark}"))
    report.title += f", {len(links)} clause links"
    return report
