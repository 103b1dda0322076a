"""Export the store as sorted, byte-for-byte reproducible RDF, streamed in bounded memory.

Every format is written from sorted streams of lines: the store is dumped to a temporary file,
cut into sorted runs of bounded size, and the runs merged (duplicates dropped) straight to the
output, so memory stays flat however large the store (it held the dump, its lines, a set and a
sorted copy at once: 5.9 GB at 5M triples). N-Triples and N-Quads are those lines; Turtle is
serialised from the sorted union; TriG from lines keyed by their graph (graphs in IRI order);
JSON-LD compacts a batch of whole subjects at a time and sorts the node objects the same way.
"""

from __future__ import annotations

import heapq
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from policykg.graph.iris import DEFAULT_BASE, bind_prefixes
from policykg.graph.location import open_read_only
from policykg.ontology.files import CONTEXT_JSONLD

# nq and trig keep the named graphs; the others hold their union. JSON-LD is compacted by rdflib.
FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")

RUN_BYTES = 64 * 2**20  # text of the lines sorted in memory at once (~3x that in Python objects)
JSONLD_BATCH = 20_000  # N-Triples lines (whole subjects) compacted by rdflib at once
_SCRATCH = "policykg-export-"


def _scratch() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder named after this process; those of dead exports (kill -9) go first."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_SCRATCH}*-*"):
        pid = folder.name.removeprefix(_SCRATCH).partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{_SCRATCH}{os.getpid()}-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _runs(lines: Iterator[bytes], run_bytes: int) -> Iterator[list[bytes]]:
    """Consecutive chunks of ``lines`` holding about ``run_bytes`` of text each."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if size >= run_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def sorted_unique(lines: Iterable[bytes], run_bytes: int | None = None) -> Iterator[bytes]:
    """``lines`` (each ending in a newline) sorted with duplicates dropped, in bounded memory.

    >>> list(sorted_unique([b"b\\n", b"a\\n", b"b\\n", b"c\\n"], run_bytes=4))
    [b'a\\n', b'b\\n', b'c\\n']
    """
    with _scratch() as folder:
        runs: list[IO[bytes]] = []
        for chunk in _runs(iter(lines), run_bytes or RUN_BYTES):
            handle = open(Path(folder) / f"run-{len(runs)}", "w+b")
            handle.writelines(sorted(set(chunk)))
            del chunk
            handle.seek(0)
            runs.append(handle)
        try:
            previous = None
            for line in heapq.merge(*runs):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for handle in runs:
                handle.close()


def _dumped(store: ox.Store, folder: str, fmt: ox.RdfFormat,
            graph: ox.NamedNode | None = None) -> Iterator[bytes]:
    """The lines of one dump of ``store`` (or of one graph of it), read back from a file."""
    path = Path(folder) / "dump"
    with open(path, "wb") as handle:
        if graph is None:
            store.dump(handle, format=fmt)
        else:
            store.dump(handle, format=fmt, from_graph=graph)
    with open(path, "rb") as handle:
        yield from handle


def _union_lines(store: ox.Store, folder: str) -> Iterator[bytes]:
    # per-graph dumps are several times faster than a CONSTRUCT over the union default graph
    for graph in list(store.named_graphs()):
        yield from _dumped(store, folder, ox.RdfFormat.N_TRIPLES, graph)


def _sorted_stream(store: ox.Store, quads: bool) -> Iterator[bytes]:
    """Sorted unique N-Quads of the store, or N-Triples of the union of its named graphs."""
    with _scratch() as folder:
        lines = (_dumped(store, folder, ox.RdfFormat.N_QUADS) if quads
                 else _union_lines(store, folder))
        yield from sorted_unique(lines)


def _graph_keyed(store: ox.Store, folder: str) -> Iterator[bytes]:
    """N-Triples lines of each named graph, led by the graph's IRI and a NUL.

    A NUL sorts before any character of an IRI, so sorting these lines orders graphs by IRI (a
    shorter IRI before the longer one it begins) and triples by their line within a graph.
    """
    for graph in list(store.named_graphs()):
        key = graph.value.encode() + b"\0"
        for line in _dumped(store, folder, ox.RdfFormat.N_TRIPLES, graph):
            yield key + line


def _graph_quad_lines(store: ox.Store) -> Iterator[bytes]:
    """Every quad as an N-Quads line, grouped by named graph (graphs in IRI order, triples
    sorted within)."""
    with _scratch() as folder:
        for keyed in sorted_unique(_graph_keyed(store, folder)):
            graph, _, triple = keyed.partition(b"\0")
            yield triple[: -len(b" .\n")] + b" <" + graph + b"> .\n"


class _Lines(io.RawIOBase):
    """A readable stream over an iterator of byte lines (for ox.parse without joining them)."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines, self.rest = lines, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.rest:
            self.rest = next(self.lines, b"")
            if not self.rest:
                return 0
        size = min(len(buffer), len(self.rest))
        buffer[:size], self.rest = self.rest[:size], self.rest[size:]
        return size


