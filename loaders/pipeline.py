"""From files to Extractions: read, clean, detect the kind, parse, note what is missing.

A file is refused (one error naming it and the reason) only when it cannot be read or holds no
policy content at all; a partial text gives every task it holds, with warnings on the record.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from policykg.loaders.cleaning import clean, squeeze
from policykg.loaders.document import ParseError
from policykg.loaders.readers import SUFFIXES, ReadError, read_file
from policykg.loaders.readers.metadata import with_metadata
from policykg.loaders.records import Document, Extraction, Source
from policykg.loaders.registry import KINDS, detect, parse

_ENDS_SENTENCE = re.compile(
    r"[。！？；：.!?;:）)」”\"》]$|^\d{4}年\d{1,2}月\d{1,2}日印?发?$|^[（(]此件.*[）)]$|^-\s*\d+\s*-$"
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
    source = Source(
        str(path), raw.sha256, raw.encoding, "", raw.format, raw.reader, raw.metadata
    )
    return _extract(clean(raw.text), source, listing_order)


def extract_text(text: str, listing_order: bool = True, path: str = "<text>") -> Extraction:
    """Extract records from a text already in memory (no file involved)."""
    return _extract(clean(text), Source(path, "", "utf-8", ""), listing_order)


def _extract(text: str, source: Source, listing_order: bool) -> Extraction:
    kind = detect(text)
    try:
        documents = parse(kind, text, listing_order)
    except ParseError:  # the text looked like one kind but is not: read it as running text
        kind = KINDS[-1].KIND
        documents = parse(kind, text, listing_order)
    source = dataclasses.replace(source, kind=kind)
    documents = [
        with_warnings(with_metadata(document, source.metadata), text)
        for document in documents
        if has_content(document)
    ]
    if not documents:
        return Extraction(
            source,
            errors=(
                f"{source.path}: no policy content: no 文号, no title, no task items "
                "and no responsibility statement were found",
            ),
        )
    return Extraction(source, tuple(documents))


def has_content(document: Document) -> bool:
    """Whether a document holds anything of a policy: a 文号, a title, a task or an assignment."""
    return bool(document.doc_number or document.title or document.tasks)


def with_warnings(document: Document, text: str) -> Document:
    """The document with ``warnings`` saying what a whole document would have and this one lacks."""
    lines = text.split("\n")[document.lines[0] - 1 : document.lines[1]]
    body = [squeeze(line) for line in lines if squeeze(line)]
    warnings = list(document.warnings)
    if not document.doc_number:
        warnings.append("no 文号 found")
    if not document.title:
        warnings.append("no title found: the document is identified by its content")
    if document.date is None:
        warnings.append("no date found")
    last = body[-1] if body else ""
    if last and not _ENDS_SENTENCE.search(last):
        warnings.append(f"the text stops mid-sentence at «{last[-20:]}»")
    inferred = [s.number for s in document.sections if s.inferred]
    if inferred:
        warnings.append(f"heading numbers lost and inferred: {'、'.join(inferred)}")
    if not document.tasks:
        warnings.append("no task items found")
    missing = [a.title for a in document.attachments if not a.present]
    if missing:
        warnings.append(f"attachment text absent: {'；'.join(missing)}")
    complete = not warnings  # an unknown unit below is doubtful, not missing
    unknown = dict.fromkeys(
        a.agency for t in document.tasks for a in t.assignments if not a.recognised
    )
    if unknown:
        warnings.append(f"units no agency rule knows, kept as agencies: {'、'.join(unknown)}")
    return dataclasses.replace(document, warnings=tuple(warnings), complete=complete)
