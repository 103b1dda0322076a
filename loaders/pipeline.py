"""From files to Extractions: read, clean, detect the kind, parse, check; one error per bad file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from policykg.loaders.cleaning import clean, squeeze
from policykg.loaders.document import ParseError
from policykg.loaders.readers import SUFFIXES, ReadError, read_file
from policykg.loaders.readers.metadata import with_metadata
from policykg.loaders.records import Document, Extraction, Source
from policykg.loaders.registry import detect, parse

_ENDS_SENTENCE = re.compile(
    r"[。！？；：.!?;:）)」”\"》]$|^\d{4}年\d{1,2}月\d{1,2}日印?发?$|^[（(]此件.*[）)]$"
)


def expand_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files as given; folders expanded to the readable files below them, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            yield path


def extract_file(path: Path, listing_order: bool = True) -> Extraction:
    """Extract one file; errors name the file and the reason and leave ``documents`` empty."""
    try:
        raw = read_file(path)
    except ReadError as exc:
        return Extraction(Source(str(path), "", "", ""), errors=(f"{path}: {exc}",))
    text = clean(raw.text)
    kind = detect(text)
    source = Source(
        str(path), raw.sha256, raw.encoding, kind or "", raw.format, raw.reader, raw.metadata
    )
    if kind is None:
        return Extraction(
            source,
            errors=(
                f"{path}: not an official document: no 文号, no 关于… title "
                "and no numbered headings were found",
            ),
        )
    try:
        documents = parse(kind, text, listing_order)
        for document in documents:
            check_complete(document, text)
        documents = [with_metadata(document, raw.metadata) for document in documents]
    except ParseError as exc:
        return Extraction(source, errors=(f"{path}: {exc}",))
    return Extraction(source, tuple(documents))


def extract_text(text: str, listing_order: bool = True, path: str = "<text>") -> Extraction:
    """Extract records from a text already in memory (no file involved)."""
    text = clean(text)
    kind = detect(text)
    source = Source(path, "", "utf-8", kind or "")
    if kind is None:
        return Extraction(source, errors=(f"{path}: not an official document",))
    try:
        return Extraction(source, tuple(parse(kind, text, listing_order)))
    except ParseError as exc:
        return Extraction(source, errors=(f"{path}: {exc}",))


def check_complete(document: Document, text: str) -> None:
    """Raise ParseError for a document whose text stops short: no ending, nothing after its title."""
    lines = text.split("\n")[document.lines[0] - 1 : document.lines[1]]
    body = [squeeze(line) for line in lines if squeeze(line)]
    if not document.title and not document.doc_number:
        raise ParseError("no title and no 文号: not an official document")
    if (
        not document.sections
        and not document.tasks
        and sum(len(line) for line in body) < 2 * len(document.title) + 40
    ):
        raise ParseError(
            f"truncated document: nothing after the title of «{document.title or document.doc_number}»"
        )
    last = body[-1] if body else ""
    if not _ENDS_SENTENCE.search(last) and document.date is None:
        raise ParseError(
            f"truncated document: the text stops mid-sentence at «{last[-20:]}» and has no date"
        )
