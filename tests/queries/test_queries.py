"""Every named query: header, syntax, prefixes, columns, and hand-written results on the fixture."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from policykg.queries import QueryError, named_queries, run_named
from policykg.queries.source import EmbeddedSource, inject_values, open_source
from tests.support.fixture import DATA, expand, fixture_store

REPO = Path(__file__).resolve().parent.parent.parent
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]
MODEL = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
MODEL_PREFIXES = dict(re.findall(r"@prefix (\w+):\s+<([^>]+)>", MODEL))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedSource:
    store_dir = fixture_store(tmp_path_factory.mktemp("fixture") / "store")
    opened = open_source(store_dir, None)
    assert isinstance(opened, EmbeddedSource)
    return opened


def test_the_folder_is_the_index() -> None:
    assert list(named_queries()) == NAMES
    assert len(NAMES) >= 12
    for required in ("task-links", "agency-workload", "documents", "lineage-up", "lineage-down",
                     "unassigned", "co-responsibility", "targets", "repealed", "agencies"):
        assert required in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_header_syntax_and_prefixes(name: str) -> None:
    query = named_queries()[name]
    assert query.text.startswith("#+ summary: ")
    assert len(query.summary) > 20 and query.summary.endswith(".")
    prepareQuery(query.text)  # rdflib's parser: fails on syntax errors and undeclared prefixes
    declared = dict(re.findall(r"^PREFIX (\w+): <([^>]+)>", query.text, flags=re.M))
    assert declared, "prefixes must be declared in the file"
    for prefix, iri in declared.items():
        assert MODEL_PREFIXES.get(prefix) == iri, f"{prefix}: is not the prefix of docs/model.md"
    used = set(re.findall(r"(?<![\w?<\"])([a-z]+):\w", re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "",
                                                                  query.text)))
    assert used <= set(declared), f"undeclared prefixes {used - set(declared)}"


@pytest.mark.parametrize("name", NAMES)
def test_documented_columns_are_the_projection(name: str) -> None:
    query = named_queries()[name]
    solutions = ox.Store().query(query.text)
    projected = [v.value for v in solutions.variables]
    assert [c.name for c in query.columns] == projected
    assert all(c.description for c in query.columns)
    # pyoxigraph binds only projected variables, so every parameter is a column
    assert {p.name for p in query.params} <= set(projected)


@pytest.mark.parametrize("name", NAMES)
def test_expected_rows_on_the_fixture(name: str, source: EmbeddedSource) -> None:
    path = DATA / f"{name}.expected.json"
    assert path.exists(), f"queries/{name}.rq has no expectation {path.name}"
    query = named_queries()[name]
    lists = {c.name for c in query.columns if c.is_list}
    # xsd:decimal values come back exact: compare them with the expectation's digits, not floats
    cases = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    assert cases
    for case in cases:
        params = {k: expand(v) for k, v in case["params"].items()}
        rows = run_named(source, name, **params)
        got = [[_cell(r[c], c in lists) for c in case["columns"]] for r in rows]
        want = [[_cell(expand(v), c in lists) for c, v in zip(case["columns"], row, strict=True)]
                for row in case["rows"]]
        assert got == want, f"{name} with {case['params']}"


def _cell(value: object, is_list: bool) -> object:
    return sorted(str(value).split("、")) if is_list and value is not None else value


def test_every_expectation_has_its_query() -> None:
    expected = {p.name.removesuffix(".expected.json") for p in DATA.glob("*.expected.json")}
    assert expected == set(NAMES)


def test_parameters_are_checked(source: EmbeddedSource) -> None:
    with pytest.raises(QueryError, match="no named query 'task-link'; did you mean task-links"):
        run_named(source, "task-link")
    with pytest.raises(QueryError, match="has no parameter 'agent'"):
        run_named(source, "task-links", agent="x")
    with pytest.raises(QueryError, match="needs parameter"):
        run_named(source, "lineage-up")
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_named(source, "lineage-up", start="} ; DROP ALL ; {")


def test_values_block_opens_the_where_group() -> None:
    query = ('PREFIX p: <http://x/ns#>\n# a comment with {\nSELECT ?a (CONCAT("{", \'}\') AS ?b)'
             ' WHERE { ?a p:q ?o }')
    bound = inject_values(query, {"o": ox.Literal('"} ; DROP ALL ; {\\\n'), "a": ox.NamedNode("http://x/a")})
    head, _, body = bound.partition("WHERE {")
    assert head == query.partition("WHERE {")[0]
    assert body.startswith(' VALUES (?o ?a) { ("\\"} ; DROP ALL ; {\\\\\\n" <http://x/a>) }')
    assert prepareQuery(bound) is not None


@pytest.mark.parametrize("module", ["queries", "queries.terms", "queries.source",
                                    "queries.agency_match", "queries.serve"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
