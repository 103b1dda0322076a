"""Records → RDF: one rdflib graph per source file, following docs/model.md."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from policykg.graph.iris import DEFAULT_BASE, ELI, Iris, bind_prefixes, strip_district_prefix
from policykg.graph.reference import Catalog
from policykg.loaders.deadlines import due_date
from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.records import Assignment, Deadline, Document, Extraction, Section, Task
from policykg.ontology.files import concept
from policykg.ontology.namespace import POL

SHORTCUTS = {
    "lead": POL.leadAgency,
    "co": POL.coAgency,
    "joint": POL.jointAgency,
    "co_handler": POL.coHandler,
}


class BuildError(ValueError):
    """The records cannot be turned into triples (an unknown role, basis or agency type)."""


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang="zh")


def decimal(value: float | Decimal) -> Literal:
    """An xsd:decimal literal of the text's digits in canonical form: 90 → "90.0", 2133.3 stays.

    >>> str(decimal(Decimal("2133.3"))), str(decimal(Decimal("89.850"))), str(decimal(90))
    ('2133.3', '89.85', '90.0')
    """
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    whole, _, fraction = format(exact, "f").partition(".")
    return Literal(f"{whole}.{fraction.rstrip('0') or '0'}", datatype=XSD.decimal)


def iso_date(text: str) -> Literal:
    """A date literal typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(text), XSD.date)
    return Literal(text, datatype=datatype)


def _concept(scheme: URIRef, notation: str, what: str) -> URIRef:
    found = concept(scheme, notation)
    if found is None:
        raise BuildError(f"unknown {what} {notation!r}")
    return found


Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(frozen=True)
class Built:
    """One source file's triples, its shared entity descriptions and how its citations resolved.

    ``entities`` (agencies and districts: labels, type, district, city) are shared by every
    source that names them, so the store keeps them once, in graph/entities, not per source.
    ``citations`` lists each (文号, title) looked up and the document it resolved to (or None).
    """

    triples: set[Triple]
    entities: set[Triple]
    citations: tuple[tuple[str | None, str | None, URIRef | None], ...]


@dataclass
class _Agency:
    pref: str
    district: str | None
    type: str
    alt: set[str] = field(default_factory=set)


