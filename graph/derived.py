"""Materialised facts of the graph/derived named graph, recomputed from the store after a build.

Per agency: counts by role, documents, short name, full name, name keys, district name, type
code, its position in the agencies' order and in the workload ranking, and its degree and
betweenness centrality in the co-responsibility graph (of all agencies, and of its district's). Per
document: its position in the documents' order, by district and in the documents listing. Per
co-responsible pair of agencies: the number of tasks they share. Per district: documents, tasks,
assigned tasks, targets and the 文号 its documents implement. Every subject with a district: the
district's name. Tasks without a responsible agency: the class pol:UnassignedTask, and their
collective phrases in one literal (pol:collectiveText).

Each fact is written once, here, so queries read it without the multiset of the union default
graph (agencies and districts are asserted in every source graph that names them).

The tasks are read one document at a time (graph/parts.py): what is kept is per agency, pair,
district and document, and the sort keys of the dated tasks and the targets, never a relation of
every task, so memory does not follow the store.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from itertools import combinations

import pyoxigraph as ox

from policykg.graph.centrality import centrality
from policykg.graph.iris import ELI
from policykg.graph.parts import (
    RDF_TYPE,
    Documents,
    Parts,
    Term,
    position,
    smallest,
)
from policykg.loaders.agencies import name_core
from policykg.ontology.namespace import POL

_PREFIXES = (
    f"PREFIX pol: <{POL._NS}>\nPREFIX eli: <{ELI}>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
)

WRITTEN_FORMS = (
    _PREFIXES
    + """
SELECT ?agency ?written (COUNT(?assignment) AS ?n)
WHERE { ?assignment prov:agent ?agency ; pol:asWritten ?written . }
GROUP BY ?agency ?written
"""
)

# The documents listing's order before its last key (documents.rq: ORDER BY ?status ?date
# ?doc_order), asked of the engine: a date's order across xsd:date, gYearMonth and gYear is the
# engine's; documents of the same status and date are then placed by pol:documentOrder.
LISTING_PLACES = (
    _PREFIXES
    + """
