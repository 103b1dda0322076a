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
from itertools import product

import pyoxigraph as ox
from rdflib.namespace import DCTERMS

from policykg.graph.alignment import Link, Unit, Upstream
from policykg.graph.iris import ELI
from policykg.graph.parts import Parts, Props, Term, read_parts
from policykg.ontology.namespace import POL

_PREFIXES = f"PREFIX pol: <{POL._NS}>\nPREFIX eli: <{ELI}>\n"
CLAUSE_DOCS = _PREFIXES + "SELECT DISTINCT ?doc WHERE { ?clause a pol:Clause ; eli:is_part_of ?doc }"
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


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PART_OF, _IMPLEMENTS = _node(ELI.is_part_of), _node(POL.implements)
_SECTION, _CLAUSE, _TASK = _node(POL.Section), _node(POL.Clause), _node(POL.Task)
_NAMES = tuple(_node(t) for t in (ELI.id_local, DCTERMS.title, DCTERMS.alternative))
# property IRIs as plain strings: a URIRef is never equal to a str key
_NUMBER, _ORDER, _TEXT, _IN_SECTION, _TITLE = (
    str(t) for t in (POL.number, POL.order, POL.text, POL.inSection, DCTERMS.title))
_OUTLINE_PROPERTIES = (
    (_SECTION.value, str(POL.sectionId), str(POL.parentSection), ""),
    (_CLAUSE.value, str(POL.clauseId), str(POL.parentClause), str(POL.clauseText)),
)
def read_document(store: ox.Store, doc: str) -> _Doc:
    """The sections, clauses and tasks of one document (graph/parts.py reads it)."""
    return document_of(read_parts(store, [ox.NamedNode(doc)]))


def document_of(parts: dict[Term, Props]) -> _Doc:
    """The sections, clauses and tasks among a document's parts.

    Each fact counts once however many source graphs hold a copy; a unit with two values of a
    property gives one row for each, as a SELECT DISTINCT would.
    """
    found = _Doc()
    for unit, props in sorted((u.value, {p: sorted(v.value for v in values)
                                         for p, values in ps.items()})
                              for u, ps in parts.items()):
        types = props.get(_RDF_TYPE.value, ())
        value = props.get
        if _TASK.value in types:
            found.tasks += [
                (unit, number, int(order), section, text)
                for number, order, text, section in product(
                    value(_NUMBER, ()), value(_ORDER, ()), value(_TEXT, ()),
                    value(_IN_SECTION) or [None])
            ]
        for kind, id_property, parent_property, text_property in _OUTLINE_PROPERTIES:
            if kind not in types:
                continue
            parents = [p for p in value(parent_property, ()) if p != unit] or [None]
            found.sections += [
                (unit, id_, number, title, parent, text)
                for id_, number, title, parent, text in product(
                    value(id_property, ()), value(_NUMBER, ()), value(_TITLE, ()), parents,
                    value(text_property) or [""])
            ]
    return found


def _names(store: ox.Store, doc: str) -> list[str]:
    """The 文号, titles and alternative titles of ``doc``."""
    node = ox.NamedNode(doc)
    return sorted({q.object.value for p in _NAMES for q in store.quads_for_pattern(node, p, None)})


class _Lineage:
    """pol:implements and outlines read from the store as they are needed.

    Only what concerns upstream documents is kept (their own pol:implements, whether they have an
    outline), never a mapping of every document: memory does not grow with the store.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.clause_docs = {row["doc"].value for row in store.query(
            CLAUSE_DOCS, use_default_graph_as_union=True)}
        self._ups: dict[str, set[str]] = {}
        self._outlined: dict[str, bool] = {}

    def implementing(self) -> Iterator[tuple[str, set[str]]]:
        """Each document that implements others, once, with the documents it implements."""
        for quad in self.store.quads_for_pattern(None, _IMPLEMENTS, None):
            held = list(self.store.quads_for_pattern(quad.subject, _IMPLEMENTS, None))
            # once, at the first of its statements (a copy in another graph is another quad)
            if quad == min(held, key=str):
                yield quad.subject.value, {q.object.value for q in held}

    def ups(self, doc: str) -> set[str]:
        """What an upstream document implements in its turn."""
        if doc not in self._ups:
            self._ups[doc] = {q.object.value for q in self.store.quads_for_pattern(
                ox.NamedNode(doc), _IMPLEMENTS, None)}
        return self._ups[doc]

    def outlined(self, doc: str) -> bool:
        """Whether a document has an outline: reference clauses, or a loaded one's sections."""
        if doc not in self._outlined:
            parts = self.store.quads_for_pattern(None, _PART_OF, ox.NamedNode(doc))
            self._outlined[doc] = doc in self.clause_docs or any(
                next(self.store.quads_for_pattern(q.subject, _RDF_TYPE, _SECTION), None)
                for q in parts)
        return self._outlined[doc]

    def nearest_outlined(self, doc: str, ups: set[str]) -> list[str]:
        """The nearest documents up the pol:implements chain from ``doc`` with an outline."""
        level, seen = set(ups), {doc}
        while level:
            found = sorted(d for d in level if self.outlined(d))
            if found:
                return found
            seen |= level
            level = {u for d in level for u in self.ups(d)} - seen
        return []


class Linker:
    """Aligns documents one at a time with the outlines of the documents they implement.

    Each upstream outline is read and prepared once: memory follows one document and the
    outlines, time the documents. A document some other implements gives its outline from the
    parts read for it (``quads``) unless an implementing one came first and read it.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.lineage = _Lineage(store)
        self.outlines: dict[str, Upstream] = {}
        self.implemented = {q.object.value for q in store.quads_for_pattern(None, _IMPLEMENTS, None)}

    def _outline(self, up: str, parts: dict[Term, Props] | None = None) -> Upstream:
        found = self.outlines.get(up)
        if found is None:
            units = document_units(document_of(parts) if parts is not None
                                   else read_document(self.store, up))
            found = self.outlines[up] = Upstream([u for u in units if u.kind == "section"],
                                                 _names(self.store, up))
        return found

    def links(self, doc: str, ups: set[str], parts: dict[Term, Props] | None = None,
              ) -> Iterator[tuple[str, Link]]:
        """(upstream document, link) for every aligned unit of ``doc`` (its ``parts`` when read)."""
        found = self.lineage.nearest_outlined(doc, ups)
        if not found:
            return
        units = document_units(document_of(parts) if parts is not None
                               else read_document(self.store, doc))
        for up in found:
            yield from ((up, link) for link in self._outline(up).align(units))

    def quads(self, parts: Parts, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        """The graph/clauses quads of one document read for the derived facts."""
        if parts.doc is None:
            return iter(())
        doc = parts.doc.value
        if doc in self.implemented and doc not in self.outlines and self.lineage.outlined(doc):
            self._outline(doc, parts.units)
        ups = self.lineage.ups(doc)
        return link_quads(self.links(doc, ups, parts.units), graph) if ups else iter(())


def store_links(store: ox.Store) -> Iterator[tuple[str, Link]]:
    """(upstream document, link) for every aligned unit of every document in the store."""
    linker = Linker(store)
    for doc, ups in linker.lineage.implementing():
        yield from linker.links(doc, ups)


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
