"""Where queries run: the embedded on-disk store or any SPARQL 1.1 endpoint, with one interface.

``QuerySource.select(query, bindings)`` returns rows of plain Python values. Bindings never touch
the query text as raw strings: on both sources they become a VALUES block of RDF terms serialised
by pyoxigraph (N-Triples escaping) at the start of the WHERE group. For the embedded store this
is deliberate rather than pyoxigraph ``substitutions``: Oxigraph plans a query before applying
substitutions, so a bound agency still started from every assignment (task-links for one agency
on ~1M triples: 243 ms), while a leading VALUES block is planned as the small input it is (20 ms).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from policykg.queries.terms import literal_value, to_python

Row = dict[str, object]


class SourceError(RuntimeError):
    """The graph cannot be read: no store, unreachable endpoint, or a failing query."""


class QuerySource(Protocol):
    """Something that answers SPARQL SELECT queries over the union of the graph's named graphs."""

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Rows of a SELECT query, variables in projection order, unbound values as None."""
        ...

    def stream(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterator[Row]:
        """The same rows as ``select``, as they come (a bad query fails before the first)."""
        ...


class EmbeddedSource:
    """A pyoxigraph store (opened read-only by ``open_source``), queried in process.

    ``location`` is the generation directory it was opened from (where the build put the
    search index), None for a store opened some other way.
    """

    def __init__(self, store: ox.Store, location: Path | None = None) -> None:
        self.store = store
        self.location = location

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Run ``query`` with ``bindings`` (a leading VALUES block) over the union default graph."""
        return list(self.stream(query, bindings))

    def stream(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterator[Row]:
        """Like ``select``, yielding rows as the engine gives them; the query is planned now."""
        check_query(query)
        try:
            solutions = self.store.query(
                inject_values(query, bindings or {}), use_default_graph_as_union=True
            )
        except (SyntaxError, RuntimeError, OSError) as error:
            raise SourceError(f"query failed: {error}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise SourceError("only SELECT queries are supported here")
        return _rows(solutions)


def _rows(solutions: ox.QuerySolutions) -> Iterator[Row]:
    """Plain rows; each distinct term is converted once (names, districts and roles repeat).

    A solution iterates its values in projection order (None when unbound), cheaper than
    looking each variable up by name. The cache holds the terms seen, not the rows.
    """
    names = [v.value for v in solutions.variables]
    converted: dict[object, object] = {}

    def value(term: object) -> object:
        try:
            return converted[term]
        except KeyError:
            result = converted[term] = to_python(term)
            return result

    try:
        for solution in solutions:
            yield dict(zip(names, map(value, solution), strict=True))
    except (RuntimeError, OSError) as error:  # an evaluation error surfaces while iterating
        raise SourceError(f"query failed: {error}") from None


class RemoteSource:
    """Any SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper (POST, JSON results)."""

    def __init__(self, endpoint: str, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, object] | None = None) -> list[Row]:
        """Run ``query`` on the endpoint, bindings injected as a VALUES block."""
        check_query(query)
        from urllib.error import URLError

        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        client.setQuery(inject_values(query, bindings or {}))
        # SPARQLWrapper guesses the type from keywords anywhere in the text ("loaded" in a
        # comment reads as LOAD, an update); only SELECT is run here
        client.queryType = SELECT
        try:
            result = client.queryAndConvert()
        except (URLError, OSError, SPARQLWrapperException) as error:
            raise SourceError(f"endpoint {self.endpoint} failed: {_reason(error)}") from None
        if not isinstance(result, dict) or "results" not in result:
            raise SourceError("only SELECT queries are supported here")
        names = result["head"]["vars"]
        return [{n: _json_value(b.get(n)) for n in names} for b in result["results"]["bindings"]]

    def stream(self, query: str, bindings: Mapping[str, object] | None = None) -> Iterator[Row]:
        """The rows of ``select`` (the JSON answer is read whole, then handed out row by row)."""
        return iter(self.select(query, bindings))


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or error).strip().splitlines()[0]


