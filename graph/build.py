"""Records → RDF: the triples of one source file, following docs/model.md.

Triples are kept as N-Triples text (graph/ntriples.py): the store bulk-loads them as bytes, and
``build_graph`` parses them into rdflib for whoever wants a Graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD, DefinedNamespace, Namespace

from policykg.graph import ntriples
from policykg.graph.iris import (
    DEFAULT_BASE,
    ELI,
    Iris,
    bind_prefixes,
    segment,
    strip_district_prefix,
)
from policykg.graph.levels import document_level
from policykg.graph.reference import Catalog
from policykg.loaders.deadlines import due_date
from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.records import Assignment, Deadline, Document, Extraction, Section, Task
from policykg.ontology.files import concept
from policykg.ontology.namespace import POL


class _Terms:
    """The N-Triples form of a namespace's terms, each made once (an attribute per term).

    >>> _Terms(RDF).type
    '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
    """

    def __init__(self, namespace: type[DefinedNamespace] | Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        # DefinedNamespace makes a new URIRef (and checks the name) at every access: once here
        value = ntriples.iri(str(getattr(self._namespace, name)))
        setattr(self, name, value)
        return value


P = _Terms(POL)
N_RDF, N_SKOS, N_PROV, N_DCTERMS, N_ELI = (_Terms(ns) for ns in (RDF, SKOS, PROV, DCTERMS, ELI))

SHORTCUTS = {
    "lead": POL.leadAgency,
    "co": POL.coAgency,
    "joint": POL.jointAgency,
    "co_handler": POL.coHandler,
}
_SHORTCUTS = {role: ntriples.iri(str(term)) for role, term in SHORTCUTS.items()}


class BuildError(ValueError):
    """The records cannot be turned into triples (an unknown role, basis or agency type)."""


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang="zh")


def decimal_lexical(value: float | Decimal) -> str:
    """The canonical xsd:decimal form of the text's digits: 90 → "90.0", 2133.3 stays.

    >>> decimal_lexical(Decimal("2133.3")), decimal_lexical(Decimal("89.850")), decimal_lexical(90)
    ('2133.3', '89.85', '90.0')
    """
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    whole, _, fraction = format(exact, "f").partition(".")
    return f"{whole}.{fraction.rstrip('0') or '0'}"


def decimal(value: float | Decimal) -> Literal:
    """An xsd:decimal literal of the text's digits in canonical form.

    >>> str(decimal(Decimal("2133.3"))), str(decimal(90))
    ('2133.3', '90.0')
    """
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def _date_type(text: str) -> str:
    """The datatype of a date by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return str({10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(text), XSD.date))


