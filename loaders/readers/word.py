"""The .docx reader (python-docx): paragraphs with Word's numbering, tables as real cells.

Reads the body in document order, text boxes of the red 版头 included (once: the fallback copy
Word keeps for old readers is dropped); page headers and footers are page furniture and left out.
"""

from __future__ import annotations

import io
from pathlib import Path

from policykg.loaders.readers.blocks import Element, Paragraph, Reading, Table, render
from policykg.loaders.readers.text import ReadError
from policykg.loaders.readers.word_numbering import Numbering, W

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read(data: bytes, path: Path) -> Reading:
    """Read a .docx into paragraphs and tables."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReadError(f"not a readable Word .docx file: {exc}") from None
    blocks = read_body(document.element.body, _numbering(document))
    return Reading(tuple(blocks), render(blocks), "", "docx", "python-docx")


def _numbering(document) -> Numbering:
    part = document.part
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None
    return Numbering(numbering, part.styles.element if part._styles_part else None)


def read_body(body, numbering: Numbering) -> list[Element]:
    """The blocks of a document body (or a content control inside it), in document order."""
    for fallback in list(body.iter(_MC_FALLBACK)):
        fallback.getparent().remove(fallback)
    blocks: list[Element] = []
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            blocks.append(Paragraph(numbering.label(child) + paragraph_text(child)))
        elif child.tag == f"{W}tbl":
            blocks.append(Table(tuple(_rows(child, numbering))))
        elif child.tag == f"{W}sdt":  # a content control wrapping body content
            content = child.find(f"{W}sdtContent")
            if content is not None:
                blocks.extend(read_body(content, numbering))
    return blocks


def paragraph_text(paragraph) -> str:
    """A paragraph's text: runs, tabs as spaces, line breaks kept, deleted text left out."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            if node.getparent().tag == f"{W}r":  # a tab character, not a tab-stop definition
                out.append(" ")
        elif node.tag == f"{W}noBreakHyphen":
            out.append("-")
        elif node.get(f"{W}type") in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


def _rows(table, numbering: Numbering) -> list[tuple[str, ...]]:
    """Rows with horizontally merged cells repeated and vertically merged cells filled down."""
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}
    for tr in table.iterchildren(f"{W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            width = int(span.get(f"{W}val")) if span is not None else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":
                text = above.get(len(cells), "")
            else:
                text = _cell_text(tc, numbering)
            for _ in range(width):
                above[len(cells)] = text
                cells.append(text)
        if any(cell.strip() for cell in cells):
            rows.append(tuple(cells))
    return rows


def _cell_text(tc, numbering: Numbering) -> str:
    """A cell's paragraphs joined by line breaks (nested tables flattened row by row)."""
    parts = []
    for block in read_body(tc, numbering):
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(" ".join(row) for row in block.rows)
    return "\n".join(part for part in parts if part.strip())
