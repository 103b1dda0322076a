"""Materialised facts of the graph/derived named graph, recomputed from the store after a build.

Per agency: counts by role, documents, short name, full name, district name, type code, its
position in the agencies' order and in the workload ranking, and its degree and betweenness
centrality in the co-responsibility graph (of all agencies, and of its district's). Per
document: its position in the documents' order. Per co-responsible pair of agencies: the number
of tasks they share. Per district: documents, tasks, assigned tasks, targets and the 文号 its
documents implement. Every subject with a district: the
district's name. Tasks without a responsible agency: the class pol:UnassignedTask.

Each fact is written once, here, so queries read it without the multiset of the union default
graph (agencies and districts are asserted in every source graph that names them).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import combinations

import pyoxigraph as ox

from policykg.graph.centrality import centrality
from policykg.graph.iris import ELI
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

# Per agency, the task relation each count is read from. Collective phrases are literals
# (pol:collective), never agencies, so they cannot be counted.
_ROLE_COUNTS = {
    POL.leadAgency: POL.leadCount,
    POL.coAgency: POL.coCount,
    POL.jointAgency: POL.jointCount,
    POL.coHandler: POL.coHandlerCount,
}

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ID_LOCAL = ox.NamedNode(ELI + "id_local")
IS_PART_OF = ox.NamedNode(ELI + "is_part_of")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Relation = dict[Term, set[Term]]


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _smallest(values: Iterable[Term]) -> str:
    """The smallest lexical form in code-point order; "" (before any other) when there is none."""
    return min((v.value for v in values), default="")


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


# Relations the search index (graph/search_index.py) reads as well: kept as read, so that the
# index does not read them again (on the 64× copies they are ~85k of the ~230k quads read back)
SHARED = frozenset(
    [IS_PART_OF.value, TITLE.value, str(POL.responsibleAgency)]
    + [str(role) for role in _ROLE_COUNTS]
)


class Facts:
    """The relations the derived facts are computed from, each read once from the store."""

    def __init__(self, store: ox.Store, derived: ox.NamedNode) -> None:
        self.store = store
        self.derived = derived
        self._pairs: dict[str, list[tuple[Term, Term]]] = {}
        self._instances: dict[str, set[Term]] = {}
        self.labels = self.relation(PREF_LABEL)
        self.district_of = self.relation(_node(POL.district))
        self.part_of = self.relation(IS_PART_OF)
        self.responsible = self.relation(_node(POL.responsibleAgency))
        self.numbers = self.relation(ID_LOCAL)
        self.tasks = self.instances(POL.Task)

    def pairs(self, predicate: ox.NamedNode) -> list[tuple[Term, Term]]:
        """(subject, object) of ``predicate`` in every graph but the derived one, in store order.

        Those of SHARED predicates are kept for the search index; the others are read anew.
        """
        found = self._pairs.get(predicate.value)
        if found is None:
            found = [(q.subject, q.object)
                     for q in self.store.quads_for_pattern(None, predicate, None, None)
                     if q.graph_name != self.derived]
            if predicate.value in SHARED:
                self._pairs[predicate.value] = found
        return found

    def relation(self, predicate: ox.NamedNode) -> Relation:
        """Subject → objects of ``predicate`` in every graph but the derived one (a set)."""
        found: Relation = defaultdict(set)
        for subject, obj in self.pairs(predicate):
            found[subject].add(obj)
        return found

    def instances(self, cls: str) -> set[Term]:
        """Subjects typed ``cls`` in any graph (read once)."""
        found = self._instances.get(str(cls))
        if found is None:
            found = self._instances[str(cls)] = {
                q.subject for q in self.store.quads_for_pattern(None, RDF_TYPE, _node(cls), None)}
        return found

    @cached_property
    def counts(self) -> dict[str, Counter[Term]]:
        """Per count term (pol:taskCount, pol:leadCount …): agency → its count (none: 0).

        Read from the assignments themselves, so the cost follows the links (a SPARQL GROUP BY
        joining every agency assertion with all its tasks grew as assertions × tasks: 5 GB at 3M).
        """
        def per_agency(relation: Relation) -> Counter[Term]:
            return Counter(agency for targets in relation.values() for agency in targets)

        counts = {str(POL.taskCount): per_agency(self.responsible)}
        counts |= {str(term): per_agency(self.relation(_node(role)))
                   for role, term in _ROLE_COUNTS.items()}
        documents: dict[Term, set[Term]] = defaultdict(set)
        for task, targets in self.responsible.items():
            for doc in self.part_of.get(task, ()):
                for agency in targets:
                    documents[agency].add(doc)
        counts[str(POL.documentCount)] = Counter({a: len(d) for a, d in documents.items()})
        return counts

    @cached_property
    def agency_order(self) -> list[Term]:
        """Agencies by district name, full name, then IRI (pol:agencyOrder)."""
        return sorted(self.instances(POL.Agency),
                      key=lambda a: (self.first_label(self.district_of.get(a, ())),
                                     self.first_label([a]), a.value))

    @cached_property
    def shared_pairs(self) -> list[tuple[tuple[Term, Term], int]]:
        """Two agencies sharing tasks (the smaller IRI first) and how many, in pol:pairOrder:
        by shared tasks (descending), district name, then the two agencies' names."""
        shared: Counter[tuple[Term, Term]] = Counter()
        for agencies in self.responsible.values():
            shared.update(combinations(sorted(agencies, key=lambda a: a.value), 2))

        def sort_key(item: tuple[tuple[Term, Term], int]) -> tuple[int, str, str, str, str, str]:
            (agency_a, agency_b), count = item
            districts = self.district_of.get(agency_a, ())
            return (-count, self.first_label(districts), self.first_label([agency_a]),
                    self.first_label([agency_b]), agency_a.value, agency_b.value)

        return sorted(shared.items(), key=sort_key)

    def first_label(self, subjects: Iterable[Term]) -> str:
        """The smallest skos:prefLabel of ``subjects`` ("" when none has one)."""
        return _smallest(label for s in subjects for label in self.labels.get(s, ()))

    def districts_of(self, subjects: Iterable[Term]) -> dict[Term, set[Term]]:
        """District → those of ``subjects`` whose document (or themselves) lies in it."""
        found: dict[Term, set[Term]] = defaultdict(set)
        for subject in subjects:
            for doc in self.part_of.get(subject, ()):
                for district in self.district_of.get(doc, ()):
                    found[district].add(subject)
        return found


