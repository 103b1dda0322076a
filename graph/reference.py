"""The upstream reference registry and the catalogue that citations resolve against."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from policykg.graph.iris import DEFAULT_BASE, ELI, Iris, bind_prefixes
from policykg.loaders.doc_number import normalise
from policykg.loaders.records import Document
from policykg.ontology.namespace import POL

UPSTREAM_TTL = Path(__file__).resolve().parent / "data" / "upstream.ttl"

# Quoting marks and spacing that titles are cited with but that do not make them different.
_TITLE_NOISE = re.compile(r"[\s《》〈〉“”‘’\"'「」『』]")


def normalise_title(title: str) -> str:
    """A title stripped of quotes, book-title marks and spaces, for matching citations.

    >>> normalise_title("《国务院关于印发“十四五”节能减排综合工作方案的通知》")
    '国务院关于印发十四五节能减排综合工作方案的通知'
    """
    return _TITLE_NOISE.sub("", title)


def reference_graph(base: str = DEFAULT_BASE, path: Path = UPSTREAM_TTL) -> Graph:
    """The upstream registry as a graph whose IRIs sit under ``base``."""
    return bind_prefixes(Graph(bind_namespaces="none"), base).parse(
        path, format="turtle", publicID=base
    )


@dataclass(frozen=True)
class Catalog:
    """Known documents by 文号 and by (normalised) title; citations resolve against it."""

    numbers: Mapping[str, URIRef] = field(default_factory=dict)
    titles: Mapping[str, URIRef] = field(default_factory=dict)

    def resolve(self, number: str | None, title: str | None) -> URIRef | None:
        """The known document cited by 文号 first, then by title; None if neither is known."""
        if number and normalise(number) in self.numbers:
            return self.numbers[normalise(number)]
        if title:
            return self.titles.get(normalise_title(title))
        return None

    def merged(self, other: Catalog) -> Catalog:
        """This catalogue with ``other``'s entries added (``other`` wins on a clash)."""
        return Catalog({**self.numbers, **other.numbers}, {**self.titles, **other.titles})


def catalog_of_graph(graph: Graph) -> Catalog:
    """Catalogue the documents of ``graph`` that are known (not marked unresolved)."""
    numbers: dict[str, URIRef] = {}
    titles: dict[str, URIRef] = {}
    for doc in sorted(graph.subjects(RDF.type, POL.PolicyDocument)):
        if not isinstance(doc, URIRef) or (doc, RDF.type, POL.UnresolvedDocument) in graph:
            continue
        for number in graph.objects(doc, ELI.id_local):
            numbers[normalise(str(number))] = doc
        for prop in (DCTERMS.title, DCTERMS.alternative):
            for title in graph.objects(doc, prop):
                titles[normalise_title(str(title))] = doc
    return Catalog(numbers, titles)


def catalog_of_documents(documents: Iterable[Document], iris: Iris) -> Catalog:
    """Catalogue documents read by the loaders."""
    numbers: dict[str, URIRef] = {}
    titles: dict[str, URIRef] = {}
    for doc in documents:
        iri = iris.document(doc)
        if doc.doc_number:
            numbers[normalise(doc.doc_number)] = iri
        if doc.title:
            titles[normalise_title(doc.title)] = iri
    return Catalog(numbers, titles)
