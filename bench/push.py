"""`policykg push` of the 1M-triple synthetic graph to a local Oxigraph server (not a test).

Generates the synthetic graph of bench/queries.py (real documents' shapes), each source graph
cut into --parts graphs, stores it as `policykg build` lays a store out, starts `oxigraph serve` on a
loopback port with an empty location, and times a first push (every graph PUT), a second push
(nothing changed: 0 PUTs) and the server's answer to a count. Target (issue 16): ≤ 60 s for 1M
triples in ≥ 1,000 named graphs.

    .venv/bin/python bench/push.py [--triples 1000000]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.graph.push import push_store  # noqa: E402
from policykg.queries.serve import oxigraph_binary  # noqa: E402
from policykg.queries.source import RemoteSource  # noqa: E402
from tests.support.server import free_port, wait_until_up  # noqa: E402


def _bench_queries():  # bench/queries.py holds the synthetic generator; load it by path
    spec = importlib.util.spec_from_file_location("bench_queries", ROOT / "bench" / "queries.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def split(quads: list, parts: int) -> list:
    """Each source graph cut into ``parts`` graphs by subject (≥ 1,000 graphs at 1M triples)."""
    import zlib

    import pyoxigraph as ox

    names: dict[tuple[str, int], ox.NamedNode] = {}

    def name(graph: ox.NamedNode, subject: object) -> ox.NamedNode:
        key = (graph.value, zlib.crc32(str(subject).encode()) % parts)
        if key not in names:
            names[key] = ox.NamedNode(f"{key[0]}/part{key[1]}")
        return names[key]

    return [ox.Quad(q.subject, q.predicate, q.object, name(q.graph_name, q.subject))
            for q in quads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=25, help="graphs per synthetic source")
    args = parser.parse_args()
    generator = _bench_queries()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-push-") as tmp:
        quads = split(generator.synthetic(args.triples), args.parts)
        graphs = len({q.graph_name for q in quads})
        store = generator.write_store(quads, Path(tmp) / "store")
        count = len(quads)
        del quads
        port = free_port()
        server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(Path(tmp) / "srv"),
                                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/query", server)
            url = f"http://127.0.0.1:{port}/store"
            first = push_store(url, store)
            second = push_store(url, store)
            start = time.perf_counter()
            rows = RemoteSource(f"http://127.0.0.1:{port}/query").select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            counted = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"synthetic graph: {count:,} quads in {graphs:,} source graphs (+ derived)")
    print(f"first push:  {first}  → {first.triples / first.seconds:,.0f} triples/s; "
          f"target ≤ 60 s: {'met' if first.seconds <= 60 else 'NOT met'}")
    print(f"second push: {second}")
    print(f"server holds {rows[0]['n']:,} quads (count in {counted:.1f} s)")


if __name__ == "__main__":
    main()
