"""Loaders: text in, records out.

``extract_paths`` reads files (any encoding), detects each document's kind from its text and
returns one ``Extraction`` per file. Errors are reported per file; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from policykg.loaders.records import Extraction


def extract_paths(paths: Iterable[Path | str], listing_order: bool = True) -> Iterator[Extraction]:
    """Extract every file named, expanding folders to the text files in them (sorted)."""
    from policykg.loaders.pipeline import expand_paths, extract_file

    for path in expand_paths(paths):
        yield extract_file(path, listing_order=listing_order)


def extract_text(text: str, listing_order: bool = True, path: str = "<text>") -> Extraction:
    """Extract records from text in memory (see ``loaders.pipeline.extract_text``)."""
    from policykg.loaders.pipeline import extract_text as _extract_text

    return _extract_text(text, listing_order, path)
