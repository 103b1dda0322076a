"""The document kinds: one parser each, registered in one dict, and the detector that picks one.

Adding a kind means one module with ``parse(text)`` / ``parse_block(block)``, one fixture folder
under tests/data/loaders/<kind>/ and one line in PARSERS. The kind is read from the text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policykg.loaders import gazette, narrative, reply, task_table
from policykg.loaders.cleaning import squeeze
from policykg.loaders.doc_number import parse_doc_number
from policykg.loaders.header import Block
from policykg.loaders.numbering import heading
from policykg.loaders.records import Document

PARSERS: dict[str, Callable[..., Document]] = {
    "task_table": task_table.parse_block,
    "narrative": narrative.parse_block,
    "proposal_reply": reply.parse_block,
}
# Compilations split into document blocks; each block is then detected and parsed on its own.
COMPILATIONS: dict[str, Callable[[Block], list[Block]]] = {"gazette": gazette.split}

_REPLY_TITLE = re.compile(r"(?:提案|建议|议案).{0,12}(?:复函|答复|函)$|^(?:复\s*函|答复)$")
_TITLE = re.compile(
    r"关于.{2,80}(?:通知|意见|决定|函|方案|措施|办法|规定|清单|计划|报告|请示|批复|通报|公告|通告)"
)


def detect(text: str, allow_gazette: bool = True) -> str | None:
    """The kind of document a text is, or None when it is not an official document at all."""
    lines = [squeeze(line) for line in text.split("\n")]
    head = [line for line in lines if line][:40]
    standalone = sum(1 for line in lines if parse_doc_number(line))
    if (
        allow_gazette
        and standalone >= 2
        and any(line.endswith("公报") or "公报" in line for line in head[:15])
    ):
        return "gazette"
    if any(_REPLY_TITLE.search(line) for line in head[:12]) or (
        any(line.startswith(("主办单位", "协办单位")) for line in lines)
        and any("提案" in line or "建议" in line for line in head)
    ):
        return "proposal_reply"
    is_document = standalone >= 1 or any(_TITLE.search(line) for line in head[:15])
    if not is_document:
        return None
    if task_table.find_table(Block(tuple(text.split("\n"))), 0) is not None:
        return "task_table"
    if any(heading(line) for line in lines):
        return "narrative"
    return None


def parse_block(kind: str, block: Block, listing_order: bool = True) -> Document:
    """Parse one document block as ``kind``."""
    return PARSERS[kind](block, listing_order)


def parse(kind: str, text: str, listing_order: bool = True) -> list[Document]:
    """Parse a whole text as ``kind`` (a compilation gives several documents)."""
    whole = Block(tuple(text.split("\n")))
    if kind in COMPILATIONS:
        return [
            parse_block(detect("\n".join(part.lines), allow_gazette=False) or "narrative", part,
                        listing_order)
            for part in COMPILATIONS[kind](whole)
        ]
    return [parse_block(kind, whole, listing_order)]