SELECT DISTINCT ?doc ?status ?date WHERE {
  ?doc a pol:PolicyDocument .
  OPTIONAL { ?doc eli:date_document ?date }
  BIND(IF(EXISTS { ?doc a pol:ReferenceDocument }, "reference",
          IF(EXISTS { ?doc a pol:UnresolvedDocument }, "unresolved", "loaded")) AS ?status)
}
ORDER BY ?status ?date
"""
)

# Per agency, the task relation each count is read from. Collective phrases are literals
# (pol:collective), never agencies, so they cannot be counted.
_ROLE_COUNTS = {
    POL.leadAgency: POL.leadCount,
    POL.coAgency: POL.coCount,
    POL.jointAgency: POL.jointCount,
    POL.coHandler: POL.coHandlerCount,
}

PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")

Relation = dict[Term, set[Term]]
_RESPONSIBLE = str(POL.responsibleAgency)


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))



def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


class Facts:
    """What the derived facts are computed from.

    The relations of agencies, districts and documents are read whole (they follow the
    entities); the tasks' are tallied one document at a time by ``tally`` (per agency, pair and
    district), which ``derived_quads`` calls for every document in order.
    """

    def __init__(self, store: ox.Store, derived: ox.NamedNode) -> None:
        self.store = store
        self.derived = derived
        self._instances: dict[str, set[Term]] = {}
        self.documents = Documents(store, derived)
        self.numbers = self.documents.numbers
        self.labels = self.relation(PREF_LABEL)
        self.district_of = self.relation(_node(POL.district))
        self.counts: dict[str, Counter[Term]] = {
            str(term): Counter() for term in (POL.taskCount, *_ROLE_COUNTS.values(),
                                              POL.documentCount)}
        self.shared: Counter[tuple[Term, Term]] = Counter()
        # per district: tasks, assigned tasks, targets
        self.in_district: dict[str, Counter[Term]] = {
            kind: Counter() for kind in ("tasks", "assigned", "targets")}
        self.deadline_keys: list[tuple] = []
        self.target_keys: list[tuple] = []
        self._district_label = {district: smallest(self.labels.get(district, ())) for district in
                                {d for ds in self.district_of.values() for d in ds}}

    def relation(self, predicate: ox.NamedNode) -> Relation:
        """Subject → objects of ``predicate`` in every graph but the derived one (a set).

        Only for relations of agencies, districts and documents: their size follows the entities.
        """
        found: Relation = defaultdict(set)
        for q in self.store.quads_for_pattern(None, predicate, None, None):
            if q.graph_name != self.derived:
                found[q.subject].add(q.object)
        return found

    def instances(self, cls: str) -> set[Term]:
        """Subjects typed ``cls`` in any graph (read once): agencies, documents."""
        found = self._instances.get(str(cls))
        if found is None:
            found = self._instances[str(cls)] = {
                q.subject for q in self.store.quads_for_pattern(None, RDF_TYPE, _node(cls), None)}
        return found

    def place(self, doc: Term | None) -> tuple[tuple[bool, str], tuple[bool, str]]:
        """Where the listings place a document: (its district's name, its 文号), a missing one first."""
        docs = [] if doc is None else [doc]
        district = min((self._district_label[d] for x in docs for d in self.district_of.get(x, ())),
                       default=None)
        number = min((n.value for x in docs for n in self.numbers.get(x, ())), default=None)
        return (district is not None, district or ""), (number is not None, number or "")

    def tally(self, parts: Parts) -> Iterator[tuple[Term, ox.NamedNode, Term]]:
        """Count one document's tasks and targets; yield its tasks without a responsible agency.

        Keeps the sort keys of its dated tasks and its targets (pol:deadlineOrder, targetOrder).
        """
        districts = self.district_of.get(parts.doc, ()) if parts.doc is not None else ()
        here: set[tuple[Term | None, Term]] = set()  # (document, agency responsible there)
        targets: set[Term] = set(parts.typed(POL.Indicator))
        stating: dict[Term, Term] = {}
        for task in parts.typed(POL.Task):
            responsible = parts.values(task, _RESPONSIBLE)
            self.counts[str(POL.taskCount)].update(responsible)
            for role, term in _ROLE_COUNTS.items():
                self.counts[str(term)].update(parts.values(task, str(role)))
            doc = parts.doc_of(task)
            here.update((doc, agency) for agency in responsible)
            self.shared.update(combinations(sorted(responsible, key=lambda a: a.value), 2))
            for district in districts:
                self.in_district["tasks"][district] += 1
                self.in_district["assigned"][district] += bool(responsible)
            if not responsible:
                yield task, RDF_TYPE, _node(POL.UnassignedTask)
                phrases = parts.values(task, str(POL.collective))
                if phrases:  # grouped here: unassigned pages need no GROUP_CONCAT (see the query)
                    yield task, _node(POL.collectiveText), _joined(phrases)
            for target in parts.values(task, str(POL.hasTarget)):
                stating[target] = task
                targets.add(target)
            deadlines = parts.values(task, str(POL.hasDeadline))
            if deadlines:
                self.deadline_keys.append(self._deadline_key(parts, task, deadlines))
        self.counts[str(POL.documentCount)].update(agency for _, agency in here)
        for district in districts:
            self.in_district["targets"][district] += len(targets)
        for unit, props in parts.units.items():
            names = props.get(str(POL.indicatorName))
            if names:
                task = stating.get(unit)
                self.target_keys.append((
                    smallest(names), *self.place(parts.doc_of(task or unit)),
                    position(parts.values(task, str(POL.order))) if task else (False, 0),
                    unit.value, unit))

    def _deadline_key(self, parts: Parts, task: Term, deadlines: set[Term]) -> tuple:
        """Dated deadlines first (by day), then ongoing ones, then those of an unknown year."""
        days = [d.value for deadline in deadlines for d in parts.values(deadline, str(POL.dueBy))]
        ongoing = any(k.value == "ongoing" for d in deadlines
                      for k in parts.values(d, str(POL.deadlineKind)))
        group = 1 if ongoing else 0 if days else 2
        return (group, min(days, default=""), *self.place(parts.doc_of(task)),
                position(parts.values(task, str(POL.order))), task.value, task)

    @cached_property
    def agency_order(self) -> list[Term]:
        """Agencies by district name, full name, then IRI (pol:agencyOrder)."""
        return sorted(self.instances(POL.Agency),
                      key=lambda a: (self.first_label(self.district_of.get(a, ())),
                                     self.first_label([a]), a.value))

    @cached_property
    def shared_pairs(self) -> list[tuple[tuple[Term, Term], int]]:
        """Two agencies sharing tasks (the smaller IRI first) and how many, in pol:pairOrder:
        by shared tasks (descending), district name, then the two agencies' names.
        Read after every document was tallied."""

        def sort_key(item: tuple[tuple[Term, Term], int]) -> tuple[int, str, str, str, str, str]:
            (agency_a, agency_b), count = item
            districts = self.district_of.get(agency_a, ())
            return (-count, self.first_label(districts), self.first_label([agency_a]),
                    self.first_label([agency_b]), agency_a.value, agency_b.value)

        return sorted(self.shared.items(), key=sort_key)

    def first_label(self, subjects: Iterable[Term]) -> str:
        """The smallest skos:prefLabel of ``subjects`` ("" when none has one)."""
        return smallest(label for s in subjects for label in self.labels.get(s, ()))


def derived_quads(store: ox.Store, graph: ox.NamedNode, facts: Facts | None = None,
                  on_parts: Callable[[Parts], Iterable[ox.Quad]] | None = None,
                  ) -> Iterator[ox.Quad]:
    """Every materialised fact of ``store``, as quads in ``graph`` (which may hold old ones).

    The documents are read one at a time; ``on_parts`` is given each one's parts as well, and the
    quads it returns (of other graphs: a build's clause links) come with the derived ones, so
    that the build reads each document once. The facts about every agency, pair and district
    come once every document was read.
    """
    facts = facts or Facts(store, graph)
    for parts in facts.documents:
        if on_parts is not None:
            yield from on_parts(parts)
        for s, p, o in facts.tally(parts):
            yield ox.Quad(s, p, o, graph)
    short = dict(_short_names(store, facts))
    aliases = facts.relation(ALT_LABEL)
    for triples in (
        _count_triples(facts),
        ((agency, _node(POL.shortName), name) for agency, name in short.items()),
        _name_triples(facts),
        _name_key_triples(facts, short, aliases),
        ((agency, _node(POL.aliasText), _joined(names)) for agency, names in aliases.items()
         if agency in facts.instances(POL.Agency)),
        _pair_triples(facts),
        _workload_triples(facts),
        _order_triples(facts),
        _district_triples(facts),
        _listing_order_triples(facts),
    ):
        for s, p, o in triples:
            yield ox.Quad(s, p, o, graph)


Triple = tuple[Term, ox.NamedNode, Term]


def _count_triples(facts: Facts) -> Iterator[Triple]:
    """Per agency: tasks, tasks by role and documents (0 for an agency without tasks)."""
    for agency in facts.instances(POL.Agency):
        for term in (POL.taskCount, POL.leadCount, POL.coCount, POL.jointCount,
                     POL.coHandlerCount, POL.documentCount):
            yield agency, _node(term), _integer(facts.counts[str(term)].get(agency, 0))


def _short_names(store: ox.Store, facts: Facts) -> Iterator[tuple[Term, ox.Literal]]:
    """The most frequent pol:asWritten of each agency, unless a source graph asserts one."""
    asserted = facts.relation(_node(POL.shortName))
    forms: dict[Term, Counter[str]] = defaultdict(Counter)
    for row in store.query(WRITTEN_FORMS, use_default_graph_as_union=True):
        forms[row["agency"]][row["written"].value] += int(row["n"].value)
    for agency, counter in forms.items():
        if agency in asserted:
            continue
        # most frequent; ties go to the shorter form, then to code-point order
        best = min(counter, key=lambda w: (-counter[w], len(w), w))
        yield agency, ox.Literal(best)


def _joined(values: Iterable[Term]) -> ox.Literal:
    """Distinct lexical forms in code-point order, joined by 、 (pol:aliasText, collectiveText:
    the listings read a list from one pattern, not a GROUP_CONCAT at every page)."""
    return ox.Literal("、".join(sorted({value.value for value in values})))


def _name_key_triples(facts: Facts, short: dict[Term, ox.Literal],
                      aliases: Relation) -> Iterator[Triple]:
    """pol:nameKey: every name of an agency with a district (full, short, aliases, its IRI's last
    segment) and the key each resolves to in that district (loaders.agencies.name_core), so that
    finding agencies by a typed name (queries/agency_match.py compares these) reads only those
    it can match, not every agency of the store."""
    asserted = facts.relation(_node(POL.shortName))
    for agency in facts.instances(POL.Agency):
        places = {label.value for d in facts.district_of.get(agency, ())
                  for label in facts.labels.get(d, ())}
        if not places:  # the agencies listing has no row for it
            continue
        names = {label.value for label in facts.labels.get(agency, ())}
        names.update(name.value for name in asserted.get(agency, ()))
        if agency in short:
            names.add(short[agency].value)
        names.update(piece for alias in aliases.get(agency, ()) for piece in alias.value.split("、"))
        names.add(agency.value.rsplit("/", 1)[-1])
        names = {name.strip() for name in names if name.strip()}
        keys = names | {name_core(name, place)[0] for name in names for place in places}
        for key in sorted(keys):
            yield agency, _node(POL.nameKey), ox.Literal(key)


def _name_triples(facts: Facts) -> Iterator[Triple]:
    """Agency full names and type codes; the district name of everything with a district."""
    agencies = facts.instances(POL.Agency)
    for agency in agencies:
        for label in facts.labels.get(agency, ()):
            yield agency, _node(POL.agencyName), label
    for agency, concepts in facts.relation(_node(POL.agencyType)).items():
        if agency in agencies:
            for concept in concepts:
                code = concept.value.partition("#agencytype_")[2]
                yield agency, _node(POL.agencyTypeCode), ox.Literal(code)
    named: set[Term] = set()
    for subject, districts in facts.district_of.items():
        for district in districts:
            for label in facts.labels.get(district, ()):
                yield subject, _node(POL.districtName), label
                if district not in named:
                    yield district, _node(POL.districtName), label
            named.add(district)


def _pair_triples(facts: Facts) -> Iterator[Triple]:
    """One pol:AgencyPair per two agencies sharing tasks (agencyA has the smaller IRI).

    The pair is a blank node named by the MD5 of both IRIs (32 hex digits: Oxigraph stores it
    inline, with no string lookup), so a rebuild gives the same quads. pol:pairOrder is its
    position by shared tasks (descending), district name, then the two agencies' names.
    """
    for order, ((agency_a, agency_b), count) in enumerate(facts.shared_pairs, 1):
        pair = ox.BlankNode(hashlib.md5(f"{agency_a.value} {agency_b.value}".encode()).hexdigest())
        yield pair, RDF_TYPE, _node(POL.AgencyPair)
        yield pair, _node(POL.agencyA), agency_a
        yield pair, _node(POL.agencyB), agency_b
        yield pair, _node(POL.sharedTaskCount), _integer(count)
        yield pair, _node(POL.pairOrder), _integer(order)


def _order_triples(facts: Facts) -> Iterator[Triple]:
    """pol:agencyOrder, pol:documentOrder, pol:districtDocumentOrder and
    pol:documentListingOrder: each one's position in the order reports list them (documents by
    district name, then documentOrder, for the listings by district; a document in two districts
    at its first place; documents in the documents listing's order).

    The same order as ORDER BY over the names (code-point order, a missing value first, the IRI
    last), as one integer: Oxigraph compares integers inline but looks a long string up in its
    dictionary at every comparison (sorting the 4,200 links of one district by name and 文号
    cost ~180 ms of 570 on ~1M triples).
    """
    for order, agency in enumerate(facts.agency_order, 1):
        yield agency, _node(POL.agencyOrder), _integer(order)
    by_district = []
    for order, doc in enumerate(facts.documents.order, 1):
        yield doc, _node(POL.documentOrder), _integer(order)
        by_district += [(label.value, order, doc) for district in facts.district_of.get(doc, ())
                        for label in facts.labels.get(district, ())]
    placed: dict[Term, int] = {}
    for _, _, doc in sorted(by_district, key=lambda key: key[:2]):
        placed.setdefault(doc, len(placed) + 1)
    for doc, order in placed.items():
        yield doc, _node(POL.districtDocumentOrder), _integer(order)
    for order, doc in enumerate(_listing_places(facts), 1):
        yield doc, _node(POL.documentListingOrder), _integer(order)


def _listing_places(facts: Facts) -> list[Term]:
    """The documents in the documents listing's order, each at its first place (a document
    with two dates has two rows there)."""
    position = {doc: n for n, doc in enumerate(facts.documents.order)}
    runs: list[list[Term]] = []
    last = None
    for row in facts.store.query(LISTING_PLACES, use_default_graph_as_union=True):
        key = (row["status"], row["date"])
        if key != last or not runs:
            runs.append([])
            last = key
        runs[-1].append(row["doc"])
    placed: dict[Term, None] = {}
    for run in runs:
        for doc in sorted(run, key=lambda d: position.get(d, -1)):
            placed.setdefault(doc, None)
    return list(placed)


def _district_triples(facts: Facts) -> Iterator[Triple]:
    """Per district with loaded documents: counts and the 文号 its documents implement."""
    documents: dict[Term, set[Term]] = defaultdict(set)
    for doc in facts.instances(POL.PolicyDocument):
        for district in facts.district_of.get(doc, ()):
            documents[district].add(doc)
    implemented = facts.relation(_node(POL.implements))
    tallied = facts.in_district
    for district, docs in documents.items():
        yield district, _node(POL.documentCount), _integer(len(docs))
        yield district, _node(POL.taskCount), _integer(tallied["tasks"][district])
        yield district, _node(POL.assignedTaskCount), _integer(tallied["assigned"][district])
        yield district, _node(POL.targetCount), _integer(tallied["targets"][district])
        upstream = {n for doc in docs for up in implemented.get(doc, ())
                    for n in facts.numbers.get(up, ())}
        for number in upstream:
            yield district, _node(POL.implementsNumber), number


def _listing_order_triples(facts: Facts) -> Iterator[Triple]:
    """pol:deadlineOrder and pol:targetOrder: positions in the order of the due and targets
    listings (their ORDER BY: code-point order, a missing value first; dated deadlines, then
    ongoing ones, then those of an unknown year),
    so that a page of either starts from one integer instead of sorting every row's names.
    The keys were made document by document (``Facts.tally``)."""
    for kind, keys in ((POL.deadlineOrder, facts.deadline_keys),
                       (POL.targetOrder, facts.target_keys)):
        keys.sort(key=lambda key: key[:-1])
        for n, key in enumerate(keys, 1):
            yield key[-1], _node(kind), _integer(n)
        keys.clear()


def _workload_triples(facts: Facts) -> Iterator[Triple]:
    """pol:workloadOrder, and degree and betweenness centrality in the co-responsibility graph
    of all agencies and of the agency's district (pol:district…Centrality).

    The workload ranking is the agency-workload listing's order (tasks and leads descending,
    then pol:agencyOrder) over the agencies it lists (those with a district and a name); a
    district's ranking is the same order restricted to it. Each graph is the one the agencies
    report computed on every call: the listed agencies with tasks, in ranking order, and the
    pairs among them in pol:pairOrder (of a district: those whose agencyA lies in it).
    """
    tasks, leads = facts.counts[str(POL.taskCount)], facts.counts[str(POL.leadCount)]
    districts = {a: {label.value for d in facts.district_of.get(a, ())
                     for label in facts.labels.get(d, ())} for a in facts.agency_order}
    position = {a: n for n, a in enumerate(facts.agency_order)}
    ranked = sorted((a for a in facts.agency_order if districts[a] and facts.labels.get(a)),
                    key=lambda a: (-tasks[a], -leads[a], position[a]))
    for order, agency in enumerate(ranked, 1):
        yield agency, _node(POL.workloadOrder), _integer(order)
    busy = [a for a in ranked if tasks[a]]
    pairs = [pair for pair, _ in facts.shared_pairs]
    yield from _centrality_triples(busy, pairs, POL.degreeCentrality, POL.betweennessCentrality)
    members: dict[str, list[Term]] = defaultdict(list)
    for agency in busy:
        for district in sorted(districts[agency]):
            members[district].append(agency)
    in_district: dict[str, list[tuple[Term, Term]]] = defaultdict(list)
    for agency_a, agency_b in pairs:
        for district in districts.get(agency_a, ()):
            in_district[district].append((agency_a, agency_b))
    for district, agencies in members.items():
        yield from _centrality_triples(agencies, in_district[district],
                                       POL.districtDegreeCentrality,
                                       POL.districtBetweennessCentrality)


def _centrality_triples(agencies: list[Term], pairs: list[tuple[Term, Term]], degree: str,
                        betweenness: str) -> Iterator[Triple]:
    """Each agency's scores in the graph of ``agencies`` and ``pairs``, as numbers: xsd:double,
    or xsd:integer where networkx gives an int (the degree of a graph's only agency)."""
    for agency, scores in centrality(agencies, pairs).items():
        yield agency, _node(degree), _number(scores["degree"])
        yield agency, _node(betweenness), _number(scores["betweenness"])


def _number(value: float) -> ox.Literal:
    if isinstance(value, int):
        return _integer(value)
    return ox.Literal(repr(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