def iso_date(text: str) -> Literal:
    """A date literal typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(text, datatype=URIRef(_date_type(text)))


def _zh(text: str) -> str:
    return ntriples.tagged(text, "zh")


def _date(text: str) -> str:
    return ntriples.typed(text, _date_type(text))


_literal = ntriples.literal
_DECIMAL = str(XSD.decimal)


@cache
def _concept(scheme: URIRef, notation: str, what: str) -> str:
    found = concept(scheme, notation)
    if found is None:
        raise BuildError(f"unknown {what} {notation!r}")
    return ntriples.iri(str(found))


# Subject, predicate and object as N-Triples terms: <iri>, "text"@zh, "5"^^<…#integer>.
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Built:
    """One source file's triples, its shared entity descriptions and how its citations resolved.

    ``entities`` (agencies and districts: labels, type, district, city) are shared by every
    source that names them, so the store keeps them once, in graph/entities, not per source.
    ``citations`` lists each (文号, title) looked up and the document it resolved to (or None).
    Triples are N-Triples terms (``Triple``).
    """

    triples: set[Triple]
    entities: set[Triple]
    citations: tuple[tuple[str | None, str | None, URIRef | None], ...]

    def ntriples(self) -> str:
        """Triples and entity descriptions as an N-Triples document (in no particular order)."""
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples | self.entities)


@dataclass
class _Agency:
    pref: str
    district: str | None
    type: str
    alt: set[str] = field(default_factory=set)


def _node(term: URIRef) -> str:
    return ntriples.iri(str(term))


def _child(parent: str, *parts: str) -> str:
    """``Iris.child`` on N-Triples terms: no rdflib term, and only the new segments checked."""
    return ntriples.child(parent, "/".join(segment(p) for p in parts))


@dataclass
class _Builder:
    """Accumulates the triples of one source file (agencies are written once, at the end)."""

    iris: Iris
    catalog: Catalog
    # a set of N-Triples terms: an rdflib Graph cost ~21 µs a triple, rdflib terms most of the rest
    triples: set[Triple] = field(default_factory=set)
    entities: set[Triple] = field(default_factory=set)
    agencies: dict[URIRef, _Agency] = field(default_factory=dict)
    districts: dict[str, str | None] = field(default_factory=dict)
    lookups: list[tuple[str | None, str | None, URIRef | None]] = field(default_factory=list)
    # a file names the same few agencies in task after task: their IRIs and keys made once
    agency_terms: dict[tuple[str | None, str], tuple[URIRef, str]] = field(default_factory=dict)
    assignees: dict[tuple[str | None, ...], tuple[URIRef, str, str]] = field(default_factory=dict)

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.add((s, p, o))

    def describe(self, s: str, p: str, o: str) -> None:
        self.entities.add((s, p, o))

    def agency(self, district: str | None, key: str, pref: str, type_: str) -> URIRef:
        return self.agency_term(district, key, pref, type_)[0]

    def agency_term(self, district: str | None, key: str, pref: str,
                    type_: str) -> tuple[URIRef, str]:
        """The agency's IRI and N-Triples term; the first description of it is the one kept."""
        found = self.agency_terms.get((district, key))
        if found is None:
            iri = self.iris.agency(district, key)
            found = self.agency_terms[district, key] = (iri, _node(iri))
        self.agencies.setdefault(found[0], _Agency(pref, district, type_))
        if district:
            self.districts.setdefault(district, None)
        return found

    def document(self, doc: Document, source: str) -> None:
        d_iri = self.iris.document(doc)
        d = _node(d_iri)
        self.add(d, N_RDF.type, P.PolicyDocument)
        if doc.doc_number_parts is not None:
            self.doc_number(d, doc.doc_number or doc.doc_number_parts.text)
        if doc.title:  # an excerpt without one has no title (and pol:complete false), not ""
            self.add(d, N_DCTERMS.title, _zh(doc.title))
        if doc.type and concept(POL.DocumentTypeScheme, doc.type):
            self.add(d, N_ELI.type_document, _concept(POL.DocumentTypeScheme, doc.type, "type"))
        if doc.date:
            self.add(d, N_ELI.date_document, _date(doc.date))
        if doc.issuer:
            self.add(d, N_ELI.passed_by, _node(self.issuer(doc)))
            self.add(d, P.issuerName, _literal(doc.issuer))
        if doc.district:
            self.add(d, P.district, _node(self.iris.district(doc.district)))
            self.add(d, P.level, _concept(POL.LevelScheme, document_level(doc.district), "level"))
            self.districts.setdefault(doc.district, None)
            self.city(doc.district, [doc.issuer or ""])
        if not doc.complete:
            self.add(d, P.complete, _literal(False))
        for prop, values in (
            (P.warning, doc.warnings),
            (P.publication, [doc.publication] if doc.publication else []),
            (P.addressee, doc.addressees),
            (P.copyTo, doc.cc),
        ):
            for value in values:
                self.add(d, prop, _literal(value))
        self.citations(d_iri, d, doc)
        if doc.responds_to is not None:
            self.proposal(d, doc)
        for n, attachment in enumerate(doc.attachments, 1):
            a = _child(d, "attachment", str(n))
            self.add(d, P.hasAttachment, a)
            self.add(a, N_RDF.type, P.Attachment)
            self.add(a, N_DCTERMS.title, _zh(attachment.title))
            self.add(a, P.present, _literal(attachment.present))
        self.sections(d, doc.sections)
        for order, task in enumerate(doc.tasks, 1):
            self.task(d, task, order, doc.district)
        for indicator in doc.indicators:
            i = _child(d, "indicator", str(indicator.number))
            self.add(i, N_RDF.type, P.Indicator)
            self.add(i, N_ELI.is_part_of, d)
            self.add(i, P.category, _literal(indicator.category))
            self.add(i, P.order, _literal(indicator.number))
            self.measure(i, indicator.name, indicator.value, indicator.unit, indicator.year)
            self.bound(i, indicator.comparator, indicator.direction, indicator.base_year,
                       indicator.line)
        self.add(d, P.taskCount, _literal(len(doc.tasks)))
        self.add(d, N_PROV.wasDerivedFrom, source)

    def assignee(self, a: Assignment, district: str | None) -> tuple[URIRef, str, str]:
        """The assigned agency's IRI, N-Triples term and key (its IRI's last segment)."""
        scope = a.district or district
        if scope:
            self.city(scope, [a.canonical])  # the last name that shows the city wins
        seen = (scope, a.key, a.canonical, a.agency_type)
        found = self.assignees.get(seen)
        if found is None:  # repeats change nothing: the first description of each is kept
            key = a.key or strip_district_prefix(a.canonical, scope)
            iri, term = self.agency_term(scope, key, a.canonical, a.agency_type)
            found = self.assignees[seen] = (iri, term, key)
        return found

    def doc_number(self, d: str, text: str) -> None:
        parts = parse_doc_number(text)
        self.add(d, N_ELI.id_local, _literal(parts.text if parts else text))
        if parts is not None:
            self.add(d, P.docCode, _literal(parts.daizi))
            self.add(d, P.docYear, _literal(parts.year))
            self.add(d, P.docSerial, _literal(parts.serial))

    def issuer(self, doc: Document) -> URIRef:
        assert doc.issuer is not None
        for task in doc.tasks:  # an issuer that is also assigned tasks keeps that agency's identity
            for a in task.assignments:
                if a.canonical == doc.issuer:
                    return self.assignee(a, doc.district)[0]
        type_ = "government" if "人民政府" in doc.issuer else "department"
        key = strip_district_prefix(doc.issuer, doc.district)
        return self.agency(doc.district, key, doc.issuer, type_)

    def city(self, district: str, names: Iterable[str]) -> None:
        for name in names:
            head, found, _ = name.partition(district)
            if found and head.endswith("市"):
                self.districts[district] = head

    def citations(self, d_iri: URIRef, d: str, doc: Document) -> None:
        titled = {n: t for t, n in doc.cited_titles if n}
        linked: set[URIRef] = set()
        for prop, numbers in (
            (P.implements, doc.implements),
            (N_ELI.repeals, doc.repeals),
            (N_ELI.cites, doc.cites),
        ):
            for number in numbers:
                target = self.cited(number, titled.get(number))
                if target is not None and target != d_iri and target not in linked:
                    self.add(d, prop, _node(target))
                    linked.add(target)
        for title, number in doc.cited_titles:
            target = self.cited(number, title)
            if target is None:
                self.add(d, P.citedTitle, _literal(title))
            elif target != d_iri and target not in linked:
                self.add(d, N_ELI.cites, _node(target))
                linked.add(target)

    def cited(self, number: str | None, title: str | None) -> URIRef | None:
        """The cited document's IRI; an unknown one with a 文号 gets an unresolved node."""
        known = self.catalog.resolve(number, title)
        self.lookups.append((number, title, known))
        if known is not None:
            return known
        parts = parse_doc_number(number) if number else None
        if parts is None:
            return None
        target_iri = self.iris.doc_number(parts)
        target = _node(target_iri)
        self.add(target, N_RDF.type, P.PolicyDocument)
        self.add(target, N_RDF.type, P.UnresolvedDocument)
        self.doc_number(target, parts.text)
        if title:
            self.add(target, N_DCTERMS.title, _zh(title.strip("《》")))
        return target_iri

    def proposal(self, d: str, doc: Document) -> None:
        proposal = doc.responds_to
        assert proposal is not None
        p = _node(self.iris.proposal(doc.district, proposal))
        self.add(d, P.respondsTo, p)
        self.add(p, N_RDF.type, P.Proposal)
        self.add(p, P.proposalNumber, _literal(proposal.number))
        if proposal.title:
            self.add(p, N_DCTERMS.title, _zh(proposal.title))
        if proposal.session:
            self.add(p, P.session, _literal(proposal.session))
        if proposal.proposer:
            self.add(p, P.proposer, _literal(proposal.proposer))

    def sections(self, d: str, sections: Iterable[Section]) -> None:
        children: dict[str, str] = {}  # section id → its term (a parent is named by each child)
        siblings: dict[str | None, int] = {}
        for section in sections:
            s = children[section.id] = _child(d, "section", section.id)
            siblings[section.parent] = siblings.get(section.parent, 0) + 1
            self.add(s, N_RDF.type, P.Section)
            self.add(s, N_ELI.is_part_of, d)
            if section.parent:
                parent = children.get(section.parent) or _child(d, "section", section.parent)
                self.add(s, P.parentSection, parent)
            self.add(s, P.number, _literal(section.number))
            self.add(s, P.sectionId, _literal(section.id))
            self.add(s, N_DCTERMS.title, _zh(section.title))
            self.add(s, P.order, _literal(siblings[section.parent]))

    def task(self, d: str, task: Task, order: int, district: str | None) -> None:
        t = _child(d, "task", task.id)
        self.add(t, N_RDF.type, P.Task)
        self.add(t, N_ELI.is_part_of, d)
        if task.section:
            self.add(t, P.inSection, _child(d, "section", task.section))
        self.add(t, P.number, _literal(task.number))
        self.add(t, P.taskId, _literal(task.id))
        self.add(t, P.order, _literal(order))
        self.add(t, P.text, _literal(task.text))
        self.add(t, P.taskKind, _literal(task.kind))
        self.add(t, P.lineStart, _literal(task.lines[0]))
        self.add(t, P.lineEnd, _literal(task.lines[1]))
        for phrase in task.collective:
            self.add(t, P.collective, _literal(phrase))
        for a in task.assignments:
            if a.role not in SHORTCUTS:
                raise BuildError(f"task {task.id}: unknown role {a.role!r}")
            agency_iri, agency, key = self.assignee(a, district)
            self.agencies[agency_iri].alt.add(a.agency)
            # two places' units of one name (江岸、江汉区人民政府) are two assignments
            local = (key,) if a.district in (None, district) else (a.district, key)
            q = _child(t, "assignment", *local)
            self.add(t, _SHORTCUTS[a.role], agency)
            self.add(t, P.responsibleAgency, agency)
            self.add(t, N_PROV.qualifiedAssociation, q)
            self.add(q, N_RDF.type, P.Assignment)
            self.add(q, N_PROV.agent, agency)
            self.add(q, N_PROV.hadRole, _concept(POL.RoleScheme, a.role, "role"))
            self.add(q, P.basis, _concept(POL.BasisScheme, a.basis, "basis"))
            self.add(q, P.asWritten, _literal(a.agency))
            if a.line is not None:
                self.add(q, P.evidenceLine, _literal(a.line))
        for n, target in enumerate(task.targets, 1):
            g = _child(t, "target", str(n))
            self.add(t, P.hasTarget, g)
            self.add(g, N_RDF.type, P.Target)
            self.measure(g, target.indicator, target.value, target.unit, target.year)
            self.bound(g, target.comparator, target.direction, target.base_year, target.line)
            if target.strive:
                self.add(g, P.aspirational, _literal(True))
        if task.deadline is not None:
            self.deadline(_child(t, "deadline", "1"), t, task.deadline)

    def measure(self, s: str, name: str, value: float | Decimal, unit: str,
                year: int | None) -> None:
        self.add(s, P.indicatorName, _literal(name))
        self.add(s, P.value, ntriples.typed(decimal_lexical(value), _DECIMAL))
        self.add(s, P.unit, _literal(unit))
        if year is not None:
            self.add(s, P.targetYear, _literal(year))

    def bound(self, s: str, comparator: str | None, direction: str | None,
              base_year: int | None, line: int | None) -> None:
        """How a target or goal row bounds its value: comparator, direction, base year, line."""
        for prop, value in ((P.comparator, comparator), (P.direction, direction),
                            (P.baseYear, base_year), (P.evidenceLine, line)):
            if value is not None:
                self.add(s, prop, _literal(value))

    def deadline(self, d: str, task: str, deadline: Deadline) -> None:
        if deadline.kind not in ("by", "during", "ongoing"):
            raise BuildError(f"unknown deadline kind {deadline.kind!r}")
        self.add(task, P.hasDeadline, d)
        self.add(d, N_RDF.type, P.Deadline)
        self.add(d, P.deadlineKind, _literal(deadline.kind))
        self.add(d, P.deadlineText, _literal(deadline.text))
        if deadline.date:
            self.add(d, P.dueDate, _date(deadline.date))
            due = due_date(deadline)
            if due is not None:
                self.add(d, P.dueBy, ntriples.typed(due.isoformat(), str(XSD.date)))
        if deadline.start:
            self.add(d, P.periodStart, _date(deadline.start))
        if deadline.line is not None:
            self.add(d, P.evidenceLine, _literal(deadline.line))

    def finish(self) -> None:
        for iri, agency in self.agencies.items():
            a = _node(iri)
            self.describe(a, N_RDF.type, P.Agency)
            self.describe(a, N_SKOS.prefLabel, _zh(agency.pref))
            for alt in sorted(agency.alt - {agency.pref}):
                self.describe(a, N_SKOS.altLabel, _zh(alt))
            if agency.district:
                self.describe(a, P.district, _node(self.iris.district(agency.district)))
            kind = _concept(POL.AgencyTypeScheme, agency.type, "agency type")
            self.describe(a, P.agencyType, kind)
        for name, city in self.districts.items():
            district = _node(self.iris.district(name))
            self.describe(district, N_RDF.type, P.District)
            self.describe(district, N_SKOS.prefLabel, _zh(name))
            if city:
                self.describe(district, P.city, _literal(city))


