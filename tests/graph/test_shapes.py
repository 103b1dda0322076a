"""ontology/shapes.ttl: every shape accepts its valid fixtures and rejects each invalid one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from policykg.graph.validate import validate_graph
from policykg.ontology.files import shapes

HERE = Path(__file__).parent.parent / "data" / "shapes"
CASES = sorted(HERE.glob("*/*.ttl"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_fixture(path: Path) -> None:
    violations = validate_graph(Graph().parse(path, format="turtle"))
    shape = path.parent.name
    if path.stem.startswith("valid"):
        assert violations == [], "\n".join(map(str, violations))
    else:
        assert violations, f"{path.name} should break {shape}"
        assert {v.shape for v in violations} == {shape}, "\n".join(map(str, violations))


def test_every_node_shape_with_a_target_has_valid_and_invalid_fixtures() -> None:
    graph = shapes()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
    targeted = {
        str(s).rsplit("#", 1)[1]
        for s in graph.subjects(RDF.type, SH.NodeShape)
        if any(graph.value(s, t) is not None for t in targets)
    }
    for shape in sorted(targeted):
        names = [p.stem for p in (HERE / shape).glob("*.ttl")]
        assert any(n.startswith("valid") for n in names), f"{shape} has no valid fixture"
        assert any(n.startswith("invalid") for n in names), f"{shape} has no invalid fixture"
