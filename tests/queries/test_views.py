"""networkx views from hand-written rows (tests/data/viz/links.json); expectations worked by hand.

The fixture: 永川区 has 5 agencies sharing 5 tasks of 2 documents, 綦江区 3 agencies sharing 2 tasks
of one reply letter. Edges: 经信委–发改委, 经信委–生态环境局, 发改委–生态环境局 share 2 tasks each;
住建委–生态环境局, 机关事务局–发改委 and the three 綦江区 pairs share 1.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import policykg.queries.views
import policykg.viz.agencies
import policykg.viz.data
import policykg.viz.layout
import policykg.viz.page
import tests.support.synthetic
from policykg.queries.views import (
    agency_centrality,
    agency_graph,
    agency_pair_graph,
    document_task_agency_graph,
    lineage_graph,
)

DATA = Path(__file__).parent.parent / "data" / "viz"
A = "https://w3id.org/policykg/agency/"
D = "https://w3id.org/policykg/doc/"
YC_ECO, YC_NDRC, YC_MIIT = A + "永川区/生态环境局", A + "永川区/发展和改革委员会", A + "永川区/经济和信息化委员会"
YC_HOUSING, YC_OFFICES = A + "永川区/住房和城乡建设委员会", A + "永川区/机关事务管理局"
QJ_NDRC, QJ_ECO, QJ_HOUSING = A + "綦江区/发展和改革委员会", A + "綦江区/生态环境局", A + "綦江区/住房和城乡建设委员会"


@pytest.fixture(scope="module")
def links() -> list[dict]:
    return json.loads((DATA / "links.json").read_text(encoding="utf-8"))["links"]


def test_agency_nodes_carry_counts_as_attributes(links: list[dict]) -> None:
    g = agency_graph(links)
    assert len(g) == 8
    eco = g.nodes[YC_ECO]
    assert (eco["name"], eco["district"], eco["agency_type"].rsplit("_", 1)[-1]) == (
        "区生态环境局", "永川区", "department")
    assert {k: eco[k] for k in ("task_count", "lead", "co", "joint", "co_handler",
                                "document_count")} == {
        "task_count": 4, "lead": 1, "co": 3, "joint": 0, "co_handler": 0, "document_count": 2}
    ndrc = g.nodes[YC_NDRC]
    assert (ndrc["task_count"], ndrc["lead"], ndrc["co"], ndrc["joint"]) == (3, 1, 1, 1)
    assert (g.nodes[QJ_HOUSING]["lead"], g.nodes[QJ_HOUSING]["co_handler"]) == (1, 1)
    assert g.nodes[QJ_ECO]["task_count"] == 1
    # literals are attributes, never nodes
    assert all(str(n).startswith(A) for n in g)


def test_edge_weight_is_the_number_of_shared_tasks(links: list[dict]) -> None:
    g = agency_graph(links)
    weights = {frozenset((a, b)): w for a, b, w in g.edges(data="weight")}
    assert weights == {
        frozenset((YC_MIIT, YC_NDRC)): 2, frozenset((YC_MIIT, YC_ECO)): 2,
        frozenset((YC_NDRC, YC_ECO)): 2, frozenset((YC_HOUSING, YC_ECO)): 1,
        frozenset((YC_OFFICES, YC_NDRC)): 1, frozenset((QJ_NDRC, QJ_ECO)): 1,
        frozenset((QJ_NDRC, QJ_HOUSING)): 1, frozenset((QJ_ECO, QJ_HOUSING)): 1,
    }


def test_co_handlers_are_joined_to_the_lead_only(links: list[dict]) -> None:
    # 綦发改函〔2022〕140号 task 1: 区发展改革委 lead, 区生态环境局 and 区住房城乡建委 co-handlers;
    # task 2: 区住房城乡建委 alone
    g = agency_graph(links, around_lead=True)
    qijiang = {frozenset((a, b)): w for a, b, w in g.edges(data="weight") if "綦江区" in a}
    assert qijiang == {frozenset((QJ_NDRC, QJ_ECO)): 1, frozenset((QJ_NDRC, QJ_HOUSING)): 1}
    # the 永川区 pairs share no co-handler: the same as without the option
    assert g.number_of_edges() == agency_graph(links).number_of_edges() - 1
    # without a lead, co-handlers stay together
    no_lead = [{**r, "role": "co_handler"} for r in links if r["task"].endswith("140/task/1")]
    assert agency_graph(no_lead, around_lead=True).number_of_edges() == 3


@pytest.mark.parametrize("district", [None, "永川区", "綦江区"])
def test_graph_from_materialised_pairs_is_the_graph_from_links(corpus_store: str,
                                                               district: str | None) -> None:
    """What `policykg agencies` ranks on (workload rows + pairs) is what the viz draws (links)."""
    from policykg.queries import run_named
    from policykg.queries.source import open_source

    source = open_source(Path(corpus_store))
    from_links = agency_graph(run_named(source, "task-links", district=district))
    from_pairs = agency_pair_graph(run_named(source, "agency-workload", district=district),
                                   run_named(source, "co-responsibility", district=district))
    assert len(from_links) > 1 and from_links.number_of_edges() > 0
    assert dict(from_pairs.nodes(data=True)) == dict(from_links.nodes(data=True))
    assert sorted(map(sorted, from_pairs.edges)) == sorted(map(sorted, from_links.edges))
    assert all(from_pairs.edges[a, b]["weight"] == w for a, b, w in from_links.edges(data="weight"))


def test_centrality_worked_by_hand(links: list[dict]) -> None:
    scores = agency_centrality(agency_graph(links))
    # degree / (n - 1) with n = 8
    assert scores[YC_ECO]["degree"] == pytest.approx(3 / 7)
    assert scores[YC_MIIT]["degree"] == pytest.approx(2 / 7)
    assert scores[QJ_ECO]["degree"] == pytest.approx(2 / 7)
    # 生态环境局 is on the only shortest paths 住建委–经信委, 住建委–发改委, 住建委–机关事务局;
    # 发改委 on 机关事务局–经信委, –生态环境局, –住建委: 3 pairs of (8-1)(8-2)/2 = 21
    assert scores[YC_ECO]["betweenness"] == pytest.approx(1 / 7)
    assert scores[YC_NDRC]["betweenness"] == pytest.approx(1 / 7)
    assert scores[YC_MIIT]["betweenness"] == 0
    assert scores[QJ_NDRC]["betweenness"] == 0


def test_lineage_graph_types_its_edges() -> None:
    docs = [{"doc": D + "国发-2021-4", "level": "national"},
            {"doc": D + "渝府发-2021-31", "level": "municipal"},
            {"doc": D + "永川府办发-2022-14", "level": "district", "title": "任务清单"}]
    relations = [
        {"source": D + "永川府办发-2022-14", "relation": "implements", "target": D + "国发-2021-4"},
        {"source": D + "永川府办发-2022-14", "relation": "implements",
         "target": D + "渝府发-2021-31"},
        {"source": D + "渝府发-2021-31", "relation": "implements", "target": D + "国发-2021-4"},
    ]
    g = lineage_graph(docs, relations)
    assert (len(g), g.number_of_edges()) == (3, 3)
    assert g.nodes[D + "永川府办发-2022-14"]["title"] == "任务清单"
    assert g.edges[D + "渝府发-2021-31", D + "国发-2021-4"]["relation"] == "implements"
    with pytest.raises(ValueError, match="unknown lineage relation"):
        lineage_graph(docs, [{"source": "a", "relation": "likes", "target": "b"}])


def test_document_task_agency_graph(links: list[dict]) -> None:
    g = document_task_agency_graph(links)
    kinds = [k for _, k in g.nodes(data="kind")]
    assert (kinds.count("document"), kinds.count("task"), kinds.count("agency")) == (3, 7, 8)
    assert g.number_of_edges() == 7 + 15
    task = D + "綦发改函-2022-140/task/1"
    assert g.nodes[task]["text"] == "办理区政协三届一次会议第024号提案"
    assert {a: r for _, a, r in g.out_edges(task, data="role")} == {
        QJ_NDRC: "lead", QJ_ECO: "co_handler", QJ_HOUSING: "co_handler"}


@pytest.mark.parametrize("module", [policykg.queries.views, policykg.viz.agencies, policykg.viz.data,
                                    policykg.viz.layout, policykg.viz.page, tests.support.synthetic])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