def derived_quads(store: ox.Store, graph: ox.NamedNode,
                  facts: Facts | None = None) -> list[ox.Quad]:
    """Every materialised fact of ``store``, as quads in ``graph`` (which may hold old ones).

    Give ``facts`` (a ``Facts`` of this store and graph) to keep what it read for the index.
    """
    facts = facts or Facts(store, graph)
    triples = [
        *_count_triples(facts),
        *_short_name_triples(store, facts),
        *_name_triples(facts),
        *_pair_triples(facts),
        *_workload_triples(facts),
        *_order_triples(facts),
        *_district_triples(facts),
        *_listing_order_triples(facts),
        *((task, RDF_TYPE, _node(POL.UnassignedTask)) for task in _unassigned(facts)),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


Triple = tuple[Term, ox.NamedNode, Term]


def _count_triples(facts: Facts) -> Iterator[Triple]:
    """Per agency: tasks, tasks by role and documents (0 for an agency without tasks)."""
    for agency in facts.instances(POL.Agency):
        for term in (POL.taskCount, POL.leadCount, POL.coCount, POL.jointCount,
                     POL.coHandlerCount, POL.documentCount):
            yield agency, _node(term), _integer(facts.counts[str(term)].get(agency, 0))


def _short_name_triples(store: ox.Store, facts: Facts) -> Iterator[Triple]:
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
        yield agency, _node(POL.shortName), ox.Literal(best)


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
    """pol:agencyOrder and pol:documentOrder: each one's position in the order reports list them.

    The same order as ORDER BY over the names (code-point order, a missing value first, the IRI
    last), as one integer: Oxigraph compares integers inline but looks a long string up in its
    dictionary at every comparison (sorting the 4,200 links of one district by name and 文号
    cost ~180 ms of 570 on ~1M triples).
    """
    for order, agency in enumerate(facts.agency_order, 1):
        yield agency, _node(POL.agencyOrder), _integer(order)
    titles = facts.relation(TITLE)
    documents = sorted(
        facts.instances(POL.PolicyDocument) | set(facts.numbers),
        key=lambda d: (_smallest(facts.numbers.get(d, ())), _smallest(titles.get(d, ())), d.value),
    )
    for order, doc in enumerate(documents, 1):
        yield doc, _node(POL.documentOrder), _integer(order)


def _district_triples(facts: Facts) -> Iterator[Triple]:
    """Per district with loaded documents: counts and the 文号 its documents implement."""
    documents: dict[Term, set[Term]] = defaultdict(set)
    for doc in facts.instances(POL.PolicyDocument):
        for district in facts.district_of.get(doc, ()):
            documents[district].add(doc)
    tasks = facts.districts_of(facts.tasks)
    assigned = facts.districts_of(t for t in facts.tasks if t in facts.responsible)
    targets = facts.districts_of(facts.instances(POL.Indicator))
    has_target = facts.relation(_node(POL.hasTarget))
    for district, tasks_with_targets in facts.districts_of(has_target).items():
        targets[district].update(t for task in tasks_with_targets for t in has_target[task])
    implemented = facts.relation(_node(POL.implements))
    for district, docs in documents.items():
        yield district, _node(POL.documentCount), _integer(len(docs))
        yield district, _node(POL.taskCount), _integer(len(tasks.get(district, ())))
        yield district, _node(POL.assignedTaskCount), _integer(len(assigned.get(district, ())))
        yield district, _node(POL.targetCount), _integer(len(targets.get(district, ())))
        upstream = {n for doc in docs for up in implemented.get(doc, ())
                    for n in facts.numbers.get(up, ())}
        for number in upstream:
            yield district, _node(POL.implementsNumber), number


def _listing_order_triples(facts: Facts) -> Iterator[Triple]:
    """pol:deadlineOrder and pol:targetOrder: positions in the order of the due and targets
    listings (their ORDER BY: code-point order, a missing value first; dated deadlines, then
    ongoing ones, then those of an unknown year),
    so that a page of either starts from one integer instead of sorting every row's names."""
    labels = {district: _smallest(facts.labels.get(district, ())) for district in
              {d for ds in facts.district_of.values() for d in ds}}

    def place(doc: Term | None) -> tuple[tuple[bool, str], tuple[bool, str]]:
        docs = [] if doc is None else [doc]
        district = min((labels[d] for x in docs for d in facts.district_of.get(x, ())),
                       default=None)
        number = min((n.value for x in docs for n in facts.numbers.get(x, ())), default=None)
        return (district is not None, district or ""), (number is not None, number or "")

    order = facts.relation(_node(POL.order))

    def position(task: Term | None) -> tuple[bool, int]:
        found = [int(o.value) for o in order.get(task, ()) if o.value.isdigit()] if task else []
        return (bool(found), min(found, default=0))

    def doc_of(subject: Term | None) -> Term | None:
        return min(facts.part_of.get(subject, ()), key=lambda d: d.value, default=None)

    due_by = facts.relation(_node(POL.dueBy))
    deadlines = facts.relation(_node(POL.hasDeadline))

    kinds = facts.relation(_node(POL.deadlineKind))

    def deadline_key(task: Term) -> tuple:
        days = [d.value for deadline in deadlines[task] for d in due_by.get(deadline, ())]
        ongoing = any(k.value == "ongoing" for d in deadlines[task] for k in kinds.get(d, ()))
        group = 1 if ongoing else 0 if days else 2  # dated, ongoing, year unknown
        return (group, min(days, default=""), *place(doc_of(task)), position(task), task.value)

    for n, task in enumerate(sorted(deadlines, key=deadline_key), 1):
        yield task, _node(POL.deadlineOrder), _integer(n)
    stating = {target: task for task, targets in facts.relation(_node(POL.hasTarget)).items()
               for target in targets}

    def target_key(target: Term) -> tuple:
        task = stating.get(target)
        return (_smallest(names[target]), *place(doc_of(task or target)), position(task),
                target.value)

    names = facts.relation(_node(POL.indicatorName))
    for n, target in enumerate(sorted(names, key=target_key), 1):
        yield target, _node(POL.targetOrder), _integer(n)


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


def _unassigned(facts: Facts) -> Iterator[Term]:
    """Tasks without a responsible agency (collective phrases never count as one)."""
    return (task for task in facts.tasks if task not in facts.responsible)
