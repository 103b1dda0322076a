"""The embedded on-disk store: Oxigraph (RocksDB) generations switched atomically.

Layout of a store directory::

    current -> gen-000007     symlink, replaced atomically (os.replace) when a build finishes
    gen-000007/               the live Oxigraph database, one named graph per source file
    gen-000007.manifest       its manifest (graph/manifest.py): path, SHA-256, triples, status
    gen-000006/ (.manifest)   the previous generation, kept for readers that still have it open
    lock                      flock'd by the one writer

A build copies the live generation with ``Store.backup`` (a RocksDB checkpoint: hard links, no
data copied), applies its changes to the copy and only then switches ``current``. Extractions
are written as they arrive (memory does not grow with the number of files), in bulk: the new
generation is private until the switch, so the bulk loader's lack of transactions costs nothing.
A build that fails removes its generation and says why in one sentence; one killed (even
``kill -9``) leaves ``current`` on the previous generation, and the next build removes what it
left (a generation newer than ``current`` was never switched to).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import gc
import hashlib
import itertools
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from policykg.graph.build import N_PROV, N_RDF, BuildError, Built, P, Triple, build_triples
from policykg.graph.clause_links import Linker
from policykg.graph.clauses import clause_graph, load_outlines
from policykg.graph.derived import derived_quads
from policykg.graph.iris import DEFAULT_BASE, ELI, Iris
from policykg.graph.location import (
    CURRENT,
    StoreBusyError,
    StoreNotFoundError,
    StorePathError,
    StoreSpaceError,
    default_store_dir,
    live_dir,
)
from policykg.graph.manifest import (
    KEPT,
    LOADED,
    Manifest,
    Row,
    extractor_fingerprint,
    manifest_path,
)
from policykg.graph.parts import Parts
from policykg.graph.reference import (
    Catalog,
    catalog_of_documents,
    catalog_of_graph,
    reference_graph,
)
from policykg.graph.search_index import (
    INDEX_NAME,
    IndexWriter,
    SearchIndex,
    write_search_index,
)
from policykg.loaders.records import Extraction, Source
from policykg.ontology.namespace import POL

_GENERATION = re.compile(r"^gen-(\d{6})$")


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
    note: str = ""  # "unchanged" (skipped) or "same content as PATH" (loaded once)
    warnings: tuple[str, ...] = ()  # what the loader found missing in a partial text

    @property
    def ok(self) -> bool:
        """True if the file's graph was written."""
        return not self.errors


def report_of(path: str, triples: Iterable[Triple]) -> FileReport:
    """Count what a built source graph (its N-Triples triples and entity descriptions) holds."""
    typed: dict[str, set[str]] = {}
    documents = set()
    rdf_type, derived_from = N_RDF.type, N_PROV.wasDerivedFrom
    for s, p, o in triples:
        if p == rdf_type:
            typed.setdefault(o, set()).add(s)
        elif p == derived_from:
            documents.add(s)

    def count(cls: str) -> int:
        return len(typed.get(cls, ()))

    return FileReport(
        path,
        documents=len(documents),
        tasks=count(P.Task),
        assignments=count(P.Assignment),
        agencies=count(P.Agency),
        indicators=count(P.Indicator),
    )


Citations = tuple[tuple[str | None, str | None, URIRef | None], ...]


@dataclass(frozen=True)
class Prepared:
    """One source file ready to write: its N-Quads and the little the writer needs besides.

    Dask workers send this back instead of the records (graph/workers.py): bytes unpickle at
    memory speed, while a tree of record dataclasses cost the writing process ~14 % of its time.
    ``errors`` are the extraction's, ``build_errors`` those of turning its records into triples.
    """

    source: Source
    graph: str  # the named graph its quads are in
    errors: tuple[str, ...] = ()
    build_errors: tuple[str, ...] = ()
    quads: bytes = b""  # N-Quads in the source's named graph
    entities: bytes = b""  # N-Triples: its agencies and districts (graph/entities)
    triples: int = 0
    report: FileReport | None = None
    citations: Citations = ()  # (文号, title, the document it resolved to) as built
    catalog: Catalog = field(default_factory=Catalog)  # its documents, for others' citations


