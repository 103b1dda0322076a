"""The documents of a store in the order reports list them, and their parts, one document at a time.

The derived facts (graph/derived.py) and the search index (graph/search_index.py) are computed
from what each document holds: its tasks, sections and indicators (every one ``eli:is_part_of``
the document, as graph/build.py writes them) and the targets and deadlines of its tasks. Reading
them a document at a time keeps in memory one document's parts and what is kept per document or
per agency, never a relation of the whole store: a build's memory does not grow with the tasks.

Each fact counts once however many graphs hold a copy of it (the union of the graphs, as a
``SELECT DISTINCT`` reads it); the derived graph itself is never read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from policykg.graph.iris import ELI
from policykg.ontology.namespace import POL

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Props = dict[str, set[Term]]  # property IRI → its values

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ID_LOCAL = ox.NamedNode(ELI + "id_local")
IS_PART_OF = ox.NamedNode(ELI + "is_part_of")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_DOCUMENT = ox.NamedNode(str(POL.PolicyDocument))
# what hangs from a task without being part of its document
_HANGING = (str(POL.hasTarget), str(POL.hasDeadline))
# the properties read: only these are decoded (a term read back from disk costs a lookup); a
# part's eli:is_part_of is the document it was read for
PROPERTIES = tuple(str(p) for p in (
    RDF_TYPE.value, TITLE.value, POL.number, POL.order, POL.text, POL.inSection,
    POL.sectionId, POL.parentSection, POL.clauseId, POL.parentClause, POL.clauseText,
    POL.responsibleAgency, POL.leadAgency, POL.coAgency, POL.jointAgency, POL.coHandler,
    POL.hasTarget, POL.hasDeadline, POL.indicatorName, POL.dueBy, POL.deadlineKind,
    POL.collective))
_IN = ", ".join(f"<{p}>" for p in PROPERTIES)
PARTS = f"""SELECT ?doc ?unit ?p ?o WHERE {{
  # ?doc is bound: the engine starts from it; the properties are filtered as encoded terms
  {{ ?unit <{IS_PART_OF.value}> ?doc }}
  UNION {{ ?task <{IS_PART_OF.value}> ?doc ; <{POL.hasTarget}>|<{POL.hasDeadline}> ?unit }}
  ?unit ?p ?o .
  FILTER(?p IN ({_IN}))
}}"""
_DOC = ox.Variable("doc")
_TASK, _ORDER, _TEXT = str(POL.Task), str(POL.order), str(POL.text)


def smallest(values: Iterable[Term]) -> str:
    """The smallest lexical form in code-point order; "" (before any other) when there is none."""
    return min((v.value for v in values), default="")


def position(values: Iterable[Term]) -> tuple[bool, int]:
    """A pol:order as reports sort it: (whether it has one, the smallest)."""
    found = [int(o.value) for o in values if o.value.isdigit()]
    return (bool(found), min(found, default=0))


def one(values: Iterable[Term]) -> Term | None:
    """One of ``values`` (the smallest, when copies differ), None when there is none."""
    return min(values, key=lambda v: v.value, default=None)


@dataclass
class Parts:
    """One document (None: parts of a document that is not one, as a group) and its parts."""

    doc: Term | None
    units: dict[Term, Props]
    titles: set[Term] = field(default_factory=set)  # the document's

    def values(self, unit: Term, prop: str) -> set[Term]:
        props = self.units.get(unit)
        return props.get(prop, set()) if props is not None else set()

    def typed(self, cls: str) -> list[Term]:
        """The parts typed ``cls``, in IRI order."""
        node = ox.NamedNode(str(cls))
        return sorted((u for u, props in self.units.items() if node in props.get(RDF_TYPE.value, ())),
                      key=lambda u: u.value)

    def tasks(self) -> list[Term]:
        """The tasks of the document, in the order reports list them: pol:order, then IRI."""
        return sorted(self.typed(_TASK), key=lambda t: (position(self.values(t, _ORDER))[1], t.value))

    def doc_of(self, unit: Term) -> Term | None:
        """The document ``unit`` is part of (the one it was read for)."""
        return one(self.values(unit, IS_PART_OF.value))

    def text(self, unit: Term) -> str | None:
        """The unit's pol:text (the smallest when copies differ), None when it has none."""
        found = self.values(unit, _TEXT)
        return smallest(found) if found else None


class Documents:
    """The documents of ``store`` in pol:documentOrder: by 文号, title, then IRI."""

    def __init__(self, store: ox.Store, skip: ox.NamedNode | None = None) -> None:
        self.store, self.skip = store, skip
        found = {q.subject for q in self._quads(None, RDF_TYPE, _DOCUMENT)}
        self.numbers: dict[Term, set[Term]] = defaultdict(set)
        for q in self._quads(None, ID_LOCAL, None):
            self.numbers[q.subject].add(q.object)
        found |= set(self.numbers)
        self.order = sorted(found, key=lambda d: (smallest(self.numbers.get(d, ())),
                                                  smallest(self._values(d, TITLE)), d.value))
        known = set(self.order)
        # parts of something that is no document: reports place them first (no order)
        self.others = sorted({q.object for q in self._quads(None, IS_PART_OF, None)} - known,
                             key=lambda p: p.value)

    def _quads(self, s: Term | None, p: ox.NamedNode | None, o: Term | None) -> Iterator[ox.Quad]:
        return (q for q in self.store.quads_for_pattern(s, p, o)
                if self.skip is None or q.graph_name != self.skip)

    def _values(self, subject: Term, prop: ox.NamedNode) -> set[Term]:
        return {q.object for q in self._quads(subject, prop, None)}

    def titles(self, subject: Term) -> set[Term]:
        return self._values(subject, TITLE)

    def __iter__(self) -> Iterator[Parts]:
        """The parts of every document in order; first, those of parents that are no document."""
        if self.others:
            yield Parts(None, read_parts(self.store, self.others))
        for doc in self.order:
            yield Parts(doc, read_parts(self.store, [doc]), self.titles(doc))


def read_parts(store: ox.Store, parents: Iterable[Term]) -> dict[Term, Props]:
    """Every part of ``parents``, with the targets and deadlines of its tasks: the values of its
    PROPERTIES in every graph (the derived graph holds none of them for a part).

    The cost follows the documents, not the store: the query starts from the bound document (a
    join starting from typed patterns scanned every section of the store: 0.15 s a document at
    64 copies of the corpus).
    """
    units: dict[Term, Props] = {}
    for parent in parents:
        for _, unit, prop, value in store.query(  # by position: a lookup by name cost 1 ms a document
                PARTS, substitutions={_DOC: parent}, use_default_graph_as_union=True):
            props = units.get(unit)
            if props is None:
                props = units[unit] = defaultdict(set)
                props[IS_PART_OF.value].add(parent)
            props[prop.value].add(value)
    return units