def build_triples(
    extraction: Extraction, catalog: Catalog | None = None, base: str = DEFAULT_BASE,
    source_iri: URIRef | None = None,
) -> Built:
    """The triples of one source file: its documents, tasks, agencies and citations.

    Citations resolve against ``catalog`` (by 文号, then title); unknown ones get a node marked
    pol:UnresolvedDocument. The source is ``source_iri`` (the store's name for the file), else
    source/{parent}/{name}. Raises BuildError on records that break the model, ValueError on an
    IRI that is not one (a name with a code point no IRI may hold).
    """
    iris = Iris(base)
    builder = _Builder(iris, catalog or Catalog())
    source = _node(source_iri or iris.source(extraction.source.path))
    builder.add(source, N_RDF.type, P.SourceFile)
    builder.add(source, P.path, _literal(extraction.source.path))
    builder.add(source, P.sha256, _literal(extraction.source.sha256))
    builder.add(source, P.encoding, _literal(extraction.source.encoding))
    builder.add(source, P.sourceKind, _literal(extraction.source.kind))
    for doc in extraction.documents:
        builder.document(doc, source)
    builder.finish()
    return Built(builder.triples, builder.entities, tuple(builder.lookups))


def build_graph(
    extraction: Extraction, catalog: Catalog | None = None, base: str = DEFAULT_BASE
) -> Graph:
    """Everything one source file says, entity descriptions included, as an rdflib graph."""
    built = build_triples(extraction, catalog, base)
    graph = bind_prefixes(Graph(bind_namespaces="none"), base)
    return graph.parse(data=built.ntriples(), format="nt")
