"""Materialised per-agency counts and short names (named graph graph/derived)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox

from graph.iris import ELI
from ontology.namespace import POL

_PREFIXES = (
    f"PREFIX pol: <{POL._NS}>\nPREFIX eli: <{ELI}>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
)

# Collective phrases are literals (pol:collective), never agencies, so they cannot be counted.
COUNTS = (
    _PREFIXES
    + """
SELECT ?agency (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?lead) AS ?leads)
       (COUNT(DISTINCT ?co) AS ?cos) (COUNT(DISTINCT ?joint) AS ?joints)
       (COUNT(DISTINCT ?handled) AS ?handleds) (COUNT(DISTINCT ?doc) AS ?docs)
WHERE {
  ?agency a pol:Agency .
  OPTIONAL {
    ?task pol:responsibleAgency ?agency ; eli:is_part_of ?doc .
    OPTIONAL { ?task pol:leadAgency ?agency . BIND(?task AS ?lead) }
    OPTIONAL { ?task pol:coAgency ?agency . BIND(?task AS ?co) }
    OPTIONAL { ?task pol:jointAgency ?agency . BIND(?task AS ?joint) }
    OPTIONAL { ?task pol:coHandler ?agency . BIND(?task AS ?handled) }
  }
}
GROUP BY ?agency
"""
)

WRITTEN_FORMS = (
    _PREFIXES
    + """
SELECT ?agency ?written (COUNT(?assignment) AS ?n)
WHERE { ?assignment prov:agent ?agency ; pol:asWritten ?written . }
GROUP BY ?agency ?written
"""
)

_COUNT_TERMS = {
    "tasks": POL.taskCount,
    "leads": POL.leadCount,
    "cos": POL.coCount,
    "joints": POL.jointCount,
    "handleds": POL.coHandlerCount,
    "docs": POL.documentCount,
}


def derived_quads(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """The counts and short name of every agency in ``store``, as quads in ``graph``."""
    quads = []
    for row in store.query(COUNTS, use_default_graph_as_union=True):
        for var, term in _COUNT_TERMS.items():
            quads.append(ox.Quad(row["agency"], ox.NamedNode(term), row[var], graph))
    forms: dict[ox.NamedNode, Counter[str]] = defaultdict(Counter)
    for row in store.query(WRITTEN_FORMS, use_default_graph_as_union=True):
        forms[row["agency"]][row["written"].value] += int(row["n"].value)
    for agency, counter in forms.items():
        # most frequent; ties go to the shorter form, then to code-point order
        best = min(counter, key=lambda w: (-counter[w], len(w), w))
        quads.append(ox.Quad(agency, ox.NamedNode(POL.shortName), ox.Literal(best), graph))
    return quads
