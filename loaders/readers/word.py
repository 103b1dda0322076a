"""The .docx reader: paragraphs with Word's numbering, tables as real cells.

Reads the body in document order, text boxes of the red 版头 included (once: the fallback copy
Word keeps for old readers is dropped); page headers and footers are page furniture and left out.
Only the three parts it needs (document, numbering, styles) are parsed, with lxml, found through
the package's relationships: python-docx parses every part of the package into its own element
classes on opening, which made a .docx 2.2x slower to extract than its text (bench/formats.py);
python-docx stays the library the tests write Word files with.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from policykg.loaders.readers.blocks import Element, Paragraph, Reading, Table, render
from policykg.loaders.readers.text import ReadError
from policykg.loaders.readers.word_numbering import Numbering, W

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def read(data: bytes, path: Path) -> Reading:
    """Read a .docx into paragraphs and tables."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            main = _target(package, "_rels/.rels", "/officeDocument") or "word/document.xml"
            rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
            document = _part(package, main)
            numbering = _part(package, _target(package, rels, "/numbering"))
            styles = _part(package, _target(package, rels, "/styles"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise ReadError(f"not a readable Word .docx file: {exc}") from None
    body = document.find(f"{W}body") if document is not None else None
    if body is None:
        raise ReadError("not a readable Word .docx file: word/document.xml has no body")
    for fallback in list(body.iter(_MC_FALLBACK)):
        fallback.getparent().remove(fallback)
    blocks = read_body(body, Numbering(numbering, styles))
    return Reading(tuple(blocks), render(blocks), "", "docx", "lxml")


def _target(package: zipfile.ZipFile, rels: str, kind: str) -> str | None:
    """The part a relationship of this type points to, as a path inside the package."""
    if rels not in package.namelist():
        return None
    for rel in etree.fromstring(package.read(rels), _PARSER).iter(_RELS):
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            base = posixpath.dirname(posixpath.dirname(rels))
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target)
            )
    return None


def _part(package: zipfile.ZipFile, name: str | None):
    if name is None or name not in package.namelist():
        return None
    return etree.fromstring(package.read(name), _PARSER)


def read_body(body, numbering: Numbering) -> list[Element]:
    """The blocks of a document body (or a cell, or a content control), in document order."""
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
