"""graph.ntriples: terms written as text read back as the same terms rdflib would have made."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from policykg.graph import ntriples

S, P = "<http://example.org/s>", "<http://example.org/p>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def read_object(term: str) -> ox.Literal:
    (triple,) = ox.parse(f"{S} {P} {term} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object


@pytest.mark.parametrize(
    "text",
    [
        '区生态环境局（"双碳"）',  # quotes inside a task text
        "C:\\路径\\附件.docx",  # backslashes
        "第一行\n第二行\r\n第三行",  # line breaks kept in a cell
        "\t制表\x00\x0b\u2028\u3000",  # controls, separators and the ideographic space
        "𠀀𪚥",  # outside the Basic Multilingual Plane
        "",
    ],
)
def test_strings_read_back_unchanged(text: str) -> None:
    assert read_object(ntriples.literal(text)) == ox.Literal(text)
    assert read_object(ntriples.tagged(text, "zh")) == ox.Literal(text, language="zh")


def test_values_get_the_datatypes_rdflib_gives_them() -> None:
    assert read_object(ntriples.literal(True)) == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert read_object(ntriples.literal(0)) == ox.Literal("0", datatype=ox.NamedNode(XSD + "integer"))
    assert read_object(ntriples.literal(-12)) == ox.Literal("-12", datatype=ox.NamedNode(XSD + "integer"))
    assert read_object(ntriples.literal(2.5)) == ox.Literal("2.5", datatype=ox.NamedNode(XSD + "double"))
    assert read_object(ntriples.typed("2023-06", XSD + "gYearMonth")) == ox.Literal(
        "2023-06", datatype=ox.NamedNode(XSD + "gYearMonth")
    )


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/policykg/agency/永川区/区生态环境局",
        "https://w3id.org/policykg/doc/渝府发-2021-31/task/一（一）2",
        "https://w3id.org/policykg/agency/𠀀局",
    ],
)
def test_iris_read_back_unchanged(value: str) -> None:
    (triple,) = ox.parse(f"<{value}> {P} {ntriples.iri(value)} .\n".encode(),
                         format=ox.RdfFormat.N_TRIPLES)
    assert triple.subject == triple.object == ox.NamedNode(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/policykg/agency/\ufffd局",  # a replacement character from bad decoding
        "https://w3id.org/policykg/agency/\ue000局",  # private use
        "https://w3id.org/policykg/agency/区 局",  # a space
        "agency/生态环境局",  # relative
    ],
)
def test_what_is_not_an_iri_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        ntriples.iri(value)


@pytest.mark.parametrize("value", ["\ufffd局", "\ue000局", "区 局"])
def test_a_child_iri_with_what_no_iri_holds_is_refused(value: str) -> None:
    # the parent was checked once; the new segments still are (the builder names tasks this way)
    with pytest.raises(ValueError):
        ntriples.child("<https://w3id.org/policykg/doc/渝府发-2021-31>", f"task/{value}")


def test_a_child_iri_reads_back_as_the_whole_iri() -> None:
    term = ntriples.child("<https://w3id.org/policykg/doc/渝府发-2021-31>", "task/一（一）2")
    (triple,) = ox.parse(f"{S} {P} {term} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object == ox.NamedNode("https://w3id.org/policykg/doc/渝府发-2021-31/task/一（一）2")