def prepare(extraction: Extraction, catalog: Catalog, base: str = DEFAULT_BASE,
            graph: str | None = None) -> Prepared:
    """Build and encode one file's triples for the named graph ``graph`` (else
    source/{parent}/{name}); a failure is the file's error, never an exception."""
    path = extraction.source.path
    iris = Iris(base)
    graph = graph or str(iris.source(path))
    if extraction.errors:
        return Prepared(extraction.source, graph, errors=tuple(extraction.errors))
    try:
        built = build_triples(extraction, catalog, base, URIRef(graph))
        quads, entities = _encode(graph, built)
    except BuildError as error:
        return Prepared(extraction.source, graph, build_errors=(f"{path}: {error}",))
    except Exception as error:  # a bug on one file's records is that file's error (issue 17)
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return Prepared(extraction.source, graph, build_errors=(
            f"{path}: its records could not be turned into triples, a bug to report ({reason})",))
    report = dataclasses.replace(
        report_of(path, built.triples | built.entities),
        warnings=tuple(w for d in extraction.documents for w in d.warnings),
    )
    return Prepared(extraction.source, graph, quads=quads, entities=entities,
                    triples=len(built.triples), report=report, citations=built.citations,
                    catalog=catalog_of_documents(extraction.documents, iris))


def to_quads(graph: Graph | Iterable[tuple[URIRef, URIRef, object]],
             graph_name: URIRef) -> Iterator[ox.Quad]:
    """rdflib triples (a graph or any iterable) as pyoxigraph quads in ``graph_name``."""
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


_OURS = re.compile(r"^(?:gen-\d{6}(?:\.manifest(?:-journal)?)?|current|\.current\.tmp|lock)$")


def check_store_dir(store_dir: Path) -> None:
    """Refuse a store path that is a file, a read-only folder or a folder of something else."""
    if store_dir.exists() and not store_dir.is_dir():
        raise StorePathError(f"the store path {store_dir} is a file, not a folder")
    if not store_dir.exists():
        parent = next(p for p in store_dir.parents if p.exists())
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise StorePathError(f"cannot create the store folder {store_dir}: {parent} is "
                                 "not a writable folder")
        return
    if not os.access(store_dir, os.W_OK | os.X_OK):
        raise StorePathError(f"cannot write to the store folder {store_dir}: it is read-only")
    others = sorted(p.name for p in store_dir.iterdir() if not _OURS.match(p.name))
    if others:
        shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        raise StorePathError(f"{store_dir} is not a policykg store: it holds {shown}; "
                             "choose an empty or new folder")


@contextlib.contextmanager
def _write_lock(store_dir: Path) -> Iterator[None]:
    with open(store_dir / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusyError(f"another build is writing {store_dir}") from None
        yield


def _remove_generation(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)
    for path in (manifest_path(generation), Path(f"{manifest_path(generation)}-journal")):
        path.unlink(missing_ok=True)


def _remove_leftovers(store_dir: Path, live: Path | None) -> None:
    """Remove what killed builds left: generations never switched to, manifests without one."""
    number = int(live.name[4:]) if live is not None else 0
    for generation in _generations(store_dir):
        if int(generation.name[4:]) > number:
            _remove_generation(generation)
    for path in store_dir.glob("gen-*.manifest*"):
        if not (store_dir / path.name.partition(".")[0]).is_dir():
            path.unlink(missing_ok=True)
    (store_dir / f".{CURRENT}.tmp").unlink(missing_ok=True)


def _new_generation(store_dir: Path, live: Path | None) -> Path:
    """A fresh generation directory holding a checkpoint of ``live`` (or empty)."""
    existing = _generations(store_dir)
    number = int(_GENERATION.match(existing[-1].name).group(1)) + 1 if existing else 1  # type: ignore[union-attr]
    target = store_dir / f"gen-{number:06d}"
    if live is not None:
        ox.Store.read_only(str(live)).backup(str(target))
    return target


def _mb(size: float) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} kB"