def _term(value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    return ox.Literal(str(value))


def _json_value(binding: Mapping[str, str] | None) -> object:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return binding["value"]
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return literal_value(binding["value"], binding.get("datatype"))


# Tokens that may hold a "{" that does not open the WHERE group: comments, strings, IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
)


# Update operations: the graph is read-only for every query path.
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
# A keyword, not part of a prefixed name (ex:service), a variable (?service) or a word.
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:.-])", re.IGNORECASE)
_SUBSELECT = re.compile(r"\s*\{\s*SELECT\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[^\s:]*:)\s*)*", re.IGNORECASE)


def check_query(query: str) -> None:
    """Refuse what would reach outside the graph: SERVICE (the engine fetches the URL) and updates.

    Comments, strings and IRIs are skipped, so a literal or an IRI containing the word is fine.

    >>> check_query('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE')
    >>> def refused(query):
    ...     try:
    ...         check_query(query)
    ...     except SourceError as error:
    ...         return str(error)
    >>> refused("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    'SERVICE is refused: queries never fetch from other endpoints'
    >>> refused("PREFIX p: <urn:x> insert data { p:a p:b p:c }")[:40]
    'INSERT is a SPARQL update; the graph is '
    """
    bare = _SKIP.sub(" ", query)
    if _SERVICE.search(bare):
        raise SourceError("SERVICE is refused: queries never fetch from other endpoints")
    words = bare[_PROLOGUE.match(bare).end():].split(None, 1)  # type: ignore[union-attr]
    first = words[0].upper() if words else ""
    if first in _UPDATE_WORDS:
        raise SourceError(f"{first} is a SPARQL update; the graph is read-only here "
                          "(use `policykg build` to change it)")


