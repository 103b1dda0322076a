"""Clause links of the whole store: read units and outlines, align, write the graph/clauses quads.

Every document with sections or tasks is aligned with the nearest upstream documents (following
pol:implements up) that have an outline: reference clauses from graph/data/clauses, or the
sections of a loaded document (a municipal document offers its sections to its districts).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from policykg.graph.alignment import Link, Unit, align
from policykg.graph.iris import ELI
from policykg.ontology.namespace import POL

_PREFIXES = (
    f"PREFIX pol: <{POL._NS}>\nPREFIX eli: <{ELI}>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
)
SECTIONS = (
    _PREFIXES
    + """
SELECT DISTINCT ?doc ?s ?id ?number ?title ?parent ?text WHERE {
  # one row per fact however many source graphs hold a copy (a document loaded from N
  # near-identical files): paths of one or more steps, or zero or one, have set semantics, where
  # plain patterns joined the copies into N^5 rows (6 copies: 23 s of a 34 s build)
  { ?s a pol:Section ; pol:sectionId+ ?id .
    OPTIONAL { ?s pol:parentSection? ?parent FILTER(?parent != ?s) } }
  UNION
  { ?s a pol:Clause ; pol:clauseId+ ?id .
    OPTIONAL { ?s pol:parentClause? ?parent FILTER(?parent != ?s) }
    OPTIONAL { ?s pol:clauseText+ ?text } }
  ?s eli:is_part_of ?doc ; pol:number+ ?number ; dcterms:title+ ?title .
}"""
)
TASKS = (
    _PREFIXES
    + """
SELECT DISTINCT ?doc ?t ?number ?order ?section ?text WHERE {
  ?t eli:is_part_of ?doc ; pol:number+ ?number ; pol:order+ ?order ; pol:text+ ?text .
  FILTER EXISTS { ?t a pol:Task }
  OPTIONAL { ?t pol:inSection+ ?section }
}"""
)
UPSTREAM = _PREFIXES + "SELECT ?doc ?up WHERE { ?doc pol:implements ?up }"
CLAUSE_DOCS = _PREFIXES + "SELECT DISTINCT ?doc WHERE { ?clause a pol:Clause ; eli:is_part_of ?doc }"
SECTIONED = _PREFIXES + "SELECT DISTINCT ?doc WHERE { ?section eli:is_part_of ?doc ; a pol:Section }"
NAMES = (
    _PREFIXES
    + "SELECT ?doc ?name WHERE { ?doc eli:id_local|dcterms:title|dcterms:alternative ?name }"
)
_HEAD_MAX = 30  # a task opening with a full sentence this short is an item with a heading


@dataclass
class _Doc:
    sections: list[tuple[str, str, str, str, str | None, str]] = field(default_factory=list)
    tasks: list[tuple[str, str, int, str | None, str]] = field(default_factory=list)


def task_heading(text: str) -> str:
    """The heading a task opens with (`推进工业绿色升级。…`), or '' when it opens with a clause.

    >>> task_heading("推进工业绿色升级。强化产业准入"), task_heading("强化准入，坚决遏制。")
    ('推进工业绿色升级', '')
    """
    head, stop, _ = text.partition("。")
    if not stop or len(head) > _HEAD_MAX or any(c in head for c in "，,；;：:"):
        return ""
    return head.strip()


def _id_key(section_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in section_id.split("."))


def document_units(doc: _Doc) -> list[Unit]:
    """A document's sections and tasks as units, in document order (a section, its tasks, its
    subsections)."""
    sections = sorted(doc.sections, key=lambda s: _id_key(s[1]))
    paths: dict[str, str] = {}
    for iri, _, number, _, parent, _ in sections:
        paths[iri] = (paths[parent] + "/" if parent in paths else "") + number
    tasks: dict[str | None, list[tuple[str, str, int, str | None, str]]] = defaultdict(list)
    for task in sorted(doc.tasks, key=lambda t: t[2]):
        tasks[task[3] if task[3] in paths else None].append(task)
    children: dict[str | None, list[str]] = defaultdict(list)
    bodies: dict[str, list[str]] = defaultdict(list)
    for iri, _, _, _, parent, text in sections:
        children[parent if parent in paths else None].append(iri)
        if text:
            bodies[iri].append(text)
    for section, items in tasks.items():
        bodies[section or ""].extend(t[4] for t in items)
    by_iri = {s[0]: s for s in sections}
    units: list[Unit] = []

    def visit(section: str | None) -> None:
        if section is not None:
            s = by_iri[section]
            units.append(Unit(section, paths[section], s[3], s[4], "".join(bodies[section])))
        for iri, number, _, _, text in tasks.get(section, []):
            path = (paths[section] + "/" if section else "") + number
            units.append(Unit(iri, path, task_heading(text), section, text, "task"))
        for child in children.get(section, []):
            visit(child)

    visit(None)
    return units


def _value(term: object) -> str:
    return term.value if term is not None else ""  # type: ignore[attr-defined]


def _only(query: str, docs: Iterable[str] | None) -> str:
    """``query`` opened by a VALUES block of the document IRIs (serialised by pyoxigraph)."""
    if docs is None:
        return query
    values = " ".join(str(ox.NamedNode(d)) for d in sorted(docs))
    head, brace, rest = query.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?doc {{ {values} }}{rest}"


def read_documents(store: ox.Store, only: Iterable[str] | None = None) -> dict[str, _Doc]:
    """Sections, clauses and tasks by document IRI: of every document, or of ``only``."""
    only = None if only is None else list(only)
    docs: dict[str, _Doc] = defaultdict(_Doc)
    if only == []:
        return docs
    for row in store.query(_only(SECTIONS, only), use_default_graph_as_union=True):
        parent = row["parent"].value if row["parent"] is not None else None
        docs[row["doc"].value].sections.append(
            (row["s"].value, row["id"].value, row["number"].value, row["title"].value, parent,
             _value(row["text"]))
        )
    for row in store.query(_only(TASKS, only), use_default_graph_as_union=True):
        section = row["section"].value if row["section"] is not None else None
        docs[row["doc"].value].tasks.append(
            (row["t"].value, row["number"].value, int(row["order"].value), section,
             row["text"].value)
        )
    return docs


def _column(store: ox.Store, query: str, only: Iterable[str] | None = None) -> set[str]:
    """The ?doc values of ``query`` (opened by a VALUES block of ``only``)."""
    if only is not None and not (only := list(only)):
        return set()
    return {row["doc"].value for row in store.query(_only(query, only),
                                                    use_default_graph_as_union=True)}


def _upstreams(store: ox.Store) -> tuple[dict[str, set[str]], set[str]]:
    """pol:implements as a mapping, and the documents with an outline among those implemented:
    reference clauses, or a loaded document's sections."""
    ups: dict[str, set[str]] = defaultdict(set)
    for row in store.query(UPSTREAM, use_default_graph_as_union=True):
        ups[row["doc"].value].add(row["up"].value)
    implemented = {u for us in ups.values() for u in us}
    outlined = _column(store, CLAUSE_DOCS) | _column(store, SECTIONED, implemented)
    return ups, outlined


