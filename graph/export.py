"""Export the store as sorted, byte-for-byte reproducible RDF, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.iris import DEFAULT_BASE, bind_prefixes
from graph.store import open_read_only
from ontology.files import CONTEXT_JSONLD

# format name → (pyoxigraph format, keeps named graphs); JSON-LD goes through rdflib's compactor
FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (None, False),
}


def _key(term: object) -> str:
    return str(term)


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad, ordered by graph, subject, predicate, object (their N-Triples forms)."""
    quads = store.quads_for_pattern(None, None, None, None)
    return sorted(
        quads,
        key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)),
    )


def sorted_triples(store: ox.Store) -> list[ox.Triple]:
    """The union of all graphs, without duplicates, ordered by subject, predicate, object."""
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    return sorted(triples, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def _prefixes(base: str) -> dict[str, str]:
    # Not polr: Turtle would have to write resource IRIs as polr:agency\/永川区\/… .
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    return {p: str(ns) for p, ns in sorted(graph.namespaces()) if p and p != "polr"}


def export_bytes(store: ox.Store, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The store serialised in ``fmt`` (see FORMATS); the same content gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format, quads = FORMATS[fmt]
    if rdf_format is None:
        return _jsonld(sorted_triples(store), base)
    data = sorted_quads(store) if quads else sorted_triples(store)
    prefixes = _prefixes(base) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return ox.serialize(data, format=rdf_format, prefixes=prefixes) or b""


def _jsonld(triples: list[ox.Triple], base: str) -> bytes:
    graph = Graph().parse(
        data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt"
    )
    context = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    context = {**context, "polr": base}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    document = json.loads(text)
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(
            key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False)
        )
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


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
