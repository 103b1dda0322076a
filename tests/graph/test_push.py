"""policykg push: the store's graphs to the real Oxigraph server over the Graph Store Protocol,
then every named query answering the same through the server's /query as from the store."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.iris import Iris
from policykg.graph.push import PushError, push_store
from policykg.graph.store import write_store
from policykg.queries import named_queries, run_named
from policykg.queries.serve import oxigraph_binary
from policykg.queries.source import RemoteSource, open_source
from tests.data.graph_build.records import NANCHUAN, QIJIANG, YONGCHUAN
from tests.support.fixture import BASE, DATA, expand, fixture_store
from tests.support.server import free_port, wait_until_up

pytestmark = pytest.mark.server

IRIS = Iris()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A read-write Oxigraph server on loopback (union default graph); its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind",
         f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/query", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def server_graphs(url: str) -> set[str]:
    rows = RemoteSource(url + "/query").select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return {str(row["g"]) for row in rows}


def test_every_named_query_answers_alike_after_a_push(server: str, tmp_path: Path) -> None:
    store = fixture_store(tmp_path / "store")
    push_store(server + "/store", store)
    embedded, remote = open_source(store), RemoteSource(server + "/query")
    covered = set()
    for path in sorted(DATA.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        for case in json.loads(path.read_text(encoding="utf-8")):
            params = {k: expand(v) for k, v in case["params"].items()}
            got = run_named(remote, name, **params)
            assert got == run_named(embedded, name, **params), (name, params)
            assert len(got) == len(case["rows"]), (name, params)  # the hand-written rows
            covered.add(name)
    assert covered == set(named_queries())


def test_reports_on_the_corpus_are_the_same_through_the_pushed_server(
    server: str, corpus_store: str
) -> None:
    summary = push_store(server + "/store", corpus_store)
    # 5 source files, the upstream reference, the entities, the derived facts and the clause links
    assert (summary.sent, summary.unchanged, summary.deleted) == (9, 0, 0)
    endpoint = server + "/query"
    embedded, remote = open_source(Path(corpus_store)), RemoteSource(endpoint)
    start = BASE + "doc/永川府办发-2022-14"
    every = {"lineage-up": {"start": start}, "lineage-down": {"start": start},
             "lineage-tasks": {"start": start}, "tasks-mentioning": {"text_contains": "绿色"},
             "clause-tasks": {"upstream_doc": BASE + "doc/国发-2021-4"}}
    for name in named_queries():
        params = every.get(name, {})
        assert run_named(remote, name, **params) == run_named(embedded, name, **params), name
    for args in (["tasks", "--agency", "区生态环境局", "--district", "永川区"], ["agencies"],
                 ["documents"], ["lineage", "永川府办发〔2022〕14号"], ["unassigned"]):
        local = CliRunner().invoke(cli, [*args, "--store", corpus_store, "--format", "csv"])
        served = CliRunner().invoke(cli, [*args, "--endpoint", endpoint, "--format", "csv"])
        assert local.exit_code == served.exit_code == 0, served.stderr
        assert local.stdout == served.stdout and local.stdout


def test_a_second_push_changes_nothing_and_removed_sources_are_deleted(
    server: str, tmp_path: Path
) -> None:
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], tmp_path / "a")
    first = push_store(server + "/store", tmp_path / "a")
    # 3 sources, the reference, entities, derived facts and clause links
    assert (first.sent, first.deleted) == (7, 0)
    again = push_store(server + "/store", tmp_path / "a")
    assert (again.sent, again.triples, again.unchanged, again.deleted) == (0, 0, 7, 0)
    write_store([QIJIANG], tmp_path / "b")  # a store without the 永川 and 南川 sources
    later = push_store(server + "/store", tmp_path / "b")
    # the 永川 and 南川 sources, and the clause links (綦江's reply restates no upstream clause)
    assert later.deleted == 3
    # the 綦江 source graph is the same; its entities and derived facts changed
    assert later.unchanged == 2 and later.sent == 2
    expected = {str(IRIS.source(QIJIANG.source.path)), str(IRIS.reference_graph),
                str(IRIS.entities_graph), str(IRIS.derived_graph), str(IRIS.pushed_graph)}
    assert server_graphs(server) == expected
    tasks = RemoteSource(server + "/query").select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }")
    assert tasks == [{"n": 1}]  # the reply's one proposal-handling task


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A Graph Store stand-in that records the Authorization header of every request."""

    seen: ClassVar[list[tuple[str, str | None]]] = []

    def _answer(self, status: int) -> None:
        self.seen.append((self.command, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._answer(404)

    def do_PUT(self) -> None:
        self._answer(201)

    def log_message(self, *args: object) -> None:
        pass


def test_user_and_password_file_authenticate_every_request(tmp_path: Path) -> None:
    write_store([QIJIANG], tmp_path / "store")
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
        result = CliRunner().invoke(cli, ["push", url, "--store", str(tmp_path / "store"),
                                          "--user", "analyst", "--password-file", str(secret)])
    finally:
        httpd.shutdown()
    assert result.exit_code == 0, result.output
    assert "pushed 4 graph(s)" in result.stderr
    # base64("analyst:s3cret"); the first request reads the ledger, then the ledger with the
    # 4 new graphs marked unknown, the 4 graphs, and the ledger with their digests
    assert _Recorder.seen == [("GET", "Basic YW5hbHlzdDpzM2NyZXQ=")] + [
        ("PUT", "Basic YW5hbHlzdDpzM2NyZXQ=")] * 6


def test_an_unreachable_server_is_one_sentence(tmp_path: Path) -> None:
    write_store([QIJIANG], tmp_path / "store")
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(cli, ["push", url, "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot reach {url}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(PushError, match="not an http"):
        push_store("ftp://example.org/store", tmp_path / "store")
