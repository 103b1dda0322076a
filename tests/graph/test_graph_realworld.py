"""The development set (data/corpus/realworld) as a graph: identities and titles read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from policykg.graph.build import build_graph
from policykg.graph.store import write_store
from policykg.graph.validate import validate_graph, validate_store
from policykg.loaders import extract_paths
from policykg.loaders.pipeline import extract_file
from policykg.ontology.namespace import POL

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "corpus"
REALWORLD = CORPUS / "realworld"
AGENCY = "https://w3id.org/policykg/agency/"


def task_numbered(graph: Graph, number: str) -> URIRef:
    (task,) = graph.subjects(POL.number, Literal(number))
    assert isinstance(task, URIRef)
    return task


def assignments(graph: Graph, task: URIRef) -> dict[URIRef, list[tuple[str, str, str]]]:
    """Each assignment of ``task``: its (agent, role, as written) triples, one per agent."""
    return {
        q: [
            (str(agent), str(role).rsplit("_", 1)[1], str(written))
            for agent in graph.objects(q, PROV.agent)
            for role in graph.objects(q, PROV.hadRole)
            for written in graph.objects(q, POL.asWritten)
        ]
        for q in graph.objects(task, PROV.qualifiedAssociation)
    }


def test_governments_of_four_districts_in_one_list_are_four_assignments() -> None:
    # 武汉市 p5, item 87: (牵头单位:市文旅局;责任单位:市自然资源规划局、市房管局,
    # 江岸、江汉、汉阳、武昌区人民政府,武汉文旅集团): eight units, one lead and seven co.
    graph = build_graph(extract_file(REALWORLD / "wuhan_city_gzbg_fenjie_2023_mirror_p5.txt"))
    links = assignments(graph, task_numbered(graph, "87"))
    assert all(len(v) == 1 for v in links.values()), links  # one agent, one role, one name
    written = sorted((w, role) for ((_, role, w),) in links.values())
    assert written == sorted(
        [
            ("市文旅局", "lead"),
            ("市自然资源规划局", "co"),
            ("市房管局", "co"),
            ("江岸区人民政府", "co"),
            ("江汉区人民政府", "co"),
            ("汉阳区人民政府", "co"),
            ("武昌区人民政府", "co"),
            ("武汉文旅集团", "co"),
        ]
    )
    governments = {a for ((a, _, w),) in links.values() if w.endswith("区人民政府")}
    assert governments == {
        f"{AGENCY}{d}/人民政府" for d in ("江岸区", "江汉区", "汉阳区", "武昌区")
    }


def test_a_unit_of_the_document_s_own_place_keeps_its_short_assignment_iri() -> None:
    # 武汉市 p5, item 94: (责任单位:武汉地铁集团), a unit of the city that issued the document
    graph = build_graph(extract_file(REALWORLD / "wuhan_city_gzbg_fenjie_2023_mirror_p5.txt"))
    task = task_numbered(graph, "94")
    (q,) = assignments(graph, task)
    assert str(q) == f"{task}/assignment/武汉地铁集团"


# Excerpts whose text starts after the title (a preamble, a page's 全文 label, the 文号 and 主送):
# the number of items each holds up to where it is cut, counted by hand.
UNTITLED = {
    "kunming_guandu_wenzengzhang_2016.txt": ["1", "2", "3", "4", "5"],
    "xianyang_fangguanfu_2022_trad.txt": ["1", "2"],
}


@pytest.mark.parametrize("name", [*UNTITLED, "heze_xjdn_fengong_2023.txt"])
def test_an_excerpt_without_a_title_loads_flagged_partial_with_no_empty_title(name: str) -> None:
    graph = build_graph(extract_file(REALWORLD / name))
    (doc,) = graph.subjects(PROV.wasDerivedFrom, None)
    assert list(graph.objects(doc, DCTERMS.title)) == []
    assert graph.value(doc, POL.complete) == Literal(False)
    warnings = {str(w) for w in graph.objects(doc, POL.warning)}
    assert "no title found: the document is identified by its content" in warnings
    if name in UNTITLED:
        numbers = sorted(
            str(n)
            for t in graph.subjects(POL.number, None)
            if (t, POL.taskId, None) in graph
            for n in graph.objects(t, POL.number)
        )
        assert numbers == UNTITLED[name]
    assert validate_graph(graph) == []


def test_the_development_set_conforms_to_the_shapes(tmp_path: Path) -> None:
    # the samples' store is checked in test_graph_corpus.py; both together take 2.5x as long
    reports = write_store(list(extract_paths([REALWORLD])), tmp_path)
    assert [r.errors for r in reports] == [()] * 24
    violations = validate_store(tmp_path)
    assert violations == [], "\n".join(map(str, violations))
