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
variable, the query runs as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from policykg.queries.source import QuerySource, Row
from policykg.queries.terms import to_term

_PREFIX = "PREFIX pol: <https://w3id.org/policykg/ontology#>\n"


@dataclass(frozen=True)
class Entity:
    """A variable of the listings, its values in order (one query), and their RDF term type."""

    variable: str
    query: str
    type: str


# The positions of agencies and documents and the names of districts are materialised in
# graph/derived: these lists are cheap.
ENTITY_ORDER = {
    "agency": Entity("agency", _PREFIX + "SELECT ?agency WHERE { ?agency pol:agencyOrder ?order }"
                     " ORDER BY ?order", "iri"),
    "doc": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:documentOrder ?order }"
                  " ORDER BY ?order ?doc", "iri"),
    # documents by district name, then position: ORDER BY ?district ?doc_order
    "doc-by-district": Entity("doc", _PREFIX + "SELECT ?doc WHERE { ?doc pol:districtName "
                              "?district ; pol:documentOrder ?order } ORDER BY ?district ?order",
                              "iri"),
}
FIRST_CHUNK = 1  # entities bound in the first query
CHUNK_ROWS = 20_000  # rows a chunk should give: fewer double the next chunk, more halve it
LAST_CHUNK = 256


def by_entity(source: QuerySource, text: str, entity: Entity, bindings: Mapping[str, object],
              limit: int | None = None, offset: int = 0) -> Iterator[Row]:
    """The rows of ``text`` (no LIMIT/OFFSET in it) from ``offset``, at most ``limit``, reading
    ``entity``'s values a chunk at a time; chunks grow while they give few rows and shrink when
    they give many, so that the engine never sorts much more than CHUNK_ROWS at once."""
    values = [to_term(row[entity.variable], entity.type) for row in source.select(entity.query)]
    start, size = 0, FIRST_CHUNK
    while start < len(values) and limit != 0:
        chunk = values[start:start + size]
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
            size = min(2 * size, LAST_CHUNK)