@dataclass
class _Builder:
    """Accumulates the triples of one source file (agencies are written once, at the end)."""

    iris: Iris
    catalog: Catalog
    # a set, not an rdflib Graph: adding to a Graph cost ~21 µs a triple, most of a build
    triples: set[Triple] = field(default_factory=set)
    entities: set[Triple] = field(default_factory=set)
    agencies: dict[URIRef, _Agency] = field(default_factory=dict)
    districts: dict[str, str | None] = field(default_factory=dict)
    lookups: list[tuple[str | None, str | None, URIRef | None]] = field(default_factory=list)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.add((s, p, o))

    def describe(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.entities.add((s, p, o))

    def agency(self, district: str | None, key: str, pref: str, type_: str) -> URIRef:
        iri = self.iris.agency(district, key)
        self.agencies.setdefault(iri, _Agency(pref, district, type_))
        if district:
            self.districts.setdefault(district, None)
        return iri

    def document(self, doc: Document, source: URIRef) -> None:
        d = self.iris.document(doc)
        self.add(d, RDF.type, POL.PolicyDocument)
        if doc.doc_number_parts is not None:
            self.doc_number(d, doc.doc_number or doc.doc_number_parts.text)
        self.add(d, DCTERMS.title, zh(doc.title))
        if doc.type and concept(POL.DocumentTypeScheme, doc.type):
            self.add(d, ELI.type_document, _concept(POL.DocumentTypeScheme, doc.type, "type"))
        if doc.date:
            self.add(d, ELI.date_document, iso_date(doc.date))
        if doc.issuer:
            self.add(d, ELI.passed_by, self.issuer(doc))
            self.add(d, POL.issuerName, Literal(doc.issuer))
        if doc.district:
            self.add(d, POL.district, self.iris.district(doc.district))
            self.add(d, POL.level, POL.level_district)
            self.districts.setdefault(doc.district, None)
            self.city(doc.district, [doc.issuer or ""])
        if not doc.complete:
            self.add(d, POL.complete, Literal(False))
        for prop, values in (
            (POL.warning, doc.warnings),
            (POL.publication, [doc.publication] if doc.publication else []),
            (POL.addressee, doc.addressees),
            (POL.copyTo, doc.cc),
        ):
            for value in values:
                self.add(d, prop, Literal(value))
        self.citations(d, doc)
        if doc.responds_to is not None:
            self.proposal(d, doc)
        for n, attachment in enumerate(doc.attachments, 1):
            a = self.iris.child(d, "attachment", str(n))
            self.add(d, POL.hasAttachment, a)
            self.add(a, RDF.type, POL.Attachment)
            self.add(a, DCTERMS.title, zh(attachment.title))
            self.add(a, POL.present, Literal(attachment.present))
        self.sections(d, doc.sections)
        for order, task in enumerate(doc.tasks, 1):
            self.task(d, task, order, doc.district)
        for indicator in doc.indicators:
            i = self.iris.child(d, "indicator", str(indicator.number))
            self.add(i, RDF.type, POL.Indicator)
            self.add(i, ELI.is_part_of, d)
            self.add(i, POL.category, Literal(indicator.category))
            self.add(i, POL.order, Literal(indicator.number))
            self.measure(i, indicator.name, indicator.value, indicator.unit, indicator.year)
            self.bound(i, indicator.comparator, indicator.direction, indicator.base_year,
                       indicator.line)
        self.add(d, POL.taskCount, Literal(len(doc.tasks)))
        self.add(d, PROV.wasDerivedFrom, source)

    def assignee(self, a: Assignment, district: str | None) -> tuple[URIRef, str]:
        scope = a.district or district
        if scope:
            self.city(scope, [a.canonical])
        key = a.key or strip_district_prefix(a.canonical, scope)
        return self.agency(scope, key, a.canonical, a.agency_type), key

    def doc_number(self, d: URIRef, text: str) -> None:
        parts = parse_doc_number(text)
        self.add(d, ELI.id_local, Literal(parts.text if parts else text))
        if parts is not None:
            self.add(d, POL.docCode, Literal(parts.daizi))
            self.add(d, POL.docYear, Literal(parts.year))
            self.add(d, POL.docSerial, Literal(parts.serial))

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

    def citations(self, d: URIRef, doc: Document) -> None:
        titled = {n: t for t, n in doc.cited_titles if n}
        linked: set[URIRef] = set()
        for prop, numbers in (
            (POL.implements, doc.implements),
            (ELI.repeals, doc.repeals),
            (ELI.cites, doc.cites),
        ):
            for number in numbers:
                target = self.cited(number, titled.get(number))
                if target is not None and target != d and target not in linked:
                    self.add(d, prop, target)
                    linked.add(target)
        for title, number in doc.cited_titles:
            target = self.cited(number, title)
            if target is None:
                self.add(d, POL.citedTitle, Literal(title))
            elif target != d and target not in linked:
                self.add(d, ELI.cites, target)
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
        target = self.iris.doc_number(parts)
        self.add(target, RDF.type, POL.PolicyDocument)
        self.add(target, RDF.type, POL.UnresolvedDocument)
        self.doc_number(target, parts.text)
        if title:
            self.add(target, DCTERMS.title, zh(title.strip("《》")))
        return target

    def proposal(self, d: URIRef, doc: Document) -> None:
        proposal = doc.responds_to
        assert proposal is not None
        p = self.iris.proposal(doc.district, proposal)
        self.add(d, POL.respondsTo, p)
        self.add(p, RDF.type, POL.Proposal)
        self.add(p, POL.proposalNumber, Literal(proposal.number))
        if proposal.title:
            self.add(p, DCTERMS.title, zh(proposal.title))
        if proposal.session:
            self.add(p, POL.session, Literal(proposal.session))
        if proposal.proposer:
            self.add(p, POL.proposer, Literal(proposal.proposer))

    def sections(self, d: URIRef, sections: Iterable[Section]) -> None:
        siblings: dict[str | None, int] = {}
        for section in sections:
            s = self.iris.child(d, "section", section.id)
            siblings[section.parent] = siblings.get(section.parent, 0) + 1
            self.add(s, RDF.type, POL.Section)
            self.add(s, ELI.is_part_of, d)
            if section.parent:
                self.add(s, POL.parentSection, self.iris.child(d, "section", section.parent))
            self.add(s, POL.number, Literal(section.number))
            self.add(s, POL.sectionId, Literal(section.id))
            self.add(s, DCTERMS.title, zh(section.title))
            self.add(s, POL.order, Literal(siblings[section.parent]))

    def task(self, d: URIRef, task: Task, order: int, district: str | None) -> None:
        t = self.iris.child(d, "task", task.id)
        self.add(t, RDF.type, POL.Task)
        self.add(t, ELI.is_part_of, d)
        if task.section:
            self.add(t, POL.inSection, self.iris.child(d, "section", task.section))
        self.add(t, POL.number, Literal(task.number))
        self.add(t, POL.taskId, Literal(task.id))
        self.add(t, POL.order, Literal(order))
        self.add(t, POL.text, Literal(task.text))
        self.add(t, POL.taskKind, Literal(task.kind))
        self.add(t, POL.lineStart, Literal(task.lines[0]))
        self.add(t, POL.lineEnd, Literal(task.lines[1]))
        for phrase in task.collective:
            self.add(t, POL.collective, Literal(phrase))
        for a in task.assignments:
            if a.role not in SHORTCUTS:
                raise BuildError(f"task {task.id}: unknown role {a.role!r}")
            agency, key = self.assignee(a, district)
            self.agencies[agency].alt.add(a.agency)
            q = self.iris.child(t, "assignment", key)
            self.add(t, SHORTCUTS[a.role], agency)
            self.add(t, POL.responsibleAgency, agency)
            self.add(t, PROV.qualifiedAssociation, q)
            self.add(q, RDF.type, POL.Assignment)
            self.add(q, PROV.agent, agency)
            self.add(q, PROV.hadRole, _concept(POL.RoleScheme, a.role, "role"))
            self.add(q, POL.basis, _concept(POL.BasisScheme, a.basis, "basis"))
            self.add(q, POL.asWritten, Literal(a.agency))
            if a.line is not None:
                self.add(q, POL.evidenceLine, Literal(a.line))
        for n, target in enumerate(task.targets, 1):
            g = self.iris.child(t, "target", str(n))
            self.add(t, POL.hasTarget, g)
            self.add(g, RDF.type, POL.Target)
            self.measure(g, target.indicator, target.value, target.unit, target.year)
            self.bound(g, target.comparator, target.direction, target.base_year, target.line)
            if target.strive:
                self.add(g, POL.aspirational, Literal(True))
        if task.deadline is not None:
            self.deadline(self.iris.child(t, "deadline", "1"), t, task.deadline)

    def measure(self, s: URIRef, name: str, value: float | Decimal, unit: str,
                year: int | None) -> None:
        self.add(s, POL.indicatorName, Literal(name))
        self.add(s, POL.value, decimal(value))
        self.add(s, POL.unit, Literal(unit))
        if year is not None:
            self.add(s, POL.targetYear, Literal(year))

    def bound(self, s: URIRef, comparator: str | None, direction: str | None,
              base_year: int | None, line: int | None) -> None:
        """How a target or goal row bounds its value: comparator, direction, base year, line."""
        for prop, value in ((POL.comparator, comparator), (POL.direction, direction),
                            (POL.baseYear, base_year), (POL.evidenceLine, line)):
            if value is not None:
                self.add(s, prop, Literal(value))

    def deadline(self, d: URIRef, task: URIRef, deadline: Deadline) -> None:
        if deadline.kind not in ("by", "during", "ongoing"):
            raise BuildError(f"unknown deadline kind {deadline.kind!r}")
        self.add(task, POL.hasDeadline, d)
        self.add(d, RDF.type, POL.Deadline)
        self.add(d, POL.deadlineKind, Literal(deadline.kind))
        self.add(d, POL.deadlineText, Literal(deadline.text))
        if deadline.date:
            self.add(d, POL.dueDate, iso_date(deadline.date))
            due = due_date(deadline)
            if due is not None:
                self.add(d, POL.dueBy, Literal(due.isoformat(), datatype=XSD.date))
        if deadline.start:
            self.add(d, POL.periodStart, iso_date(deadline.start))
        if deadline.line is not None:
            self.add(d, POL.evidenceLine, Literal(deadline.line))

    def finish(self) -> None:
        for iri, agency in self.agencies.items():
            self.describe(iri, RDF.type, POL.Agency)
            self.describe(iri, SKOS.prefLabel, zh(agency.pref))
            for alt in sorted(agency.alt - {agency.pref}):
                self.describe(iri, SKOS.altLabel, zh(alt))
            if agency.district:
                self.describe(iri, POL.district, self.iris.district(agency.district))
            kind = _concept(POL.AgencyTypeScheme, agency.type, "agency type")
            self.describe(iri, POL.agencyType, kind)
        for name, city in self.districts.items():
            district = self.iris.district(name)
            self.describe(district, RDF.type, POL.District)
            self.describe(district, SKOS.prefLabel, zh(name))
            if city:
                self.describe(district, POL.city, Literal(city))


def build_triples(
    extraction: Extraction, catalog: Catalog | None = None, base: str = DEFAULT_BASE
) -> Built:
    """The triples of one source file: its documents, tasks, agencies and citations.

    Citations resolve against ``catalog`` (by 文号, then title); unknown ones get a node marked
    pol:UnresolvedDocument. Raises BuildError on records that break the model.
    """
    iris = Iris(base)
    builder = _Builder(iris, catalog or Catalog())
    source = iris.source(extraction.source.path)
    builder.add(source, RDF.type, POL.SourceFile)
    builder.add(source, POL.path, Literal(extraction.source.path))
    builder.add(source, POL.sha256, Literal(extraction.source.sha256))
    builder.add(source, POL.encoding, Literal(extraction.source.encoding))
    builder.add(source, POL.sourceKind, Literal(extraction.source.kind))
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
    for triple in built.triples | built.entities:
        graph.add(triple)
    return graph
