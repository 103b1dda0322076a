"""The search index of a store generation: a two-character (bigram) inverted index over the texts
``policykg search`` looks in — task texts, section and document titles, agency names.

It is one SQLite file inside the generation directory, written by the build before the
generation is switched to, so it is replaced with every build, removed with its generation, and
a reader that opened a generation reads that generation's index: it cannot be stale. A text is
found exactly (as SPARQL CONTAINS would): the bigrams of the searched text select candidates,
which are then checked for the whole text; a one-character text is looked up by a scan.

Tasks are numbered in the order reports list them (document order, then task order), so ranking
needs no lookup; each searchable text (an *entry*) lists the tasks it stands for: a task's text
itself, a section's tasks (subsections included), a document's tasks, an agency's tasks.
"""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.parts import Documents, Parts, Term, one
from policykg.ontology.namespace import POL

INDEX_NAME = "policykg-search.sqlite"
VERSION = "2"  # 2: each task's document
KINDS = ("task", "section", "document", "agency")
ROLES = {"lead": POL.leadAgency, "co": POL.coAgency, "joint": POL.jointAgency,
         "co_handler": POL.coHandler}

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TITLE = "http://purl.org/dc/terms/title"
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE task(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, doc TEXT);
CREATE TABLE entry(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL, tasks BLOB);
CREATE TABLE gram(gram TEXT PRIMARY KEY, entries BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE subset(name TEXT PRIMARY KEY, tasks BLOB NOT NULL) WITHOUT ROWID;
"""


def bigrams(text: str) -> set[str]:
    """The distinct two-character pieces of ``text``.

    >>> sorted(bigrams("垃圾分类"))
    ['分类', '圾分', '垃圾']
    >>> bigrams("碳")
    set()
    """
    return set(map(str.__add__, text, text[1:]))  # a quarter faster than slicing


def _ids(values: Iterable[int]) -> bytes:
    return array("I", sorted(values)).tobytes()


def _decode(blob: bytes | None) -> array:
    found = array("I")
    if blob:
        found.frombytes(blob)
    return found


# postings kept in memory before they are written to the scratch database (about 4 bytes each)
_POSTINGS = 4_000_000


class IndexWriter:
    """Writes the index of a store generation into ``directory`` one document at a time.

    ``add`` takes each document's parts in report order (graph/parts.py), so a task's number is
    known when it is read and its text is written at once; ``finish`` adds the entries that need
    every document (sections' and documents' titles, agency names, the filters), merges the
    bigram lists and moves the file into place. What stays in memory is a few integers per task
    (its agencies' and roles' lists) and at most ``_POSTINGS`` bigram postings; the rest waits in
    a scratch database that SQLite deletes when it is closed.
    """

    def __init__(self, directory: Path | str) -> None:
        self.target = Path(directory) / INDEX_NAME
        self.tmp = self.target.with_name(f".{INDEX_NAME}.tmp")
        self.tmp.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.tmp)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self.db.execute("ATTACH DATABASE '' AS scratch")  # a private file, gone when closed
        self.db.executescript("""
            CREATE TABLE scratch.later(kind TEXT, text TEXT, tasks BLOB);
            CREATE TABLE scratch.part(gram TEXT, entries BLOB);""")
        self.db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        self.tasks = 0
        self.entries = 0
        self.grams: dict[str, array] = defaultdict(lambda: array("I"))
        self.postings = 0
        self.flushed = False
        self.by_agency: dict[str, array] = defaultdict(lambda: array("I"))
        self.roles: dict[str, array] = defaultdict(lambda: array("I"))
        self.ranges: list[tuple[Term, int, int]] = []  # document, its first and last task
        self.rows: dict[str, list[tuple]] = {"task": [], "entry": []}  # to insert

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> None:
        self.db.close()
        if error is not None:
            self.tmp.unlink(missing_ok=True)

    def _entry(self, kind: str, text: str, tasks: bytes) -> None:
        self.entries += 1
        self.rows["entry"].append((self.entries, kind, text, tasks))
        for gram in bigrams(text):
            self.grams[gram].append(self.entries)
        self.postings += len(text)
        if self.postings > _POSTINGS:
            self._flush()
        if len(self.rows["entry"]) >= 10_000:
            self._write_rows()

    def _write_rows(self) -> None:
        """The task and entry rows waiting, in one statement each (one per row cost ~70 µs)."""
        for table, rows in self.rows.items():
            if rows:
                places = ", ".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT INTO {table} VALUES ({places})", rows)
                rows.clear()

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO scratch.part VALUES (?, ?)",
                            ((g, ids.tobytes()) for g, ids in sorted(self.grams.items())))
        self.grams.clear()
        self.postings, self.flushed = 0, True

    def add(self, parts: Parts) -> None:
        """One document's tasks (numbered now), and its titles' entries for later."""
        tasks = [(task, text) for task in parts.tasks()
                 if (text := parts.text(task)) is not None]
        if not tasks:
            return
        first = self.tasks + 1
        by_section: dict[Term, array] = defaultdict(lambda: array("I"))
        for task, text in tasks:
            self.tasks += 1
            n = self.tasks
            doc = parts.doc or parts.doc_of(task)
            self.rows["task"].append((n, task.value, doc.value if doc is not None else None))
            self._entry("task", text, _ids((n,)))  # task entries first: entry n is task n
            section, seen = one(parts.values(task, str(POL.inSection))), 0
            while section is not None and seen < 16:  # a cycle in bad data stops here
                by_section[section].append(n)
                section, seen = one(parts.values(section, str(POL.parentSection))), seen + 1
            for role, prop in ROLES.items():
                if parts.values(task, str(prop)):
                    self.roles[role].append(n)
            for agency in parts.values(task, str(POL.responsibleAgency)):
                self.by_agency[agency.value].append(n)
        later = [("section", title, _ids(by_section[section]))
                 for section in sorted(by_section, key=lambda s: s.value)
                 for title in sorted(v.value for v in parts.values(section, _TITLE))]
        if parts.doc is not None:
            self.ranges.append((parts.doc, first, self.tasks))
            later += [("document", title, _ids(range(first, self.tasks + 1)))
                      for title in sorted(v.value for v in parts.titles)]
        self.db.executemany("INSERT INTO scratch.later VALUES (?, ?, ?)", later)

    def finish(self, store: ox.Store) -> Path:
        """The entries after the tasks', the filters and the bigrams; the file moved into place.

        Agency and district names are read from ``store`` now: graph/derived.py writes them.
        """
        rows = self.db.execute("SELECT kind, text, tasks FROM scratch.later ORDER BY rowid")
        for kind, text, tasks in _rows(rows):
            self._entry(kind, text, tasks)
        names = _many(store, POL.agencyName)
        for agency, short in _many(store, POL.shortName).items():
            names.setdefault(agency, set()).update(short)
        for agency in sorted(self.by_agency):
            for name in sorted(names.get(agency, ())):
                self._entry("agency", name, _ids(self.by_agency[agency]))
        subsets = {f"role:{role}": tasks for role, tasks in self.roles.items()}
        district_name = ox.NamedNode(str(POL.districtName))
        for doc, first, last in self.ranges:
            district = one({q.object for q in store.quads_for_pattern(doc, district_name, None)})
            if district is not None:
                subsets.setdefault(f"district:{district.value}", array("I")).extend(
                    range(first, last + 1))
        self.db.executemany("INSERT INTO subset VALUES (?, ?)",
                            ((name, _ids(ids)) for name, ids in sorted(subsets.items())))
        self._write_rows()
        self._write_grams()
        self.db.commit()
        self.db.close()
        with open(self.tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.tmp, self.target)
        return self.target

    def _write_grams(self) -> None:
        """Each bigram's entries, in order (entries were numbered in the order they were added)."""
        if not self.flushed:
            self.db.executemany("INSERT INTO gram VALUES (?, ?)",
                                ((g, ids.tobytes()) for g, ids in sorted(self.grams.items())))
            return
        self._flush()
        rows = self.db.execute("SELECT gram, entries FROM scratch.part ORDER BY gram, rowid")
        self.db.executemany("INSERT INTO gram VALUES (?, ?)", _merged(rows))


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    """A query's rows, read in chunks (the same connection writes meanwhile)."""
    while chunk := cursor.fetchmany(10_000):
        yield from chunk


def _merged(rows: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    """(gram, its entries' parts in order) → (gram, all its entries)."""
    current, found = None, array("I")
    for gram, blob in rows:
        if gram != current:
            if current is not None:
                yield current, found.tobytes()
            current, found = gram, array("I")
        found.frombytes(blob)
    if current is not None:
        yield current, found.tobytes()


def _many(store: ox.Store, predicate: str) -> dict[str, set[str]]:
    """Subject → values of ``predicate`` (of agencies: their size follows the agencies)."""
    found: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, None):
        found[quad.subject.value].add(quad.object.value)
    return found


def write_search_index(store: ox.Store, directory: Path | str) -> Path:
    """Write the index of ``store`` into ``directory`` (a generation being built), atomically.

    A build writes it while it reads the documents for the derived facts (graph/store.py).
    """
    with IndexWriter(directory) as writer:
        for parts in Documents(store):
            writer.add(parts)
        return writer.finish(store)


class SearchIndex:
    """A generation's search index, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        version = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if version is None or version[0] != VERSION:
            raise sqlite3.DatabaseError(f"{path} is not a version {VERSION} search index")

    @classmethod
    def of(cls, location: Path | str | None) -> SearchIndex | None:
        """The index of the generation at ``location``, or None when it has none."""
        if location is None:
            return None
        path = Path(location) / INDEX_NAME
        try:
            return cls(path) if path.is_file() else None
        except sqlite3.Error:
            return None  # an index of another version: search through SPARQL instead

    def find(self, text: str) -> tuple[set[int], dict[int, str]]:
        """The tasks whose own text contains ``text``, and the other entries that do, by kind."""
        grams = sorted(bigrams(text))
        if not grams:
            rows = self.db.execute("SELECT id FROM entry WHERE instr(text, ?) > 0", (text,))
            found = {r[0] for r in rows}
        else:
            lists = []
            for gram in grams:
                row = self.db.execute("SELECT entries FROM gram WHERE gram = ?", (gram,)).fetchone()
                if row is None:
                    return set(), {}
                lists.append(_decode(row[0]))
            lists.sort(key=len)
            found = set(lists[0])
            for other in lists[1:]:
                found.intersection_update(other)
            if len(text) > 2:  # its bigrams may be present apart: check the whole text
                found = self._containing(found, text)
        first_other = self._first_other()
        others = sorted(e for e in found if e >= first_other)
        if len(others) < len(found):
            found.difference_update(others)
        else:
            found = set()
        return found, dict(self._select("SELECT e.id, e.kind", "entry", others)) if others else {}

    def documents_with(self, text: str) -> set[str]:
        """The documents holding a task whose own text contains ``text`` (as CONTAINS would)."""
        own, _ = self.find(text)
        return {r[0] for r in self._select("SELECT DISTINCT e.doc", "task", own)
                if r[0] is not None}

    def _first_other(self) -> int:
        """The first entry that is not a task's text (task entries are numbered 1..tasks)."""
        row = self.db.execute("SELECT max(id) FROM task").fetchone()
        return (row[0] or 0) + 1

    def _select(self, columns: str, table: str, ids: Iterable[int], where: str = "",
                *args: object) -> sqlite3.Cursor:
        """``columns`` of the rows of ``table`` (aliased e) whose id is in ``ids``."""
        return self.db.execute(
            f"{columns} FROM json_each(?) AS j JOIN {table} AS e ON e.id = j.value {where}",
            (json.dumps(sorted(ids)), *args))

    def _containing(self, entries: set[int], text: str) -> set[int]:
        return {r[0] for r in self._select("SELECT e.id", "entry", entries,
                                           "WHERE instr(e.text, ?) > 0", text)}

    def tasks_of(self, entries: Iterable[int]) -> Iterator[tuple[int, array]]:
        """(entry, the tasks it stands for) of (non-task) entries."""
        for entry, blob in self._select("SELECT e.id, e.tasks", "entry", entries):
            yield entry, _decode(blob)

    def subset(self, name: str) -> set[int]:
        """The tasks of one filter: ``district:永川区``, ``role:lead`` (none when unknown)."""
        row = self.db.execute("SELECT tasks FROM subset WHERE name = ?", (name,)).fetchone()
        return set(_decode(row[0])) if row else set()

    def iris(self, tasks: Iterable[int]) -> dict[int, str]:
        """The IRIs of tasks by number."""
        return dict(self._select("SELECT e.id, e.iri", "task", tasks))
