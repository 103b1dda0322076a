"""RDF terms as N-Triples text, the form the builder writes and the store's bulk loader reads.

A build turns each source file into N-Quads bytes for Oxigraph's bulk loader: making an rdflib
term, then a pyoxigraph term, then a quad cost ~35 µs a triple, most of a build (issue 16). The
lexical forms are rdflib's for the same values (a bool is ``"true"^^xsd:boolean``, an int
``"5"^^xsd:integer``), so the store holds the same terms as when they went through rdflib.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
# Code points an IRI holds as they are in nearly every real IRI (RFC 3987 ucschar, printable
# ASCII but the delimiters); anything else is checked by Oxigraph's own IRI parser.
_PLAIN_IRI = re.compile(r'[!#-;=?-\[\]_a-z~\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]*')


def iri(value: str) -> str:
    """``<value>``; raises ValueError for a string that is not an absolute IRI.

    >>> iri("https://w3id.org/policykg/agency/永川区/生态环境局")
    '<https://w3id.org/policykg/agency/永川区/生态环境局>'
    >>> iri("https://w3id.org/policykg/agency/\\ufffd")
    Traceback (most recent call last):
    ValueError: Invalid IRI code point '\\ufffd'
    """
    if not _PLAIN_IRI.fullmatch(value) or ":" not in value:
        ox.NamedNode(value)  # the exact check, raising Oxigraph's own reason
    return f"<{value}>"


def child(parent: str, path: str) -> str:
    """The IRI ``parent/path`` from an N-Triples IRI and a path already percent-encoded.

    >>> child("<https://w3id.org/policykg/doc/永川府发-2023-5>", "task/12")
    '<https://w3id.org/policykg/doc/永川府发-2023-5/task/12>'
    """
    if not _PLAIN_IRI.fullmatch(path):
        return iri(f"{parent[1:-1]}/{path}")  # the exact check on the whole IRI
    return f"{parent[:-1]}/{path}>"


def _quoted(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPE)
    return f'"{text}"'


def typed(lexical: str, datatype: str) -> str:
    """A literal of ``datatype`` (an IRI) with this lexical form.

    >>> typed("2025", XSD + "gYear")
    '"2025"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    return f"{_quoted(lexical)}^^<{datatype}>"


def tagged(text: str, language: str) -> str:
    """A language-tagged string.

    >>> tagged('他说"好"\\n', "zh")
    '"他说\\\\"好\\\\"\\\\n"@zh'
    """
    return f"{_quoted(text)}@{language}"


def literal(value: object) -> str:
    """The literal rdflib's ``Literal(value)`` makes of a string, boolean, integer or other value.

    >>> literal("区生态环境局"), literal(False), literal(12)
    ('"区生态环境局"', '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"12"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, bool):
        return typed("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return typed(str(value), XSD + "integer")
    term = Literal(value)  # rarer values: rdflib's own lexical form and datatype
    return typed(str(term), str(term.datatype)) if term.datatype else _quoted(str(term))
