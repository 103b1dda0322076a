"""The embedded on-disk store: Oxigraph (RocksDB) generations switched atomically.

Layout of a store directory::

    current -> gen-000007     symlink, replaced atomically (os.replace) when a build finishes
    gen-000007/               the live Oxigraph database, one named graph per source file
    gen-000006/               the previous generation, kept for readers that still have it open
    lock                      flock'd by the one writer

A build copies the live generation with ``Store.backup`` (a RocksDB checkpoint: hard links, no
data copied), applies its changes to the copy and only then switches ``current``. A build that
fails or is killed (even ``kill -9``) leaves ``current`` on the previous generation; the next
build removes its debris.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from policykg.graph.build import BuildError, build_graph
from policykg.graph.clause_links import clause_quads
from policykg.graph.clauses import clause_graph, load_outlines
from policykg.graph.derived import derived_quads
from policykg.graph.iris import DEFAULT_BASE, ELI, Iris
from policykg.graph.reference import (
    Catalog,
    catalog_of_documents,
    catalog_of_graph,
    reference_graph,
)
from policykg.loaders.records import Extraction
from policykg.ontology.namespace import POL

STORE_ENV = "POLICYKG_STORE"
CURRENT = "current"
_GENERATION = re.compile(r"^gen-(\d{6})$")


class StoreNotFoundError(FileNotFoundError):
    """There is no built store in the directory."""


class StoreBusyError(RuntimeError):
    """Another build holds the store's write lock."""


def default_store_dir() -> Path:
    """The store directory: $POLICYKG_STORE, else ./.policykg/store."""
    return Path(os.environ.get(STORE_ENV) or Path(".policykg") / "store")


def live_dir(store_dir: Path | str | None = None) -> Path:
    """The directory of the live Oxigraph database (give it to ``oxigraph serve-read-only``)."""
    store_dir = Path(store_dir) if store_dir is not None else default_store_dir()
    link = store_dir / CURRENT
    if not link.is_symlink() or not link.resolve().is_dir():
        raise StoreNotFoundError(f"no store in {store_dir}; run `policykg build` first")
    return link.resolve()


def open_read_only(store_dir: Path | str | None = None) -> ox.Store:
    """Open the live generation read-only; several readers may run while a build writes."""
    return ox.Store.read_only(str(live_dir(store_dir)))


@dataclass(frozen=True)
class FileReport:
    """What one source file contributed to a build, or why it did not."""

    path: str
    documents: int = 0
    tasks: int = 0
    assignments: int = 0
    agencies: int = 0
    indicators: int = 0
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True if the file's graph was written."""
        return not self.errors


def report_of(path: str, graph: Graph) -> FileReport:
    """Count what a built source graph holds."""

    def count(cls: URIRef) -> int:
        return len(set(graph.subjects(RDF.type, cls)))

    return FileReport(
        path,
        documents=len(set(graph.subjects(PROV.wasDerivedFrom, None))),
        tasks=count(POL.Task),
        assignments=count(POL.Assignment),
        agencies=count(POL.Agency),
        indicators=count(POL.Indicator),
    )


