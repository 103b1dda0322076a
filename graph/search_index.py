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
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from policykg.graph.derived import SHARED, Facts
from policykg.graph.iris import ELI
from policykg.ontology.namespace import POL

INDEX_NAME = "policykg-search.sqlite"
VERSION = "1"
KINDS = ("task", "section", "document", "agency")
ROLES = {"lead": POL.leadAgency, "co": POL.coAgency, "joint": POL.jointAgency,
         "co_handler": POL.coHandler}

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TITLE = "http://purl.org/dc/terms/title"
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE task(id INTEGER PRIMARY KEY, iri TEXT NOT NULL);
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


class _Reader:
    """The relations of the store the index is made of, each read once.

    With ``facts`` (what graph/derived.py read just before), the relations it kept are not read
    again: none of them is in the derived graph, so they are the same pairs in the same order.
    """

    def __init__(self, store: ox.Store, facts: Facts | None = None) -> None:
        self.store = store
        self.facts = facts

    def pairs(self, predicate: str) -> Iterator[tuple[str, ox.Term]]:
        node = ox.NamedNode(str(predicate))
        if self.facts is not None and node.value in SHARED:
            for subject, obj in self.facts.pairs(node):
                yield subject.value, obj
            return
        for quad in self.store.quads_for_pattern(None, node, None, None):
            yield quad.subject.value, quad.object

    def relation(self, predicate: str) -> dict[str, str]:
        """Subject → one object value (the graph holds one; a repeated triple is one pair)."""
        return {s: o.value for s, o in self.pairs(predicate)}

    def many(self, predicate: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for s, o in self.pairs(predicate):
            found[s].add(o.value)
        return found

    def typed(self, cls: str) -> set[str]:
        if self.facts is not None:
            return {subject.value for subject in self.facts.instances(cls)}
        return {q.subject.value for q in self.store.quads_for_pattern(
            None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(str(cls)), None)}


def _number(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


@dataclass
class _Entries:
    """The searchable texts and the tasks (by number) each stands for."""

    rows: list[tuple[int, str, str, bytes]]
    grams: dict[str, list[int]]

    def add(self, kind: str, text: str, tasks: Iterable[int]) -> None:
        # an empty text is kept: entry n must stay task n's text
        ids = _ids(set(tasks))
        if not ids:
            return
        entry = len(self.rows) + 1
        self.rows.append((entry, kind, text, ids))
        for gram in bigrams(text):
            self.grams[gram].append(entry)


def index_rows(store: ox.Store, facts: Facts | None = None,
               ) -> tuple[list[tuple[int, str]], _Entries, dict[str, bytes]]:
    """The tasks in report order, the entries with their bigrams, and the filter subsets."""
    read = _Reader(store, facts)
    texts = read.relation(POL.text)
    part_of = read.relation(ELI.is_part_of)
    tasks = [t for t in read.typed(POL.Task) if t in texts and t in part_of]
    doc_order = read.relation(POL.documentOrder)
    order = read.relation(POL.order)
    tasks.sort(key=lambda t: (_number(doc_order.get(part_of[t])), _number(order.get(t)), t))
    number = {t: n for n, t in enumerate(tasks, 1)}

    by_doc: dict[str, set[int]] = defaultdict(set)
    by_section: dict[str, set[int]] = defaultdict(set)
    in_section = read.relation(POL.inSection)
    parent = read.relation(POL.parentSection)
    for task, n in number.items():
        by_doc[part_of[task]].add(n)
        section, seen = in_section.get(task), 0
        while section is not None and seen < 16:  # a cycle in bad data stops here
            by_section[section].add(n)
            section, seen = parent.get(section), seen + 1

    entries = _Entries([], defaultdict(list))
    for task, n in number.items():  # task entries first: entry n is task n
        entries.add("task", texts[task], (n,))
    titles = read.many(_TITLE)
    for kind, holders in (("section", by_section), ("document", by_doc)):
        for node in sorted(holders):
            for title in sorted(titles.get(node, ())):
                entries.add(kind, title, holders[node])
    by_agency: dict[str, set[int]] = defaultdict(set)
    subsets: dict[str, set[int]] = defaultdict(set)
    for role, prop in ROLES.items():
        for task, _agency in read.pairs(prop):
            if task in number:
                subsets[f"role:{role}"].add(number[task])
    for task, agency in read.pairs(POL.responsibleAgency):
        if task in number:
            by_agency[agency.value].add(number[task])
    names = read.many(POL.agencyName)
    for agency, short in read.many(POL.shortName).items():
        names.setdefault(agency, set()).update(short)
    for agency in sorted(by_agency):
        for name in sorted(names.get(agency, ())):
            entries.add("agency", name, by_agency[agency])
    district = read.relation(POL.districtName)
    for task, n in number.items():
        if part_of[task] in district:
            subsets[f"district:{district[part_of[task]]}"].add(n)
    return ([(n, t) for t, n in number.items()], entries,
            {name: _ids(ids) for name, ids in subsets.items()})


def write_search_index(store: ox.Store, directory: Path | str,
                       facts: Facts | None = None) -> Path:
    """Write the index of ``store`` into ``directory`` (a generation being built), atomically.

    ``facts``: what the derived facts of this store read (graph/derived.py), not read again.
    """
    target = Path(directory) / INDEX_NAME
    tmp = target.with_name(f".{INDEX_NAME}.tmp")
    tmp.unlink(missing_ok=True)
    tasks, entries, subsets = index_rows(store, facts)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        db.executemany("INSERT INTO task VALUES (?, ?)", tasks)
        db.executemany("INSERT INTO entry VALUES (?, ?, ?, ?)", entries.rows)
        db.executemany("INSERT INTO gram VALUES (?, ?)",
                       ((g, _ids(ids)) for g, ids in sorted(entries.grams.items())))
        db.executemany("INSERT INTO subset VALUES (?, ?)", sorted(subsets.items()))
        db.commit()
    finally:
        db.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return target


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
