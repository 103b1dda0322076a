"""Agency centrality stored at build time (graph/derived.py) against networkx on the links.

networkx is the independent oracle: its graph is built here from the task–agency links of the
source graphs (not from the derived pairs), and its betweenness is its own (the build uses
rustworkx's).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import pyoxigraph as ox
import pytest

from policykg.graph.location import open_read_only

POL = "https://w3id.org/policykg/ontology#"
AGENCY = "https://w3id.org/policykg/agency/"
PREFIXES = f"PREFIX pol: <{POL}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
LINKS = PREFIXES + """
SELECT DISTINCT ?task ?agency ?district WHERE {
  GRAPH ?source { ?task pol:responsibleAgency ?agency }
  ?agency pol:district ?place . ?place skos:prefLabel ?district .
}"""
STORED = PREFIXES + """
SELECT ?agency ?degree ?betweenness ?district_degree ?district_betweenness WHERE {
  ?agency pol:degreeCentrality ?degree ; pol:betweennessCentrality ?betweenness ;
          pol:districtDegreeCentrality ?district_degree ;
          pol:districtBetweennessCentrality ?district_betweenness .
}"""


@pytest.fixture(scope="module")
def store(corpus_store: str) -> ox.Store:
    return open_read_only(corpus_store)


@pytest.fixture(scope="module")
def stored(store: ox.Store) -> dict[str, dict[str, float]]:
    return {row["agency"].value: {name: float(row[name].value) for name in
                                  ("degree", "betweenness", "district_degree",
                                   "district_betweenness")}
            for row in store.query(STORED, use_default_graph_as_union=True)}


@pytest.fixture(scope="module")
def oracle(store: ox.Store) -> tuple[nx.Graph, dict[str, nx.Graph]]:
    """The co-responsibility graph from the links: of all agencies, and of each district."""
    tasks: dict[str, set[str]] = defaultdict(set)
    district_of = {}
    for row in store.query(LINKS, use_default_graph_as_union=True):
        tasks[row["task"].value].add(row["agency"].value)
        district_of[row["agency"].value] = row["district"].value
    whole = nx.Graph()
    for agencies in tasks.values():
        whole.add_nodes_from(agencies)
        whole.add_edges_from(combinations(sorted(agencies), 2))
    districts = {d: whole.subgraph(a for a in whole if district_of[a] == d)
                 for d in set(district_of.values())}
    return whole, districts


def test_every_agency_with_tasks_has_networkx_scores(stored, oracle) -> None:
    whole, districts = oracle
    assert set(stored) == set(whole) and len(whole) == 51
    degree, betweenness = nx.degree_centrality(whole), nx.betweenness_centrality(whole)
    for district, graph in districts.items():
        in_degree, in_betweenness = nx.degree_centrality(graph), nx.betweenness_centrality(graph)
        for agency in graph:
            scores = stored[agency]
            assert scores["degree"] == pytest.approx(degree[agency], abs=1e-12), agency
            assert scores["betweenness"] == pytest.approx(betweenness[agency], abs=1e-12), agency
            assert scores["district_degree"] == pytest.approx(in_degree[agency], abs=1e-12)
            assert scores["district_betweenness"] == pytest.approx(in_betweenness[agency],
                                                                   abs=1e-12), (district, agency)


def test_scores_checked_by_hand(stored, oracle) -> None:
    whole, districts = oracle
    n = len(whole)
    # 区卫生健康委 (永川府办发〔2022〕14号) has two tasks: one alone (line 262), one with
    # 区生态环境局 (line 336): one partner, so degree 1/(n-1), and on no shortest path
    health = stored[AGENCY + "永川区/卫生健康委员会"]
    assert health["degree"] == pytest.approx(1 / (n - 1))
    assert health["district_degree"] == pytest.approx(1 / (len(districts["永川区"]) - 1))
    assert health["betweenness"] == health["district_betweenness"] == 0
    # 綦发改函〔2022〕140号: the replying 区发展改革委 and its 8 co-handling units share the
    # proposal: in 綦江区 alone they are 9 agencies, each joined to the 8 others
    qijiang = [a for a in stored if a.startswith(AGENCY + "綦江区/")]
    assert len(qijiang) == 9
    for agency in qijiang:
        assert stored[agency]["district_degree"] == 1.0
        assert stored[agency]["district_betweenness"] == 0.0
        assert stored[agency]["degree"] == pytest.approx(8 / (n - 1))
    # 区生态环境局 is the agency most others share tasks with: the largest betweenness
    ecology = AGENCY + "永川区/生态环境局"
    assert max(stored, key=lambda a: stored[a]["betweenness"]) == ecology