def to_quads(graph: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    """The rdflib ``graph``'s triples as pyoxigraph quads in the named graph ``graph_name``."""
    nodes: dict[str, ox.NamedNode] = {}

    def node(term: URIRef) -> ox.NamedNode:
        found = nodes.get(term)
        if found is None:
            found = nodes[term] = ox.NamedNode(str(term))
        return found

    def convert(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            return node(term)
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=node(term.datatype))
            return ox.Literal(str(term))
        raise TypeError(f"not an RDF term: {term!r}")

    name = node(graph_name)
    for s, p, o in graph:
        yield ox.Quad(convert(s), convert(p), convert(o), name)  # type: ignore[arg-type]


def catalog_of_store(store: ox.Store) -> Catalog:
    """Catalogue the known documents already in ``store``, to resolve new citations against."""
    query = f"""PREFIX eli: <{ELI}> PREFIX dcterms: <{DCTERMS}> PREFIX prov: <{PROV}>
    PREFIX pol: <{POL._NS}>
    CONSTRUCT {{ ?d a pol:PolicyDocument ; eli:id_local ?n ; dcterms:title ?t }}
    WHERE {{
      {{ ?d prov:wasDerivedFrom ?source }} UNION {{ ?d a pol:ReferenceDocument }}
      OPTIONAL {{ ?d eli:id_local ?n }}
      OPTIONAL {{ ?d dcterms:title|dcterms:alternative ?t }}
    }}"""
    graph = Graph()
    data = ox.serialize(
        store.query(query, use_default_graph_as_union=True), format=ox.RdfFormat.N_TRIPLES
    )
    graph.parse(data=data.decode() if data else "", format="nt")
    return catalog_of_graph(graph)


def _generations(store_dir: Path) -> list[Path]:
    return sorted(p for p in store_dir.iterdir() if _GENERATION.match(p.name) and p.is_dir())


def _switch(store_dir: Path, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically and make the change durable."""
    tmp = store_dir / f".{CURRENT}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(generation.name, tmp)
    os.replace(tmp, store_dir / CURRENT)
    fd = os.open(store_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _write_lock(store_dir: Path) -> Iterator[None]:
    with open(store_dir / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusyError(f"another build is writing {store_dir}") from None
        yield


def _new_generation(store_dir: Path, live: Path | None) -> Path:
    """A fresh generation directory holding a checkpoint of ``live`` (or empty)."""
    existing = _generations(store_dir)
    number = int(_GENERATION.match(existing[-1].name).group(1)) + 1 if existing else 1  # type: ignore[union-attr]
    target = store_dir / f"gen-{number:06d}"
    if live is not None:
        ox.Store.read_only(str(live)).backup(str(target))
    return target


def write_store(
    extractions: Sequence[Extraction],
    store_dir: Path | str | None = None,
    base: str = DEFAULT_BASE,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Replace the named graph of every good extraction, refresh reference and derived graphs.

    Files with errors (or records that do not build) keep their previous graph. The new state
    becomes visible at once, when the build has finished, or not at all.
    """
    store_dir = Path(store_dir) if store_dir is not None else default_store_dir()
    store_dir.mkdir(parents=True, exist_ok=True)
    iris = Iris(base)
    with _write_lock(store_dir):
        try:
            live: Path | None = live_dir(store_dir)
        except StoreNotFoundError:
            live = None
        generation = _new_generation(store_dir, live)
        store = ox.Store(str(generation))
        reference = reference_graph(base)
        reference += clause_graph(load_outlines()[0], base)  # outlines are reference data too
        catalog = (
            catalog_of_graph(reference)
            .merged(catalog_of_store(store))
            .merged(
                catalog_of_documents(
                    (d for e in extractions if not e.errors for d in e.documents), iris
                )
            )
        )
        _replace(
            store, ox.NamedNode(iris.reference_graph), to_quads(reference, iris.reference_graph)
        )
        reports = []
        for extraction in extractions:
            report = _load_file(store, extraction, catalog, base)
            reports.append(report)
            if progress is not None:
                progress(report)
        clauses = ox.NamedNode(str(iris.clauses_graph))
        _replace(store, clauses, clause_quads(store, clauses))
        derived = ox.NamedNode(str(iris.derived_graph))
        _replace(store, derived, derived_quads(store, derived))
        store.flush()
        del store
        gc.collect()  # the RocksDB handle must be closed before readers open this generation
        _compact(generation)
        _switch(store_dir, generation)
        _prune(store_dir, keep={generation, live})
    return reports


def _compact(generation: Path) -> None:
    """Reopen and compact: RocksDB drops the write-ahead log (two thirds of the size) on reopen."""
    store = ox.Store(str(generation))
    store.optimize()
    store.flush()
    del store
    gc.collect()


def _replace(store: ox.Store, node: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
    """Replace the content of the named graph ``node`` by ``quads``."""
    if store.contains_named_graph(node):
        store.remove_graph(node)
    store.extend(quads)


def _load_file(store: ox.Store, extraction: Extraction, catalog: Catalog, base: str) -> FileReport:
    path = extraction.source.path
    if extraction.errors:
        return FileReport(path, errors=tuple(extraction.errors))
    try:
        graph = build_graph(extraction, catalog, base)
    except BuildError as error:
        return FileReport(path, errors=(str(error),))
    name = Iris(base).source(path)
    _replace(store, ox.NamedNode(name), to_quads(graph, name))
    return report_of(path, graph)


def _prune(store_dir: Path, keep: Iterable[Path | None]) -> None:
    """Remove generations other than ``keep`` (debris of killed builds, older states)."""
    kept = {p.resolve() for p in keep if p is not None}
    for generation in _generations(store_dir):
        if generation.resolve() not in kept:
            shutil.rmtree(generation, ignore_errors=True)
