"""No query path makes a request: SERVICE and updates are refused before the engine sees them.

A listener on loopback shows the refusal is real: pyoxigraph does fetch a SERVICE URL (checked
below on a bare store), so a refusal that did not work would show up as a received request.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.queries.frames import sparql_frame
from policykg.queries.source import SourceError, check_query, open_source
from tests.support.listener import listener


def _service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


def test_the_engine_would_fetch_a_service_url() -> None:
    with listener() as (url, received):
        with pytest.raises(OSError):
            list(ox.Store().query(_service(url)))
        time.sleep(0.3)
    assert received and received[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * {{ ?a ?b ?c . service silent <{url}/x> {{ ?s ?p ?o }} }}",
    "PREFIX s: <{url}/>\nSELECT * WHERE {{\n  Service\ns:x {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_by_the_embedded_store(store: Path, query: str) -> None:
    with listener() as (url, received):
        with pytest.raises(SourceError, match="SERVICE is refused"):
            open_source(store, None).select(query.format(url=url))
        time.sleep(0.3)
    assert received == []


def test_service_is_refused_by_the_sparql_command_and_the_notebook_helper(store: Path) -> None:
    with listener() as (url, received):
        result = CliRunner().invoke(cli, ["sparql", _service(url), "--store", str(store)])
        with pytest.raises(SourceError, match="SERVICE is refused"):
            sparql_frame(open_source(store, None), _service(url))
        time.sleep(0.3)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: SERVICE is refused: queries never fetch from other "
                                     "endpoints")
    assert received == []


def test_from_a_remote_iri_fetches_nothing(store: Path) -> None:
    with listener() as (url, received):
        for query in (f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }} LIMIT 1",
                      f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
            open_source(store, None).select(query)
        time.sleep(0.3)
    assert received == []


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',
    "SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://x/>",
    "PREFIX service: <urn:x:> SELECT ?s WHERE { ?s service:p ?o }",
    "SELECT ?s WHERE { ?s <http://x/SERVICE> ?o }",
])
def test_the_word_in_a_string_variable_prefix_or_iri_is_no_service(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize(("query", "word"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("PREFIX p: <urn:p:>\ndelete where { ?s p:x ?o }", "DELETE"),
    ("LOAD <http://127.0.0.1:9/x>", "LOAD"),
    ("DROP ALL", "DROP"),
])
def test_an_update_says_the_graph_is_read_only(store: Path, query: str, word: str) -> None:
    result = CliRunner().invoke(cli, ["sparql", query, "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {word} is a SPARQL update; the graph is read-only "
                                     "here (use `policykg build` to change it)")
