"""Resource IRIs (docs/model.md): deterministic, readable, under a configurable base."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from policykg.loaders.places import leading_places, place_of
from policykg.loaders.records import DocNumber, Document, Proposal
from policykg.ontology.namespace import ONTOLOGY_IRI

DEFAULT_BASE = "https://w3id.org/policykg/"
ELI = Namespace("http://data.europa.eu/eli/ontology#")

# Characters an IRI path segment cannot hold as they are (RFC 3987 plus the segment separator).
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`#?%/\[\]]")


def segment(text: str) -> str:
    """Percent-encode only what an IRI path segment cannot hold; Chinese stays readable.

    >>> segment("区政协三届一次会议")
    '区政协三届一次会议'
    >>> segment("a b/c")
    'a%20b%2Fc'
    """
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)


def strip_district_prefix(name: str, district: str | None) -> str:
    """An agency's name less the places ending in its district, at any level of any province.

    >>> strip_district_prefix("重庆市永川区生态环境局", "永川区")
    '生态环境局'
    >>> strip_district_prefix("湖北省武汉市江岸区人民政府", "江岸区"), strip_district_prefix("武汉市教育局", "武汉市")
    ('人民政府', '教育局')
    >>> strip_district_prefix("黔东南苗族侗族自治州凯里市财政局", "凯里市")
    '财政局'
    """
    if district:
        places, at = leading_places(name, place_of(district), stems=False)
        if places and places[-1].district == district and at < len(name):
            return name[at:]
    return name


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind the prefixes of docs/model.md on ``graph`` and return it."""
    for prefix, ns in {
        "pol": ONTOLOGY_IRI,
        "polr": base,
        "eli": str(ELI),
        "org": str(ORG),
        "skos": str(SKOS),
        "prov": str(PROV),
        "dcterms": str(DCTERMS),
        "xsd": str(XSD),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
    }.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


@dataclass(frozen=True)
class Iris:
    """The IRI of every kind of resource, relative to ``base``."""

    base: str = DEFAULT_BASE

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(segment(p) for p in parts))

    def doc_number(self, number: DocNumber) -> URIRef:
        """doc/{代字}-{year}-{serial}."""
        return self._iri("doc", f"{number.daizi}-{number.year}-{number.serial}")

    def document(self, doc: Document) -> URIRef:
        """The document's IRI: by 文号, else by district, date and a hash of the title; an excerpt
        with no date is told apart from another page of the same title by its task texts too."""
        if doc.doc_number_parts is not None:
            return self.doc_number(doc.doc_number_parts)
        content = doc.title if doc.date else "\n".join([doc.title, *(t.text for t in doc.tasks)])
        digest = hashlib.sha1(content.encode()).hexdigest()[:8]
        date = (doc.date or "").replace("-", "") or "00000000"
        return self._iri("doc", f"{doc.district or '未知'}-{date}-{digest}")

    @staticmethod
    def child(parent: URIRef, *parts: str) -> URIRef:
        """A resource inside another: doc/…/task/29."""
        return URIRef(str(parent) + "/" + "/".join(segment(p) for p in parts))

    def agency(self, district: str | None, key: str) -> URIRef:
        """agency/{district}/{key}; agency/{key} when no district scopes it."""
        return self._iri("agency", district, key) if district else self._iri("agency", key)

    def district(self, name: str) -> URIRef:
        """district/{name}."""
        return self._iri("district", name)

    def proposal(self, district: str | None, proposal: Proposal) -> URIRef:
        """proposal/{district}/{session}/{number}, leaving out the parts not known."""
        parts = [p for p in (district, proposal.session, proposal.number) if p]
        return self._iri("proposal", *parts)

    def source(self, path: str, folders: int = 1) -> URIRef:
        """source/{parent folder}/{file name}: the source file and its named graph.

        ``folders`` keeps more of the path, to tell apart two files of the same folder name:

        >>> str(Iris("b:").source("a/2023/通知.txt")), str(Iris("b:").source("/a/2023/通知.txt", 2))
        ('b:source/2023/通知.txt', 'b:source/a/2023/通知.txt')
        """
        pure = PurePath(path)
        kept = [p for p in pure.parent.parts if p != pure.anchor][-folders:] if folders else []
        return self._iri("source", *kept, pure.name)

    @property
    def reference_graph(self) -> URIRef:
        """graph/reference: the upstream registry."""
        return self._iri("graph", "reference")

    @property
    def derived_graph(self) -> URIRef:
        """graph/derived: the materialised counts."""
        return self._iri("graph", "derived")

    @property
    def entities_graph(self) -> URIRef:
        """graph/entities: one description of every agency and district, rebuilt each build."""
        return self._iri("graph", "entities")

    @property
    def pushed_graph(self) -> URIRef:
        """graph/pushed: on a server, the graphs a push sent and their digests."""
        return self._iri("graph", "pushed")

    @property
    def clauses_graph(self) -> URIRef:
        """graph/clauses: the upstream clause outlines and the clause links."""
        return self._iri("graph", "clauses")
