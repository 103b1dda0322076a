"""Push the store's named graphs to a SPARQL 1.1 Graph Store Protocol endpoint.

One PUT per named graph (sources, reference, entities, derived) replaces exactly that graph on
the server. The server keeps a small graph of its own, graph/pushed (the ledger), listing every
graph pushed and the SHA-256 of its sorted N-Triples: the next push sends only graphs whose digest
changed and DELETEs graphs that are no longer in the store (a removed source), so a second push
of the same store changes nothing. Before sending a graph the server has never had, a push lists
it in the ledger as unknown, so one killed half-way leaves nothing the next push does not find:
such graphs are sent again, or deleted if the store no longer has them (a changed graph keeps its
old digest until the push finishes, so it is sent again too). Requests go over one kept-alive connection (http.client, standard library).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.iris import DEFAULT_BASE, Iris
from policykg.graph.location import open_read_only

VERSION = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
N_TRIPLES = "application/n-triples"


class PushError(RuntimeError):
    """The endpoint could not be reached or refused a request."""


@dataclass(frozen=True)
class PushSummary:
    """What a push did."""

    sent: int = 0
    triples: int = 0
    unchanged: int = 0
    deleted: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (f"pushed {self.sent} graph(s), {self.triples:,} triples; {self.unchanged} "
                f"unchanged; {self.deleted} deleted; {self.seconds:.1f} s")


@dataclass(frozen=True)
class Step:
    """One graph handled: ``action`` is put, unchanged or delete."""

    graph: str
    action: str
    triples: int = 0


class GraphStore:
    """A Graph Store Protocol endpoint (``http://host:port/store``) over one connection."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None,
                 timeout: float = 300.0) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PushError(f"not an http(s) Graph Store Protocol URL: {url!r}")
        self.url = url
        self.path = parts.path or "/"
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self.connection = kind(parts.hostname, parts.port, timeout=timeout)
        self.headers: dict[str, str] = {}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def request(self, method: str, graph: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send one request about ``graph``; the status and body (an error status raises)."""
        target = f"{self.path}?graph={urllib.parse.quote(graph, safe='')}"
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = N_TRIPLES
        else:
            headers["Accept"] = N_TRIPLES
        try:
            self.connection.request(method, target, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise PushError(f"cannot reach {self.url}: {error}") from None
        if response.status >= 400 and not (method in ("GET", "DELETE") and response.status == 404):
            first = data.decode(errors="replace").strip().splitlines()[:1]
            raise PushError(f"{method} {graph} at {self.url}: HTTP {response.status} "
                            f"{response.reason}{': ' + first[0] if first else ''}")
        return response.status, data

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def _graph_nt(store: ox.Store, graph: ox.NamedNode) -> bytes:
    """The graph as N-Triples, lines sorted: the same content gives the same bytes and digest."""
    lines = (store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"").splitlines()
    lines.sort()
    return b"".join(line + b"\n" for line in lines)


def _pushed(server: GraphStore, ledger: str) -> dict[str, str]:
    """Graph IRI → digest, as the server's ledger graph says (empty on a first push)."""
    status, data = server.request("GET", ledger)
    if status == 404 or not data:
        return {}
    return {
        t.subject.value: t.object.value
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        if t.predicate == VERSION and isinstance(t.subject, ox.NamedNode)
    }


def push_store(
    url: str,
    store_dir: Path | str | None = None,
    user: str | None = None,
    password: str | None = None,
    base: str = DEFAULT_BASE,
    progress: Callable[[Step], None] | None = None,
) -> PushSummary:
    """Send every named graph of the store that changed since the last push; delete the gone."""
    started = time.monotonic()
    store = open_read_only(store_dir)
    ledger = str(Iris(base).pushed_graph)
    graphs = sorted((g for g in store.named_graphs() if g.value != ledger), key=lambda g: g.value)
    server = GraphStore(url, user, password)
    try:
        before = _pushed(server, ledger)
        new = {g.value: "" for g in graphs if g.value not in before}
        if new:
            # the intent first: a push killed after sending a new graph leaves it listed
            _write_ledger(server, ledger, {**before, **new})
        after: dict[str, str] = {}
        sent = triples = 0
        for graph in graphs:  # one pass: each graph dumped once, hashed, sent if it changed
            data = _graph_nt(store, graph)
            after[graph.value] = hashlib.sha256(data).hexdigest()
            if before.get(graph.value) != after[graph.value]:
                server.request("PUT", graph.value, data)
                step = Step(graph.value, "put", data.count(b"\n"))
                sent, triples = sent + 1, triples + step.triples
            else:
                step = Step(graph.value, "unchanged")
            if progress is not None:
                progress(step)
        gone = sorted(set(before) - set(after))
        for graph in gone:
            server.request("DELETE", graph)
            if progress is not None:
                progress(Step(graph, "delete"))
        if after != before:
            _write_ledger(server, ledger, after)
    finally:
        server.close()
    unchanged = len(graphs) - sent
    return PushSummary(sent, triples, unchanged, len(gone), time.monotonic() - started)


def _write_ledger(server: GraphStore, ledger: str, digests: dict[str, str]) -> None:
    record = [ox.Triple(ox.NamedNode(g), VERSION, ox.Literal(d)) for g, d in sorted(digests.items())]
    server.request("PUT", ledger, ox.serialize(record, format=ox.RdfFormat.N_TRIPLES))