def _is_disk_full(error: BaseException) -> bool:
    """ENOSPC as RocksDB (an OSError "IO error: No space left…") or SQLite ("disk is full") say it."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    return isinstance(error, OSError | sqlite3.Error) and (
        "No space left" in str(error) or "disk is full" in str(error)
    )


# the bulk loader holds ~1.2 kB a quad of its input: memory stays flat (~0.5 GB at most);
# fewer, larger batches leave fewer files to merge when the store is read back and compacted
_FLUSH_QUADS = 200_000


class StoreWriter:
    """One build: a new generation that files are written into as they arrive, then switched.

    Use it as a context manager; ``add`` each extraction (or ``unchanged`` first to skip files
    whose content the store already holds), then ``finish``. Leaving the block without
    ``finish`` (an exception, disk full) removes the generation: the store is as before.
    """

    def __init__(self, store_dir: Path | str | None = None, base: str = DEFAULT_BASE,
                 reload: Callable[[str], Extraction] | None = None,
                 expected_files: int | None = None) -> None:
        self.store_dir = Path(store_dir) if store_dir is not None else default_store_dir()
        self.base = base
        self.iris = Iris(base)
        self.reload = reload
        self.expected_files = expected_files  # for the disk space a failed build would have needed
        self.extractor = extractor_fingerprint() + base
        self.reports: list[FileReport] = []
        self._written: dict[str, str] = {}  # graph IRI → path, this build
        self._names: dict[str, str] = {}  # path → graph IRI, this build
        self._holders: dict[str, str] = {}  # graph IRI → the real path it names, this build
        self._contents: dict[str, str] = {}  # SHA-256 → path, this build
        self._pending: list[bytes] = []  # N-Quads waiting for the bulk loader
        self._pending_quads = 0
        self._citations: dict[str, Citations] = {}
        self._held: dict[str, Extraction] = {}
        self._stack = contextlib.ExitStack()
        self._finished = False

    def __enter__(self) -> StoreWriter:
        check_store_dir(self.store_dir)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self._stack.enter_context(_write_lock(self.store_dir))
        self._free_at_start = shutil.disk_usage(self.store_dir).free
        try:
            try:
                self.live: Path | None = live_dir(self.store_dir)
            except StoreNotFoundError:
                self.live = None
            _remove_leftovers(self.store_dir, self.live)
            self.generation = _new_generation(self.store_dir, self.live)
            self.manifest = Manifest(
                manifest_path(self.generation),
                copy_of=manifest_path(self.live) if self.live is not None else None,
            )
            self.store = ox.Store(str(self.generation))
            reference = reference_graph(self.base)
            outlines, bad = load_outlines()
            reference += clause_graph(outlines, self.base)  # outlines are reference data too
            self.reports += [FileReport(path, errors=(reason,)) for path, reason in bad]
            known = catalog_of_graph(reference).merged(catalog_of_store(self.store))
            # one catalogue that grows as files arrive (merging copies would be quadratic)
            self._numbers, self._titles = dict(known.numbers), dict(known.titles)
            self.catalog = Catalog(self._numbers, self._titles)
            quads = set(to_quads(reference, self.iris.reference_graph))
            node = ox.NamedNode(self.iris.reference_graph)
            # a build that changes no graph keeps the shared graphs of the last one (a re-run of
            # the 16x copies recomputed them all: 17 s for nothing)
            self._changed = not _holds_exactly(self.store, node, quads)
            if self._changed:
                _replace(self.store, (node,), quads)
        except BaseException as error:
            self.__exit__(type(error), error, None)
            raise
        return self

    def claim(self, path: str, sha256: str) -> FileReport | None:
        """Before extracting: the report of a file that needs no work, else None.

        A file is skipped when an earlier file of this build has the same content (claim files
        in input order, so the same one is loaded whatever order extractions arrive in), or
        when the store already holds it unchanged.
        """
        first = self._contents.setdefault(sha256, path)
        if first != path:
            report = FileReport(path, note=f"same content as {first}")
            self.reports.append(report)
            return report
        return self.unchanged(path, sha256)

    def source_name(self, path: str, sha256: str) -> str:
        """The graph of the file at ``path``: source/{parent}/{name}, or more of its folders.

        Two different files never share a graph: when another file (another real path, other
        content) already holds source/{parent}/{name}, this file keeps one more of its folders,
        then another (source/b/2023/通知.txt beside a/2023/通知.txt's source/2023/通知.txt).
        The same file, or the same content from another folder, keeps the graph it has.
        """
        name = self._names.get(path)
        if name is not None:
            return name
        real = os.path.realpath(path)
        depth = len(Path(real).parent.parts)
        candidates = [self.iris.source(path)]
        candidates += [self.iris.source(real, n) for n in range(2, depth + 1)]
        # last resort: a folder named for the whole real path, which no other file shares
        digest = hashlib.sha256(real.encode()).hexdigest()[:12]
        candidates.append(self.iris.source(str(Path(digest) / real.lstrip(os.sep)), depth + 1))
        for candidate in map(str, candidates):
            holder = self._holders.get(candidate)
            if holder is None:
                row = self.manifest.get(candidate)
                if row is not None and row.sha256 != sha256:
                    holder = os.path.realpath(row.path)
            if holder is None or holder == real:
                self._names[path], self._holders[candidate] = candidate, real
                return candidate
        raise AssertionError(f"no free graph name for {path}")  # the digest folder is one

    def unchanged(self, path: str, sha256: str) -> FileReport | None:
        """The report of a file the store already holds with this content, else None."""
        row = self.manifest.get(self.source_name(path, sha256))
        if row is None or row.status != LOADED or row.sha256 != sha256:
            return None
        if row.extractor != self.extractor:
            return None
        self._written[row.graph] = path
        report = FileReport(path, row.documents, row.tasks, row.assignments, row.agencies,
                            row.indicators, note="unchanged")
        self.reports.append(report)
        return report

    def add(self, extraction: Extraction) -> FileReport:
        """Write one file's graph (replacing its previous one); a failing file keeps its old one."""
        report = self._add(None, extraction)
        self.reports.append(report)
        return report

    def add_prepared(self, prepared: Prepared) -> FileReport:
        """Write one file prepared elsewhere (a worker); as ``add``, without the records."""
        report = self._add(prepared, None)
        self.reports.append(report)
        return report

    def _add(self, prepared: Prepared | None, extraction: Extraction | None) -> FileReport:
        source = prepared.source if prepared is not None else extraction.source if extraction else None
        assert source is not None, "a prepared file or an extraction"
        path, sha = source.path, source.sha256
        first = self._contents.get(sha)
        if sha and first is not None and first != path:
            return FileReport(path, note=f"same content as {first}")
        name = self.source_name(path, sha)
        if prepared is None or (prepared.report is not None and prepared.graph != name):
            # built here, or on a worker for a graph name it could not know: build for this one
            if extraction is None and self.reload is not None:
                extraction = self.reload(path)
            if extraction is None:
                return self._failed(name, FileReport(path, errors=(
                    f"{path}: built for the graph {prepared.graph if prepared else None}, "
                    f"not {name}, and it cannot be read again",)))
            prepared = prepare(extraction, self.catalog, self.base, name)
        if prepared.errors:
            return self._failed(name, FileReport(path, errors=prepared.errors))
        if prepared.build_errors or prepared.report is None:
            return self._failed(name, FileReport(path, errors=prepared.build_errors))
        self._contents[sha] = path
        elsewhere = self.manifest.loaded_with(sha) if sha else None
        if elsewhere is not None and elsewhere.graph != name:
            # the same file built from another folder: it moves, it is not loaded twice
            self._remove_graph(elsewhere.graph)
            self.manifest.delete(elsewhere.graph)
        self._write(name, prepared, sha)
        self._citations[path] = prepared.citations
        if extraction is not None and self.reload is None and any(
                r is None for _, _, r in prepared.citations):
            self._held[path] = extraction
        self._numbers.update(prepared.catalog.numbers)
        self._titles.update(prepared.catalog.titles)
        return prepared.report

    def _failed(self, name: str, report: FileReport) -> FileReport:
        if self.manifest.get(name) is not None:
            self.manifest.mark(name, KEPT)
        return report

    def _write(self, name: str, prepared: Prepared, sha: str) -> None:
        report = prepared.report
        assert report is not None
        self._remove_graph(name)
        self._changed = True
        self._pending.append(prepared.quads)
        self._pending_quads += prepared.triples
        # the real path: a later build tells this file from another of the same folder name by it
        self.manifest.put(Row(name, os.path.realpath(report.path), sha, self.extractor,
                              prepared.triples, LOADED,
                              report.documents, report.tasks, report.assignments,
                              report.agencies, report.indicators, prepared.entities))
        self._written[name] = report.path
        if self._pending_quads >= _FLUSH_QUADS:
            self._flush()

    def _remove_graph(self, name: str) -> None:
        node = ox.NamedNode(name)
        if name in self._written:
            self._flush()  # it may still be waiting in the bulk buffer
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)
            self._changed = True

    def _flush(self) -> None:
        if self._pending:
            self.store.bulk_load(b"".join(self._pending), format=ox.RdfFormat.N_QUADS)
            self._pending, self._pending_quads = [], 0

    def _resolve_again(self) -> None:
        """Rebuild the files whose citations resolve differently now that every file is known."""
        for path, citations in self._citations.items():
            if all(self.catalog.resolve(n, t) == found for n, t, found in citations):
                continue
            extraction = self._held.get(path) or (self.reload(path) if self.reload else None)
            if extraction is None or extraction.errors:
                continue
            prepared = prepare(extraction, self.catalog, self.base, self._names[path])
            if prepared.report is not None:
                self._write(prepared.graph, prepared, extraction.source.sha256)
        self._held.clear()

    def finish(self) -> list[FileReport]:
        """Write the shared graphs, make the new generation the live one, and return the reports."""
        self._resolve_again()
        self._flush()
        if self._changed:
            # inside the generation: swapped with it; made from the documents the derived facts read
            with IndexWriter(self.generation) as index:
                self._shared_graphs(index)
                index.finish(self.store)
        else:
            _keep_search_index(self.live, self.store, self.generation)
        self.store.flush()
        self.manifest.close()
        del self.store
        gc.collect()  # the RocksDB handle must be closed before readers open this generation
        if self._changed:
            _compact(self.generation)
        _switch(self.store_dir, self.generation)
        _prune(self.store_dir, keep={self.generation, self.live})
        self._finished = True
        return self.reports

    def _shared_graphs(self, index: IndexWriter) -> None:
        """Rebuild graph/entities, graph/clauses and graph/derived; give ``index`` the documents."""
        # no compaction before reading back: with the larger bulk batches it cost more than it
        # saved (64× copies, CPU s of the build: 22.8 and 22.5 with it, 21.8 and 19.5 without)
        entities = ox.NamedNode(str(self.iris.entities_graph))
        if self.store.contains_named_graph(entities):
            self.store.remove_graph(entities)
        # each source repeats the agencies it names: keep one line of each (memory follows the
        # entities, not the sources)
        lines = {line for data in self.manifest.entities() for line in data.splitlines()}
        self.store.bulk_load(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES,
                             to_graph=entities)
        clauses = ox.NamedNode(str(self.iris.clauses_graph))
        derived = ox.NamedNode(str(self.iris.derived_graph))
        linker = Linker(self.store)

        def per_document(parts: Parts) -> Iterator[ox.Quad]:
            index.add(parts)
            return linker.quads(parts, clauses)

        # one reading of each document: its clause links, derived facts and search entries
        _replace(self.store, (clauses, derived),
                 derived_quads(self.store, derived, on_parts=per_document))

    def _space_needed(self) -> float:
        """What the whole build would have needed: the space it filled, scaled to every file.

        The writes that filled the disk covered ``done`` of the expected files; compaction
        rewrites the new data once more (RocksDB), hence the factor 1.5.
        """
        done = len(self.reports)
        expected = max(self.expected_files or 0, done, 1)
        return self._free_at_start * expected / max(done, 1) * 1.5

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> None:
        try:
            if not self._finished and hasattr(self, "generation"):
                with contextlib.suppress(Exception):
                    self.manifest.db.close()
                self.__dict__.pop("store", None)
                gc.collect()
                _remove_generation(self.generation)
                if error is not None and _is_disk_full(error):
                    raise StoreSpaceError(
                        f"not enough disk space in {self.store_dir}: "
                        f"{_mb(shutil.disk_usage(self.store_dir).free)} free, about "
                        f"{_mb(self._space_needed())} needed; the store is unchanged"
                    ) from None
        finally:
            self._stack.close()


