"""`policykg serve`: the real Oxigraph server on a free loopback port, queried with SPARQLWrapper."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from policykg.cli import cli
from policykg.queries import named_queries, run_named
from policykg.queries.source import RemoteSource, open_source
from tests.support.fixture import BASE, DATA, HOSTILE, expand, store_dump

pytestmark = pytest.mark.server


def test_sparqlwrapper_gets_the_tasks_of_an_agency(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery(named_queries()["task-links"].text.replace(
        "WHERE {", f"WHERE {{ VALUES ?agency {{ <{BASE}agency/永川区/生态环境局> }}", 1))
    result = client.queryAndConvert()
    rows = [(b["doc_number"]["value"], b["task_number"]["value"], b["role"]["value"])
            for b in result["results"]["bindings"]]
    assert rows == [("永川府办发〔2022〕14号", "1", "co"), ("永川府办发〔2022〕14号", "2", "lead"),
                    ("永川府发〔2023〕5号", "1.", "joint"), ("永川府发〔2023〕5号", "2.", "lead")]


def test_update_is_refused(endpoint: str, store: Path) -> None:
    before = store_dump(store)
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused:
        client.query()
    assert "403" in str(refused.value) or getattr(refused.value, "code", None) == 403
    request = urllib.request.Request(endpoint.replace("/query", "/update"), method="POST",
                                     data=b"DROP ALL", headers={"Content-Type":
                                                                "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as dropped:
        urllib.request.urlopen(request, timeout=5)
    assert dropped.value.code == 403
    assert store_dump(store) == before


@pytest.mark.parametrize(("accept", "start"), [
    ("application/sparql-results+json", '{"head":'),
    ("application/sparql-results+xml", "<?xml"),
    ("text/csv", "n\r\n8"),
])
def test_protocol_get_and_post_in_three_formats(endpoint: str, accept: str, start: str) -> None:
    query = ("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE "
             "{ ?t a <https://w3id.org/policykg/ontology#Task> }")
    get = urllib.request.Request(endpoint + "?query=" + urllib.parse.quote(query),
                                 headers={"Accept": accept})
    post = urllib.request.Request(endpoint, data=query.encode(), method="POST",
                                  headers={"Accept": accept,
                                           "Content-Type": "application/sparql-query"})
    for request in (get, post):
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.read().decode().lstrip().startswith(start)


def test_every_named_query_answers_the_same_remotely(endpoint: str, store: Path) -> None:
    embedded, remote = open_source(store, None), RemoteSource(endpoint)
    for path in sorted(DATA.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        for case in json.loads(path.read_text(encoding="utf-8")):
            params = {k: expand(v) for k, v in case["params"].items()}
            got = run_named(remote, name, **params)
            assert got == run_named(embedded, name, **params), (name, params)
            assert len(got) == len(case["rows"])


def test_hostile_values_through_the_endpoint_match_nothing(endpoint: str, store: Path) -> None:
    before = store_dump(store)
    remote = RemoteSource(endpoint)
    for query in named_queries().values():
        if any(p.required and p.type == "iri" for p in query.params):
            continue  # a hostile IRI is refused before any query (tests/cli/test_security.py)
        # IRIs and dates are refused before any query when hostile (tests/cli/test_security.py)
        names = [p.name for p in query.params if p.type not in ("iri", "date")]
        for value in HOSTILE if names else []:
            rows = run_named(remote, query.name, **dict.fromkeys(names, value))
            assert rows == [], (query.name, value)
    assert store_dump(store) == before


def test_reports_are_the_same_through_the_endpoint(endpoint: str, store: Path) -> None:
    for args in (["tasks", "--agency", "区生态环境局"], ["agencies"], ["lineage", "国发〔2021〕4号"],
                 ["documents"], ["targets"], ["unassigned"]):
        for fmt in ("json", "table"):
            local = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", fmt])
            served = CliRunner().invoke(cli, [*args, "--endpoint", endpoint, "--format", fmt])
            assert local.exit_code == served.exit_code == 0, served.stderr
            assert local.stdout == served.stdout and local.stdout
