"""ontology/: policy.ttl parses, defines every POL term (and only those) with labels and comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import policykg.ontology
from policykg.ontology.files import concept
from policykg.ontology.files import ontology as load_ontology
from policykg.ontology.namespace import ONTOLOGY_IRI, POL

ROOT = Path(__file__).resolve().parent.parent.parent
ELI = "http://data.europa.eu/eli/ontology#"


def defined_terms() -> set[str]:
    graph = load_ontology()
    return {
        str(s)[len(ONTOLOGY_IRI) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)
    }


def test_ontology_package_is_the_repository_one() -> None:
    assert Path(policykg.ontology.__file__).resolve().parent == ROOT / "ontology"


def test_every_pol_term_is_defined_in_policy_ttl_and_vice_versa() -> None:
    assert {str(term)[len(ONTOLOGY_IRI) :] for term in dir(POL)} == defined_terms()


def test_misspelt_term_is_refused() -> None:
    with pytest.raises(AttributeError):
        _ = POL.leadAgencies


@pytest.mark.parametrize("term", sorted(defined_terms()))
def test_term_has_chinese_and_english_label_and_a_comment(term: str) -> None:
    graph = load_ontology()
    iri = POL[term]
    labels = {lit.language for lit in graph.objects(iri, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= labels
    comments = [c for c in graph.objects(iri, RDFS.comment) if isinstance(c, Literal)]
    assert len(comments) == 1 and "\n" not in comments[0]


def test_reused_vocabularies() -> None:
    graph = load_ontology()
    assert (POL.implements, RDFS.subPropertyOf, URIRef(ELI + "applies")) in graph
    assert (POL.PolicyDocument, RDFS.subClassOf, URIRef(ELI + "LegalResource")) in graph
    assert (POL.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in graph
    shortcuts = set(graph.subjects(RDFS.subPropertyOf, POL.responsibleAgency))
    assert shortcuts == {POL.leadAgency, POL.coAgency, POL.jointAgency, POL.coHandler}


def test_concept_schemes() -> None:
    graph = load_ontology()
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {
        POL.RoleScheme,
        POL.BasisScheme,
        POL.DocumentTypeScheme,
        POL.AgencyTypeScheme,
        POL.LevelScheme,
    }
    doctypes = {
        str(graph.value(c, SKOS.notation))
        for c in graph.subjects(SKOS.inScheme, POL.DocumentTypeScheme)
    }
    assert doctypes == set(
        "决议 决定 命令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要".split()
    )
    assert concept(POL.RoleScheme, "co_handler") == POL.role_co_handler
    assert concept(POL.DocumentTypeScheme, "方案") is None


def test_classes_and_properties_are_typed() -> None:
    graph = load_ontology()
    kinds = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        SKOS.ConceptScheme,
        SKOS.Concept,
        OWL.Ontology,
    }
    for term in defined_terms():
        assert set(graph.objects(POL[term], RDF.type)) & kinds, term
