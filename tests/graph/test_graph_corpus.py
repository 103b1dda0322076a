"""The bundled corpus (data/corpus/chongqing) built into a store: counts checked by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.graph.export import export_store
from policykg.graph.location import open_read_only
from policykg.graph.store import write_store
from policykg.graph.validate import validate_store
from policykg.loaders import extract_paths

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "data" / "corpus" / "chongqing"
PREFIX = """PREFIX pol: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
BASE = "https://w3id.org/policykg/"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    reports = write_store(list(extract_paths([CORPUS])), directory)
    assert [r.errors for r in reports] == [()] * 5
    return directory


def rows(store_dir: Path, query: str) -> list[tuple[str, ...]]:
    """Run ``query``; ``polr:doc/…`` is shorthand for a resource IRI (SPARQL forbids / there)."""
    query = re.sub(r"polr:([^\s;,)]+)", rf"<{BASE}\1>", query)
    store = open_read_only(store_dir)
    solutions = store.query(PREFIX + query, use_default_graph_as_union=True)
    return [tuple(t.value if t is not None else "" for t in row) for row in solutions]


def one(store_dir: Path, query: str) -> str:
    (row,) = rows(store_dir, query)
    return row[0]


def test_200_tasks_in_6_documents_from_5_files_plus_4_upstream(store_dir: Path) -> None:
    assert one(store_dir, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }") == "200"
    docs = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d prov:wasDerivedFrom ?s }"
    assert one(store_dir, docs) == "6"
    files = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a pol:SourceFile }"
    assert one(store_dir, files) == "5"
    upstream = "SELECT ?n WHERE { ?d a pol:ReferenceDocument ; eli:id_local ?n } ORDER BY ?n"
    assert [r[0] for r in rows(store_dir, upstream)] == [
        "国发〔2021〕33号",
        "国发〔2021〕4号",
        "渝府发〔2021〕31号",
        "渝府发〔2022〕39号",
    ]


@pytest.mark.parametrize(
    ("local", "chain"),
    [
        ("永川府办发〔2022〕14号", ["渝府发〔2021〕31号", "国发〔2021〕4号"]),
        ("永川府发〔2023〕5号", ["渝府发〔2022〕39号", "国发〔2021〕33号"]),
    ],
)
def test_lineage_reaches_the_state_council(store_dir: Path, local: str, chain: list[str]) -> None:
    municipal, national = chain
    query = f"""SELECT ?m WHERE {{ ?d eli:id_local "{local}" ; pol:implements ?m .
        ?m eli:id_local "{municipal}" ; pol:level pol:level_municipal ; pol:implements ?n .
        ?n eli:id_local "{national}" ; pol:level pol:level_national . }}"""
    assert len(rows(store_dir, query)) == 1


def test_shizhu_and_nanchuan_implement_the_municipal_opinion(store_dir: Path) -> None:
    query = """SELECT DISTINCT ?title WHERE { ?d pol:implements polr:doc/渝府发-2021-31 ;
                                       pol:district ?district . ?district skos:prefLabel ?title }
               ORDER BY ?title"""
    assert [r[0] for r in rows(store_dir, query)] == ["南川区", "永川区", "石柱县"]


def test_yongchuan_environment_bureau_has_60_tasks(store_dir: Path) -> None:
    query = """SELECT ?n (COUNT(DISTINCT ?t) AS ?tasks) WHERE {
        ?t pol:responsibleAgency polr:agency/永川区/生态环境局 ; eli:is_part_of ?d .
        ?d eli:id_local ?n } GROUP BY ?n ORDER BY ?n"""
    assert rows(store_dir, query) == [
        ("永川府办发〔2022〕14号", "26"),
        ("永川府发〔2023〕5号", "34"),
    ]
    derived = "SELECT ?n WHERE { polr:agency/永川区/生态环境局 pol:taskCount ?n }"
    assert one(store_dir, derived) == "60"


def test_qijiang_environment_bureau_is_another_agency(store_dir: Path) -> None:
    query = """SELECT DISTINCT ?a ?name WHERE { ?a skos:altLabel "区生态环境局"@zh ; skos:prefLabel ?name }
               ORDER BY ?a"""
    assert [r[1] for r in rows(store_dir, query)] == [
        "重庆市永川区生态环境局",
        "重庆市綦江区生态环境局",
    ]
    handled = "SELECT ?n WHERE { polr:agency/綦江区/生态环境局 pol:coHandlerCount ?n }"
    assert one(store_dir, handled) == "1"


def test_each_yongchuan_agency_appears_once(store_dir: Path) -> None:
    per_label = """SELECT ?label (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a a pol:Agency ; pol:district polr:district/永川区 ; skos:prefLabel|skos:altLabel ?label }
        GROUP BY ?label HAVING (COUNT(DISTINCT ?a) > 1)"""
    assert rows(store_dir, per_label) == []
    aliases = """SELECT ?alias WHERE { ?a skos:altLabel ?alias . FILTER(?a = polr:agency/永川区/{key}) }
                 ORDER BY ?alias"""
    tax = [r[0] for r in rows(store_dir, aliases.replace("{key}", "税务局"))]
    assert tax == ["区税务局", "永川区税务局"]
    assets = """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a pol:district polr:district/永川区 ;
        skos:altLabel ?l . FILTER(?l IN ("区国资管理中心"@zh, "区国有资产管理中心"@zh)) }"""
    assert one(store_dir, assets) == "1"


def test_collective_phrases_are_never_agencies(store_dir: Path) -> None:
    query = """SELECT ?a WHERE { ?a a pol:Agency ; skos:prefLabel ?l .
        FILTER(CONTAINS(STR(?l), "有关") || CONTAINS(STR(?l), "各")) }"""
    assert rows(store_dir, query) == []


def test_citations(store_dir: Path) -> None:
    unresolved = "SELECT ?n WHERE { ?d a pol:UnresolvedDocument ; eli:id_local ?n } ORDER BY ?n"
    assert [r[0] for r in rows(store_dir, unresolved)] == [
        "南川府办发〔2016〕72号",
        "南川府办发〔2022〕17号",
        "渝建绿建〔2022〕3号",
    ]
    repealed = """SELECT ?n WHERE { ?d eli:id_local "南川府发〔2022〕33号" ; eli:repeals ?r .
                                    ?r eli:id_local ?n } ORDER BY ?n"""
    assert [r[0] for r in rows(store_dir, repealed)] == [
        "南川府办发〔2016〕72号",
        "南川府办发〔2022〕17号",
    ]


def test_bundled_corpus_conforms_to_the_shapes(store_dir: Path) -> None:
    violations = validate_store(store_dir)
    assert violations == [], "\n".join(map(str, violations[:20]))


def test_rebuilding_gives_the_same_bytes(store_dir: Path, tmp_path: Path) -> None:
    write_store(list(extract_paths([CORPUS])), tmp_path)
    assert export_store("nq", tmp_path) == export_store("nq", store_dir)