def write_store(
    extractions: Iterable[Extraction],
    store_dir: Path | str | None = None,
    base: str = DEFAULT_BASE,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Replace the named graph of every good extraction, refresh the shared graphs.

    Files with errors (or records that do not build) keep their previous graph. The new state
    becomes visible at once, when the build has finished, or not at all.
    """
    with StoreWriter(store_dir, base) as writer:
        for extraction in extractions:
            report = writer.add(extraction)
            if progress is not None:
                progress(report)
        return writer.finish()


def _encode(name: str, built: Built) -> tuple[bytes, bytes]:
    """A source's triples as N-Quads in graph ``name``, and its entity descriptions as N-Triples."""
    graph = f" <{name}> .\n"
    quads = "".join([f"{s} {p} {o}{graph}" for s, p, o in built.triples]).encode()
    entities = "".join([f"{s} {p} {o} .\n" for s, p, o in built.entities]).encode()
    return quads, entities


def _compact(generation: Path) -> None:
    """Reopen and compact: RocksDB drops the write-ahead log (two thirds of the size) on reopen."""
    store = ox.Store(str(generation))
    store.optimize()
    store.flush()
    del store
    gc.collect()


def _replace(store: ox.Store, nodes: Iterable[ox.NamedNode], quads: Iterable[ox.Quad]) -> None:
    """Replace the content of the named graphs ``nodes`` by ``quads``, written in bounded batches."""
    for node in nodes:
        if store.contains_named_graph(node):
            store.remove_graph(node)
    pending = iter(quads)
    while batch := list(itertools.islice(pending, _FLUSH_QUADS)):
        store.bulk_extend(batch)


def _keep_search_index(live: Path | None, store: ox.Store, generation: Path) -> None:
    """The unchanged store's search index: the live generation's (a checkpoint leaves it out),
    unless it is missing or of another version."""
    if live is not None and SearchIndex.of(live) is not None:
        shutil.copyfile(live / INDEX_NAME, generation / INDEX_NAME)
    else:
        write_search_index(store, generation)


def _holds_exactly(store: ox.Store, node: ox.NamedNode, quads: set[ox.Quad]) -> bool:
    """Whether the named graph ``node`` of ``store`` holds ``quads`` and nothing else."""
    held = 0
    for quad in store.quads_for_pattern(None, None, None, node):
        if quad not in quads:
            return False
        held += 1
    return held == len(quads)


def _prune(store_dir: Path, keep: Iterable[Path | None]) -> None:
    """Remove generations other than ``keep`` (older states) with their manifests."""
    kept = {p.resolve() for p in keep if p is not None}
    for generation in _generations(store_dir):
        if generation.resolve() not in kept:
            _remove_generation(generation)
