"""Export the store as sorted, byte-for-byte reproducible RDF, written atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from policykg.graph.iris import DEFAULT_BASE, bind_prefixes
from policykg.graph.store import open_read_only
from policykg.ontology.files import CONTEXT_JSONLD

# nq and trig keep the named graphs; the others hold their union. JSON-LD is compacted by rdflib.
FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def _sorted_lines(data: bytes | None) -> bytes:
    """N-Triples or N-Quads lines, duplicates removed, sorted (the canonical Oxigraph forms)."""
    lines = sorted(set((data or b"").splitlines()))
    return b"".join(line + b"\n" for line in lines)


def _graph_nt(store: ox.Store, graph: ox.NamedNode) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""


def sorted_nt(store: ox.Store) -> bytes:
    """The union of all graphs as sorted N-Triples (a triple in several graphs appears once)."""
    # per-graph dumps are several times faster than a CONSTRUCT over the union default graph
    return _sorted_lines(b"".join(_graph_nt(store, g) for g in store.named_graphs()))


def sorted_nq(store: ox.Store) -> bytes:
    """Every quad as sorted N-Quads."""
    return _sorted_lines(store.dump(format=ox.RdfFormat.N_QUADS))


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad, grouped by named graph (graphs in IRI order, triples sorted within)."""
    quads = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        data = _sorted_lines(_graph_nt(store, graph))
        quads += [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        ]
    return quads


def _prefixes(base: str) -> dict[str, str]:
    # Not polr: Turtle would have to write resource IRIs as polr:agency\/永川区\/… .
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    return {p: str(ns) for p, ns in sorted(graph.namespaces()) if p and p != "polr"}


def export_bytes(store: ox.Store, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The store serialised in ``fmt`` (see FORMATS); the same content gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "nt":
        return sorted_nt(store)
    if fmt == "nq":
        return sorted_nq(store)
    if fmt == "trig":
        return (
            ox.serialize(sorted_quads(store), format=ox.RdfFormat.TRIG, prefixes=_prefixes(base))
            or b""
        )
    union = sorted_nt(store)
    if fmt == "jsonld":
        return _jsonld(union, base)
    triples = ox.parse(union, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(base)) or b""


def _jsonld(nt: bytes, base: str) -> bytes:
    """Compact JSON-LD of the N-Triples ``nt`` with ontology/context.jsonld, nodes sorted.

    rdflib gives parsed blank nodes fresh random labels, but the store's labels are
    deterministic: they go through rdflib as skolem IRIs (RDF 1.1 §3.5) and come back as the
    same ``_:label`` blank nodes, so the bytes are reproducible and the graph unchanged.
    """
    genid = f"{base}.well-known/genid/"
    skolem = re.sub(rb"_:([A-Za-z0-9]+)", lambda m: b"<%s%s>" % (genid.encode(), m.group(1)), nt)
    graph = Graph().parse(data=skolem.decode(), format="nt")
    context = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    context = {**context, "polr": base}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    document = _unskolemise(json.loads(text), (genid, "polr:.well-known/genid/"))
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(
            key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False)
        )
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_store(fmt: str, store_dir: Path | str | None = None, base: str = DEFAULT_BASE) -> bytes:
    """Serialise the live store in ``fmt``."""
    return export_bytes(open_read_only(store_dir), fmt, base)
