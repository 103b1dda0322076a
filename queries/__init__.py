"""Named SPARQL queries: one ``.rq`` file per query in this folder; the folder is the index.

Each file starts with a header of ``#+`` lines::

    #+ summary: Tasks of one agency …
    #+ params:
    #+   agency    iri?     agency IRI; every agency when absent
    #+ columns:
    #+   district  district of the agency

A parameter type is ``iri``, ``string``, ``zh`` (a Chinese label, ``"…"@zh``), ``integer``,
``decimal`` or ``date`` (yyyy-mm-dd); a trailing ``?`` makes it optional. Parameters reach SPARQL only as bindings
(a VALUES block of serialised RDF terms opening the WHERE group, see ``queries.source``); every
parameter of a named query is also a projected column, so that a row says what it answered.

>>> sorted(named_queries())[:2]
['agencies', 'agency-centrality']
>>> named_queries()["task-links"].params[0].name
'agency'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykg.queries.source import QuerySource

QUERY_DIR = Path(__file__).parent
PARAM_TYPES = ("iri", "string", "zh", "integer", "decimal", "date")


class QueryError(ValueError):
    """A named query was misused: unknown name, missing or unknown parameter, bad value."""


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Column:
    """A documented result column; ``is_list`` marks a 、-separated list (order not meaningful)."""

    name: str
    description: str

    @property
    def is_list(self) -> bool:
        """True when the column holds a list separated by 、."""
        return "(list" in self.description


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its parsed header."""

    name: str
    path: Path
    summary: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    text: str
    page_by: str | None = None  # a listing paged over this entity's order (queries.paging)
    whole_in_one: bool = False  # the whole listing as one query, pages by entity (#+ whole: one query)
    # a parameter whose value narrows the paged entity's values (#+ narrow-by:, queries._narrowed)
    narrow_by: str | None = None
    # chunks read before narrowing (#+ narrow-after: N): a common value fills a page from the
    # first chunks, cheaper than the narrowing, which pays off for a rare one
    narrow_after: int = 0

    def param(self, name: str) -> Param:
        """The declared parameter called ``name``."""
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def parse_header(text: str) -> dict[str, list[str] | str]:
    """The ``#+`` header of a query: ``key: value`` lines and indented item lines under a key.

    >>> parse_header("#+ summary: All.\\n#+ columns:\\n#+   a  first\\nSELECT ?a {}")
    {'summary': 'All.', 'columns': ['a  first']}
    """
    header: dict[str, list[str] | str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:]
        if body.startswith("   ") and key is not None:
            items = header.setdefault(key, [])
            if isinstance(items, list):
                items.append(body.strip())
            continue
        key, _, value = body.strip().partition(":")
        key = key.strip()
        header[key] = value.strip() if value.strip() else []
    return header


def _params(items: list[str] | str) -> tuple[Param, ...]:
    params = []
    for item in items if isinstance(items, list) else []:
        name, ptype, description = [*item.split(None, 2), "", ""][:3]
        base = ptype.rstrip("?")
        if base not in PARAM_TYPES:
            raise QueryError(f"parameter {name!r} has unknown type {ptype!r}")
        params.append(Param(name, base, not ptype.endswith("?"), description))
    return tuple(params)


def _columns(items: list[str] | str) -> tuple[Column, ...]:
    rows = items if isinstance(items, list) else []
    return tuple(Column(*[*item.split(None, 1), ""][:2]) for item in rows)


