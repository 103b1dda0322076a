"""Government gazettes (公报): a masthead, then several documents, each parsed for its own kind.

The registry parses each part for its own kind. A document starts at a standalone 文号 line (with the ``…文件`` line just before it, if any); the
masthead (editorial board, phone numbers, table of contents) belongs to no document.
"""

from __future__ import annotations

import itertools

from policykg.loaders.cleaning import squeeze
from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.header import Block

KIND = "gazette"


def detect(lines: list[str]) -> bool:
    """A 公报 masthead near the top and at least two standalone 文号 lines."""
    lines = [squeeze(line) for line in lines]
    head = [line for line in lines if line][:15]
    standalone = sum(1 for line in lines if parse_doc_number(line))
    return standalone >= 2 and any("公报" in line for line in head)


def split(block: Block) -> list[Block]:
    """The document blocks of a compilation, cut at standalone 文号 lines."""
    lines = [squeeze(line) for line in block.lines]
    starts = []
    for i, line in enumerate(lines):
        if parse_doc_number(line):
            start = i
            for j in range(i - 1, max(-1, i - 4), -1):
                if lines[j].endswith("文件"):
                    start = j
                    break
                if lines[j]:
                    break
            starts.append(start)
    bounds = [*starts, len(lines)]
    return [Block(block.lines[a:b], block.first + a) for a, b in itertools.pairwise(bounds)]
