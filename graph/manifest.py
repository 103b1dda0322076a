"""The build manifest: one row per source graph (path, SHA-256, graph IRI, triples, status).

It sits beside its generation (``gen-000007.manifest``, SQLite from the standard library) and is
switched with it, so it always describes the store a reader sees. A re-run skips a file whose
content and extractor are unchanged; a file whose content is already loaded under another name
is that file, not a second copy. Each row also keeps the source's agency and district
descriptions (N-Triples), from which graph/entities is rebuilt: one description per entity over
the union default graph, while replacing a source still replaces exactly its contribution.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

LOADED = "loaded"
KEPT = "kept"  # the file failed this time; its previous graph stays

_SCHEMA = """CREATE TABLE IF NOT EXISTS source (
  graph TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, extractor TEXT NOT NULL,
  triples INTEGER NOT NULL, status TEXT NOT NULL, documents INTEGER NOT NULL,
  tasks INTEGER NOT NULL, assignments INTEGER NOT NULL, agencies INTEGER NOT NULL,
  indicators INTEGER NOT NULL, entities BLOB NOT NULL)"""
_COLUMNS = ("graph", "path", "sha256", "extractor", "triples", "status", "documents", "tasks",
            "assignments", "agencies", "indicators", "entities")


@dataclass(frozen=True)
class Row:
    """What the store holds for one source file."""

    graph: str
    path: str
    sha256: str
    extractor: str
    triples: int
    status: str
    documents: int
    tasks: int
    assignments: int
    agencies: int
    indicators: int
    entities: bytes


# what a file's graph is made from: the loaders (readers and their data), the graph builder
# with its reference data (graph/data: citations resolve against upstream.ttl) and the ontology
_MADE_FROM = ("loaders", "graph", "ontology")


def fingerprinted_files(folders: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """Every file under ``folders`` (code and data, subfolders too) but Python's caches, sorted."""
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                yield f"{folder.name}/{path.relative_to(folder).as_posix()}", path


def fingerprint(folders: Iterable[Path]) -> str:
    """A hash of the names and bytes of every file under ``folders``."""
    digest = hashlib.sha256()
    for name, path in fingerprinted_files(folders):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def dependency_versions() -> list[str]:
    """name==version of each installed run-time requirement of policykg, sorted.

    The readers' libraries shape extraction too: a new pdfplumber, charset-normalizer or
    OpenCC can read the same file differently.
    """
    try:
        requires = metadata.requires("policykg") or []
    except metadata.PackageNotFoundError:  # run from a tree that is not installed
        return []
    found = []
    for requirement in requires:
        named = re.match(r"[A-Za-z0-9._-]+", requirement)
        if named is None or "extra ==" in requirement:
            continue
        try:
            found.append(f"{named.group()}=={metadata.version(named.group())}")
        except metadata.PackageNotFoundError:
            found.append(f"{named.group()} missing")
    return sorted(found)


@cache
def extractor_fingerprint() -> str:
    """A hash of what turns a file into its graph (code, data, the libraries' versions): a
    change to any of it rebuilds every file."""
    root = Path(__file__).resolve().parent.parent  # the checkout, or policykg/ in a wheel
    code = fingerprint(root / name for name in _MADE_FROM)
    libraries = hashlib.sha256("\n".join(dependency_versions()).encode()).hexdigest()
    return hashlib.sha256((code + libraries).encode()).hexdigest()[:16]


def manifest_path(generation: Path) -> Path:
    """The manifest file of a generation directory."""
    return generation.with_name(generation.name + ".manifest")


class Manifest:
    """The rows of one generation, in an SQLite file."""

    def __init__(self, path: Path, copy_of: Path | None = None) -> None:
        if copy_of is not None and copy_of.exists():
            shutil.copyfile(copy_of, path)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute(_SCHEMA)

    def get(self, graph: str) -> Row | None:
        """The row of ``graph``, if the store holds it."""
        found = self.db.execute("SELECT * FROM source WHERE graph = ?", (graph,)).fetchone()
        return Row(*found) if found else None

    def loaded_with(self, sha256: str) -> Row | None:
        """A loaded source with this content, if any (the smallest graph IRI)."""
        found = self.db.execute(
            "SELECT * FROM source WHERE sha256 = ? AND status != 'failed' ORDER BY graph LIMIT 1",
            (sha256,),
        ).fetchone()
        return Row(*found) if found else None

    def put(self, row: Row) -> None:
        """Insert or replace the row of ``row.graph``."""
        marks = ", ".join("?" for _ in _COLUMNS)
        self.db.execute(f"INSERT OR REPLACE INTO source VALUES ({marks})",
                        tuple(getattr(row, c) for c in _COLUMNS))

    def mark(self, graph: str, status: str) -> None:
        """Set the status of ``graph``'s row."""
        self.db.execute("UPDATE source SET status = ? WHERE graph = ?", (status, graph))

    def delete(self, graph: str) -> None:
        """Forget ``graph``."""
        self.db.execute("DELETE FROM source WHERE graph = ?", (graph,))

    def rows(self) -> Iterator[Row]:
        """Every row, in graph IRI order."""
        for found in self.db.execute("SELECT * FROM source ORDER BY graph"):
            yield Row(*found)

    def entities(self) -> Iterator[bytes]:
        """The entity descriptions (N-Triples) of every source the store holds."""
        for (data,) in self.db.execute("SELECT entities FROM source ORDER BY graph"):
            yield data

    def close(self) -> None:
        """Commit and close."""
        self.db.commit()
        self.db.close()