def load_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    summary = header.get("summary", "")
    page_by = header.get("page-by")
    query = NamedQuery(
        name=path.stem,
        path=path,
        summary=summary if isinstance(summary, str) else "",
        params=_params(header.get("params", [])),
        columns=_columns(header.get("columns", [])),
        text=text,
        page_by=page_by if isinstance(page_by, str) and page_by else None,
        whole_in_one=header.get("whole") == "one query",
        narrow_by=narrow_by if isinstance(narrow_by := header.get("narrow-by"), str) and narrow_by
        else None,
        narrow_after=int(after) if isinstance(after := header.get("narrow-after"), str)
        and after.isdigit() else 0,
    )
    return query


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every ``.rq`` file of this folder by name (the file name without ``.rq``), sorted."""
    return {path.stem: load_query(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    """The named query ``name``, or a QueryError listing the closest names."""
    import difflib

    queries = named_queries()
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `policykg queries`"
        raise QueryError(f"no named query {name!r}{hint}")
    return queries[name]


def run_named(source: QuerySource, name: str, *, limit: int | None = None, offset: int = 0,
              **params: object) -> list[dict[str, object]]:
    """Run the named query ``name`` with ``params`` (``None`` values are left unbound).

    Values are checked against the declared types and reach SPARQL only as bindings. ``limit``
    and ``offset`` page through the rows (in the query's own ORDER BY).
    """
    return list(stream_named(source, name, limit=limit, offset=offset, **params))


def stream_named(source: QuerySource, name: str, *, limit: int | None = None, offset: int = 0,
                 **params: object) -> Iterator[dict[str, object]]:
    """The rows of ``run_named`` as the source gives them, for listings too long to hold.

    The parameters are checked and the query planned before the first row is asked for.
    """
    query = get_query(name)
    bindings = bind_params(query, params)
    text = paged(query.text, limit, offset)  # checks limit and offset
    from policykg.queries.paging import ENTITY_ORDER, by_entity

    entity = ENTITY_ORDER.get(query.page_by or "")
    # a query whose rows cost more bound a chunk at a time than joined at once reads its whole
    # listing in one query (clause-outline: 15 ms a bound document, 0.3 s for all 383)
    whole = limit is None and not offset and query.whole_in_one
    if (entity is None or entity.variable in bindings or whole
            or any(name in bindings for name in entity.whole_when)):
        return source.stream(text, bindings)
    return by_entity(source, query.text, entity, bindings, limit, offset, whole=text,
                     narrow=lambda: _narrowed(source, query, bindings),
                     narrow_after=query.narrow_after)


# the documents implementing ``start``, directly or not (its lineage's); the start is bound in a
# sub-select of its own, as in the lineage queries (Virtuoso starts a path only from a variable
# bound outside the path's group)
_LINEAGE_DOCS = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                 "SELECT DISTINCT ?doc WHERE { { SELECT ?start WHERE { } } "
                 "?doc pol:implements* ?start }")


_INDICATOR_TARGETS = ("PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                      "SELECT DISTINCT ?target WHERE { ?target pol:indicatorName ?indicator "
                      "FILTER(CONTAINS(?indicator, ?indicator_contains)) }")


def _narrowed(source: QuerySource, query: NamedQuery, bindings: Mapping[str, object],
              ) -> set[str] | None:
    """The values of the paged entity a listing can have rows in (None: every one), by
    ``#+ narrow-by:``: documents, or targets.

    - ``start``: the documents of its lineage (one query: 4,631 of 18,944 documents in 143 ms at
      ~62M triples, where each page query bound to documents outside it cost seconds);
    - ``text_contains``: those holding a task whose own text contains the text, from the search
      index of an embedded store's generation (None without one);
    - ``indicator_contains``: the targets whose indicator name contains the text (one query; the
      targets listing narrows after its first chunks: a rare indicator's page read every target's
      chunk, 12.8 s at ~62M triples, and narrowing at once made a common one's 0.48 → 4.5 s).
    """
    from policykg.graph.search_index import SearchIndex

    value = bindings.get(query.narrow_by or "")
    if value is None:
        return None
    if query.narrow_by == "start":
        return {str(r["doc"]) for r in source.select(_LINEAGE_DOCS, {"start": value})}
    if query.narrow_by == "indicator_contains":
        return {str(r["target"]) for r in source.select(_INDICATOR_TARGETS,
                                                        {"indicator_contains": value})}
    index = SearchIndex.of(getattr(source, "location", None))
    return index.documents_with(getattr(value, "value", str(value))) if index is not None else None


def paged(text: str, limit: int | None, offset: int = 0) -> str:
    """``text`` with LIMIT and OFFSET solution modifiers (integers, checked, never raw text).

    >>> paged("SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a", 10, 20)
    'SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a\\nLIMIT 10 OFFSET 20'
    """
    if limit is None and not offset:
        return text
    if (limit is not None and (not isinstance(limit, int) or limit < 0)) or (
        not isinstance(offset, int) or offset < 0
    ):
        raise QueryError("--limit and --offset take whole numbers, 0 or more")
    modifiers = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else [])
    return text + "\n" + " ".join(modifiers)  # a new line: the text may end in a comment


def bind_params(query: NamedQuery, params: Mapping[str, object]) -> dict[str, object]:
    """Typed bindings for ``params``: unknown names and missing required ones raise QueryError."""
    from policykg.queries.terms import to_term

    given = {k: v for k, v in params.items() if v is not None}
    for name in given:
        query.param(name)
    missing = [p.name for p in query.params if p.required and p.name not in given]
    if missing:
        raise QueryError(f"query {query.name!r} needs parameter(s): {', '.join(missing)}")
    # a list binds one parameter to several values (one VALUES row each)
    return {name: [to_term(v, query.param(name).type) for v in value]
            if isinstance(value, list | tuple) else to_term(value, query.param(name).type)
            for name, value in given.items()}
