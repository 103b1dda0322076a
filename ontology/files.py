"""The ontology's files and the SKOS concepts they define, loaded once and lazily."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

HERE = Path(__file__).parent
POLICY_TTL = HERE / "policy.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
CONTEXT_JSONLD = HERE / "context.jsonld"


@cache
def ontology() -> Graph:
    """The parsed ``policy.ttl`` (treat as read-only)."""
    return Graph().parse(POLICY_TTL, format="turtle")


@cache
def shapes() -> Graph:
    """The parsed ``shapes.ttl`` (treat as read-only)."""
    return Graph().parse(SHAPES_TTL, format="turtle")


@cache
def _concepts(scheme: URIRef) -> dict[str, URIRef]:
    graph = ontology()
    return {
        str(graph.value(c, SKOS.notation)): c  # type: ignore[misc]
        for c in graph.subjects(SKOS.inScheme, scheme)
        if isinstance(c, URIRef) and isinstance(graph.value(c, SKOS.notation), Literal)
    }


def concept(scheme: URIRef, notation: str) -> URIRef | None:
    """The concept of ``scheme`` whose skos:notation is ``notation``, or None.

    >>> from policykg.ontology.namespace import POL
    >>> concept(POL.RoleScheme, "co_handler") == POL.role_co_handler
    True
    """
    return _concepts(scheme).get(notation)