def _parsed(lines: Iterator[bytes], fmt: ox.RdfFormat) -> Iterator[Any]:
    return ox.parse(io.BufferedReader(_Lines(lines)), format=fmt)


def _prefixes(base: str) -> dict[str, str]:
    # Not polr: Turtle would have to write resource IRIs as polr:agency\/永川区\/… .
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    return {p: str(ns) for p, ns in sorted(graph.namespaces()) if p and p != "polr"}


def export_to(store: ox.Store, fmt: str, output: IO[bytes], base: str = DEFAULT_BASE) -> None:
    """Write the store in ``fmt`` (see FORMATS) to ``output``, streamed in bounded memory."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("nt", "nq"):
        output.writelines(_sorted_stream(store, quads=fmt == "nq"))
    elif fmt == "trig":
        ox.serialize(_parsed(_graph_quad_lines(store), ox.RdfFormat.N_QUADS), output,
                     format=ox.RdfFormat.TRIG, prefixes=_prefixes(base))
    elif fmt == "jsonld":
        _write_jsonld(_sorted_stream(store, quads=False), output, base)
    else:
        triples = _parsed(_sorted_stream(store, quads=False), ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, output, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(base))


def export_bytes(store: ox.Store, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The store serialised in ``fmt`` (see FORMATS); the same content gives the same bytes."""
    buffer = io.BytesIO()
    export_to(store, fmt, buffer, base)
    return buffer.getvalue()


def _subject_batches(nt: Iterator[bytes]) -> Iterator[bytes]:
    """Sorted N-Triples cut into batches of about JSONLD_BATCH lines, never inside a subject.

    In sorted lines, those of one subject are consecutive (they share the prefix ``<s> ``).
    """
    batch: list[bytes] = []
    for _, lines in groupby(nt, key=lambda line: line.partition(b" ")[0]):
        batch += lines
        if len(batch) >= JSONLD_BATCH:
            yield b"".join(batch)
            batch = []
    if batch:
        yield b"".join(batch)


def _write_jsonld(nt: Iterator[bytes], output: IO[bytes], base: str) -> None:
    """Compact JSON-LD of sorted N-Triples with ontology/context.jsonld, node objects sorted.

    One document, ``{"@context": …, "@graph": [node, …]}``, written node by node: each batch of
    whole subjects is compacted by rdflib (a node object depends only on its subject's triples:
    the graph holds no RDF lists), and the nodes are sorted by their JSON text in bounded memory.
    """
    context = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    context = {**context, "polr": base}
    nodes = sorted_unique(
        json.dumps(node, sort_keys=True, ensure_ascii=False).encode() + b"\n"
        for batch in _subject_batches(nt) for node in _jsonld_nodes(batch, context, base)
    )
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1, sort_keys=True)
    output.write(head[: -len("\n}")].encode() + b',\n "@graph": [')
    separator = b"\n"
    for line in nodes:
        text = json.dumps(json.loads(line), ensure_ascii=False, indent=1, sort_keys=True)
        output.write(separator + "\n".join("  " + part for part in text.split("\n")).encode())
        separator = b",\n"
    output.write(b"\n ]\n}\n" if separator == b",\n" else b"]\n}\n")


def _jsonld_nodes(nt: bytes, context: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """The compacted node objects of the N-Triples ``nt`` (whole subjects).

    rdflib gives parsed blank nodes fresh random labels, but the store's labels are
    deterministic: they go through rdflib as skolem IRIs (RDF 1.1 §3.5) and come back as the
    same ``_:label`` blank nodes, so the bytes are reproducible and the graph unchanged.
    """
    genid = f"{base}.well-known/genid/"
    skolem = re.sub(rb"_:([A-Za-z0-9]+)", lambda m: b"<%s%s>" % (genid.encode(), m.group(1)), nt)
    graph = Graph().parse(data=skolem.decode(), format="nt")
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    document = _unskolemise(json.loads(text), (genid, "polr:.well-known/genid/"))
    document.pop("@context", None)
    return document["@graph"] if "@graph" in document else [document] if document else []


def _unskolemise(value: Any, prefixes: tuple[str, ...]) -> Any:
    """Turn skolem IRIs (full or compacted) back into ``_:label`` blank node identifiers."""
    if isinstance(value, dict):
        return {k: _unskolemise(v, prefixes) for k, v in value.items() if k != "@context"} | (
            {"@context": value["@context"]} if "@context" in value else {}
        )
    if isinstance(value, list):
        return [_unskolemise(v, prefixes) for v in value]
    if isinstance(value, str):
        for prefix in prefixes:
            if value.startswith(prefix):
                return "_:" + value[len(prefix) :]
    return value


def export_store(fmt: str, store_dir: Path | str | None = None, base: str = DEFAULT_BASE) -> bytes:
    """Serialise the live store in ``fmt`` (in memory: for small stores and tests)."""
    return export_bytes(open_read_only(store_dir), fmt, base)

