"""Pages of a long listing read a few of its primary entities at a time, in the listing's order.

Oxigraph sorts every solution of a query before the first is returned, so ``LIMIT 50`` over the
task–agency links of ~1M triples still built and sorted all of them (~10 s). A listing whose
ORDER BY starts with the order of one entity (the agency of task-links, the document of outline,
the district of tasks-mentioning) instead runs with that entity bound to a few values at a time,
in the entity's order: each query sorts only those rows, and the rows come out in the same
order as from the one query. A page stops reading once it is full, and a whole listing never
has the engine hold more than one chunk's rows.

A query opts in with a ``#+ page-by: ENTITY`` header line naming one of ``ENTITY_ORDER``, whose
order must be the one its ORDER BY starts with; when a parameter already binds the entity's
variable, the query runs as it is. Where the listing's order is global (deadlines by day,
targets by indicator), graph/derived materialises each entity's position, so that its values
come from one pattern; only the first chunk's values are read for a first page. A query whose
rows cost more bound a chunk at a time than joined at once also says ``#+ whole: one query``:
its whole listing (no LIMIT/OFFSET) runs as one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from policykg.queries.source import QuerySource, Row
from policykg.queries.terms import to_term

_PREFIX = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
           "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n")


@dataclass(frozen=True)
class Entity:
    """A variable of the listings, its values in order (one query), and their RDF term type;
    ``first`` entities are bound in the first query (a listing with one row per entity starts
    with about a page of them); the listing's bindings named in ``params`` bind the values'
    query too (agencies of one district); one named in ``whole_when`` runs the listing as one
    query (the pairs of one district are few, and scattered in the order of all)."""

    variable: str
    query: str
    type: str
    first: int | None = None
    params: tuple[str, ...] = ()
    whole_when: tuple[str, ...] = ()  # bound, these make the listing one (short) query
    # the values query has no ORDER BY: its rows are read whole and sorted here by these
    # columns (strings in code-point order and integers, as SPARQL orders them; none unbound).
    # Oxigraph's ORDER BY looks a string up at every comparison, ~45 µs a row: 6,779 search
    # matches at ~1M triples took 379 ms sorted by the engine, 98 ms read and sorted here
    sort_by: tuple[str, ...] = ()
    # no values means no rows (they are the listing's own matches), not a store built before
    # the values were materialised (which runs the listing as one query)
    none_without_values: bool = False


# The positions of agencies and documents and the names of districts are materialised in
# graph/derived: these lists are cheap. Each entity's order is the one the ORDER BY of the
# queries paged by it starts with (ties in the ORDER BY left in the entity's order).
ENTITY_ORDER = {
    "agency": Entity("agency", _PREFIX + "SELECT ?agency WHERE { ?agency pol:agencyOrder ?order }"
                     " ORDER BY ?order", "iri"),
    "doc": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:documentOrder ?order }"
                  " ORDER BY ?order ?doc", "iri"),
    # documents by district name, then position: ORDER BY ?district ?doc_order (materialised:
    # sorting the names in the query cost 1.8 s for the first of 18,944 documents at ~62M)
    "doc-by-district": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc "
                              "pol:districtDocumentOrder ?order } ORDER BY ?order", "iri"),
    # documents in the documents listing's order: ORDER BY ?status ?date ?doc_order
    # (materialised: sorting every document's row cost 3.0 s for a first page at ~62M)
    "doc-listing": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:documentListingOrder "
                          "?order } ORDER BY ?order", "iri", first=64),
    # documents by IRI: ORDER BY ?doc
    "doc-by-iri": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:documentOrder ?order }"
                         " ORDER BY ?doc", "iri"),
    # documents in the order of their parts' IRIs (doc/X/task/1 …): ORDER BY ?task
    "doc-by-part-iri": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:documentOrder ?order"
                              ' } ORDER BY (CONCAT(STR(?doc), "/"))', "iri"),
    # tasks with a deadline and targets, in their listings' order (materialised in graph/derived:
    # joining and sorting every one of them cost ~200 ms a page on ~1M triples)
    "deadline-task": Entity("task", _PREFIX + "SELECT ?task WHERE { ?task pol:deadlineOrder "
                            "?order } ORDER BY ?order", "iri", first=64),
    "target": Entity("target", _PREFIX + "SELECT ?target WHERE { ?target pol:targetOrder ?order }"
                     " ORDER BY ?order", "iri", first=64),
    # agencies in the workload ranking (materialised in graph/derived: agency-workload joined
    # and sorted every agency, 533 ms a page at ~5M triples); one district's are few, read in one
    # query (5 ms at ~62M triples; joining every agency to its district name here first cost
    # 1.5 s there)
    "agency-workload": Entity("agency", _PREFIX + "SELECT ?agency WHERE { ?agency "
                              "pol:workloadOrder ?order } ORDER BY ?order", "iri", first=64,
                              whole_when=("district",)),
    # agencies in pol:agencyOrder, of one district when one is bound: ORDER BY ?agency_order
    # (agencies.rq; 73,000 agencies at ~62M triples sorted and joined in one query: 8.2 s)
    "agency-in-district": Entity("agency", _PREFIX + "SELECT ?agency WHERE { ?agency "
                                 "pol:agencyOrder ?order ; pol:districtName ?district }"
                                 " ORDER BY ?order", "iri", first=64, params=("district",)),
    # the nodes whose searched texts contain the text, in IRI order: ORDER BY ?via (search.rq;
    # the graph gives every task, section, document and agency an IRI)
    "matched-node": Entity("via", _PREFIX + "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                           "SELECT ?via WHERE { { ?via pol:text ?found } UNION { ?via "
                           "dcterms:title ?found } UNION { ?via pol:agencyName ?found } UNION "
                           "{ ?via pol:shortName ?found } FILTER(CONTAINS(?found, ?text_contains"
                           ")) }", "iri",
                           params=("text_contains",), whole_when=("district",), sort_by=("via",),
                           none_without_values=True),
    # co-responsible pairs by position (blank nodes cannot be bound, their positions can)
    "pair": Entity("order", _PREFIX + "SELECT ?order WHERE { ?pair pol:pairOrder ?order }"
                   " ORDER BY ?order", "integer", first=64, whole_when=("district",)),
}
FIRST_CHUNK = 1  # entities bound in the first query, unless the entity says
CHUNK_ROWS = 20_000  # rows a chunk should give: fewer double the next chunk, more halve it
LAST_CHUNK = 256


def by_entity(source: QuerySource, text: str, entity: Entity, bindings: Mapping[str, object],
              limit: int | None = None, offset: int = 0, whole: str | None = None,
              narrow: Callable[[], set[str] | None] | None = None,
              narrow_after: int = 0) -> Iterator[Row]:
    """The rows of ``text`` (no LIMIT/OFFSET in it) from ``offset``, at most ``limit``, reading
    ``entity``'s values a chunk at a time; chunks grow while they give few rows and shrink when
    they give many, so that the engine never sorts much more than CHUNK_ROWS at once. When the
    entity has no values, ``whole`` (the query with the page's LIMIT/OFFSET) runs instead.
    ``narrow``: the only values that can give rows (None: all), asked for after
    ``narrow_after`` chunks; the values not yet read that it leaves out are skipped."""
    start, size = 0, entity.first or FIRST_CHUNK
    values = _Values(source, entity, size,
                     {k: v for k, v in bindings.items() if k in entity.params})
    if not values.seen:  # none to page by (or a store built before they were materialised)
        if not entity.none_without_values:
            yield from source.stream(whole or text, bindings)
        return
    chunks = 0
    while limit != 0:
        if narrow is not None and chunks == narrow_after:
            keep = narrow()
            if keep is not None:
                values.read_all()
                values.seen = values.seen[:start] + [
                    v for v in values.seen[start:] if getattr(v, "value", v) in keep]
        chunks += 1
        if start + size > len(values.seen):
            values.read_all()
        chunk = values.seen[start:start + size]
        if not chunk:
            return
        start += size
        given = 0
        for row in source.stream(text, {**bindings, entity.variable: chunk}):
            given += 1
            if offset:
                offset -= 1
                continue
            yield row
            if limit is not None:
                limit -= 1
                if limit == 0:
                    return
        if given > CHUNK_ROWS:
            size = max(1, size // 2)
        elif given < CHUNK_ROWS // 2:
            size = min(_next_size(len(chunk), given, offset + limit if limit else None),
                       LAST_CHUNK)


class _Values:
    """An entity's values in order, each once at its first place (a fact asserted in several
    source graphs is listed once per graph by the union default graph): the first few read with
    a LIMIT, so that a first page converts only those, the rest when a chunk needs them."""

    def __init__(self, source: QuerySource, entity: Entity, first: int,
                 bindings: Mapping[str, object]) -> None:
        self.source, self.entity, self.bindings, self.complete = source, entity, bindings, False
        self.seen: list[object] = []
        self._known: set[object] = set()
        if entity.sort_by:
            rows = self.source.select(entity.query, bindings)
            self._add(sorted(rows, key=lambda row: tuple(row[c] for c in entity.sort_by)))
            self.complete = True
            return
        self._add(source.select(f"{entity.query}\nLIMIT {first}", bindings))
        self.complete = len(self.seen) < first

    def _add(self, rows: list[Row]) -> None:
        for row in rows:
            value = row[self.entity.variable]
            if value not in self._known:
                self._known.add(value)
                self.seen.append(to_term(value, self.entity.type))

    def read_all(self) -> None:
        """Read every value (once)."""
        if not self.complete:
            self._add(self.source.select(self.entity.query, self.bindings))
            self.complete = True


def _next_size(size: int, given: int, wanted: int | None) -> int:
    """Twice the last chunk, or as many entities as the rows still wanted need at the rate the
    last chunk gave them (a page reads few chunks), whichever is more.

    >>> _next_size(2, 12, 50), _next_size(2, 0, 50), _next_size(4, 100, None)
    (10, 4, 8)
    """
    if wanted is None or not given:
        return 2 * size
    return max(2 * size, -(-wanted * size // given) + 1)