def nearest_outlined(doc: str, ups: dict[str, set[str]], outlined: set[str]) -> list[str]:
    """The nearest documents up the pol:implements chain that have an outline."""
    level, seen = set(ups.get(doc, ())), {doc}
    while level:
        found = sorted(level & outlined)
        if found:
            return found
        seen |= level
        level = {u for d in level for u in ups.get(d, ())} - seen
    return []


_BATCH_DOCUMENTS = 200  # documents aligned together: memory follows the batch, not the store


def store_links(store: ox.Store) -> Iterator[tuple[str, Link]]:
    """(upstream document, link) for every aligned unit of every document in the store.

    Documents are read and aligned in batches, so memory follows a batch (and the outlines of
    the upstream documents, read once), not the number of documents.
    """
    ups, outlined = _upstreams(store)
    # only documents with an outlined upstream, and those outlines, are read (a big store with
    # nothing to align costs two small queries)
    targets = {d: found for d in ups if (found := nearest_outlined(d, ups, outlined))}
    upstream = {u for us in targets.values() for u in us}
    outlines = {d: [u for u in document_units(doc) if u.kind == "section"]
                for d, doc in read_documents(store, upstream).items()}
    names: dict[str, list[str]] = defaultdict(list)
    for row in store.query(_only(NAMES, upstream), use_default_graph_as_union=True) if upstream else ():
        names[row["doc"].value].append(row["name"].value)
    ordered = sorted(targets)
    for start in range(0, len(ordered), _BATCH_DOCUMENTS):
        batch = ordered[start : start + _BATCH_DOCUMENTS]
        docs = read_documents(store, batch)
        for doc in batch:
            if doc not in docs:
                continue
            units = document_units(docs[doc])
            for up in targets[doc]:
                for link in align(units, outlines.get(up, []), sorted(names.get(up, []))):
                    yield up, link


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def link_quads(links: Iterable[tuple[str, Link]], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """The qualified correspondence nodes, and pol:implementsClause for accepted links."""
    # the terms are made once: a DefinedNamespace attribute is a new URIRef at every access
    correspondence, from_, to, method, score, status, evidence, implements_clause = (
        _node(str(term)) for term in (
            POL.ClauseCorrespondence, POL.correspondenceFrom, POL.correspondenceTo,
            POL.alignmentMethod, POL.score, POL.linkStatus, POL.evidenceText,
            POL.implementsClause,
        )
    )
    for _, link in links:
        digest = hashlib.sha1(link.upstream.encode()).hexdigest()[:10]
        node = _node(f"{link.local}/correspondence/{digest}")
        local, upstream = _node(link.local), _node(link.upstream)
        for p, o in (
            (_RDF_TYPE, correspondence),
            (from_, local),
            (to, upstream),
            (method, ox.Literal(link.method)),
            (score, ox.Literal(f"{link.score:.3f}", datatype=_DECIMAL)),
            (status, ox.Literal(link.status)),
            (evidence, ox.Literal(link.evidence)),
        ):
            yield ox.Quad(node, p, o, graph)
        if link.status == "accepted":
            yield ox.Quad(local, implements_clause, upstream, graph)


def clause_quads(store: ox.Store, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """Align the store and yield the quads of the ``graph`` (graph/clauses), batch by batch."""
    return link_quads(store_links(store), graph)


def sorted_links(links: Sequence[tuple[str, Link]]) -> list[tuple[str, Link]]:
    """Links in a stable order (upstream, local)."""
    return sorted(links, key=lambda x: (x[0], x[1].local))
