"""graph.build: hand-built records from the corpus build to hand-written Turtle."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from policykg.graph.build import BuildError, build_graph, decimal
from policykg.graph.iris import Iris, segment
from policykg.graph.reference import catalog_of_graph, reference_graph
from policykg.loaders.records import Assignment, DocNumber, Document, Extraction, Source, Task
from policykg.ontology.namespace import POL
from tests.data.graph_build.records import CASES, QIJIANG, YONGCHUAN

HERE = Path(__file__).parent.parent / "data" / "graph_build"
BASE = "https://w3id.org/policykg/"


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Fail with the triples only in one graph or the other, one per line, in Turtle terms."""
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))

    def lines(graph: Graph) -> str:
        return "\n".join(sorted(" ".join(t.n3() for t in triple) for triple in graph))

    pytest.fail(
        f"graphs differ\n--- only built:\n{lines(only_actual)}\n--- only expected:\n"
        f"{lines(only_expected)}",
        pytrace=False,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_matches_expected_turtle(case: str) -> None:
    catalog = catalog_of_graph(reference_graph(BASE))
    built = build_graph(CASES[case], catalog, BASE)
    expected = Graph().parse(HERE / f"{case}.ttl", format="turtle")
    assert_isomorphic(built, expected)


def test_build_is_deterministic() -> None:
    catalog = catalog_of_graph(reference_graph(BASE))
    first = build_graph(YONGCHUAN, catalog).serialize(format="nt")
    second = build_graph(YONGCHUAN, catalog).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(second.splitlines())


def test_base_iri_is_configurable() -> None:
    built = build_graph(QIJIANG, base="http://example.org/kg/")
    subjects = {str(s) for s in built.subjects() if isinstance(s, URIRef)}
    assert "http://example.org/kg/doc/綦发改函-2022-140" in subjects
    assert not any(s.startswith(BASE) for s in subjects)


def test_citation_by_title_when_the_number_is_unknown() -> None:
    # 渝府发〔2021〕31号 quoted loosely (with 发展) and with a wrong 文号 still resolves by title
    doc = YONGCHUAN.documents[0]
    loose = Document(
        doc_number=None,
        doc_number_parts=None,
        title="石柱县加快建立健全绿色低碳循环经济体系工作措施",
        type="通知",
        issuer=None,
        district="石柱县",
        date="2022-04-07",
        cited_titles=(
            (
                "重庆市人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见",
                "渝府发〔2021〕99号",
            ),
        ),
    )
    catalog = catalog_of_graph(reference_graph(BASE))
    built = build_graph(Extraction(YONGCHUAN.source, (doc, loose)), catalog)
    iri = Iris().document(loose)
    assert (iri, URIRef(ELI_CITES), URIRef(BASE + "doc/渝府发-2021-31")) in built
    assert (None, RDF.type, POL.UnresolvedDocument) not in built


ELI_CITES = "http://data.europa.eu/eli/ontology#cites"


def test_without_catalogue_upstream_is_unresolved() -> None:
    built = build_graph(YONGCHUAN)
    unresolved = set(built.subjects(RDF.type, POL.UnresolvedDocument))
    assert unresolved == {URIRef(BASE + "doc/国发-2021-4"), URIRef(BASE + "doc/渝府发-2021-31")}


def test_document_without_number_gets_district_date_hash_iri() -> None:
    doc = Document(
        None,
        None,
        "关于印发《石柱县加快建立健全绿色低碳循环经济体系工作措施》的通知",
        "通知",
        None,
        "石柱县",
        "2022-04-07",
    )
    iri = str(Iris().document(doc))
    assert iri.startswith(BASE + "doc/石柱县-20220407-") and len(iri.rsplit("-", 1)[1]) == 8


def test_unknown_role_is_a_build_error() -> None:
    bad = Task(
        "1",
        "1",
        None,
        "x",
        (1, 1),
        (Assignment("区财政局", "重庆市永川区财政局", "owner", "explicit"),),
    )
    doc = Document(
        "永川府发〔2023〕5号",
        DocNumber("永川府发", 2023, 5),
        "t",
        "通知",
        None,
        "永川区",
        None,
        tasks=(bad,),
    )
    with pytest.raises(BuildError, match="owner"):
        build_graph(Extraction(Source("a/b.txt", "0" * 64, "utf-8", "plan"), (doc,)))


def test_segment_keeps_chinese_and_encodes_separators() -> None:
    assert segment("区政协三届一次会议") == "区政协三届一次会议"
    assert segment("A/B C#1") == "A%2FB%20C%231"


def test_decimal_has_one_lexical_form() -> None:
    assert decimal(90) == decimal(90.0) == Literal("90.0", datatype=decimal(1).datatype)
    assert str(decimal(161.4)) == "161.4"