def inject_values(query: str, bindings: Mapping[str, object]) -> str:
    """``query`` with a VALUES block of ``bindings`` opening its WHERE group.

    Values are serialised RDF terms (N-Triples syntax, escaped by pyoxigraph), never raw text.

    >>> inject_values('SELECT ?a WHERE { ?a ?p ?o }', {"o": ox.Literal('x"}')})
    'SELECT ?a WHERE { VALUES (?o) { ("x\\\\"}") } ?a ?p ?o }'

    A list binds one variable to several values, one VALUES row each:

    >>> inject_values('SELECT ?a { ?a ?p ?o }', {"o": ["x", "y"], "p": ox.NamedNode("urn:p")})
    'SELECT ?a { VALUES (?o ?p) { ("x" <urn:p>) ("y" <urn:p>) } ?a ?p ?o }'

    A WHERE group opening with a sub-select gets it in the innermost one (which must project the
    variable for the outer query to see it):

    >>> inject_values('SELECT ?a { { SELECT ?a { { select ?a {} } } } ?a ?p "{" }', {"a": "x"})
    'SELECT ?a { { SELECT ?a { { select ?a { VALUES (?a) { ("x") } } } } } ?a ?p "{" }'
    >>> inject_values('SELECT ?a { { SELECT ?b { ?b ?p ?a } } ?a ?p ?o }', {"a": "x"})
    'SELECT ?a { VALUES (?a) { ("x") } { SELECT ?b { ?b ?p ?a } } ?a ?p ?o }'
    >>> inject_values('SELECT * { { SELECT ?a ?b { { SELECT ?a {} } ?a ?p ?b } } }',
    ...               {"a": "x", "b": ["y", "z"]})
    'SELECT * { { SELECT ?a ?b { VALUES (?b) { ("y") ("z") } { SELECT ?a { VALUES (?a) { ("x") } } } ?a ?p ?b } } }'
    >>> inject_values('SELECT * { { SELECT ?b {} } { SELECT ?a {} } ?a ?p ?b }', {"a": "x", "b": "y"})
    'SELECT * { { SELECT ?b { VALUES (?b) { ("y") } } } { SELECT ?a { VALUES (?a) { ("x") } } } ?a ?p ?b }'
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        ox.Variable(name)  # refuses anything that is not a variable name
        if not re.search(rf"[?$]{name}(?!\w)", query):
            raise SourceError(f"the query has no variable ?{name} to bind")
    _value_rows([bindings[name] for name in names])  # refuses two lists
    # each variable goes where it is first read: a WHERE group that opens with a sub-select
    # projecting it takes it into the innermost such one (Oxigraph does not carry an outer
    # VALUES into a sub-select, so it would read every entity; Virtuoso starts a path only from
    # a variable bound outside the path's group). Blocks of one list and single values give the
    # rows one block of all would.
    places: dict[int, list[str]] = {}
    for name in names:
        places.setdefault(_values_position(query, name), []).append(name)
    for position in sorted(places, reverse=True):
        group = places[position]
        rows = _value_rows([bindings[name] for name in group])
        body = " ".join("(" + " ".join(str(_term(v)) for v in row) + ")" for row in rows)
        block = f" VALUES ({' '.join('?' + n for n in group)}) {{ {body} }}"
        query = query[:position] + block + " " + query[position:].lstrip(" ")
    return query


def _values_position(query: str, name: str) -> int:
    """Where the VALUES of ``?name`` opens a group: the WHERE group, or the innermost sub-select
    projecting ``?name`` among those that open it (one beside the other, or one inside the
    other)."""
    bare = _SKIP.sub(_blank, query)  # comments, strings and IRIs blanked, positions kept
    position = _where_group(query, 0)
    start = position
    while opening := _SUBSELECT.match(bare, start):
        inner = _where_group(query, opening.end())
        projection = bare[opening.end():inner]
        if name in re.findall(r"[?$](\w+)", projection) or "*" in projection:
            position = start = inner
        else:  # a sibling sub-select that does not project it: look at the next one
            start = _group_end(bare, bare.index("{", opening.start()))
    return position


def _group_end(bare: str, brace: int) -> int:
    """The position after the "}" closing the "{" at ``brace`` (comments etc. blanked)."""
    depth = 0
    for match in re.finditer(r"[{}]", bare[brace:]):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return brace + match.end()
    raise SourceError("the query has an unclosed group")


def _blank(match: re.Match[str]) -> str:
    """A skipped token as spaces of its length (positions stay those of the query)."""
    return " " * len(match.group())


def _where_group(query: str, position: int) -> int:
    """The position just inside the first "{" at or after ``position`` (not in a comment,
    string or IRI)."""
    while True:
        match = _SKIP.search(query, position)
        brace = query.find("{", position)
        if brace < 0:
            raise SourceError("the query has no WHERE group")
        if match is None or brace < match.start():
            return brace + 1
        position = match.end()


def _value_rows(values: list[object]) -> list[list[object]]:
    """One VALUES row per item of the one list or tuple among ``values`` (else a single row)."""
    lists = [i for i, v in enumerate(values) if isinstance(v, list | tuple)]
    if len(lists) > 1:
        raise SourceError("only one parameter can be bound to several values")
    if not lists:
        return [values]
    i = lists[0]
    return [[*values[:i], item, *values[i + 1:]] for item in values[i]]  # type: ignore[union-attr]


def open_source(store: Path | None = None, endpoint: str | None = None) -> QuerySource:
    """The endpoint if given, else the embedded store at ``store`` (default: the build's)."""
    if endpoint:
        return RemoteSource(endpoint)
    from policykg.graph.location import default_store_dir, live_dir

    store_dir = Path(store) if store is not None else default_store_dir()
    try:
        # the generation is resolved once: the store and its search index come from the same
        # build even when another build switches `current` meanwhile
        location = live_dir(store_dir)
        opened = ox.Store.read_only(str(location))
    except FileNotFoundError as error:
        raise SourceError(str(error)) from None
    except OSError as error:
        raise SourceError(f"cannot open the graph store in {store_dir}: {error}") from None
    return EmbeddedSource(opened, location)

