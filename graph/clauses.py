"""Upstream clause outlines: package data files → reference subdivisions (eli:LegalResourceSubdivision).

An outline file (``graph/data/clauses/*.txt``, or any folder named by $POLICYKG_OUTLINES) is the
upstream policy's headings as written: a ``文号：`` line, then one numbered heading per line
(一、 → （一） → 1. → （1））, the parent of each clause being the nearest heading above it of a
higher level; an unnumbered line is body text of the clause above it. A user extends the registry
with another policy by writing its outline (and text, where they have it) in such a file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from policykg.graph.iris import DEFAULT_BASE, ELI, Iris, bind_prefixes
from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.numbering import heading
from policykg.ontology.namespace import POL

OUTLINES_DIR = Path(__file__).resolve().parent / "data" / "clauses"
OUTLINES_ENV = "POLICYKG_OUTLINES"
_DOC_LINE = re.compile(r"^(?:文号|发文字号)\s*[:：]\s*(?P<number>.+)$")


class OutlineError(ValueError):
    """An outline file that cannot be read: no 文号 line, or no numbered heading."""


@dataclass(frozen=True)
class Clause:
    """One numbered heading of an upstream document: ``id`` is its dotted position path."""

    id: str
    number: str
    title: str
    parent: str | None
    text: str = ""


@dataclass(frozen=True)
class Outline:
    """The clauses of one upstream document, in document order."""

    doc_number: str
    clauses: tuple[Clause, ...]


def parse_outline(lines: Iterable[str], name: str = "<outline>") -> Outline:
    """An outline from its lines: a 文号 line, then headings as written.

    >>> o = parse_outline(["文号：国发〔2021〕4号", "二、健全生产体系", "（四）推进工业绿色升级。正文"])
    >>> [(c.id, c.number, c.title, c.parent, c.text) for c in o.clauses]
    [('1', '二、', '健全生产体系', None, ''), ('1.1', '（四）', '推进工业绿色升级', '1', '正文')]
    """
    number: str | None = None
    stack: list[tuple[int, str]] = []  # (level, id) of the open headings
    counts: dict[str | None, int] = {}
    clauses: list[Clause] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        doc = _DOC_LINE.match(line)
        if doc:
            parts = parse_doc_number(doc.group("number"))
            if parts is None:
                raise OutlineError(f"{name}: not a 文号: {doc.group('number')!r}")
            number = parts.text
            continue
        found = heading(line)
        if found is None:
            if not clauses:
                raise OutlineError(f"{name}: text before the first numbered heading: {line!r}")
            last = clauses[-1]
            clauses[-1] = Clause(last.id, last.number, last.title, last.parent, last.text + line)
            continue
        while stack and stack[-1][0] >= found.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        counts[parent] = counts.get(parent, 0) + 1
        cid = f"{parent}.{counts[parent]}" if parent else str(counts[parent])
        stack.append((found.level, cid))
        clauses.append(Clause(cid, found.number, found.title, parent, found.rest))
    if number is None:
        raise OutlineError(f"{name}: no 文号： line")
    if not clauses:
        raise OutlineError(f"{name}: no numbered heading")
    return Outline(number, tuple(clauses))


def read_outline(path: Path) -> Outline:
    """Read one outline file (UTF-8)."""
    return parse_outline(path.read_text(encoding="utf-8-sig").splitlines(), str(path))


def outline_files() -> list[Path]:
    """The shipped outline files, then those of the folders named by $POLICYKG_OUTLINES."""
    folders = [OUTLINES_DIR] + [
        Path(p) for p in os.environ.get(OUTLINES_ENV, "").split(os.pathsep) if p
    ]
    return [f for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.txt"))]


def load_outlines() -> tuple[list[Outline], list[tuple[str, str]]]:
    """Every outline file read, and (path, reason) for each file that cannot be read."""
    outlines, errors = [], []
    for path in outline_files():
        try:
            outlines.append(read_outline(path))
        except (OutlineError, UnicodeDecodeError) as error:
            errors.append((str(path), str(error).removeprefix(f"{path}: ")))
    return outlines, errors


def clause_iri(iris: Iris, doc_number: str, clause_id: str) -> URIRef:
    """doc/{代字}-{year}-{serial}/clause/{id}."""
    parts = parse_doc_number(doc_number)
    assert parts is not None
    return iris.child(iris.doc_number(parts), "clause", clause_id)


def outline_triples(outline: Outline, iris: Iris) -> Iterator[tuple[URIRef, URIRef, object]]:
    """The reference subdivisions of one outline."""
    parts = parse_doc_number(outline.doc_number)
    assert parts is not None
    doc = iris.doc_number(parts)
    siblings: dict[str | None, int] = {}
    for clause in outline.clauses:
        c = clause_iri(iris, outline.doc_number, clause.id)
        siblings[clause.parent] = siblings.get(clause.parent, 0) + 1
        yield c, RDF.type, ELI.LegalResourceSubdivision
        yield c, RDF.type, POL.Clause
        yield c, ELI.is_part_of, doc
        if clause.parent:
            yield c, POL.parentClause, clause_iri(iris, outline.doc_number, clause.parent)
        yield c, POL.number, Literal(clause.number)
        yield c, POL.clauseId, Literal(clause.id)
        yield c, DCTERMS.title, Literal(clause.title, lang="zh")
        yield c, POL.order, Literal(siblings[clause.parent])
        if clause.text:
            yield c, POL.clauseText, Literal(clause.text)


def clause_graph(outlines: Iterable[Outline], base: str = DEFAULT_BASE) -> Graph:
    """The reference subdivisions of every outline, as one graph."""
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    iris = Iris(base)
    for outline in outlines:
        for triple in outline_triples(outline, iris):
            graph.add(triple)  # type: ignore[arg-type]
    return graph
