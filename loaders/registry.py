"""The document kinds, in the order they are tried; each kind module owns ``detect`` and ``parse_block``.

Adding a kind means one module (``KIND``, ``detect(lines)``, ``parse_block(block, listing_order)``),
one fixture folder under tests/data/loaders/<kind>/ and one line in KINDS. ``detect`` gets the
lines as written (tabs and spaces kept). A compilation kind also
has ``split(block)``: its parts go back through the kinds that are not compilations. The kind is
read from the text only; the last kind (narrative) takes any text.
"""

from __future__ import annotations

from types import ModuleType

from policykg.loaders import gazette, narrative, reply, task_table
from policykg.loaders.header import Block
from policykg.loaders.records import Document

KINDS: tuple[ModuleType, ...] = (gazette, reply, task_table, narrative)
BY_NAME = {kind.KIND: kind for kind in KINDS}


def detect(text: str, allow_compilation: bool = True) -> str:
    """The name of the first kind whose ``detect`` accepts the text (narrative accepts any)."""
    lines = text.split("\n")  # as written: a table's tabs are its cell borders
    for kind in KINDS:
        if not allow_compilation and hasattr(kind, "split"):
            continue
        if kind.detect(lines):
            return kind.KIND
    return KINDS[-1].KIND


def parse_block(kind: str, block: Block, listing_order: bool = True) -> Document:
    """Parse one document block as ``kind``."""
    return BY_NAME[kind].parse_block(block, listing_order)


def parse(kind: str, text: str, listing_order: bool = True) -> list[Document]:
    """Parse a whole text as ``kind`` (a compilation gives one document per part)."""
    whole = Block(tuple(text.split("\n")))
    module = BY_NAME[kind]
    if hasattr(module, "split"):
        return [
            parse_block(detect("\n".join(part.lines), allow_compilation=False), part, listing_order)
            for part in module.split(whole)
        ]
    return [parse_block(kind, whole, listing_order)]
