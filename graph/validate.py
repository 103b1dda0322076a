"""SHACL validation (pyshacl) of a graph, or of the whole store copied into memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from policykg.graph.location import open_read_only
from policykg.ontology.files import ontology, shapes

UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which shape, on which path, and why."""

    focus: str
    shape: str  # the node shape (pol:TaskShape …), also for results of its property shapes
    path: str | None
    message: str
    value: str | None
    severity: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: <{self.focus}>{path}: {self.message}{value} [{self.shape}]"


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text


def _node_shape(shape: object, shapes_graph: Graph) -> str:
    parent = shapes_graph.value(None, SH.property, shape)  # type: ignore[arg-type]
    return _local(parent if parent is not None else shape)


def validate_graph(data: Graph) -> list[Violation]:
    """Validate ``data`` (with the ontology mixed in) against ontology/shapes.ttl; sorted."""
    shapes_graph = shapes()
    mixed = Graph()  # concept shapes look up skos:inScheme, which only the ontology states
    mixed += data
    mixed += ontology()
    _, results, _ = validate(mixed, shacl_graph=shapes_graph, inference="none")
    assert isinstance(results, Graph)
    out = []
    for result in results.objects(None, SH.result):  # not the nested sh:detail results
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        out.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                shape=_node_shape(results.value(result, SH.sourceShape), shapes_graph),
                path=_local(path) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else "constraint not met",
                value=str(value) if value is not None else None,
                severity=_local(results.value(result, SH.resultSeverity)),
            )
        )
    return sorted(out, key=lambda v: (v.shape, v.focus, v.path or "", v.message))


def store_graph(store_dir: Path | str | None = None) -> Graph:
    """The union of all named graphs of the store, copied into rdflib's memory store."""
    store = open_read_only(store_dir)
    data = ox.serialize(
        store.query(UNION, use_default_graph_as_union=True), format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(data=(data or b"").decode(), format="nt")


def validate_store(store_dir: Path | str | None = None) -> list[Violation]:
    """Validate the whole store (pyshacl is fastest over an in-memory copy)."""
    return validate_graph(store_graph(store_dir))
